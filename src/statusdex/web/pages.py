"""The reference pages: home, code list and search results, one page per code, IIS
sub-status, vendor code, family and vendor. Server-rendered; everything they say comes from
the registry through the library."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.from_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

import statusdex
from statusdex.core.lookup import by_key
from statusdex.core.records import Status
from statusdex.web import static, tryit
from statusdex.web.i18n import url_for_lang
from statusdex.web.openapi30 import downgrade
from statusdex.web.templating import render, request_lang
from statusdex.web.urls import entry_path, family_path, vendor_path

router = APIRouter(include_in_schema=False)

MAX_QUERY = 200
SEARCH_LIMIT = 30


def _redirect(request: Request, path: str, lang: str) -> RedirectResponse:
    root = request.scope.get("root_path", "")
    return RedirectResponse(url_for_lang(path, lang, root), status_code=301)


def _grouped_by_vendor(entries: tuple[Status, ...]) -> list[tuple[Any, list[Status]]]:
    groups: dict[str, tuple[Any, list[Status]]] = {}
    for s in entries:
        if s.vendor is not None:
            groups.setdefault(s.vendor.id, (s.vendor, []))[1].append(s)
    return list(groups.values())


@router.get("/")
def home(request: Request) -> Response:
    lang = request_lang(request)
    context = {
        "common": common_codes(),
        "families": statusdex.families(),
        "vendors": [v for v in statusdex.vendors() if any(s.kind == "vendor" for s in v.codes)],
    }
    return render(request, "home.html", context, lang=lang)


def common_codes(n: int = 12) -> list[Status]:
    """The codes people meet most, in the registry's measured order (the Starter deck of
    ``registry/decks.toml``)."""
    from statusdex._compiled.core import DECKS

    keys: tuple[str, ...] = next(d["keys"] for d in DECKS if d["id"] == "starter")
    return [by_key(k) for k in keys[:n]]


@router.get("/codes")
def codes(
    request: Request,
    q: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
) -> Response:
    lang = request_lang(request)
    query = (q or "").strip()
    if query:
        from statusdex.core.search import explain, group_label, search_result

        result = search_result(query, lang=lang, limit=SEARCH_LIMIT)
        hits = result.hits
        if hits and hits[0].matched == ("code",) and _is_code(query):
            # `429` + Enter: the code's page, not a list of one
            root = request.scope.get("root_path", "")
            target = url_for_lang(entry_path(hits[0].status), lang, root)
            return RedirectResponse(target, status_code=303)
        context: dict[str, Any] = {
            "query": query,
            "hits": hits,
            "family": result.family,
            "note": result.note,
            "why": {h.status.key: explain(h, lang) for h in hits},
            "groups": {h.status.key: group_label(h, lang) for h in hits if h.members},
        }
        return render(request, "search.html", context, lang=lang)
    entries = statusdex.all_statuses()
    context = {
        "families": statusdex.families(),
        "iana": [s for s in entries if s.kind == "iana"],
        "vendor_groups": _grouped_by_vendor(tuple(s for s in entries if s.kind == "vendor")),
        "iis": [s for s in entries if s.kind == "iis"],
    }
    return render(request, "codes.html", context, lang=lang)


def _is_code(query: str) -> bool:
    head, dot, tail = query.strip().partition(".")
    return len(head) == 3 and head.isdigit() and (not dot or tail.isdigit())


def code_page(request: Request, status: Status) -> Response:
    lang = request_lang(request)
    text = status.text(lang)
    related = [(r, text.choose.get(r.key, "")) for r in status.related]
    # a "how to choose" text about an entry not listed as related still deserves a place
    related += [(by_key(k), v) for k, v in text.choose.items() if k not in status.related_keys]
    others = [m for m in status.meanings if m.key != status.key]
    context = {
        "tryit": _try_it(request, status),
        "s": status,
        "text": text,
        "english": status.text("en"),
        "related": related,
        "others": others,
        "family": status.family,
        "substatuses": status.substatuses,
    }
    return render(request, "code.html", context, lang=lang)


def _try_it(request: Request, status: Status) -> tuple[str, tryit.Exchange] | None:
    """The curl command for this server's mock and what the mock answers, or None."""
    mock = getattr(request.app.state, "mock", None)
    path = tryit.mock_path(status)
    if mock is None or path is None:
        return None
    root = request.scope.get("root_path", "")
    answer = anyio.from_thread.run(tryit.ask, mock, path, root)
    if answer.status not in (int(status), status.wire_code):
        return None  # the mock answers something else (an error): nothing to show
    base = str(request.base_url).rstrip("/")
    return f"curl -i '{base}{path}'", answer


@router.get("/codes/{code}")
def code(request: Request, code: str) -> Response:
    lang = request_lang(request)
    status = statusdex.lookup(code[:MAX_QUERY])
    canonical = entry_path(status)
    if canonical != f"/codes/{code}":
        return _redirect(request, canonical, lang)
    return code_page(request, status)


@router.get("/families")
def families(request: Request) -> Response:
    lang = request_lang(request)
    context = {"families": statusdex.families()}
    return render(request, "families.html", context, lang=lang)


@router.get("/families/{family_id}")
def family(request: Request, family_id: str) -> Response:
    lang = request_lang(request)
    fam = statusdex.family(family_id[:MAX_QUERY])
    if fam.id != family_id:
        return _redirect(request, family_path(fam), lang)
    others = [s for s in statusdex.all_statuses() if s.kind != "iana" and int(s) in fam]
    context = {
        "f": fam,
        "text": fam.text(lang),
        "codes": fam.codes,
        "vendor_codes": [s for s in others if s.kind == "vendor"],
        "iis_codes": [s for s in others if s.kind == "iis"],
    }
    return render(request, "family.html", context, lang=lang)


@router.get("/vendors")
def vendors(request: Request) -> Response:
    lang = request_lang(request)
    context = {"vendors": statusdex.vendors()}
    return render(request, "vendors.html", context, lang=lang)


@router.get("/vendors/{vendor_id}")
def vendor(request: Request, vendor_id: str) -> Response:
    lang = request_lang(request)
    v = statusdex.vendor(vendor_id[:MAX_QUERY])
    if v.id != vendor_id:
        return _redirect(request, vendor_path(v), lang)
    context = {"v": v, "text": v.text(lang), "codes": v.codes}
    return render(request, "vendor.html", context, lang=lang)


@router.get("/vendors/{vendor_id}/{number}")
def vendor_code(request: Request, vendor_id: str, number: str) -> Response:
    lang = request_lang(request)
    status = statusdex.lookup(number[:MAX_QUERY], vendor=vendor_id[:MAX_QUERY])
    canonical = entry_path(status)
    if canonical != f"/vendors/{vendor_id}/{number}":
        return _redirect(request, canonical, lang)
    return code_page(request, status)


@router.get("/docs")
def docs(request: Request) -> Response:
    """Swagger UI, from the package's own copy (works offline)."""
    # Swagger UI sets style attributes from its script, so this page alone allows them.
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    headers = {"Content-Security-Policy": csp}
    return render(request, "docs.html", {}, lang=request_lang(request), headers=headers)


@router.get("/docs/openapi-3.0.json")
def docs_document(request: Request) -> Response:
    """The API document in OpenAPI 3.0, which the bundled Swagger UI reads."""
    document = downgrade(request.app.openapi())
    root = request.scope.get("root_path", "").rstrip("/")
    if root:
        document["servers"] = [{"url": root}]
    return JSONResponse(document)


@router.get("/static/{name:path}")
def asset(name: str, v: str | None = None) -> Response:
    found = static.assets().get(name)
    if found is None:
        raise HTTPException(404, f"no static file {name!r}")
    cache = "public, max-age=31536000, immutable" if v == found.version else "public, max-age=300"
    return Response(found.body, media_type=found.media_type, headers={"Cache-Control": cache})


@router.get("/favicon.ico")
def favicon(request: Request) -> Response:
    root = request.scope.get("root_path", "")
    return RedirectResponse(static.url("favicon.svg", root), status_code=301)


@router.get("/robots.txt")
def robots() -> Response:
    found = static.assets()["robots.txt"]
    return Response(found.body, media_type=found.media_type)
