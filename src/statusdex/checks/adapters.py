"""Responses from httpx, requests or Starlette's TestClient (or plain parts) → ``Message``s."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from statusdex.checks.errors import CheckError
from statusdex.checks.model import Message, Request


def from_object(response: Any) -> tuple[list[Message], Request | None]:
    """Every hop (``response.history`` first) and the request that started them."""
    hops = [*list(getattr(response, "history", None) or []), response]
    messages = [_one(r) for r in hops]
    first = getattr(hops[0], "request", None)
    req = None
    if first is not None and getattr(first, "method", None):
        req = Request(str(first.method).upper(), str(getattr(first, "url", "")) or None)
    return messages, req


def _one(r: Any) -> Message:
    code = getattr(r, "status_code", None)
    if not isinstance(code, int):
        raise CheckError(f"{type(r).__name__} is not an HTTP response (no status_code)")
    raw = getattr(r, "headers", {})
    items = raw.multi_items() if hasattr(raw, "multi_items") else list(raw.items())
    body = r.content if hasattr(r, "content") else b""
    reason = getattr(r, "reason_phrase", None) or getattr(r, "reason", None) or ""
    url = getattr(r, "url", None)
    elapsed = getattr(r, "elapsed", None)
    version = getattr(r, "http_version", None) or "HTTP/1.1"
    return Message(
        status=code,
        headers=tuple((str(k), str(v)) for k, v in items),
        body=bytes(body or b""),
        reason=str(reason),
        version=str(version),
        url=str(url) if url else None,
        elapsed_ms=elapsed.total_seconds() * 1000 if elapsed is not None else None,
    )


def from_parts(
    status: int,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    body: bytes | str = b"",
) -> Message:
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
        raise CheckError(f"status must be a number from 100 to 999, not {status!r}")
    pairs = headers.items() if isinstance(headers, Mapping) else (headers or ())
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    return Message(status=status, headers=tuple((str(k), str(v)) for k, v in pairs), body=data)
