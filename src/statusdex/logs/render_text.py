"""The report as terminal tables, with sparklines; colour only when asked or on a terminal."""

from __future__ import annotations

from typing import Any

from statusdex.cli.width import width
from statusdex.logs.report import labels

SPARK = "▁▂▃▄▅▆▇█"
FAMILY_COLOUR = {"1": "36", "2": "32", "3": "34", "4": "33", "5": "31"}


def _fit(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch + "…") > limit:
            break
        out += ch
    return out + "…"


def table(rows: list[list[str]], head: list[str], limit: int = 70) -> list[str]:
    cells = [[_fit(c, limit) for c in r] for r in [head, *rows]]
    widths = [max(width(r[i]) for r in cells) for i in range(len(head))]
    out = []
    for n, r in enumerate(cells):
        out.append("  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            out.append("  ".join("─" * w for w in widths))
    return out


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top <= 0:
        return ""
    return "".join(SPARK[min(len(SPARK) - 1, v * (len(SPARK) - 1) // top)] for v in values)


def render(rep: dict[str, Any], *, colour: bool = False) -> str:
    lab = labels(rep["lang"])

    def bold(s: str) -> str:
        return f"\x1b[1m{s}\x1b[0m" if colour else s

    def code(c: int) -> str:
        s = str(c)
        col = FAMILY_COLOUR.get(s[:1])
        return f"\x1b[{col}m{s}\x1b[0m" if colour and col else s

    s = rep["summary"]
    it = rep["intake"]
    out = [bold(lab["title"]), ""]
    out.append(f"{s['requests']:,} {lab['requests']} · {it.get('lines', 0):,} {lab['lines']}")
    if s["first"]:
        out.append(f"{lab['period']}: {s['first']} → {s['last']} (UTC)")
    if it.get("malformed"):
        samples = [f"{f['name']}:{n}" for f in it["files"] for n in f["malformed_sample"]][:10]
        out.append(
            f"{lab['malformed']}: {it['malformed']:,} ({lab['malformed_at']} {', '.join(samples)})"
        )
    if it.get("capped"):
        out.append(f"{lab['capped']}: {it['capped']:,}")
    if it.get("recoded"):
        out.append(f"{lab['recoded']}: {it['recoded']:,}")
    errs = [f for f in it.get("files", []) if f["error"]]
    if errs:
        out.append(f"{lab['file_errors']}:")
        out.extend(f"  {f['name']}: {f['error']}" for f in errs)

    def section(title: str, lines: list[str]) -> None:
        out.extend(["", bold(title)])
        out.extend(lines or [lab["none"]])

    section(
        lab["codes"],
        table(
            [
                [
                    code(c["code"]),
                    f"{c['count']:,}",
                    f"{c['share']:.1%}",
                    c["key"] or "",
                    (c["phrase"] or lab["unknown"])
                    + (f" — {c['summary']}" if c["summary"] else ""),
                ]
                for c in rep["codes"]
            ],
            [lab["code"], lab["count"], lab["share"], "", lab["meaning"]],
            limit=90,
        ),
    )
    section(
        lab["fault"],
        table(
            [
                [lab.get(f"who.{f['who']}", f["who"]), f"{f['count']:,}", f"{f['share']:.1%}"]
                for f in rep["fault"]
            ],
            [lab["who"], lab["count"], lab["share"]],
        ),
    )
    lines: list[str] = []
    for status, v in rep["problems"].items():
        lines.append(bold(code(int(status))))
        for name in ("paths", "clients", "agents"):
            if v[name]:
                vals = ", ".join(f"{x['value']} ({x['count']:,})" for x in v[name])
                lines.append(f"  {lab[name]}: {_fit(vals, 150)}")
    section(lab["problems"], lines)
    tl = rep["timeline"]
    buckets = tl["buckets"]
    lines = []
    if buckets:
        errors = [sum(n for s_, n in b["by_status"].items() if int(s_) >= 400) for b in buckets]
        lines.append(
            f"{buckets[0]['bucket']} {sparkline([b['total'] for b in buckets])} "
            f"{buckets[-1]['bucket']} ({tl['unit']})"
        )
        lines.append(f"≥400 {sparkline(errors)}")
    for sp in tl["spikes"]:
        lines.append(
            lab["spike_line"].format(when=sp["bucket"], count=sp["errors"], usual=sp["usual"])
        )
        lines.append(
            f"  {lab['changed']}: "
            + ", ".join(f"{code(c['code'])} {c['count']} ({c['usual']})" for c in sp["codes"])
        )
    section(lab["timeline"], lines)
    if rep["iis"]:
        section(
            lab["iis"],
            table(
                [
                    [
                        f"{r['status']}.{r['substatus']}",
                        str(r["win32"]),
                        f"{r['count']:,}",
                        r["meaning"] or lab["unknown"],
                        (r["win32_meaning"] or {}).get("meaning") or lab["unknown"],
                    ]
                    for r in rep["iis"]
                ],
                [lab["substatus"], "win32", lab["count"], lab["meaning"], lab["win32"]],
                limit=60,
            ),
        )
    if rep["edge_origin"]:
        section(
            lab["edge_origin"],
            table(
                [
                    [
                        code(r["edge"]),
                        str(r["origin"]) if r["origin_answered"] else lab["never"],
                        f"{r['count']:,}",
                        r["edge_meaning"] or "",
                    ]
                    for r in rep["edge_origin"]
                ],
                [lab["edge"], lab["origin"], lab["count"], lab["meaning"]],
            ),
        )
    if rep["upstream"]:
        section(
            lab["upstream"],
            table(
                [
                    [
                        code(u["status"]),
                        f"{u['count']:,}",
                        _ms(u["avg_ms"]),
                        _ms(u["max_ms"]),
                        _ms(u["avg_upstream_ms"]),
                        _ms(u["max_upstream_ms"]),
                        f"{u['no_upstream_time']:,}",
                    ]
                    for u in rep["upstream"]
                ],
                [
                    lab["code"],
                    lab["count"],
                    lab["avg_ms"],
                    lab["max_ms"],
                    lab["avg_upstream_ms"],
                    lab["max_upstream_ms"],
                    lab["no_upstream_time"],
                ],
            ),
        )
    if rep["slowest"]:
        section(
            lab["slowest"],
            table(
                [
                    [
                        code(r["status"]),
                        _ms(r["ms"]),
                        r["path"] or "",
                        r["ts"] or "",
                        r["client"] or "",
                    ]
                    for r in rep["slowest"]
                ],
                [lab["code"], lab["ms"], lab["path"], lab["time"], lab["client"]],
            ),
        )
    return "\n".join(out) + "\n"


def _ms(v: float | None) -> str:
    return "" if v is None else f"{v:,.0f}"
