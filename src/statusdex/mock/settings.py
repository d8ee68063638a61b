"""Every cap and switch of the mock server, as one frozen dataclass.

Each field is read from ``STATUSDEX_MOCK_<FIELD>`` (upper case) when the settings are built
with ``MockSettings.from_env()``; ``statusdex mock`` sets those variables from its options so
that every worker process sees the same values. A request that asks for more than a cap gets
a 400 that names the cap: values are never silently clamped.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

ENV_PREFIX = "STATUSDEX_MOCK_"


class SettingsError(ValueError):
    """A setting has a value the mock server cannot use (the message says which and why)."""


@dataclass(frozen=True)
class MockSettings:
    #: Longest total wait one request may ask for (delay + sleep after headers + drip), in ms.
    max_delay_ms: int = 30_000
    #: Largest custom body (``body=``) in bytes.
    max_body_bytes: int = 65_536
    #: Longest redirect chain for ``/redirect/{n}`` and friends.
    max_redirects: int = 20
    #: Total size of the response headers a request may ask for (names + values), in bytes.
    max_header_bytes: int = 8_192
    #: Requests allowed to wait (delay, sleep after headers, drip) at the same time, server-wide.
    max_sleepers: int = 2_048
    #: Most codes one ``/random/…`` or ``/status/…`` list may expand to (ranges included).
    max_choices: int = 1_000
    #: Seeded sequences remembered (``?seed=``), server-wide; the least recently used of a
    #: neighbourhood of the hash table is forgotten first.
    max_seeds: int = 1_024
    #: Requests per client address per window; 0 turns the rate limit off.
    rate_limit: int = 0
    #: Length of the rate-limit window, in seconds.
    rate_window_s: float = 60.0
    #: Most query parameters one request may carry (options and cache busters together).
    max_query_params: int = 200
    #: Hosts a requested ``Location`` may point to besides the request's own host.
    allowed_redirect_hosts: tuple[str, ...] = ()
    #: httpbin endpoints: largest generated body (``/bytes``, ``/stream-bytes``, ``/range``,
    #: ``/drip``, ``/base64``), in bytes.
    max_generated_bytes: int = 102_400
    #: httpbin endpoints: most lines, events or links (``/stream``, ``/sse``, ``/links``).
    max_items: int = 100
    #: httpbin endpoints: largest request body read and echoed (``/anything``, ``/post``…).
    max_request_bytes: int = 1_048_576

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise SettingsError(f"{f.name} must not be negative, got {value}")
        if not math.isfinite(self.rate_window_s) or self.rate_window_s <= 0:
            raise SettingsError(f"rate_window_s must be positive, got {self.rate_window_s}")
        if self.max_choices < 1 or self.max_seeds < 1:
            raise SettingsError("max_choices and max_seeds must be at least 1")
        hosts = tuple(h.strip().lower() for h in self.allowed_redirect_hosts if h.strip())
        object.__setattr__(self, "allowed_redirect_hosts", hosts)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MockSettings:
        """Defaults overridden by ``STATUSDEX_MOCK_*`` variables."""
        env = os.environ if environ is None else environ
        changes: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw.strip() == "":
                continue
            changes[f.name] = _parse(f.name, f.type, raw)
        return replace(cls(), **changes)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The ``STATUSDEX_MOCK_*`` variables that reproduce these settings."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[ENV_PREFIX + f.name.upper()] = (
                ",".join(value) if isinstance(value, tuple) else str(value)
            )
        return out


def _parse(name: str, kind: object, raw: str) -> object:
    text = raw.strip()
    try:
        if kind in (int, "int"):
            return int(text)
        if kind in (float, "float"):
            return float(text)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a number, got {raw!r}") from None
    return tuple(part.strip() for part in text.split(",") if part.strip())
