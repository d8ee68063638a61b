"""Redirects: method changes (per the registry's redirect semantics) and chains."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import urljoin, urlsplit

from statusdex.checks.context import Context
from statusdex.checks.messages import say
from statusdex.checks.model import Finding, Message

MAX_HOPS = 5  # a chain longer than this is worth a warning


def method_change(ctx: Context) -> list[Finding]:
    sem = ctx.status.semantics if ctx.status is not None else None
    redirect = sem.redirect if sem is not None else None
    method = ctx.req.method.upper()
    if redirect is None or redirect.method != "may-change" or method in ("GET", "HEAD"):
        return []
    better = preserving(redirect.permanent)
    return [
        ctx.finding(
            "redirect-method-change",
            "warning",
            ctx.code_source,
            code=ctx.code,
            method=method,
            better=better,
        )
    ]


def preserving(permanent: bool) -> str:
    """The registry's code that redirects the same way and keeps the method."""
    import statusdex

    for s in statusdex.all_statuses(kind="iana"):
        r = s.semantics.redirect if s.semantics is not None else None
        if r is not None and r.method == "preserved" and r.permanent == permanent:
            return s.code
    return "307"


def next_url(msg: Message) -> str | None:
    """Where a redirect points, resolved against the response's URL."""
    loc = msg.header("Location")
    if loc is None or not 300 <= msg.status < 400:
        return None
    try:
        return urljoin(msg.url or "", loc.strip())
    except ValueError:
        return None


def chain(messages: list[Message], lang: str, *, stopped: str | None = None) -> list[Finding]:
    """Findings about the whole chain: length, loops, downgrades, a non-HTTP target."""
    out: list[Finding] = []
    src = "RFC 9110, Section 15.4"
    hops = [m for m in messages if 300 <= m.status < 400]
    if len(hops) > MAX_HOPS:
        out.append(_f(lang, "chain-long", "warning", src, count=len(hops), limit=MAX_HOPS))
    seen: set[str] = set()
    for m in messages:
        if m.url:
            if m.url in seen:
                out.append(_f(lang, "chain-loop", "error", src, url=m.url))
                break
            seen.add(m.url)
    for prev, cur in pairwise(messages):
        if prev.url and cur.url and _scheme(prev.url) == "https" and _scheme(cur.url) == "http":
            out.append(_f(lang, "chain-downgrade", "error", "RFC 9110, Section 4.2.2", url=cur.url))
    if messages:
        target = next_url(messages[-1])
        if target is not None and _scheme(target) not in ("http", "https"):
            out.append(_f(lang, "chain-scheme", "warning", src, url=target))
        elif (
            target is not None
            and stopped == "loop"
            and not any(f.rule == "chain-loop" for f in out)
        ):
            out.append(_f(lang, "chain-loop", "error", src, url=target))
    return out


def _scheme(url: str) -> str:
    return urlsplit(url).scheme.lower()


def _f(lang: str, rule: str, severity: str, source: str, **values: object) -> Finding:
    return Finding(rule, severity, say(lang, rule, **values), source)
