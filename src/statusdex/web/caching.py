"""HTTP caching for the reference pages and the API: ETag, 304, Cache-Control, gzip, and an
in-process cache of rendered answers.

The registry is immutable while a process runs, so a page or API answer depends only on the
request's URL (scheme, host, root path, language, path and query). Successful GET answers are
kept in a bounded LRU, with their gzip form and a weak ETag (the same for both encodings, as
RFC 9110 allows for weak validators). ``If-None-Match`` gets a 304. HEAD is answered from the
GET answer. Paths with per-user state (``/learn``) and the health check pass straight through.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SKIP_PREFIXES = ("/learn", "/healthz")
DEFAULT_CACHE_CONTROL = b"public, max-age=300"
COMPRESSIBLE = (b"text/", b"application/json", b"application/problem+json", b"image/svg")
MIN_GZIP = 512  # bytes; smaller bodies do not gain from compression
DROP = {b"content-length", b"content-encoding", b"etag", b"vary"}


@dataclass(frozen=True)
class Cached:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    gzipped: bytes | None
    etag: bytes


def build(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Cached:
    """The cacheable form of an answer."""
    kept = [(k.lower(), v) for k, v in headers if k.lower() not in DROP]
    if not any(k == b"cache-control" for k, _ in kept):
        kept.append((b"cache-control", DEFAULT_CACHE_CONTROL))
    media = next((v for k, v in kept if k == b"content-type"), b"")
    gzipped = None
    if len(body) >= MIN_GZIP and media.startswith(COMPRESSIBLE):
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    etag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
    return Cached(status, tuple(kept), body, gzipped, etag)


def etag_matches(if_none_match: str, etag: bytes) -> bool:
    """Weak comparison (RFC 9110, Section 13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.decode().removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            q = params.strip().removeprefix("q=")
            return not (params and q.replace(".", "").strip("0") == "")
    return False


async def answer(
    entry: Cached, request_headers: Headers, head: bool, send: Send
) -> None:
    """Send ``entry``, as a 304 when the client already has it."""
    common = [*entry.headers, (b"etag", entry.etag), (b"vary", b"Accept-Encoding")]
    if etag_matches(request_headers.get("if-none-match", ""), entry.etag):
        keep = [(k, v) for k, v in common if k != b"content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": keep})
        await send({"type": "http.response.body", "body": b""})
        return
    body = entry.body
    headers = common
    if entry.gzipped is not None and accepts_gzip(request_headers.get("accept-encoding", "")):
        body = entry.gzipped
        headers = [*common, (b"content-encoding", b"gzip")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": entry.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


class ResponseCache:
    """See the module docstring. ``max_entries=0`` keeps nothing (every request renders)."""

    def __init__(self, app: ASGIApp, *, max_entries: int = 2048, max_body: int = 4 << 20) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_body
        self.entries: OrderedDict[tuple[object, ...], Cached] = OrderedDict()

    def key(self, scope: Scope, headers: Headers) -> tuple[object, ...]:
        state = scope.get("state") or {}
        return (
            scope.get("scheme"),
            headers.get("host"),
            scope.get("root_path", ""),
            state.get("lang"),
            get_route_path(scope),
            scope.get("query_string", b""),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or get_route_path(scope).startswith(SKIP_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        head = scope["method"] == "HEAD"
        key = self.key(scope, headers)
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await answer(entry, headers, head, send)
            return

        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app({**scope, "method": "GET"}, receive, capture)
        status = int(start.get("status", 500))
        raw_headers = list(start.get("headers", []))
        body = b"".join(chunks)
        if status != 200 or any(k.lower() == b"set-cookie" for k, _ in raw_headers):
            await _replay(status, raw_headers, body, head, send)
            return
        entry = build(status, raw_headers, body)
        if self.max_entries and len(body) <= self.max_body:
            self.entries[key] = entry
            if len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        await answer(entry, headers, head, send)


async def _replay(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes, head: bool, send: Send
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
