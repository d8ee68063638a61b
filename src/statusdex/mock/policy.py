"""What a request may make the mock send, and what every mock answer carries, by where it runs.

The mock shapes responses from what a request asks for: its body, its Content-Type, any header
field. Inside ``statusdex serve`` those responses come from the site's own origin, next to the
reference pages and the learners' accounts, so a link someone else wrote must not be able to
turn a mock answer into an attack on the person who follows it. One policy decides, for every
requested field and every answer, in one place:

- **Every answer is a sandboxed document** (``Content-Security-Policy: sandbox`` and
  ``X-Content-Type-Options: nosniff``): a page the mock sends runs no script, submits no form,
  follows no ``<meta>`` refresh and gets an opaque origin, so it can read nothing of the site
  and its cookies, whatever body and Content-Type were asked for.
- **Fields that change what the browser keeps for the whole site are refused** (400) inside
  ``statusdex serve``: cookies (``Set-Cookie``, ``Clear-Site-Data``), HSTS, ``Alt-Svc``,
  reporting (``NEL``, ``Report-To``), service-worker scope, client hints, and CORS (the mock
  answers CORS itself and never with credentials). ``statusdex mock`` alone has no site to
  protect and lets them through, so a test can check a client's cookie handling.
- **Redirects stay on this server** in both cases: ``Location``, ``Content-Location`` and
  ``Refresh`` must be a path, this host, or a host on ``allowed_redirect_hosts``. ``Refresh``
  is accepted only in the one form every parser reads alike (``N`` or ``N; url=TARGET``).
- **A mock answer is never a script or stylesheet of the site**: inside ``statusdex serve``,
  requests a browser makes for a script, worker, service worker or stylesheet are refused,
  and ``/delay``'s echo of the request leaves out its cookies (HttpOnly on the site).
- Fields the server writes itself (framing, ``Date``, ``Server``) cannot be asked for: the
  answer would carry them twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from statusdex.mock.params import MockInputError

Headers = list[tuple[bytes, bytes]]

SANDBOX: Headers = [
    (b"content-security-policy", b"sandbox"),
    (b"x-content-type-options", b"nosniff"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")

_SERVER = "the server writes it itself, so the answer would carry it twice"
_FRAMING = "the server sets the message framing itself"
_SEALED = "every mock answer carries it already (nosniff)"
SERVER_OWNED: dict[bytes, str] = {
    b"content-length": _FRAMING,
    b"transfer-encoding": _FRAMING,
    b"connection": _FRAMING,
    b"keep-alive": _FRAMING,
    b"te": _FRAMING,
    b"date": _SERVER,
    b"server": _SERVER,
    b"x-content-type-options": _SEALED,
}
_COOKIES = "inside statusdex serve it would set or clear the site's own cookies"
_SITE_STATE = "inside statusdex serve it would change what browsers keep for the whole site"
_CORS = "the mock answers CORS itself, and never with credentials on the site's origin"
SITE_STATE: dict[bytes, str] = {
    b"set-cookie": _COOKIES,
    b"set-cookie2": _COOKIES,
    b"clear-site-data": _COOKIES,
    b"strict-transport-security": _SITE_STATE,
    b"alt-svc": _SITE_STATE,
    b"nel": _SITE_STATE,
    b"report-to": _SITE_STATE,
    b"reporting-endpoints": _SITE_STATE,
    b"service-worker-allowed": _SITE_STATE,
    b"accept-ch": _SITE_STATE,
    b"critical-ch": _SITE_STATE,
    b"set-login": _SITE_STATE,
    b"origin-agent-cluster": _SITE_STATE,
    **{
        b"access-control-" + name: _CORS
        for name in (
            b"allow-origin",
            b"allow-credentials",
            b"allow-methods",
            b"allow-headers",
            b"allow-private-network",
            b"expose-headers",
            b"max-age",
        )
    },
}
# Browser requests whose answer would run or style a page of the site (Sec-Fetch-Dest).
CODE_DESTINATIONS = frozenset(
    {
        b"script",
        b"style",
        b"worker",
        b"sharedworker",
        b"serviceworker",
        b"audioworklet",
        b"paintworklet",
        b"xslt",
    }
)
REDIRECTS = frozenset({b"location", b"content-location", b"refresh"})

# "N" or "N; url=TARGET": the only Refresh syntax every parser reads the same way.
_REFRESH = re.compile(r"[0-9]+(?:\.[0-9]+)?(?: *; *url=(?P<url>[^\s'\"]+))?", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Policy:
    """Where the mock runs: ``SITE`` (inside ``statusdex serve``) or ``STANDALONE``."""

    name: str
    #: Requested header names that are refused, with the reason given in the 400.
    refused: dict[bytes, str]
    #: Refuse browser requests for scripts, workers and stylesheets.
    refuse_code_destinations: bool
    #: Send HSTS on answers that arrived over HTTPS (the site's own policy).
    hsts: bool
    #: Request fields ``/delay``'s echo leaves out: the site's cookies are HttpOnly, and an
    #: echo would put them in a body.
    unechoed: frozenset[bytes] = frozenset()

    def check_field(
        self,
        key: bytes,
        value: bytes,
        *,
        host: bytes | None,
        allowed_hosts: tuple[str, ...],
        parameter: str,
    ) -> None:
        """Raise ``MockInputError`` if a request may not ask for this response field."""
        reason = self.refused.get(key)
        if reason is not None:
            raise MockInputError(f"{key.decode()} cannot be set: {reason}", parameter)
        if key in REDIRECTS:
            check_redirect(key, value.decode("latin-1"), host, allowed_hosts, parameter)

    def refusal(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        """Why this request must not be answered at all (None: answer it)."""
        if not self.refuse_code_destinations:
            return None
        for name, value in headers:
            if name == b"sec-fetch-dest" and value.strip().lower() in CODE_DESTINATIONS:
                return (
                    f"a mock answer cannot be loaded as a {value.decode('latin-1')} of this "
                    "site (statusdex serve); ask for it directly, or run statusdex mock"
                )
            if name == b"service-worker":
                return "a mock answer cannot be a service worker of this site"
        return None

    def seal(self, headers: Headers, scheme: str) -> Headers:
        """The answer's fields plus what every answer carries."""
        out = [*headers, *SANDBOX]
        if self.hsts and scheme == "https":
            out.append(HSTS)
        return out


STANDALONE = Policy("standalone", dict(SERVER_OWNED), False, False)
SITE = Policy("site", {**SERVER_OWNED, **SITE_STATE}, True, True, frozenset({b"cookie"}))


def check_redirect(
    key: bytes,
    value: str,
    host: bytes | None,
    allowed_hosts: tuple[str, ...],
    parameter: str,
) -> None:
    """A requested redirect may leave this host only for a host on the allow-list."""
    name = key.decode()
    target: str | None = value
    if key == b"refresh":
        m = _REFRESH.fullmatch(value)
        if m is None:
            raise MockInputError(
                f"Refresh must be written as N or N; url=TARGET (got {value!r}); other forms "
                "are read differently by different browsers",
                parameter,
            )
        target = m["url"]
        if target is None:
            return  # reloads this same page
    assert target is not None
    if any(c in target for c in "\\ \t"):
        raise MockInputError(f"{name} must not contain a backslash or whitespace", parameter)
    has_scheme = _SCHEME.match(target)
    if not has_scheme and not target.startswith("//"):
        return  # a path (or query, or fragment) on this server
    if has_scheme:
        scheme = has_scheme.group()[:-1].lower()
        if scheme not in ("http", "https"):
            raise MockInputError(f"{name} must be an http(s) URL or a path", parameter)
        if not target[len(scheme) + 1 :].startswith("//"):
            raise MockInputError(
                f"{name} must write an absolute URL as {scheme}://host/… (a bare {scheme}: "
                "is read as another host by browsers)",
                parameter,
            )
    parts = urlsplit(target)
    wanted = (parts.hostname or "").lower()
    if wanted and wanted in allowed_hosts:
        return
    if host is not None and wanted and _same_authority(parts.scheme, target, host):
        return
    raise MockInputError(
        f"{name} points to {wanted!r}, which is not this server and not on the server's "
        "allow-list allowed_redirect_hosts (no open redirects)",
        parameter,
    )


def _same_authority(scheme: str, target: str, host: bytes) -> bool:
    """True if ``target`` names the host (and port) the request was sent to."""
    mine = urlsplit("//" + host.decode("latin-1").strip())
    theirs = urlsplit(target)
    try:
        my_port, their_port = mine.port, theirs.port
    except ValueError:
        return False
    default = _DEFAULT_PORTS.get(scheme or "http", 80)
    return (mine.hostname or "").lower() == (theirs.hostname or "").lower() and (
        my_port or default
    ) == (their_port or default)
