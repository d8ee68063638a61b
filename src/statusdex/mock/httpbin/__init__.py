"""httpbin's endpoint set (as go-httpbin serves it) inside the mock server.

The mock's own paths win: ``/{code}``, ``/random/…``, ``/status/…``, ``/delay/…`` and the
redirect chains are routed first (``statusdex.mock.app.route``); only a path whose first
segment is one of ``ROUTES`` below reaches these handlers, and anything else still goes to the
404 page. One module per group: ``echo``, ``redirects``, ``auth``, ``cookies``, ``caching``,
``streams``, ``formats``, ``images``.
"""
