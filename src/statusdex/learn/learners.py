"""Learners and how they sign in: anonymous learners with a secret token (only its hash is
stored), tokens this server issued and signed, usernames and Argon2 password hashes, the
terminal's own learner."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from statusdex.learn import log as _log
from statusdex.learn.errors import BadCredentialsError, CurrentPasswordError
from statusdex.learn.scheduler import utc_now as _now
from statusdex.learn.storage import Storage

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
MIN_PASSWORD = 8
LOCAL_LEARNER = "terminal_learner"
TOKEN_SECRET = "token_secret"  # meta: the key that signs tokens handed out before a learner exists
_ISSUED = re.compile(r"^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$")


def hash_token(token: str) -> str:
    """Tokens are 256-bit random values, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


class Learners:
    """The learners of one ``Storage``; ``LearnService`` hands its account methods here."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._hasher = PasswordHasher()
        self._token_secret: bytes | None = None

    def create_learner(self, now: datetime | None = None) -> tuple[int, str]:
        """A new anonymous learner and its secret token (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        learner = self.storage.create_learner(hash_token(token), _now(now))
        return learner, token

    def issue_token(self) -> str:
        """A fresh token for a visitor who has no learner yet: 256 random bits and this
        server's signature of them, so that ``create_learner_with_token`` can tell a token it
        issued from one an attacker made up and planted in a victim's browser."""
        value = secrets.token_urlsafe(32)
        return f"{value}.{self._sign(value)}"

    def is_issued(self, token: object) -> bool:
        """Whether ``token`` came from ``issue_token`` (of any process sharing the database)."""
        if not isinstance(token, str) or not _ISSUED.match(token):
            return False
        value, _, signature = token.partition(".")
        return hmac.compare_digest(signature, self._sign(value))

    def _sign(self, value: str) -> str:
        if self._token_secret is None:
            fresh = secrets.token_hex(32)
            self._token_secret = self.storage.meta_default(TOKEN_SECRET, fresh).encode()
        mac = hmac.new(self._token_secret, value.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def create_learner_with_token(self, token: str, now: datetime | None = None) -> int:
        """A new anonymous learner bound to ``token``, a token from ``issue_token`` (the web
        face hands one to a visitor before any row exists); any other token is refused with
        ``BadCredentialsError``, so no one can choose the token of someone else's learner.
        If another request bound the same token first, that learner is returned: two first
        requests of one browser make one learner."""
        if not self.is_issued(token):
            raise BadCredentialsError("not a learner token this server issued")
        try:
            return self.storage.create_learner(hash_token(token), _now(now))
        except IntegrityError:
            found = self.learner_by_token(token)
            if found is None:
                raise
            return found

    def learner_by_token(self, token: str) -> int | None:
        if not isinstance(token, str) or not 16 <= len(token) <= 128:
            return None
        return self.storage.learner_for_token(hash_token(token))

    def new_token(self, learner: int, now: datetime | None = None) -> str:
        token = secrets.token_urlsafe(32)
        self.storage.add_token(learner, hash_token(token), _now(now))
        return token

    def logout(self, token: str) -> None:
        """Forget one token (the learner's other devices stay signed in)."""
        self.storage.delete_token(hash_token(token))

    def register(
        self,
        learner: int,
        username: str,
        password: str,
        *,
        current_password: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """Give ``learner`` a username and password to continue on another device, or change
        them: a learner who already has a password must give it (``current_password``, else
        ``CurrentPasswordError``). Every token of the learner is then forgotten (every other
        session ends) and the new token returned is the only one: the caller's new cookie."""
        username = self.check_credentials(username, password)
        _name, stored = self.storage.account(learner)
        if stored is not None:
            if not isinstance(current_password, str) or not current_password:
                raise CurrentPasswordError(
                    "give your current password to change your username or password"
                )
            if not _log.clean_text(current_password) or not self._verify(stored, current_password):
                raise CurrentPasswordError("the current password is wrong")
        token = secrets.token_urlsafe(32)
        self.storage.set_credentials(
            learner, username, self._hasher.hash(password), hash_token(token), _now(now)
        )
        return token

    @staticmethod
    def check_credentials(username: str, password: str) -> str:
        """The normalised username if both are acceptable; ``BadCredentialsError`` else."""
        name = _check_username(username)
        if not isinstance(password, str) or len(password) < MIN_PASSWORD:
            raise BadCredentialsError(f"the password needs at least {MIN_PASSWORD} characters")
        if len(password) > 1024:
            raise BadCredentialsError("the password is too long (1024 characters at most)")
        if not _log.clean_text(password):
            raise BadCredentialsError("a password may not hold NUL characters or lone surrogates")
        return name

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def login(self, username: str, password: str, now: datetime | None = None) -> tuple[int, str]:
        """The learner with these credentials and a fresh token; ``BadCredentialsError`` else."""
        wrong = BadCredentialsError("wrong username or password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise wrong
        if not _log.clean_text(username) or not _log.clean_text(password):
            raise wrong  # no stored username holds these; a password could not be hashed
        found = self.storage.credentials(username.strip().lower())
        if found is None:
            self._hasher.hash("no such user: spend the same time as a real check")
            raise wrong
        learner, stored = found
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            raise wrong from None
        if self._hasher.check_needs_rehash(stored):
            self.storage.set_password_hash(learner, self._hasher.hash(password))
        return learner, self.new_token(learner, now)

    def username(self, learner: int) -> str | None:
        return self.storage.username(learner)

    def local_learner(self) -> int:
        """The terminal's learner in this database, created on first use."""
        found = self.storage.get_meta(LOCAL_LEARNER)
        if found is not None and self.storage.learner_exists(int(found)):
            return int(found)
        learner, _token = self.create_learner()
        self.storage.set_meta(LOCAL_LEARNER, str(learner))
        return learner


def _check_username(username: str) -> str:
    if not isinstance(username, str):
        raise BadCredentialsError("a username is text")
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise BadCredentialsError(
            "a username is 3-32 characters: letters a-z, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name
