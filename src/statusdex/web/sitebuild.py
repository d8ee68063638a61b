"""``statusdex build-site DIR``: the reference site as static files, for any static host.

Every page of the reference (home, code list, families, vendors, every entry) in every
language is rendered by the same app ``statusdex serve`` runs, called in-process, and written
as ``DIR/<path>/index.html`` (``/th/codes/404`` → ``DIR/th/codes/404/index.html``), so a plain
static server answers the same URLs (a directory URL without its slash gets the server's
redirect). Assets go to ``DIR/static/``. The search box searches ``DIR/search-index.json``
in the browser instead of asking the API (``search.js`` reads ``data-index``).

Not in the static build: the JSON API, ``/docs``, the mock server and learning mode, which
need a running server: links to them point to ``--server-url`` when given, else they are
plain text. ``--base-url https://example.org`` makes the ``hreflang`` links absolute
(default: root-relative).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from statusdex.core.lang import LANGUAGES

ORIGIN = "http://statusdex.invalid"
INDEX_FILE = "search-index.json"
SERVER_ONLY = r'<a href="((?:/[a-z]{2})?/(?:learn|docs|api|openapi\.json)(?:[/?#][^"]*)?)"'
LANGS = LANGUAGES


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"statusdex build-site: {message}\nTry 'statusdex build-site --help'.\n")
        raise SystemExit(2)


def main(argv: list[str]) -> int:
    p = _Parser(
        prog="statusdex build-site",
        description="Write the reference site (every page in en, th and fr, assets and a "
        "search index) as static files into DIR.",
    )
    p.add_argument("dir", metavar="DIR", type=Path, help="output folder (created if missing)")
    p.add_argument(
        "--base-url",
        default="",
        help="public origin for the hreflang links, e.g. https://example.org (default: none)",
    )
    p.add_argument(
        "--server-url",
        default="",
        help="where a running `statusdex serve` answers, for the API, docs and learning links "
        "(default: those are plain text)",
    )
    args = p.parse_args(argv)
    base = args.base_url.rstrip("/")
    server = args.server_url.rstrip("/")
    for name, value in (("--base-url", base), ("--server-url", server)):
        if value and not value.startswith(("http://", "https://")):
            sys.stderr.write(f"statusdex build-site: {name} must start with http:// or https://\n")
            return 2
    if args.dir.exists() and not args.dir.is_dir():
        sys.stderr.write(f"statusdex build-site: {args.dir} exists and is not a folder\n")
        return 2
    count = build(args.dir, base, server)
    print(f"wrote {count} files to {args.dir}")
    return 0


def page_paths() -> list[str]:
    """Language-neutral paths of every page of the reference."""
    import statusdex
    from statusdex.web.urls import entry_path, family_path, vendor_path

    paths = ["/", "/codes", "/families", "/vendors"]
    paths += [family_path(f) for f in statusdex.families()]
    paths += [vendor_path(v) for v in statusdex.vendors()]
    paths += [entry_path(s) for s in statusdex.all_statuses()]
    return list(dict.fromkeys(paths))


def build(out: Path, base_url: str = "", server_url: str = "") -> int:
    from statusdex.web import static
    from statusdex.web.i18n import url_for_lang

    with tempfile.TemporaryDirectory(prefix="statusdex-build-") as tmp:
        app = _app(Path(tmp))
        out.mkdir(parents=True, exist_ok=True)
        written = 0
        index_url = "/" + INDEX_FILE
        for lang in LANGS:
            for path in page_paths():
                url = url_for_lang(path, lang)
                status, body = asyncio.run(_get(app, url))
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
                html = body.decode("utf-8").replace(ORIGIN, base_url)
                html = _server_links(_static_search(html, index_url), server_url)
                target = out / url.strip("/") / "index.html" if url != "/" else out / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, "utf-8")
                written += 1
    for name, asset in static.assets().items():
        target = out / "static" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.body)
        written += 1
    robots = out / "static" / "robots.txt"
    if robots.exists():
        shutil.copyfile(robots, out / "robots.txt")
        written += 1
    (out / INDEX_FILE).write_text(
        json.dumps(search_index(), ensure_ascii=False, separators=(",", ":")), "utf-8"
    )
    return written + 1


def _static_search(html: str, index_url: str) -> str:
    """The search form searches the static index instead of the API."""
    import re

    return re.sub(r'data-api="[^"]*"', f'data-index="{index_url}"', html)


def _server_links(html: str, server_url: str) -> str:
    """Links to what only a running server has (API, docs, learning): to ``server_url`` when
    given, else no link at all (the words stay, as plain text)."""
    import re

    def fix(m: re.Match[str]) -> str:
        return f'<a href="{server_url}{m.group(1)}"' if server_url else "<a"

    return re.sub(SERVER_ONLY, fix, html)


def search_index() -> dict[str, list[dict[str, Any]]]:
    """For each language, every entry with what the search box shows and what it matches:
    ``terms`` is the entry's code, phrase, names and keywords in every language, folded
    (lower case, no accents) the way ``search.js`` folds what is typed."""
    import unicodedata

    import statusdex
    from statusdex.core.normalize import digits

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", digits(text).lower())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    entries = statusdex.all_statuses()
    terms = {}
    for s in entries:
        words = [s.key, s.code, s.phrase]
        if s.vendor is not None:
            words += [s.vendor.id, s.vendor.name]
        words += list(s.keywords)
        for lang in LANGS:
            words.append(s.text(lang).name or "")
        terms[s.key] = fold(" ".join(w for w in words if w))
    out: dict[str, list[dict[str, Any]]] = {}
    for lang in LANGS:
        rows = []
        for s in entries:
            t = s.text(lang)
            rows.append(
                {
                    "id": s.key,
                    "display": s.code,
                    "name": t.name or s.phrase,
                    "summary": t.summary,
                    "kind": s.kind,
                    "vendor": s.vendor.id if s.vendor else None,
                    "vendor_name": s.vendor.name if s.vendor else None,
                    "fold_name": fold(t.name or s.phrase),
                    "terms": terms[s.key] + " " + fold(t.summary),
                }
            )
        out[lang] = rows
    return out


def _app(tmp: Path) -> Any:
    from statusdex.web.app import create_app
    from statusdex.web.settings import WebSettings

    settings = WebSettings(database_url=f"sqlite:///{tmp / 'learn.db'}", cache_entries=0)
    return create_app(settings)


async def _get(app: Any, path: str) -> tuple[int, bytes]:
    """GET ``path`` from the ASGI app in this process."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", ORIGIN.split("//", 1)[1].encode()),
            (b"accept", b"text/html"),
            (b"accept-encoding", b"identity"),
        ],
        "client": ("127.0.0.1", 0),
        "server": ("statusdex.invalid", 80),
        "state": {},
    }
    status = 0
    chunks: list[bytes] = []
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)
