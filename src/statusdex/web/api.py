"""The JSON API under ``/api/v1``: the library's ``export()`` data, piece by piece.

Every answer is the library's own shape (``statusdex.core.export``), described by the models
in ``web.models``; errors are RFC 9457 problem details (``web.problems``). Answers are built
once per process and served from memory by ``web.caching`` with an ETag.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

import statusdex
from statusdex.core import export as _export
from statusdex.core.lang import LANGUAGES
from statusdex.core.lang import resolve as resolve_lang
from statusdex.errors import UnknownVendorError
from statusdex.web import models
from statusdex.web.problems import problem

PREFIX = "/api/v1"


def _alternatives(values: list[str] | tuple[str, ...]) -> str:
    return "^(" + "|".join(values) + ")$"


def _kinds() -> list[str]:
    return sorted({s.kind for s in statusdex.all_statuses()})


def _states() -> list[str]:
    return sorted({s.state for s in statusdex.all_statuses() if s.state})


def _family_ids() -> list[str]:
    return [f.id for f in statusdex.families()]


def _vendor_names() -> list[str]:
    """Every way ``vendor=`` may name a vendor: its id and its aliases."""
    names = {v.id for v in statusdex.vendors()}
    names.update(a for v in statusdex.vendors() for a in v.aliases)
    return sorted(names)


LangQuery = Annotated[
    str | None,
    Query(
        description="language of the texts (default: every language)",
        pattern=_alternatives(LANGUAGES),
        json_schema_extra={"enum": list(LANGUAGES)},
    ),
]


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error answers (their media type is set in ``app.openapi``)."""
    words = {400: "Invalid parameter", 404: "Not found, with suggestions"}
    return {c: {"model": models.Problem, "description": words.get(c, "Error")} for c in codes}


def json_response(data: Any, *, lang: str | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Content-Language": lang} if lang else None
    return Response(body, media_type="application/json", headers=headers)


def _lang(lang: str | None) -> str | None:
    return resolve_lang(lang) if lang is not None else None


router = APIRouter(prefix=PREFIX, tags=["statusdex"])


@router.get("", response_model=models.Index, summary="What the API offers")
def index() -> Response:
    links = {
        "codes": f"{PREFIX}/codes",
        "code": f"{PREFIX}/codes/{{code}}",
        "meanings": f"{PREFIX}/codes/{{code}}/meanings",
        "search": f"{PREFIX}/search?q={{query}}",
        "families": f"{PREFIX}/families",
        "vendors": f"{PREFIX}/vendors",
        "export": f"{PREFIX}/export",
        "openapi": "/openapi.json",
    }
    data = {
        "name": "statusdex",
        "version": statusdex.__version__,
        "languages": list(LANGUAGES),
        "links": links,
    }
    return json_response(data)


@router.get(
    "/codes",
    response_model=models.CodeList,
    responses=problems(400),
    summary="Every entry, optionally filtered",
)
def list_codes(
    family: Annotated[
        str | None,
        Query(
            description="family id such as 4xx",
            pattern=_alternatives(_family_ids()),
            json_schema_extra={"enum": _family_ids()},
        ),
    ] = None,
    vendor: Annotated[
        str | None,
        Query(
            description="vendor id or alias (nginx, cloudflare, iis…)",
            max_length=100,
            json_schema_extra={"enum": _vendor_names()},
        ),
    ] = None,
    kind: Annotated[
        str | None,
        Query(
            description="iana, vendor or iis",
            pattern=_alternatives(_kinds()),
            json_schema_extra={"enum": _kinds()},
        ),
    ] = None,
    state: Annotated[
        str | None,
        Query(
            description="IANA registry state",
            pattern=_alternatives(_states()),
            json_schema_extra={"enum": _states()},
        ),
    ] = None,
    lang: LangQuery = None,
) -> Response:
    chosen = _lang(lang)
    entries = statusdex.all_statuses()
    if vendor is not None:
        try:
            vid = statusdex.vendor(vendor).id
        except UnknownVendorError as exc:
            return problem(400, str(exc), instance=f"{PREFIX}/codes")
        entries = tuple(s for s in entries if s.vendor is not None and s.vendor.id == vid)
    if family is not None:
        entries = tuple(s for s in entries if f"{int(s) // 100}xx" == family)
    if kind is not None:
        entries = tuple(s for s in entries if s.kind == kind)
    if state is not None:
        entries = tuple(s for s in entries if s.state == state)
    codes = [_export.status_dict(s, chosen) for s in entries]
    return json_response({"count": len(codes), "codes": codes}, lang=chosen)


CodePath = Annotated[
    str,
    Path(
        description="a code (404), an IIS sub-status (403.14), a vendor's code (nginx:499), "
        "a constant (NOT_FOUND) or a phrase",
        min_length=1,
        max_length=200,
    ),
]


@router.get(
    "/codes/{code}",
    response_model=models.Entry,
    responses=problems(400, 404),
    summary="One entry",
)
def get_code(
    code: CodePath,
    vendor: Annotated[
        str | None,
        Query(
            description="the vendor whose meaning you want (id or alias)",
            max_length=100,
            json_schema_extra={"enum": _vendor_names()},
        ),
    ] = None,
    lang: LangQuery = None,
) -> Response:
    chosen = _lang(lang)
    status = statusdex.lookup(code, vendor=vendor)
    return json_response(_export.status_dict(status, chosen), lang=chosen)


@router.get(
    "/codes/{code}/meanings",
    response_model=models.Meanings,
    responses=problems(400, 404),
    summary="Every meaning of a number: IANA first, then vendors by precedence",
)
def get_meanings(code: CodePath, lang: LangQuery = None) -> Response:
    chosen = _lang(lang)
    found = statusdex.meanings(code)
    data = {"code": int(found[0]), "meanings": [_export.status_dict(s, chosen) for s in found]}
    return json_response(data, lang=chosen)


@router.get(
    "/search",
    response_model=models.SearchResult,
    responses=problems(400),
    summary="Ranked matches in any language",
)
def search(
    q: Annotated[str, Query(description="code, phrase, old name or words", max_length=200)],
    lang: Annotated[
        str | None,
        Query(
            description="language of the answers; its matches rank first",
            pattern=_alternatives(LANGUAGES),
            json_schema_extra={"enum": list(LANGUAGES)},
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    from statusdex.core.search import explain, group_label, search_result

    chosen = resolve_lang(lang or "en")
    result = search_result(q, lang=chosen, limit=limit)
    out = []
    for hit in result.hits:
        s = hit.status
        text = s.text(chosen)
        out.append(
            {
                "id": s.key,
                "display": s.code,
                "phrase": s.phrase,
                "name": text.name or s.phrase,
                "summary": text.summary,
                "fallback": [f for f in ("name", "summary") if f in text.fallback],
                "kind": s.kind,
                "vendor": s.vendor.id if s.vendor else None,
                "vendor_name": s.vendor.name if s.vendor else None,
                "score": round(hit.score, 3),
                "matched": list(hit.matched),
                "why": explain(hit, chosen),
                "members": [m.key for m in hit.members],
                "group": group_label(hit, chosen) if hit.members else None,
            }
        )
    data = {
        "query": q,
        "lang": chosen,
        "family": result.family.id if result.family else None,
        "note": result.note,
        "count": len(out),
        "hits": out,
    }
    return json_response(data, lang=chosen)


@router.get("/families", response_model=list[models.Family], responses=problems(400))
def list_families(lang: LangQuery = None) -> Response:
    chosen = _lang(lang)
    return json_response(
        [_export.family_dict(f, chosen) for f in statusdex.families()], lang=chosen
    )


@router.get("/families/{family}", response_model=models.Family, responses=problems(400, 404))
def get_family(
    family: Annotated[str, Path(description="1xx … 5xx, or 1 … 5", max_length=100)],
    lang: LangQuery = None,
) -> Response:
    chosen = _lang(lang)
    return json_response(_export.family_dict(statusdex.family(family), chosen), lang=chosen)


@router.get("/vendors", response_model=list[models.Vendor], responses=problems(400))
def list_vendors(lang: LangQuery = None) -> Response:
    chosen = _lang(lang)
    return json_response([_export.vendor_dict(v, chosen) for v in statusdex.vendors()], lang=chosen)


@router.get("/vendors/{vendor}", response_model=models.Vendor, responses=problems(400, 404))
def get_vendor(
    vendor: Annotated[str, Path(description="vendor id or alias", max_length=100)],
    lang: LangQuery = None,
) -> Response:
    chosen = _lang(lang)
    return json_response(_export.vendor_dict(statusdex.vendor(vendor), chosen), lang=chosen)


@router.get(
    "/export",
    response_model=models.Export,
    responses=problems(400),
    summary="The whole registry (statusdex.export())",
)
def export(lang: LangQuery = None) -> Response:
    chosen = _lang(lang)
    return json_response(statusdex.export(lang=chosen), lang=chosen)
