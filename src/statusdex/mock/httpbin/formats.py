"""Bodies in given formats and encodings: ``/gzip``, ``/deflate``, ``/brotli``, ``/json``,
``/html``, ``/xml``, ``/encoding/utf8``, ``/robots.txt``, ``/deny``, ``/base64/{value}``,
``/links/{n}/{offset}`` and ``/forms/post``. The documents are statusdex's own text.
"""

from __future__ import annotations

import gzip as gzip_module
import html
import json
import zlib
from string import Template

from statusdex.mock.httpbin.common import (
    HTML,
    JSON,
    TEXT,
    Call,
    NotFoundError,
    asset,
    headers_dict,
    reply,
)
from statusdex.mock.httpbin.common import whole_number as number
from statusdex.mock.httpbin.echo import decode_base64
from statusdex.mock.params import MockInputError, header_field
from statusdex.mock.responses import Reply


def _encoded(call: Call, flag: str, encoding: bytes, data: bytes) -> Reply:
    return reply(200, data, JSON, [(b"content-encoding", encoding), (b"vary", b"Accept-Encoding")])


def _echo(call: Call, flag: str) -> bytes:
    out = {
        flag: True,
        "headers": headers_dict(call.headers),
        "method": call.method,
        "origin": call.origin,
    }
    return json.dumps(out, ensure_ascii=False).encode()


async def gzip(call: Call) -> Reply:
    data = gzip_module.compress(_echo(call, "gzipped"), mtime=0)
    return _encoded(call, "gzipped", b"gzip", data)


async def deflate(call: Call) -> Reply:
    # HTTP's "deflate" is the zlib format (RFC 9110, Section 8.4.1.2).
    return _encoded(call, "deflated", b"deflate", zlib.compress(_echo(call, "deflated")))


async def brotli(call: Call) -> Reply:
    import brotli as brotli_module

    data = brotli_module.compress(_echo(call, "brotli"))
    return _encoded(call, "brotli", b"br", data)


async def json_(call: Call) -> Reply:
    return reply(200, asset("sample.json"), JSON)


async def html_(call: Call) -> Reply:
    return reply(200, asset("page.html"), HTML)


async def xml(call: Call) -> Reply:
    return reply(200, asset("sample.xml"), b"application/xml")


async def encoding(call: Call) -> Reply:
    if call.parts != ["utf8"]:
        raise NotFoundError("use /encoding/utf8")
    return reply(200, asset("utf8.html"), HTML)


async def robots(call: Call) -> Reply:
    return reply(200, asset("robots.txt"), TEXT)


async def deny(call: Call) -> Reply:
    return reply(200, asset("deny.txt"), TEXT)


async def base64_(call: Call) -> Reply:
    """``/base64/{value}`` (or ``/base64/decode/{value}``) decodes; ``/base64/encode/{value}``
    encodes. ``?content-type=`` sets the type of a decoded body (default text/plain)."""
    import base64 as b64

    parts = call.parts
    mode = "decode"
    if len(parts) == 2 and parts[0] in ("decode", "encode"):
        mode, parts = parts[0], parts[1:]
    if len(parts) != 1:
        raise NotFoundError("use /base64/{value}, /base64/decode/{value} or /base64/encode/{value}")
    cap = call.settings.max_generated_bytes
    if len(parts[0]) > cap * 2:
        raise MockInputError(
            f"the value is over the server's cap max_generated_bytes={cap}", "value"
        )
    if mode == "encode":
        return reply(200, b64.urlsafe_b64encode(parts[0].encode("utf-8")), TEXT)
    data = decode_base64(parts[0])
    if len(data) > cap:
        raise MockInputError(
            f"the decoded value is over the server's cap max_generated_bytes={cap}", "value"
        )
    media = TEXT
    given = call.arg("content-type")
    if given is not None:
        media = header_field("Content-Type", given, parameter="content-type")[1]
    return reply(200, data, media)


async def links(call: Call) -> Reply:
    if len(call.parts) not in (1, 2):
        raise NotFoundError("use /links/{n} or /links/{n}/{offset}")
    n = number(call.parts[0], name="n", cap=call.settings.max_items, cap_name="max_items")
    offset = 0
    if len(call.parts) == 2:
        offset = number(call.parts[1], name="offset", cap=max(n - 1, 0), cap_name="n - 1")
    prefix = html.escape(call.root_path)
    items = []
    for i in range(n):
        if i == offset:
            items.append(f"{i} ")
        else:
            items.append(f"<a href='{prefix}/links/{n}/{i}'>{i}</a> ")
    page = f"<html><head><title>Links</title></head><body>{''.join(items)}</body></html>"
    return reply(200, page.encode(), HTML)


async def forms_post(call: Call) -> Reply:
    if call.parts != ["post"]:
        raise NotFoundError("use /forms/post")
    page = Template(asset("forms-post.html").decode("utf-8"))
    action = html.escape(call.root_path + "/post")
    return reply(200, page.substitute(action=action).encode("utf-8"), HTML)
