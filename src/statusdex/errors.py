"""Exceptions raised by statusdex. Every lookup failure is a ``LookupError``."""

from __future__ import annotations


class StatusdexError(Exception):
    """Base class of every error statusdex raises on purpose."""


class UnknownStatusError(StatusdexError, LookupError):
    """No entry matches the input. ``suggestions`` holds near matches (entry ids), best first."""

    def __init__(
        self, message: str, query: object = None, suggestions: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.query = query
        self.suggestions = suggestions

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownVendorError(UnknownStatusError):
    """The vendor named is not in the registry, or has no code with that number."""


class UnknownFamilyError(UnknownStatusError):
    """The family named is not one of 1xx … 5xx."""


class UnknownWin32Error(UnknownStatusError):
    """The Windows error code is not one the registry explains (``registry/win32/``)."""


class UnknownLanguageError(StatusdexError, ValueError):
    """The language asked for is not one the registry speaks."""
