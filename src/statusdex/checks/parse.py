"""A raw HTTP/1.x response as text (``curl -si`` output, a paste) → ``Message``s.

``curl -si -L`` prints every hop, and a server may send 1xx responses first, so the input can
hold several responses; each one before the last must be a 1xx or a redirect. Errors name the
line that does not parse.
"""

from __future__ import annotations

import re

from statusdex.checks.errors import ParseError
from statusdex.checks.model import Message

_STATUS_LINE = re.compile(rb"^(HTTP/\d(?:\.\d)?) +(\d{3})(?: (.*))?$")
_FIELD_NAME = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
MAX_INPUT = 10 * 1024 * 1024


def parse_raw(data: bytes | str, *, url: str | None = None) -> list[Message]:
    """Every response in ``data``, in order. Raises ``ParseError`` naming the line."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > MAX_INPUT:
        raise ParseError(f"the input is larger than {MAX_INPUT // (1024 * 1024)} MiB", 1)
    lines = data.split(b"\n")
    pos = 0
    while pos < len(lines) and not lines[pos].strip():
        pos += 1
    if pos == len(lines):
        raise ParseError("the input is empty; expected a status line such as 'HTTP/1.1 200 OK'", 1)
    out: list[Message] = []
    while True:
        msg, pos = _one(lines, pos, url)
        out.append(msg)
        # Another response follows a 1xx or a redirect when curl showed several hops.
        nxt = pos
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        more = nxt < len(lines) and _STATUS_LINE.match(lines[nxt].rstrip(b"\r")) is not None
        if more and (100 <= msg.status < 200 or 300 <= msg.status < 400 or not msg.body.strip()):
            out[-1] = Message(
                status=msg.status,
                headers=msg.headers,
                body=b"",
                reason=msg.reason,
                version=msg.version,
                url=msg.url,
            )
            pos = nxt
            continue
        return out


def _one(lines: list[bytes], pos: int, url: str | None) -> tuple[Message, int]:
    first = lines[pos].rstrip(b"\r")
    m = _STATUS_LINE.match(first)
    if m is None:
        shown = first[:60].decode("utf-8", "replace")
        raise ParseError(
            f"expected a status line such as 'HTTP/1.1 200 OK', found {shown!r}", pos + 1
        )
    version, code, reason = m.group(1), int(m.group(2)), m.group(3) or b""
    if code < 100:
        raise ParseError(f"status {code} is below 100", pos + 1)
    pos += 1
    headers: list[tuple[str, str]] = []
    while pos < len(lines):
        line = lines[pos].rstrip(b"\r")
        if not line:
            pos += 1
            break
        if line[:1] in (b" ", b"\t"):
            if not headers:
                raise ParseError("a continuation line before any header field", pos + 1)
            prev_name, prev_value = headers[-1]
            headers[-1] = (prev_name, f"{prev_value} {_text(line.strip())}")
            pos += 1
            continue
        raw_name, sep, raw_value = line.partition(b":")
        if not sep or not _FIELD_NAME.match(raw_name):
            shown = line[:60].decode("utf-8", "replace")
            raise ParseError(f"expected a header field 'Name: value', found {shown!r}", pos + 1)
        headers.append((_text(raw_name), _text(raw_value.strip())))
        pos += 1
    # After a 1xx or a redirect (curl -si -L), the body runs to the next status line that
    # follows a blank line; any other response's body runs to the end of the input.
    start = pos
    end = len(lines)
    hop = 100 <= code < 200 or 300 <= code < 400
    for i in range(start, len(lines) if hop else start + 1):
        if _STATUS_LINE.match(lines[i].rstrip(b"\r")) and (i == start or not lines[i - 1].strip()):
            end = i
            break
    body = b"\n".join(lines[start:end])
    if end < len(lines):
        body = body.rstrip(b"\r\n")
    msg = Message(
        status=code,
        headers=tuple(headers),
        body=body,
        reason=_text(reason),
        version=_text(version),
        url=url,
    )
    return msg, end


def _text(b: bytes) -> str:
    return b.decode("latin-1")
