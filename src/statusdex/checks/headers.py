"""Header fields the registry says a code must, should or may carry; Location and
Content-Range values."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from statusdex.checks.context import Context
from statusdex.checks.messages import word
from statusdex.checks.model import Finding
from statusdex.core.records import Header

# RFC 9110 §15.3.7 (206) and §15.4.5 (304) require these only "if the field would have been
# sent in a 200 response to the same request"; a single response cannot show that, so their
# absence is not judged. This is a list of header fields, not of codes: the codes come from
# the registry's semantics.
# Last-Modified (RFC 9110, Section 8.8.2.1) is due only when the server has such a date.
CONDITIONAL = frozenset(
    {"cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified"}
)
SEVERITY = {"must": "error", "should": "warning"}
_RANGE_206 = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_RANGE_416 = re.compile(r"^bytes \*/(\d+)$")


def required(ctx: Context) -> list[Finding]:
    sem = ctx.status.semantics if ctx.status is not None else None
    if sem is None:
        return []
    out: list[Finding] = []
    for h in sem.headers:
        if ctx.msg.has(h.name) or h.name.lower() in CONDITIONAL:
            continue
        if h.name == "Content-Range" and ctx.msg.media_type == "multipart/byteranges":
            continue  # several ranges: each part carries its own Content-Range
        source = h.source or ctx.code_source
        if h.level in SEVERITY:
            out.append(
                ctx.finding(
                    "header-missing",
                    SEVERITY[h.level],
                    source,
                    code=ctx.code,
                    header=h.name,
                    level=word(ctx.lang, "levels", h.level),
                )
            )
        elif h.name == "Retry-After" and sem.retry == "after-wait":
            out.append(ctx.finding("retry-after-advice", "advice", source, code=ctx.code))
    return out


def location(ctx: Context) -> list[Finding]:
    value = ctx.msg.header("Location")
    if value is None or not any(h.name == "Location" for h in _headers(ctx)):
        return []
    if _resolves(value, ctx.msg.url):
        return []
    return [ctx.finding("location-invalid", "error", "RFC 9110, Section 10.2.2", location=value)]


def _resolves(value: str, base: str | None) -> bool:
    if not value.strip() or any(c in value for c in ' \t"<>\\^`{|}') or value != value.strip():
        return False
    if any(ord(c) < 0x21 or ord(c) > 0x7E for c in value):
        return False
    try:
        parts = urlsplit(urljoin(base or "http://host.invalid/", value))
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def content_range(ctx: Context) -> list[Finding]:
    value = ctx.msg.header("Content-Range")
    source = next(
        (h.source or ctx.code_source for h in _headers(ctx) if h.name == "Content-Range"), None
    )
    if value is None or source is None:
        return []
    if 200 <= ctx.code < 300:  # a satisfied range (206); otherwise an unsatisfied one (416)
        m = _RANGE_206.match(value.strip())
        ok = m is not None and int(m.group(1)) <= int(m.group(2))
        if ok and m is not None and m.group(3) != "*":
            ok = int(m.group(2)) < int(m.group(3))
        expected = "bytes first-last/length"
    else:
        ok = _RANGE_416.match(value.strip()) is not None
        expected = "bytes */length"
    if ok:
        return []
    return [
        ctx.finding(
            "content-range-invalid", "error", source, value=value, code=ctx.code, expected=expected
        )
    ]


def _headers(ctx: Context) -> tuple[Header, ...]:
    sem = ctx.status.semantics if ctx.status is not None else None
    return sem.headers if sem is not None else ()
