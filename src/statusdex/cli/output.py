"""What a command prints: text cards and tables, or the library's JSON, and one-line errors."""

from __future__ import annotations

import os
import sys

from statusdex.cli.render import Layout, Style
from statusdex.core import lang as _lang
from statusdex.errors import StatusdexError, UnknownStatusError

TYPE_CHECKING = False  # typing stays off the cold-start path
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from statusdex.cli.render import Row
    from statusdex.core.records import Family, Status

NOT_FOUND, USAGE = 1, 2


def colour_wanted(stream: Any, flag: bool | None = None) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def terminal_columns() -> int:
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return min(int(env), 120)
    try:
        return min(os.get_terminal_size(sys.stdout.fileno()).columns, 120)
    except (OSError, ValueError):
        return 80


class Output:
    def __init__(self, lang: str, as_json: bool, colour: bool, cols: int) -> None:
        self.lang = lang
        self.as_json = as_json
        self.layout = Layout(lang, cols, Style(colour))

    @classmethod
    def from_env(cls, lang: str | None, as_json: bool, colour: bool | None = None) -> Output:
        return cls(
            _lang.resolve(lang), as_json, colour_wanted(sys.stdout, colour), terminal_columns()
        )

    # Printing

    def lines(self, lines: Iterable[str]) -> None:
        sys.stdout.write("\n".join(lines) + "\n")

    def paged(self, lines: list[str]) -> None:
        """Through a pager, as git does, when the text is longer than the terminal."""
        from statusdex.cli.pager import page

        if not page(lines):
            self.lines(lines)

    def json(self, data: object) -> None:
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def error(self, message: str, code: int = NOT_FOUND) -> int:
        sys.stderr.flush()
        prefix = Style(colour_wanted(sys.stderr))("statusdex:", "bold", "red")
        sys.stderr.write(f"{prefix} {message}\n")
        return code

    # Commands shared by the fast path and the parser

    def lookups(self, queries: list[str], vendor: str | None, full: bool = False) -> int:
        from statusdex.core import store
        from statusdex.core.lookup import lookup

        found: list[tuple[Status, tuple[Status, ...]]] = []
        failed = 0
        for q in queries:
            try:
                s = lookup(q, vendor=vendor)
            except StatusdexError as e:
                failed += 1
                self.error(str(e), NOT_FOUND)
                continue
            others: tuple[Status, ...] = ()
            if vendor is None and s.substatus is None:
                others = tuple(m for m in store.meanings(int(s)) if m is not s)
            found.append((s, others))
        if self.as_json:
            docs = [self.status_json(s, others) for s, others in found]
            if docs:
                self.json(docs[0] if len(queries) == 1 else docs)
        else:
            blocks: list[str] = []
            for s, others in found:
                if blocks:
                    blocks.append("")
                card = self.layout.card if full else self.layout.short_card
                blocks += card(s, others=others)
            if blocks:
                if full:
                    self.paged(blocks)
                else:
                    self.lines(blocks)
        return NOT_FOUND if failed else 0

    def status_json(self, s: Status, others: tuple[Status, ...] = ()) -> dict[str, Any]:
        data = s.to_dict(self.lang)
        data["meanings"] = [s.key, *(o.key for o in others)]
        return data

    def table(self, entries: list[dict[str, Any]]) -> int:
        """A listing of entries, each given by its compiled fields (``store.fields``)."""
        from statusdex.core import store

        if self.as_json:
            idx = store.index()
            rows = [idx.status(e["key"]) for e in entries]
            self.json(
                [
                    {
                        "id": r.key,
                        "code": int(r),
                        "display": r.code,
                        "phrase": r.phrase,
                        "kind": r.kind,
                        "vendor": r.vendor.id if r.vendor else None,
                        "summary": r.text(self.lang).summary,
                    }
                    for r in rows
                ]
            )
        else:
            self.lines(self.layout.rows(self.rows(entries)))
        return 0

    def family(self, f: Family, entries: list[dict[str, Any]]) -> int:
        if self.as_json:
            from statusdex.core.export import family_dict

            self.json(family_dict(f, self.lang))
        else:
            self.lines(self.layout.family(f, self.rows(entries)))
        return 0

    def rows(self, entries: list[dict[str, Any]]) -> list[Row]:
        """What a listing shows of each entry, read without building its ``Status``."""
        from statusdex.core import store

        return [(e["key"], e["phrase"], store.summary(e["key"], self.lang)) for e in entries]


def not_found(e: UnknownStatusError) -> str:
    return str(e)
