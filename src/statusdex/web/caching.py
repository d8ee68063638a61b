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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SKIP_PREFIXES = ("/learn", "/healthz")
DEFAULT_CACHE_CONTROL = b"public, max-age=300"
COMPRESSIBLE = (b"text/", b"application/json", b"application/problem+json", b"image/svg")
MIN_GZIP = 512  # bytes; smaller bodies do not gain from compression
DROP = {b"content-length", b"content-encoding", b"etag", b"vary"}


@dataclass(frozen=True)
class Cached:
    """An answer ready to send: both encodings, with their complete header lists."""

    status: int
    body: bytes
    gzipped: bytes | None
    etag: bytes
    plain_headers: list[tuple[bytes, bytes]]
    gzip_headers: list[tuple[bytes, bytes]]
    not_modified: list[tuple[bytes, bytes]]


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
    common = [*kept, (b"etag", etag), (b"vary", b"Accept-Encoding")]
    plain = [*common, (b"content-length", str(len(body)).encode())]
    zipped = plain
    if gzipped is not None:
        zipped = [
            *common,
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(gzipped)).encode()),
        ]
    not_modified = [(k, v) for k, v in common if k != b"content-type"]
    return Cached(status, body, gzipped, etag, plain, zipped, not_modified)


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


async def answer(entry: Cached, request: RequestFacts, head: bool, send: Send) -> None:
    """Send ``entry``, as a 304 when the client already has it."""
    if request.if_none_match and etag_matches(request.if_none_match, entry.etag):
        await send({"type": "http.response.start", "status": 304, "headers": entry.not_modified})
        await send({"type": "http.response.body", "body": b""})
        return
    if entry.gzipped is not None and request.gzip:
        body, headers = entry.gzipped, entry.gzip_headers
    else:
        body, headers = entry.body, entry.plain_headers
    await send({"type": "http.response.start", "status": entry.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


class RequestFacts:
    """The request headers the cache needs, read in one pass over the raw headers."""

    __slots__ = ("gzip", "host", "if_none_match")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.host = b""
        self.if_none_match = ""
        self.gzip = False
        for name, value in raw:
            if name == b"host":
                self.host = value
            elif name == b"accept-encoding":
                self.gzip = accepts_gzip(value.decode("latin-1"))
            elif name == b"if-none-match":
                self.if_none_match = value.decode("latin-1")


class ResponseCache:
    """See the module docstring. ``max_entries=0`` keeps nothing (every request renders)."""

    def __init__(self, app: ASGIApp, *, max_entries: int = 2048, max_body: int = 4 << 20) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_body
        self.entries: OrderedDict[tuple[object, ...], Cached] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        route = get_route_path(scope)
        if route.startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = RequestFacts(scope["headers"])
        head = scope["method"] == "HEAD"
        state = scope.get("state") or {}
        key = (
            scope.get("scheme"),
            request.host,
            scope.get("root_path", ""),
            state.get("lang"),
            route,
            scope.get("query_string", b""),
        )
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await answer(entry, request, head, send)
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
        await answer(entry, request, head, send)


async def _replay(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes, head: bool, send: Send
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
