"""``search``: one ranking for every face (library, terminal, API, web, learning).

In order:

1. **Structure before text.** A code (``404``), a code prefix (``4``, ``50``), a family
   (``5xx``), an IIS sub-status or its prefix (``403.1``), or a vendor reference (``nginx 499``,
   ``cf 522``, ``iis 403.14``) is resolved from the registry's own tables, before any word is
   matched. Near-codes get help: ``4O4`` suggests 404; ``6xx``, ``0`` and ``999`` say why they
   are not codes.
2. **Words**, in the query's language (asked for, or seen in the script or the words) plus
   English, never only in a third language. Thai was cut into words at build time
   (PyThaiNLP); a Thai query is cut here by longest match over the same words, which is cheap.
   Synonyms, stopwords and Thai-script loanword spellings are registry data
   (``registry/search/<lang>.toml``). A word may be typed in part (the last word, or four
   letters or more) or with typos: one from five letters, two from nine, and only when the
   word is not itself a known word.
3. **Ranking** by words matched, then field (name and old names before keywords before the
   summary before examples), exactness and proximity of the phrase, then the tier: IANA codes
   before vendor codes before IIS sub-statuses, unless the query names a vendor or IIS. IIS
   sub-statuses of one parent collapse into one row (``members``).
"""

from __future__ import annotations

import marshal
import os
import sys

from statusdex.core import lang as _lang
from statusdex.core import store
from statusdex.core.normalize import digits, has_thai, is_thai, key
from statusdex.core.records import _Record

TYPE_CHECKING = False  # typing costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from statusdex.core.records import Family, Status

    # A ranked row before its record is built: score, number, entry id, kind, why, complete,
    # and the Status when the structure step already has it
    Row = tuple[float, int, str, str, tuple[str, ...], bool, Status | None]

# What a word found in each field is worth.
FIELD_WEIGHT: dict[str, float] = {
    "name": 10.0,
    "old_name": 9.0,
    "constant": 8.0,
    "keyword": 7.0,
    "vendor": 6.0,
    "summary": 3.0,
    "example": 1.5,
    "cause": 1.2,
    "fix": 1.0,
    "explanation": 0.6,
    "fault": 0.5,
}
TIER = {"iana": 1.0, "vendor": 0.55, "iis": 0.3}
PREFIX, SYNONYM = 0.75, 0.85
TYPO = {1: 0.6, 2: 0.45}
EXACT = {"name": 60.0, "old_name": 55.0, "constant": 55.0, "keyword": 35.0}
CONTAINED = {"name": 14.0, "old_name": 12.0, "constant": 10.0, "keyword": 10.0}
STRUCTURE = 1000.0
INDEX_FILE = "search.marshal"
INDEX_FORMAT = 6
_ZERO = (0.0, "")
_MARK = 2048  # characters of the vocabulary per kept newline count
_NEAR_DIGITS = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "i": "1", "|": "1"})


class SearchHit(_Record):
    """One result row: the entry, its score, why it matched (``"name:fr"``, ``"keyword:th"``,
    ``"code"``, ``"prefix"``…) and, for a collapsed row of IIS sub-statuses, every member."""

    __slots__ = ("complete", "matched", "members", "score", "status")
    status: Status
    score: float
    matched: tuple[str, ...]
    members: tuple[Status, ...]
    complete: bool  # every word of the query (or the code) was found in this entry


class SearchResult(_Record):
    """Everything a face shows for one query: the family it names (``4``, ``5xx``), a note
    in words when the input is close to a code but is not one, and the ranked rows."""

    __slots__ = ("family", "hits", "lang", "note", "query")
    query: str
    lang: str
    family: Family | None
    note: str
    hits: tuple[SearchHit, ...]


_LANGS = (*_lang.LANGUAGES, "*")
_FIELDS = tuple(FIELD_WEIGHT)


def encode(pos: int, lang: str, field: str, weight: float) -> int:
    """One place of a word as one int: entry position, language, field, weight in 1/100."""
    return ((pos * 4 + _LANGS.index(lang)) * 16 + _FIELDS.index(field)) * 10000 + min(
        9999, round(weight * 100)
    )


def place(n: int) -> tuple[int, str, float, str]:
    rest, weight = divmod(n, 10000)
    rest, field = divmod(rest, 16)
    pos, lang = divmod(rest, 4)
    return pos, _LANGS[lang], weight / 100, _FIELDS[field]


_ELIDED = frozenset(["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu"])


def elisions(text: str) -> str:
    """French elisions become words of their own: ``n'existe`` → ``n existe``, ``l'URL`` →
    ``l url`` (``key`` would glue them: ``nexiste``). English contractions stay (``doesn't``)."""
    if "'" not in text and "’" not in text:
        return text
    out = []
    for word in text.split(" "):
        for mark in ("'", "’"):
            head, sep, tail = word.partition(mark)
            if sep and head.lower() in _ELIDED and tail[:1].isalpha():
                word = f"{head} {tail}"
                break
        out.append(word)
    return " ".join(out)


def thai_marks(text: str) -> str:
    """Undo NFKC's split of SARA AM (ำ → ํ + า): Thai dictionaries spell it as one letter."""
    return text.replace("\u0e4d\u0e32", "\u0e33")


def stem(word: str) -> str:
    """Plural ``s`` off Latin words of four letters or more (``requests`` → ``request``)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word.isascii():
        return word[:-1]
    return word


class _Index:
    def __init__(self, blob: bytes) -> None:
        (
            fmt,
            self.vocab,
            offsets,
            self._data,
            self._phrases,
            fuzzy,
            thai_vocab,
            self.synonyms,
            stopwords,
            self.loanwords,
            self.messages,
            self.vendor_aliases,
            self.ids,
            self.kinds,
            self.vendor_of,
            self.numbers,
        ) = marshal.loads(blob)
        if fmt != INDEX_FORMAT:
            raise ValueError(f"search index format {fmt}, expected {INDEX_FORMAT}")
        # offsets are little-endian uint32; a memoryview reads them without importing
        # `array` (an extension module: 2.5 ms of a cold start)
        self._offsets: Any
        if sys.byteorder == "little":
            self._offsets = memoryview(offsets).cast("I")
        else:  # pragma: no cover - big-endian machines
            from array import array

            self._offsets = array("I")
            self._offsets.frombytes(offsets)
            self._offsets.byteswap()
        # Loaded as single strings, split only by the queries that need them: a one-shot
        # `statusdex search` pays for what its query touches.
        self._fuzzy, self._thai = fuzzy, thai_vocab
        self._fuzzy_list: list[str] | None = None
        self._thai_set: frozenset[str] | None = None
        self.thai_max = 1
        self._phrase_cache: dict[int, list[tuple[str, str, str]]] = {}
        self._marks: list[int] = [0]  # see word_index
        self.stopwords = {lg: frozenset(ws) for lg, ws in stopwords.items()}
        self._postings: dict[str, list[tuple[int, str, float, str]]] = {}
        self.df: dict[str, int] = {}  # entries holding a word (before pruning)
        self._syn: dict[str, dict[str, list[str]]] = self.synonyms
        self.syn_max = max((len(p.split()) for t in self._syn.values() for p in t), default=1)

    @property
    def fuzzy(self) -> list[str]:
        if self._fuzzy_list is None:
            self._fuzzy_list = self._fuzzy.split("\n")
        return self._fuzzy_list

    @property
    def thai_vocab(self) -> frozenset[str]:
        if self._thai_set is None:
            self._thai_set = frozenset(self._thai.split("\n"))
            self.thai_max = max(map(len, self._thai_set), default=1)
        return self._thai_set

    def phrases(self, pos: int) -> list[tuple[str, str, str]]:
        """Names and keywords of an entry: (language, field, words joined by spaces)."""
        found = self._phrase_cache.get(pos)
        if found is None:
            found = [tuple(x.split("\x1f")) for x in self._phrases[pos].split("\x1e") if x]
            self._phrase_cache[pos] = found
        return found

    def word_index(self, word: str) -> int:
        """The number of ``word`` in the sorted vocabulary, or -1. The vocabulary is one
        string, "\\nword\\nword…\\n": found with ``str.find``, counted with ``str.count``
        (no list of 8,000 words to build at start-up), from the nearest count kept."""
        vocab: str = self.vocab
        at = vocab.find(f"\n{word}\n")
        if at < 0:
            return -1
        marks, k = self._marks, at // _MARK
        while len(marks) <= k:  # newlines before each multiple of _MARK, counted once
            j = len(marks)
            marks.append(marks[-1] + vocab.count("\n", (j - 1) * _MARK, j * _MARK))
        return marks[k] + vocab.count("\n", k * _MARK, at)

    def words_starting(self, prefix: str, limit: int) -> list[str]:
        """Vocabulary words that start with ``prefix``, in order, at most ``limit``."""
        vocab: str = self.vocab
        at = vocab.find(f"\n{prefix}")
        out: list[str] = []
        while at >= 0 and len(out) < limit:
            end = vocab.find("\n", at + 1)
            if end < 0:
                break
            word = vocab[at + 1 : end]
            if not word.startswith(prefix):
                break
            out.append(word)
            at = end
        return out

    def posting(self, word: str) -> list[tuple[int, str, float, str]]:
        """The places of ``word``: (entry position, language, weight, field)."""
        found = self._postings.get(word)
        if found is None:
            i = self.word_index(word)
            found = []
            if i >= 0:
                blob = self._data[self._offsets[i] : self._offsets[i + 1]]
                df, *places = marshal.loads(blob)
                self.df[word] = df
                found = [place(x) for x in places]
            self._postings[word] = found
        return found

    def languages(self, word: str) -> set[str]:
        return {lg for _p, lg, _w, _f in self.posting(word)}

    def message(self, name: str, lang: str, **values: object) -> str:
        text = self.messages.get(lang, {}).get(name) or self.messages.get("en", {}).get(name, name)
        return str(text).format(**values)

    # -- words ---------------------------------------------------------------------------

    def thai_words(self, run: str) -> list[str]:
        """Maximal matching over the index's Thai words: the cut with the fewest letters left
        outside a known word, then the fewest words. Unknown letters in a row stay one piece."""
        vocab = self.thai_vocab
        n, longest = len(run), self.thai_max
        # best[i]: (unknown letters, pieces, start of the last piece, last piece known)
        best: list[tuple[int, int, int, bool] | None] = [None] * (n + 1)
        best[0] = (0, 0, 0, True)
        for i in range(n):
            here = best[i]
            if here is None:
                continue
            unknown, pieces = here[0], here[1]
            for j in range(min(n, i + longest), i, -1):
                if run[i:j] in vocab:
                    cand = (unknown, pieces + 1, i, True)
                    if best[j] is None or cand[:2] < best[j][:2]:  # type: ignore[index]
                        best[j] = cand
            cand = (unknown + 1, pieces + 1, i, False)
            if best[i + 1] is None or cand[:2] < best[i + 1][:2]:  # type: ignore[index]
                best[i + 1] = cand
        cuts: list[tuple[str, bool]] = []
        j = n
        while j > 0:
            step = best[j]
            assert step is not None
            cuts.append((run[step[2] : j], step[3]))
            j = step[2]
        out: list[str] = []
        known_before = True
        for piece, known in reversed(cuts):
            if not known and not known_before and out:
                out[-1] += piece
            else:
                out.append(piece)
            known_before = known
        return out

    def tokens(self, folded: str) -> list[str]:
        out: list[str] = []
        for chunk in thai_marks(folded).split():
            if not has_thai(chunk):
                out.append(chunk)
                continue
            # a chunk may mix scripts: "เซิร์ฟเวอร์500"
            run, thai = "", False
            for ch in chunk + " ":
                if ch != " " and is_thai(ch) == thai:
                    run += ch
                    continue
                if run:
                    out += self.thai_words(run) if thai else [run]
                run, thai = ch, is_thai(ch)
        return out

    def match_word(
        self, word: str, allowed: frozenset[str], last: bool
    ) -> dict[int, tuple[float, str]]:
        """Entries holding ``word`` (exactly, as a prefix, or with a bounded typo):
        position → (weight, "field:lang")."""
        found: dict[int, tuple[float, str]] = {}

        def take(w: str, factor: float) -> None:
            for pos, lg, weight, field in self.posting(w):
                if lg in allowed or lg == "*":
                    value = weight * factor
                    if value > found.get(pos, (0.0, ""))[0]:
                        found[pos] = (value, f"{field}:{lg}" if lg != "*" else field)

        w = stem(word)
        take(w, 1.0)
        thai = has_thai(w)
        if last and len(w) >= 2:
            for other in self.words_starting(w, 40):
                if other != w:
                    take(other, PREFIX)
        if not found and not thai and len(w) >= 5 and w.isalpha():
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            limit = 2 if len(w) >= 9 else 1
            for cand, dist, _ in process.extract(
                w, self.fuzzy, scorer=OSA.distance, score_cutoff=limit, limit=5
            ):
                if dist and abs(len(cand) - len(w)) <= limit:
                    take(cand, TYPO[int(dist)])
            found = {p: (v, label + "~") for p, (v, label) in found.items()}
        return found

    # -- the query -----------------------------------------------------------------------

    def search(self, query: str, lang: str, explicit: bool, limit: int) -> SearchResult:
        q = " ".join(digits(query).split())[:200]
        empty = SearchResult(query=query, lang=lang, family=None, note="", hits=())
        if not q:
            return empty
        idx = store.index()
        structure = _Structure(self, idx, q, lang)
        sides = _sides(structure.words)
        rows: list[Row]
        if structure.done:
            rows = [_row(h) for h in structure.hits]
        elif sides:
            # "unauthorized vs forbidden": the best answers of each side, in turn
            rows = _interleave(
                [self.text(structure, lang, explicit, limit, side) for side in sides]
            )
        else:
            rows = self.text(structure, lang, explicit, limit)
        hits = _collapse(rows, idx, keep=structure.iis_scope, limit=limit)
        return SearchResult(
            query=query, lang=lang, family=structure.family, note=structure.note, hits=tuple(hits)
        )

    def allowed(self, tokens: list[str], lang: str, explicit: bool) -> frozenset[str]:
        allowed = {"en", lang}
        if any(has_thai(t) for t in tokens):
            allowed.add("th")
        if not explicit:
            # No language asked for: a word that only French (or Thai) uses says which.
            for t in tokens:
                langs = self.languages(stem(t))
                if langs and not langs & {"en", "*"}:
                    allowed.update(langs)
        return frozenset(allowed)

    def slots(self, tokens: list[str], allowed: frozenset[str]) -> list[list[tuple[str, float]]]:
        """Query words → slots; a slot is matched by any of its phrases (the words typed,
        or a synonym of them, or the English of a Thai-script loanword)."""
        slots: list[list[tuple[str, float]]] = []
        stop = frozenset().union(*(self.stopwords.get(lg, frozenset()) for lg in allowed))
        i = 0
        while i < len(tokens):
            for n in range(min(self.syn_max, len(tokens) - i), 0, -1):
                phrase = " ".join(tokens[i : i + n])
                alts = [(phrase, 1.0)]
                for lg in sorted(allowed):
                    alts += [(p, SYNONYM) for p in self._syn.get(lg, {}).get(phrase, ())]
                loan = self.loanwords.get(phrase)
                if loan:
                    alts.append((loan, 1.0))
                    alts += [(p, SYNONYM) for p in self._syn.get("en", {}).get(loan, ())]
                if len(alts) > 1 or n == 1:
                    if n > 1 or phrase not in stop:
                        slots.append(list(dict.fromkeys(alts)))
                    i += n
                    break
        if not slots and tokens:  # only stopwords: search them after all
            slots = [[(t, 1.0)] for t in tokens]
        return slots

    def text(
        self, st: _Structure, lang: str, explicit: bool, limit: int, words: str | None = None
    ) -> list[Row]:
        """Ranked rows; no record is built here (``_collapse`` builds those it shows)."""
        tokens = self.tokens(st.words if words is None else words)
        if not tokens:
            return [_row(h) for h in st.hits]
        allowed = self.allowed(tokens, lang, explicit)
        slots = self.slots(tokens, allowed)
        scores: dict[int, float] = {}
        matched: dict[int, int] = {}
        covered: dict[int, float] = {}
        idf_total = 0.0
        why: dict[int, list[str]] = {}
        cache: dict[tuple[str, bool], dict[int, tuple[float, str]]] = {}
        for si, slot in enumerate(slots):
            last = si == len(slots) - 1
            best: dict[int, tuple[float, str]] = {}
            for ai, (phrase, factor) in enumerate(slot):
                parts = phrase.split()
                per_word = []
                for wi, w in enumerate(parts):
                    ck = (w, last and ai == 0 and wi == len(parts) - 1)
                    if ck not in cache:
                        cache[ck] = self.match_word(w, allowed, ck[1])
                    per_word.append(cache[ck])
                pairs: Iterable[tuple[int, tuple[float, str]]]
                if len(per_word) == 1:
                    pairs = per_word[0].items()
                else:
                    pairs = self.phrase_matches(phrase, per_word, allowed)
                for pos, (value, label) in pairs:
                    value *= factor
                    if value > best.get(pos, _ZERO)[0]:
                        if factor < 1.0:
                            label = label.rstrip("~") + "≈"
                        best[pos] = (value, label)
            # A slot that many entries answer says little (IDF, as BM25 has it).
            # (a word nothing holds counts little: it must not sink the words that match)
            typed = slot[0][0]
            held = len(best) if " " in typed else max(len(best), self.df.get(stem(typed), 0))
            idf = _ln(1.0 + len(self.ids) / held) if best else 1.0
            # a word found only deep in long texts (a fix, an explanation) is a weak signal
            strongest = max((v for v, _ in best.values()), default=0.0)
            idf *= min(1.0, max(strongest, 1.0) / FIELD_WEIGHT["summary"]) if best else 1.0
            idf_total += idf
            for pos, (value, label) in best.items():
                scores[pos] = scores.get(pos, 0.0) + value * idf
                matched[pos] = matched.get(pos, 0) + 1
                # a word found only in a long text covers the query less than one in a name
                covered[pos] = covered.get(pos, 0.0) + idf * min(
                    1.0, value / FIELD_WEIGHT["summary"]
                )
                labels = why.setdefault(pos, [])
                if label not in labels:
                    labels.append(label)

        n = len(slots)
        query_phrase = " ".join(tokens)
        # a bare number among words (HTTP_404_NOT_FOUND) helps but does not decide
        prior = {h.status.key: h for h in st.hits}
        ranked: list[tuple[float, int, str, int, bool]] = []
        ids, kinds, vendors = self.ids, self.kinds, self.vendor_of
        for pos, text_score in scores.items():
            coverage = matched[pos] / n
            soft = covered[pos] / idf_total
            if (coverage < 0.5 or (n >= 3 and coverage < 0.6)) and soft < 0.45:
                continue
            score = text_score * soft * soft
            if coverage == 1.0:
                score += self.phrase_bonus(pos, query_phrase, allowed, why)
            kind = kinds[pos]
            tier = TIER[kind]
            if st.vendor_scope and vendors[pos] == st.vendor_scope:
                tier, score = 1.0, score * 1.5
            if st.iis_scope and kind == "iis":
                tier = 1.0
            score *= tier
            eid = ids[pos]
            if eid in prior:
                score += prior.pop(eid).score
            ranked.append((-score, self.numbers[pos], eid, pos, coverage == 1.0))
        ranked.sort()
        # enough rows for the limit once IIS sub-statuses are collapsed
        rows: list[Row] = [
            (round(-neg, 3), self.numbers[pos], eid, kinds[pos], tuple(why[pos]), full, None)
            for neg, _n, eid, pos, full in ranked[: max(limit * 4, 40)]
        ]
        rows += [_row(h) for h in prior.values()]
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))
        return rows

    def phrase_matches(
        self,
        phrase: str,
        per_word: list[dict[int, tuple[float, str]]],
        allowed: frozenset[str],
    ) -> list[tuple[int, tuple[float, str]]]:
        """Entries holding every word of a several-word phrase (a synonym such as "does not
        exist"): full weight when the words stand together in a name or keyword, else the
        weakest word's weight, halved (the words are scattered over the texts)."""
        out = []
        common = set(per_word[0]).intersection(*per_word[1:])
        padded = f" {phrase} "
        for pos in common:
            together = [
                (FIELD_WEIGHT[field], f"{field}:{lg}")
                for lg, field, text in self.phrases(pos)
                if lg in allowed and padded in f" {text} "
            ]
            if together:
                out.append((pos, max(together)))
            else:
                weakest = min((m[pos] for m in per_word), key=lambda x: x[0])
                out.append((pos, (weakest[0] * 0.5, weakest[1])))
        return out

    def phrase_bonus(
        self, pos: int, phrase: str, allowed: frozenset[str], why: dict[int, list[str]]
    ) -> float:
        bonus = 0.0
        for lg, field, text in self.phrases(pos):
            if lg not in allowed:
                continue
            if text == phrase:
                value = EXACT[field]
            elif f" {phrase} " in f" {text} ":
                value = CONTAINED[field]
            else:
                continue
            if value > bonus:
                bonus = value
                label = f"{field}:{lg}"
                if label in why[pos]:
                    why[pos].remove(label)
                why[pos].insert(0, label)
        return bonus


class _Structure:
    """What the input says as a code, before any word is matched."""

    def __init__(self, index: _Index, idx: Any, q: str, lang: str) -> None:
        self.family: Family | None = None
        self.note = ""
        self.hits: list[SearchHit] = []
        self.done = False
        self.vendor_scope: str | None = None
        self.iis_scope = False
        self._rank = 0
        self.index, self.idx, self.lang = index, idx, lang
        raw = q.casefold().replace("/", " ").replace(":", " ").replace("_", " ").split()
        raw = [t.strip(".,;!?") for t in raw if t.strip(".,;!?")]
        # HTTPStatus.NOT_FOUND, http.HTTPStatus.NOT_FOUND
        while raw and raw[0].split(".")[0] in ("http", "httpstatus"):
            _head, _, rest = raw[0].partition(".")
            if not rest and len(raw) == 1:
                break
            raw = ([rest] if rest else []) + raw[1:]
        words: list[str] = []
        codes: list[str] = []
        for t in raw:
            if t in ("iis",):
                self.iis_scope = True
            elif t in index.vendor_aliases or t in idx.vendor_ids:
                self.vendor_scope = index.vendor_aliases.get(t) or idx.vendor_ids[t]
                words.append(t)
                continue
            if _is_code(t):
                codes.append(t)
            elif t != "iis":
                words.append(t)
        self.words = key(elisions(" ".join(words)))
        if len(raw) == 1 and not codes:
            self.single(raw[0])
        self.later: list[Status] = []  # IIS sub-statuses, after every code's meanings
        for c in codes:
            self.code(c, alone=len(raw) == 1)
        for s in self.later:
            self.add(s, "code")
        if codes and not words:
            self.done = True
        if self.iis_scope and not codes and not words:
            for s in idx.entries:
                if s.kind == "iis":
                    self.add(s, "vendor")
            self.done = True

    def add(self, s: Status, why: str) -> None:
        if any(h.status.key == s.key for h in self.hits):
            return
        self.hits.append(
            SearchHit(
                status=s, score=STRUCTURE - self._rank, matched=(why,), members=(), complete=True
            )
        )
        self._rank += 1

    def say(self, name: str, **values: object) -> None:
        self.note = self.index.message(name, self.lang, **values)

    def single(self, t: str) -> None:
        idx = self.idx
        if (t.isdigit() and len(t) <= 2) or (
            len(t) == 3 and t[0].isdigit() and t[1:] in ("xx", "**")
        ):
            head = t[0]
            if head in "12345":
                self.family = idx.families[f"{head}xx"]
                prefix = t if t.isdigit() else head
                if len(prefix) == 2:
                    self.say("prefix", q=t)
                ranked = sorted(
                    (
                        idx.status(eid)
                        for c, ids in idx.meaning_ids.items()
                        if str(c).startswith(prefix)
                        for eid in ids
                    ),
                    key=lambda s: (TIER[s.kind] != 1.0, int(s), s.key),
                )
                for s in ranked:
                    self.add(s, "family" if len(prefix) == 1 else "prefix")
            elif t == "0":
                self.say("zero")
            else:
                self.say("not_a_family" if not t.isdigit() else "not_a_code", q=t)
            self.done = True
        elif t.isdigit():  # four digits or more
            self.say("not_a_code", q=t)
            self.done = True
        elif len(t) == 3 and any(c.isdigit() for c in t) and not t.isdigit():
            fixed = t.translate(_NEAR_DIGITS)
            if fixed.isdigit() and idx.meaning_ids.get(int(fixed)):
                self.say("near_code", q=t, code=fixed)
                for s in idx.meanings(int(fixed)):
                    self.add(s, "near_code")
                self.done = True
            elif fixed[0].isdigit() and fixed[0] not in "12345" and fixed[1:] in ("xx", "**"):
                self.say("not_a_family", q=t)
                self.done = True

    def code(self, t: str, alone: bool) -> None:
        idx = self.idx
        head, _, tail = t.partition(".")
        n = int(head)
        if tail:
            self.iis_scope = True
            subs = idx.substatuses(n)
            exact = idx.get(t)
            if exact is not None:
                self.add(exact, "code")
            for s in subs:
                if s.code.startswith(t):
                    self.add(s, "prefix")
            if exact is None and not any(s.code.startswith(t) for s in subs):
                self.say("no_substatus", q=t, code=head)
                for s in subs:
                    self.add(s, "near_code")
            return
        meanings = idx.meanings(n)
        if self.vendor_scope:
            own = [s for s in meanings if s.vendor is not None and s.vendor.id == self.vendor_scope]
            if own:
                self.add(own[0], "code")
            else:
                vendor = idx.vendors[self.vendor_scope].name
                self.say("no_vendor_code", vendor=vendor, code=n)
        if self.iis_scope:
            for s in idx.substatuses(n):
                self.add(s, "code")
            if not idx.substatuses(n):
                self.say("no_substatus", q=t, code=head)
        for s in meanings:
            self.add(s, "code")
        if not self.iis_scope:
            self.later += idx.substatuses(n)
        if not meanings and not (self.iis_scope and idx.substatuses(n)):
            self.unknown(n)

    def unknown(self, n: int) -> None:
        idx = self.idx
        if not 100 <= n <= 599:
            self.say("not_a_code", q=n)
            return
        near = sorted(
            (c for c, ids in idx.meaning_ids.items() if c // 100 == n // 100 and "/" not in ids[0]),
            key=lambda c: (abs(c - n), c),
        )[:4]
        base = idx.meanings(n // 100 * 100)
        self.say("unassigned", q=n, base=base[0].label if base else f"{n // 100}xx")
        self.family = idx.families[f"{n // 100}xx"]
        for c in near:
            self.add(idx.meanings(c)[0], "near_code")


_E = 2.718281828459045


def _ln(x: float) -> float:
    """Natural logarithm of ``x`` ≥ 1 without importing ``math`` (an extension module on
    many builds: a cold `statusdex search` pays for every one it loads)."""
    k = 0
    while x > 2.0:
        x /= _E
        k += 1
    y = (x - 1.0) / (x + 1.0)
    y2, term, total = y * y, y, 0.0
    for n in range(1, 40, 2):
        total += term / n
        term *= y2
    return k + 2.0 * total


_VERSUS = frozenset(["vs", "versus", "or", "ou", "contre", "หรือ", "กับ", "เทียบ"])


def _sides(words: str) -> list[str]:
    """The two sides of a comparison ("401 vs 403", "unauthorized or forbidden"), or []."""
    parts = words.split()
    for i, w in enumerate(parts):
        if w in _VERSUS and 0 < i < len(parts) - 1:
            return [" ".join(parts[:i]), " ".join(parts[i + 1 :])]
    return []


def _interleave(lists: list[list[Row]]) -> list[Row]:
    out: list[Row] = []
    seen: set[str] = set()
    for row in range(max(map(len, lists), default=0)):
        for rows in lists:
            if row < len(rows) and rows[row][2] not in seen:
                seen.add(rows[row][2])
                out.append(rows[row])
    return out


def _is_code(t: str) -> bool:
    head, dot, tail = t.partition(".")
    return len(head) == 3 and head.isdigit() and (not dot or (tail.isdigit() and len(tail) <= 3))


def _row(h: SearchHit) -> Row:
    s = h.status
    return (h.score, int(s), s.key, s.kind, h.matched, h.complete, s)


def _collapse(rows: list[Row], idx: Any, keep: bool, limit: int) -> list[SearchHit]:
    """The first ``limit`` rows as hits, IIS sub-statuses of one parent collapsed into one row
    at the place of the best of them (unless ``keep``). Records are built for these rows and
    their members only."""
    groups: dict[int, list[Row]] = {}
    if not keep:
        for r in rows:
            if r[3] == "iis":
                groups.setdefault(r[1], []).append(r)
    chosen: list[tuple[Row, list[Row]]] = []
    for r in rows:
        if len(chosen) == limit:
            break
        group = groups.get(r[1], []) if r[3] == "iis" else []
        if len(group) <= 1:
            chosen.append((r, []))
        elif group[0][2] == r[2]:
            chosen.append((r, group))

    def status(r: Row) -> Status:
        return r[6] if r[6] is not None else idx.status(r[2])

    return [
        SearchHit(
            status=status(r),
            score=r[0],
            matched=r[4],
            members=tuple(sorted(map(status, group), key=_sub_order)),
            complete=r[5],
        )
        for r, group in chosen
    ]


def _sub_order(s: Status) -> tuple[int, int]:
    return (int(s), int(s.substatus or 0))


def explain(hit: SearchHit, lang: str | None = None) -> str:
    """Why a row matched, in words in ``lang``: "in the name (Thai), keyword"."""
    lang = _lang.resolve(lang)
    index = _index()
    parts: list[str] = []
    for label in hit.matched:
        field, _, where = label.partition(":")
        typo = where.endswith("~")
        near = where.endswith("≈")
        where = where.rstrip("~≈")
        text = index.message(f"why_{field}", lang)
        if where and where != lang:
            text += " " + index.message(f"in_{where}", lang)
        if typo:
            text += " " + index.message("why_typo", lang)
        if near:
            text += " " + index.message("why_synonym", lang)
        if text not in parts:
            parts.append(text)
    return ", ".join(parts)


def group_label(hit: SearchHit, lang: str | None = None) -> str:
    """The words for a collapsed row: "IIS: 5 sub-statuses of 401"."""
    return _index().message(
        "iis_group", _lang.resolve(lang), n=len(hit.members), code=int(hit.status)
    )


def _load_index() -> _Index:
    import statusdex._compiled as compiled

    path = os.path.join(os.path.dirname(compiled.__file__), INDEX_FILE)
    try:
        with open(path, "rb") as f:
            return _Index(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        # No index beside the compiled registry (a source checkout mid-edit): build it now.
        from statusdex.registry.searchindex import dump_index

        return _Index(dump_index())


_SEARCH: _Index | None = None


def _index() -> _Index:
    global _SEARCH
    if _SEARCH is None:
        _SEARCH = _load_index()
    return _SEARCH


def search_result(query: str, *, lang: str | None = None, limit: int = 10) -> SearchResult:
    """The whole answer to a query: family, note and rows (see the module docstring)."""
    if not isinstance(query, str):
        raise TypeError(f"search() takes a str, not {type(query).__name__}")
    chosen = _lang.resolve(lang)
    if limit < 1:
        return SearchResult(query=query, lang=chosen, family=None, note="", hits=())
    return _index().search(query, chosen, lang is not None, limit)


def search_hits(query: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
    """Like ``search`` but each result says its score and which fields matched."""
    return list(search_result(query, lang=lang, limit=limit).hits)


def search(query: str, *, lang: str | None = None, limit: int = 10) -> list[Status]:
    """Entries matching ``query``, best first.

    >>> [s.code for s in search("too many requests", limit=1)]
    ['429']
    """
    return [h.status for h in search_hits(query, lang=lang, limit=limit)]
