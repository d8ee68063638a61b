"""lookup(): every spelling a user might type, and every way it can fail."""

from __future__ import annotations

import http
import pickle

import pytest

import statusdex
from statusdex import UnknownStatusError, UnknownVendorError

FOUND = [
    (404, "404"),
    ("404", "404"),
    (" 404 ", "404"),
    ("\t404\n", "404"),
    ("๔๐๔", "404"),  # Thai digits
    (999, "linkedin/999"),  # a vendor code outside 100–599
    ("999", "linkedin/999"),
    ("４０４", "404"),  # full-width digits
    (http.HTTPStatus.NOT_FOUND, "404"),
    ("NOT_FOUND", "404"),
    ("not found", "404"),
    ("Not Found", "404"),
    ("not-found", "404"),
    ("UNPROCESSABLE_ENTITY", "422"),
    ("UNPROCESSABLE_CONTENT", "422"),
    ("unprocessable entity", "422"),
    ("payload too large", "413"),
    ("Request Entity Too Large", "413"),
    ("REQUEST_ENTITY_TOO_LARGE", "413"),
    ("content too large", "413"),
    ("Request-URI Too Long", "414"),
    ("requested range not satisfiable", "416"),
    ("moved temporarily", "302"),
    ("I'm a teapot", "418"),
    ("IM_A_TEAPOT", "418"),
    ("checkpoint", "103"),
    ("switch proxy", "306"),
    ("resume incomplete", "google/308"),  # Google's phrase today, not an old name of 308
    ("teapot", "418"),  # an alias
    ("too many users", "403.9"),  # IIS 6 wording finds the sub-status
    ("object moved", "302"),
    ("execution failed", "417"),
    ("403.14", "403.14"),
    (" 403.14 ", "403.14"),
    ("๔๐๓.๑๔", "403.14"),
    ("nginx/499", "nginx/499"),
    ("cloudflare:522", "cloudflare/522"),
    (499, "nginx/499"),  # no IANA meaning: the first vendor by precedence
    (522, "cloudflare/522"),
    (451, "451"),  # the standard meaning first
    (420, "twitter/420"),
    ("client closed request", "nginx/499"),
    ("enhance your calm", "twitter/420"),
]


@pytest.mark.parametrize(("query", "key"), FOUND, ids=lambda v: repr(v))
def test_lookup_finds(query: object, key: str) -> None:
    assert statusdex.lookup(query).key == key


VENDOR = [
    (499, "nginx", "nginx/499"),
    (499, "esri", "esri/499"),
    (499, "ArcGIS", "esri/499"),
    (451, "microsoft", "microsoft/451"),
    (451, "iis", "microsoft/451"),
    (420, "spring", "spring/420"),
    (530, "pantheon", "pantheon/530"),
    ("530", "Cloudflare", "cloudflare/530"),
    ("403.14", "iis", "403.14"),
    (999, "linkedin", "linkedin/999"),
    ("999", "LinkedIn", "linkedin/999"),
]


@pytest.mark.parametrize(("code", "vendor", "key"), VENDOR)
def test_lookup_with_vendor(code: object, vendor: str, key: str) -> None:
    assert statusdex.lookup(code, vendor=vendor).key == key


MEANINGS = [
    (499, ["nginx/499", "esri/499"]),
    (451, ["451", "microsoft/451"]),
    (420, ["twitter/420", "spring/420"]),
    (530, ["cloudflare/530", "shopify/530", "pantheon/530"]),
    (404, ["404"]),
    (999, ["linkedin/999"]),
]


@pytest.mark.parametrize(("code", "keys"), MEANINGS)
def test_meanings_lists_every_meaning_standard_first(code: int, keys: list[str]) -> None:
    assert [s.key for s in statusdex.meanings(code)] == keys


NOT_FOUND = [
    (299, "not assigned"),
    ("299", "not assigned"),
    (600, "100 to 599"),
    (998, "100 to 599"),  # beside LinkedIn's 999, still no code
    (0, "100 to 599"),
    (-1, "100 to 599"),
    ("", "no status code matches"),
    ("   ", "no status code matches"),
    ("not fund", "did you mean 404 Not Found"),
    ("teapotx", "no status code matches"),
    ("403.99", "403.1"),
    ("4xx", "family"),
    ("x" * 10_000, "no status code matches"),
]


@pytest.mark.parametrize(("query", "message"), NOT_FOUND, ids=lambda v: repr(v)[:30])
def test_lookup_fails_clearly(query: object, message: str) -> None:
    with pytest.raises(UnknownStatusError) as err:
        statusdex.lookup(query)
    assert isinstance(err.value, LookupError)
    assert message.lower() in str(err.value).lower()
    assert len(str(err.value)) < 400


def test_suggestions_are_data_too() -> None:
    with pytest.raises(UnknownStatusError) as err:
        statusdex.lookup("unauthorised")
    assert "401" in err.value.suggestions


@pytest.mark.parametrize(
    ("code", "vendor", "message"),
    [
        (404, "nginx", "has no code 404"),
        (499, "ngnix", "did you mean 'nginx'"),
        (499, "acme", "unknown vendor"),
    ],
)
def test_lookup_with_unknown_vendor(code: int, vendor: str, message: str) -> None:
    with pytest.raises(UnknownVendorError, match=message):
        statusdex.lookup(code, vendor=vendor)


@pytest.mark.parametrize("bad", [None, 4.04, b"404", True, [404]])
def test_other_types_are_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        statusdex.lookup(bad)


def test_status_behaves_like_an_int_and_httpstatus() -> None:
    s = statusdex.lookup(404)
    assert s == 404
    assert int(s) == 404
    assert hash(s) == hash(404)
    assert isinstance(s, int)
    assert s.http_status is http.HTTPStatus.NOT_FOUND
    assert s.name == "NOT_FOUND"
    assert s.phrase == "Not Found"
    assert s.label == "404 Not Found"
    assert f"{s}" == "404"
    assert f"{s:>5}" == "  404"
    assert f"{s:d}" == "404"
    assert {404: "x"}[s] == "x"
    assert s.is_client_error
    assert s.is_error
    assert not s.is_success
    assert repr(s) == "<Status 404 Not Found>"
    assert pickle.loads(pickle.dumps(s)) is s


def test_status_is_immutable() -> None:
    s = statusdex.lookup(404)
    with pytest.raises(AttributeError):
        s.phrase = "Found"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.semantics.cacheable = False  # type: ignore[misc,union-attr]


def test_substatus_knows_its_parent() -> None:
    s = statusdex.lookup("403.14")
    assert s == 403
    assert s.code == "403.14"
    assert str(s) == "403.14"
    assert s.parent is statusdex.lookup(403)
    assert s in statusdex.lookup(403).substatuses
    assert s.http_status is None


def test_vendor_code_says_what_goes_on_the_wire() -> None:
    assert statusdex.lookup(444, vendor="nginx").wire == "never"
    s = statusdex.lookup(497, vendor="nginx")
    assert (s.wire, s.wire_code) == ("replaced", 400)
    assert s.http_status is None


@pytest.mark.parametrize(
    ("helper", "yes", "no"),
    [
        (statusdex.is_informational, 103, 200),
        (statusdex.is_success, 204, 304),
        (statusdex.is_redirection, 308, 400),
        (statusdex.is_client_error, 499, 500),
        (statusdex.is_server_error, 599, 600),
    ],
)
def test_family_helpers(helper: object, yes: int, no: int) -> None:
    assert helper(yes) is True  # type: ignore[operator]
    assert helper(no) is False  # type: ignore[operator]
    assert helper(True) is False  # type: ignore[operator]


@pytest.mark.parametrize(
    ("x", "fam"),
    [("4xx", "4xx"), (4, "4xx"), ("client error", "4xx"), (503, "5xx"), ("๒xx", "2xx")],
)
def test_family_lookup(x: object, fam: str) -> None:
    assert statusdex.family(x).id == fam


def test_families_are_entries_with_text() -> None:
    fams = statusdex.families()
    assert [f.id for f in fams] == ["1xx", "2xx", "3xx", "4xx", "5xx"]
    for f in fams:
        t = f.text("en")
        assert t.summary
        assert t.explanation
        assert t.look_first
    assert statusdex.family("2xx").text("en").caution, "2xx warns that success can hide failure"
    assert 404 in statusdex.family("4xx")
    assert all(s.is_client_error for s in statusdex.family("4xx").codes)
