"""Big plain files in stateless formats are cut into byte ranges read by several processes.

Each worker parses the lines that start inside its range into its own spool file; line
numbers of malformed lines are made absolute afterwards from the workers' line counts. IIS
files (whose ``#Fields`` carry state from line to line) and compressed files stay serial.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from statusdex.logs.formats import make_parser
from statusdex.logs.read import MAX_LINE, SAMPLE, FileReport

STATELESS = frozenset({"combined", "common", "nginx", "alb", "cloudflare", "json"})
MIN_BYTES = 16 * 1024 * 1024  # smaller files are read faster by one process


def _chunk(
    path: str,
    start: int,
    end: int,
    fmt: str,
    log_format: str | None,
    fields: dict[str, str] | None,
    folder: str,
) -> tuple[int, int, int, list[int], int, int]:
    from statusdex.logs.engine import Spool

    parser = make_parser(fmt, log_format=log_format, fields=fields)
    parse = parser.parse
    spool = Spool(folder)
    add = spool.sink()
    n = rows = bad = capped = recoded = 0
    sample: list[int] = []
    with open(path, "rb", buffering=1 << 20) as f:
        if start:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()  # the line that began before us belongs to the previous range
        pos = f.tell()
        readline = f.readline
        while pos < end:
            b = readline(MAX_LINE)
            if not b:
                break
            pos += len(b)
            if not b.endswith(b"\n") and len(b) >= MAX_LINE:
                capped += 1
                while True:
                    more = readline(MAX_LINE)
                    pos += len(more)
                    if not more or more.endswith(b"\n"):
                        break
            n += 1
            try:
                line = b.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                line = b.decode("latin-1").rstrip("\r\n")
                recoded += 1
            if not line:
                continue
            row = parse(line)
            if row is None:
                bad += 1
                if len(sample) < SAMPLE:
                    sample.append(n)
                continue
            rows += 1
            add(row)
    spool.close()
    return n, rows, bad, sample, capped, recoded


def read_file(
    path: str,
    fmt: str,
    *,
    log_format: str | None,
    fields: dict[str, str] | None,
    folder: str,
    jobs: int,
) -> FileReport:
    size = os.path.getsize(path)
    step = -(-size // jobs)
    rep = FileReport(path)
    rep.format = fmt
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(
                _chunk, path, i * step, min(size, (i + 1) * step), fmt, log_format, fields, folder
            )
            for i in range(jobs)
        ]
        for fut in futures:
            n, rows, bad, sample, capped, recoded = fut.result()
            rep.malformed_sample.extend(rep.lines + s for s in sample)
            rep.lines += n
            rep.rows += rows
            rep.malformed += bad
            rep.capped += capped
            rep.recoded += recoded
    del rep.malformed_sample[SAMPLE:]
    return rep
