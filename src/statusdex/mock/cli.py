"""``statusdex mock``: run the mock server on its own port, with its own workers and caps."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import fields

from statusdex.mock.settings import ENV_PREFIX, MockSettings, SettingsError

_HELP = {
    "max_delay_ms": "longest total wait a request may ask for, in ms",
    "max_body_bytes": "largest custom body, in bytes",
    "max_redirects": "longest redirect chain",
    "max_header_bytes": "total size of the response headers a request may ask for",
    "max_sleepers": "requests allowed to wait at the same time (whole server)",
    "max_choices": "most codes a /random or /status list may expand to",
    "max_seeds": "seeded sequences remembered (whole server)",
    "rate_limit": "requests per client per window (0: no limit; whole server)",
    "rate_window_s": "rate-limit window, in seconds",
    "max_query_params": "most query parameters one request may carry",
    "allowed_redirect_hosts": "comma-separated hosts a requested Location may point to",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"statusdex mock: {message}\nTry 'statusdex mock --help'.\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="statusdex mock",
        description="Serve the mock server alone: GET /404 answers 404, /503?sleep=2s waits "
        "first, /status/200:0.8,503:0.2 is flaky. Every cap is an option or a "
        f"{ENV_PREFIX}* environment variable.",
    )
    env = os.environ.get
    p.add_argument("--host", default=env("STATUSDEX_MOCK_HOST", "127.0.0.1"))
    # String defaults go through type=int too, so a bad variable is a one-line usage error.
    p.add_argument("--port", type=int, default=env("STATUSDEX_MOCK_PORT", "8080"))
    from statusdex import serving

    serving.add_arguments(p, "STATUSDEX_MOCK_WORKERS")
    caps = p.add_argument_group("caps (also " + ENV_PREFIX + "<NAME> variables)")
    for f in fields(MockSettings):
        caps.add_argument(
            "--" + f.name.replace("_", "-"),
            dest=f.name,
            metavar="N" if f.name != "allowed_redirect_hosts" else "HOSTS",
            default=None,
            help=_HELP.get(f.name),
        )
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    overrides = {
        ENV_PREFIX + f.name.upper(): getattr(args, f.name)
        for f in fields(MockSettings)
        if getattr(args, f.name) is not None
    }
    try:
        settings = MockSettings.from_env({**os.environ, **overrides})
    except SettingsError as exc:
        sys.stderr.write(f"statusdex mock: {exc}\n")
        return 2
    if not 0 <= args.port <= 65535:
        sys.stderr.write("statusdex mock: --port must be 0-65535\n")
        return 2
    # Worker processes build their own app from the environment: hand them the settings.
    os.environ.update(settings.to_env())

    from statusdex import serving

    serving.run(
        "statusdex.mock.app:create_mock_app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=not args.no_access_log,
        limits=serving.limits_from_args(args),
        graceful_s=5,
    )
    return 0
