"""The learning JSON API under ``/learn/api``: what the pages do, for scripts and tests.

Every answer concerns the requesting learner only (known by the cookie). Changes need the
header ``X-CSRF-Token`` with the token from ``GET /learn/api/session``. Errors are RFC 9457
problem details. See docs/learn-web.md for each endpoint.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from statusdex.learn import cards as _cards
from statusdex.learn import grading
from statusdex.learn.cards import DECKS
from statusdex.learn.errors import BadCredentialsError
from statusdex.learn.log import FORMATS
from statusdex.web.learn import API_PREFIX, accounts, settingsform
from statusdex.web.learn.base import (
    MAX_UPLOAD,
    Ctx,
    choose,
    int_field,
    read_body,
    read_json,
    required_text,
    text_field,
)
from statusdex.web.learn.errors import WebError

router = APIRouter(prefix=API_PREFIX, include_in_schema=False)


def _deck(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    return choose(value, DECKS, "deck", DECKS[0])


def back_of(key: str, lang: str) -> dict[str, str]:
    """The back of a card: the right answer and the one-line why, from the registry."""
    c = _cards.card(key)
    subj = _cards.subject(c.subject)
    name = subj.name(lang)
    return {
        "expected": grading.expected(c, lang),
        "label": f"{subj.display} {name}" if name else subj.display,
        "why": subj.summary(lang),
    }


@router.get("/session")
async def session(request: Request) -> Response:
    """Who is asking, and the CSRF token their changes must carry."""
    ctx = await Ctx.begin(request)
    name = await ctx.run(ctx.service.username, ctx.visitor.learner) if ctx.visitor.learner else None
    return ctx.json(
        {"csrf": ctx.visitor.csrf, "anonymous": name is None, "username": name, "lang": ctx.lang}
    )


@router.get("/next")
async def next_card(request: Request, deck: str | None = None, lang: str | None = None) -> Response:
    ctx = await Ctx.begin(request, lang)
    learner = await ctx.reader_in_zone()
    chosen = _deck(deck)
    card = await ctx.run(ctx.service.next_card, learner, chosen, None, ctx.lang)
    if card is None:
        due = await ctx.run(ctx.service.next_due, learner, chosen)
        counts = await ctx.run(ctx.service.due_counts, learner, chosen)
        return ctx.json(
            {
                "card": None,
                "next_due": due.isoformat() if due else None,
                "counts": {"new": counts.new, "learning": counts.learning, "review": counts.review},
            }
        )
    reps = await ctx.run(ctx.service.card_reps, learner, card.key)
    return ctx.json({"card": card.to_dict(), "reps": reps, "back": back_of(card.key, ctx.lang)})


@router.post("/answer")
async def answer(request: Request) -> Response:
    """Grade and record one answer: ``{"key", "answer"|"rating", "mode", "reps"?, ...}``."""
    ctx = await Ctx.begin(request)
    data = await read_json(request)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    learner = await ctx.learner_in_zone(text_field(data, "timezone"))
    key = required_text(data, "key")
    ctx.use_lang(text_field(data, "lang"))
    result = await ctx.run(
        ctx.service.answer,
        learner,
        key,
        answer=text_field(data, "answer"),
        rating=int_field(data, "rating", strict=True),
        mode=text_field(data, "mode"),
        lang=ctx.lang,
        duration_ms=int_field(data, "duration_ms", strict=True),
        expect_reps=int_field(data, "reps", strict=True),
        deck=_deck(text_field(data, "deck")),
        session=ctx.study_session,
    )
    return ctx.json(result.to_dict())


@router.post("/undo")
async def undo(request: Request) -> Response:
    ctx = await Ctx.begin(request)
    await read_body(request, 1024)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    learner = await ctx.learner()
    key = await ctx.run(ctx.service.undo_last, learner, ctx.study_session)
    return ctx.json({"undone": key})


@router.get("/settings")
async def get_settings(request: Request, deck: str | None = None) -> Response:
    """The learner's settings, or with ``?deck=`` what applies in that deck."""
    ctx = await Ctx.begin(request)
    learner = await ctx.learner()
    st = await ctx.run(ctx.service.settings, learner)
    return ctx.json(settingsform.to_json(st, _deck(deck)))


@router.post("/settings")
async def post_settings(request: Request) -> Response:
    """Change settings: ``{"deck"?, "new_per_day", "learning_steps": "1m 10m", ...}``."""
    ctx = await Ctx.begin(request)
    data = await read_json(request)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    learner = await ctx.learner()
    deck = _deck(text_field(data, "deck"))
    changes = settingsform.changes(data, deck, strict=True)
    st = await ctx.run(ctx.service.change_settings, learner, deck, **changes)
    return ctx.json(settingsform.to_json(st, deck))


@router.post("/optimize")
async def optimize(request: Request) -> Response:
    """Fit FSRS's parameters to this learner's reviews; kept only if they predict better."""
    ctx = await Ctx.begin(request)
    await read_body(request, 1024)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    learner = await ctx.learner()
    fit = await ctx.run(ctx.service.optimize, learner)
    return ctx.json(fit.to_dict())


CARD_ACTIONS = ("suspend", "unsuspend", "reset")


@router.post("/card")
async def card_action(request: Request) -> Response:
    """``{"key", "action": "suspend" | "unsuspend" | "reset"}`` on one of the learner's cards."""
    ctx = await Ctx.begin(request)
    data = await read_json(request)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    learner = await ctx.learner()
    key = required_text(data, "key")
    action = choose(required_text(data, "action"), CARD_ACTIONS, "action", "suspend")
    if action == "reset":
        removed = await ctx.run(ctx.service.reset, learner, key)
        return ctx.json({"key": key, "state": "new", "removed": removed})
    st = await ctx.run(ctx.service.suspend, learner, key, action == "suspend")
    return ctx.json({"key": key, "state": st.state, "suspended": st.suspended})


@router.get("/history")
async def history(request: Request, key: str) -> Response:
    """One card's answers, oldest first, with the state each left it in."""
    ctx = await Ctx.begin(request)
    learner = await ctx.learner()
    entries = await ctx.run(ctx.service.history, learner, key)
    rows = []
    for e in entries:
        row = e.to_row()
        row["state_after"] = e.state_after.to_dict() if e.state_after else None
        rows.append(row)
    return ctx.json({"key": key, "answers": rows})


@router.get("/stats")
async def stats(request: Request, deck: str | None = None) -> Response:
    ctx = await Ctx.begin(request)
    learner = ctx.reader()
    found = await ctx.run(ctx.service.stats, learner, None, _deck(deck))
    return ctx.json(found.to_dict())


@router.get("/browse")
async def browse(
    request: Request, deck: str | None = None, lang: str | None = None, q: str | None = None
) -> Response:
    ctx = await Ctx.begin(request, lang)
    learner = ctx.reader()
    query = (q or "")[:100]
    rows = await ctx.run(ctx.service.browse, learner, _deck(deck), ctx.lang, None, query)
    return ctx.json({"deck": _deck(deck), "codes": [r.to_dict() for r in rows]})


@router.get("/log")
async def export_log(request: Request, format: str = "csv") -> Response:
    """The learner's review log as a download (``?format=csv`` or ``json``)."""
    ctx = await Ctx.begin(request)
    fmt = choose(format, FORMATS, "format", "csv")
    learner = ctx.reader()
    text = await ctx.run(ctx.service.export_log, learner, fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = Response(text.encode("utf-8"), media_type=media)
    response.headers["Content-Disposition"] = f'attachment; filename="statusdex-reviews.{fmt}"'
    return ctx.finish(response)


@router.post("/log")
async def import_log(request: Request, format: str | None = None) -> Response:
    """Merge a review log (the body, CSV or JSON) into the learner's; returns ``added``."""
    ctx = await Ctx.begin(request)
    body = await read_body(request, MAX_UPLOAD)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    fmt = choose(format, FORMATS, "format", "csv") if format else None
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebError(422, "the review log must be UTF-8 text") from None
    learner = await ctx.learner()
    added = await ctx.import_log(learner, text, fmt)
    return ctx.json({"added": added})


def apkg_bytes(ctx: Ctx, deck: str, lang: str) -> bytes:
    """The package for ``deck`` in ``lang``, built once per process."""
    import tempfile
    from pathlib import Path

    cache = ctx.state.apkg_cache
    found = cache.get((deck, lang))
    if found is None:
        with tempfile.TemporaryDirectory(prefix="statusdex-apkg-") as tmp:
            path = Path(tmp) / "deck.apkg"
            ctx.service.export_apkg(deck, lang, path)
            found = cache[(deck, lang)] = path.read_bytes()
    return found


@router.post("/register")
async def register(request: Request) -> Response:
    """Give this learner a username and password, ``{"username", "password"}``, or change
    them (``"current_password"`` too). Returns the new CSRF token with a new cookie: every
    other session of the learner ends."""
    ctx = await Ctx.begin(request)
    data = await read_json(request)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    username = required_text(data, "username")
    password = required_text(data, "password")
    current = text_field(data, "current_password")
    ctx.service.check_credentials(username, password)  # a malformed try costs no hash
    ctx.limit_registration()
    learner = await ctx.learner()
    token = await ctx.hashing(
        ctx.service.register, learner, username, password, current_password=current
    )
    ctx.visitor.new_cookie = False  # the cookie set below replaces the visitor's
    name = username.strip().lower()
    response = ctx.json({"username": name, "csrf": accounts.csrf_for(token)}, status=201)
    accounts.set_cookie(response, request, token)
    return response


async def do_login(ctx: Ctx, username: str, password: str) -> str:
    """Check the credentials (rate-limited); returns the new token. Raises ``WebError``."""
    address = ctx.address
    wait = ctx.state.limits.wait(address, username)
    if wait > 0:
        seconds = str(max(1, round(wait)))
        raise WebError(
            429, f"too many sign-in attempts; wait {seconds} s", {"Retry-After": seconds}
        )
    try:
        _learner, token = await ctx.hashing(ctx.service.login, username, password)
    except BadCredentialsError as err:
        ctx.state.limits.failed(address, username)
        raise WebError(401, str(err)) from None
    ctx.state.limits.succeeded(address, username)
    return token


@router.post("/login")
async def login(request: Request) -> Response:
    """Sign in: this browser becomes the account's learner. Returns the new CSRF token."""
    ctx = await Ctx.begin(request)
    data = await read_json(request)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    username = required_text(data, "username")
    password = required_text(data, "password")
    token = await do_login(ctx, username, password)
    ctx.visitor.new_cookie = False  # the cookie set below replaces the visitor's
    response = ctx.json({"username": username.strip().lower(), "csrf": accounts.csrf_for(token)})
    accounts.set_cookie(response, request, token)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Forget this browser's token; it starts again as a new anonymous visitor."""
    ctx = await Ctx.begin(request)
    await read_body(request, 1024)
    ctx.check_csrf(request.headers.get(accounts.CSRF_HEADER))
    await ctx.run(ctx.service.logout, ctx.visitor.token)
    fresh = accounts.Visitor(ctx.service.issue_token(), None, new_cookie=True)
    ctx.visitor.new_cookie = False
    response = ctx.json({"csrf": fresh.csrf})
    accounts.set_cookie(response, request, fresh.token)
    return response
