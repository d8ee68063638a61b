"""Raw responses (curl -si output), parse errors naming the line, chains and hints."""

from __future__ import annotations

import pytest

from statusdex.checks import ParseError, check_raw
from statusdex.checks.engine import check_messages
from statusdex.checks.model import Message, Request
from statusdex.checks.parse import parse_raw

CURL_L = (
    b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.org/a\r\n\r\n"
    b"HTTP/1.1 302 Found\r\nLocation: /b\r\n\r\n"
    b"HTTP/2 200\r\ncontent-type: text/plain\r\n\r\nhello\r\n"
)


def test_curl_si_with_several_hops_is_read_hop_by_hop() -> None:
    msgs = parse_raw(CURL_L)
    assert [m.status for m in msgs] == [301, 302, 200]
    assert msgs[-1].body == b"hello\r\n"
    assert msgs[1].header("location") == "/b"


def test_interim_100_before_the_final_response() -> None:
    msgs = parse_raw("HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Type: text/plain\n\nok")
    assert [m.status for m in msgs] == [100, 200]
    assert msgs[0].body == b""


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        ("", 1, "empty"),
        ("hello there", 1, "status line"),
        ("\n\nHTTP/1.1 2000 OK\n", 3, "status line"),
        ("HTTP/1.1 200 OK\nContent-Type text/html\n\n", 2, "Name: value"),
        ("HTTP/1.1 200 OK\nX: 1\nBad Name: 2\n\n", 3, "Name: value"),
        ("HTTP/1.1 200 OK\n folded\n", 2, "continuation"),
        ("HTTP/1.1 099 Odd\n\n", 1, "below 100"),
    ],
)
def test_parse_errors_name_the_line(raw: str, line: int, words: str) -> None:
    with pytest.raises(ParseError) as e:
        parse_raw(raw)
    assert e.value.line == line
    assert f"line {line}:" in str(e.value)
    assert words in str(e.value)


def test_binary_body_is_kept_as_bytes_and_judged_without_decoding() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    report = check_raw(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + png)
    assert report.final.status == 200
    assert not {"body-undecodable", "soft-404", "hidden-error-json"} & report.rules()


def _hop(status: int, url: str, location: str | None = None) -> Message:
    headers = (("Location", location),) if location else ()
    return Message(status=status, headers=headers, url=url)


@pytest.mark.parametrize("lang", ["en", "th", "fr"])
def test_chain_rules(lang: str) -> None:
    loop = [
        _hop(302, "http://a.test/1", "/2"),
        _hop(302, "http://a.test/2", "/1"),
        _hop(302, "http://a.test/1", "/2"),
    ]
    assert "chain-loop" in {f.rule for f in check_messages(loop, lang=lang).chain}
    down = [_hop(301, "https://a.test/", "http://a.test/"), _hop(200, "http://a.test/")]
    assert [f.rule for f in check_messages(down, lang=lang).chain] == ["chain-downgrade"]
    long = [_hop(302, f"http://a.test/{i}", f"/{i + 1}") for i in range(7)] + [
        _hop(200, "http://a.test/7")
    ]
    assert [f.rule for f in check_messages(long, lang=lang).chain] == ["chain-long"]
    odd = [_hop(302, "http://a.test/", "ftp://files.test/x")]
    assert [f.rule for f in check_messages(odd, lang=lang).chain] == ["chain-scheme"]
    fine = [_hop(301, "http://a.test/", "https://a.test/"), _hop(200, "https://a.test/")]
    assert check_messages(fine, lang=lang).chain == []


def test_after_a_302_the_post_becomes_get_for_the_next_hop() -> None:
    hops = [_hop(302, "http://a.test/form", "/done"), _hop(201, "http://a.test/done")]
    report = check_messages(hops, Request("POST"))
    assert "redirect-method-change" in {f.rule for f in report.responses[0].findings}
    # the 201 answered a GET after the redirect; no POST rule applies there
    assert "redirect-method-change" not in {f.rule for f in report.responses[1].findings}


@pytest.mark.parametrize(
    ("raw", "expect", "fault"),
    [
        ("HTTP/1.1 502 Bad Gateway\nVia: 1.1 varnish\n\n", "Via: 1.1 varnish", "upstream"),
        ("HTTP/1.1 404 Not Found\nServer: nginx/1.22\n\n", "nginx/1.22", "client"),
        ("HTTP/1.1 522 Origin\nServer: cloudflare\n\n", "cloudflare", "upstream"),
        ("HTTP/1.1 499 Token Required\nServer: esri\n\n", "esri", "client"),
        ("HTTP/1.1 451 Redirect\nServer: Microsoft-IIS/10.0\n\n", "451 Redirect", "nobody"),
    ],
)
def test_fault_from_the_registry_with_via_server_and_vendor_hints(
    raw: str, expect: str, fault: str
) -> None:
    report = check_raw(raw)
    assert fault in report.final.fault
    assert any(expect in h for h in report.final.hints), report.final.hints


def test_a_final_responses_body_may_quote_a_status_line() -> None:
    raw = "HTTP/1.1 200 OK\nContent-Type: text/plain\n\nlog:\n\nHTTP/1.1 404 Not Found\n"
    msgs = parse_raw(raw)
    assert [m.status for m in msgs] == [200]
    assert msgs[0].body.endswith(b"HTTP/1.1 404 Not Found\n")
