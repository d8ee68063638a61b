"""HEAD on every GET route, and ``Allow`` answers that say so (RFC 9110, Sections 9.3.2, 10.2.1).

FastAPI registers a route only for the methods it names, so a ``@router.get`` route answered
HEAD with 405 and its 405 answers listed ``Allow: GET``. This middleware, around the whole web
face, answers HEAD by running the GET route and sending its status and header fields without
the body, and adds HEAD wherever an ``Allow`` field lists GET. No route has to know.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def allow_with_head(value: bytes) -> bytes:
    """``GET`` → ``GET, HEAD``; a list without GET, or with HEAD already, is left alone."""
    methods = [m.strip() for m in value.decode("latin-1").split(",") if m.strip()]
    upper = {m.upper() for m in methods}
    if "GET" in upper and "HEAD" not in upper:
        methods.append("HEAD")
    return ", ".join(methods).encode("latin-1")


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_head_aware(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, allow_with_head(v) if k.lower() == b"allow" else v)
                    for k, v in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a HEAD answer has no body: drop every piece, end once
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(scope, receive, send_head_aware)
