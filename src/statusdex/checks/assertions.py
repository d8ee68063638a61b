"""Assertions for an API's own test suite.

    from statusdex.checks.assertions import assert_response_ok

    def test_create(client):
        assert_response_ok(client.post("/users", json={"name": "a"}))

Fails with the findings listed (rule, message, source) when any is at or above ``fail_on``.
The pytest plugin offers the same as the opt-in ``statusdex_check`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from statusdex.checks.model import Report, Request


class ResponseCheckError(AssertionError):
    """The response broke rules for its status; ``report`` has every finding."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


def assert_response_ok(
    response: Any,
    *,
    fail_on: str = "warning",
    ignore: Iterable[str] = (),
    request: Request | str | None = None,
    lang: str | None = "en",
    httplint: bool = False,
) -> Report:
    """Raise ``ResponseCheckError`` if the response has findings at or above ``fail_on``
    (rules named in ``ignore`` excepted); return the report otherwise. httplint's notes are
    off by default: they are about message hygiene, not about the status code."""
    from statusdex.checks import check

    report = check(response, request=request, lang=lang, httplint=httplint)
    skip = set(ignore)
    bad = [f for f in report.at_least(fail_on) if f.rule not in skip]
    if bad:
        lines = [f"{report.final.label}: {len(bad)} finding(s) at or above {fail_on}"]
        lines += [f"  [{f.severity}] {f.rule}: {f.message} ({f.source})" for f in bad]
        raise ResponseCheckError("\n".join(lines), report)
    return report
