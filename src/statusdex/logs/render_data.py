"""The report as JSON (all of it) and CSV (one table of it, for scripts)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

TABLES = ("codes", "fault", "problems", "timeline", "iis", "edge_origin", "upstream", "slowest")


def to_json(rep: dict[str, Any]) -> str:
    return json.dumps(rep, ensure_ascii=False, indent=2, default=str) + "\n"


def rows(rep: dict[str, Any], table: str) -> tuple[list[str], list[list[Any]]]:
    if table == "codes":
        head = ["code", "count", "share", "key", "phrase", "fault", "summary"]
        return head, [
            [
                c["code"],
                c["count"],
                round(c["share"], 6),
                c["key"],
                c["phrase"],
                "|".join(c["fault"]),
                c["summary"],
            ]
            for c in rep["codes"]
        ]
    if table == "fault":
        return ["who", "count", "share"], [
            [f["who"], f["count"], round(f["share"], 6)] for f in rep["fault"]
        ]
    if table == "problems":
        out: list[list[Any]] = []
        for status, v in rep["problems"].items():
            for kind in ("paths", "clients", "agents"):
                out.extend([int(status), kind, x["value"], x["count"]] for x in v[kind])
        return ["code", "kind", "value", "count"], out
    if table == "timeline":
        return ["bucket", "code", "count"], [
            [b["bucket"], int(s), n]
            for b in rep["timeline"]["buckets"]
            for s, n in b["by_status"].items()
        ]
    if table == "iis":
        return ["status", "substatus", "win32", "count", "key", "meaning", "win32_constant"], [
            [
                r["status"],
                r["substatus"],
                r["win32"],
                r["count"],
                r["key"],
                r["meaning"],
                (r["win32_meaning"] or {}).get("constant"),
            ]
            for r in rep["iis"]
        ]
    if table == "edge_origin":
        return ["edge", "origin", "count"], [
            [r["edge"], r["origin"], r["count"]] for r in rep["edge_origin"]
        ]
    if table == "upstream":
        keys = [
            "status",
            "count",
            "avg_ms",
            "max_ms",
            "avg_upstream_ms",
            "max_upstream_ms",
            "no_upstream_time",
        ]
        return keys, [[u[k] for k in keys] for u in rep["upstream"]]
    keys = ["status", "ms", "path", "ts", "client"]
    return keys, [[r[k] for k in keys] for r in rep["slowest"]]


def to_csv(rep: dict[str, Any], table: str = "codes") -> str:
    head, body = rows(rep, table)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    w.writerows(["" if v is None else v for v in r] for r in body)
    return buf.getvalue()
