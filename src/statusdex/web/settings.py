"""Settings of ``statusdex serve``, from the command line or the environment (``STATUSDEX_*``).

Every face the server carries reads its part from here, so one process has one configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(f"STATUSDEX_{name}", default)


@dataclass(frozen=True)
class WebSettings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("PORT", "8000")))
    workers: int = field(default_factory=lambda: int(_env("WORKERS", "1")))
    # Behind a reverse proxy: the path prefix it serves us under, and whom to trust for
    # X-Forwarded-* headers (comma-separated addresses, or "*").
    root_path: str = field(default_factory=lambda: _env("ROOT_PATH", ""))
    forwarded_allow_ips: str = field(
        default_factory=lambda: _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
    )
    # Learning progress: SQLite file by default (in the user's data directory), or a
    # postgresql:// URL.
    database_url: str = field(default_factory=lambda: _env("DATABASE_URL", ""))
    access_log: bool = field(default_factory=lambda: _env("ACCESS_LOG", "1") != "0")
    # Rendered pages and API answers kept in memory per process (0: render every request).
    cache_entries: int = field(default_factory=lambda: int(_env("CACHE_ENTRIES", "2048")))
    # ... and their total size in bytes (bodies, gzip forms, header fields), per process.
    cache_bytes: int = field(default_factory=lambda: int(_env("CACHE_BYTES", str(64 << 20))))
