"""Plain-text and coloured layouts for the terminal: a card per code, tables, comparisons."""

from __future__ import annotations

from statusdex.cli.width import width, wrap
from statusdex.core.labels import label

TYPE_CHECKING = False  # typing stays off the cold-start path
if TYPE_CHECKING:
    from statusdex.core.records import Family, Status, Text

    Row = tuple[str, str, str]  # a listed entry: its id, phrase and summary

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
FAMILY_COLOUR = {1: "blue", 2: "green", 3: "cyan", 4: "yellow", 5: "red"}


class Style:
    """ANSI styling, or nothing at all when colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


class Layout:
    def __init__(self, lang: str, cols: int, style: Style) -> None:
        self.lang = lang
        self.cols = max(cols, 40)
        self.s = style

    def L(self, name: str, **values: object) -> str:  # noqa: N802 - short on purpose
        return label(self.lang, name, **values)

    def heading(self, name: str, text: Text | None = None, field: str = "") -> str:
        """A heading; marked when ``field`` of ``text`` fell back to English."""
        out = self.s(self.L(name), "bold")
        if text is not None and field in text.fallback:
            out += " " + self.s(self.L("fallback"), "dim")
        return out

    def colon(self) -> str:
        return self.L("colon")

    def para(self, text: str, indent: str = "  ") -> list[str]:
        return wrap(text, self.cols, indent)

    def bullets(self, items: tuple[str, ...] | list[str]) -> list[str]:
        out: list[str] = []
        for item in items:
            lines = wrap(item, self.cols, "    ")
            out.append("  • " + lines[0][4:])
            out.extend(lines[1:])
        return out

    def tag(self, s: Status) -> str:
        fam = s.family
        if s.kind == "iana":
            tag = self.L(f"state.{s.state}")
            if s.deprecated_by:
                tag += f" ({s.deprecated_by})"
            if s.expires:
                tag += f", {self.L('expires')} {s.expires}"
        elif s.kind == "iis":
            tag = f"{self.L('kind.iis')} · {s.since}"
        else:
            tag = f"{s.vendor.name if s.vendor else ''} · {self.L('kind.vendor')}"
        if fam is None:  # a vendor code outside 100–599 (LinkedIn's 999) has no class
            return f"{self.L('range.outside')} · {tag}"
        return f"{fam.id} {fam.text(self.lang).name} · {tag}"

    def title(self, s: Status) -> list[str]:
        return self.title_lines(s, self.tag(s))

    def title_lines(self, s: Status, right: str) -> list[str]:
        """The title on one line when it fits; else wrapped, the tag on lines of its own."""
        fam = s.family
        colour = FAMILY_COLOUR.get(fam.cls, "bold") if fam else "bold"
        name = s.text(self.lang).name
        if name and name != s.phrase and s.phrase.startswith("("):
            # The registered phrase is a state ("(Unused)"): the name people know comes first.
            first, second = name, f" {s.phrase}"
        else:
            first, second = s.phrase, (f" ({name})" if name and name != s.phrase else "")
        rest = first + second
        if width(s.code) + 1 + width(rest) + 2 + width(right) <= self.cols:
            left = self.s(s.code, "bold", colour) + " " + self.s(first, "bold") + second
            return [left + "  " + self.s(right, "dim")]
        lines = wrap(f"{s.code} {rest}", self.cols)
        out = [self.s(s.code, "bold", colour) + self.s(lines[0][len(s.code) :], "bold")]
        out += [self.s(line, "bold") for line in lines[1:]]
        out += [self.s(line, "dim") for line in wrap(right, self.cols, "  ")]
        return out

    def card(self, s: Status, *, others: tuple[Status, ...] = ()) -> list[str]:
        t = s.text(self.lang)
        out = self.title(s)
        if t.fallback and "summary" in t.fallback:
            out.append(self.s("  " + self.L("fallback"), "dim"))
        out += self.para(t.summary)
        out += ["", self.heading("meaning", t, "explanation"), *self.para(t.explanation)]
        if s.kind != "iana":
            wire = (
                self.L("iis_wire", code=s.wire_code)
                if s.kind == "iis"
                else self.L(f"wire.{s.wire}", code=s.wire_code)
            )
            out += ["", self.heading("wire"), *self.para(wire)]
        for x in t.examples[:2]:
            out += ["", self.heading("example", t, "examples"), *self.para(x.scenario)]
            raw = "\n\n".join(r for r in (x.request, x.response) if r)
            out += (
                [self.s("      " + line, "dim") if line else "" for line in raw.split("\n")]
                if raw
                else []
            )
        who = ", ".join(self.L(f) for f in s.fault)
        fault = self.heading("fault") + self.colon() + self.s(who, "bold")
        if "fault" in t.fallback:
            fault += " " + self.s(self.L("fallback"), "dim")
        out += ["", fault, *self.para(t.fault)]
        out += ["", self.heading("check", t, "fixes"), *self.bullets(t.fixes)]
        out += ["", self.heading("causes", t, "causes"), *self.bullets(t.causes)]
        sem = s.semantics
        if sem is not None:
            heads = ", ".join(f"{h.name} ({h.level})" for h in sem.headers) or self.L("no_headers")
            out += [
                "",
                self.heading("headers") + self.colon() + heads,
                self.heading("cacheable")
                + self.colon()
                + self.L("yes" if sem.cacheable else "no")
                + " · "
                + self.heading("content")
                + self.colon()
                + self.L("content." + sem.content),
                self.heading("retry") + self.colon() + self.L("retry." + sem.retry),
            ]
        if s.history:
            out += ["", self.heading("older_names")]
            for h in s.history:
                note = "" if h.official else f", {self.L('not_official')}"
                out += wrap(f"{h.phrase} ({h.spec}{note})", self.cols, "  ")
        if s.also_used:
            out += ["", self.heading("also_used")]
            for a in s.also_used:
                see = f" → {a.entry}" if a.entry else ""
                out += wrap(f"{a.phrase} ({a.by}){see}", self.cols, "  ")
        if s.related_keys:
            out += ["", self.heading("related", t, "choose")]
            for r in s.related:
                why = t.choose.get(r.key, "")
                out += wrap(
                    f"{self.s(r.code, 'bold')} {r.phrase}" + (self.colon() + why if why else ""),
                    self.cols,
                    "  ",
                )
        if others:
            out += ["", self.heading("meanings")]
            for o in others:
                vendor = o.vendor.name if o.vendor else "IANA"
                out += wrap(f"{o.key}  {o.phrase} ({vendor})", self.cols, "  ")
        if s.substatus_keys:
            subs = ", ".join(s.substatus_keys)
            out += ["", self.heading("substatuses"), *wrap(subs, self.cols, "  ")]
        out += ["", self.heading("sources")]
        for src in s.sources:
            out += wrap(src.label, self.cols, "  ")
            out.append("    " + self.s(src.url, "dim"))  # whole, so terminals can open it
        return out

    def short_card(self, s: Status, *, others: tuple[Status, ...] = ()) -> list[str]:
        """What a hurried reader needs on one screen: the meaning, who is usually at fault,
        the first things to check, the headers the code requires. ``--full`` has the rest."""
        t = s.text(self.lang)
        out = self.title(s)
        if t.fallback and "summary" in t.fallback:
            out.append(self.s("  " + self.L("fallback"), "dim"))
        out += ["", self.heading("meaning"), *self.para(t.summary)]
        if s.kind != "iana":
            wire = (
                self.L("iis_wire", code=s.wire_code)
                if s.kind == "iis"
                else self.L(f"wire.{s.wire}", code=s.wire_code)
            )
            out += self.para(wire)
        who = ", ".join(self.L(f) for f in s.fault)
        fault = self.heading("fault", t, "fault")
        out += ["", f"{fault}{self.colon()}{self.s(who, 'bold')}", *self.para(t.fault)]
        out += ["", self.heading("check_first", t, "fixes"), *self.bullets(list(t.fixes[:3]))]
        sem = s.semantics
        required = [h for h in sem.headers if h.level == "must"] if sem is not None else []
        if required:
            heads = ", ".join(f"{h.name} ({h.level})" for h in required)
            out += [
                "",
                *wrap(f"{self.heading('required_headers')}{self.colon()}{heads}", self.cols),
            ]
        if others:
            keys = ", ".join(o.key for o in others)
            out += ["", *wrap(f"{self.heading('meanings')}{self.colon()}{keys}", self.cols)]
        out += ["", self.s(self.L("more", command=f"statusdex {s.key} --full"), "dim")]
        return out

    def table(self, rows: list[Status]) -> list[str]:
        from statusdex.core.store import summary  # the one field shown: no whole Text built

        return self.rows([(r.key, r.phrase, summary(r.key, self.lang)) for r in rows])

    def rows(self, rows: list[Row]) -> list[str]:
        """One line per entry: its id, phrase and as much of its summary as fits."""
        key_w = max((width(key) for key, _, _ in rows), default=3)
        out = []
        for key, phrase, summary in rows:
            head = f"{key:<{key_w}}  {phrase}"
            room = self.cols - width(head) - 3
            if room > 12:
                short = _clip(summary, room)
                out.append(
                    self.s(key.ljust(key_w), "bold") + f"  {phrase}" + self.s(f" — {short}", "dim")
                )
            else:
                out.append(self.s(key.ljust(key_w), "bold") + f"  {phrase}")
        return out

    def family(self, f: Family, rows: list[Row]) -> list[str]:
        t = f.text(self.lang)
        out = [self.s(f"{f.id} {t.name}", "bold", FAMILY_COLOUR[f.cls])]
        out += self.para(t.summary)
        out += ["", self.heading("meaning", t, "explanation"), *self.para(t.explanation)]
        out += ["", self.heading("look_first", t, "look_first"), *self.para(t.look_first)]
        if t.caution:
            out += ["", self.heading("caution", t, "caution"), *self.para(t.caution)]
        out += ["", self.heading("codes")] + ["  " + line for line in self.rows(rows)]
        return out

    def compare(self, a: Status, b: Status) -> list[str]:
        ta, tb = a.text(self.lang), b.text(self.lang)
        col = (self.cols - 3) // 2
        rows: list[tuple[str, str, str]] = [
            ("", self.s(a.label, "bold"), self.s(b.label, "bold")),
            (self.L("meaning"), ta.summary, tb.summary),
            (
                self.L("fault"),
                ", ".join(self.L(f) for f in a.fault),
                ", ".join(self.L(f) for f in b.fault),
            ),
        ]
        if a.semantics and b.semantics:
            rows.append(
                (
                    self.L("retry"),
                    self.L("retry." + a.semantics.retry),
                    self.L("retry." + b.semantics.retry),
                )
            )
            rows.append(
                (
                    self.L("cacheable"),
                    self.L("yes" if a.semantics.cacheable else "no"),
                    self.L("yes" if b.semantics.cacheable else "no"),
                )
            )
        out: list[str] = []
        for name, left, right in rows:
            if name:
                out += ["", self.s(name, "bold")]
            lw = wrap(left, col, "  ") if not left.startswith("\x1b") else ["  " + left]
            rw = wrap(right, col, "  ") if not right.startswith("\x1b") else ["  " + right]
            for i in range(max(len(lw), len(rw))):
                lpart = lw[i] if i < len(lw) else ""
                rpart = rw[i] if i < len(rw) else ""
                pad = col - width(_plain(lpart))
                if pad < 0:  # an unbreakable token (a URL) wider than its column
                    lpart, pad = _clip(lpart, col), col - width(_clip(lpart, col))
                out.append(lpart + " " * pad + " │ " + rpart.lstrip())
        choose = ta.choose.get(b.key) or tb.choose.get(a.key)
        if choose:
            out += ["", self.heading("choose"), *self.para(choose)]
        return out


def _plain(text: str) -> str:
    out, skip = [], False
    for ch in text:
        if ch == "\x1b":
            skip = True
        elif skip and ch == "m":
            skip = False
        elif not skip:
            out.append(ch)
    return "".join(out)


def _clip(text: str, room: int) -> str:
    if width(text) <= room:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > room - 1:
            break
        out, used = out + ch, used + w
    return out.rstrip() + "…"
