"""Bodies: content where the registry forbids it, and failures hiding behind a 2xx."""

from __future__ import annotations

import json
import re

from statusdex.checks.context import Context
from statusdex.checks.model import Finding

# Words an error page puts in its title or first heading (English, French, Thai).
_SOFT_404 = re.compile(
    r"not found|404|page (?:does not|doesn't) exist|no longer available|"
    r"introuvable|n'existe pas|ไม่พบ",
    re.IGNORECASE,
)
_HEADINGS = re.compile(r"<(title|h1)[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def forbidden(ctx: Context) -> list[Finding]:
    sem = ctx.status.semantics if ctx.status is not None else None
    forbids = (sem is not None and sem.content != "allowed") or 100 <= ctx.code < 200
    if not forbids or not ctx.msg.body:
        return []
    return [
        ctx.finding(
            "body-forbidden", "error", ctx.code_source, code=ctx.code, size=len(ctx.msg.body)
        )
    ]


def hidden(ctx: Context) -> list[Finding]:
    """A 2xx whose body says it failed."""
    sem = ctx.status.semantics if ctx.status is not None else None
    if not 200 <= ctx.code < 300 or (sem is not None and sem.content != "allowed"):
        return []  # 204 and 205 carry no content: forbidden() judges those
    msg = ctx.msg
    source = "RFC 9110, Section 15.3"
    if msg.media_type == "application/problem+json":
        return [ctx.finding("hidden-problem", "error", "RFC 9457, Section 3", code=ctx.code)]
    if msg.media_type.endswith("json") or msg.body.lstrip()[:1] in (b"{", b"["):
        why = _json_failure(ctx.text)
        if why == "problem":
            return [ctx.finding("hidden-problem", "error", "RFC 9457, Section 3", code=ctx.code)]
        if why:
            return [ctx.finding("hidden-error-json", "error", source, code=ctx.code, why=why)]
        return []
    if "html" in msg.media_type or msg.body.lstrip()[:1] == b"<":
        for _, inner in _HEADINGS.findall(ctx.text[:65536]):
            heading = " ".join(_TAGS.sub(" ", inner).split())
            if _SOFT_404.search(heading):
                return [ctx.finding("soft-404", "warning", source, code=ctx.code, why=heading)]
    if (
        ctx.code == 200
        and not msg.body
        and ctx.req.method.upper() != "HEAD"
        and (msg.header("Content-Length") in (None, "0"))
    ):
        return [
            ctx.finding(
                "empty-success",
                "advice",
                "RFC 9110, Section 15.3.5",
                code=ctx.code,
                method=ctx.req.method.upper(),
            )
        ]
    return []


def _json_failure(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    keys = {k.lower(): v for k, v in data.items() if isinstance(k, str)}
    status = keys.get("status")
    if "type" in keys and "title" in keys and isinstance(status, int) and status >= 400:
        return "problem"
    if keys.get("success") is False:
        return '"success": false'
    if keys.get("ok") is False:
        return '"ok": false'
    if isinstance(keys.get("status"), str) and keys["status"].lower() in (
        "error",
        "fail",
        "failed",
    ):
        return f'"status": "{keys["status"]}"'
    if keys.get("error") not in (None, False, "", [], {}):
        return '"error"'
    if keys.get("errors") not in (None, False, "", [], {}):
        return '"errors"'
    return ""


def encoding(ctx: Context) -> list[Finding]:
    """Say so when the body is text that does not decode as it claims."""
    msg = ctx.msg
    out: list[Finding] = []
    if msg.truncated:
        out.append(ctx.finding("body-truncated", "info", "statusdex", cap=len(msg.body)))
    textual = msg.media_type.startswith("text/") or msg.media_type.endswith(("json", "xml"))
    if textual and msg.body:
        charset = msg.charset or "utf-8"
        try:
            msg.body[: 256 * 1024].decode(charset)
        except (UnicodeDecodeError, LookupError) as e:
            # a cut in the middle of a character at the cap is not an error
            if not (
                msg.truncated and isinstance(e, UnicodeDecodeError) and e.start > len(msg.body) - 4
            ):
                out.append(
                    ctx.finding(
                        "body-undecodable", "warning", "RFC 9110, Section 8.3.2", charset=charset
                    )
                )
    return out
