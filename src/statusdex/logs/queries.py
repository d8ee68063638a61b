"""The report as SQL, written once for every engine.

Only functions DuckDB and Spark SQL share are used: ``count``, ``sum``, ``avg``, ``max``,
``min``, ``date_trunc('minute'|'hour', ts)``, ``row_number() OVER``, ``CASE``, ``CAST``.
Every ORDER BY is total (ties broken down to the last column shown) and says where NULLs go,
since the engines' defaults differ (DuckDB: last; Spark: first when ascending).
Every query reads the view ``r`` (the requests left after ``--since/--until/--where``);
``{top}`` is an integer the report fills in.
"""

from __future__ import annotations

SUMMARY = """
SELECT count(*) AS requests, min(ts) AS first, max(ts) AS last,
       count(DISTINCT client) AS clients
FROM r
"""

CODES = """
SELECT status, count(*) AS n FROM r GROUP BY status ORDER BY n DESC, status
"""

FORMATS = """
SELECT fmt, count(*) AS n FROM r GROUP BY fmt ORDER BY n DESC, fmt
"""

# Top values of one column per problem code (status >= 400); {column} is path, client or ua.
TOP_PER_PROBLEM = """
SELECT status, value, n FROM (
  SELECT status, value, n,
         row_number() OVER (PARTITION BY status ORDER BY n DESC, value) AS rk
  FROM (SELECT status, {column} AS value, count(*) AS n
        FROM r WHERE status >= 400 AND {column} IS NOT NULL
        GROUP BY status, {column}) AS g
) AS ranked
WHERE rk <= {top}
ORDER BY status, n DESC, value
"""

TIMELINE = """
SELECT date_trunc('{unit}', ts) AS bucket, status, count(*) AS n
FROM r WHERE ts IS NOT NULL
GROUP BY date_trunc('{unit}', ts), status
ORDER BY bucket, status
"""

IIS = """
SELECT status, substatus, win32, count(*) AS n
FROM r WHERE substatus IS NOT NULL AND (status >= 400 OR substatus <> 0 OR win32 <> 0)
GROUP BY status, substatus, win32
ORDER BY n DESC, status, substatus, win32 NULLS LAST
"""

# The edge (load balancer, CDN) answered something else than the origin; origin -1: none
# received (ALB '-'); 0: Cloudflare had no origin response (a cache hit when the edge is fine).
EDGE_ORIGIN = """
SELECT status AS edge, origin_status AS origin, count(*) AS n
FROM r
WHERE origin_status IS NOT NULL AND origin_status <> status
  AND NOT (origin_status = 0 AND status < 400)
GROUP BY status, origin_status
ORDER BY n DESC, edge, origin
"""

UPSTREAM = """
SELECT status, count(*) AS n,
       avg(duration_ms) AS avg_ms, max(duration_ms) AS max_ms,
       avg(upstream_ms) AS avg_upstream_ms, max(upstream_ms) AS max_upstream_ms,
       sum(CASE WHEN upstream_ms IS NULL THEN 1 ELSE 0 END) AS no_upstream_time
FROM r WHERE status IN (499, 504, 460, 408, 502)
GROUP BY status ORDER BY status
"""

SLOWEST = """
SELECT status, path, duration_ms, ts, client FROM (
  SELECT status, path, duration_ms, ts, client,
         row_number() OVER (PARTITION BY status ORDER BY duration_ms DESC, path NULLS LAST,
                            ts NULLS LAST, client NULLS LAST) AS rk
  FROM r WHERE duration_ms IS NOT NULL
) AS ranked
WHERE rk <= {top}
ORDER BY status, duration_ms DESC, path NULLS LAST, ts NULLS LAST, client NULLS LAST
"""


# The columns the report reads besides those named in its SQL (``{column}`` above).
TOP_COLUMNS = ("path", "client", "ua")


# Columns the queries above read only on rows with status >= 400 (TOP_PER_PROBLEM) or with a
# duration (SLOWEST): where no filter reads them, an engine may leave them NULL on other rows.
PROBLEM_ONLY = ("path", "ua")


def columns_problem_only(where: str | None) -> frozenset[str]:
    """The ``PROBLEM_ONLY`` columns that the ``--where`` condition does not name."""
    import re

    words = set(re.findall(r"[a-z_][a-z_0-9]*", (where or "").lower()))
    return frozenset(name for name in PROBLEM_ONLY if name not in words)


def columns_read(where: str | None) -> frozenset[str]:
    """Every column the report's queries or the ``--where`` condition may read."""
    import re

    from statusdex.logs.formats import COLUMNS

    text = " ".join(v for k, v in globals().items() if k.isupper() and isinstance(v, str))
    text += " " + " ".join(TOP_COLUMNS) + " " + (where or "")
    words = set(re.findall(r"[a-z_][a-z_0-9]*", text.lower()))
    return frozenset(name for name, _ in COLUMNS if name in words)
