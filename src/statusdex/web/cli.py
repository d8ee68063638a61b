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
    p.add_argument("--port", type=_port, default=os.environ.get("STATUSDEX_PORT", "8000"))
    p.add_argument("--root-path", default=None, help="path prefix set by a reverse proxy")
    p.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="addresses trusted to send X-Forwarded-* headers (comma-separated, or '*')",
    )
    from statusdex import serving

    serving.add_arguments(p, "STATUSDEX_WORKERS")
    args = p.parse_args(argv)
    if args.root_path is not None:
        os.environ["STATUSDEX_ROOT_PATH"] = args.root_path
    if args.forwarded_allow_ips is not None:
        os.environ["STATUSDEX_FORWARDED_ALLOW_IPS"] = args.forwarded_allow_ips

    from statusdex.web.settings import WebSettings

    settings = WebSettings()
    serving.run(
        "statusdex.web.app:create_app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=not args.no_access_log and settings.access_log,
        limits=serving.limits_from_args(args),
        graceful_s=10,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _port(text: str) -> int:
    value = _positive(text) if text != "0" else 0
    if value > 65535:
        raise argparse.ArgumentTypeError(f"ports run from 0 to 65535, not {value}")
    return value
