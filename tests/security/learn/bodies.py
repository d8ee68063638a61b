"""Hostile request bodies for the learning API, as data: each is what a test sends, and every
one must be answered with a 4xx and a JSON problem, never a 500 (finding 5), with nothing
already acknowledged lost."""

from __future__ import annotations

DEEP = 5000  # levels of nesting; Python's JSON decoder gives up (RecursionError) near 1,000


def deep_json(depth: int = DEEP) -> str:
    return "[" * depth + "]" * depth


def deep_object(field: str, depth: int = DEEP) -> str:
    return '{"' + field + '": ' + deep_json(depth) + "}"


HEADER = "card,reviewed_at,rating,correct,mode,answer,duration_ms\n"
WHEN = "2026-03-02T09:00:00+00:00"


def csv_row(**fields: str) -> str:
    row = {
        "card": "404:code-name",
        "reviewed_at": WHEN,
        "rating": "3",
        "correct": "",
        "mode": "flip",
        "answer": "",
        "duration_ms": "",
        **fields,
    }
    return HEADER + ",".join(row.values()) + "\n"


def json_log(**fields: object) -> dict[str, object]:
    row = {"card": "404:code-name", "reviewed_at": WHEN, "rating": 3, **fields}
    return {"format": "statusdex-review-log", "version": 1, "reviews": [row]}


# Imported review logs that used to crash the server (500) or be taken although play would
# refuse them (finding 8). Each: (name, body, format).
BAD_LOGS: list[tuple[str, object, str]] = [
    ("deep JSON", deep_json(), "json"),
    ("year 9999 (CSV)", csv_row(reviewed_at="9999-12-31T23:59:59+00:00"), "csv"),
    ("year 1 (CSV)", csv_row(reviewed_at="0001-01-01T00:00:00+05:00"), "csv"),
    ("year 9999 (JSON)", json_log(reviewed_at="9999-12-31T23:59:59-05:00"), "json"),
    ("year 1 (JSON)", json_log(reviewed_at="0001-01-01T00:00:00+00:00"), "json"),
    ("a future date", csv_row(reviewed_at="2099-01-01T00:00:00+00:00"), "csv"),
    ("duration 2^63", csv_row(duration_ms=str(2**63)), "csv"),
    ("duration 10^20", json_log(duration_ms=10**20), "json"),
    ("negative duration", csv_row(duration_ms="-5"), "csv"),
    ("rating true", json_log(rating=True), "json"),
    ("answer of 201 characters", csv_row(mode="typed", answer="4" * 201), "csv"),
    ("answer of 100 KB", json_log(mode="typed", answer="x" * 100_000), "json"),
    (
        "a lone surrogate",
        '{"reviews": [{"card": "404:code-name", "reviewed_at": "'
        + WHEN
        + '", "rating": 3, "mode": "typed", "answer": "\\ud800"}]}',
        "json",
    ),
    ("a CSV field over 131,072 characters", csv_row(answer="y" * 140_000), "csv"),
]
