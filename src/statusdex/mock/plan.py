"""From a request to a ``Plan``: which response to send, when, and how to break it.

Every option can be given as a query parameter or as an ``X-HttpStatus-<Name>`` request
header (for clients that cannot change the URL). Names ignore case, ``-`` and ``_``, so
``suppressBody``, ``suppress_body`` and ``X-HttpStatus-SuppressBody`` are the same option.
Unknown query parameters are ignored (cache busters keep working); giving one option twice
is an error.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Literal

from statusdex.core.lang import LANGUAGES
from statusdex.mock import choices, negotiate, responses
from statusdex.mock.params import (
    MockInputError,
    count,
    duration_ms,
    header_field,
    status_code,
    switch,
)
from statusdex.mock.policy import STANDALONE, Policy, check_redirect
from statusdex.mock.responses import CodeInfo, Headers, Reply
from statusdex.mock.settings import MockSettings

Abort = Literal["before-headers", "after-headers", "mid-body"]
HEADER_PREFIX = "x-httpstatus-"
RESPONSE_HEADER_PREFIX = "x-httpstatus-response-"
_ABORTS: dict[str, Abort] = {
    "before-headers": "before-headers",
    "after-headers": "after-headers",
    "mid-body": "mid-body",
    "during-body": "mid-body",
}
# httpstat.us's switches, by normalised name.
_ABORT_SWITCHES: dict[str, Abort] = {
    "abortbeforeheaders": "before-headers",
    "abortafterheaders": "after-headers",
    "abortduringbody": "mid-body",
}
DRIBBLE_MS = 200.0  # httpstat.us's DribbleBody: the first 20 characters, 10 ms apart


@dataclass
class Plan:
    """Everything the delivery needs, decided before the first byte is sent."""

    reply: Reply
    delay_s: float = 0.0
    after_headers_s: float = 0.0
    drip_s: float = 0.0
    abort: Abort | None = None
    #: A 1xx to send first (100 after reading the body, or 103 as an early hint).
    interim: int | None = None
    interim_headers: Headers = field(default_factory=list)

    @property
    def sleeps(self) -> bool:
        return self.delay_s > 0 or self.after_headers_s > 0 or self.drip_s > 0


@dataclass(frozen=True)
class Request:
    """The parts of an ASGI request the planner reads."""

    method: str
    route: str  # "code", "random", "status", "delay", "redirect", "relative-redirect", …
    arg: str
    query: list[tuple[str, str]]
    headers: list[tuple[bytes, bytes]]
    root_path: str = ""
    scheme: str = "http"
    client: str = ""
    early_hints: bool = False

    def header(self, name: bytes) -> bytes | None:
        for k, v in self.headers:
            if k == name:
                return v
        return None


def norm(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


class Options:
    """The options of one request, from its query and its X-HttpStatus-* headers."""

    def __init__(self, req: Request) -> None:
        self.values: dict[str, tuple[str, str]] = {}  # norm name -> (as written, value)
        self.headers: list[tuple[str, str, str]] = []  # (name, value, parameter)
        for name, value in req.query:
            key = norm(name)
            if key == "header":
                hname, sep, hvalue = value.partition(":")
                if not sep:
                    raise MockInputError(f"header={value!r} must look like Name:value", "header")
                self.headers.append((hname.strip(), hvalue, "header"))
                continue
            self._put(key, name, value)
        for raw_name, raw_value in req.headers:
            name = raw_name.decode("latin-1")
            if not name.startswith(HEADER_PREFIX):
                continue
            value = raw_value.decode("latin-1")
            if name.startswith(RESPONSE_HEADER_PREFIX):
                self.headers.append((name[len(RESPONSE_HEADER_PREFIX) :], value, name))
            else:
                self._put(norm(name[len(HEADER_PREFIX) :]), name, value)

    def _put(self, key: str, written: str, value: str) -> None:
        if key in self.values:
            raise MockInputError(
                f"{written} is given more than once (also as {self.values[key][0]})", written
            )
        self.values[key] = (written, value)

    def get(self, *keys: str) -> tuple[str, str] | None:
        found = [(k, self.values[k]) for k in keys if k in self.values]
        if len(found) > 1:
            a, b = found[0][1][0], found[1][1][0]
            raise MockInputError(f"{a} and {b} mean the same thing; give only one", b)
        return found[0][1] if found else None


def build(
    req: Request,
    settings: MockSettings,
    sequences: choices.SeededSequences,
    policy: Policy = STANDALONE,
) -> Plan:
    """Decide the whole response for ``req``; raises ``MockInputError`` for bad input.

    ``policy`` decides which requested header fields are allowed (``mock.policy``)."""
    opts = Options(req)
    path_delay_ms = 0.0
    location: str | None = None
    echo = False

    if req.route == "code":
        vendor = opts.get("vendor")
        if "." in req.arg:
            if vendor:
                raise MockInputError("an IIS sub-status cannot take vendor=", "vendor")
            info = responses.substatus_info(req.arg)
        else:
            info = responses.code_info(status_code(req.arg), vendor[1] if vendor else None)
    elif req.route in ("random", "status"):
        info = responses.code_info(_draw(req, opts, settings, sequences))
    elif req.route == "delay":
        path_delay_ms = duration_ms(req.arg, name="delay", bare_unit="s")
        info = responses.code_info(200)
        echo = True
    else:  # redirect chains
        info, location = _redirect(req, opts, settings)

    if info.status < 200:
        return _interim(req, opts, info, settings, sequences, policy)

    kind = negotiate.representation(req.header(b"accept"))
    lang = negotiate.language(req.header(b"accept-language"), LANGUAGES)
    defaults = responses.default_headers(info, req.root_path)
    requested = _requested_headers(req, opts, settings, policy)
    asked = opts.get("location")
    if asked is not None:
        if location is not None:
            raise MockInputError("a redirect chain sets its own Location", asked[0])
        if any(k == b"location" for k, _ in requested):
            raise MockInputError(f"{asked[0]} and a Location header both set it; give one")
        check_redirect(
            b"location",
            asked[1],
            req.header(b"host"),
            settings.allowed_redirect_hosts,
            asked[0],
        )
        location = header_field("Location", asked[1], parameter=asked[0])[1].decode("latin-1")
        if location.startswith("/") and not location.startswith("//"):
            location = req.root_path + location
    if location is not None:
        requested = [(k, v) for k, v in requested if k != b"location"]
        requested.append((b"location", location.encode("latin-1")))
    names = {k for k, _ in requested}
    headers: Headers = [(k, v) for k, v in defaults if k not in names]

    # The body
    custom = opts.get("body")
    content_type = opts.get("contenttype")
    suppress = opts.get("suppressbody")
    body: bytes | None
    media: bytes | None
    if info.content != "allowed":
        for given in (custom, content_type):
            if given:
                raise MockInputError(
                    f"{info.label} must not carry content (RFC 9110), so {given[0]} cannot apply",
                    given[0],
                )
        body, media = None, None
    elif custom is not None:
        data = custom[1].encode("utf-8")
        if len(data) > settings.max_body_bytes:
            raise MockInputError(
                f"body is {len(data)} bytes, over the server's cap "
                f"max_body_bytes={settings.max_body_bytes}",
                custom[0],
            )
        body, media = data, responses.TEXT
    elif echo:
        body, media = _echo(req, policy), responses.JSON
    else:
        body, media = responses.body(info, kind, lang), responses.CONTENT_TYPES[kind]
    if content_type is not None:
        media = header_field("Content-Type", content_type[1], parameter=content_type[0])[1]
    if suppress is not None and switch(suppress[1], name=suppress[0]) and body is not None:
        body, media = b"", None

    if body is not None:
        if media is not None and b"content-type" not in names:
            headers.append((b"content-type", media))
        headers.append((b"content-length", str(len(body)).encode()))
        if responses.wants_content_range(info) and b"content-range" not in names:
            headers.append((b"content-range", responses.content_range(info.status, len(body))))
    headers.extend(requested)
    headers.extend(responses.cors(k for k, _ in requested) if requested else responses.CORS)

    plan = Plan(Reply(info.status, headers, body))
    _timing(plan, opts, settings, path_delay_ms)
    return plan


def _draw(
    req: Request, opts: Options, settings: MockSettings, sequences: choices.SeededSequences
) -> int:
    spec = req.arg
    options = choices.parse_choices(spec, cap=settings.max_choices)
    seed = opts.get("seed")
    attempt = opts.get("attempt")
    if attempt is not None and seed is None:
        raise MockInputError(
            "attempt= needs seed= (it picks the n-th draw of that sequence)", attempt[0]
        )
    if seed is None:
        return options.pick(random.random())
    if attempt is not None:
        index = count(attempt[1], name=attempt[0], cap=2**31, cap_name="attempt limit")
    else:
        index = sequences.next_index(seed[1], spec)
    return options.pick(choices.draw(seed[1], index))


def _redirect(req: Request, opts: Options, settings: MockSettings) -> tuple[CodeInfo, str]:
    n = count(req.arg, name="redirects", cap=settings.max_redirects, cap_name="max_redirects")
    if n < 1:
        raise MockInputError("a redirect chain needs at least 1 hop", "redirects")
    code = 302
    given = opts.get("status")
    if given is not None:
        code = status_code(given[1], name=given[0])
    info = responses.code_info(code)
    sem = info.entry.semantics if info.entry is not None else None
    if sem is None or "Location" not in sem.header_names():
        raise MockInputError(f"{info.label} is not a redirect that carries Location", "status")
    absolute = req.route == "absolute-redirect"
    flag = opts.get("absolute")
    if flag is not None:
        absolute = switch(flag[1], name=flag[0])
    if n == 1:
        target = "/200"
    else:
        kind = "absolute-redirect" if absolute else "relative-redirect"
        target = f"/{kind}/{n - 1}"
    query = f"?status={code}" if given is not None and n > 1 else ""
    location = req.root_path + target + query
    if absolute:
        host = (req.header(b"host") or b"localhost").decode("latin-1")
        location = f"{req.scheme}://{host}{location}"
    return info, location


def _interim(
    req: Request,
    opts: Options,
    info: CodeInfo,
    settings: MockSettings,
    sequences: choices.SeededSequences,
    policy: Policy,
) -> Plan:
    """1xx codes are interim: they can only precede a final response, never replace it."""
    expect = (req.header(b"expect") or b"").lower() == b"100-continue"
    can = (info.status == 100 and expect) or (info.status == 103 and req.early_hints)
    if not can:
        how = {
            100: "send the request with a body and 'Expect: 100-continue'",
            103: "use a server that offers the ASGI early-hint extension (HTTP/2)",
        }.get(info.status)
        detail = (
            f"{info.label} is an interim response: it can only come before a final one, and "
            "this server cannot send it on its own over HTTP/1.1."
        )
        if how:
            detail += f" To get a real {info.status} followed by a final code, {how}."
        return Plan(
            responses.problem(501, "interim-response", detail, code=info.status),
        )
    final = opts.get("final")
    final_code = status_code(final[1], name=final[0]) if final else 200
    if final_code < 200:
        raise MockInputError("final= must be a final code (200 to 599)", "final")
    inner = Request(
        req.method,
        "code",
        str(final_code),
        [(k, v) for k, v in req.query if norm(k) != "final"],
        req.headers,
        req.root_path,
        req.scheme,
        req.client,
        False,
    )
    plan = build(inner, settings, sequences, policy)
    plan.interim = info.status
    if info.status == 103:
        plan.interim_headers = [
            (k, v) for k, v in responses.default_headers(info, req.root_path) if k == b"link"
        ]
    return plan


def _requested_headers(
    req: Request, opts: Options, settings: MockSettings, policy: Policy
) -> Headers:
    out: Headers = []
    total = 0
    host = req.header(b"host")
    for name, value, parameter in opts.headers:
        key, val = header_field(name, value, parameter=parameter)
        policy.check_field(
            key,
            val,
            host=host,
            allowed_hosts=settings.allowed_redirect_hosts,
            parameter=parameter,
        )
        total += len(key) + len(val) + 4
        if total > settings.max_header_bytes:
            raise MockInputError(
                f"the requested headers add up to more than the server's cap "
                f"max_header_bytes={settings.max_header_bytes}",
                parameter,
            )
        out.append((key, val))
    return out


def _timing(plan: Plan, opts: Options, settings: MockSettings, path_delay_ms: float) -> None:
    total = 0.0
    sleep = opts.get("sleep")
    delay = opts.get("delay")
    if path_delay_ms and (sleep or delay):
        given = sleep or delay
        assert given is not None
        raise MockInputError(f"/delay/… already sets the delay; drop {given[0]}", given[0])
    before = path_delay_ms
    if sleep is not None and delay is not None:
        raise MockInputError(f"{sleep[0]} and {delay[0]} both set the delay; give one", delay[0])
    if sleep is not None:
        before = duration_ms(sleep[1], name=sleep[0], bare_unit="ms")
    elif delay is not None:
        before = duration_ms(delay[1], name=delay[0], bare_unit="s")
    after = opts.get("sleepafterheaders")
    after_ms = duration_ms(after[1], name=after[0], bare_unit="ms") if after else 0.0
    drip = opts.get("drip")
    drip_ms = duration_ms(drip[1], name=drip[0], bare_unit="ms") if drip else 0.0
    dribble = opts.get("dribblebody")
    if dribble is not None and switch(dribble[1], name=dribble[0]):
        if drip is not None:
            raise MockInputError(f"{dribble[0]} and {drip[0]} both drip the body; give one")
        drip_ms = DRIBBLE_MS
    total = before + after_ms + drip_ms
    if total > settings.max_delay_ms:
        raise MockInputError(
            f"the waits add up to {total:,.0f} ms, over the server's cap "
            f"max_delay_ms={settings.max_delay_ms}",
            (sleep or delay or after or drip or ("delay", ""))[0],
        )
    plan.delay_s, plan.after_headers_s, plan.drip_s = before / 1000, after_ms / 1000, drip_ms / 1000

    aborts: list[tuple[str, Abort]] = []
    abort = opts.get("abort")
    if abort is not None:
        value = _ABORTS.get(abort[1].strip().lower())
        if value is None:
            raise MockInputError(
                f"{abort[0]} must be before-headers, after-headers or mid-body, got {abort[1]!r}",
                abort[0],
            )
        aborts.append((abort[0], value))
    for key, value in _ABORT_SWITCHES.items():
        given = opts.get(key)
        if given is not None and switch(given[1], name=given[0]):
            aborts.append((given[0], value))
    if len(aborts) > 1:
        raise MockInputError(
            f"{aborts[0][0]} and {aborts[1][0]} both abort the response; give one", aborts[1][0]
        )
    plan.abort = aborts[0][1] if aborts else None


def _echo(req: Request, policy: Policy) -> bytes:
    """httpbin's request echo, for ``/delay/{n}`` (without the fields the policy hides)."""
    args: dict[str, str | list[str]] = {}
    for k, v in req.query:
        prev = args.get(k)
        args[k] = v if prev is None else [*([prev] if isinstance(prev, str) else prev), v]
    headers = {
        k.decode("latin-1").title(): v.decode("latin-1")
        for k, v in req.headers
        if k not in policy.unechoed
    }
    host = headers.get("Host", "localhost")
    query = "&".join(f"{k}={v}" for k, v in req.query)
    url = f"{req.scheme}://{host}{req.root_path}/delay/{req.arg}" + (f"?{query}" if query else "")
    data = {"args": args, "headers": headers, "origin": req.client, "url": url}
    return json.dumps(data, ensure_ascii=False).encode()
