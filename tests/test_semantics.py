"""RFC 9110/9111 semantics as data: cacheability, content, headers, redirects, retries."""

from __future__ import annotations

import pytest

import statusdex

# RFC 9110 §15.1's list, plus 451 (RFC 7725 §3).
HEURISTICALLY_CACHEABLE = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501, 451}
NO_CONTENT = {100, 101, 102, 103, 104, 204, 304}


def iana() -> tuple[statusdex.Status, ...]:
    return statusdex.all_statuses(kind="iana")


def test_heuristically_cacheable_is_exactly_the_rfc_list() -> None:
    cacheable = {int(s) for s in iana() if s.semantics and s.semantics.cacheable}
    assert cacheable == HEURISTICALLY_CACHEABLE


def test_content_rules() -> None:
    forbidden = {int(s) for s in iana() if s.semantics and s.semantics.content == "forbidden"}
    assert forbidden == NO_CONTENT
    s205 = statusdex.lookup(205).semantics
    assert s205 is not None
    assert s205.content == "not-generated"


REQUIRED_HEADERS = [
    (101, "Upgrade", "must"),
    (401, "WWW-Authenticate", "must"),
    (405, "Allow", "must"),
    (407, "Proxy-Authenticate", "must"),
    (426, "Upgrade", "must"),
    (206, "Content-Range", "must"),
    (416, "Content-Range", "should"),
    (301, "Location", "should"),
    (302, "Location", "should"),
    (303, "Location", "must"),
    (307, "Location", "should"),
    (308, "Location", "should"),
    (429, "Retry-After", "may"),
    (503, "Retry-After", "may"),
]


@pytest.mark.parametrize(("code", "header", "level"), REQUIRED_HEADERS)
def test_headers_a_response_carries(code: int, header: str, level: str) -> None:
    sem = statusdex.lookup(code).semantics
    assert sem is not None
    levels = {h.name: h.level for h in sem.headers}
    assert levels.get(header) == level, levels


REDIRECTS = [
    (301, True, "may-change"),
    (302, False, "may-change"),
    (303, False, "becomes-get"),
    (307, False, "preserved"),
    (308, True, "preserved"),
]


@pytest.mark.parametrize(("code", "permanent", "method"), REDIRECTS)
def test_redirect_method_handling(code: int, permanent: bool, method: str) -> None:
    sem = statusdex.lookup(code).semantics
    assert sem is not None
    assert sem.redirect is not None
    assert (sem.redirect.permanent, sem.redirect.method) == (permanent, method)


@pytest.mark.parametrize(
    ("code", "retry"),
    [
        (429, "after-wait"),
        (503, "after-wait"),
        (404, "no"),
        (200, "not-applicable"),
        (502, "idempotent"),
        (504, "idempotent"),
    ],
)
def test_retry_advice(code: int, retry: str) -> None:
    sem = statusdex.lookup(code).semantics
    assert sem is not None
    assert sem.retry == retry


def test_substatus_shares_its_parents_semantics() -> None:
    assert statusdex.lookup("404.0").semantics == statusdex.lookup(404).semantics


def test_history_of_names() -> None:
    names = [h.phrase for h in statusdex.lookup(413).history]
    assert "Request Entity Too Large" in names
    assert "Payload Too Large" in names
    unofficial = {h.phrase for s in iana() for h in s.history if not h.official}
    assert {"Switch Proxy", "Unordered Collection"} <= unofficial
    # Names the number has elsewhere today are not history: they are "also used by".
    also = {a.phrase: a for s in iana() for a in s.also_used}
    assert {"Checkpoint", "Resume Incomplete", "I'm a teapot"} <= set(also)
    assert not {"Checkpoint", "Resume Incomplete", "I'm a teapot"} & unofficial
    assert also["Resume Incomplete"].entry == "google/308"
    assert "2324" in also["I'm a teapot"].by
