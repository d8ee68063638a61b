"""How ``statusdex serve`` and ``statusdex mock`` run: uvicorn (httptools, uvloop), one worker
process per core, a cheap access log, limits against slow or idle clients, shared state.

Why uvicorn: measured against granian (bench/server.py, docs/benchmarks.md), granian answers
more requests per second, but it cannot do what the mock promises: an app that returns
before its response starts gets a 500 instead of a dropped connection (``abort=before-headers``
and ``abort=after-headers``), and its status line carries the ``http`` crate's phrases
("Payload Too Large", "<none>" for 499). On uvicorn the status line is ours (the registry's
phrase, below) and every fault works.

What this module adds to uvicorn (``StatusdexProtocol``):

- **header timeout**: a connection must finish its request line and headers within
  ``header_timeout_s`` of its first byte (or of being opened), else it is closed (408 if it
  had sent something). This ends slow-byte clients, which uvicorn otherwise keeps forever.
- **idle timeout**: a kept-alive connection waiting for its next request is closed after
  ``idle_timeout_s``. Both timeouts are kept by one sweeper per worker (``_Sweeper``), not by
  a timer armed and cancelled per request, so a deadline holds to within a tick (a quarter of
  the shorter timeout, at most 1 s).
- **header size**: a request line plus headers over ``max_header_bytes`` gets a 431 with a
  JSON problem body, and the connection is closed.
- **connection cap**: at most ``max_connections`` per worker. A new connection over the cap
  closes the connection that has been idle longest (one with no request in flight); only
  when every connection is busy is the newcomer refused with a 503. So a flood of idle
  sockets cannot lock out real clients, and the process never runs out of file descriptors.
- **status line**: the reason phrase is the registry's (``413 Content Too Large``,
  ``418 I'm a teapot``, ``499 Client Closed Request``).
- **access log**: lines are formatted with ``%`` and written in batches (every 0.2 s or
  256 lines) instead of through ``logging`` one record at a time.
- **ready-made answers**: when the app has an answer in memory for a request (the mock's
  plain ``GET /404``, a page or API answer in the web's page cache), the app's
  ``cached_reply`` hook hands it over from ``on_headers_complete`` and the protocol writes
  it: no scope, no ASGI task, no timer; the wire bytes are kept until the Date changes, and
  the access log text per request line. Same bytes and log line as the ASGI path (tests in
  ``tests/server/test_fast_path.py``, ``test_ready_made_web.py``, ``test_ready_made_hook.py``).

Shared state: the starting process creates the file that ``statusdex.mock.shared`` maps in
every worker, and removes it on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import glob
import os
import signal
import sys
import tempfile
from dataclasses import dataclass, fields, replace
from types import FrameType
from typing import Any

from statusdex.extras import MissingExtraError

try:  # the mock extra brings the server (the web extra includes it)
    import httptools
    from uvicorn.protocols.http import httptools_impl
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ModuleNotFoundError as e:
    raise MissingExtraError("statusdex.serving", "mock", e.name or "uvicorn") from None

LIMITS_ENV = "STATUSDEX_SERVER_"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Limits:
    #: Seconds a client has to send its request line and headers.
    header_timeout_s: float = 10.0
    #: Seconds a kept-alive connection may wait for its next request.
    idle_timeout_s: float = 5.0
    #: Largest request line + headers, in bytes (over it: 431).
    max_header_bytes: int = 16_384
    #: Open connections per worker process.
    max_connections: int = 1_000

    @classmethod
    def from_env(cls) -> Limits:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(LIMITS_ENV + f.name.upper())
            if raw:
                values[f.name] = float(raw) if f.type in (float, "float") else int(raw)
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        return {LIMITS_ENV + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}


def add_arguments(p: argparse.ArgumentParser, workers_env: str) -> None:
    """The options both commands share: workers, access log and the limits."""
    env = os.environ.get
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=env(workers_env) or str(default_workers()),
        help=f"worker processes (default: one per core, here {default_workers()})",
    )
    p.add_argument("--no-access-log", action="store_true", help="do not log each request")
    d = Limits()
    g = p.add_argument_group(f"limits (also {LIMITS_ENV}<NAME> variables)")
    g.add_argument(
        "--header-timeout",
        dest="header_timeout_s",
        type=_positive_float,
        default=env(LIMITS_ENV + "HEADER_TIMEOUT_S") or str(d.header_timeout_s),
        metavar="S",
        help=f"seconds to send request line and headers (default {d.header_timeout_s:g})",
    )
    g.add_argument(
        "--idle-timeout",
        dest="idle_timeout_s",
        type=_positive_float,
        default=env(LIMITS_ENV + "IDLE_TIMEOUT_S") or str(d.idle_timeout_s),
        metavar="S",
        help=f"seconds a kept-alive connection may idle (default {d.idle_timeout_s:g})",
    )
    g.add_argument(
        "--max-request-header-bytes",
        dest="max_header_bytes_in",
        type=_positive_int,
        default=env(LIMITS_ENV + "MAX_HEADER_BYTES") or str(d.max_header_bytes),
        metavar="N",
        help=f"largest request line + headers; over it: 431 (default {d.max_header_bytes})",
    )
    g.add_argument(
        "--max-connections",
        type=_positive_int,
        default=env(LIMITS_ENV + "MAX_CONNECTIONS") or str(d.max_connections),
        metavar="N",
        help=f"open connections per worker (default {d.max_connections})",
    )


def limits_from_args(args: argparse.Namespace) -> Limits:
    return Limits(
        header_timeout_s=args.header_timeout_s,
        idle_timeout_s=args.idle_timeout_s,
        max_header_bytes=args.max_header_bytes_in,
        max_connections=args.max_connections,
    )


def run(
    factory: str,
    *,
    host: str,
    port: int,
    workers: int,
    access_log: bool,
    limits: Limits,
    graceful_s: float,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve the ASGI app that ``factory`` ("module:function") builds, until SIGTERM/SIGINT."""
    import uvicorn

    _raise_file_limit()
    os.environ.update(limits.to_env())
    os.environ["STATUSDEX_SERVER_ACCESS_LOG"] = "1" if access_log else "0"
    state_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    _remove_stale_state(state_dir)
    fd, state_path = tempfile.mkstemp(prefix=f"statusdex-state-{os.getpid()}-", dir=state_dir)
    os.close(fd)
    os.environ["STATUSDEX_SHARED_STATE"] = state_path
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the handler that
    # was installed before it ran; this one turns it into a normal exit (status 0), so the
    # ``finally`` below removes the shared state.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        uvicorn.run(
            factory,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            http=StatusdexProtocol,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
            access_log=False,  # ours, see AccessLog
            log_level="info",
            timeout_keep_alive=max(1, round(limits.idle_timeout_s)),
            timeout_graceful_shutdown=max(1, round(graceful_s)),
        )
    finally:
        # The state file, and the files beside it that other faces share (learn's login limits).
        for path in [state_path, *glob.glob(glob.escape(state_path) + ".*")]:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _remove_stale_state(folder: str) -> None:
    """Shared-state files left by servers that were killed (SIGKILL gives no chance to clean
    up): their name carries the starting process's id."""
    for path in glob.glob(os.path.join(glob.escape(folder), "statusdex-state-*")):
        owner = os.path.basename(path).split("-")[2]
        if not owner.isdigit():
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(path)
        except OSError:
            pass


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)


def _raise_file_limit() -> None:
    """Soft limit on open files up to the hard one, so the connection cap is what binds."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


# --- the status line -----------------------------------------------------------------------


def _registry_status_lines() -> None:
    """uvicorn writes ``STATUS_LINE[code]``; make its phrases the registry's."""
    from statusdex import lookup
    from statusdex.core.store import entries
    from statusdex.errors import StatusdexError

    lines = httptools_impl.STATUS_LINE
    # 100–599, and the vendor codes outside that range the registry knows (LinkedIn's 999)
    outside = sorted({int(s) for s in entries() if s.outside_range})
    for code in [*range(100, 600), *outside]:
        try:
            phrase = lookup(code).phrase
        except (StatusdexError, LookupError):
            continue
        # The reason phrase is optional and informational (RFC 9112 §4); keep it printable.
        text = phrase.encode("latin-1", "replace")
        lines[code] = b"HTTP/1.1 %d %s\r\n" % (code, text)


# --- the access log ------------------------------------------------------------------------


class AccessLog:
    """Stands in for uvicorn's access logger: ``info(format, *args)`` queues one line; lines
    are written to standard output in batches."""

    FLUSH_AFTER_S = 0.2
    FLUSH_LINES = 256

    def __init__(self, fd: int = 1) -> None:
        self.fd = fd
        self.lines: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        atexit.register(self.flush)

    def info(self, fmt: str, *args: object) -> None:
        self.line("INFO:     " + fmt % args)

    def line(self, text: str) -> None:
        """Queue one line, already formatted."""
        self.lines.append(text)
        if len(self.lines) >= self.FLUSH_LINES:
            self.flush()
        elif self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
                return
            self._timer = loop.call_later(self.FLUSH_AFTER_S, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self.lines:
            return
        data = ("\n".join(self.lines) + "\n").encode("utf-8", "backslashreplace")
        self.lines.clear()
        with contextlib.suppress(OSError):
            while data:
                written = os.write(self.fd, data)
                data = data[written:]


# --- the protocol --------------------------------------------------------------------------

_LIMITS: Limits | None = None
_ACCESS_LOG: AccessLog | None = None


def _setup() -> tuple[Limits, AccessLog | None]:
    global _LIMITS, _ACCESS_LOG
    if _LIMITS is None:
        _LIMITS = _within_file_limit(Limits.from_env())
        if os.environ.get("STATUSDEX_SERVER_ACCESS_LOG", "1") != "0":
            _ACCESS_LOG = AccessLog()
        _registry_status_lines()
    return _LIMITS, _ACCESS_LOG


def _within_file_limit(limits: Limits) -> Limits:
    """The connection cap, lowered if this process may not open that many files (keeping 64
    for the app: database, logs, templates), so the cap binds before the descriptors run out."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, ValueError, OSError):
        return limits
    if soft == resource.RLIM_INFINITY or limits.max_connections <= soft - 64:
        return limits
    return replace(limits, max_connections=max(1, soft - 64))


def _problem(status: int, kind: str, detail: str) -> bytes:
    import json

    body = json.dumps(
        {"type": f"urn:statusdex:server:{kind}", "status": status, "detail": detail}
    ).encode()
    return b"".join(
        [
            httptools_impl.STATUS_LINE[status],
            b"content-type: application/problem+json\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
            body,
        ]
    )


# A request with any of these is never answered from the cache: it has a body, wants an
# upgrade, or was forwarded (the ASGI path logs the forwarded client).
_NOT_FAST = frozenset(
    [
        b"content-length",
        b"transfer-encoding",
        b"upgrade",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"forwarded",
    ]
)


def _cached_reply_of(app: object) -> Any:
    """The ``cached_reply`` hook of the app under uvicorn's wrappers, if it has one."""
    for _ in range(8):
        hook = getattr(app, "cached_reply", None)
        if hook is not None:
            return hook
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


class _Sweeper:
    """One timer per worker instead of two per request: every ``tick`` seconds it closes the
    connections whose header deadline or idle deadline has passed. A deadline is therefore
    kept to within one tick (a quarter of the shorter timeout, at most 1 s)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, limits: Limits) -> None:
        self.loop = loop
        self.tick = min(1.0, max(0.05, min(limits.header_timeout_s, limits.idle_timeout_s) / 4))
        self.connections: set[StatusdexProtocol] = set()
        self._timer: asyncio.TimerHandle | None = None

    def add(self, conn: StatusdexProtocol) -> None:
        self.connections.add(conn)
        if self._timer is None:
            self._timer = self.loop.call_later(self.tick, self._sweep)

    def _sweep(self) -> None:
        self._timer = None
        now = self.loop.time()
        for conn in list(self.connections):
            if conn._header_deadline and now >= conn._header_deadline:
                conn._header_timeout()
            elif conn._idle_deadline and now >= conn._idle_deadline:
                conn._idle_deadline = 0.0
                if not conn.transport.is_closing():
                    conn.transport.close()
        if self.connections:
            self._timer = self.loop.call_later(self.tick, self._sweep)


_SWEEPER: _Sweeper | None = None


def _sweeper(loop: asyncio.AbstractEventLoop, limits: Limits) -> _Sweeper:
    global _SWEEPER
    if _SWEEPER is None or _SWEEPER.loop is not loop:
        _SWEEPER = _Sweeper(loop, limits)
    return _SWEEPER


# Wire bytes of ready-made answers: keyed by the answer's start message (the same object each
# time the app hands out the same answer) and keep-alive; emptied whenever uvicorn renews its
# default header fields (the Date, once a second).
# A body over _JOIN_BODY_UNDER bytes is not copied into the entry: head and body go out in one
# writev. So the entries hold at most 4096 × (head + 4 KiB).
_WIRE: dict[tuple[int, bool], tuple[object, bytes, bytes, bool]] = {}
_JOIN_BODY_UNDER = 4096
_WIRE_DEFAULTS: list[tuple[bytes, bytes]] | None = None
# The access log's text for a ready-made answer: '"GET /404 HTTP/1.1" 404', by request.
_LOG_TEXT: dict[tuple[bytes, str, str, int], str] = {}


class _HeadersTooLargeError(Exception):
    pass


class StatusdexProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits described in the module docstring, and a
    path that writes the app's ready-made answers straight from the parser's callbacks: no
    scope, no task, no per-request timer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits, log = _setup()
        self._log = log
        if log is not None:
            self.access_logger = log  # type: ignore[assignment]
            self.access_log = True
        else:
            self.access_log = False
        self._log_prefix = ""
        self._awaiting_headers = True
        self._header_bytes = 0
        self._parsed_bytes = 0
        self._too_large = False
        self._header_deadline = 0.0
        self._idle_deadline = 0.0
        self._idle_since = self.loop.time()
        self._skip_message = False
        self._fast = _cached_reply_of(self.app)
        self._sweeper = _sweeper(self.loop, self.limits)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections and not self._make_room():
            transport.write(_problem(503, "too-many-connections", "the server is full"))
            transport.close()
            return
        if self.client:
            self._log_prefix = f"INFO:     {self.client[0]}:{self.client[1]} - "
        self._header_deadline = self.loop.time() + self.limits.header_timeout_s
        self._sweeper.add(self)

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for a request (idle, or sending its
        headers slowly), not this one; False if every other one has a request in flight."""
        oldest: StatusdexProtocol | None = None
        for other in self.connections:
            if (
                other is not self
                and isinstance(other, StatusdexProtocol)
                and other._awaiting_headers
                and (oldest is None or other._idle_since < oldest._idle_since)
            ):
                oldest = other
        if oldest is None:
            return False
        oldest.transport.close()
        self.connections.discard(oldest)
        return True

    def _header_timeout(self) -> None:
        self._header_deadline = 0.0
        if self.transport.is_closing():
            return
        if self._header_bytes:
            self.transport.write(
                _problem(408, "header-timeout", "the request headers took too long")
            )
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if not self._awaiting_headers:
            super().data_received(data)
            return
        if not self._header_deadline:
            self._header_deadline = self.loop.time() + self.limits.header_timeout_s
        self._idle_deadline = 0.0
        if self.timeout_keep_alive_task is not None:
            self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError:
            if self._too_large:
                self._refuse_large_headers()
                return
            self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserError:
            self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        # A header line still arriving is held by the parser, unseen by on_header: count the
        # raw bytes of a request whose headers are not complete yet.
        if self._awaiting_headers and self._header_deadline:
            self._header_bytes += len(data)
            if (
                self._header_bytes > self.limits.max_header_bytes
                and not self.transport.is_closing()
            ):
                self._refuse_large_headers()

    def _refuse_large_headers(self) -> None:
        self._header_deadline = 0.0
        detail = f"the request line and headers exceed {self.limits.max_header_bytes} bytes"
        self.transport.write(_problem(431, "header-too-large", detail))
        self.transport.close()

    def on_message_begin(self) -> None:
        # uvicorn's scope is built in on_headers_complete, only for the ASGI path.
        self._parsed_bytes = 0
        self.url = b""
        self.expect_100_continue = False
        self.headers = []

    def on_url(self, url: bytes) -> None:
        self._parsed_bytes += len(url)
        if self._parsed_bytes > self.limits.max_header_bytes:
            self._too_large = True
            raise _HeadersTooLargeError
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._parsed_bytes += len(name) + len(value) + 4
        if self._parsed_bytes > self.limits.max_header_bytes:
            self._too_large = True
            raise _HeadersTooLargeError
        name = name.lower()
        if name == b"expect" and value.lower() == b"100-continue":
            self.expect_100_continue = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._awaiting_headers = False
        self._header_bytes = 0
        self._header_deadline = 0.0
        if self._fast is not None and self._answer_from_cache():
            return
        self.scope = {  # type: ignore[typeddict-item]
            "type": "http",
            "asgi": {"version": self.asgi_version, "spec_version": "2.3"},
            "http_version": "1.1",
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,  # type: ignore[typeddict-item]
            "root_path": self.root_path,
            "headers": self.headers,
            "state": self.app_state.copy(),
        }
        super().on_headers_complete()

    def _answer_from_cache(self) -> bool:
        """Write the app's ready-made answer, if it has one for this request, without an ASGI
        task: the same bytes (status line, uvicorn's default headers, the app's headers and
        body), the same access log line, the same keep-alive handling."""
        global _WIRE_DEFAULTS
        if self.pipeline or (self.cycle is not None and not self.cycle.response_complete):
            return False
        if self.flow.write_paused:  # a client that does not read: the ASGI path waits for it
            return False
        url = self.url
        if url[:1] != b"/" or b"%" in url or b"#" in url or not url.isascii():
            return False
        headers = self.headers
        for name, _ in headers:
            if name in _NOT_FAST:
                return False
        parser = self.parser
        method = parser.get_method().decode("ascii")
        path, _, query = url.partition(b"?")
        assert self._fast is not None
        cached = self._fast(
            method, self.root_path + path.decode("ascii"), query, headers, self.scheme
        )
        if cached is None:
            return False
        start, body = cached
        version = parser.get_http_version()
        keep_alive = version != "1.0" and parser.should_keep_alive()
        defaults = self.server_state.default_headers
        if defaults is not _WIRE_DEFAULTS:
            _WIRE.clear()
            _WIRE_DEFAULTS = defaults
        key = (id(start), keep_alive)
        wire = _WIRE.get(key)
        content: bytes = body["body"]
        if wire is None or wire[0] is not start or wire[1] is not content:
            big = len(content) > _JOIN_BODY_UNDER
            head = _wire_head(start, defaults, keep_alive)
            wire = (start, content, head if big else head + content, big)
            if len(_WIRE) > 4096:
                _WIRE.clear()
            _WIRE[key] = wire
        if wire[3]:  # a page: its head and body in one writev, the body not copied
            self.transport.writelines((wire[2], content))
        else:
            self.transport.write(wire[2])
        if self._log is not None:
            status: int = start["status"]
            text_key = (url, method, version, status)
            text = _LOG_TEXT.get(text_key)
            if text is None:
                text = _log_text(method, self.root_path, path, query, version, status)
                if len(_LOG_TEXT) > 4096:
                    _LOG_TEXT.clear()
                _LOG_TEXT[text_key] = text
            self._log.line(self._log_prefix + text)
        self._skip_message = True
        self.server_state.total_requests += 1
        self._awaiting_headers = True
        if keep_alive:
            self._idle_since = now = self.loop.time()
            self._idle_deadline = now + self.limits.idle_timeout_s
        else:
            self.transport.close()
        return True

    def on_body(self, body: bytes) -> None:
        if not self._skip_message:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._skip_message:
            self._skip_message = False
            return
        super().on_message_complete()

    def on_response_complete(self) -> None:
        # uvicorn's, except that the keep-alive wait is the sweeper's idle deadline.
        self._awaiting_headers = True
        self._header_bytes = 0
        self._idle_since = self.loop.time()
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self._unset_keepalive_if_required()
        self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
        else:
            self._idle_deadline = self.loop.time() + self.limits.idle_timeout_s

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_deadline = 0.0
        self._idle_deadline = 0.0
        self._sweeper.connections.discard(self)
        super().connection_lost(exc)


def _wire_head(
    start: dict[str, Any], defaults: list[tuple[bytes, bytes]], keep_alive: bool
) -> bytes:
    """A ready-made answer's status line and header block, as uvicorn's ASGI path writes them."""
    out = [httptools_impl.STATUS_LINE[start["status"]]]
    for name, value in defaults:
        out += [name, b": ", value, b"\r\n"]
    for name, value in start["headers"]:
        out += [name, b": ", value, b"\r\n"]
    if not keep_alive:
        out.append(b"connection: close\r\n")
    out.append(b"\r\n")
    return b"".join(out)


def _log_text(
    method: str, root_path: str, path: bytes, query: bytes, version: str, status: int
) -> str:
    """The request part of an access log line, as uvicorn's ASGI path formats it."""
    from urllib.parse import quote

    target = quote(root_path + path.decode("ascii"))
    if query:
        target += "?" + query.decode("ascii")
    return f'"{method} {target} HTTP/{version}" {status}'


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


if sys.platform == "win32":  # pragma: no cover
    raise ImportError("statusdex's server needs a POSIX system")
