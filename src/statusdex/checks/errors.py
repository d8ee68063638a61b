"""Errors a check reports to the user (never tracebacks)."""

from __future__ import annotations

from statusdex.errors import StatusdexError


class CheckError(StatusdexError):
    """A check could not run: bad input, a network failure, a timeout."""


class ParseError(CheckError):
    """A raw response that does not parse; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
