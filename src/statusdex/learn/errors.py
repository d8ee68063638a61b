"""Errors of the learning mode. Every one is a ``LearnError``: bad input a face answers with a
one-line message (terminal) or a 4xx (web); none of them means a bug."""

from __future__ import annotations

from statusdex.errors import StatusdexError


class LearnError(StatusdexError, ValueError):
    """Bad input to the learning mode."""


class UnknownCardError(LearnError, LookupError):
    """A card key that names no card (web: 404)."""


class UnknownDeckError(LearnError, LookupError):
    """A deck name that is not one of ``cards.DECKS`` (web: 404)."""


class SettingsError(LearnError):
    """A setting out of range, unknown, or an unknown language (web: 422)."""


class InvalidAnswerError(LearnError):
    """An answer without an answer or a rating, or with a bad rating or duration (web: 422)."""


class LogFormatError(LearnError):
    """An imported review log that cannot be read; names the row and field (web: 422)."""


class BadCredentialsError(LearnError):
    """A malformed username or password, or a failed login (web: 400 / 401)."""


class CurrentPasswordError(LearnError):
    """A change of username or password without the right current password (web: 403)."""


class UsernameTakenError(LearnError):
    """Another learner already has this username (web: 409)."""


class StaleAnswerError(LearnError):
    """An answer to a card that was answered since it was shown (a form sent twice): nothing
    was recorded (web: 409)."""


class ImportRunningError(LearnError):
    """An answer or undo while the learner's import is being written, or a second import at
    once: nothing was recorded (web: 409)."""
