"""``statusdex serve`` starts a real server that answers its health check."""

from __future__ import annotations

import httpx

from tests.conftest import Server


def test_healthz(live_server: Server) -> None:
    r = httpx.get(live_server.url + "/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
