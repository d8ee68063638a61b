"""From a path to an httpbin handler, and from its result to the mock's common response path.

Every answer leaves through the mock app's own senders (``_reply`` for whole responses,
``delivery.deliver`` for plans, ``send_stream`` for pieces), with the ``send`` the app hands
over, so whatever the app adds to its responses (the sandbox policy inside ``statusdex
serve``) applies here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from statusdex.mock import delivery, responses
from statusdex.mock.httpbin import auth, caching, cookies, echo, formats, images, redirects, streams
from statusdex.mock.httpbin.common import (
    Call,
    Handler,
    NotFoundError,
    Stream,
    WrongMethodError,
    send_stream,
)
from statusdex.mock.params import MockInputError
from statusdex.mock.plan import Plan

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

    from statusdex.mock.app import MockApp

# first path segment → (handler, exact: True when the endpoint takes no further segments)
ROUTES: dict[str, tuple[Handler, bool]] = {
    "anything": (echo.anything, False),
    "get": (echo.get, True),
    "head": (echo.head, True),
    "post": (echo.body_method, True),
    "put": (echo.body_method, True),
    "patch": (echo.body_method, True),
    "delete": (echo.body_method, True),
    "headers": (echo.headers, True),
    "ip": (echo.ip, True),
    "user-agent": (echo.user_agent, True),
    "hostname": (echo.hostname, True),
    "uuid": (echo.uuid4, True),
    "dump": (echo.dump_request, False),
    "response-headers": (echo.response_headers, True),
    "redirect-to": (redirects.redirect_to, True),
    "basic-auth": (auth.basic_auth, False),
    "hidden-basic-auth": (auth.hidden_basic_auth, False),
    "bearer": (auth.bearer, True),
    "digest-auth": (auth.digest_auth, False),
    "cookies": (cookies.cookies, False),
    "cache": (caching.cache, False),
    "etag": (caching.etag, False),
    "range": (caching.range_, False),
    "bytes": (streams.bytes_, False),
    "stream": (streams.stream, False),
    "stream-bytes": (streams.stream_bytes, False),
    "drip": (streams.drip, True),
    "sse": (streams.sse, True),
    "unstable": (streams.unstable, True),
    "gzip": (formats.gzip, True),
    "deflate": (formats.deflate, True),
    "brotli": (formats.brotli, True),
    "json": (formats.json_, True),
    "html": (formats.html_, True),
    "xml": (formats.xml, True),
    "encoding": (formats.encoding, False),
    "robots.txt": (formats.robots, True),
    "deny": (formats.deny, True),
    "base64": (formats.base64_, False),
    "links": (formats.links, False),
    "forms": (formats.forms_post, False),
    "image": (images.image, False),
}
ENDPOINTS = (
    "/anything[/…]",
    "/get",
    "/post",
    "/put",
    "/patch",
    "/delete",
    "/head",
    "/headers",
    "/ip",
    "/user-agent",
    "/hostname",
    "/uuid",
    "/dump/request",
    "/response-headers?Name=value",
    "/redirect-to?url=…&status_code=3xx",
    "/basic-auth/{user}/{password}",
    "/hidden-basic-auth/{user}/{password}",
    "/bearer",
    "/digest-auth/{qop}/{user}/{password}[/{algorithm}]",
    "/cookies",
    "/cookies/set?name=value",
    "/cookies/delete?name",
    "/cache[/{seconds}]",
    "/etag/{etag}",
    "/range/{n}",
    "/bytes/{n}",
    "/stream/{n}",
    "/stream-bytes/{n}",
    "/drip",
    "/sse",
    "/unstable",
    "/gzip",
    "/deflate",
    "/brotli",
    "/encoding/utf8",
    "/json",
    "/html",
    "/xml",
    "/robots.txt",
    "/deny",
    "/base64/{value}",
    "/links/{n}[/{offset}]",
    "/forms/post",
    "/image[/{png,jpeg,webp,svg}]",
)


def find(path: str) -> tuple[Handler, list[str]] | None:
    """The handler for ``path`` and the segments after the first, or None if not ours."""
    first, _, rest = path[1:].partition("/")
    entry = ROUTES.get(first)
    if entry is None:
        return None
    handler, exact = entry
    parts = rest.split("/") if rest else []
    if exact and parts:
        return None
    return handler, parts


async def serve(
    app: MockApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    path: str,
    found: tuple[Handler, list[str]],
) -> None:
    from statusdex.mock.app import _bad_request, _preflight, _rate_limited, _reply

    method: str = scope["method"]
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    if app.limiter is not None:
        client = scope.get("client")
        wait = app.limiter.check(client[0] if client else "")
        if wait:
            await _reply(send, _rate_limited(wait, app.settings), method)
            return
    refusal = app.policy.refusal(headers)
    if refusal is not None:
        await _reply(send, responses.problem(403, "refused", refusal), method)
        return
    if method == "OPTIONS" and any(k == b"access-control-request-method" for k, _ in headers):
        await _reply(send, _preflight(headers), method)
        return
    handler, parts = found
    try:
        query = parse_qsl(
            scope["query_string"].decode("latin-1"),
            keep_blank_values=True,
            max_num_fields=app.settings.max_query_params,
        )
        call = Call(
            scope, receive, method, path, parts, query, app.settings, app.sequences, app.policy
        )
        result = await handler(call)
    except MockInputError as exc:
        await _reply(send, _bad_request(exc), method)
        return
    except NotFoundError as exc:
        await _reply(send, responses.problem(404, "not-found", exc.detail), method)
        return
    except WrongMethodError as exc:
        allow = ", ".join(exc.allowed)
        reply = responses.problem(
            405,
            "method-not-allowed",
            f"{path} answers {allow}",
            extra=[(b"allow", allow.encode())],
        )
        await _reply(send, reply, method)
        return
    except ValueError as exc:  # parse_qsl's field cap
        await _reply(send, _bad_request(MockInputError(str(exc))), method)
        return
    if isinstance(result, Plan):
        await app.sleep_and_deliver(result, method, receive, send)
    elif isinstance(result, Stream):
        if result.pause_s > 0 or result.delay_s > 0:
            await app.sleep_and_deliver(result, method, receive, send)
        else:
            await send_stream(result, method, receive, send)
    else:
        await _reply(send, result, method)


async def deliver(result: Plan | Stream, method: str, receive: Receive, send: Send) -> None:
    if isinstance(result, Plan):
        await delivery.deliver(result, method, receive, send)
    else:
        await send_stream(result, method, receive, send)
