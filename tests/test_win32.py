"""Win32 error codes (``registry/win32/``): every entry sourced, named and explained in every
language, and the library's accessor (``statusdex.win32``) with a clear answer for the rest."""

from __future__ import annotations

import re

import pytest

import statusdex
from statusdex.core import store

CODES = statusdex.win32_codes()
CONSTANT = re.compile(r"^(ERROR_[A-Z0-9_]+|WSAE[A-Z0-9]+)$")

# Which Microsoft Learn page documents a code: (first, last, URL); the page must be among its
# sources, so a code cannot cite the wrong range.
PAGES = [
    (0, 499, "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-"),
    (500, 999, "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--500-999-"),
    (
        1000,
        1299,
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299-",
    ),
    (
        1300,
        1699,
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-",
    ),
    (
        1700,
        3999,
        "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1700-3999-",
    ),
    (10000, 11999, "https://learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-error-codes-2"),
    (12000, 12999, "https://learn.microsoft.com/en-us/windows/win32/winhttp/error-messages"),
]  # fmt: skip

# The codes IIS writes in sc-win32-status that the issue asks for (and a few more from IIS and
# ARR troubleshooting), with their constant as Microsoft's pages name them.
EXPECTED = {
    0: "ERROR_SUCCESS",
    1: "ERROR_INVALID_FUNCTION",
    2: "ERROR_FILE_NOT_FOUND",
    3: "ERROR_PATH_NOT_FOUND",
    5: "ERROR_ACCESS_DENIED",
    13: "ERROR_INVALID_DATA",
    32: "ERROR_SHARING_VIOLATION",
    50: "ERROR_NOT_SUPPORTED",
    64: "ERROR_NETNAME_DELETED",
    87: "ERROR_INVALID_PARAMETER",
    121: "ERROR_SEM_TIMEOUT",
    123: "ERROR_INVALID_NAME",
    995: "ERROR_OPERATION_ABORTED",
    1168: "ERROR_NOT_FOUND",
    1236: "ERROR_CONNECTION_ABORTED",
    1314: "ERROR_PRIVILEGE_NOT_HELD",
    1326: "ERROR_LOGON_FAILURE",
    1327: "ERROR_ACCOUNT_RESTRICTION",
    1330: "ERROR_PASSWORD_EXPIRED",
    1331: "ERROR_ACCOUNT_DISABLED",
    1385: "ERROR_LOGON_TYPE_NOT_GRANTED",
    1909: "ERROR_ACCOUNT_LOCKED_OUT",
    10053: "WSAECONNABORTED",
    10054: "WSAECONNRESET",
    10060: "WSAETIMEDOUT",
    10061: "WSAECONNREFUSED",
    12002: "ERROR_WINHTTP_TIMEOUT",
}


def test_the_codes_iis_writes_are_all_there() -> None:
    found = {w.code: w.constant for w in CODES}
    assert {c: found.get(c) for c in EXPECTED} == EXPECTED
    assert [w.code for w in CODES] == sorted(found)


@pytest.mark.parametrize("w", CODES, ids=lambda w: str(w.code))
def test_every_entry_is_named_and_sourced(w: statusdex.Win32Error) -> None:
    assert CONSTANT.match(w.constant), w.constant
    assert w.description.endswith(".")
    assert w.sources
    assert all(s.label and s.url.startswith("https://learn.microsoft.com/") for s in w.sources)
    pages = [url for first, last, url in PAGES if first <= w.code <= last]
    assert len(pages) == 1, f"{w.code} is in no documented range"
    assert pages[0] in {s.url for s in w.sources}


def test_constants_are_unique() -> None:
    constants = [w.constant for w in CODES]
    assert len(set(constants)) == len(constants)


@pytest.mark.parametrize("lang", statusdex.LANGUAGES)
@pytest.mark.parametrize("w", CODES, ids=lambda w: str(w.code))
def test_every_entry_has_its_own_meaning_in_every_language(
    w: statusdex.Win32Error, lang: str
) -> None:
    local = store.raw_text(lang, f"win32:{w.code}")
    assert local is not None, "no fallback to English"
    assert local["summary"].strip()
    assert w.summary(lang) == local["summary"]
    if lang != "en":
        assert w.summary(lang) != w.summary("en")
    if lang == "th":
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in w.summary(lang))


# (what is asked, the code found)
FOUND = [
    (64, 64),
    ("64", 64),
    (" 1236 ", 1236),
    ("ERROR_NETNAME_DELETED", 64),
    ("wsaeconnreset", 10054),
    (0, 0),
]


@pytest.mark.parametrize(("query", "code"), FOUND)
def test_win32_finds_a_code_by_number_or_constant(query: int | str, code: int) -> None:
    w = statusdex.win32(query)
    assert w.code == code
    assert w.label == f"{code} {w.constant}"
    assert w is statusdex.win32(code)


def test_a_known_code_in_full() -> None:
    w = statusdex.win32(1236)
    assert w.constant == "ERROR_CONNECTION_ABORTED"
    assert w.description == "The network connection was aborted by the local system."
    assert w.sources[0].url.endswith("system-error-codes--1000-1299-")
    assert w.summary("fr") == store.raw_text("fr", "win32:1236")["summary"]  # type: ignore[index]
    assert w.to_dict()["constant"] == "ERROR_CONNECTION_ABORTED"


# (what is asked, the words the refusal must say)
UNKNOWN = [
    (99999, "99999 is not a Windows error code the registry explains"),
    ("99999", "'99999' is not a Windows error code the registry explains"),
    ("ERROR_NO_SUCH_THING", "'ERROR_NO_SUCH_THING' is not a Windows error code"),
    (-1, "-1 is not a Windows error code"),
    ("", "'' is not a Windows error code"),
    ("x" * 500, "is not a Windows error code"),
]


@pytest.mark.parametrize(("query", "words"), UNKNOWN, ids=lambda v: str(v)[:20])
def test_an_unknown_code_is_a_clear_lookup_error(query: int | str, words: str) -> None:
    with pytest.raises(statusdex.UnknownWin32Error) as err:
        statusdex.win32(query)
    message = str(err.value)
    assert words in message
    assert f"it explains {len(CODES)} codes that IIS writes in sc-win32-status" in message
    assert len(message) < 300  # a long query is cut, not repeated whole
    assert isinstance(err.value, LookupError)
    assert err.value.query == query


@pytest.mark.parametrize("query", [None, 6.4, True, b"64"], ids=repr)
def test_a_value_of_another_type_is_a_type_error(query: object) -> None:
    with pytest.raises(TypeError, match="win32\\(\\) takes an int or a str"):
        statusdex.win32(query)  # type: ignore[arg-type]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(statusdex.UnknownLanguageError):
        statusdex.win32(64).summary("de")
