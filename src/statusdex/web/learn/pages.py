"""The learning pages: pick a deck, play, consult, stats, print, your data, account.

Server-rendered forms that work without JavaScript; ``learn.js`` only adds the keys (Space,
1–4, u). Every POST carries the hidden ``csrf`` field. Pages live at ``/learn…`` and, in Thai
and French, at ``/th/learn…`` and ``/fr/learn…``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from statusdex.learn import cards as _cards
from statusdex.learn import scheduler
from statusdex.learn.cards import DECKS
from statusdex.learn.errors import (
    BadCredentialsError,
    CurrentPasswordError,
    LearnError,
    StaleAnswerError,
    UsernameTakenError,
)
from statusdex.learn.optimize import MIN_REVIEWS
from statusdex.learn.scheduler import Settings
from statusdex.learn.service import Presented
from statusdex.web.learn import PREFIX, accounts, charts, printsheet, settingsform
from statusdex.web.learn.api import apkg_bytes, back_of, do_login
from statusdex.web.learn.base import (
    MAX_UPLOAD,
    MODES,
    Ctx,
    choose,
    int_field,
    required_text,
    text_field,
)
from statusdex.web.learn.errors import WebError, status_of

router = APIRouter(prefix=PREFIX, include_in_schema=False)

ACCOUNT_NOTES = ("registered", "logged_in", "logged_out")
FIT_NOTES = ("fitted", "not-better", "too-few-reviews", "out-of-bounds")


def _redirect(ctx: Ctx, path: str, **query: str) -> Response:
    q = urlencode({k: v for k, v in query.items() if v})
    return ctx.finish(RedirectResponse(ctx.url(path + (f"?{q}" if q else "")), status_code=303))


def _deck(value: str | None, default: str = "starter") -> str:
    return choose(value, DECKS, "deck", default)


@router.get("")
async def home(request: Request) -> Response:
    ctx = await Ctx.begin(request)
    learner = ctx.visitor.learner
    counts = {}
    if learner is not None:
        for d in DECKS:
            counts[d] = await ctx.run(ctx.service.due_counts, learner, d)
    sizes = {d: len(_cards.deck(d)) for d in DECKS}
    context = {"section": "home", "sizes": sizes, "counts": counts, "modes": MODES}
    return ctx.page("learn/home.html", context)


@router.get("/play")
async def play(
    request: Request,
    deck: str | None = None,
    mode: str | None = None,
    undone: str | None = None,
) -> Response:
    ctx = await Ctx.begin(request)
    learner = await ctx.reader_in_zone()
    chosen = _deck(deck)
    how = choose(mode, MODES, "mode", "flip")
    card: Presented | None = await ctx.run(ctx.service.next_card, learner, chosen, None, ctx.lang)
    context: dict[str, Any] = {
        "section": "play",
        "deck": chosen,
        "mode": how,
        "card": card,
        "undone": undone,
    }
    if card is None:
        context["next_due"] = await ctx.run(ctx.service.next_due, learner, chosen)
        context["counts"] = await ctx.run(ctx.service.due_counts, learner, chosen)
    else:
        context["reps"] = await ctx.run(ctx.service.card_reps, learner, card.key)
        context["back"] = back_of(card.key, ctx.lang)
        context["family"] = _cards.subject(card.subject).family_id
        context["counts"] = card.counts
    return ctx.page("learn/play.html", context)


@router.post("/answer")
async def answer(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request)
    learner = await ctx.learner_in_zone()
    key = required_text(form, "key")
    deck = _deck(text_field(form, "deck"))
    how = choose(text_field(form, "mode"), MODES, "mode", "flip")
    _cards.card(key)  # an unknown card is a 404 before anything else
    context: dict[str, Any] = {"section": "play", "deck": deck, "mode": how}
    given = text_field(form, "answer")
    rating = int_field(form, "rating")
    if how == "flip" and rating is None:
        raise WebError(400, "rating is required: 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    if how != "flip" and given is None:
        raise WebError(400, "answer is required")
    try:
        result = await ctx.run(
            ctx.service.answer,
            learner,
            key,
            answer=given if how != "flip" else None,
            rating=rating,
            mode="choice" if how == "choice" else None,
            lang=ctx.lang,
            duration_ms=int_field(form, "duration_ms"),
            expect_reps=int_field(form, "reps"),
            deck=deck,
            session=ctx.study_session,
        )
    except StaleAnswerError:
        context.update(result=None, stale=True)
        return ctx.page("learn/result.html", context, status=409)
    if how == "flip":
        return _redirect(ctx, PREFIX + "/play", deck=deck, mode=how)
    context.update(result=result, stale=False)
    return ctx.page("learn/result.html", context)


@router.post("/undo")
async def undo(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request)
    learner = await ctx.learner()
    deck = _deck(text_field(form, "deck"))
    how = choose(text_field(form, "mode"), MODES, "mode", "flip")
    key = await ctx.run(ctx.service.undo_last, learner, ctx.study_session)
    return _redirect(ctx, PREFIX + "/play", deck=deck, mode=how, undone="1" if key else "0")


@router.get("/browse")
async def browse(request: Request, deck: str | None = None, q: str | None = None) -> Response:
    ctx = await Ctx.begin(request)
    learner = ctx.reader()
    chosen = _deck(deck)
    query = (q or "")[:100]
    rows = await ctx.run(ctx.service.browse, learner, chosen, ctx.lang, None, query)
    found = await ctx.run(ctx.service.stats, learner, None, chosen)
    context = {"section": "browse", "deck": chosen, "rows": rows, "stats": found, "q": query}
    return ctx.page("learn/browse.html", context)


@router.post("/card")
async def card_action(request: Request) -> Response:
    """Suspend, unsuspend or reset one card from the browse page."""
    ctx, form = await Ctx.posted_form(request)
    learner = await ctx.learner()
    key = required_text(form, "key")
    action = choose(text_field(form, "action"), ("suspend", "unsuspend", "reset"), "action", "")
    deck = _deck(text_field(form, "deck"))
    if action == "reset":
        await ctx.run(ctx.service.reset, learner, key)
    else:
        await ctx.run(ctx.service.suspend, learner, key, action == "suspend")
    return _redirect(ctx, PREFIX + "/browse", deck=deck, q=text_field(form, "q") or "")


@router.get("/card")
async def card_page(request: Request, key: str) -> Response:
    """One card: its prompt and its history of answers."""
    ctx = await Ctx.begin(request)
    learner = await ctx.learner()
    entries = await ctx.run(ctx.service.history, learner, key)
    c = _cards.card(key)
    subj = _cards.subject(c.subject)
    context = {
        "section": "browse",
        "key": key,
        "direction": c.direction,
        "label": f"{subj.display} {subj.name(ctx.lang)}",
        "entries": entries,
    }
    return ctx.page("learn/card.html", context)


@router.get("/stats")
async def stats(request: Request, deck: str | None = None) -> Response:
    ctx = await Ctx.begin(request)
    learner = ctx.reader()
    chosen = _deck(deck) if deck else None
    found = await ctx.run(ctx.service.stats, learner, None, chosen)
    words = ctx.labels
    history = found.reviews_per_day
    context = {
        "section": "stats",
        "deck": chosen,
        "stats": found,
        "heatmap": charts.heatmap(history, words["answers_n"]),
        "forecast": charts.forecast(found.forecast, words["day_plus"]),
        "accuracy": charts.accuracy(found.accuracy_by_family),
        "retention": charts.retention(
            [(words["all_time"], found.retention), (words["last_30"], found.retention_30d)],
            found.target_retention,
        ),
        "busy_days": [(charts.day_date(d), n) for d, n in history if n],
        "weekly_rows": [(charts.day_date(d), r) for d, r in found.retention_by_week if r.total],
        "weekly": charts.retention_over_time(
            found.retention_by_week, found.target_retention, words["answers_n"]
        ),
    }
    return ctx.page("learn/stats.html", context)


@router.get("/print")
async def print_sheet(
    request: Request,
    deck: str | None = None,
    front: str | None = None,
    paper: str | None = None,
    layout: str | None = None,
) -> Response:
    ctx = await Ctx.begin(request)
    chosen = _deck(deck)
    side = choose(front, printsheet.FRONTS, "front", "code-name")
    size = choose(paper, tuple(printsheet.PAPERS), "paper", "a4")
    items = printsheet.print_cards(chosen, side, ctx.lang)
    how = choose(layout, printsheet.LAYOUTS, "layout", "duplex")
    rows = printsheet.rows_per_sheet(size, how)
    sheets = printsheet.layout(items, printsheet.COLUMNS, rows)
    context = {
        "section": "print",
        "deck": chosen,
        "front": side,
        "paper": size,
        "layout": how,
        "layouts": printsheet.LAYOUTS,
        "papers": tuple(printsheet.PAPERS),
        "fronts": printsheet.FRONTS,
        "sheets": sheets,
        "count": len(items),
    }
    return ctx.page("learn/print.html", context)


@router.get("/data")
async def data(request: Request, imported: int | None = None) -> Response:
    ctx = await Ctx.begin(request)
    context = {"section": "data", "imported": imported, "error": None}
    return ctx.page("learn/data.html", context)


@router.post("/import")
async def import_log(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request, MAX_UPLOAD)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise WebError(400, "choose a review log file to import")
    raw = await upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebError(422, "the review log must be UTF-8 text") from None
    learner = await ctx.learner()
    try:
        added = await ctx.import_log(learner, text, None)
    except LearnError as err:
        context = {"section": "data", "imported": None, "error": str(err)}
        return ctx.page("learn/data.html", context, status=status_of(err))
    return _redirect(ctx, PREFIX + "/data", imported=str(added))


@router.get("/anki")
async def anki(request: Request, deck: str = "starter", progress: str | None = None) -> Response:
    """The deck for Anki; ``progress=1`` adds this learner's schedule and review log."""
    ctx = await Ctx.begin(request)
    chosen = _deck(deck)
    if progress == "1":
        learner = await ctx.learner()
        body = await ctx.run(_apkg_with_progress, ctx, chosen, learner)
    else:
        body = await ctx.run(apkg_bytes, ctx, chosen, ctx.lang)
    response = Response(body, media_type="application/octet-stream")
    name = f"statusdex-{chosen}-{ctx.lang}.apkg"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return ctx.finish(response)


def _apkg_with_progress(ctx: Ctx, deck: str, learner: int) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="statusdex-apkg-") as tmp:
        path = Path(tmp) / "deck.apkg"
        ctx.service.export_apkg(deck, ctx.lang, path, learner)
        return path.read_bytes()


# A language link on a page that answered a form leads to the page the form belongs to.
AFTER_FORM = {
    "/answer": PREFIX + "/play",
    "/undo": PREFIX + "/play",
    "/import": PREFIX + "/data",
    "/optimize": PREFIX + "/settings",
    "/account/register": PREFIX + "/account",
    "/account/login": PREFIX + "/account",
    "/account/logout": PREFIX + "/account",
}


def _form_page(target: str) -> Any:
    async def get(request: Request) -> Response:
        ctx = await Ctx.begin(request)
        return _redirect(ctx, target)

    return get


for _path, _target in AFTER_FORM.items():
    router.add_api_route(_path, _form_page(_target), methods=["GET"])


# Account -----------------------------------------------------------------------------------


async def _account_page(
    ctx: Ctx, *, note: str | None = None, error: str | None = None, status: int = 200
) -> Response:
    learner = ctx.visitor.learner
    name = await ctx.run(ctx.service.username, learner) if learner is not None else None
    context = {"section": "account", "username": name, "note": note, "error": error}
    return ctx.page("learn/account.html", context, status=status)


@router.get("/account")
async def account(request: Request, done: str | None = None) -> Response:
    ctx = await Ctx.begin(request)
    note = done if done in ACCOUNT_NOTES else None
    return await _account_page(ctx, note=note)


@router.post("/account/register")
async def register(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request)
    username = text_field(form, "username") or ""
    password = text_field(form, "password") or ""
    current = text_field(form, "current_password")
    try:
        ctx.service.check_credentials(username, password)  # a malformed try costs no hash
    except BadCredentialsError as err:
        return await _account_page(ctx, error=str(err), status=status_of(err))
    try:
        ctx.limit_registration()
    except WebError as err:
        page = await _account_page(ctx, error=err.detail, status=err.status)
        page.headers.update(err.headers)
        return page
    learner = await ctx.learner()
    try:
        token = await ctx.hashing(
            ctx.service.register, learner, username, password, current_password=current
        )
    except (BadCredentialsError, CurrentPasswordError, UsernameTakenError) as err:
        return await _account_page(ctx, error=str(err), status=status_of(err))
    ctx.visitor.new_cookie = False
    response = _redirect(ctx, PREFIX + "/account", done="registered")
    accounts.set_cookie(response, request, token)
    return response


@router.post("/account/login")
async def login(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request)
    try:
        token = await do_login(
            ctx, text_field(form, "username") or "", text_field(form, "password") or ""
        )
    except WebError as err:
        page = await _account_page(ctx, error=err.detail, status=err.status)
        page.headers.update(err.headers)
        return page
    ctx.visitor.new_cookie = False
    response = _redirect(ctx, PREFIX + "/account", done="logged_in")
    accounts.set_cookie(response, request, token)
    return response


@router.post("/account/logout")
async def logout(request: Request) -> Response:
    ctx, _ = await Ctx.posted_form(request)
    await ctx.run(ctx.service.logout, ctx.visitor.token)
    ctx.visitor.new_cookie = False
    response = _redirect(ctx, PREFIX + "/account", done="logged_out")
    accounts.set_cookie(response, request, ctx.service.issue_token())
    return response


# Settings ----------------------------------------------------------------------------------


def _settings_context(ctx: Ctx, st: Settings, scope: str | None) -> dict[str, Any]:
    from zoneinfo import available_timezones

    shown = st.for_deck(scope) if scope else st
    return {
        "section": "settings",
        "scope": scope or "",
        "shown": shown,
        "overrides": set(st.decks.get(scope, {})) if scope else set(),
        "steps": scheduler.format_steps(shown.learning_steps),
        "relearning": scheduler.format_steps(shown.relearning_steps),
        "leech_actions": scheduler.LEECH_ACTIONS,
        "zones": sorted(available_timezones()),
        "min_reviews": MIN_REVIEWS,
        "fit": None,
        "lang_choices": (("en", "English"), ("th", "ไทย"), ("fr", "Français")),
    }


@router.get("/settings")
async def settings_page(
    request: Request, deck: str | None = None, saved: str | None = None, fit: str | None = None
) -> Response:
    ctx = await Ctx.begin(request)
    learner = await ctx.learner_in_zone()
    scope = _deck(deck) if deck else None
    st = await ctx.run(ctx.service.settings, learner)
    context = {**_settings_context(ctx, st, scope), "saved": saved == "1", "error": None}
    context["fit"] = fit if fit in FIT_NOTES else None
    return ctx.page("learn/settings.html", context)


@router.post("/settings")
async def save_settings(request: Request) -> Response:
    ctx, form = await Ctx.posted_form(request)
    learner = await ctx.learner()
    deck = text_field(form, "deck")
    scope = _deck(deck) if deck else None
    try:
        changes = settingsform.changes(form, scope)
        await ctx.run(ctx.service.change_settings, learner, scope, **changes)
    except LearnError as err:
        st = await ctx.run(ctx.service.settings, learner)
        context = {**_settings_context(ctx, st, scope), "saved": False, "error": str(err)}
        return ctx.page("learn/settings.html", context, status=status_of(err))
    return _redirect(ctx, PREFIX + "/settings", deck=scope or "", saved="1")


@router.post("/optimize")
async def optimize(request: Request) -> Response:
    ctx, _ = await Ctx.posted_form(request)
    learner = await ctx.learner()
    fit = await ctx.run(ctx.service.optimize, learner)
    return _redirect(ctx, PREFIX + "/settings", fit=fit.reason.replace(" ", "-"))
