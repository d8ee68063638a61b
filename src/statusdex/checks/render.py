"""A report as plain text lines, in the report's language (terminal and tests)."""

from __future__ import annotations

from statusdex.checks.messages import _table
from statusdex.checks.model import Report
from statusdex.core.labels import label


def ui(lang: str, name: str) -> str:
    t = _table()
    return str(t.get(lang, {}).get("ui", {}).get(name) or t["en"]["ui"][name])


def severity(lang: str, name: str) -> str:
    t = _table()
    words = t.get(lang, {}).get("ui", {}).get("severity") or t["en"]["ui"]["severity"]
    return str(words.get(name, name))


def lines(report: Report) -> list[str]:
    lang = report.lang
    out: list[str] = []
    many = len(report.responses) > 1
    for i, r in enumerate(report.responses, 1):
        head = f"{i}. {r.label}" if many else r.label
        if r.url:
            head += f"  {r.url}"
        if r.elapsed_ms is not None:
            head += f"  ({r.elapsed_ms:.0f} ms)"
        out.append(head)
        if r.location:
            out.append(f"   → Location: {r.location}")
        if r.summary:
            out.append(f"   {r.summary}")
        if r.fault:
            who = ", ".join(label(lang, f) for f in r.fault)
            out.append(
                f"   {ui(lang, 'fault')}: {who}" + (f" — {r.fault_text}" if r.fault_text else "")
            )
        for h in r.hints:
            out.append(f"   · {h}")
        for f in r.findings:
            out.append(f"   [{severity(lang, f.severity)}] {f.message}  ({f.rule}; {f.source})")
        out.append("")
    if report.chain:
        out.append(ui(lang, "chain"))
        for f in report.chain:
            out.append(f"   [{severity(lang, f.severity)}] {f.message}  ({f.rule}; {f.source})")
        out.append("")
    if not report.findings:
        out.append(ui(lang, "clean"))
    return out
