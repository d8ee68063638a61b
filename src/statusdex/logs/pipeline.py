"""Inputs to report: read every file into a spool, load it into an engine, run the report."""

from __future__ import annotations

import os
import shutil
import tempfile
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
    jobs: int | None = None,
) -> dict[str, Any]:
    """The report dict. Raises ``FormatError`` (bad format) or ``QueryError`` (bad filter)."""
    folder = tempfile.mkdtemp(prefix="statusdex-logs-")
    spool = Spool(folder)
    try:
        intake = read_all(
            inputs,
            spool.sink(),
            fmt=fmt,
            log_format=log_format,
            fields=fields,
            stdin=stdin,
            progress=progress,
            jobs=jobs if jobs is not None else min(4, os.cpu_count() or 1),
            spool_dir=folder,
        )
        spool.close()
        if engine != "duckdb":
            raise ValueError(f"unknown engine {engine!r}; engines: duckdb")
        eng = DuckDBEngine()
        try:
            eng.load(os.path.join(folder, "*.tsv"), filter_sql(since, until, where))
            return build(eng, lang=lang, top=top, unit=unit, intake=intake.to_dict())
        finally:
            eng.close()
    finally:
        spool.remove()
        shutil.rmtree(folder, ignore_errors=True)
