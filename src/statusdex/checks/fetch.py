"""The terminal's HTTP client: one request, redirects followed by hand so every hop is seen.

Timeouts for connect, read and the whole exchange; bodies read up to a cap; only http and
https URLs, at the start and after each redirect."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from statusdex.checks.errors import CheckError
from statusdex.checks.model import Message, Request
from statusdex.checks.redirects import MAX_HOPS, next_url


@dataclass(frozen=True)
class Limits:
    connect: float = 5.0
    read: float = 10.0
    total: float = 30.0
    body_cap: int = 1024 * 1024
    max_redirects: int = MAX_HOPS * 2


@dataclass
class Fetched:
    messages: list[Message]
    request: Request
    stopped: str | None  # "loop", "scheme", "limit" when the chain was not followed to its end


def fetch(
    url: str,
    method: str = "GET",
    headers: list[tuple[str, str]] | None = None,
    data: bytes | None = None,
    limits: Limits | None = None,
) -> Fetched:
    import httpx

    lim = limits or Limits()
    if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
        raise CheckError(f"{url!r} is not an http:// or https:// URL")
    start = time.monotonic()
    messages: list[Message] = []
    seen: set[str] = set()
    req = Request(method.upper(), url)
    current, current_method, body = url, method.upper(), data
    timeout = httpx.Timeout(lim.read, connect=lim.connect)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            while True:
                seen.add(current)
                messages.append(
                    _one(client, current_method, current, headers or [], body, lim, start)
                )
                target = next_url(messages[-1])
                if target is None:
                    return Fetched(messages, req, None)
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    return Fetched(messages, req, "scheme")
                if target in seen:
                    return Fetched(messages, req, "loop")
                if len(messages) > lim.max_redirects:
                    return Fetched(messages, req, "limit")
                code = messages[-1].status
                if code == 303 or (code in (301, 302) and current_method == "POST"):
                    current_method, body = "GET", None
                current = target
    except httpx.TimeoutException as e:
        kind = type(e).__name__.replace("Timeout", "").lower() or "read"
        raise CheckError(f"timed out ({kind}) while talking to {current}") from None
    except httpx.HTTPError as e:
        raise CheckError(f"could not fetch {current}: {e or type(e).__name__}") from None


def _one(
    client: object,
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    data: bytes | None,
    lim: Limits,
    start: float,
) -> Message:
    import httpx

    assert isinstance(client, httpx.Client)
    t0 = time.monotonic()
    with client.stream(method, url, headers=headers, content=data) as r:
        chunks: list[bytes] = []
        size = 0
        truncated = False
        for chunk in r.iter_raw():
            if time.monotonic() - start > lim.total:
                raise CheckError(f"timed out (total {lim.total:g} s) while reading {url}")
            chunks.append(chunk)
            size += len(chunk)
            if size >= lim.body_cap:
                truncated = True
                break
        raw = b"".join(chunks)[: lim.body_cap]
        if time.monotonic() - start > lim.total:
            raise CheckError(f"timed out (total {lim.total:g} s) while talking to {url}")
        body = _decoded(r, raw) if not truncated else raw
        return Message(
            status=r.status_code,
            headers=tuple((k, v) for k, v in r.headers.multi_items()),
            body=body,
            reason=r.reason_phrase,
            version=r.http_version,
            url=str(r.url),
            elapsed_ms=(time.monotonic() - t0) * 1000,
            truncated=truncated,
        )


def _decoded(r: object, raw: bytes) -> bytes:
    """Undo Content-Encoding (gzip, br…) the way httpx would; raw bytes if that fails."""
    import httpx

    assert isinstance(r, httpx.Response)
    enc = r.headers.get("content-encoding", "").strip().lower()
    if not enc or enc == "identity":
        return raw
    try:
        return httpx.Response(200, headers={"content-encoding": enc}, content=raw).content
    except httpx.DecodingError:
        return raw
