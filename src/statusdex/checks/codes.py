"""The code itself: which registry entry it is, its IANA state, vendor codes in public."""

from __future__ import annotations

from statusdex.checks.context import Context
from statusdex.checks.messages import word
from statusdex.checks.model import Finding, Message
from statusdex.core import store
from statusdex.core.records import Status

_STATE_SEVERITY = {"deprecated": "warning", "obsoleted": "warning", "reserved": "warning"}


def resolve(msg: Message) -> Status | None:
    """The registry's entry for this response: the IANA code, else the vendor whose name
    shows in Server or Via, else the first vendor by precedence; None if unassigned."""
    meanings = store.meanings(msg.status) if msg.status < 1000 else ()
    if not meanings:
        return None
    if meanings[0].kind == "iana":
        return meanings[0]
    return vendor_named(msg, meanings) or meanings[0]


def vendor_named(msg: Message, meanings: tuple[Status, ...]) -> Status | None:
    seen = " ".join(v for v in (msg.header("Server"), msg.header("Via")) if v).lower()
    for s in meanings:
        v = s.vendor
        if v is not None and any(n.lower() in seen for n in (v.id, v.name, *v.aliases) if n):
            return s
    return None


def state(ctx: Context) -> list[Finding]:
    s = ctx.status
    if s is None:
        fam = f"{ctx.code // 100}xx" if 1 <= ctx.code // 100 <= 5 else "?"
        return [
            ctx.finding("unassigned", "error", "RFC 9110, Section 15", code=ctx.code, family=fam)
        ]
    if s.kind == "vendor" and s.vendor is not None:
        fam = s.family.id if s.family is not None else str(ctx.code)
        src = s.sources[0].label if s.sources else s.vendor.name
        if s.wire == "never":
            return [ctx.finding("vendor-never", "error", src, label=s.label, vendor=s.vendor.name)]
        return [
            ctx.finding(
                "vendor-public", "info", src, label=s.label, vendor=s.vendor.name, family=fam
            )
        ]
    if s.state in _STATE_SEVERITY:
        return [
            ctx.finding(
                "state",
                _STATE_SEVERITY[s.state],
                ctx.code_source,
                code=s.label,
                state=word(ctx.lang, "states", s.state),
            )
        ]
    return []
