"""The extras: ``statusdex.extras`` names the modules of exactly the packages pyproject.toml
lists for each extra, every face command names its extra, and the environment the locks build
(what ``./scripts/*`` install) has every face."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement

from statusdex import extras
from statusdex.cli.commands import SERVICES
from tests.conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DECLARED: dict[str, list[str]] = PROJECT["optional-dependencies"]
FACES = sorted(set(DECLARED) - {"dev"})  # dev is the test tools, not a face


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(extra: str) -> list[Requirement]:
    return [Requirement(r) for r in DECLARED[extra]]


def closure(extra: str) -> set[str]:
    """Every distribution ``statusdex[extra]`` asks for, through the extras it includes."""
    names: set[str] = set()
    for req in requirements(extra):
        if canonical(req.name) == "statusdex":
            for other in req.extras:
                names |= closure(other)
        else:
            names.add(canonical(req.name))
    return names


def distribution_of(module: str) -> str:
    found = packages_distributions().get(module, [])
    assert len(found) == 1, f"{module}: installed by {found}"
    return canonical(found[0])


def locked(lock: str) -> set[str]:
    text = (REPO / "requirements" / lock).read_text(encoding="utf-8")
    return {canonical(m) for m in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", text, re.M)}


def test_the_table_names_every_extra() -> None:
    assert sorted(extras.MODULES) == FACES


@pytest.mark.parametrize("extra", FACES)
def test_modules_are_those_of_the_declared_packages(extra: str) -> None:
    """One module per package the extra always installs; a package behind a platform marker
    (uvloop) is optional at run time and not required."""
    always = {
        canonical(r.name)
        for r in requirements(extra)
        if canonical(r.name) != "statusdex" and r.marker is None
    }
    table = [distribution_of(m) for m in extras.MODULES[extra]]
    assert sorted(table) == sorted(always)


@pytest.mark.parametrize("extra", FACES)
def test_included_extras_are_the_declared_ones(extra: str) -> None:
    included = [
        other for r in requirements(extra) if canonical(r.name) == "statusdex" for other in r.extras
    ]
    assert sorted(extras.INCLUDES.get(extra, ())) == sorted(included)


def test_every_face_command_names_an_extra() -> None:
    assert sorted(extras.COMMANDS) == sorted(SERVICES)
    assert set(extras.COMMANDS.values()) <= set(extras.MODULES)


def test_all_brings_every_face() -> None:
    every = set().union(*(closure(e) for e in FACES))
    assert closure("all") == every
    assert closure("all") <= closure("dev")


@pytest.mark.parametrize(("lock", "extra"), [("runtime.lock", "all"), ("dev.lock", "dev")])
def test_the_locks_cover_what_the_commands_install(lock: str, extra: str) -> None:
    """scripts/statusdex installs runtime.lock, scripts/test dev.lock."""
    assert closure(extra) - locked(lock) == set()


def test_this_environment_has_every_face() -> None:
    """The venv ./scripts/test built from dev.lock: what ``pip install '.[all]'`` brings."""
    assert extras.missing("all") == []
