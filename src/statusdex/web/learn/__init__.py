"""The learning face of the web app: flash cards in the browser, under ``/learn``.

- ``routes``: ``install(app, settings)`` adds every learning route to the FastAPI app;
- ``pages``: the pages (play, consult, stats, print, your data, account), HTML forms;
- ``api``: the same under ``/learn/api`` as JSON, for scripts;
- ``static``: ``/learn/static`` (the pages' script and stylesheets in ``static/``);
- ``accounts``: the learner's cookie, CSRF and login limits; ``base``: what the routes share;
  ``errors``: refusals and how they are answered; ``settingsform``, ``charts``,
  ``printsheet``: what the pages draw and read.

Everything here reads the learning engine through ``statusdex.learn.service`` (and the
engine's plain data types); nothing in ``statusdex.learn`` imports the web. This module holds
only the paths the rest of the web app needs to know (dispatch, caching, error format,
templates), so that reading them imports nothing.
"""

from __future__ import annotations

from pathlib import Path

PREFIX = "/learn"  # every learning path; per-learner, so never kept by the response cache
API_PREFIX = PREFIX + "/api"  # JSON answers (problem+json errors)
STATIC_PREFIX = PREFIX + "/static"
TEMPLATES = Path(__file__).resolve().parent / "templates"  # template names start ``learn/``
