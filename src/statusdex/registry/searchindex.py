"""The search index, built at registry build time (never imported at run time).

Input: the compiled registry (entries and their texts in every language) and the search data
in ``registry/search/<lang>.toml`` (keywords per entry, synonyms, stopwords, Thai-script
loanword spellings, the messages search shows). Thai has no spaces between words: its texts
are cut into words here with PyThaiNLP's dictionary segmenter (``newmm``), so that a query
only has to look words up. The output is one marshalled tuple that ``statusdex.core.search``
loads as it is.
"""

from __future__ import annotations

import marshal
import sys
import tomllib
from array import array
from pathlib import Path
from typing import Any

from statusdex.core import lang as _lang
from statusdex.core import store
from statusdex.core.normalize import has_thai, key
from statusdex.core.search import (
    FIELD_WEIGHT,
    INDEX_FORMAT,
    elisions,
    encode,
    stem,
    thai_marks,
)

SOURCE = Path(__file__).resolve().parents[3] / "registry" / "search"
TEXT_FIELDS = ("summary", "examples", "causes", "fixes", "explanation", "fault")
COMMON = 40  # entries
_FUZZY_FIELDS = ("name", "old_name", "constant", "keyword", "summary")
_FIELD_OF = {
    "summary": "summary",
    "examples": "example",
    "causes": "cause",
    "fixes": "fix",
    "explanation": "explanation",
    "fault": "fault",
}


class ThaiSegmenter:
    """PyThaiNLP's ``newmm`` over its own dictionary plus the words of our search data."""

    def __init__(self, extra: set[str]) -> None:
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize import Trie

        self.trie = Trie(set(thai_words()) | extra)

    def words(self, text: str) -> list[str]:
        from pythainlp.tokenize import word_tokenize

        out: list[str] = []
        for chunk in text.split():
            if not has_thai(chunk):
                out.append(chunk)
                continue
            out += [
                w.strip()
                for w in word_tokenize(chunk, custom_dict=self.trie, engine="newmm")
                if w.strip()
            ]
        return out


def load_data(source: Path = SOURCE) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = {}
    for lang in _lang.LANGUAGES:
        path = source / f"{lang}.toml"
        data[lang] = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    return data


class _Builder:
    def __init__(self, source: Path) -> None:
        self.data = load_data(source)
        idx = store.index()
        self.entries = idx.entries
        self.position = {s.key: i for i, s in enumerate(self.entries)}
        extra: set[str] = set()
        for d in self.data.values():
            extra |= {w for w in d.get("loanwords", {}) if has_thai(w)}
            for group in d.get("synonyms", []):
                extra |= {w for w in group["words"] if has_thai(w) and " " not in w}
            extra |= {w for w in d.get("stopwords", {}).get("words", []) if has_thai(w)}
        self.thai = ThaiSegmenter(extra)
        # word → {(pos, lang): [best weight, field, sum of weights]}
        self.postings: dict[str, dict[tuple[int, str], list[Any]]] = {}
        # pos → [(lang, field, "folded words joined by spaces")] for names and keywords
        self.phrases: dict[int, list[tuple[str, str, str]]] = {}
        self.thai_vocab: set[str] = set()
        self.fuzzy_vocab: set[str] = set()

    def tokens(self, text: str) -> list[str]:
        folded = thai_marks(key(elisions(text)))
        if has_thai(folded):
            words = self.thai.words(folded)
            self.thai_vocab.update(w for w in words if has_thai(w))
            return words
        return folded.split()

    def add(self, pos: int, text: str, field: str, lang: str) -> None:
        words = self.tokens(text)
        if not words:
            return
        weight = FIELD_WEIGHT[field]
        if field in ("name", "old_name"):
            # A word in a long IIS description says less than a word in "Not Found".
            weight *= min(1.0, 4 / len(words))
        if field in ("name", "old_name", "constant", "keyword"):
            self.phrases.setdefault(pos, []).append((lang, field, " ".join(words)))
        for w in dict.fromkeys(words):
            w = stem(w)
            if field in _FUZZY_FIELDS and w.isalpha() and not has_thai(w):
                self.fuzzy_vocab.add(w)
            slot = self.postings.setdefault(w, {})
            cur = slot.get((pos, lang))
            if cur is None:
                slot[(pos, lang)] = [weight, field, weight]
            else:
                if weight > cur[0]:
                    cur[0], cur[1] = weight, field
                cur[2] += weight

    def build(self) -> bytes:
        for pos, s in enumerate(self.entries):
            self.add(pos, s.phrase, "name", "en")
            for h in s.history:
                self.add(pos, h.phrase, "old_name", "en")
            for n in s.names:
                self.add(pos, n, "constant", "en")
            if s.constant:
                self.add(pos, s.constant, "constant", "en")
            for k in s.keywords:
                self.add(pos, k, "keyword", "en")
            if s.vendor is not None:
                for v in (s.vendor.id, s.vendor.name, *s.vendor.aliases):
                    self.add(pos, v, "vendor", "*")
            for lang in _lang.LANGUAGES:
                fields = store.raw_text(lang, s.key) or {}
                if lang != "en" and fields.get("name"):
                    self.add(pos, fields["name"], "name", lang)
                for field in TEXT_FIELDS:
                    value = fields.get(field)
                    if value is None:
                        continue
                    if field == "examples":
                        value = [x["scenario"] if isinstance(x, dict) else x for x in value]
                    for part in value if isinstance(value, list | tuple) else [value]:
                        self.add(pos, part, _FIELD_OF[field], lang)
        for lang, d in self.data.items():
            for entry_id, words in sorted(d.get("keywords", {}).items()):
                pos = self.position[entry_id]
                for k in words:
                    self.add(pos, k, "keyword", lang)
        # A word found in many entries says little from a long text: keep only its places
        # in names, keywords and summaries (smaller index, faster queries).
        # how many entries hold each word, before pruning: what its weight in a query says
        self.df = {w: len({p for (p, _lg) in slot}) for w, slot in self.postings.items()}
        for slot in self.postings.values():
            if len({p for (p, _lg) in slot}) > COMMON:
                for place in [pl for pl, v in slot.items() if FIELD_WEIGHT[v[1]] < 3.0]:
                    del slot[place]
        self.postings = {w: slot for w, slot in self.postings.items() if slot}
        # Postings as one bytes object with an offset per word: loading makes no object per
        # word but the word itself. A place is one int (see ``statusdex.core.search.place``).
        vocab = sorted(self.postings)
        data = bytearray()
        offsets = array("I", [0])
        for w in vocab:
            places = sorted(
                encode(p, lg, v[1], v[0] + 0.1 * (v[2] - v[0]))
                for (p, lg), v in self.postings[w].items()
            )
            data += marshal.dumps((self.df[w], *places), 2)
            offsets.append(len(data))
        if sys.byteorder == "big":
            offsets.byteswap()
        phrases = [
            "\x1e".join("\x1f".join(x) for x in sorted(set(self.phrases.get(p, ()))))
            for p in range(len(self.entries))
        ]
        synonyms: dict[str, dict[str, list[str]]] = {}
        stopwords: dict[str, list[str]] = {}
        loanwords: dict[str, str] = {}
        messages: dict[str, dict[str, str]] = {}
        vendor_aliases: dict[str, str] = {}
        for lang, d in self.data.items():
            table: dict[str, list[str]] = {}
            for g in d.get("synonyms", []):
                group = sorted({" ".join(self.tokens(w)) for w in g["words"]})
                for phrase in group:
                    alts = table.setdefault(phrase, [])
                    alts += [p for p in group if p != phrase and p not in alts]
            synonyms[lang] = dict(sorted(table.items()))
            stopwords[lang] = sorted(
                {thai_marks(key(w)) for w in d.get("stopwords", {}).get("words", [])}
            )
            for th, en in sorted(d.get("loanwords", {}).items()):
                loanwords[thai_marks(key(th))] = key(en)
            messages[lang] = dict(sorted(d.get("messages", {}).items()))
            for alias, vid in sorted(d.get("vendor_aliases", {}).items()):
                vendor_aliases[key(alias)] = vid
        self.thai_vocab.update(loanwords)
        return marshal.dumps(
            (
                INDEX_FORMAT,
                "\n" + "\n".join(vocab) + "\n",
                offsets.tobytes(),
                bytes(data),
                phrases,
                "\n".join(sorted(self.fuzzy_vocab)),
                "\n".join(sorted(self.thai_vocab)),
                synonyms,
                stopwords,
                loanwords,
                messages,
                vendor_aliases,
                [s.key for s in self.entries],
                [s.kind for s in self.entries],
                [s.vendor.id if s.vendor else "" for s in self.entries],
                [int(s) for s in self.entries],
            ),
            2,
        )


def dump_index(source: Path = SOURCE) -> bytes:
    """The search index over the compiled registry now importable, serialised."""
    return _Builder(source).build()
