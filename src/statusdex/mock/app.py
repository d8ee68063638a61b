"""The mock server as a raw ASGI app: any status code, spec-correct, with waits and faults.

Endpoints (any method):

- ``/{code}`` and ``/{code}/anything`` (httpstat.us), ``/403.14`` (IIS sub-statuses);
- ``/random/200,201,500-504`` (uniform) and ``/status/200:0.8,503:0.2`` (httpbin, weighted);
- ``/delay/{seconds}``, ``/redirect/{n}``, ``/relative-redirect/{n}``, ``/absolute-redirect/{n}``;
- httpbin's endpoint set (``/anything``, ``/get``, ``/headers``, ``/redirect-to``…), in
  ``statusdex.mock.httpbin``: tried after the routes above, before the 404.

Every mock answer carries ``Content-Security-Policy: sandbox`` (``statusdex.mock.policy``):
whatever a request makes the mock echo runs, if at all, in an opaque origin, never as the site
``statusdex serve`` shares it with.

The app is framework-free on purpose: it decides every header and every byte of the body
stream (faults need that), and a plain ``GET /404`` is answered from a cache of ready-made
ASGI messages.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from statusdex.core.lang import LANGUAGES
from statusdex.mock import delivery, negotiate, plan, responses
from statusdex.mock.choices import SeededSequences
from statusdex.mock.httpbin import router as httpbin
from statusdex.mock.httpbin.common import Stream
from statusdex.mock.params import MockInputError
from statusdex.mock.policy import STANDALONE, Policy
from statusdex.mock.ratelimit import RateLimiter
from statusdex.mock.responses import Reply
from statusdex.mock.settings import MockSettings
from statusdex.mock.shared import SharedState

# starlette only names the ASGI types: the mock app itself needs no framework
if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

ROUTES = ("random", "status", "delay", "redirect", "relative-redirect", "absolute-redirect")
ENDPOINTS = (
    "/{code}",
    "/{code}/{anything}",
    "/{iis-code}.{substatus}",
    "/random/{codes}",
    "/status/{codes}",
    "/delay/{seconds}",
    "/redirect/{n}",
    "/relative-redirect/{n}",
    "/absolute-redirect/{n}",
    *httpbin.ENDPOINTS,
)
_FAST_LIMIT = 4096
_FETCH_HEADERS = (b"sec-fetch-dest", b"service-worker")
Message = dict[str, Any]
FastKey = tuple[str, str, str, str, str, bool]


def route(path: str) -> tuple[str, str] | None:
    """``("code", "404")``, ``("status", "200,500")``…, or None for paths that are not ours."""
    parts = path.split("/", 3)
    first = parts[1] if len(parts) > 1 else ""
    if first[:1].isdigit():
        return ("code", first)
    if first in ROUTES:
        return (first, parts[2] if len(parts) > 2 else "")
    return None


class MockApp:
    """The ASGI callable. Its state (seeded sequences, sleepers, rate counts) is a
    ``SharedState``: shared by every worker process of one server when the server set
    ``STATUSDEX_SHARED_STATE``, else this process's own."""

    def __init__(
        self, not_found: ASGIApp | None, settings: MockSettings, policy: Policy = STANDALONE
    ) -> None:
        self.not_found = not_found
        self.settings = settings
        self.policy = policy
        self.shared = SharedState.from_env(settings.max_seeds)
        self.sequences = SeededSequences(settings.max_seeds, self.shared)
        self.limiter: RateLimiter | None = None
        if settings.rate_limit:
            self.limiter = RateLimiter(settings.rate_limit, settings.rate_window_s, self.shared)
        self._fast: dict[FastKey, tuple[Message, Message]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._other(scope, receive, send)
            return
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        method: str = scope["method"]

        # Fast path: GET/HEAD /NNN with no options, answered from ready-made messages.
        key = self._fast_key(
            method, path, scope["query_string"], scope["headers"], root, scope.get("scheme", "http")
        )
        if key is not None:
            cached = self._fast.get(key)
            if cached is not None:
                await send(cached[0])
                await send(cached[1])
                return
            await self._handle(scope, receive, send, path, ("code", path[1:]), key)
            return

        found = route(path)
        if found is None:
            bin_found = httpbin.find(path)
            if bin_found is not None:
                sealed = _sealing(send, self.policy, scope.get("scheme", "http"))
                await httpbin.serve(self, scope, receive, sealed, path, bin_found)
                return
            await self._not_ours(scope, receive, send, path)
            return
        await self._handle(scope, receive, send, path, found, None)

    async def sleep_and_deliver(
        self, todo: plan.Plan | Stream, method: str, receive: Receive, send: Send
    ) -> None:
        """Send a response that waits, holding one of the ``max_sleepers`` places."""
        if not self.shared.enter_sleeper(self.settings.max_sleepers):
            await _reply(send, _too_many_sleepers(self.settings), method)
            return
        try:
            await httpbin.deliver(todo, method, receive, send)
        finally:
            self.shared.leave_sleeper()

    def _fast_key(
        self,
        method: str,
        path: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        root: str,
        scheme: str,
    ) -> FastKey | None:
        """The fast-path cache key of a plain GET/HEAD /NNN (no options), else None."""
        if not (
            len(path) == 4
            and path[1] != "1"
            and path[1:].isdigit()
            and not query
            and self.limiter is None
            and (method == "GET" or method == "HEAD")
        ):
            return None
        accept: bytes | None = None
        accept_language: bytes | None = None
        for name, value in headers:
            if name == b"accept":
                accept = value
            elif name == b"accept-language":
                accept_language = value
            elif (
                name.startswith(b"x-httpstatus-")
                or name == b"expect"
                or (name in _FETCH_HEADERS and self.policy.refusal([(name, value)]))
            ):
                return None
        kind = negotiate.representation(accept)
        lang = "en" if kind == "text" else negotiate.language(accept_language, LANGUAGES)
        return (path, kind, lang, root, scheme, method == "HEAD")

    def cached_reply(
        self,
        method: str,
        path: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        scheme: str,
        root: str = "",
    ) -> tuple[Message, Message] | None:
        """The ready-made start and body messages for a request this app has answered the same
        way before (a plain ``GET /404``), else None. ``statusdex.serving`` writes them
        without starting an ASGI task; the answer is byte for byte the one ``__call__`` sends.
        ``path`` is without the root path."""
        key = self._fast_key(method, path, query, headers, root, scheme)
        return None if key is None else self._fast.get(key)

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path: str,
        found: tuple[str, str],
        fast_key: FastKey | None,
    ) -> None:
        method: str = scope["method"]
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        client = scope.get("client")
        address = client[0] if client else ""
        scheme: str = scope.get("scheme", "http")
        if self.limiter is not None:
            wait = self.limiter.check(address)
            if wait:
                await self._reply(send, _rate_limited(wait, self.settings), method, scheme)
                return
        refusal = self.policy.refusal(headers)
        if refusal is not None:
            await self._reply(send, responses.problem(403, "refused", refusal), method, scheme)
            return
        if method == "OPTIONS" and any(k == b"access-control-request-method" for k, _ in headers):
            await self._reply(send, _preflight(headers), method, scheme)
            return
        query = scope["query_string"].decode("latin-1")
        try:
            request = plan.Request(
                method=method,
                route=found[0],
                arg=found[1],
                query=_query(query, self.settings.max_query_params),
                headers=headers,
                root_path=scope.get("root_path", ""),
                scheme=scheme,
                client=address,
                early_hints="http.response.early_hint" in scope.get("extensions", {}),
            )
            todo = plan.build(request, self.settings, self.sequences, self.policy)
        except MockInputError as exc:
            await self._reply(send, _bad_request(exc), method, scheme)
            return
        except ValueError as exc:  # undecodable input
            await self._reply(send, _bad_request(MockInputError(str(exc))), method, scheme)
            return
        todo.reply = self._sealed(todo.reply, scheme)
        if not todo.sleeps and todo.abort is None and todo.interim is None:
            start, body = _messages(todo.reply, method)
            if fast_key is not None and len(self._fast) < _FAST_LIMIT:
                self._fast[fast_key] = (start, body)
            await send(start)
            await send(body)
            return
        if todo.sleeps:
            if not self.shared.enter_sleeper(self.settings.max_sleepers):
                await self._reply(send, _too_many_sleepers(self.settings), method, scheme)
                return
            try:
                await delivery.deliver(todo, method, receive, send)
            finally:
                self.shared.leave_sleeper()
            return
        await delivery.deliver(todo, method, receive, send)

    async def _not_ours(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        if self.not_found is not None:
            await self.not_found(scope, receive, send)
            return
        scheme = scope.get("scheme", "http")
        if path in ("", "/"):
            await self._reply(send, _index(), scope["method"], scheme)
            return
        reply = responses.problem(
            404,
            "not-found",
            f"{path} is not a mock endpoint. Try /404, /status/200:0.8,503:0.2 or /delay/1.",
            endpoints=list(ENDPOINTS),
        )
        await self._reply(send, reply, scope["method"], scheme)

    def _sealed(self, reply: Reply, scheme: str) -> Reply:
        return replace(reply, headers=self.policy.seal(reply.headers, scheme))

    async def _reply(self, send: Send, reply: Reply, method: str, scheme: str) -> None:
        """Send a whole answer, with the fields every answer carries."""
        start, body = _messages(self._sealed(reply, scheme), method)
        await send(start)
        await send(body)

    async def _other(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif self.not_found is not None:
            await self.not_found(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000})


def create_mock_app(
    *,
    not_found: ASGIApp | None = None,
    settings: MockSettings | None = None,
    policy: Policy | None = None,
) -> ASGIApp:
    """The mock endpoints as an ASGI app. Paths that are not mock endpoints go to
    ``not_found`` (the web app's helpful 404 page when composed by ``statusdex serve``);
    without it, the mock answers them with its own 404 problem listing the endpoints.

    ``policy`` says where the mock runs: ``mock.policy.SITE`` on a site's origin (what
    ``statusdex serve`` passes), ``STANDALONE`` (the default) on an origin of its own."""
    return MockApp(not_found, settings or MockSettings.from_env(), policy or STANDALONE)


def _sealing(send: Send, policy: Policy, scheme: str) -> Send:
    """``send`` that adds what every mock answer carries (``Policy.seal``) to the start."""

    async def send_sealed(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": policy.seal(list(message["headers"]), scheme)}
        await send(message)

    return send_sealed


async def _reply(send: Send, reply: Reply, method: str) -> None:
    """Send a whole answer as it is (the httpbin endpoints' ``send`` seals it)."""
    start, body = _messages(reply, method)
    await send(start)
    await send(body)


def _messages(reply: Reply, method: str) -> tuple[Message, Message]:
    start: Message = {
        "type": "http.response.start",
        "status": reply.status,
        "headers": reply.headers,
    }
    data = b"" if method == "HEAD" or reply.body is None else reply.body
    return start, {"type": "http.response.body", "body": data}


def _query(query: str, cap: int) -> list[tuple[str, str]]:
    """The query's name/value pairs; more than ``cap`` of them is a 400 that names the cap."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if len(pairs) > cap:
        raise MockInputError(
            f"the query has {len(pairs)} parameters, over the server's cap max_query_params={cap}",
            "query",
        )
    return pairs


def _bad_request(exc: MockInputError) -> Reply:
    return responses.problem(400, "invalid-request", exc.detail, parameter=exc.parameter)


def _rate_limited(wait: int, settings: MockSettings) -> Reply:
    return responses.problem(
        429,
        "rate-limited",
        f"this server allows {settings.rate_limit} requests per {settings.rate_window_s:g} s "
        f"per client; try again in {wait} s",
        extra=[(b"retry-after", str(wait).encode())],
    )


def _too_many_sleepers(settings: MockSettings) -> Reply:
    return responses.problem(
        503,
        "too-many-sleepers",
        f"{settings.max_sleepers} requests are already waiting (the server's cap "
        "max_sleepers); try again shortly",
        extra=[(b"retry-after", b"1")],
    )


def _preflight(headers: list[tuple[bytes, bytes]]) -> Reply:
    wanted = dict(headers)
    out = [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", wanted.get(b"access-control-request-method", b"GET")),
        (b"access-control-max-age", b"86400"),
    ]
    asked = wanted.get(b"access-control-request-headers")
    if asked:
        out.append((b"access-control-allow-headers", asked))
    return Reply(204, out, None)


def _index() -> Reply:
    import json

    data = {
        "name": "statusdex mock server",
        "endpoints": list(ENDPOINTS),
        "examples": ["/404", "/503?sleep=250ms", "/status/200:0.8,503:0.2?seed=1", "/redirect/3"],
    }
    payload = json.dumps(data).encode()
    headers = [
        (b"content-type", responses.JSON),
        (b"content-length", str(len(payload)).encode()),
        *responses.CORS,
    ]
    return Reply(200, headers, payload)
