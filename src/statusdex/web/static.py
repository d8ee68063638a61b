"""Static assets (stylesheet, scripts, icon, Swagger UI), held in memory and served under
``/static``.

Each asset's URL carries a hash of its content (``/static/site.css?v=1a2b3c4d``), so browsers
may keep it for a year: a new release changes the URL. Swagger UI comes from the
``swagger-ui-bundle`` package, so ``/docs`` works offline.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import swagger_ui_bundle  # type: ignore[import-untyped]

OWN = Path(__file__).resolve().parent / "static"
SWAGGER = Path(swagger_ui_bundle.swagger_ui_path)
SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")
TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
}


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    version: str


def load(files: dict[str, Path]) -> dict[str, Asset]:
    """Read files into assets, each with its media type and a short content hash."""
    out: dict[str, Asset] = {}
    for name, path in sorted(files.items()):
        body = path.read_bytes()
        media = (
            TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        out[name] = Asset(body, media, hashlib.blake2b(body, digest_size=4).hexdigest())
    return out


@cache
def assets() -> dict[str, Asset]:
    """Every asset by its name under ``/static/``."""
    files = {p.name: p for p in OWN.iterdir() if p.is_file()}
    files.update({f"swagger/{name}": SWAGGER / name for name in SWAGGER_FILES})
    return load(files)


def url(name: str, root_path: str = "") -> str:
    """The versioned URL of asset ``name``; an unknown name is a programming error."""
    asset = assets()[name]
    return f"{root_path.rstrip('/')}/static/{name}?v={asset.version}"
