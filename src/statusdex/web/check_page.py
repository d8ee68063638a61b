"""``/check``: paste a raw response, get the review (in the page's language).

The page never fetches anything: it reads only the pasted text, so it cannot be used to make
the server send requests elsewhere. Posted forms are capped at ``MAX_FORM`` bytes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from statusdex.web.problems import problem, wants_json
from statusdex.web.templating import render, request_lang

router = APIRouter(include_in_schema=False)
MAX_FORM = 256 * 1024
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _words(lang: str) -> dict[str, Any]:
    from statusdex.checks.messages import _table

    t = _table()
    page = {**t["en"]["page"], **t.get(lang, {}).get("page", {})}
    ui = {**t["en"]["ui"], **t.get(lang, {}).get("ui", {})}
    return {"page": page, "ui": ui}


def _page(
    request: Request, lang: str, *, raw: str = "", method: str = "GET", **extra: Any
) -> Response:
    from statusdex.checks.render import severity
    from statusdex.core.labels import label

    context = {
        "w": _words(lang),
        "raw": raw,
        "method": method,
        "methods": METHODS,
        "severity": lambda s: severity(lang, s),
        "who": lambda f: label(lang, f),
        "error": None,
        "report": None,
        **extra,
    }
    status = 400 if extra.get("error") else 200
    return render(request, "check.html", context, lang=lang, status_code=status)


@router.get("/check")
def check_form(request: Request) -> Response:
    return _page(request, request_lang(request))


@router.post("/check")
async def check_post(request: Request) -> Response:
    from statusdex.checks import CheckError, check_raw

    lang = request_lang(request)
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_FORM:
        return problem(413, f"the form is larger than {MAX_FORM // 1024} KiB")
    try:
        form = await request.form(max_files=0, max_fields=4, max_part_size=MAX_FORM)
    except Exception:  # a malformed form body: the client's mistake
        return problem(400, "the form could not be read")
    raw = form.get("raw")
    method = str(form.get("method") or "GET").upper()
    if not isinstance(raw, str) or method not in METHODS:
        return problem(400, "send a 'raw' text field and a method from " + ", ".join(METHODS))
    try:
        report = check_raw(raw, request=method, lang=lang)
    except CheckError as e:
        if wants_json(request):
            return problem(400, str(e))
        return _page(request, lang, raw=raw, method=method, error=str(e))
    if wants_json(request):
        from fastapi.responses import JSONResponse

        return JSONResponse(report.to_dict())
    return _page(request, lang, raw=raw, method=method, report=report)
