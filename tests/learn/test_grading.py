"""Typed answers in English, Thai and French; multiple-choice distractors."""

from __future__ import annotations

import pytest

import statusdex
from statusdex.learn import cards, grading

# (card, answer, language, right?, typo?)
ROWS = [
    ("422:name-code", "422", "en", True, False),
    ("422:name-code", "๔๒๒", "th", True, False),  # Thai digits
    ("422:name-code", "４２２", "en", True, False),  # full-width digits
    ("422:name-code", " HTTP 422 ", "en", True, False),
    ("422:name-code", "400", "en", False, False),
    ("422:name-code", "", "en", False, False),
    ("422:name-code", "four twenty-two", "en", False, False),
    ("422:scenario-code", "422", "fr", True, False),
    ("403.14:name-code", "403.14", "en", True, False),
    ("403.14:name-code", "403", "en", False, False),
    ("nginx/499:name-code", "499", "en", True, False),
    ("4xx:name-code", "4xx", "en", True, False),
    ("4xx:name-code", "4XX", "en", True, False),
    ("4xx:name-code", "5xx", "en", False, False),
    ("422:code-name", "Unprocessable Content", "en", True, False),
    ("422:code-name", "unprocessable   content", "en", True, False),
    ("422:code-name", "Unprocessable Entity", "en", True, False),  # the older name
    ("422:code-name", "UNPROCESSABLE_ENTITY", "en", True, False),  # the constant
    ("413:code-name", "Payload Too Large", "en", True, False),  # RFC 7231's name
    ("413:code-name", "request entity too large", "en", True, False),  # RFC 2616's name
    ("422:code-name", "Contenu non traitable", "fr", True, False),
    ("422:code-name", "CONTENU NON TRAITABLE", "fr", True, False),
    ("301:code-name", "Déplacé de façon permanente", "fr", True, False),
    ("301:code-name", "deplace de facon permanente", "fr", True, False),  # accents optional
    ("422:code-name", "ประมวลผลเนื้อหาไม่ได้", "th", True, False),
    ("422:code-name", "ประมวลผลเนื้อหาไมได้", "th", False, False),  # tone mark dropped: wrong
    ("301:code-name", "ย้ายถาวร", "th", True, False),
    ("422:code-name", "Unprocessable Content", "th", True, False),  # English is always fine
    ("422:code-name", "Unprocesable Content", "en", True, True),  # one slip in a long name
    ("422:code-name", "Bad Request", "en", False, False),
    ("410:code-name", "Gome", "en", False, False),  # short names get no slack
    ("404:code-name", "Not Fund", "en", True, True),
    ("422:code-name", "", "en", False, False),
    # Issue 20's tricky answers.
    ("400:code-name", "Bad Reqeust", "en", True, True),  # two letters swapped: one slip
    ("100:code-name", "Contnue", "en", True, True),  # one letter missing from an 8-letter name
    ("100:code-name", "Contnu", "en", False, False),  # two missing
    ("404:code-name", "404 Not Found", "en", True, False),  # the card's own code in front
    ("404:code-name", "HTTP 404: Not Found", "en", True, False),
    ("404:code-name", "403 Forbidden", "en", False, False),
    ("404:code-name", "403 Not Found", "en", False, False),  # another code in front
    ("401:code-name", "ไม่ได้รับอนุญาต", "th", True, False),  # without the parenthetical part
    ("401:code-name", "ไม่ได้รับอนุญาต (ยังไม่ได้ยืนยันตัวตน)", "th", True, False),
    ("302:code-name", "พบแล้ว", "th", True, False),
    ("302:code-name", "ย้ายชั่วคราว", "th", True, False),  # the part alone
    ("422:code-name", "ประมวลผลเน\u0e49\u0e37อหาไม่ได้", "th", True, False),  # tone mark first
    ("4xx:name-code", "404", "en", False, False),  # one code of the family is not the family
    ("4xx:description-code", "400", "en", False, False),
    ("403:name-code", "I think 401… no, 403", "en", True, False),  # the last code counts
    ("401:name-code", "I think 401… no, 403", "en", False, False),
]


@pytest.mark.parametrize(("key", "answer", "lang", "right", "typo"), ROWS)
def test_typed_answers(key: str, answer: str, lang: str, right: bool, typo: bool) -> None:
    verdict = grading.grade(cards.card(key), answer, lang)
    assert (verdict.correct, verdict.typo) == (right, typo)


def test_a_slip_that_spells_another_code_is_wrong() -> None:
    # "Bad Gateway" is one card's name; typed for 502's neighbour it must not pass as a slip.
    assert not grading.grade(cards.card("504:code-name"), "Bad Gateway", "en").correct


@pytest.mark.parametrize(
    ("key", "confusion"),
    [
        ("401:code-name", "Forbidden"),
        ("403:name-code", "401"),
        ("400:name-code", "422"),
        ("422:description-code", "400"),
        ("301:scenario-code", "308"),
        ("307:name-code", "302"),
        ("502:name-code", "504"),
        ("503:description-code", "502"),
    ],
)
def test_choices_offer_the_classic_confusion(key: str, confusion: str) -> None:
    c = cards.card(key)
    for seed in range(5):
        values = [ch.value for ch in grading.choices(c, "en", "starter", seed)]
        assert confusion in values


@pytest.mark.parametrize(
    "key",
    [
        "401:code-name",
        "422:scenario-code",
        "4xx:name-code",
        "nginx/499:name-code",
        "403.14:code-name",
        "100:description-code",
    ],
)
@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_choices_are_four_distinct_with_one_right(key: str, lang: str) -> None:
    c = cards.card(key)
    options = grading.choices(c, lang, "starter", 7)
    values = [o.value for o in options]
    assert len(values) == grading.CHOICES == len(set(values))
    right = [v for v in values if grading.grade(c, v, lang).correct]
    assert right == [grading.expected(c, lang)]


@pytest.mark.parametrize("key", ["404:name-code", "201:name-code", "503:name-code"])
def test_distractors_are_related_or_same_family(key: str) -> None:
    status = statusdex.lookup(key.split(":")[0])
    related = set(status.related_keys)
    for seed in range(10):
        for value in (ch.value for ch in grading.choices(cards.card(key), "en", "iana", seed)):
            assert value in related or value[0] == key[0]


def test_choices_order_depends_on_the_seed() -> None:
    c = cards.card("500:name-code")
    orders = {tuple(o.value for o in grading.choices(c, "en", "starter", s)) for s in range(8)}
    assert len(orders) > 1


def test_thai_marks_in_either_order_are_one_word() -> None:
    assert grading.answer_key("เน\u0e49\u0e37อ") == grading.answer_key("เน\u0e37\u0e49อ")
    assert grading.answer_key("น\u0e4d\u0e32\u0e49") == grading.answer_key("น\u0e49\u0e33")
    assert grading.answer_key("ไม่") != grading.answer_key("ไม")  # a dropped mark still counts


def test_a_part_of_a_name_never_answers_for_another_code() -> None:
    # Half of a name is accepted only when no unrelated code is known by it: every code that
    # answers to a name also shares a full name with the others that do (401 and aws/561 are
    # both "Unauthorized"; 306 and 418 are both "Unused").
    full = {k: grading._full_names(k) for k in cards.subjects()}
    owners: dict[str, set[str]] = {}
    for k in cards.subjects():
        for name in grading.accepted_names(cards.subject(k)):
            owners.setdefault(name, set()).add(k)
    parts = 0
    for k in cards.subjects():
        for name in grading.accepted_names(cards.subject(k)) - full[k]:
            parts += 1
            assert all(o == k or full[o] & full[k] for o in owners[name]), (k, name)
    assert parts > 10


@pytest.mark.parametrize("deck_name", ["starter", "families"])
def test_distractors_come_from_the_deck_first(deck_name: str) -> None:
    in_deck = {c.subject for c in cards.deck(deck_name).cards}
    outside = total = 0
    for c in cards.deck(deck_name).cards:
        subj = cards.subject(c.subject)
        entry = subj.entry
        classic = entry.related_keys[:1] if isinstance(entry, statusdex.Status) else ()
        for seed in range(3):
            for ch in grading.choices(c, "en", deck_name, seed):
                if grading.grade(c, ch.value, "en").correct:
                    continue
                total += 1
                owners = [
                    k for k, s in cards.subjects().items() if ch.value in (s.display, s.name("en"))
                ]
                if not any(k in in_deck or k in classic for k in owners):
                    outside += 1
    assert total > 0
    assert outside == 0
