"""Who is at fault, per response: the registry's answer, with Via and Server as hints."""

from __future__ import annotations

from statusdex.checks.context import Context
from statusdex.checks.messages import say
from statusdex.core import store


def hints(ctx: Context) -> list[str]:
    out: list[str] = []
    via = ctx.msg.header("Via")
    if via:
        out.append(say(ctx.lang, "hint-via", value=via))
    server = ctx.msg.header("Server")
    if server:
        out.append(say(ctx.lang, "hint-server", value=server))
    # Another vendor gives this number a meaning of its own, and its name shows in the headers.
    if ctx.status is not None and ctx.status.kind == "iana":
        from statusdex.checks.codes import vendor_named

        others = tuple(m for m in store.meanings(ctx.code) if m.kind == "vendor")
        v = vendor_named(ctx.msg, others)
        if v is not None and v.vendor is not None:
            out.append(say(ctx.lang, "hint-vendor", vendor=v.vendor.name, label=v.label))
    return out
