"""The report as one self-contained HTML page: inline CSS and SVG, no script, no CDN.

Light and dark follow the reader's system setting (``prefers-color-scheme``)."""

from __future__ import annotations

from html import escape
from typing import Any

from statusdex.logs.report import labels

CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--muted:#5b5b66;--line:#d9d9e0;
--f1:#0e7490;--f2:#15803d;--f3:#1d4ed8;--f4:#b45309;--f5:#b91c1c}
@media (prefers-color-scheme:dark){:root{--bg:#121216;--fg:#ececf1;--muted:#a3a3b0;
--line:#34343c;--f1:#22d3ee;--f2:#4ade80;--f3:#60a5fa;--f4:#fbbf24;--f5:#f87171}}
body{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;
border-bottom:1px solid var(--line);vertical-align:top}td.n{text-align:right;
font-variant-numeric:tabular-nums}.muted{color:var(--muted)}svg{max-width:100%;height:auto}
svg text{fill:var(--fg);font-size:12px}.f1{fill:var(--f1)}.f2{fill:var(--f2)}.f3{fill:var(--f3)}
.f4{fill:var(--f4)}.f5{fill:var(--f5)}a{color:inherit}
"""


def _e(v: object) -> str:
    return escape("" if v is None else str(v))


def _table(head: list[str], rows: list[list[object]], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    h = "".join(f"<th>{_e(x)}</th>" for x in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_e(c)}</td>'
            if i in numeric
            else f"<td>{c if isinstance(c, Markup) else _e(c)}</td>"
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


class Markup(str):
    """Already-escaped HTML."""


def codes_chart(codes: list[dict[str, Any]]) -> str:
    shown = codes[:15]
    top = max((c["count"] for c in shown), default=1) or 1
    h = 22 * len(shown) + 10
    bars = []
    for i, c in enumerate(shown):
        w = max(1, round(600 * c["count"] / top))
        y = 5 + 22 * i
        fam = str(c["code"])[:1]
        bars.append(
            f'<text x="0" y="{y + 14}">{c["code"]}</text>'
            f'<rect class="f{_e(fam)}" x="50" y="{y}" width="{w}" height="16" rx="2">'
            f"<title>{c['code']}: {c['count']}</title></rect>"
            f'<text x="{56 + w}" y="{y + 14}">{c["count"]:,}</text>'
        )
    return (
        f'<svg id="codes-chart" viewBox="0 0 760 {h}" role="img" '
        f'aria-label="codes">{"".join(bars)}</svg>'
    )


def timeline_chart(buckets: list[dict[str, Any]]) -> str:
    if not buckets:
        return ""
    n = len(buckets)
    totals = []
    for b in buckets:
        fam: dict[str, int] = {}
        for s, c in b["by_status"].items():
            fam[str(s)[:1]] = fam.get(str(s)[:1], 0) + c
        totals.append(fam)
    top = max(sum(t.values()) for t in totals) or 1
    bw = max(1.0, 720 / n)
    parts = []
    for i, fam in enumerate(totals):
        y = 200.0
        for f in "12345":
            v = fam.get(f, 0)
            if not v:
                continue
            hgt = 190 * v / top
            y -= hgt
            parts.append(
                f'<rect class="f{f}" x="{20 + i * bw:.2f}" y="{y:.2f}" '
                f'width="{max(bw - 0.5, 0.5):.2f}" height="{hgt:.2f}"/>'
            )
    first, last = _e(buckets[0]["bucket"]), _e(buckets[-1]["bucket"])
    return (
        f'<svg id="timeline-chart" viewBox="0 0 760 230" role="img" aria-label="timeline">'
        f'{"".join(parts)}<text x="20" y="222">{first}</text>'
        f'<text x="740" y="222" text-anchor="end">{last}</text></svg>'
    )


def render(rep: dict[str, Any], base_url: str = "") -> str:
    lab = labels(rep["lang"])
    s, it = rep["summary"], rep["intake"]
    out = [
        f'<!doctype html><html lang="{_e(rep["lang"])}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(lab['title'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(lab['title'])}</h1>",
        f"<p>{s['requests']:,} {_e(lab['requests'])} · {it.get('lines', 0):,} {_e(lab['lines'])}"
        + (f" · {_e(lab['period'])}: {_e(s['first'])} → {_e(s['last'])} UTC" if s["first"] else "")
        + "</p>",
    ]
    if it.get("malformed"):
        sample = ", ".join(f"{f['name']}:{n}" for f in it["files"] for n in f["malformed_sample"])
        out.append(
            f"<p>{_e(lab['malformed'])}: {it['malformed']:,} "
            f"({_e(lab['malformed_at'])} {_e(sample)})</p>"
        )
    errs = [f for f in it.get("files", []) if f["error"]]
    if errs:
        out.append(f"<p>{_e(lab['file_errors'])}:</p><ul>")
        out.extend(f"<li>{_e(f['name'])}: {_e(f['error'])}</li>" for f in errs)
        out.append("</ul>")
    out.append(f"<h2>{_e(lab['codes'])}</h2>{codes_chart(rep['codes'])}")
    out.append(
        _table(
            [lab["code"], lab["count"], lab["share"], lab["meaning"]],
            [
                [
                    Markup(
                        f'<a href="{_e(base_url + c["url"])}">{c["code"]}</a>'
                        if c["url"]
                        else str(c["code"])
                    ),
                    f"{c['count']:,}",
                    f"{c['share']:.1%}",
                    Markup(f"<b>{_e(c['phrase'] or lab['unknown'])}</b> {_e(c['summary'])}"),
                ]
                for c in rep["codes"]
            ],
            {1, 2},
        )
    )
    out.append(f"<h2>{_e(lab['fault'])}</h2>")
    out.append(
        _table(
            [lab["who"], lab["count"], lab["share"]],
            [
                [lab.get(f"who.{f['who']}", f["who"]), f"{f['count']:,}", f"{f['share']:.1%}"]
                for f in rep["fault"]
            ],
            {1, 2},
        )
    )
    out.append(f"<h2>{_e(lab['timeline'])}</h2>{timeline_chart(rep['timeline']['buckets'])}")
    for sp in rep["timeline"]["spikes"]:
        rises = ", ".join(f"{c['code']} {c['count']} ({c['usual']})" for c in sp["codes"])
        out.append(
            "<p>"
            + _e(lab["spike_line"].format(when=sp["bucket"], count=sp["errors"], usual=sp["usual"]))
            + f" — {_e(lab['changed'])}: {_e(rises)}</p>"
        )
    if rep["problems"]:
        out.append(f"<h2>{_e(lab['problems'])}</h2>")
        rows: list[list[object]] = []
        for status, v in rep["problems"].items():
            for kind in ("paths", "clients", "agents"):
                for x in v[kind]:
                    rows.append([status, lab[kind], x["value"], f"{x['count']:,}"])
        out.append(_table([lab["code"], "", "", lab["count"]], rows, {3}))
    if rep["iis"]:
        out.append(f"<h2>{_e(lab['iis'])}</h2>")
        out.append(
            _table(
                [lab["substatus"], "win32", lab["count"], lab["meaning"], lab["win32"]],
                [
                    [
                        f"{r['status']}.{r['substatus']}",
                        r["win32"],
                        f"{r['count']:,}",
                        r["meaning"] or lab["unknown"],
                        (r["win32_meaning"] or {}).get("meaning") or lab["unknown"],
                    ]
                    for r in rep["iis"]
                ],
                {2},
            )
        )
    if rep["edge_origin"]:
        out.append(f"<h2>{_e(lab['edge_origin'])}</h2>")
        out.append(
            _table(
                [lab["edge"], lab["origin"], lab["count"], lab["meaning"]],
                [
                    [
                        r["edge"],
                        r["origin"] if r["origin_answered"] else lab["never"],
                        f"{r['count']:,}",
                        r["edge_meaning"],
                    ]
                    for r in rep["edge_origin"]
                ],
                {2},
            )
        )
    if rep["upstream"]:
        out.append(f"<h2>{_e(lab['upstream'])}</h2>")
        keys = ["avg_ms", "max_ms", "avg_upstream_ms", "max_upstream_ms"]
        out.append(
            _table(
                [lab["code"], lab["count"], *(lab[k] for k in keys), lab["no_upstream_time"]],
                [
                    [
                        u["status"],
                        f"{u['count']:,}",
                        *(_ms(u[k]) for k in keys),
                        u["no_upstream_time"],
                    ]
                    for u in rep["upstream"]
                ],
                {1, 2, 3, 4, 5, 6},
            )
        )
    if rep["slowest"]:
        out.append(f"<h2>{_e(lab['slowest'])}</h2>")
        out.append(
            _table(
                [lab["code"], lab["ms"], lab["path"], lab["time"], lab["client"]],
                [
                    [r["status"], _ms(r["ms"]), r["path"], r["ts"], r["client"]]
                    for r in rep["slowest"]
                ],
                {1},
            )
        )
    out.append("</body></html>\n")
    return "\n".join(out)


def _ms(v: float | None) -> str:
    return "" if v is None else f"{v:,.0f}"
