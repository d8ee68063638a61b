"""The pytest helper on a small FastAPI app, through Starlette's TestClient and the plugin's
opt-in ``statusdex_check`` fixture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.testclient import TestClient

from statusdex.checks.assertions import ResponseCheckError, assert_response_ok

app = FastAPI()


@app.post("/users")
def create_user() -> Response:
    return JSONResponse({"id": 7}, status_code=201, headers={"Location": "/users/7"})


@app.post("/sloppy-users")
def create_user_sloppy() -> Response:
    return JSONResponse({"id": 8}, status_code=201)


@app.get("/orders/{oid}")
def order(oid: int) -> Response:
    if oid == 0:
        return JSONResponse({"success": False, "error": "no such order"})
    return JSONResponse({"id": oid})


@app.post("/login")
def login() -> Response:
    return RedirectResponse("/home", status_code=302)


@app.get("/home")
def home() -> Response:
    return JSONResponse({"home": True})


@app.delete("/users/{uid}")
def delete(uid: int) -> Response:
    return Response(status_code=204)


client = TestClient(app)


def test_good_responses_pass(statusdex_check: Callable[..., Any]) -> None:
    report = statusdex_check(client.post("/users"))
    assert report.final.status == 201
    statusdex_check(client.get("/orders/3"))
    statusdex_check(client.delete("/users/3"))


def test_201_without_location_fails_the_test(statusdex_check: Callable[..., Any]) -> None:
    with pytest.raises(ResponseCheckError) as e:
        statusdex_check(client.post("/sloppy-users"))
    assert "header-missing" in str(e.value)
    assert "Location" in str(e.value)
    assert "RFC 9110" in str(e.value)


def test_error_hidden_in_a_200_fails() -> None:
    with pytest.raises(ResponseCheckError, match="hidden-error-json"):
        assert_response_ok(client.get("/orders/0"))


def test_redirect_history_and_method_come_from_the_client() -> None:
    with pytest.raises(ResponseCheckError) as e:
        assert_response_ok(client.post("/login"))
    assert "redirect-method-change" in str(e.value)
    assert [r.status for r in e.value.report.responses] == [302, 200]
    # the same finding can be waived by name
    report = assert_response_ok(client.post("/login"), ignore=["redirect-method-change"])
    assert report.final.status == 200


def test_fail_on_error_lets_warnings_through() -> None:
    report = assert_response_ok(client.post("/sloppy-users"), fail_on="error")
    assert "header-missing" in report.rules()
