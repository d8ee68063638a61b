"""The ASGI application behind ``statusdex serve``.

One app, three faces, composed here and nowhere else:

- the reference pages (``/``, ``/codes/…``, ``/families/…``, ``/vendors/…``) and the JSON API
  (``/api/v1/…``, ``/openapi.json``, ``/docs``) from ``statusdex.web``;
- the learning pages (``/learn…``) from ``statusdex.learn.web``;
- the mock server (``/{code}``, ``/status/…``, ``/delay/…``, ``/redirect/…``, ``/random/…``)
  from ``statusdex.mock``, mounted last so that it only sees paths no other face claims.

The app keeps no state of its own (learning progress lives in the database), so any number of
processes on any number of hosts can serve it behind a load balancer.
"""

from __future__ import annotations

from fastapi import FastAPI

from statusdex.web.settings import WebSettings


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(
        title="statusdex",
        summary="HTTP status codes: IANA, vendor codes and IIS sub-statuses, in en, th and fr.",
        version=_version(),
        root_path=settings.root_path,
        docs_url=None,
        redoc_url=None,
    )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    from statusdex.learn.web import install as install_learning
    from statusdex.mock.app import create_mock_app

    install_learning(app, settings)
    app.mount("/", create_mock_app())
    return app


def _version() -> str:
    import statusdex

    return statusdex.__version__
