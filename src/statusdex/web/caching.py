"""HTTP caching for the reference pages and the API: ETag, 304, Cache-Control, gzip, and an
in-process cache of rendered answers.

The registry is immutable while a process runs, so a page or API answer depends only on the
request's URL: scheme, root path, language, path, the query parameters its route declares, and
the Host for pages that print absolute links (they say so with ``mark_varies_on_host``).
Parameters a route does not read change nothing, so they are not part of the key: cache
busters (``?x=1``, ``?x=2``…) and made-up Host values get the one answer already kept. What a
path's answer depends on is learned from the route that answered it the first time.

Successful GET answers are kept in an LRU bounded in **bytes** (bodies, gzip forms and header
fields; ``max_bytes``) as well as in entries, with their gzip form and a weak ETag (the same
for both encodings, as RFC 9110 allows for weak validators). ``If-None-Match`` gets a 304.
HEAD is answered from the GET answer. Paths with per-user state (``/learn``) and the health
check pass straight through.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from statusdex.web import learn
from statusdex.web.urls import route_path

SKIP_PREFIXES = (learn.PREFIX, "/healthz")
DEFAULT_CACHE_CONTROL = b"public, max-age=300"
COMPRESSIBLE = (b"text/", b"application/json", b"application/problem+json", b"image/svg")
MIN_GZIP = 512  # bytes; smaller bodies do not gain from compression
DROP = {b"content-length", b"content-encoding", b"etag", b"vary"}
VARIES_ON_HOST = "statusdex.varies_on_host"  # set in scope["state"] by answers that print the Host
ENTRY_OVERHEAD = 512  # bytes counted per entry for the key, the objects and the dict slot


def mark_varies_on_host(scope: Scope) -> None:
    """Say that this answer prints the request's Host (absolute links), so the cache keys it."""
    state = scope.get("state")
    if isinstance(state, dict):
        state[VARIES_ON_HOST] = True


def declared_query(route: Any) -> frozenset[str] | None:
    """The query parameter names a FastAPI route reads (None: not known, keep them all)."""
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    names: set[str] = set()
    todo = [dependant]
    while todo:
        d = todo.pop()
        names.update(p.alias for p in d.query_params)
        todo.extend(d.dependencies)
    return frozenset(names)


def kept_query(query_string: bytes, names: frozenset[str] | None) -> tuple[tuple[str, str], ...]:
    """The query's pairs that can change the answer, decoded, in their order."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return tuple((k, v) for k, v in pairs if names is None or k in names)


def query_for_links(scope: Scope) -> str:
    """The request's query as pages may print it in links: only what the route reads."""
    return urlencode(kept_query(scope.get("query_string", b""), declared_query(scope.get("route"))))


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
    #: The ASGI messages of each form (304, gzip, plain; GET or HEAD), made once and reused.
    messages: dict[tuple[str, bool], tuple[Message, Message]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def size(self) -> int:
        """Bytes this entry holds, as counted against the cache's ``max_bytes``."""
        fields = _field_bytes(self.plain_headers)
        if self.gzip_headers is not self.plain_headers:
            fields += _field_bytes(self.gzip_headers)
        fields += _field_bytes(self.not_modified)
        return len(self.body) + len(self.gzipped or b"") + fields + ENTRY_OVERHEAD


def _field_bytes(headers: Iterable[tuple[bytes, bytes]]) -> int:
    return sum(len(k) + len(v) + 64 for k, v in headers)


@dataclass(frozen=True)
class Shape:
    """What a path's answer depends on besides the path: the query names it reads, the Host."""

    names: frozenset[str] | None
    host: bool


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


def reply(entry: Cached, request: RequestFacts, head: bool) -> tuple[Message, Message]:
    """The start and body messages that answer ``request`` from ``entry``: a 304 when the
    client already has it, the gzip form when it takes gzip. The same objects every time."""
    if request.if_none_match and etag_matches(request.if_none_match, entry.etag):
        form = "304"
    elif entry.gzipped is not None and request.gzip:
        form = "gzip"
    else:
        form = "plain"
    messages = entry.messages.get((form, head))
    if messages is None:
        if form == "304":
            status, headers, body = 304, entry.not_modified, b""
        elif form == "gzip":
            status, headers, body = entry.status, entry.gzip_headers, entry.gzipped or b""
        else:
            status, headers, body = entry.status, entry.plain_headers, entry.body
        messages = (
            {"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": b"" if head else body},
        )
        entry.messages[(form, head)] = messages
    return messages


async def answer(entry: Cached, request: RequestFacts, head: bool, send: Send) -> None:
    """Send ``entry``, as a 304 when the client already has it."""
    start, body = reply(entry, request, head)
    await send(start)
    await send(body)


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

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_entries: int = 2048,
        max_bytes: int = 64 << 20,
        max_body: int = 4 << 20,
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body = min(max_body, max_bytes)
        self.entries: OrderedDict[tuple[object, ...], Cached] = OrderedDict()
        self.bytes = 0  # sum of the kept entries' sizes
        # What each path's answer depends on, learned when it is first rendered (LRU too).
        self.shapes: OrderedDict[tuple[object, ...], Shape] = OrderedDict()

    def _key(
        self, base: tuple[object, ...], shape: Shape, host: bytes, query: bytes
    ) -> tuple[object, ...]:
        kept = kept_query(query, shape.names) if query else ()
        return (*base, host if shape.host else None, kept)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        route = route_path(scope)
        if route.startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = RequestFacts(scope["headers"])
        head = scope["method"] == "HEAD"
        state = scope.get("state") or {}
        query: bytes = scope.get("query_string", b"")
        base = (scope.get("scheme"), scope.get("root_path", ""), state.get("lang"), route)
        entry = self._find(base, request, query)
        if entry is not None:
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

        inner = {**scope, "method": "GET"}
        await self.app(inner, receive, capture)
        status = int(start.get("status", 500))
        raw_headers = list(start.get("headers", []))
        body = b"".join(chunks)
        if status != 200 or any(k.lower() == b"set-cookie" for k, _ in raw_headers):
            await _replay(status, raw_headers, body, head, send)
            return
        entry = build(status, raw_headers, body)
        if self.max_entries and entry.size <= self.max_body:
            varies = bool((inner.get("state") or {}).get(VARIES_ON_HOST))
            shape = Shape(declared_query(inner.get("route")), varies)
            self._keep(base, shape, self._key(base, shape, request.host, query), entry)
        await answer(entry, request, head, send)

    def _find(self, base: tuple[object, ...], request: RequestFacts, query: bytes) -> Cached | None:
        shape = self.shapes.get(base)
        if shape is None:
            return None
        key = self._key(base, shape, request.host, query)
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            self.shapes.move_to_end(base)
        return entry

    def cached_reply(
        self,
        method: str,
        route: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        scheme: str,
        root: str,
        lang: str,
    ) -> tuple[Message, Message] | None:
        """The messages ``__call__`` would send for this request if it is answered from the
        cache (``route`` without root path and language prefix; ``headers`` lower-cased), else
        None. ``statusdex.serving`` writes them without an ASGI task."""
        if (method != "GET" and method != "HEAD") or route.startswith(SKIP_PREFIXES):
            return None
        request = RequestFacts(headers)
        entry = self._find((scheme, root, lang, route), request, query)
        return None if entry is None else reply(entry, request, method == "HEAD")

    def _keep(
        self, base: tuple[object, ...], shape: Shape, key: tuple[object, ...], entry: Cached
    ) -> None:
        self.shapes[base] = shape
        self.shapes.move_to_end(base)
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self.entries[key] = entry
        self.bytes += entry.size
        while self.entries and (
            self.bytes > self.max_bytes or len(self.entries) > self.max_entries
        ):
            _, dropped = self.entries.popitem(last=False)
            self.bytes -= dropped.size
        while len(self.shapes) > 2 * self.max_entries:
            self.shapes.popitem(last=False)


async def _replay(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes, head: bool, send: Send
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
