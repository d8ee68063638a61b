"""Findings 12 and 14: the mock does what its documentation says with odd numbers and fields.

- weights near the largest float made the sum infinite, so ``/random/200:1e308,201:1e308``
  always drew 201; weights are now relative to the largest one, and must be ASCII numbers;
- ``header=Date:x`` gave two Date fields (the server writes its own): refused, as framing is;
- durations took any script's digits (``/delay/١``) while codes took ASCII only: both ASCII;
- more than 200 query parameters gave Python's "Max number of fields exceeded": now a 400
  naming the cap ``max_query_params``.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from tests.conftest import Server
from tests.security.origin.conftest import field_values, raw_request, status_line


@pytest.mark.parametrize("route", ["random", "status"])
def test_huge_weights_still_draw_every_code(http: httpx.Client, route: str) -> None:
    drawn = Counter(
        http.get(f"/{route}/200:1e308,201:1.7e308", params={"seed": "w", "attempt": i}).status_code
        for i in range(60)
    )
    assert set(drawn) == {200, 201}, drawn
    assert min(drawn.values()) >= 10, drawn  # 1e308 : 1.7e308, so roughly 22 : 38


# (nan, inf, negative and hexadecimal weights were always refused: tests/mock/test_codes.py)
@pytest.mark.parametrize("weight", ["1_0", "١", "٣.٥", "1_000.5", "𝟏"])
def test_weights_are_ascii_finite_numbers(http: httpx.Client, weight: str) -> None:
    r = http.get(f"/status/200:{weight},500:1")
    assert r.status_code == 400, weight
    assert r.json()["parameter"] == "codes"


@pytest.mark.parametrize("name", ["Date", "date", "Server"])
def test_fields_the_server_writes_are_not_doubled(site: Server, name: str) -> None:
    answer = raw_request(
        site.url,
        f"GET /200?header={name}:x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode(),
    )
    assert status_line(answer).split()[1] == "400"
    assert "x" not in field_values(answer, name)
    assert len(field_values(answer, "date")) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/delay/%D9%A1",  # Arabic-Indic 1
        "/200?sleep=%D9%A1%D9%A0%D9%A0",
        "/200?sleep_after_headers=%E0%B9%91s",  # Thai 1
        "/200?drip=%EF%BC%91s",  # fullwidth 1
        "/delay/%F0%9D%9F%8F",  # mathematical bold 1
    ],
)
def test_durations_take_ascii_digits_like_codes(http: httpx.Client, path: str) -> None:
    assert http.get("/%D9%A1%D9%A0%D9%A0").status_code == 400  # as codes always did
    r = http.get(path)
    assert r.status_code == 400, path
    assert "duration" in r.json()["detail"]


def test_the_query_parameter_cap_is_a_named_400(http: httpx.Client) -> None:
    at_cap = "&".join(f"b{i}=1" for i in range(200))
    assert http.get("/200?" + at_cap).status_code == 200
    r = http.get("/200?" + at_cap + "&one=more")
    assert r.status_code == 400
    assert "max_query_params=200" in r.json()["detail"]
    assert r.json()["parameter"] == "query"
