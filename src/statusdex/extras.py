"""Which optional packages each face needs, and a clear refusal when they are missing.

``pip install statusdex`` brings only what the library and the terminal's lookups import. Every
other face is an extra (``pyproject.toml``, ``[project.optional-dependencies]``):
``statusdex[web]`` for ``statusdex serve`` and ``build-site``, ``[mock]``, ``[learn]``,
``[postgres]``, ``[check]``, ``[logs]``, ``[spark]`` (``statusdex logs --engine spark``),
and ``[all]``. A face started without its extra stops
with one line naming the extra to install, before it imports anything it lacks.

``MODULES`` names, by import name, the modules each extra brings (a distribution is listed by
one of its top-level modules; ``uvloop`` is left out: only some platforms get it, and uvicorn
runs without it). ``tests/install/test_table.py`` keeps this table in step with
``pyproject.toml``.
"""

from __future__ import annotations

MODULES: dict[str, tuple[str, ...]] = {
    "check": ("httplint", "httpx"),
    "logs": ("duckdb", "zstandard"),
    "spark": ("pyspark",),
    "mock": ("uvicorn", "httptools", "brotli"),
    "learn": (
        "fsrs",
        "fsrs_rs_python",
        "textual",
        "argon2",
        "genanki",
        "sqlalchemy",
        "platformdirs",
    ),
    "postgres": ("psycopg",),
    "web": (
        "fastapi",
        "starlette",
        "anyio",
        "pydantic",
        "jinja2",
        "markupsafe",
        "python_multipart",
        "swagger_ui_bundle",
    ),
    "all": (),
}
#: Extras that bring other extras (``statusdex[web]`` is ``statusdex[mock,learn,check]`` and more).
INCLUDES: dict[str, tuple[str, ...]] = {
    "web": ("mock", "learn", "check"),
    "spark": ("logs",),
    "all": ("web", "mock", "learn", "postgres", "check", "logs", "spark"),
}
#: The extra each terminal command needs; commands not named here need none.
COMMANDS: dict[str, str] = {
    "serve": "web",
    "build-site": "web",
    "mock": "mock",
    "learn": "learn",
    "check": "check",
    "logs": "logs",
}


class MissingExtraError(ImportError):
    """A face was used without the extra that installs its packages. ``extra`` names it,
    ``name`` is the first module missing."""

    def __init__(self, what: str, extra: str, module: str) -> None:
        super().__init__(
            f"{what} needs the {extra} extra: pip install 'statusdex[{extra}]'", name=module
        )
        self.extra = extra

    def __str__(self) -> str:
        return str(self.args[0])


def modules(extra: str) -> tuple[str, ...]:
    """Every module ``extra`` brings, those of the extras it includes too."""
    found = list(MODULES[extra])
    for other in INCLUDES.get(extra, ()):
        found += [m for m in modules(other) if m not in found]
    return tuple(found)


def missing(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here (found without importing them)."""
    from importlib.util import find_spec

    return [m for m in modules(extra) if find_spec(m) is None]


def require(extra: str, what: str) -> None:
    """Raise ``MissingExtraError`` (an ``ImportError``) unless ``extra`` is installed; ``what``
    names the face in the message (``"statusdex serve"``, ``"statusdex.web"``)."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(what, extra, absent[0])
