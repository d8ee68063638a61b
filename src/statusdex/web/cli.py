"""``statusdex serve``: run the web app (reference site, API, mock server, learning)."""

from __future__ import annotations

import argparse
import os


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="statusdex serve",
        description="Serve the reference site, the JSON API, the mock server and learning mode.",
    )
    p.add_argument("--host", default=os.environ.get("STATUSDEX_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("STATUSDEX_PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("STATUSDEX_WORKERS", "1")))
    p.add_argument("--root-path", default=None, help="path prefix set by a reverse proxy")
    p.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="addresses trusted to send X-Forwarded-* headers (comma-separated, or '*')",
    )
    p.add_argument("--no-access-log", action="store_true", help="do not log each request")
    args = p.parse_args(argv)
    if args.root_path is not None:
        os.environ["STATUSDEX_ROOT_PATH"] = args.root_path
    if args.forwarded_allow_ips is not None:
        os.environ["STATUSDEX_FORWARDED_ALLOW_IPS"] = args.forwarded_allow_ips

    import uvicorn

    from statusdex.web.settings import WebSettings

    settings = WebSettings()
    uvicorn.run(
        "statusdex.web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        access_log=not args.no_access_log and settings.access_log,
        timeout_graceful_shutdown=10,
    )
    return 0
