"""``statusdex search``: shared by the parser and the fast path of ``statusdex.cli.main``
(``statusdex search too many requests`` needs no argparse)."""

from __future__ import annotations

from statusdex.cli.output import NOT_FOUND, Output


def search_command(out: Output, query: str, limit: int) -> int:
    """`statusdex search`: the family or note first, then rows with why each matched."""
    from statusdex.core.search import explain, group_label, search_result

    result = search_result(query, lang=out.lang, limit=max(limit, 1))
    hits = result.hits
    if out.as_json:
        out.json(
            [
                {
                    "id": h.status.key,
                    "code": int(h.status),
                    "display": h.status.code,
                    "phrase": h.status.phrase,
                    "score": h.score,
                    "matched": list(h.matched),
                    "why": explain(h, out.lang),
                    "members": [m.key for m in h.members],
                    "summary": h.status.text(out.lang).summary,
                }
                for h in hits
            ]
        )
        return 0 if hits else NOT_FOUND
    if not hits:
        return out.error(
            result.note or f"nothing matches {query!r}; try fewer or other words", NOT_FOUND
        )
    s = out.layout.s
    lines = []
    if result.family is not None:
        fam = result.family
        lines.append(s(f"{fam.id}  {fam.text(out.lang).name}", "bold"))
    if result.note:
        lines.append(result.note)
    for line, h in zip(out.layout.table([h.status for h in hits]), hits, strict=True):
        lines.append(line)
        if h.members:
            more = f'statusdex search "iis {int(h.status)}"'
            lines.append(s(f"    {group_label(h, out.lang)}: {more}", "dim"))
        lines.append(s("    " + explain(h, out.lang), "dim"))
    out.lines(lines)
    return 0


def best(out: Output, query: str, error: str) -> int:
    """The card of the best search answer when every word found it; otherwise why not, with
    suggestions (a near-code, a code prefix, or the lookup's own message)."""
    from statusdex.core.search import search_result

    result = search_result(query, lang=out.lang, limit=8)
    hits = result.hits
    if hits and not result.note and result.family is None and hits[0].complete:
        return out.lookups([hits[0].status.key], None)
    if error and not result.note:
        return out.error(error, NOT_FOUND)
    message = result.note or f"nothing matches {query[:60]!r}; try fewer or other words"
    if hits:
        message += "\n  " + "\n  ".join(f"{h.status.code:8} {h.status.label}" for h in hits)
    return out.error(message, NOT_FOUND)
