"""Errors and temporary redirects that caches may keep for long."""

from __future__ import annotations

from statusdex.checks.context import Context
from statusdex.checks.model import Finding

LONG = 86_400  # one day: past this, a wrong answer lingers


def cached_long(ctx: Context) -> list[Finding]:
    value = ctx.msg.header("Cache-Control")
    if value is None:
        return []
    sem = ctx.status.semantics if ctx.status is not None else None
    redirect = sem.redirect if sem is not None else None
    judged = ctx.code >= 400 or (redirect is not None and not redirect.permanent)
    if not judged:
        return []
    seconds = _max_age(value)
    if seconds is None or seconds <= LONG:
        return []
    return [
        ctx.finding(
            "cached-long",
            "warning",
            "RFC 9111, Section 5.2.2.1",
            code=ctx.code,
            seconds=seconds,
            value=value,
        )
    ]


def _max_age(value: str) -> int | None:
    """The longest of max-age and s-maxage, unless no-store or no-cache says otherwise."""
    best: int | None = None
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-store", "no-cache"):
            return None
        if name in ("max-age", "s-maxage"):
            try:
                n = int(arg.strip().strip('"'))
            except ValueError:
                continue
            best = n if best is None else max(best, n)
    return best
