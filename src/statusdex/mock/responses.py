"""What the mock sends for a code: phrase, default header fields, body in text, JSON or HTML.

Everything about a code comes from the registry (``statusdex.lookup``): its phrase, whether
it may carry content, and which header fields it must or should carry. This module only
supplies the values of those fields (``defaults.toml``) and the layout of the bodies.
"""

from __future__ import annotations

import html
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from string import Template
from typing import Any

import statusdex
from statusdex.mock.negotiate import Kind
from statusdex.mock.params import MockInputError

Headers = list[tuple[bytes, bytes]]

UNKNOWN = "Unknown Code"
PROBLEM_BASE = "urn:statusdex:mock:"
# Header fields browser code may read across origins (CORS), besides the safelisted ones.
EXPOSED = (
    "Location",
    "Retry-After",
    "Content-Range",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "Link",
    "Allow",
    "Upgrade",
    "ETag",
    "X-Statusdex-Mock-Error",
)
CORS: Headers = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", ", ".join(EXPOSED).encode()),
]


# Header fields browsers never let page code read (the Fetch standard's forbidden response
# header names): listing them would expose nothing, and they are never advertised.
NEVER_EXPOSED = frozenset({b"set-cookie", b"set-cookie2"})


def cors(extra: Iterable[bytes]) -> Headers:
    """CORS fields that also expose the given (requested) header names to browser code."""
    names = list(EXPOSED)
    known = {n.lower() for n in names}
    for raw in extra:
        if raw in NEVER_EXPOSED:
            continue
        name = raw.decode("latin-1")
        if name not in known:
            known.add(name)
            names.append(name)
    return [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", ", ".join(names).encode("latin-1")),
    ]


TEXT = b"text/plain; charset=utf-8"
JSON = b"application/json"
HTML = b"text/html; charset=utf-8"
PROBLEM = b"application/problem+json"
CONTENT_TYPES: dict[Kind, bytes] = {"text": TEXT, "json": JSON, "html": HTML}


@dataclass(frozen=True)
class Reply:
    """A whole response. ``body=None`` means no content and no Content-Length at all."""

    status: int
    headers: Headers
    body: bytes | None


@dataclass(frozen=True)
class CodeInfo:
    """One code as the mock sends it: the wire status and the registry entry (None if unknown)."""

    status: int
    entry: statusdex.Status | None

    @property
    def display(self) -> str:
        return self.entry.code if self.entry is not None else str(self.status)

    @property
    def description(self) -> str:
        return self.entry.phrase if self.entry is not None else UNKNOWN

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}"

    @property
    def content(self) -> str:
        """``allowed``, ``forbidden`` or ``not-generated`` (RFC 9110), from the registry."""
        sem = self.entry.semantics if self.entry is not None else None
        if sem is not None:
            return sem.content
        # Vendor codes and unregistered codes have no semantics of their own: their class's rule.
        return "forbidden" if self.status < 200 else "allowed"


@lru_cache(maxsize=4096)
def code_info(code: int, vendor: str | None = None) -> CodeInfo:
    """The registry's meaning of ``code`` (a vendor's when ``vendor`` is given)."""
    try:
        entry = statusdex.lookup(code, vendor=vendor) if vendor else statusdex.lookup(code)
    except statusdex.UnknownVendorError as exc:
        if vendor is not None:
            raise MockInputError(str(exc), "vendor") from None
        entry = None
    except statusdex.UnknownStatusError:
        entry = None
    return CodeInfo(code, entry)


def substatus_info(key: str) -> CodeInfo:
    """An IIS sub-status such as ``403.14``: sent as its parent code."""
    try:
        entry = statusdex.lookup(key)
    except statusdex.UnknownStatusError as exc:
        raise MockInputError(str(exc), "code") from None
    return CodeInfo(int(entry), entry)


@cache
def _defaults() -> dict[str, Any]:
    text = resources.files("statusdex.mock").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_headers(info: CodeInfo, root_path: str = "") -> Headers:
    """The header fields the registry lists for this code, with our default values."""
    sem = info.entry.semantics if info.entry is not None else None
    if sem is None:
        return []
    values: dict[str, str] = _defaults()["headers"]
    out: Headers = []
    for name in sem.header_names():
        value = values.get(name)
        if value is None:
            continue
        if name == "Location":
            value = root_path + value
        out.append((name.lower().encode(), value.encode("latin-1")))
    return out


def wants_content_range(info: CodeInfo) -> bool:
    sem = info.entry.semantics if info.entry is not None else None
    return sem is not None and "Content-Range" in sem.header_names()


def content_range(status: int, body_length: int) -> bytes:
    """A valid Content-Range for a 206 (the bytes sent) or a 416 (``bytes */length``)."""
    complete = max(int(_defaults()["content_range"]["complete_length"]), body_length)
    if status == 206 and body_length > 0:
        return f"bytes 0-{body_length - 1}/{complete}".encode()
    return f"bytes */{complete}".encode()


def body(info: CodeInfo, kind: Kind, lang: str = "en") -> bytes:
    """The default body: ``404 Not Found``, its JSON form, or a small HTML page."""
    if kind == "json":
        data: dict[str, Any] = {"code": info.status, "description": info.description}
        if info.entry is not None:
            text = info.entry.text(lang)
            data.update(id=info.entry.key, summary=text.summary, lang=text.lang)
            if info.entry.vendor is not None:
                data["vendor"] = info.entry.vendor.id
        return json.dumps(data, ensure_ascii=False).encode()
    if kind == "html":
        return _page(info, lang).encode()
    return info.label.encode()


def _page(info: CodeInfo, lang: str) -> str:
    template = Template(resources.files("statusdex.mock").joinpath("page.html").read_text("utf-8"))
    summary = ""
    details: list[str] = []
    if info.entry is not None:
        text = info.entry.text(lang)
        summary = text.summary
        lang = text.lang
        for para in text.explanation.split("\n\n"):
            details.append(f"<p>{html.escape(para.strip())}</p>")
        if text.fixes:
            items = "".join(f"<li>{html.escape(f)}</li>" for f in text.fixes)
            details.append(f"<ul>{items}</ul>")
    else:
        summary = "This code is not in the registry."
    return template.substitute(
        lang=html.escape(lang),
        label=html.escape(info.label),
        summary=html.escape(summary),
        details="\n".join(details),
    )


def problem(
    status: int,
    kind: str,
    detail: str,
    *,
    parameter: str | None = None,
    extra: Headers | None = None,
    **fields: Any,
) -> Reply:
    """An RFC 9457 problem+json answer for the mock's own errors (marked, so it cannot be
    mistaken for a response the request asked for)."""
    data: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": code_info(status).description,
        "status": status,
        "detail": detail,
    }
    if parameter:
        data["parameter"] = parameter
    data.update(fields)
    payload = json.dumps(data, ensure_ascii=False).encode()
    headers: Headers = [
        (b"content-type", PROBLEM),
        (b"content-length", str(len(payload)).encode()),
        (b"x-statusdex-mock-error", kind.encode()),
        (b"cache-control", b"no-store"),
        *CORS,
        *(extra or []),
    ]
    return Reply(status, headers, payload)
