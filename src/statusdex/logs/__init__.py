"""``statusdex logs``: what the status codes in access logs say.

``formats`` (parsers, detection) · ``read`` (inputs, compression, bad input) · ``queries``
(the report as engine-neutral SQL) · ``engine`` (DuckDB, Spark) · ``report`` (queries plus the
registry's meanings) · ``render_*`` (terminal, HTML, JSON, CSV) · ``cli``. Heavy dependencies
(duckdb, zstandard) are imported only inside these modules, never by ``statusdex 404``.
"""

from statusdex.extras import require

require("logs", "statusdex.logs")  # else one line naming the extra to install
