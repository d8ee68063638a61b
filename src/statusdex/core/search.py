"""``search``: ranked matches over codes, phrases, old names, texts and vendor names.

Forgiving by design: case and Latin accents are ignored (``requete`` finds *requête*), Thai and
full-width digits count as digits, a word may be typed in part (``unauth``) or with a typo
(``unauthorised``), and Thai, which has no spaces between words, is matched as a substring.
Every language is searched whatever ``lang`` says; ``lang`` ranks its own matches first.
The index is built on the first search, from the same records the rest of the library reads.
"""

from __future__ import annotations

import bisect
import marshal
import os
from typing import TYPE_CHECKING

from statusdex.core import lang as _lang
from statusdex.core import store
from statusdex.core.normalize import digits, has_thai, key
from statusdex.core.records import _Record

if TYPE_CHECKING:
    from statusdex.core.records import Status

# How much a match in each field counts.
WEIGHTS: dict[str, float] = {
    "name": 10.0,
    "keywords": 8.0,
    "vendor": 6.0,
    "summary": 4.0,
    "examples": 2.5,
    "causes": 1.5,
    "fixes": 1.2,
    "explanation": 1.0,
    "fault": 0.8,
}
TEXT_FIELDS = ("summary", "examples", "causes", "fixes", "explanation", "fault")
KIND_WEIGHT = {"iana": 1.0, "vendor": 0.8, "iis": 0.6}
OTHER_LANGUAGE = 0.9  # a match in a language other than the one asked for
PREFIX, FUZZY = 0.7, 0.6
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "is",
        "in",
        "on",
        "for",
        "and",
        "or",
        "it",
        "my",
        "i",
        "me",
        "this",
        "that",
        "be",
        "was",
        "with",
        "by",
        "at",
        "as",
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "ou",
        "en",
        "est",
        "au",
        "aux",
        "l",
        "d",
        "pour",
        "par",
        "sur",
    ]
)


class SearchHit(_Record):
    """One search result: the entry, its score, and which fields matched (``"summary:fr"``)."""

    __slots__ = ("matched", "score", "status")
    status: Status
    score: float
    matched: tuple[str, ...]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


class _SearchIndex:
    def __init__(self) -> None:
        idx = store.index()
        self.entries = idx.entries
        self.position = {s.key: i for i, s in enumerate(self.entries)}
        # word → entry position → (summed weight over fields, best field label)
        self.postings: dict[str, dict[int, tuple[float, str]]] = {}
        # Thai field texts, scanned by substring: (position, weight, label, folded text)
        self.thai: list[tuple[int, float, str, str]] = []
        # folded name → (position, bonus for an exact match)
        self.name_keys: dict[str, list[tuple[int, float]]] = {}
        self._seen: set[tuple[str, int, str]] = set()
        for pos, s in enumerate(self.entries):
            names = [s.phrase, *(h.phrase for h in s.history), *s.names]
            for n in names:
                self._add(pos, n, "name", "name")
            if s.vendor is not None:
                for v in (s.vendor.id, s.vendor.name, *s.vendor.aliases):
                    self._add(pos, v, "vendor", "vendor")
            if s.keywords:
                self._add(pos, " ".join(s.keywords), "keywords", "keywords")
            for lang in _lang.LANGUAGES:
                fields = store.raw_text(lang, s.key) or {}
                for field in TEXT_FIELDS:
                    value = fields.get(field)
                    if value is None:
                        continue
                    if field == "examples":
                        value = [x["scenario"] for x in value]
                    parts = value if isinstance(value, list | tuple) else [value]
                    self._add(pos, " ".join(parts), field, f"{field}:{lang}")
                if fields.get("name") and lang != "en":
                    names.append(fields["name"])
            for k in {key(n) for n in names} - {""}:
                self.name_keys.setdefault(k, []).append((pos, _exact_bonus(s, k)))
        self.vocab = sorted(self.postings)
        del self._seen

    def _add(self, pos: int, text: str, field: str, label: str) -> None:
        folded = key(text)
        weight = WEIGHTS[field]
        if field == "name":
            # A word in a long IIS description says less than a word in "Not Found".
            weight *= min(1.0, 4 / max(len(folded.split()), 1))
        if has_thai(folded):
            self.thai.append((pos, weight, label, folded.replace(" ", "")))
        for w in set(folded.split()):
            stem = _stem(w)
            # A word counts once per field of an entry, whichever languages repeat it (a Thai
            # summary that keeps "Unauthorized" in English must not double its weight).
            seen = (stem, pos, field)
            if seen in self._seen:
                continue
            self._seen.add(seen)
            slot = self.postings.setdefault(stem, {})
            if pos not in slot:
                slot[pos] = (weight, label)
            elif not (field == "name" and slot[pos][1] == "name"):  # names of one entry count once
                total, best = slot[pos]
                slot[pos] = (total + weight, best if total >= weight else label)

    def posting(self, word: str) -> dict[int, tuple[float, str]]:
        """Entries containing ``word``: position → (summed weight, best field label)."""
        return self.postings.get(word, {})

    def _latin(self, word: str) -> dict[int, tuple[float, str]]:
        found: dict[int, tuple[float, str]] = dict(self.posting(word))
        if len(word) >= 3:  # other forms of the word: limit → limited, limiting
            i = bisect.bisect_left(self.vocab, word)
            while i < len(self.vocab) and self.vocab[i].startswith(word):
                for pos, (w, label) in self.posting(self.vocab[i]).items():
                    if found.get(pos, (0.0, ""))[0] < w * PREFIX:
                        found[pos] = (w * PREFIX, label)
                i += 1
        if not found and len(word) >= 4:
            from rapidfuzz import fuzz, process

            for cand, score, _ in process.extract(
                word, self.vocab, scorer=fuzz.ratio, limit=3, score_cutoff=80
            ):
                for pos, (w, label) in self.posting(cand).items():
                    value = w * FUZZY * score / 100
                    if found.get(pos, (0.0, ""))[0] < value:
                        found[pos] = (value, label)
        return found

    def _thai(self, run: str) -> dict[int, tuple[float, str]]:
        found: dict[int, tuple[float, str]] = {}
        for pos, weight, label, text in self.thai:
            if run in text:
                total, best = found.get(pos, (0.0, label))
                found[pos] = (total + weight, best if total >= weight else label)
        return found

    def search(self, query: str, lang: str, limit: int) -> list[SearchHit]:
        q = digits(query).strip()[:500]
        if not q:
            return []
        idx = store.index()
        bonus: dict[int, float] = {}
        why: dict[int, list[str]] = {}

        def note(pos: int, label: str) -> None:
            labels = why.setdefault(pos, [])
            if label not in labels:
                labels.append(label)

        def add_bonus(pos: int, value: float, label: str) -> None:
            bonus[pos] = bonus.get(pos, 0.0) + value
            note(pos, label)

        # A code, a sub-status or an entry id answers first, then its other meanings.
        direct = idx.get(q) or idx.get(q.lower())
        if direct is not None:
            add_bonus(self.position[direct.key], 1000.0, "code")
        if len(q) == 3 and q.isdigit():
            for rank, s in enumerate(idx.meanings(int(q))):
                add_bonus(self.position[s.key], 900.0 - rank, "code")
            for rank, s in enumerate(idx.substatuses(int(q))):
                add_bonus(self.position[s.key], 100.0 - rank * 0.01, "code")

        k = key(q)
        for pos, value in self.name_keys.get(k, ()):
            add_bonus(pos, value, "name")

        # Words: every entry's summed field weights per query term, scaled by coverage.
        terms = [w for w in k.split() if w not in STOPWORDS] or k.split()
        words: dict[int, float] = {}
        matched: dict[int, int] = {}
        for term in terms:
            thai = has_thai(term)
            hits = self._thai(term.replace(" ", "")) if thai else self._latin(_stem(term))
            for pos, (weight, label) in hits.items():
                if ":" in label and not label.endswith(lang):
                    weight *= OTHER_LANGUAGE
                words[pos] = words.get(pos, 0.0) + weight
                matched[pos] = matched.get(pos, 0) + 1
                note(pos, label)

        n = len(terms) or 1
        results: list[SearchHit] = []
        for pos in bonus.keys() | words.keys():
            s = self.entries[pos]
            coverage = matched.get(pos, 0) / n
            if pos not in bonus and coverage < 0.5:
                continue
            score = bonus.get(pos, 0.0) + words.get(pos, 0.0) * coverage**2 * KIND_WEIGHT[s.kind]
            results.append(SearchHit(status=s, score=round(score, 3), matched=tuple(why[pos])))
        results.sort(key=lambda h: (-h.score, int(h.status), h.status.key))
        return results[:limit]


def _exact_bonus(s: Status, name_key: str) -> float:
    """What typing an entry's exact name is worth. A one-word vendor phrase ("Redirect",
    "Blocked") is a weak signal: the user more likely means the general idea."""
    if s.kind == "iana":
        return 100.0
    return 50.0 if " " in name_key else 8.0


# The index is built from the registry at build time (``python -m statusdex.registry.build``
# writes it next to the compiled modules), because building it takes a few hundred
# milliseconds: too long for a command that starts a process per search.
INDEX_FILE = "search.marshal"
_INDEX_FORMAT = 1


def dump_index() -> bytes:
    """The search index built from the compiled registry, serialised (version-2 marshal has no
    back-references, so the bytes depend only on the data)."""
    idx = _SearchIndex()
    # One small blob per word, decoded only when a query touches the word: loading the index
    # then costs one bytes object per word, not one tuple per (word, entry) pair.
    postings = {w: marshal.dumps(sorted(idx.postings[w].items()), 2) for w in sorted(idx.postings)}
    name_keys = {k: idx.name_keys[k] for k in sorted(idx.name_keys)}
    return marshal.dumps((_INDEX_FORMAT, postings, idx.thai, name_keys, idx.vocab), 2)


class _LoadedIndex(_SearchIndex):
    """The index as written by ``dump_index``: postings decoded word by word, on demand."""

    def __init__(self, blob: bytes) -> None:
        fmt, blobs, thai, name_keys, vocab = marshal.loads(blob)
        if fmt != _INDEX_FORMAT:
            raise ValueError(f"search index format {fmt}, expected {_INDEX_FORMAT}")
        self.entries = store.index().entries
        self.position = {s.key: i for i, s in enumerate(self.entries)}
        self._blobs: dict[str, bytes] = blobs
        self.postings = {}
        self.thai = [tuple(t) for t in thai]
        self.name_keys = name_keys
        self.vocab = vocab

    def posting(self, word: str) -> dict[int, tuple[float, str]]:
        found = self.postings.get(word)
        if found is None:
            blob = self._blobs.get(word)
            found = {} if blob is None else {p: tuple(v) for p, v in marshal.loads(blob)}
            self.postings[word] = found
        return found


def _load_index() -> _SearchIndex | None:
    import statusdex._compiled as compiled

    path = os.path.join(os.path.dirname(compiled.__file__), INDEX_FILE)
    try:
        with open(path, "rb") as f:
            return _LoadedIndex(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None


_SEARCH: _SearchIndex | None = None


def _index() -> _SearchIndex:
    global _SEARCH
    if _SEARCH is None:
        _SEARCH = _load_index() or _SearchIndex()
    return _SEARCH


def search_hits(query: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
    """Like ``search`` but each result says its score and which fields matched."""
    if not isinstance(query, str):
        raise TypeError(f"search() takes a str, not {type(query).__name__}")
    if limit < 1:
        return []
    return _index().search(query, _lang.resolve(lang), limit)


def search(query: str, *, lang: str | None = None, limit: int = 10) -> list[Status]:
    """Entries matching ``query``, best first.

    >>> [s.code for s in search("too many requests", limit=1)]
    ['429']
    """
    return [h.status for h in search_hits(query, lang=lang, limit=limit)]
