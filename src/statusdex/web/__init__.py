"""The web face: reference pages, the JSON API and the composition of the whole server
(``statusdex serve``), which also carries the mock server and the learning pages."""

from statusdex.extras import require

require("web", "statusdex.web")  # else one line naming the extra to install
