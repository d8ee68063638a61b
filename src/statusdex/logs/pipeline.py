"""Inputs to report: read every file into a spool, load it into an engine, run the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from statusdex.logs.engine import DuckDBEngine, Spool, filter_sql
from statusdex.logs.read import read_all
from statusdex.logs.report import build


def make_report(
    inputs: list[str],
    *,
    fmt: str | None = None,
    log_format: str | None = None,
    fields: dict[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
    where: str | None = None,
    top: int = 10,
    unit: str | None = None,
    lang: str = "en",
    engine: str = "duckdb",
    stdin: IO[bytes] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """The report dict. Raises ``FormatError`` (bad format) or ``QueryError`` (bad filter)."""
    spool = Spool()
    try:
        intake = read_all(
            inputs,
            spool.sink(),
            fmt=fmt,
            log_format=log_format,
            fields=fields,
            stdin=stdin,
            progress=progress,
        )
        spool.close()
        if engine != "duckdb":
            raise ValueError(f"unknown engine {engine!r}; engines: duckdb")
        eng = DuckDBEngine()
        try:
            eng.load(spool.path, filter_sql(since, until, where))
            return build(eng, lang=lang, top=top, unit=unit, intake=intake.to_dict())
        finally:
            eng.close()
    finally:
        spool.remove()
