"""Request echo: ``/anything``, ``/get``, ``/post``…, ``/headers``, ``/ip``, ``/user-agent``,
``/hostname``, ``/uuid``, ``/dump/request``, ``/response-headers``.

The JSON keys are httpbin's: ``args``, ``data``, ``files``, ``form``, ``headers``, ``json``,
``method``, ``origin``, ``url``. Header names are shown as httpbin shows them
(``User-Agent``), one string per name. ``origin`` is the address of the connection's peer;
``X-Forwarded-For`` is shown among the headers but not trusted.
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import json
import uuid
from typing import Any
from urllib.parse import parse_qsl

from statusdex.mock.httpbin.common import (
    JSON,
    TEXT,
    Call,
    WrongMethodError,
    display_name,
    headers_dict,
    json_reply,
    multi_dict,
    reply,
)
from statusdex.mock.params import MockInputError, header_field
from statusdex.mock.responses import Headers, Reply

HOSTNAME = "statusdex-mock"  # like go-httpbin, the real host name is not given away
_BODY_METHODS = {"post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}


def only(call: Call, *methods: str) -> None:
    """Refuse other methods with 405 (HEAD goes with GET; OPTIONS is always answered)."""
    allowed = (*methods, "HEAD") if "GET" in methods else methods
    if call.method not in allowed and call.method != "OPTIONS":
        raise WrongMethodError((*allowed, "OPTIONS"))


def base(call: Call) -> dict[str, Any]:
    """``args``, ``headers``, ``origin``, ``url``: what every echo shows."""
    return {
        "args": multi_dict(call.query),
        "headers": headers_dict(call.headers),
        "origin": call.origin,
        "url": call.url(),
    }


async def with_body(call: Call) -> dict[str, Any]:
    """``base`` plus the body: ``data``, ``files``, ``form``, ``json``."""
    out = base(call)
    body = await call.body()
    media = (call.header(b"content-type") or b"").decode("latin-1")
    kind = media.split(";", 1)[0].strip().lower()
    data = ""
    form: dict[str, str | list[str]] = {}
    files: dict[str, str | list[str]] = {}
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
        except (UnicodeDecodeError, ValueError) as exc:
            raise MockInputError(f"the form body cannot be read: {exc}", "body") from None
        form = multi_dict(pairs)
    elif kind == "multipart/form-data":
        form, files = _multipart(media, body)
    else:
        data = _text(body)
    parsed: Any = None
    if data:
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = None
    out.update(data=data, files=files, form=form, json=parsed)
    return out


def _text(body: bytes) -> str:
    """The body as text; bytes that are not UTF-8 as a base64 data URL (as httpbin does)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return "data:application/octet-stream;base64," + base64.b64encode(body).decode()


def _multipart(
    media: str, body: bytes
) -> tuple[dict[str, str | list[str]], dict[str, str | list[str]]]:
    head = f"Content-Type: {media}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise MockInputError("the multipart body has no parts (check its boundary)", "body")
    fields: list[tuple[str, str]] = []
    uploads: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = _text(payload if isinstance(payload, bytes) else b"")
        (uploads if part.get_filename() is not None else fields).append((name, content))
    return multi_dict(fields), multi_dict(uploads)


async def anything(call: Call) -> Reply:
    out = await with_body(call)
    out["method"] = call.method
    return json_reply(out)


async def get(call: Call) -> Reply:
    only(call, "GET")
    return json_reply(base(call))


async def head(call: Call) -> Reply:
    only(call, "GET")  # HEAD, and GET for a client that wants to see what HEAD leaves out
    return json_reply(base(call))


async def body_method(call: Call) -> Reply:
    first = call.path.split("/", 2)[1]
    only(call, _BODY_METHODS[first])
    return json_reply(await with_body(call))


async def headers(call: Call) -> Reply:
    return json_reply({"headers": headers_dict(call.headers)})


async def ip(call: Call) -> Reply:
    if call.arg("format") == "text":
        return reply(200, (call.origin + "\n").encode(), TEXT)
    return json_reply({"origin": call.origin})


async def user_agent(call: Call) -> Reply:
    ua = call.header(b"user-agent")
    return json_reply({"user-agent": ua.decode("latin-1") if ua is not None else None})


async def hostname(call: Call) -> Reply:
    return json_reply({"hostname": HOSTNAME})


async def uuid4(call: Call) -> Reply:
    return json_reply({"uuid": str(uuid.uuid4())})


async def dump_request(call: Call) -> Reply:
    """The request roughly as it came over HTTP/1.1 (header names as httpbin shows them)."""
    target = call.root_path + call.path + (f"?{call.raw_query}" if call.raw_query else "")
    version = call.scope.get("http_version", "1.1")
    lines = [f"{call.method} {target} HTTP/{version}"]
    lines += [f"{display_name(k)}: {v.decode('latin-1')}" for k, v in call.headers]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return reply(200, head + await call.body(), TEXT)


async def response_headers(call: Call) -> Reply:
    """Each query parameter becomes a response header; the body lists them all as JSON."""
    extra: Headers = []
    shown: list[tuple[str, str]] = []
    media = JSON
    total = 0
    for name, value in call.query:
        key, val = header_field(name, value, parameter=name)
        call.policy.check_field(
            key,
            val,
            host=call.header(b"host"),
            allowed_hosts=call.settings.allowed_redirect_hosts,
            parameter=name,
        )
        total += len(key) + len(val) + 4
        if total > call.settings.max_header_bytes:
            raise MockInputError(
                "the requested headers add up to more than the server's cap "
                f"max_header_bytes={call.settings.max_header_bytes}",
                name,
            )
        if key == b"content-type":
            media = val
        else:
            extra.append((key, val))
        shown.append((name, val.decode("latin-1")))
    data: dict[str, str | list[str]] = multi_dict(shown)
    if not any(k.lower() == "content-type" for k, _ in shown):
        data["Content-Type"] = media.decode()
    # Content-Length is part of what is shown, and it counts itself: settle it in two passes.
    length = 0
    for _ in range(3):
        data["Content-Length"] = str(length)
        payload = json.dumps(data, ensure_ascii=False).encode()
        if len(payload) == length:
            break
        length = len(payload)
    return reply(200, payload, media, extra)


def decode_base64(raw: str) -> bytes:
    text = raw.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise MockInputError(f"{raw!r} is not valid base64", "value") from None
