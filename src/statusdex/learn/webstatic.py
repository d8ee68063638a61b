"""The learning pages' own scripts and stylesheets, held in memory and served under
``/learn/static``. Each URL carries a hash of the file (``learn.css?v=1a2b3c4d``), so browsers
keep an asset for a year and a new release changes the URL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from statusdex.learn.webbase import WebError

FOLDER = Path(__file__).resolve().parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
PREFIX = "/learn/static"


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    version: str


@cache
def assets() -> dict[str, Asset]:
    out = {}
    for path in sorted(FOLDER.iterdir()):
        if path.is_file() and path.suffix in TYPES:
            body = path.read_bytes()
            version = hashlib.blake2b(body, digest_size=4).hexdigest()
            out[path.name] = Asset(body, TYPES[path.suffix], version)
    return out


def url(name: str, root_path: str = "") -> str:
    """The versioned URL of asset ``name`` (an unknown name is a programming error)."""
    return f"{root_path.rstrip('/')}{PREFIX}/{name}?v={assets()[name].version}"


def serve(request: Request, name: str) -> Response:
    asset = assets().get(name)
    if asset is None:
        raise WebError(404, f"no learning asset {name!r}")
    etag = f'"{asset.version}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
