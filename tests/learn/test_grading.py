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
