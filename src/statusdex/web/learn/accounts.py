"""Who is learning, on the web: the learner's cookie, CSRF tokens, login and registration limits.

- A visitor is known by an unguessable token (256 random bits) in an HttpOnly, SameSite=Lax
  cookie, Secure when the request came over https. Only the token's SHA-256 is stored.
- Only tokens the server issued are accepted: a token is either stored (it names a learner)
  or signed by the server (``LearnService.issue_token``: a visitor who has no row yet). Any
  other cookie, however well formed, is replaced by a fresh token, so no one can fix the
  token of someone else's future learner. Registering and signing in rotate the token.
- A first-time visitor gets a fresh token at once but no database row: the learner is created
  the first time they change something (an answer, an import, an account), bound to that same
  token. Reading (the next card, stats, browsing, pages) leaves no trace.
- The CSRF token is an HMAC of the cookie token: it is tied to the learner, checked on every
  state-changing request (hidden form field ``csrf`` or header ``X-CSRF-Token``), and another
  site can neither read nor compute it.
- Sign-in attempts are limited per client address, and failures per address *and* username
  with a growing wait: a wrong password from one address never locks the account out of
  another. Registrations are limited per address. The counters live in each server process's
  memory.
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

from starlette.requests import Request
from starlette.responses import Response

from statusdex.learn.service import LearnService
from statusdex.sharedfile import SharedEventLog

COOKIE = "statusdex_learner"
COOKIE_MAX_AGE = 400 * 86_400  # the longest browsers keep a cookie
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# secrets.token_urlsafe(32), with the server's signature when no learner has it yet
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}(\.[A-Za-z0-9_-]{22})?$")


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
    """The visitor of ``request`` (blocking: it may read the database).

    A cookie the server never issued (neither stored nor signed by it) is ignored: the
    visitor gets a fresh token, as on a first visit."""
    token = cookie_token(request)
    if token is not None:
        learner = service.learner_by_token(token)
        if learner is not None or service.is_issued(token):
            return Visitor(token, learner, new_cookie=False)
    return Visitor(service.issue_token(), None, new_cookie=True)


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
        """Count in the file ``path`` (``statusdex.sharedfile.SharedEventLog``), so every
        worker process of the server that opens it sees the same events."""
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


class Backoff:
    """A wait that doubles with each failure of a key past ``free`` ones (``base`` seconds,
    at most ``cap``), forgotten ``cap`` seconds after the last failure or on success."""

    def __init__(
        self,
        free: int = 5,
        base: float = 1.0,
        cap: float = 300.0,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base, self.cap, self.max_keys, self.clock = free, base, cap, max_keys, clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._log: SharedEventLog | None = None

    def shared(self, path: str) -> Backoff:
        """Keep the failures in the file ``path`` (``statusdex.sharedfile.SharedEventLog``),
        so every worker process of the server sees them. There a key's count is its failures
        of the last ``cap`` seconds (at most 40)."""
        self._log = SharedEventLog(path, 40)
        return self

    def _wait(self, count: int, last: float, now: float) -> float:
        if count < self.free:
            return 0.0
        wait: float = min(self.cap, self.base * 2.0 ** min(count - self.free, 30))
        return max(0.0, last + wait - now)

    def retry_after(self, key: str) -> float:
        log = self._log
        if log is not None:
            now = self.clock()
            times = log.events(key, now - self.cap)
            return self._wait(len(times), times[-1], now) if times else 0.0
        with self._lock:
            found = self._failures.get(key)
            if found is None:
                return 0.0
            count, last = found
            now = self.clock()
            if now - last >= self.cap:
                del self._failures[key]
                return 0.0
            return self._wait(count, last, now)

    def failed(self, key: str) -> None:
        if self._log is not None:
            self._log.add(key, self.clock())
            return
        with self._lock:
            count, _last = self._failures.pop(key, (0, 0.0))
            self._failures[key] = (count + 1, self.clock())
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def reset(self, key: str) -> None:
        if self._log is not None:
            self._log.clear(key)
            return
        with self._lock:
            self._failures.pop(key, None)


@dataclass
class LoginLimits:
    """Sign-in throttling. Every attempt counts against the client's address; failures count
    against the address *and* username, with a growing wait. Nothing is counted against a
    username alone, so no one can lock an account out for its owner: only their own address
    waits. Registrations (and changes of password) count against the address."""

    per_address: RateLimiter
    per_address_user: Backoff
    registrations: RateLimiter

    @classmethod
    def default(cls) -> LoginLimits:
        address, registrations = RateLimiter(20, 300.0), RateLimiter(10, 3600.0)
        backoff = Backoff()
        # Under `statusdex serve` these counts are shared by every worker process.
        shared = os.environ.get("STATUSDEX_SHARED_STATE")
        if shared:
            address.shared(shared + ".login-address")
            backoff.shared(shared + ".login-backoff")
            registrations.shared(shared + ".registrations")
        return cls(address, backoff, registrations)

    @staticmethod
    def _key(address: str, username: str) -> str:
        return address + "\n" + username.strip().lower()[:64]

    def wait(self, address: str, username: str) -> float:
        """Seconds the caller must wait before trying; 0 to go ahead (and count the try)."""
        wait = max(
            self.per_address.retry_after(address),
            self.per_address_user.retry_after(self._key(address, username)),
        )
        if wait <= 0:
            self.per_address.hit(address)
        return wait

    def failed(self, address: str, username: str) -> None:
        self.per_address_user.failed(self._key(address, username))

    def succeeded(self, address: str, username: str) -> None:
        self.per_address_user.reset(self._key(address, username))

    def register_wait(self, address: str) -> float:
        """Seconds before ``address`` may register again; 0 to go ahead (and count it)."""
        wait = self.registrations.retry_after(address)
        if wait <= 0:
            self.registrations.hit(address)
        return wait
