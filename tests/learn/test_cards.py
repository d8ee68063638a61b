"""Cards come from the registry, keyed by (code, direction), never by their text."""

from __future__ import annotations

import re

import pytest

import statusdex
from statusdex.learn import cards
from statusdex.learn.errors import UnknownCardError, UnknownDeckError

# Seed 004's 26 codes, the measured ones first, most frequent first (registry/decks.toml).
STARTER = [
    *("200", "304", "302", "404", "301", "504", "401", "500", "206", "403"),
    *("400", "429", "502", "503", "201", "204", "307", "308"),
    *("405", "409", "410", "415", "422", "202", "100", "101"),
]


def test_starter_deck_is_seed_004s_26_codes_most_met_first() -> None:
    subjects = list(dict.fromkeys(c.subject for c in cards.deck("starter").cards))
    assert subjects == STARTER
    share = cards.deck_share("starter")
    measured = subjects[: len(share)]
    assert set(measured) == set(share)
    assert [share[k] for k in measured] == sorted(share.values(), reverse=True)
    assert subjects.index("200") < subjects.index("404") < subjects.index("100")
    assert all(s["url"].startswith("https://") for s in cards.deck_sources("starter"))


def test_the_deck_list_is_registry_data() -> None:
    from statusdex._compiled import core

    assert tuple(d["id"] for d in core.DECKS) == cards.DECKS
    assert cards.DEFAULT_DECK == "starter"
    with pytest.raises(UnknownDeckError):
        cards.deck_share("nonsense")


@pytest.mark.parametrize(
    ("deck", "kind"),
    [("iana", "iana"), ("vendors", "vendor"), ("iis", "iis")],
)
def test_registry_decks_hold_every_entry_of_their_kind(deck: str, kind: str) -> None:
    subjects = {c.subject for c in cards.deck(deck).cards}
    assert subjects == {s.key for s in statusdex.all_statuses(kind=kind)}


def test_families_deck() -> None:
    assert {c.subject for c in cards.deck("families").cards} == {"1xx", "2xx", "3xx", "4xx", "5xx"}


@pytest.mark.parametrize(
    ("key", "subject", "direction"),
    [
        ("422:name-code", "422", "name-code"),
        ("nginx/499:scenario-code", "nginx/499", "scenario-code"),
        ("403.14:code-name", "403.14", "code-name"),
        ("4xx:description-code", "4xx", "description-code"),
    ],
)
def test_card_keys_are_subject_and_direction(key: str, subject: str, direction: str) -> None:
    c = cards.card(key)
    assert (c.subject, c.direction, c.key) == (subject, direction, key)


@pytest.mark.parametrize("bad", ["422", "999:name-code", "422:sideways", "", "4xx:scenario-code"])
def test_unknown_card_keys_are_refused(bad: str) -> None:
    with pytest.raises(UnknownCardError):
        cards.card(bad)


def test_unknown_deck() -> None:
    with pytest.raises(UnknownDeckError):
        cards.deck("everything")


def test_reserved_codes_have_no_name_cards() -> None:
    # 306 is "(Unused)": nothing to recall by name, but its description is a card.
    keys = {c.key for c in cards.deck("iana").cards if c.subject == "306"}
    assert "306:code-name" not in keys
    assert "306:description-code" in keys


def test_key_survives_a_text_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing a description changes the prompt, never the card's key."""
    before = [c.key for c in cards.deck("starter").cards]
    subj = cards.subject("422")
    original = subj.summary("en")
    monkeypatch.setattr(
        cards.Subject, "summary", lambda self, lang: "An edited description." + original
    )
    after = [c.key for c in cards.deck("starter").cards]
    assert after == before
    assert cards.prompt(cards.card("422:description-code"), "en").startswith("An edited")


@pytest.mark.parametrize(
    ("key", "lang"),
    [("301:scenario-code", "en"), ("422:scenario-code", "fr"), ("404:description-code", "th")],
)
def test_prompts_hide_the_code(key: str, lang: str) -> None:
    c = cards.card(key)
    subj = cards.subject(c.subject)
    for variant in range(3):
        text = cards.prompt(c, lang, variant)
        assert text
        assert subj.display not in text.replace(cards.MASK, "")


def test_mask_hides_sub_statuses_and_keeps_longer_numbers() -> None:
    # "logged as 403.14" in a 403 scenario gave the answer away.
    subj = cards.subject("403")
    masked = cards.mask("IIS logs 403.14 or 4031, but the client sees 403.", subj)
    assert masked == "IIS logs ___ or 4031, but the client sees ___."
    sub = cards.subject("403.14")
    assert cards.mask("403.14 is not 403.4.", sub) == "___ is not 403.4."


@pytest.mark.parametrize("lang", statusdex.LANGUAGES)
def test_no_scenario_or_description_shows_its_code(lang: str) -> None:
    for c in cards.deck("iana").cards:
        if c.direction not in ("scenario-code", "description-code"):
            continue
        subj = cards.subject(c.subject)
        for variant in range(len(subj.scenarios(lang)) or 1):
            text = cards.prompt(c, lang, variant).replace(cards.MASK, "")
            assert not re.search(rf"(?<!\d){subj.display}(?!\d)", text), (c.key, text)


def test_text_comes_from_the_registry() -> None:
    c = cards.card("422:name-code")
    for lang in statusdex.LANGUAGES:
        assert cards.prompt(c, lang) == statusdex.lookup(422).text(lang).name
