"""Security headers on every answer of the web face, and CORS (open, read-only) for the API.

A route may set its own ``Content-Security-Policy`` (``/docs`` does); the middleware only adds
headers the response lacks. The mock server's answers do not pass through here: the mock
controls its own headers.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from statusdex.web.urls import route_path

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
# Over HTTPS (directly, or behind a proxy trusted for X-Forwarded-Proto) browsers are told to
# keep using HTTPS; over plain HTTP the field means nothing and is not sent (RFC 6797).
HSTS = (b"strict-transport-security", b"max-age=31536000")
CORS_PREFIXES = ("/api/", "/openapi.json")
CORS_METHODS = b"GET, HEAD, OPTIONS"
CORS: tuple[tuple[bytes, bytes], ...] = (
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"ETag, Content-Language, Retry-After"),
)


def is_cors_path(path: str) -> bool:
    return path.startswith(CORS_PREFIXES) or path == "/api"


class SecurityHeaders:
    """Adds the security headers, answers CORS preflights on API paths."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cors = is_cors_path(route_path(scope))
        if cors and scope["method"] == "OPTIONS":
            request_headers = Headers(scope=scope)
            if "access-control-request-method" in request_headers:
                await _preflight(request_headers, send)
                return
        extra = HEADERS + CORS if cors else HEADERS
        if scope.get("scheme") == "https":
            extra = (*extra, HSTS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((k, v) for k, v in extra if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _preflight(request_headers: Headers, send: Send) -> None:
    allowed = request_headers.get("access-control-request-method", "").upper() in (
        "GET",
        "HEAD",
    )
    headers = [
        *HEADERS,
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", CORS_METHODS),
        (b"access-control-max-age", b"86400"),
        (b"content-length", b"0"),
    ]
    asked = request_headers.get("access-control-request-headers")
    if asked:
        headers.append((b"access-control-allow-headers", asked.encode("latin-1")))
    await send(
        {"type": "http.response.start", "status": 204 if allowed else 405, "headers": headers}
    )
    await send({"type": "http.response.body", "body": b""})
