"""Generated and streamed bodies: ``/bytes/{n}``, ``/stream/{n}``, ``/stream-bytes/{n}``,
``/drip``, ``/sse`` and ``/unstable``. (``/delay/{n}`` is the mock's own, in ``plan``.)

Sizes are capped by ``max_generated_bytes``, counts by ``max_items``, waits by
``max_delay_ms``; a request over a cap gets a 400 that names it. ``seed=`` makes the random
bytes (and ``/unstable``'s outcome) repeatable.
"""

from __future__ import annotations

import json
import random
import time

from statusdex.mock.httpbin.common import OCTETS, Call, NotFoundError, Stream, reply
from statusdex.mock.httpbin.common import whole_number as number
from statusdex.mock.httpbin.echo import base
from statusdex.mock.params import MockInputError, duration_ms, status_code
from statusdex.mock.responses import CORS, Reply

_MAX_PIECES = 1_000  # a drip or an event stream is never cut into more sends than this


def _one_number(call: Call, what: str, cap: int, cap_name: str) -> int:
    if len(call.parts) != 1:
        raise NotFoundError(f"use /{what}/{{n}}")
    return number(call.parts[0], name="n", cap=cap, cap_name=cap_name)


def _rng(call: Call) -> random.Random:
    seed = call.arg("seed")
    if seed is None:
        return random.Random()
    text = seed.strip()
    if not text.lstrip("-").isdigit():
        raise MockInputError(f"seed must be a whole number, got {seed!r}", "seed")
    return random.Random(int(text))


def _wait(call: Call, name: str, default_s: float) -> float:
    raw = call.arg(name)
    return default_s if raw is None else duration_ms(raw, name=name, bare_unit="s") / 1000


def _check_total(call: Call, seconds: float, parameter: str) -> None:
    cap = call.settings.max_delay_ms
    if seconds * 1000 > cap:
        raise MockInputError(
            f"the waits add up to {seconds * 1000:,.0f} ms, over the server's cap "
            f"max_delay_ms={cap}",
            parameter,
        )


async def bytes_(call: Call) -> Reply:
    cap = call.settings.max_generated_bytes
    n = _one_number(call, "bytes", cap, "max_generated_bytes")
    return reply(200, _rng(call).randbytes(n), OCTETS)


async def stream_bytes(call: Call) -> Stream:
    cap = call.settings.max_generated_bytes
    n = _one_number(call, "stream-bytes", cap, "max_generated_bytes")
    raw_chunk = call.arg("chunk_size")
    chunk = 10 * 1024
    if raw_chunk is not None:
        chunk = number(raw_chunk, name="chunk_size", cap=cap, cap_name="max_generated_bytes")
        if chunk < 1:
            raise MockInputError("chunk_size must be at least 1", "chunk_size")
    data = _rng(call).randbytes(n)
    pieces = [data[i : i + chunk] for i in range(0, n, chunk)]
    if len(pieces) > _MAX_PIECES:
        raise MockInputError(f"that makes more than {_MAX_PIECES} chunks", "chunk_size")
    return Stream(200, [(b"content-type", OCTETS), *CORS], pieces)


async def stream(call: Call) -> Stream:
    n = _one_number(call, "stream", call.settings.max_items, "max_items")
    echo = base(call)
    pieces = [(json.dumps({**echo, "id": i}, ensure_ascii=False) + "\n").encode() for i in range(n)]
    return Stream(200, [(b"content-type", b"application/json"), *CORS], pieces)


async def drip(call: Call) -> Stream:
    """``numbytes`` asterisks spread over ``duration`` seconds, after ``delay`` seconds."""
    duration = _wait(call, "duration", 2.0)
    delay = _wait(call, "delay", 0.0)
    _check_total(call, duration + delay, "duration")
    cap = call.settings.max_generated_bytes
    raw = call.arg("numbytes")
    n = 10 if raw is None else number(raw, name="numbytes", cap=cap, cap_name="max_generated_bytes")
    code_raw = call.arg("code")
    code = 200 if code_raw is None else status_code(code_raw, name="code")
    if code < 200 or code in (204, 304):
        raise MockInputError(f"code={code} cannot carry the dripped body", "code")
    pieces_n = min(n, _MAX_PIECES)
    size, extra = divmod(n, pieces_n) if pieces_n else (0, 0)
    pieces = []
    start = 0
    for i in range(pieces_n):
        end = start + size + (1 if i < extra else 0)
        pieces.append(b"*" * (end - start))
        start = end
    pause = duration / pieces_n if pieces_n > 1 else 0.0
    headers = [(b"content-type", OCTETS), (b"content-length", str(n).encode()), *CORS]
    return Stream(code, headers, pieces, pause_s=pause, delay_s=delay)


async def sse(call: Call) -> Stream:
    """``count`` server-sent ``ping`` events over ``duration``, after ``delay`` (go-httpbin)."""
    raw = call.arg("count")
    count = 10
    if raw is not None:
        count = number(raw, name="count", cap=call.settings.max_items, cap_name="max_items")
        if count < 1:
            raise MockInputError("count must be at least 1", "count")
    duration = _wait(call, "duration", 5.0)
    delay = _wait(call, "delay", 0.0)
    _check_total(call, duration + delay, "duration")
    now_ms = int(time.time() * 1000)
    pause = duration / count
    pieces = [
        b"event: ping\ndata: "
        + json.dumps({"id": i, "timestamp": now_ms + int(delay * 1000 + i * pause * 1000)}).encode()
        + b"\n\n"
        for i in range(count)
    ]
    headers = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache"), *CORS]
    return Stream(200, headers, pieces, pause_s=pause, delay_s=delay)


async def unstable(call: Call) -> Reply:
    """200 or, with probability ``failure_rate`` (default 0.5), 500."""
    rate = 0.5
    raw = call.arg("failure_rate")
    if raw is not None:
        try:
            rate = float(raw)
        except ValueError:
            raise MockInputError(
                f"failure_rate must be a number, got {raw!r}", "failure_rate"
            ) from None
        if not 0.0 <= rate <= 1.0:
            raise MockInputError("failure_rate must be from 0 to 1", "failure_rate")
    status = 500 if _rng(call).random() < rate else 200
    return reply(status, b"", None)
