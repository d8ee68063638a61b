"""Message-level notes from httplint (MIT), merged into our report.

httplint's status checks that our registry-driven rules already make are left out, so a 201
without Location is reported once."""

from __future__ import annotations

from statusdex.checks.model import Finding, Message

# httplint note classes that repeat a rule of ours (see headers.py, body.py, codes.py).
COVERED = frozenset(
    {
        "CREATED_WITHOUT_LOCATION",
        "REDIRECT_WITHOUT_LOCATION",
        "STATUS_DEPRECATED",
        "STATUS_RESERVED",
        "STATUS_NONSTANDARD",
        "UNAUTHORIZED_WITHOUT_AUTH",
        "PARTIAL_WITHOUT_RANGE",
        "STATUS_IM_A_TEAPOT",
        "CONTENT_NOT_ALLOWED",
        "RANGE_INVALID",
    }
)
_LEVELS = {"bad": "warning", "warning": "advice", "info": "info"}


def notes(msg: Message, method: str = "GET") -> list[Finding]:
    from httplint import HttpResponseLinter

    linter = HttpResponseLinter()
    linter.process_response_topline(
        msg.version.encode("latin-1"), str(msg.status).encode(), msg.reason.encode("latin-1")
    )
    linter.process_headers([(k.encode("latin-1"), v.encode("latin-1")) for k, v in msg.headers])
    linter.feed_content(msg.body)
    linter.finish_content(not msg.truncated)
    out: list[Finding] = []
    for note in linter.notes:
        name = type(note).__name__
        level = str(getattr(note.level, "value", note.level)).lower()
        # STATUS_* notes explain the code in a line: the registry does that, in three languages
        if name in COVERED or name.startswith("STATUS_") or level not in _LEVELS:
            continue
        out.append(
            Finding(
                rule=f"httplint:{name}",
                severity=_LEVELS[level],
                message=str(note.summary),
                source=f"httplint ({getattr(note.category, 'value', note.category)})",
                origin="httplint",
            )
        )
    return out
