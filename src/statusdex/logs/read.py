"""Reading inputs: files, folders, globs and stdin; plain, gzip or zstd; bad input never aborts.

Each line goes through its file's parser and comes out as a ``Row`` in a sink (the engine's
loader). What could not be read is counted in ``Intake``: malformed lines with a sample of
line numbers, lines cut at ``MAX_LINE`` bytes, lines that were not UTF-8, and files that were
empty, unreadable or in no format we know.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO

from statusdex.logs.formats import FormatError, Parser, Row, detect, make_parser

MAX_LINE = 64 * 1024  # bytes; longer lines are cut (and counted)
SAMPLE = 10  # malformed line numbers kept per file
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class FileReport:
    __slots__ = (
        "capped",
        "error",
        "format",
        "lines",
        "malformed",
        "malformed_sample",
        "name",
        "reader",
        "recoded",
        "rows",
    )

    def __init__(self, name: str) -> None:
        self.name = name
        self.format: str | None = None
        self.lines = 0
        self.rows = 0
        self.malformed = 0
        self.malformed_sample: list[int] = []
        self.capped = 0
        self.recoded = 0
        self.error: str | None = None
        self.reader = "python"  # or "engine": parsed inside DuckDB

    def to_dict(self) -> dict[str, object]:
        return {n: getattr(self, n) for n in self.__slots__}


class Intake:
    """What was read, file by file."""

    def __init__(self) -> None:
        self.files: list[FileReport] = []

    def total(self, field: str) -> int:
        return sum(int(getattr(f, field)) for f in self.files)

    def to_dict(self) -> dict[str, object]:
        return {
            "lines": self.total("lines"),
            "rows": self.total("rows"),
            "malformed": self.total("malformed"),
            "capped": self.total("capped"),
            "recoded": self.total("recoded"),
            "files": [f.to_dict() for f in self.files],
        }


def expand(inputs: list[str]) -> list[str]:
    """FILE, DIR (every file below it, sorted), GLOB or ``-``; missing names stay, to be named."""
    out: list[str] = []
    for item in inputs:
        if item == "-":
            out.append(item)
        elif os.path.isdir(item):
            for root, _dirs, files in sorted(os.walk(item)):
                out.extend(os.path.join(root, f) for f in sorted(files))
        elif any(c in item for c in "*?[") and not os.path.exists(item):
            out.extend(sorted(glob.glob(item, recursive=True)) or [item])
        else:
            out.append(item)
    return out


def open_binary(name: str, stdin: IO[bytes] | None = None) -> IO[bytes]:
    """A binary stream of the decompressed content (gzip and zstd told by their magic bytes)."""
    raw: IO[bytes] = (stdin or sys.stdin.buffer) if name == "-" else open(name, "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    head = buffered.peek(4)[:4]
    if head.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    if head.startswith(ZSTD_MAGIC):
        import zstandard  # only for zstd input

        return zstandard.ZstdDecompressor().stream_reader(buffered, read_across_frames=True)
    return buffered


def _lines(stream: IO[bytes], rep: FileReport) -> Iterator[str]:
    buffered = io.BufferedReader(stream, 1 << 20) if not hasattr(stream, "peek") else stream  # type: ignore[type-var]
    readline = buffered.readline
    while True:
        b = readline(MAX_LINE)
        if not b:
            return
        if not b.endswith(b"\n") and len(b) >= MAX_LINE:
            rep.capped += 1
            while True:  # drop the rest of the over-long line
                more = readline(MAX_LINE)
                if not more or more.endswith(b"\n"):
                    break
        try:
            s = b.decode("utf-8")
        except UnicodeDecodeError:
            s = b.decode("latin-1")
            rep.recoded += 1
        yield s.rstrip("\r\n")


def read_all(
    inputs: list[str],
    sink: Callable[[Row], None],
    *,
    fmt: str | None = None,
    log_format: str | None = None,
    fields: dict[str, str] | None = None,
    stdin: IO[bytes] | None = None,
    progress: Callable[[str, int], None] | None = None,
    jobs: int = 1,
    spool_dir: str | None = None,
    native: Callable[[str, str, str], FileReport | None] | None = None,
) -> Intake:
    """Parse every input into ``sink``. ``FormatError`` only for a bad ``fmt``/``log_format``.

    ``native(path, format, codec)`` may take a file whole (the engine parses it) and give
    its report; when it gives None the file is read here.
    """
    if fmt is not None:
        make_parser(fmt, log_format=log_format, fields=fields)  # fail early on a bad name
    intake = Intake()
    for name in expand(inputs):
        if native is not None and name != "-":
            kind, codec = sniff(name, fmt)
            done = native(name, kind, codec) if kind is not None else None
            if done is not None:
                intake.files.append(done)
                continue
        if jobs > 1 and spool_dir is not None and name != "-":
            done = _try_parallel(name, fmt, log_format, fields, spool_dir, jobs)
            if done is not None:
                intake.files.append(done)
                continue
        rep = FileReport("<stdin>" if name == "-" else name)
        intake.files.append(rep)
        try:
            stream = open_binary(name, stdin)
        except OSError as e:
            rep.error = f"unreadable: {e.strerror or e}"
            continue
        try:
            _read_one(stream, rep, sink, fmt, log_format, fields, progress)
        except (OSError, EOFError) as e:  # truncated gzip, bad zstd frame, I/O error
            rep.error = f"unreadable after line {rep.lines}: {e}"
        except Exception as e:  # zstandard raises its own error type
            if type(e).__module__.startswith("zstd"):
                rep.error = f"unreadable after line {rep.lines}: {e}"
            else:
                raise
        finally:
            if name != "-":
                stream.close()
        if rep.error is None and rep.lines == 0:
            rep.error = "empty"
    return intake


def _try_parallel(
    name: str,
    fmt: str | None,
    log_format: str | None,
    fields: dict[str, str] | None,
    spool_dir: str,
    jobs: int,
) -> FileReport | None:
    """A report for a big plain file read by ``jobs`` processes, or None to read it serially."""
    from statusdex.logs import parallel

    kind = plain_format(name, fmt, parallel.MIN_BYTES)
    if kind is None or kind not in parallel.STATELESS:
        return None
    return parallel.read_file(
        name, kind, log_format=log_format, fields=fields, folder=spool_dir, jobs=jobs
    )


def sniff(name: str, fmt: str | None) -> tuple[str | None, str]:
    """(format, codec) of a readable, non-empty file; codec ``none``, ``gzip`` or ``zstd``.

    The format is None when it is unknown or the file cannot be read (the reader then names
    the problem).
    """
    codec = "none"
    try:
        if not os.path.isfile(name) or os.path.getsize(name) == 0:
            return None, codec
        with open(name, "rb") as f:
            magic = f.read(4)
        if magic.startswith(GZIP_MAGIC):
            codec = "gzip"
        elif magic.startswith(ZSTD_MAGIC):
            codec = "zstd"
        with open_binary(name) as stream:
            head = stream.read(1 << 16)
    except Exception:  # unreadable, truncated, not really gzip/zstd: the reader reports it
        return None, codec
    return fmt or detect(head.decode("utf-8", "replace").splitlines()[:50]), codec


def plain_format(name: str, fmt: str | None, min_bytes: int) -> str | None:
    """The format of an uncompressed, readable, non-empty file of ``min_bytes`` or more."""
    try:
        if os.path.getsize(name) < max(min_bytes, 1) or not os.path.isfile(name):
            return None
        with open(name, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    if head.startswith((GZIP_MAGIC, ZSTD_MAGIC)):
        return None
    return fmt or detect(head.decode("utf-8", "replace").splitlines()[:50])


def _read_one(
    stream: IO[bytes],
    rep: FileReport,
    sink: Callable[[Row], None],
    fmt: str | None,
    log_format: str | None,
    fields: dict[str, str] | None,
    progress: Callable[[str, int], None] | None,
) -> None:
    lines = _lines(stream, rep)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if len(head) >= 50:
            break
    name = fmt or detect(head)
    if name is None:
        rep.lines = len(head)
        if any(h.strip() for h in head):
            rep.error = "no known format (use --format)"
        return
    rep.format = name
    parser: Parser = make_parser(name, log_format=log_format, fields=fields)
    is_header = parser.is_header
    parse = parser.parse
    n = rows = bad = 0
    sample = rep.malformed_sample

    def chain() -> Iterator[str]:
        yield from head
        yield from lines

    try:
        for line in chain():
            n += 1
            if not line:
                continue
            if is_header(line):
                parser.feed_header(line)
                continue
            row = parse(line)
            if row is None:
                bad += 1
                if len(sample) < SAMPLE:
                    sample.append(n)
                continue
            rows += 1
            sink(row)
            if progress is not None and not n & 0xFFFF:
                progress(rep.name, n)
    finally:  # a stream that breaks: what was read before still counts
        rep.lines, rep.rows, rep.malformed = n, rows, bad


__all__ = ["MAX_LINE", "FileReport", "FormatError", "Intake", "expand", "read_all"]
