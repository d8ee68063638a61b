"""What every rule sees: the response, the request, the registry's entry for the code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from statusdex.checks.messages import say
from statusdex.checks.model import Finding, Message, Request
from statusdex.core.records import Status


@dataclass
class Context:
    msg: Message
    req: Request
    status: Status | None  # the registry's entry for this response, None if unassigned
    lang: str

    @property
    def code(self) -> int:
        return self.msg.status

    def finding(self, rule: str, severity: str, source: str, **values: object) -> Finding:
        return Finding(rule, severity, say(self.lang, rule, **values), source)

    @cached_property
    def text(self) -> str:
        """The body as text (at most 256 KiB of it), decoded by its charset, else UTF-8."""
        body = self.msg.body[: 256 * 1024]
        try:
            return body.decode(self.msg.charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return body.decode("utf-8", "replace")

    @property
    def code_source(self) -> str:
        """Where the registry's entry for this code comes from (its first source)."""
        if self.status is not None and self.status.sources:
            return self.status.sources[0].label
        return "RFC 9110, Section 15"
