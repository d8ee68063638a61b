"""Run every rule over a response (or a chain of them) and build the report."""

from __future__ import annotations

from collections.abc import Callable

from statusdex.checks import body, caching, codes, fault, headers, lint, redirects
from statusdex.checks.context import Context
from statusdex.checks.model import Finding, Message, Report, Request, ResponseReport, rank
from statusdex.core.lang import resolve
from statusdex.core.records import Family

Rule = Callable[[Context], list[Finding]]
RULES: tuple[Rule, ...] = (
    codes.state,
    headers.required,
    headers.location,
    headers.content_range,
    body.forbidden,
    body.hidden,
    body.encoding,
    redirects.method_change,
    caching.cached_long,
)


def review(msg: Message, req: Request, lang: str, *, use_httplint: bool = True) -> ResponseReport:
    """One response, judged."""
    status = codes.resolve(msg)
    ctx = Context(msg, req, status, lang)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(ctx))
    if use_httplint:
        findings.extend(lint.notes(msg, req.method))
    findings.sort(key=lambda f: -rank(f.severity))
    if status is not None:
        text = status.text(lang)
        label, summary, who, fault_text = status.label, text.summary, status.fault, text.fault
    else:
        fam = statusdex_family(msg.status)
        label = f"{msg.status} {msg.reason}".strip()
        summary = fam.text(lang).summary if fam is not None else ""
        who = fam.fault if fam is not None else ()
        fault_text = ""
    return ResponseReport(
        status=msg.status,
        key=status.key if status is not None else None,
        label=label,
        summary=summary,
        fault=tuple(who),
        fault_text=fault_text,
        hints=fault.hints(ctx),
        url=msg.url,
        location=msg.header("Location") if 300 <= msg.status < 400 else None,
        elapsed_ms=msg.elapsed_ms,
        findings=findings,
    )


def statusdex_family(code: int) -> Family | None:
    import statusdex

    if 1 <= code // 100 <= 5:
        return statusdex.family(code // 100)
    return None


def check_messages(
    messages: list[Message],
    request: Request | None = None,
    *,
    lang: str | None = None,
    stopped: str | None = None,
    use_httplint: bool = True,
) -> Report:
    """A chain of responses (one or more), the first answering ``request``.

    After a redirect the next request's method is what clients do: 303, and 301/302 after
    POST, become GET (RFC 9110, Section 15.4); 307/308 keep it."""
    language = resolve(lang)
    req = request or Request()
    reports: list[ResponseReport] = []
    for msg in messages:
        reports.append(review(msg, req, language, use_httplint=use_httplint))
        req = Request(_next_method(msg, req.method), redirects.next_url(msg) or req.url)
    chain = redirects.chain(messages, language, stopped=stopped)
    return Report(language, reports, chain)


def _next_method(msg: Message, method: str) -> str:
    from statusdex.core import store

    if not 300 <= msg.status < 400:
        return method
    found = store.meanings(msg.status)
    sem = found[0].semantics if found else None
    redirect = sem.redirect if sem is not None else None
    if redirect is None:
        return method
    if redirect.method == "becomes-get" and method.upper() != "HEAD":
        return "GET"
    if redirect.method == "may-change" and method.upper() == "POST":
        return "GET"
    return method
