"""Findings 2 and 3: session fixation and silent takeover of an account.

An attacker who can put a cookie in the victim's browser (finding 1 did it through the mock's
``Set-Cookie``) used to choose the victim's token: the server adopted any well-formed token
and kept it through registration. Now only tokens the server issued are accepted, and
registering or signing in gives a new cookie; changing an account's username or password
needs its current password and ends every other session."""

from __future__ import annotations

import secrets
from typing import Any

from tests.security.learn.conftest import Person, Target, username


def _plant(person: Person, token: str) -> None:
    person.http.cookies.clear()
    person.http.cookies.set("statusdex_learner", token, domain="127.0.0.1", path="/")


def test_a_token_the_server_never_issued_is_replaced(people: Any, target: Target) -> None:
    made_up = secrets.token_urlsafe(32)  # well formed, never issued
    forged = secrets.token_urlsafe(32) + "." + secrets.token_urlsafe(16)  # a made-up signature
    for planted in (made_up, forged):
        victim: Person = people(start=False)
        _plant(victim, planted)
        r = victim.http.get("/learn/api/session")
        assert r.status_code == 200
        assert "statusdex_learner=" in r.headers.get("set-cookie", ""), "not replaced"
        assert victim.token != planted
        victim.csrf = r.json()["csrf"]
        victim.play(3)
        # The attacker's copy of the planted token reaches nothing of the victim's.
        attacker: Person = people(start=False)
        _plant(attacker, planted)
        assert attacker.http.get("/learn/api/stats").json()["cards_seen"] == 0
        assert victim.stats()["cards_seen"] == 3


def test_registration_and_login_rotate_the_token(people: Any, target: Target) -> None:
    """A token the attacker obtained legitimately and planted stops working once the victim
    signs up, and signing in gives a new cookie too."""
    attacker: Person = people()
    planted = attacker.token
    assert planted is not None
    victim: Person = people(start=False)
    _plant(victim, planted)
    victim.start()
    assert victim.token == planted  # an issued token: accepted, as any visitor's
    victim.play(2)
    name = username()
    r = victim.register(name, "victim's password")
    assert r.status_code == 201, r.text
    assert victim.token != planted
    assert victim.stats()["cards_seen"] == 2  # the progress stays with the account
    # The attacker's copy is dead: it is a stranger now, with nothing of the victim's.
    session = attacker.http.get("/learn/api/session").json()
    assert session["anonymous"] is True
    assert session["username"] is None
    assert attacker.stats()["cards_seen"] == 0
    # Signing in rotates too.
    laptop: Person = people()
    before = laptop.token
    assert laptop.login(name, "victim's password").status_code == 200
    assert laptop.token not in (before, victim.token)
    assert laptop.stats()["cards_seen"] == 2


def test_changing_an_account_needs_the_current_password(people: Any, target: Target) -> None:
    owner: Person = people()
    name = username()
    assert owner.register(name, "owner password").status_code == 201
    owner.play(1)
    laptop: Person = people()
    assert laptop.login(name, "owner password").status_code == 200
    # A script in the owner's browser (finding 1) tries to take the account over.
    for extra in ({}, {"current_password": "a wrong guess"}):
        r = owner.post(
            "/learn/api/register",
            {"username": "mallory" + name[1:], "password": "attacker pw", **extra},
        )
        assert r.status_code == 403, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert "current password" in r.json()["detail"]
    phone: Person = people()
    assert phone.login(name, "owner password").status_code == 200  # unchanged
    # The owner changes it, with the current password: every other session ends.
    r = owner.post(
        "/learn/api/register",
        {"username": name, "password": "a new password", "current_password": "owner password"},
    )
    assert r.status_code == 201, r.text
    owner.csrf = r.json()["csrf"]
    assert owner.http.get("/learn/api/session").json()["username"] == name
    for other in (laptop, phone):
        session = other.http.get("/learn/api/session").json()
        assert session["anonymous"] is True, "another session survived the change"
    assert people().login(name, "owner password").status_code == 401
    assert people().login(name, "a new password").status_code == 200


def test_the_account_page_also_needs_the_current_password(people: Any, target: Target) -> None:
    owner: Person = people()
    name = username()
    assert owner.register(name, "owner password").status_code == 201
    _r, csrf = owner.page_csrf("/learn/account")
    r = owner.http.post(
        "/learn/account/register",
        data={"csrf": csrf, "username": "eve" + name[1:], "password": "attacker pw"},
    )
    assert r.status_code == 403
    assert people().login(name, "owner password").status_code == 200
