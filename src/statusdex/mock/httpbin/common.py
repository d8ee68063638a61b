"""What every httpbin endpoint shares: the request as a ``Call``, the echo's parts, replies.

A handler takes a ``Call`` and returns what to send: a ``Reply`` (one message, sent by the
mock's common response path), a ``Plan`` (waits and faults, sent by ``delivery.deliver``) or
a ``Stream`` (pieces with pauses). Handlers never write to the socket themselves.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from statusdex.mock import responses
from statusdex.mock.choices import SeededSequences
from statusdex.mock.params import MockInputError
from statusdex.mock.plan import Plan
from statusdex.mock.policy import SITE, Policy
from statusdex.mock.responses import Headers, Reply
from statusdex.mock.settings import MockSettings

# starlette only names the ASGI types: the mock app itself needs no framework
if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

JSON = responses.JSON
TEXT = responses.TEXT
HTML = responses.HTML
OCTETS = b"application/octet-stream"
# Names of the site's own cookies when the mock runs inside ``statusdex serve`` (the learner's
# cookie is ``statusdex_learner``), and the cookie-name prefixes browsers give a meaning to.
SITE_COOKIE_PREFIXES = ("statusdex",)
SPECIAL_COOKIE_PREFIXES = ("__host-", "__secure-")


class NotFoundError(Exception):
    """The path is under an httpbin endpoint but names nothing (``/image/gif``)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class WrongMethodError(Exception):
    """The endpoint exists but not for this method (``POST /get``)."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


@dataclass
class Stream:
    """A response sent in pieces: ``pause_s`` between pieces, ``delay_s`` before the start."""

    status: int
    headers: Headers
    pieces: list[bytes]
    pause_s: float = 0.0
    delay_s: float = 0.0


@dataclass
class Call:
    """One request to an httpbin endpoint."""

    scope: Scope
    receive: Receive
    method: str
    path: str  # without the root path
    parts: list[str]  # path segments after the first, ``/links/10/2`` → ["10", "2"]
    query: list[tuple[str, str]]
    settings: MockSettings
    sequences: SeededSequences
    policy: Policy  # ``SITE`` inside ``statusdex serve``, on the site's own origin
    _body: bytes | None = field(default=None, repr=False)

    @property
    def inside_site(self) -> bool:
        return self.policy is SITE

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        """The request headers as an echo may show them: inside ``statusdex serve`` the
        site's own cookies are left out of ``Cookie`` (they are none of the mock's business)."""
        h: list[tuple[bytes, bytes]] = self.scope["headers"]
        if not self.inside_site:
            return h
        out = []
        for k, v in h:
            if k == b"cookie":
                kept = [
                    piece
                    for piece in v.split(b";")
                    if not is_site_cookie(piece.split(b"=", 1)[0].strip().decode("latin-1"))
                ]
                if not kept:
                    continue
                v = b";".join(kept).strip()
            out.append((k, v))
        return out

    @property
    def root_path(self) -> str:
        root: str = self.scope.get("root_path", "")
        return root

    @property
    def raw_query(self) -> str:
        q: bytes = self.scope["query_string"]
        return q.decode("latin-1")

    def header(self, name: bytes) -> bytes | None:
        for k, v in self.scope["headers"]:
            if k == name:
                return v  # type: ignore[no-any-return]
        return None

    def arg(self, name: str) -> str | None:
        """The first value of query parameter ``name`` (None when absent)."""
        for k, v in self.query:
            if k == name:
                return v
        return None

    @property
    def origin(self) -> str:
        client = self.scope.get("client")
        return str(client[0]) if client else ""

    @property
    def host(self) -> str:
        raw = self.header(b"host")
        if raw:
            return raw.decode("latin-1")
        server = self.scope.get("server")
        return f"{server[0]}:{server[1]}" if server else "localhost"

    def url(self) -> str:
        """The URL the client asked for, as httpbin shows it."""
        scheme: str = self.scope.get("scheme", "http")
        query = self.raw_query
        full = f"{scheme}://{self.host}{self.root_path}{self.path}"
        return f"{full}?{query}" if query else full

    async def body(self) -> bytes:
        """The request body, read once, at most ``max_request_bytes``."""
        if self._body is not None:
            return self._body
        cap = self.settings.max_request_bytes
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self.receive()
            if message["type"] != "http.request":
                break
            piece: bytes = message.get("body", b"")
            size += len(piece)
            if size > cap:
                raise MockInputError(
                    f"the request body is over the server's cap max_request_bytes={cap}", "body"
                )
            chunks.append(piece)
            if not message.get("more_body", False):
                break
        self._body = b"".join(chunks)
        return self._body


Result = Reply | Plan | Stream
Handler = Callable[[Call], Awaitable[Result]]


@lru_cache(maxsize=512)
def display_name(raw: bytes) -> str:
    """A header name as httpbin shows it: ``user-agent`` → ``User-Agent``."""
    return "-".join(p[:1].upper() + p[1:] for p in raw.decode("latin-1").split("-"))


def headers_dict(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """The request headers as httpbin shows them: one string per name, repeats joined by ``,``."""
    out: dict[str, str] = {}
    for k, v in headers:
        name = display_name(k)
        value = v.decode("latin-1")
        prev = out.get(name)
        out[name] = value if prev is None else f"{prev},{value}"
    return out


def multi_dict(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """httpbin's ``args`` and ``form``: a string for one value, a list for several."""
    out: dict[str, str | list[str]] = {}
    for k, v in pairs:
        prev = out.get(k)
        if prev is None:
            out[k] = v
        elif isinstance(prev, list):
            prev.append(v)
        else:
            out[k] = [prev, v]
    return out


def json_reply(data: Any, status: int = 200, extra: Headers | None = None) -> Reply:
    payload = json.dumps(data, ensure_ascii=False, indent=None).encode()
    return reply(status, payload, JSON, extra)


def reply(status: int, body: bytes, media: bytes | None, extra: Headers | None = None) -> Reply:
    headers: Headers = []
    if media is not None:
        headers.append((b"content-type", media))
    headers.append((b"content-length", str(len(body)).encode()))
    if extra:
        headers.extend(extra)
    headers.extend(responses.CORS)
    return Reply(status, headers, body)


def empty(status: int, extra: Headers | None = None) -> Reply:
    """A response with no content at all (304, a redirect with nothing to say)."""
    headers: Headers = list(extra or [])
    if status != 304:
        headers.append((b"content-length", b"0"))
    headers.extend(responses.CORS)
    return Reply(status, headers, None if status == 304 else b"")


@cache
def asset(name: str) -> bytes:
    return resources.files("statusdex.mock.httpbin").joinpath("data", name).read_bytes()


def whole_number(raw: str, *, name: str, cap: int, cap_name: str) -> int:
    """A whole number 0…cap, or a 400 naming the cap."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):
        raise MockInputError(f"{name} must be a whole number, got {raw!r}", name)
    n = int(text)
    if n > cap:
        raise MockInputError(f"{name}={n} is over the server's cap {cap_name}={cap}", name)
    return n


def is_site_cookie(name: str) -> bool:
    low = name.lower()
    return low.startswith(SITE_COOKIE_PREFIXES) or low.startswith(SPECIAL_COOKIE_PREFIXES)


def check_cookie_name(call: Call, name: str, parameter: str) -> None:
    """Inside ``statusdex serve`` a mock response sets and clears no cookie at all: they would
    land on the site's origin (a site cookie fixed or wiped, or a jar filled until every page
    of the site is refused). ``statusdex mock`` alone sets any."""
    if call.inside_site:
        raise MockInputError(
            f"cookie {name!r} cannot be set or deleted: inside statusdex serve it would land on "
            "the site's own origin (mock.policy); run statusdex mock for cookie tests",
            parameter,
        )


async def send_stream(stream: Stream, method: str, receive: Receive, send: Send) -> None:
    """Send ``stream`` piece by piece; stop as soon as the client goes away."""
    from statusdex.mock.delivery import client_left

    if stream.delay_s > 0 and await client_left(receive, stream.delay_s):
        return
    await send({"type": "http.response.start", "status": stream.status, "headers": stream.headers})
    if method == "HEAD":
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    last = len(stream.pieces) - 1
    for i, piece in enumerate(stream.pieces):
        await send({"type": "http.response.body", "body": piece, "more_body": i < last})
        if i < last and stream.pause_s > 0 and await client_left(receive, stream.pause_s):
            return
    if not stream.pieces:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
