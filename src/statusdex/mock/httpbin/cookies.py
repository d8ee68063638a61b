"""Cookies: ``/cookies``, ``/cookies/set?name=value`` (or ``/cookies/set/{name}/{value}``) and
``/cookies/delete?name``. Setting and deleting answer ``302`` to ``/cookies``, as httpbin does.

Inside ``statusdex serve`` the mock shares the site's origin, so a name of the site's own
cookies (``statusdex…``) or with a browser prefix (``__Host-``, ``__Secure-``) is refused.
"""

from __future__ import annotations

import re

from statusdex.mock.httpbin.common import (
    Call,
    NotFoundError,
    check_cookie_name,
    empty,
    is_site_cookie,
    json_reply,
)
from statusdex.mock.params import MockInputError
from statusdex.mock.responses import Headers, Reply

_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# RFC 6265 cookie-octet: visible ASCII but no space, DQUOTE, comma, semicolon or backslash.
_VALUE = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
_EXPIRED = "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"


def _cookies(call: Call) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in call.headers:
        if name != b"cookie":
            continue
        for piece in value.decode("latin-1").split(";"):
            k, sep, v = piece.strip().partition("=")
            if sep and k and not (call.inside_site and is_site_cookie(k)):
                out[k] = v.strip().strip('"')
    return out


async def cookies(call: Call) -> Reply:
    if call.parts and call.parts[0] == "set":
        return _set(call)
    if call.parts and call.parts[0] == "delete":
        return _delete(call)
    if call.parts:
        raise NotFoundError("use /cookies, /cookies/set or /cookies/delete")
    return json_reply({"cookies": _cookies(call)})


def _check(call: Call, name: str, value: str, parameter: str) -> None:
    if not _NAME.fullmatch(name):
        raise MockInputError(f"{name!r} is not a valid cookie name", parameter)
    if not _VALUE.fullmatch(value):
        raise MockInputError(
            f"cookie {name} has a value with characters a cookie cannot hold "
            "(space, quote, comma, semicolon, backslash or control characters)",
            parameter,
        )
    check_cookie_name(call, name, parameter)


def _redirect(call: Call, lines: list[str]) -> Reply:
    total = sum(len(line) + 14 for line in lines)
    if total > call.settings.max_header_bytes:
        raise MockInputError(
            "the cookies add up to more than the server's cap "
            f"max_header_bytes={call.settings.max_header_bytes}",
            "cookies",
        )
    headers: Headers = [(b"set-cookie", line.encode("latin-1")) for line in lines]
    headers.append((b"location", (call.root_path + "/cookies").encode("latin-1")))
    return empty(302, headers)


def _set(call: Call) -> Reply:
    if len(call.parts) == 3:
        pairs = [(call.parts[1], call.parts[2])]
    elif len(call.parts) == 1:
        pairs = list(call.query)
    else:
        raise NotFoundError("use /cookies/set?name=value or /cookies/set/{name}/{value}")
    lines = []
    for name, value in pairs:
        _check(call, name, value, name)
        lines.append(f"{name}={value}; Path=/")
    return _redirect(call, lines)


def _delete(call: Call) -> Reply:
    if len(call.parts) != 1:
        raise NotFoundError("use /cookies/delete?name")
    lines = []
    for name, _ in call.query:
        _check(call, name, "", name)
        lines.append(f"{name}=; {_EXPIRED}")
    return _redirect(call, lines)
