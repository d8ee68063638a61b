"""The learning pages' own scripts and stylesheets, held in memory and served under
``/learn/static``. Each URL carries a hash of the file (``learn.css?v=1a2b3c4d``), so browsers
keep an asset for a year and a new release changes the URL."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from statusdex.web.learn import STATIC_PREFIX
from statusdex.web.learn.errors import WebError
from statusdex.web.static import Asset, load

FOLDER = Path(__file__).resolve().parent / "static"
PREFIX = STATIC_PREFIX


@cache
def assets() -> dict[str, Asset]:
    return load({p.name: p for p in FOLDER.iterdir() if p.suffix in {".css", ".js"}})


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
