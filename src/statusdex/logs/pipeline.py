"""Inputs to report: parse every file (in DuckDB or in Python), load, run the report."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import IO, Any

from statusdex.logs.engine import DuckDBEngine, Spool, filter_sql
from statusdex.logs.read import read_all
from statusdex.logs.report import build

ENGINES = ("duckdb", "spark")


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
    spark_master: str | None = None,
    stdin: IO[bytes] | None = None,
    progress: Callable[[str, int], None] | None = None,
    jobs: int | None = None,
    in_engine: bool = True,
    memory_limit: str | None = None,
) -> dict[str, Any]:
    """The report dict. Raises ``FormatError`` (bad format) or ``QueryError`` (bad filter).

    ``in_engine=False`` parses every file in Python (the engine only runs the queries).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    if engine == "spark":  # every file read and parsed by Spark (spark_read.py)
        from statusdex.logs.spark import spark_report

        return spark_report(
            inputs,
            fmt=fmt,
            log_format=log_format,
            fields=fields,
            filt=filter_sql(since, until, where),
            lang=lang,
            top=top,
            unit=unit,
            master=spark_master,
            stdin=stdin,
            progress=progress,
            memory_limit=memory_limit,
        )
    folder = tempfile.mkdtemp(prefix="statusdex-logs-")
    spool = Spool(folder)
    duck = DuckDBEngine(folder, memory_limit=memory_limit)
    try:
        native = None
        if in_engine:
            from statusdex.logs.native import Native
            from statusdex.logs.queries import columns_problem_only, columns_read

            native = Native(
                duck.con,
                spool.sink(),
                columns_read(where),
                log_format=log_format,
                problem_only=columns_problem_only(where),
            )
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
            native=native.load if native is not None else None,
        )
        spool.close()
        filt = filter_sql(since, until, where)
        tables = native.sources if native is not None else []
        duck.load(os.path.join(folder, "*.tsv"), filt, tables)
        return build(duck, lang=lang, top=top, unit=unit, intake=intake.to_dict())
    finally:
        duck.close()
        spool.remove()
        shutil.rmtree(folder, ignore_errors=True)
