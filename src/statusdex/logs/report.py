"""The report: the engine's query results joined with the registry's meanings.

Everything a renderer shows is in the dict ``build`` returns (it is also the JSON output).
Meanings, phrases and who is at fault come from ``statusdex.core``, Win32 error codes too
(``registry/win32/``, sourced); interface words from the label store (``core/labels/logs.py``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from statistics import median
from typing import Any, Protocol

from statusdex.logs import queries

# The vendor whose meaning of a bare number a format's logs use.
FORMAT_VENDOR = {
    "combined": "nginx",
    "common": "nginx",
    "nginx": "nginx",
    "alb": "aws",
    "cloudflare": "cloudflare",
}


class Engine(Protocol):
    name: str

    def query(self, sql: str) -> list[tuple[Any, ...]]: ...


@cache
def labels(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (English where it lacks one), keys without ``logs.``."""
    from statusdex.core.labels.pages import words

    return {k.removeprefix("logs."): v for k, v in words(lang, "logs").items()}


def win32_meaning(code: int | None, lang: str) -> dict[str, Any] | None:
    """The registry's Win32 code (constant, meaning in ``lang``, source); a code it does not
    explain keeps its number with no constant or meaning (shown as unknown)."""
    if code is None:
        return None
    from statusdex.core import win32

    found = win32.get(code)
    if found is None:
        return {"code": code, "constant": None, "meaning": None, "source": None}
    return {
        "code": code,
        "constant": found.constant,
        "meaning": found.summary(lang),
        "source": found.sources[0].url,
    }


def meaning(
    code: int, lang: str, vendors: tuple[str, ...] = (), sub: int | None = None
) -> dict[str, Any]:
    """The registry's entry for a code seen in logs: key, phrase, one-line summary, fault."""
    from statusdex.core import store

    found = None
    if sub is not None:
        found = store.index().get(f"{code}.{sub}")
    if found is None:
        options = store.meanings(code)
        for v in vendors:
            for s in options:
                if s.vendor is not None and s.vendor.id == v:
                    found = s
                    break
            if found is not None:
                break
        if found is None and options:
            found = options[0]
    if found is None:
        fam = store.family_of(code) if 100 <= code <= 599 else None
        return {
            "key": None,
            "phrase": None,
            "summary": None,
            "fault": list(fam.fault) if fam else [],
            "url": f"/families/{fam.id}" if fam else None,
        }
    text = store.text(found.key, lang)
    return {
        "key": found.key,
        "phrase": text.name or found.phrase,
        "summary": text.summary,
        "fault": list(found.fault),
        "url": f"/codes/{found.key}",
    }


def _iso(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return str(v)


def _spikes(buckets: list[str], per: dict[str, dict[int, int]], top: int) -> list[dict[str, Any]]:
    """Buckets whose error count (status >= 400) stands well above the usual (median + 3·MAD)."""
    errors = [sum(n for s, n in per[b].items() if s >= 400) for b in buckets]
    if len(errors) < 4:
        return []
    usual = median(errors)
    mad = median(abs(e - usual) for e in errors) or 1.0
    out = []
    for b, e in zip(buckets, errors, strict=True):
        if e > usual + 3 * mad and e >= usual + 5:
            codes = {s for s in per[b] if s >= 400}
            rises = []
            for s in codes:
                base = median(per[x].get(s, 0) for x in buckets)
                rises.append({"code": s, "count": per[b][s], "usual": base})
            rises.sort(key=lambda r: (-(r["count"] - r["usual"]), r["code"]))
            out.append({"bucket": b, "errors": e, "usual": usual, "codes": rises[:top]})
    return out


def build(
    engine: Engine,
    *,
    lang: str = "en",
    top: int = 10,
    unit: str | None = None,
    intake: dict[str, Any] | None = None,
) -> dict[str, Any]:
    q = engine.query
    requests, first, last, clients = q(queries.SUMMARY)[0]
    formats = [{"format": f, "count": n} for f, n in q(queries.FORMATS)]
    vendors = tuple(
        dict.fromkeys(FORMAT_VENDOR[f["format"]] for f in formats if f["format"] in FORMAT_VENDOR)
    )
    total = requests or 1
    codes = []
    for status, n in q(queries.CODES):
        m = meaning(int(status), lang, vendors)
        codes.append({"code": int(status), "count": n, "share": n / total, **m})
    fams: dict[str, int] = {}
    fault: dict[str, int] = {}
    for c in codes:
        fam = f"{c['code'] // 100}xx" if 100 <= c["code"] <= 599 else "other"
        fams[fam] = fams.get(fam, 0) + c["count"]
        who = c["fault"][0] if c["fault"] else "unknown"
        fault[who] = fault.get(who, 0) + c["count"]
    families = [{"family": k, "count": v, "share": v / total} for k, v in sorted(fams.items())]
    faults = [
        {"who": k, "count": v, "share": v / total}
        for k, v in sorted(fault.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    problems: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for column, name in zip(queries.TOP_COLUMNS, ("paths", "clients", "agents"), strict=True):
        for status, value, n in q(queries.TOP_PER_PROBLEM.format(column=column, top=int(top))):
            slot = problems.setdefault(int(status), {"paths": [], "clients": [], "agents": []})
            slot[name].append({"value": value, "count": n})

    if unit is None:
        span = (last - first).total_seconds() if isinstance(first, datetime) and last else 0
        unit = "minute" if span <= 6 * 3600 else "hour"
    per: dict[str, dict[int, int]] = {}
    for bucket, status, n in q(queries.TIMELINE.format(unit=unit)):
        per.setdefault(_iso(bucket) or "", {})[int(status)] = n
    buckets = sorted(per)
    timeline = [
        {"bucket": b, "total": sum(per[b].values()), "by_status": dict(sorted(per[b].items()))}
        for b in buckets
    ]

    iis = []
    for status, sub, w32, n in q(queries.IIS):
        m = meaning(int(status), lang, ("iis",), int(sub))
        iis.append(
            {
                "status": int(status),
                "substatus": int(sub),
                "win32": None if w32 is None else int(w32),
                "count": n,
                "key": m["key"],
                "meaning": m["summary"],
                "win32_meaning": win32_meaning(None if w32 is None else int(w32), lang),
            }
        )

    edge = [
        {
            "edge": int(e),
            "origin": int(o),
            "count": n,
            "edge_meaning": meaning(int(e), lang, vendors)["phrase"],
            "origin_answered": int(o) > 0,
        }
        for e, o, n in q(queries.EDGE_ORIGIN)
    ]
    upstream = [
        {
            "status": int(s),
            "count": n,
            "avg_ms": a,
            "max_ms": mx,
            "avg_upstream_ms": ua,
            "max_upstream_ms": umx,
            "no_upstream_time": int(nu),
        }
        for s, n, a, mx, ua, umx, nu in q(queries.UPSTREAM)
    ]
    slowest = [
        {"status": int(s), "path": p, "ms": ms, "ts": _iso(t), "client": c}
        for s, p, ms, t, c in q(queries.SLOWEST.format(top=int(top)))
    ]
    return {
        "engine": engine.name,
        "lang": lang,
        "summary": {
            "requests": requests,
            "first": _iso(first),
            "last": _iso(last),
            "clients": clients,
            "formats": formats,
        },
        "intake": intake or {},
        "codes": codes,
        "families": families,
        "fault": faults,
        "problems": {str(k): v for k, v in sorted(problems.items())},
        "timeline": {"unit": unit, "buckets": timeline, "spikes": _spikes(buckets, per, top)},
        "iis": iis,
        "edge_origin": edge,
        "upstream": upstream,
        "slowest": slowest,
    }
