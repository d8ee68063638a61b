"""What every learning route shares: the per-process service, the visitor of a request,
answers (pages, JSON, problems), request bodies and errors.

A route starts with ``ctx = await Ctx.begin(request)``; ``await ctx.learner()`` gives the
learner id (creating the learner on first use), ``ctx.check_csrf(token)`` guards a change,
``ctx.page(...)``/``ctx.json(...)`` answer and set the cookie when the visitor is new.
Blocking work (the database, argon2) runs in the thread pool through ``ctx.run``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, ParamSpec, TypeVar
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message

from statusdex.core.labels.pages import Words, words
from statusdex.core.lang import LANGUAGES
from statusdex.learn.cards import DECKS
from statusdex.learn.log import clean_text
from statusdex.learn.pacing import Pacer, gc_paused
from statusdex.learn.service import LearnService
from statusdex.learn.storage import Storage
from statusdex.learn.when import absolute, relative
from statusdex.web.i18n import url_for_lang
from statusdex.web.learn import accounts, static
from statusdex.web.learn.accounts import LoginLimits, Visitor
from statusdex.web.learn.charts import percent
from statusdex.web.learn.errors import WebError
from statusdex.web.settings import WebSettings
from statusdex.web.templating import render, request_lang

P = ParamSpec("P")
T = TypeVar("T")

MAX_JSON = 64 * 1024  # bytes of a JSON request
MAX_FORM = 64 * 1024  # bytes of a plain form
MAX_UPLOAD = 20 * 1024 * 1024  # bytes of an imported review log
MODES: tuple[str, ...] = ("flip", "typed", "choice")
NO_LEARNER = 0  # an id no learner has: what a visitor without a row reads (an empty history)
ZONE_COOKIE = "statusdex_tz"  # the browser's time zone, set by learn.js


HASH_NICE = 10  # how much lower than play the hashing threads run (Linux nice levels)


def _lower_priority() -> None:
    """Run this thread (and the threads argon2 starts from it) at a lower CPU priority, so that
    when the cores are short the event loop and the answers go first (Linux: per thread)."""
    with suppress(AttributeError, OSError):  # not Linux, or not allowed: as play
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)


class HashGate:
    """Password hashing (argon2id, 64 MiB each) runs ``capacity`` at a time per process, on
    threads of its own at a lower CPU priority, with at most ``queue`` more waiting (in the
    event loop, not in the thread pool that answers need); past that the request is refused
    at once with a 503. A flood of registrations or sign-ins then costs at most ``capacity``
    hashes of memory, and CPU that play does not need."""

    def __init__(self, capacity: int = 1, queue: int = 4) -> None:
        self.capacity = capacity
        self.queue = queue
        self.inside = 0  # running or waiting
        self._sem: asyncio.Semaphore | None = None
        self._threads: ThreadPoolExecutor | None = None

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self.inside >= self.capacity + self.queue:
            raise WebError(
                503, "too many sign-ins at once; try again in a moment", {"Retry-After": "2"}
            )
        if self._sem is None or self._threads is None:
            self._sem = asyncio.Semaphore(self.capacity)
            self._threads = ThreadPoolExecutor(
                self.capacity, "statusdex-hash", initializer=_lower_priority
            )
        self.inside += 1
        try:
            async with self._sem:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._threads, partial(fn, *args, **kwargs))
        finally:
            self.inside -= 1


@dataclass
class LearnState:
    """Per-process state of the learning face: the service (opened on first use) and the
    login limits. Kept on ``app.state.learn``."""

    settings: WebSettings
    limits: LoginLimits = field(default_factory=LoginLimits.default)
    hashing: HashGate = field(default_factory=HashGate)
    _service: LearnService | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    apkg_cache: dict[tuple[str, str], bytes] = field(default_factory=dict)

    @property
    def opened(self) -> LearnService | None:
        """The service if the database is already open (no blocking), else None."""
        return self._service

    def service(self) -> LearnService:
        """The service; opens (and migrates) the database the first time (blocking)."""
        if self._service is None:
            with self._lock:
                if self._service is None:
                    self._service = LearnService(Storage(self.settings.database_url or None))
        return self._service


# Interface words ---------------------------------------------------------------------------


PARTS = ("shared", "learn", "web", "web_learn")  # statusdex.core.labels: every word a page shows


def learn_labels(lang: str) -> Words:
    """The learning pages' words in one language (``ll`` in their templates)."""
    return words(lang, *PARTS)


# Requests ----------------------------------------------------------------------------------


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with a 413 past ``limit`` bytes (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise WebError(400, "invalid Content-Length")
        if int(declared) > limit:
            raise WebError(413, f"the request body is larger than {limit} bytes")
    chunks = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise WebError(413, f"the request body is larger than {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:  # nobody will read the answer; nothing was done
        raise WebError(400, "the client disconnected before sending the whole body") from None
    return b"".join(chunks)


async def read_json(request: Request) -> dict[str, Any]:
    body = await read_body(request, MAX_JSON)
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise WebError(400, "the body is not valid JSON") from None
    except RecursionError:
        raise WebError(400, "the body is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise WebError(400, "the body must be a JSON object")
    return data


async def read_form(request: Request, limit: int = MAX_FORM) -> dict[str, Any]:
    """Form fields (the last value of each); files stay ``UploadFile`` objects."""
    body = await read_body(request, limit)

    async def replay() -> Message:  # the body already read, for the form parser
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=20)
    except Exception as err:  # python-multipart's errors vary by version
        raise WebError(400, f"cannot read the form: {err}") from None
    return dict(form.items())


def text_field(data: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise WebError(400, f"{name} is required")
        return None
    if not isinstance(value, str):
        raise WebError(400, f"{name} must be text")
    if not clean_text(value):
        raise WebError(400, f"{name} must be text without NUL characters or lone surrogates")
    return value


def required_text(data: Mapping[str, Any], name: str) -> str:
    value = text_field(data, name, required=True)
    assert value is not None
    return value


def int_field(data: Mapping[str, Any], name: str, *, strict: bool = False) -> int | None:
    """A whole number; form fields may send it as text, JSON (``strict``) may not."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise WebError(400, f"{name} must be a whole number")
    if isinstance(value, int):
        return value
    if (
        not strict
        and isinstance(value, str)
        and value.strip().lstrip("-").isdigit()
        and len(value) < 12
    ):
        return int(value)
    raise WebError(400, f"{name} must be a whole number")


def choose(value: str | None, allowed: tuple[str, ...], name: str, default: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise WebError(400, f"{name} must be one of {', '.join(allowed)}")
    return value


# One request -------------------------------------------------------------------------------


@dataclass
class Ctx:
    request: Request
    state: LearnState
    service: LearnService
    visitor: Visitor
    lang: str

    @classmethod
    async def begin(cls, request: Request, lang: str | None = None) -> Ctx:
        state: LearnState = request.app.state.learn
        # Each hop to the thread pool costs; only the first request opens the database.
        service = state.opened
        if service is None:
            service = await run_in_threadpool(state.service)
        visitor = await run_in_threadpool(accounts.identify, request, service)
        ctx = cls(request, state, service, visitor, request_lang(request))
        ctx.use_lang(lang)
        return ctx

    @classmethod
    async def posted_form(
        cls, request: Request, limit: int = MAX_FORM
    ) -> tuple[Ctx, dict[str, Any]]:
        """A form POST: the request's context and its fields, the CSRF token checked."""
        ctx = await cls.begin(request)
        form = await read_form(request, limit)
        ctx.check_csrf(text_field(form, "csrf"))
        return ctx, form

    def use_lang(self, lang: str | None) -> None:
        """Answer in ``lang`` (a ``lang`` parameter) rather than the URL's language."""
        if lang is not None and lang != "":
            if lang not in LANGUAGES:
                raise WebError(400, f"lang must be one of {', '.join(LANGUAGES)}")
            self.lang = lang

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await run_in_threadpool(fn, *args, **kwargs)

    async def import_log(self, learner: int, text: str, fmt: str | None) -> int:
        """The service's ``import_log``, paced and without garbage-collector passes, so that
        a large import does not stall the other requests of the process."""

        def work() -> int:
            with gc_paused():
                return self.service.import_log(learner, text, fmt, pace=Pacer())

        return await run_in_threadpool(work)

    def reader(self) -> int:
        """The learner id to read for: the visitor's, or ``NO_LEARNER`` (nothing yet) for a
        visitor who has no row. Reading never creates a learner."""
        return self.visitor.learner if self.visitor.learner is not None else NO_LEARNER

    @property
    def address(self) -> str:
        return self.request.client.host if self.request.client else "unknown"

    async def hashing(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn`` (which hashes a password) through the process's ``HashGate``."""
        return await self.state.hashing.run(fn, *args, **kwargs)

    def limit_registration(self) -> None:
        """Count a registration (or change of password) from this address; 429 past the limit."""
        wait = self.state.limits.register_wait(self.address)
        if wait > 0:
            seconds = str(max(1, round(wait)))
            raise WebError(
                429,
                f"too many accounts made from this address; wait {seconds} s",
                {"Retry-After": seconds},
            )

    async def learner(self) -> int:
        if self.visitor.learner is not None:
            return self.visitor.learner
        return await run_in_threadpool(accounts.ensure_learner, self.visitor, self.service)

    def check_csrf(self, submitted: str | None) -> None:
        accounts.check_csrf(self.visitor, submitted)

    @property
    def study_session(self) -> str:
        """This browser's study session: undo takes back only the answers given from it."""
        return hashlib.sha256(b"study-session:" + self.visitor.token.encode()).hexdigest()[:32]

    async def learner_in_zone(self, zone: str | None = None) -> int:
        """The learner, whose time zone is set on first use from ``zone`` or the browser's
        (the cookie ``statusdex_tz`` that learn.js sets from ``Intl``)."""
        learner = await self.learner()
        zone = zone or unquote(self.request.cookies.get(ZONE_COOKIE, ""))
        if zone:
            await self.run(self.service.ensure_timezone, learner, zone)
        return learner

    async def reader_in_zone(self) -> int:
        """``reader()``, with the zone set on first use for a visitor who has a row (a visitor
        without one reads the defaults; the zone is set with their first answer)."""
        if self.visitor.learner is None:
            return NO_LEARNER
        return await self.learner_in_zone()

    @property
    def labels(self) -> Words:
        return learn_labels(self.lang)

    def url(self, path: str, lang: str | None = None) -> str:
        root = str(self.request.scope.get("root_path", ""))
        return url_for_lang(path, lang or self.lang, root)

    def finish(self, response: Response) -> Response:
        """Set the cookie of a new visitor; personal answers are never stored by caches."""
        if self.visitor.new_cookie:
            accounts.set_cookie(response, self.request, self.visitor.token)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Cookie"
        return response

    def page(self, template: str, context: Mapping[str, Any], status: int = 200) -> Response:
        full = {
            "ll": self.labels,
            "csrf": self.visitor.csrf,
            "learn_static": learn_static_url(self.request),
            "deck_names": DECK_LABELS,
            "percent": percent,
            "when": self.when,
            "exact": absolute,
            **context,
        }
        return self.finish(render(self.request, template, full, lang=self.lang, status_code=status))

    def when(self, due: datetime) -> str:
        """``due`` relative to now, in the page's language ("in 10 min", "tomorrow")."""
        return relative(due, datetime.now(UTC), self.lang)

    def json(self, data: Any, status: int = 200) -> Response:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.finish(Response(body, status, media_type="application/json"))


DECK_LABELS = {d: f"deck.{d}" for d in DECKS}  # the registry's deck list


def learn_static_url(request: Request) -> Callable[[str], str]:
    root = str(request.scope.get("root_path", ""))

    def url(name: str) -> str:
        return static.url(name, root)

    return url
