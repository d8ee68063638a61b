"""``/redirect-to?url=…&status_code=…``, within the mock's redirect allow-list.

The chains ``/redirect/{n}``, ``/relative-redirect/{n}`` and ``/absolute-redirect/{n}`` are the
mock's own (``statusdex.mock.plan``); this module adds the one-hop redirect to a given URL. A
target on another host must be on ``allowed_redirect_hosts``: no open redirect.
"""

from __future__ import annotations

from statusdex.mock.httpbin.common import Call, empty
from statusdex.mock.params import MockInputError, status_code
from statusdex.mock.policy import check_redirect
from statusdex.mock.responses import Reply


def check_target(call: Call, target: str, parameter: str) -> None:
    """Raise a 400 unless ``target`` is relative, on this host or on the allow-list."""
    check_redirect(
        b"location", target, call.header(b"host"), call.settings.allowed_redirect_hosts, parameter
    )


async def redirect_to(call: Call) -> Reply:
    target = call.arg("url")
    if target is None or not target.strip():
        raise MockInputError("redirect-to needs url= (where to send the client)", "url")
    code = 302
    given = call.arg("status_code")
    if given is not None:
        code = status_code(given, name="status_code")
        if not 300 <= code <= 399:
            raise MockInputError(f"status_code must be a 3xx code, got {code}", "status_code")
    check_target(call, target, "url")
    value = target.strip()
    if value.startswith("/") and not value.startswith("//"):
        value = call.root_path + value
    try:
        location = value.encode("latin-1")
    except UnicodeEncodeError:
        raise MockInputError(
            "url must be written in ASCII (percent-encode the rest)", "url"
        ) from None
    if b"\r" in location or b"\n" in location:
        raise MockInputError("url must not contain a line break", "url")
    return empty(code, [(b"location", location)])
