"""Conditional and partial requests: ``/cache``, ``/cache/{n}``, ``/etag/{etag}``, ``/range/{n}``.

- ``/cache``: 304 when the request carries ``If-Modified-Since`` or ``If-None-Match``, else
  the ``/get`` echo with ``Last-Modified`` and ``ETag``.
- ``/cache/{n}``: the echo with ``Cache-Control: public, max-age=n``.
- ``/etag/{etag}``: the resource's entity tag is ``"{etag}"``; ``If-None-Match`` that matches
  gives 304, ``If-Match`` that does not gives 412 (RFC 9110, Section 13).
- ``/range/{n}``: ``n`` bytes of the alphabet, ``Accept-Ranges: bytes``; one ``Range`` gives
  206 with ``Content-Range``, an unsatisfiable one 416 with ``bytes */n``. A request for
  several ranges gets the whole body (200), which RFC 9110 allows.
"""

from __future__ import annotations

import time
import uuid
from email.utils import formatdate

from statusdex.mock.httpbin.common import OCTETS, Call, NotFoundError, empty, json_reply, reply
from statusdex.mock.httpbin.common import whole_number as number
from statusdex.mock.httpbin.echo import base
from statusdex.mock.responses import Reply

_ALPHABET = b"abcdefghijklmnopqrstuvwxyz"
_YEAR_S = 365 * 86_400


async def cache(call: Call) -> Reply:
    if len(call.parts) > 1:
        raise NotFoundError("use /cache or /cache/{seconds}")
    if call.parts:
        seconds = number(call.parts[0], name="seconds", cap=10 * _YEAR_S, cap_name="ten years")
        extra = [(b"cache-control", f"public, max-age={seconds}".encode())]
        return json_reply(base(call), extra=extra)
    if call.header(b"if-modified-since") is not None or call.header(b"if-none-match") is not None:
        return empty(304)
    extra = [
        (b"last-modified", formatdate(time.time(), usegmt=True).encode()),
        (b"etag", f'"{uuid.uuid4().hex}"'.encode()),
    ]
    return json_reply(base(call), extra=extra)


def _tags(raw: bytes) -> list[str]:
    out = []
    for piece in raw.decode("latin-1").split(","):
        tag = piece.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        out.append(tag.strip('"'))
    return out


async def etag(call: Call) -> Reply:
    if len(call.parts) != 1:
        raise NotFoundError("use /etag/{etag}")
    tag = call.parts[0]
    header = [(b"etag", f'"{tag}"'.encode("latin-1"))]
    none_match = call.header(b"if-none-match")
    if none_match is not None:
        tags = _tags(none_match)
        if tag in tags or "*" in tags:
            return empty(304, header)
    match = call.header(b"if-match")
    if match is not None:
        tags = _tags(match)
        if tag not in tags and "*" not in tags:
            return empty(412)
    return json_reply(base(call), extra=header)


def _range(raw: bytes, size: int) -> tuple[int, int] | bool | None:
    """(first, last) for one satisfiable range; None for none or several; False: unsatisfiable."""
    unit, _, spec = raw.decode("latin-1").partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_s, sep, last_s = spec.strip().partition("-")
    if not sep:
        return None
    try:
        if first_s == "":
            suffix = int(last_s)
            if suffix <= 0:
                return False
            return (max(size - suffix, 0), size - 1)
        first = int(first_s)
        last = int(last_s) if last_s else size - 1
    except ValueError:
        return None
    if first >= size:
        return False
    if last < first:
        return None
    return (first, min(last, size - 1))


async def range_(call: Call) -> Reply:
    if len(call.parts) != 1:
        raise NotFoundError("use /range/{n}")
    cap = call.settings.max_generated_bytes
    size = number(call.parts[0], name="n", cap=cap, cap_name="max_generated_bytes")
    data = (_ALPHABET * (size // len(_ALPHABET) + 1))[:size]
    headers = [(b"etag", f'"range{size}"'.encode()), (b"accept-ranges", b"bytes")]
    raw = call.header(b"range")
    wanted = _range(raw, size) if raw is not None else None
    if wanted is False:
        return reply(416, b"", OCTETS, [*headers, (b"content-range", f"bytes */{size}".encode())])
    if isinstance(wanted, tuple):
        first, last = wanted
        span = f"bytes {first}-{last}/{size}".encode()
        return reply(206, data[first : last + 1], OCTETS, [*headers, (b"content-range", span)])
    return reply(200, data, OCTETS, headers)
