"""Every third-party import in the package belongs to the extra of the face it is in.

Each module under src/statusdex is read (not imported); every module it imports, at the top or
inside a function, that is neither the standard library nor statusdex must come from a
package its face's extra declares (a package the base install declares is allowed
everywhere). Imports under ``if TYPE_CHECKING:`` are for mypy and never run.
"""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement

from tests.conftest import REPO
from tests.install.test_table import PROJECT, canonical, closure

PACKAGE = REPO / "src" / "statusdex"
# Which extra a module's imports come from, by path under src/statusdex: the first prefix that
# matches wins; "" is the base install.
FACES = [
    ("registry/", "dev"),  # the registry build: never imported at run time
    ("web/", "web"),
    ("learn/", "learn"),
    ("mock/pytest_plugin.py", "mock"),
    ("mock/", "mock"),
    ("serving.py", "mock"),
    ("checks/", "check"),
    ("logs/spark.py", "spark"),
    ("logs/spark_read.py", "spark"),
    ("logs/", "logs"),
    ("", "base"),
]
# pytest loads the plugin, so it may import pytest: the only package no extra declares.
ALSO = {"mock/pytest_plugin.py": {"pytest"}}
BASE = {canonical(Requirement(r).name) for r in PROJECT["dependencies"]}


def face(relative: str) -> str:
    return next(extra for prefix, extra in FACES if relative.startswith(prefix))


def allowed(extra: str) -> set[str]:
    return BASE | (closure(extra) if extra != "base" else set())


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(tree: ast.AST) -> set[str]:
    """Top-level names of the absolute imports that run (not those for type checkers)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found - set(sys.stdlib_module_names) - {"statusdex", "__future__"}


MODULES = sorted(
    p.relative_to(PACKAGE).as_posix()
    for p in PACKAGE.rglob("*.py")
    if "_compiled" not in p.parts and "__pycache__" not in p.parts
)


@pytest.mark.parametrize("relative", MODULES)
def test_imports_come_from_the_faces_extra(relative: str) -> None:
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    owners = packages_distributions()
    wrong = {}
    for name in imported(tree) - ALSO.get(relative, set()):
        distributions = {canonical(d) for d in owners.get(name, [name])}
        if not distributions & allowed(face(relative)):
            wrong[name] = sorted(distributions)
    assert wrong == {}, f"{relative} is in {face(relative)}; its extra lacks {wrong}"


def test_the_reader_sees_lazy_imports_and_skips_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import httpx.client\n"
        "if TYPE_CHECKING:\n    from starlette.types import Scope\n"
        "else:\n    import yaml\n"
        "def f():\n    from duckdb import connect\n    from . import sibling\n"
    )
    assert imported(tree) == {"httpx", "yaml", "duckdb"}
