"""A PDF's pages as grey pixels, through poppler's ``pdftoppm`` (no imaging library needed):
``pages(pdf, dpi)`` renders every page with ``pdftoppm -png`` and decodes the PNGs here."""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Grey:
    """One rendered page: ``rows[y][x]`` is 0 (black) to 255 (white)."""

    width: int
    height: int
    rows: tuple[bytes, ...]

    def mean(self, x0: int, y0: int, x1: int, y1: int) -> float:
        """Mean grey level of the rectangle [x0, x1) × [y0, y1), clipped to the page."""
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1 or y0 >= y1:
            raise ValueError("empty rectangle")
        total = sum(sum(self.rows[y][x0:x1]) for y in range(y0, y1))
        return total / ((x1 - x0) * (y1 - y0))

    def inked(self, x0: int, y0: int, x1: int, y1: int, level: int = 160) -> int:
        """How many pixels of the rectangle are darker than ``level``."""
        return sum(sum(1 for v in self.rows[y][x0:x1] if v < level) for y in range(y0, y1))


def pages(pdf: bytes, dpi: int = 50) -> list[Grey]:
    """Every page of ``pdf`` rendered by ``pdftoppm -png -r dpi``, in grey levels."""
    with tempfile.TemporaryDirectory(prefix="statusdex-pdf-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(source), str(Path(tmp) / "p")],
            check=True,
            capture_output=True,
        )
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        return [read_png(f.read_bytes()) for f in files]


def read_png(data: bytes) -> Grey:
    """Decode a non-interlaced 8-bit grey or RGB PNG (what ``pdftoppm`` writes) to grey."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            channels = {0: 1, 2: 3}.get(colour, 0)
            if depth != 8 or interlace or not channels:
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, prev, channels)
        prev = bytes(line)
        if channels == 1:
            rows.append(prev)
        else:  # the mean of red, green and blue is grey enough to tell ink from paper
            rows.append(bytes(sum(prev[i : i + 3]) // 3 for i in range(0, stride, 3)))
    return Grey(width, height, tuple(rows))


def _unfilter(kind: int, line: bytearray, prev: bytes, bpp: int) -> None:
    """Undo one row's PNG filter in place (``bpp`` bytes per pixel)."""
    if kind == 0:
        return
    if kind == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        return
    for x in range(len(line)):
        left = line[x - bpp] if x >= bpp else 0
        up = prev[x]
        if kind == 1:
            line[x] = (line[x] + left) & 0xFF
        elif kind == 3:
            line[x] = (line[x] + (left + up) // 2) & 0xFF
        elif kind == 4:
            corner = prev[x - bpp] if x >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[x] = (line[x] + guess) & 0xFF
        else:
            raise ValueError(f"bad PNG filter {kind}")
