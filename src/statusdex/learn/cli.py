"""``statusdex learn``: flash cards in the terminal (review, stats, export, import, decks).

Progress lives in ``learn.db`` in the user's data directory, or in the database that
``STATUSDEX_DATABASE_URL`` names. The review is full-screen (Textual) on a terminal, and a plain
prompt with ``--plain``, when stdin or stdout is not a terminal, or when ``TERM=dumb``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from statusdex.learn.cards import DECKS

if TYPE_CHECKING:
    from statusdex.learn.service import LearnService

EXAMPLES = """\
examples:
  statusdex learn                          review today's cards (Space, 1-4, u, q)
  statusdex learn --deck iana --lang th    another deck, in Thai
  statusdex learn --plain --mode choice    a plain prompt with multiple choice
  statusdex learn stats                    retention, reviews per day, forecast, leeches
  statusdex learn export --format csv -o log.csv
  statusdex learn export --format apkg -o starter.apkg   the deck for Anki
  statusdex learn import log.csv
  statusdex learn decks                    the decks and your progress in each
  statusdex learn settings                 your settings, and each deck's own
  statusdex learn settings --deck iana --new-per-day 20 --steps 1m,10m,1h
  statusdex learn settings --timezone Asia/Bangkok --leech-action suspend
  statusdex learn optimize                 fit FSRS to your own reviews (kept if better)

exit status: 0 done, 1 bad file or database, 2 usage error
"""
USAGE, FAILED = 2, 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"statusdex learn: {message}\nTry 'statusdex learn --help'.\n")
        raise SystemExit(USAGE)


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--deck", choices=DECKS, help="which deck (default: your last one, else starter)"
    )
    p.add_argument("--lang", metavar="LANG", help="en, th or fr (default: your setting, else LANG)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="statusdex learn",
        description="Learn HTTP status codes with spaced repetition (FSRS).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _options(p)
    p.add_argument("--plain", action="store_true", help="a plain prompt instead of full screen")
    p.add_argument(
        "--mode",
        choices=("typed", "choice", "flip"),
        default=None,
        help="plain prompt: type the answer (default), pick a-d, or flip and rate 1-4",
    )
    p.add_argument("--retention", type=float, metavar="R", help="desired retention, 0.70-0.99")
    p.add_argument("--new-per-day", type=int, metavar="N", help="new cards per day")
    p.add_argument("--reviews-per-day", type=int, metavar="N", help="reviews per day")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N answers")
    sub = p.add_subparsers(dest="command", metavar="{stats,export,import,decks,settings,optimize}")
    s = sub.add_parser("stats", help="retention, reviews per day, forecast, accuracy, leeches")
    _options(s)
    s.add_argument("--json", action="store_true", help="print the numbers as JSON")
    e = sub.add_parser("export", help="the review log (csv, json) or a deck for Anki (apkg)")
    _options(e)
    e.add_argument("--format", choices=("csv", "json", "apkg"), default="csv")
    e.add_argument(
        "-o", "--output", metavar="FILE", help="write here (default: stdout; apkg: required)"
    )
    i = sub.add_parser("import", help="merge a review log exported as csv or json")
    i.add_argument("file", metavar="FILE", help="the file ('-' for stdin)")
    d = sub.add_parser("decks", help="the decks, and your progress in each")
    _options(d)
    t = sub.add_parser(
        "settings",
        help="show or change your settings (with --deck: that deck's own)",
        description="Without options, print the settings. Study options change your own "
        "settings, or with --deck that deck's only ('default' goes back to yours).",
    )
    t.add_argument("--deck", choices=DECKS, help="change or show this deck's own settings")
    t.add_argument("--retention", metavar="R", help="desired retention, 0.70-0.99")
    t.add_argument("--new-per-day", metavar="N", help="new cards per day")
    t.add_argument("--reviews-per-day", metavar="N", help="reviews per day")
    t.add_argument("--steps", metavar="LIST", help="learning steps, e.g. 1m,10m (s m h d)")
    t.add_argument("--relearning-steps", metavar="LIST", help="relearning steps, e.g. 10m")
    t.add_argument("--leech-lapses", metavar="N", help="lapses that make a leech")
    t.add_argument("--leech-action", metavar="ACTION", help="tag or suspend")
    t.add_argument("--timezone", metavar="ZONE", help="IANA zone; the day starts at 04:00 there")
    t.add_argument("--default-deck", choices=DECKS, help="the deck studied by default")
    t.add_argument("--lang", metavar="LANG", help="en, th or fr")
    t.add_argument("--json", action="store_true", help="print the settings as JSON")
    o = sub.add_parser(
        "optimize", help="fit FSRS's parameters to your reviews; kept only if they predict better"
    )
    o.add_argument("--json", action="store_true", help="print the outcome as JSON")
    for child in (s, e, i, d, t, o):
        child.error = p.error  # type: ignore[method-assign]
    return p


def _fail(message: str, code: int = FAILED) -> int:
    sys.stderr.write(f"statusdex learn: {message}\n")
    return code


def _now() -> datetime:
    return datetime.now(UTC)


def system_zone() -> str | None:
    """The system's IANA time zone: ``TZ``, else ``/etc/timezone``, else the zone file that
    ``/etc/localtime`` links to; None when none of them names one."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if not name or name.startswith(("/", ".")) or ".." in name:
            continue
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            continue
        return name
    return None


def _plain_wanted(args: argparse.Namespace) -> bool:
    if args.plain or args.mode in ("typed", "choice"):
        return True
    if os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from statusdex.learn.errors import LearnError
    from statusdex.learn.service import LearnService
    from statusdex.learn.storage import Storage, StorageError

    try:
        storage = Storage()
    except StorageError as e:
        return _fail(str(e))
    try:
        svc = LearnService(storage)
        learner = svc.local_learner()
        svc.ensure_timezone(learner, system_zone())  # first use: the study day is local
        return _run(svc, learner, args)
    except LearnError as e:
        return _fail(
            str(e),
            USAGE if args.command in (None, "stats", "decks", "settings", "optimize") else FAILED,
        )
    except StorageError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        return 130
    finally:
        storage.close()


def _run(svc: LearnService, learner: int, args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    if args.command == "settings":
        return _settings(svc, learner, args)
    if args.command == "optimize":
        return _optimize(svc, learner, args.json)
    if getattr(args, "deck", None):
        changes["deck"] = args.deck
    if getattr(args, "lang", None):
        changes["lang"] = args.lang
    for option, setting in (
        ("retention", "desired_retention"),
        ("new_per_day", "new_per_day"),
        ("reviews_per_day", "reviews_per_day"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            changes[setting] = value
    if changes and args.command is None:
        settings = svc.update_settings(learner, **changes)  # remembered for next time
    else:
        settings = svc.settings(learner)
        if changes:
            settings = settings.with_changes(**changes)
    from statusdex.learn.service import resolve_lang

    lang = resolve_lang(args.lang or settings.lang)
    deck = args.deck or settings.deck
    if args.command == "stats":
        return _stats(svc, learner, deck, lang, args.json)
    if args.command == "export":
        return _export(svc, learner, deck, lang, args.format, args.output)
    if args.command == "import":
        return _import(svc, learner, args.file)
    if args.command == "decks":
        return _decks(svc, learner, lang)
    if args.limit is not None and args.limit < 1:
        return _fail("--limit must be at least 1", USAGE)
    if _plain_wanted(args):
        from statusdex.learn.plain import Session

        session = Session(
            svc, learner, deck, lang, args.mode or "typed", sys.stdin, sys.stdout, _now, args.limit
        )
        return session.run()
    from statusdex.learn.tui import ReviewApp

    ReviewApp(svc, learner, deck, lang, _now).run()
    return 0


def _stats(svc: LearnService, learner: int, deck: str, lang: str, as_json: bool) -> int:
    from statusdex.learn.textstats import render

    stats = svc.stats(learner, _now(), deck)
    if as_json:
        sys.stdout.write(json.dumps(stats.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render(stats, lang))
    return 0


def _export(
    svc: LearnService, learner: int, deck: str, lang: str, fmt: str, output: str | None
) -> int:
    if fmt == "apkg":
        if not output:
            return _fail("--format apkg needs -o FILE.apkg", USAGE)
        try:
            n = svc.export_apkg(deck, lang, output, learner)
        except OSError as e:
            return _fail(f"cannot write {output}: {e.strerror}")
        sys.stderr.write(
            f"wrote {n} codes of deck {deck} ({lang}), with your progress, to {output}\n"
        )
        return 0
    text = svc.export_log(learner, fmt)
    if not output or output == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as e:
        return _fail(f"cannot write {output}: {e.strerror}")
    return 0


def _import(svc: LearnService, learner: int, file: str) -> int:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as e:
        return _fail(f"cannot read {file}: {e.strerror}")
    except UnicodeDecodeError:
        return _fail(f"{file} is not UTF-8 text")
    added = svc.import_log(learner, text)
    sys.stdout.write(f"imported {added} new answers ({svc.storage.log_count(learner)} in all)\n")
    return 0


def _decks(svc: LearnService, learner: int, lang: str) -> int:
    from statusdex.learn import cards
    from statusdex.learn.labels import label

    states = svc.storage.card_states(learner)
    now = _now()
    for name in DECKS:
        d = cards.deck(name)
        seen = sum(1 for k in d.keys if k in states)
        due = svc.due_counts(learner, name, now)
        sys.stdout.write(
            f"{name:<9} {len(d):>4} cards  {seen:>4} seen  "
            f"{label('new', lang)} {due.new} · {label('learning', lang)} {due.learning}"
            f" · {label('review', lang)} {due.review}\n"
        )
    return 0


# Settings ----------------------------------------------------------------------------------

_DECK_OPTIONS = (
    ("retention", "desired_retention", float),
    ("new_per_day", "new_per_day", int),
    ("reviews_per_day", "reviews_per_day", int),
    ("steps", "learning_steps", None),
    ("relearning_steps", "relearning_steps", None),
    ("leech_lapses", "leech_lapses", int),
    ("leech_action", "leech_action", str),
)


def _settings(svc: LearnService, learner: int, args: argparse.Namespace) -> int:
    from statusdex.learn.errors import SettingsError
    from statusdex.learn.scheduler import format_steps, parse_steps

    deck_changes: dict[str, object] = {}
    for option, name, kind in _DECK_OPTIONS:
        raw = getattr(args, option)
        if raw is None:
            continue
        if raw == "default" and args.deck:
            deck_changes[name] = None
            continue
        try:
            deck_changes[name] = parse_steps(raw) if kind is None else kind(raw)
        except ValueError as e:
            flag = "--" + option.replace("_", "-")
            message = str(e) if kind is None else f"{flag} needs a number, not {raw!r}"
            raise SettingsError(message) from None
    own: dict[str, object] = {}
    if args.timezone is not None:
        own["timezone"] = args.timezone
    if args.default_deck is not None:
        own["deck"] = args.default_deck
    if args.lang is not None:
        own["lang"] = args.lang
    if args.deck and deck_changes:
        svc.update_deck_settings(learner, args.deck, **deck_changes)
    elif deck_changes:
        own.update(deck_changes)
    if own:
        svc.update_settings(learner, **own)
    st = svc.settings(learner)
    shown = st.for_deck(args.deck) if args.deck else st
    if args.json:
        data = shown.to_dict()
        if args.deck:
            data = {k: data[k] for k in (*_DECK_FIELDS_SHOWN, "timezone")}
            data["deck_overrides"] = sorted(st.decks.get(args.deck, {}))
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return 0
    rows = [
        ("desired retention", f"{shown.desired_retention:.2f}"),
        ("new cards per day", str(shown.new_per_day)),
        ("reviews per day", str(shown.reviews_per_day)),
        ("learning steps", format_steps(shown.learning_steps)),
        ("relearning steps", format_steps(shown.relearning_steps)),
        ("leech after lapses", str(shown.leech_lapses)),
        ("leech action", shown.leech_action),
        ("time zone", f"{shown.timezone} (the day starts at {shown.day_starts_at:02d}:00)"),
        ("default deck", shown.deck),
        ("language", shown.lang or "from LANG"),
        ("FSRS parameters", "fitted to your reviews" if shown.parameters else "defaults"),
    ]
    title = f"settings of deck {args.deck}" if args.deck else "your settings"
    overrides = st.decks.get(args.deck, {}) if args.deck else {}
    lines = [title]
    for (label_, value), field_ in zip(rows, _ROW_FIELDS, strict=True):
        mark = " (this deck)" if field_ in overrides else ""
        lines.append(f"  {label_:<20} {value}{mark}")
    if not args.deck and st.decks:
        lines.append("decks with their own settings: " + ", ".join(sorted(st.decks)))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


_DECK_FIELDS_SHOWN = (
    "desired_retention",
    "new_per_day",
    "reviews_per_day",
    "learning_steps",
    "relearning_steps",
    "leech_lapses",
    "leech_action",
)
_ROW_FIELDS = (*_DECK_FIELDS_SHOWN, "timezone", "deck", "lang", "parameters")


def _optimize(svc: LearnService, learner: int, as_json: bool) -> int:
    from statusdex.learn.optimize import MIN_REVIEWS

    fit = svc.optimize(learner)
    if as_json:
        sys.stdout.write(json.dumps(fit.to_dict(), indent=1) + "\n")
        return 0
    if fit.before is None or fit.after is None:
        sys.stdout.write(
            f"{fit.reviews} reviews a day or more apart; a fit needs {MIN_REVIEWS}: "
            "the parameters in use stay\n"
        )
        return 0
    sys.stdout.write(
        f"{fit.reviews} reviews; log loss {fit.before.log_loss:.4f} with the parameters in use, "
        f"{fit.after.log_loss:.4f} fitted (RMSE {fit.before.rmse_bins:.4f} → "
        f"{fit.after.rmse_bins:.4f})\n"
    )
    if fit.accepted:
        sys.stdout.write("fitted parameters kept; every card rescheduled with them\n")
    else:
        sys.stdout.write(f"{fit.reason}: the parameters in use stay\n")
    return 0
