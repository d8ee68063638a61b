"""The layer rules of ARCHITECTURE.md, written as import-linter contracts in pyproject.toml:
the package keeps them, a backward import breaks the contract that names it, and every module
of the learning package has a layer (a new module must be placed)."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import statusdex.learn

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "statusdex"
LINT = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]


def lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT), "--no-cache", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_the_package_keeps_every_contract() -> None:
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONFIG['contracts'])} kept, 0 broken." in result.stdout


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's Python sources in a folder of their own, to add imports to."""
    top = tmp_path_factory.mktemp("layers")
    shutil.copytree(SRC, top / "statusdex", ignore=shutil.ignore_patterns("__pycache__"))
    return top


# (importer, the import added to it, the contract it breaks)
BACKWARD = [
    ("core/lookup.py", "import statusdex.cli.render", "core-no-face"),
    ("learn/cards.py", "import statusdex.web.learn.base", "learn-no-web"),
    ("learn/service.py", "import statusdex.web.templating", "learn-no-web"),
    ("learn/scheduler.py", "import statusdex.learn.service", "layers"),
    ("learn/storage/__init__.py", "import statusdex.learn.tui", "layers"),
    ("learn/storage/reviews.py", "import statusdex.learn.service", "layers"),
    ("checks/engine.py", "import statusdex.learn.cards", "layers"),
    ("mock/plan.py", "import statusdex.learn.cards", "mock-public-api"),
    ("web/dispatch.py", "import statusdex.web.learn.routes", "web-learn-on-top"),
    ("web/templating.py", "from statusdex.web.learn import base", "web-learn-on-top"),
]


@pytest.mark.parametrize(("importer", "statement", "contract"), BACKWARD)
def test_a_backward_import_breaks_its_contract(
    copy: Path, importer: str, statement: str, contract: str
) -> None:
    path = copy / "statusdex" / importer
    original = path.read_text("utf-8")
    path.write_text(original + f"\n{statement}  # noqa\n", "utf-8")
    try:
        result = lint(copy)
    finally:
        path.write_text(original, "utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    names = {c["id"]: c["name"] for c in CONFIG["contracts"]}
    assert f"{names[contract]} BROKEN" in result.stdout, result.stdout


def test_every_learning_module_has_a_layer() -> None:
    layers = next(c for c in CONFIG["contracts"] if c["id"] == "layers")["layers"]
    placed = {m.strip() for layer in layers for m in layer.replace("|", ":").split(":")}
    modules = {f"statusdex.learn.{m.name}" for m in pkgutil.iter_modules(statusdex.learn.__path__)}
    assert modules, "no module found in statusdex.learn"
    assert modules - placed == set()


def test_the_learning_package_holds_no_web_page() -> None:
    """The learning web face (pages, templates, assets) lives in statusdex.web.learn."""
    learn = Path(statusdex.learn.__path__[0])
    assert not (learn / "templates").exists()
    assert not (learn / "static").exists()
    assert sorted(p.name for p in learn.glob("web*")) == []
