"""Who is learning, on the web: the learner's cookie, CSRF tokens and login rate limits.

- A visitor is known by an unguessable token (256 random bits) in an HttpOnly, SameSite=Lax
  cookie, Secure when the request came over https. Only the token's SHA-256 is stored.
- A first-time visitor gets a fresh token at once but no database row: the learner is created
  the first time they need one (playing, stats, an account), bound to that same token. Pages
  a crawler reads (``/learn``, the print sheet) leave no trace.
- The CSRF token is an HMAC of the cookie token: it is tied to the learner, checked on every
  state-changing request (hidden form field ``csrf`` or header ``X-CSRF-Token``), and another
  site can neither read nor compute it.
- Login attempts are rate-limited per client address and per username (sliding windows, held
  in each server process's memory).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from statusdex.learn.service import LearnService

if TYPE_CHECKING:
    from statusdex.mock.shared import SharedEventLog

COOKIE = "statusdex_learner"
COOKIE_MAX_AGE = 400 * 86_400  # the longest browsers keep a cookie
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


class CsrfError(Exception):
    """A state-changing request without the learner's CSRF token (web: 403)."""


def csrf_for(token: str) -> str:
    """The CSRF token that goes with cookie ``token`` (not the token's stored hash)."""
    return hmac.new(token.encode(), b"statusdex learn csrf v1", hashlib.sha256).hexdigest()


@dataclass
class Visitor:
    """The person behind one request."""

    token: str  # the cookie's token (fresh for a first-time visitor)
    learner: int | None  # None until the learner needs a database row
    new_cookie: bool  # the response must set the cookie

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)


def new_token() -> str:
    """A fresh unguessable token (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def cookie_token(request: Request) -> str | None:
    token = request.cookies.get(COOKIE)
    return token if token is not None and _TOKEN.match(token) else None


def identify(request: Request, service: LearnService) -> Visitor:
    """The visitor of ``request`` (blocking: it may read the database)."""
    token = cookie_token(request)
    if token is None:
        return Visitor(new_token(), None, new_cookie=True)
    return Visitor(token, service.learner_by_token(token), new_cookie=False)


def ensure_learner(visitor: Visitor, service: LearnService) -> int:
    """The visitor's learner id, creating the learner (bound to the visitor's token) if needed."""
    if visitor.learner is None:
        visitor.learner = service.create_learner_with_token(visitor.token)
    return visitor.learner


def check_csrf(visitor: Visitor, submitted: str | None) -> None:
    """Raise ``CsrfError`` unless ``submitted`` is the visitor's CSRF token.

    A first-time visitor has no cookie yet, so no token can match: a forged cross-site
    request never reaches a learner.
    """
    if visitor.new_cookie or not submitted:
        raise CsrfError("missing CSRF token: reload the page and try again")
    if not hmac.compare_digest(submitted.encode(), visitor.csrf.encode()):
        raise CsrfError("wrong CSRF token: reload the page and try again")


def set_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        path=_cookie_path(request),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def clear_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE,
        path=_cookie_path(request),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def _cookie_path(request: Request) -> str:
    # Every language's pages (/learn, /th/learn…) share the cookie: scope it to the site root.
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return root + "/"


# Rate limits -------------------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds for each key. Thread-safe."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._log: SharedEventLog | None = None

    def shared(self, path: str) -> RateLimiter:
        """Count in the file ``path`` (``statusdex.mock.shared.SharedEventLog``), so every
        worker process of the server that opens it sees the same events."""
        from statusdex.mock.shared import SharedEventLog

        self._log = SharedEventLog(path, self.limit)
        return self

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may act again; 0 when it may act now."""
        log = self._log
        if log is not None:
            now = self.clock()
            recent = log.events(key, now - self.window)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-self.limit] + self.window - now)
        with self._lock:
            events = self._current(key)
            if events is None or len(events) < self.limit:
                return 0.0
            return max(0.0, events[0] + self.window - self.clock())

    def hit(self, key: str) -> None:
        """Count one event for ``key``."""
        log = self._log
        if log is not None:
            log.add(key, self.clock())
            return
        with self._lock:
            events = self._current(key)
            if events is None:
                events = self._events[key] = deque()
                while len(self._events) > self.max_keys:
                    self._events.popitem(last=False)
            events.append(self.clock())
            self._events.move_to_end(key)

    def reset(self, key: str) -> None:
        log = self._log
        if log is not None:
            log.clear(key)
            return
        with self._lock:
            self._events.pop(key, None)

    def _current(self, key: str) -> deque[float] | None:
        events = self._events.get(key)
        if events is None:
            return None
        horizon = self.clock() - self.window
        while events and events[0] <= horizon:
            events.popleft()
        if not events:
            del self._events[key]
            return None
        return events


@dataclass
class LoginLimits:
    """Login throttling: every attempt counts against the client's address, failed ones
    against the username too (so guessing one account's password from many addresses stalls)."""

    per_address: RateLimiter
    per_username: RateLimiter

    @classmethod
    def default(cls) -> LoginLimits:
        address, username = RateLimiter(20, 300.0), RateLimiter(5, 300.0)
        # Under `statusdex serve` the counts are shared by every worker process.
        shared = os.environ.get("STATUSDEX_SHARED_STATE")
        if shared:
            address.shared(shared + ".login-address")
            username.shared(shared + ".login-username")
        return cls(address, username)

    def wait(self, address: str, username: str) -> float:
        """Seconds the caller must wait before trying; 0 to go ahead (and count the try)."""
        name = username.strip().lower()[:64]
        wait = max(
            self.per_address.retry_after(address), self.per_username.retry_after("u:" + name)
        )
        if wait <= 0:
            self.per_address.hit(address)
        return wait

    def failed(self, username: str) -> None:
        self.per_username.hit("u:" + username.strip().lower()[:64])

    def succeeded(self, username: str) -> None:
        self.per_username.reset("u:" + username.strip().lower()[:64])
