"""Judge real HTTP responses against the registry's rules for their status code.

>>> report = check(201, {"Content-Type": "application/json"}, b"{}", request="POST")
>>> sorted(report.rules())[:1]
['header-missing']

Modules, one concern each: ``parse`` (raw text), ``adapters`` (httpx, requests, TestClient),
``fetch`` (the terminal's HTTP client), ``codes``, ``headers``, ``body``, ``redirects``,
``caching`` (rules), ``fault`` (who is at fault), ``lint`` (httplint's notes), ``engine``.
"""

from __future__ import annotations

from typing import Any

from statusdex.checks.errors import CheckError, ParseError
from statusdex.checks.model import Finding, Message, Report, Request, ResponseReport
from statusdex.extras import require

require("check", "statusdex.checks")  # else one line naming the extra to install

__all__ = [
    "CheckError",
    "Finding",
    "Message",
    "ParseError",
    "Report",
    "Request",
    "ResponseReport",
    "check",
    "check_raw",
]


def check(
    response: Any,
    headers: Any = None,
    body: bytes | str = b"",
    *,
    request: Request | str | None = None,
    lang: str | None = None,
    httplint: bool = True,
) -> Report:
    """Judge a response: an httpx or requests response, a Starlette/FastAPI ``TestClient``
    response (redirects followed are judged too, from ``.history``), a ``Message``, or a
    status number with ``headers`` and ``body``. ``request`` is a method name or a
    ``Request``; by default it is taken from the response when it knows it, else GET."""
    from statusdex.checks.adapters import from_object, from_parts
    from statusdex.checks.engine import check_messages

    req = Request(request.upper()) if isinstance(request, str) else request
    if isinstance(response, Message):
        messages = [response]
    elif isinstance(response, int) and not isinstance(response, bool):
        messages = [from_parts(response, headers, body)]
    else:
        messages, seen = from_object(response)
        req = req or seen
    return check_messages(messages, req, lang=lang, use_httplint=httplint)


def check_raw(
    text: bytes | str, *, request: Request | str | None = None, lang: str | None = None
) -> Report:
    """Judge a raw response as ``curl -si`` prints it (several hops with ``-L``)."""
    from statusdex.checks.engine import check_messages
    from statusdex.checks.parse import parse_raw

    req = Request(request.upper()) if isinstance(request, str) else request
    return check_messages(parse_raw(text), req, lang=lang)
