"""The shapes a check works on: a response, the request that caused it, findings, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "advice", "warning", "error")


def rank(severity: str) -> int:
    """Order of severities: info < advice < warning < error."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Request:
    """What was asked: the method matters to redirect and body rules."""

    method: str = "GET"
    url: str | None = None


@dataclass(frozen=True)
class Message:
    """One HTTP response as received: status, reason, headers in order, body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    reason: str = ""
    version: str = "HTTP/1.1"
    url: str | None = None
    elapsed_ms: float | None = None
    truncated: bool = False  # the body was cut at the cap

    def header(self, name: str) -> str | None:
        """The field's value (several lines joined with ", "), or None when absent."""
        low = name.lower()
        values = [v for k, v in self.headers if k.lower() == low]
        return ", ".join(values) if values else None

    def has(self, name: str) -> bool:
        low = name.lower()
        return any(k.lower() == low for k, _ in self.headers)

    @property
    def media_type(self) -> str:
        ctype = self.header("Content-Type") or ""
        return ctype.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        ctype = self.header("Content-Type") or ""
        for part in ctype.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip('"') or None
        return None


@dataclass(frozen=True)
class Finding:
    """One thing worth saying about a response."""

    rule: str
    severity: str  # info | advice | warning | error
    message: str
    source: str  # an RFC section, the registry entry, or httplint
    origin: str = "statusdex"  # statusdex | httplint

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "origin": self.origin,
        }


@dataclass
class ResponseReport:
    """The review of one response: what the registry says of its code, and the findings."""

    status: int
    key: str | None  # the registry entry, None for an unassigned number
    label: str
    summary: str
    fault: tuple[str, ...]
    fault_text: str
    hints: list[str]
    url: str | None
    location: str | None
    elapsed_ms: float | None
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "id": self.key,
            "label": self.label,
            "summary": self.summary,
            "fault": list(self.fault),
            "fault_text": self.fault_text,
            "hints": list(self.hints),
            "url": self.url,
            "location": self.location,
            "elapsed_ms": self.elapsed_ms,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Report:
    """A whole check: every hop of a redirect chain, plus findings about the chain itself.

    Iterating over a report yields every finding, hop by hop, then the chain's.
    """

    lang: str
    responses: list[ResponseReport]
    chain: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        out = [f for r in self.responses for f in r.findings]
        return out + list(self.chain)

    def __iter__(self) -> Any:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def at_least(self, severity: str) -> list[Finding]:
        """Findings at or above ``severity``."""
        return [f for f in self.findings if rank(f.severity) >= rank(severity)]

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    @property
    def final(self) -> ResponseReport:
        return self.responses[-1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "responses": [r.to_dict() for r in self.responses],
            "chain": [f.to_dict() for f in self.chain],
            "worst": max((f.severity for f in self.findings), key=rank, default=None),
        }
