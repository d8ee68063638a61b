"""Access-log formats: one parser per format, each turning a text line into a ``Row``.

A ``Row`` is the normalised request every engine reads (see ``COLUMNS``). Parsers return
``None`` for a line they cannot read; the reader counts it as malformed. Header lines (IIS
``#`` directives) are handled by the parser's ``feed_header`` and produce no row.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import ClassVar

# The normalised columns, in order, with their SQL types (engine-neutral names).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ts", "TIMESTAMP"),
    ("client", "VARCHAR"),
    ("method", "VARCHAR"),
    ("host", "VARCHAR"),
    ("path", "VARCHAR"),
    ("status", "INTEGER"),
    ("substatus", "INTEGER"),
    ("win32", "BIGINT"),
    ("bytes", "BIGINT"),
    ("referer", "VARCHAR"),
    ("ua", "VARCHAR"),
    ("duration_ms", "DOUBLE"),
    ("upstream_status", "VARCHAR"),
    ("upstream_ms", "DOUBLE"),
    ("origin_status", "INTEGER"),
    ("fmt", "VARCHAR"),
)
Row = tuple[
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    int,
    int | None,
    int | None,
    int | None,
    str | None,
    str | None,
    float | None,
    str | None,
    float | None,
    int | None,
    str,
]

FORMATS = ("combined", "common", "nginx", "iis", "alb", "cloudflare", "json")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
_COMBINED = re.compile(
    r"(\S+) \S+ (\S+) \[([^\]]+)\] "
    + _QUOTED
    + r" (\d{3}) (\d+|-)(?: "
    + _QUOTED
    + " "
    + _QUOTED
    + r")?(?:\s.*)?$"
)
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|\S+')


class FormatError(ValueError):
    """A format name or nginx log_format string we cannot use."""


def _none(v: str | None) -> str | None:
    return None if v is None or v == "-" or v == "" else v


def _int(v: str | None) -> int | None:
    if v is None:
        return None
    try:
        return _bounded(int(v))
    except ValueError:
        return None


def _bounded(v: int) -> int | None:
    """An integer that fits the engines' BIGINT, else None (the field is treated as absent)."""
    return v if -(2**62) < v < 2**62 else None


def _small(v: int | None) -> int | None:
    return v if v is not None and -(2**31) < v < 2**31 else None


def _code(v: int | None) -> int | None:
    """A status code: three digits at most; anything else makes the line malformed."""
    return v if v is not None and 0 <= v <= 999 else None


def _float(v: str | None) -> float | None:
    if v is None or v == "-":
        return None
    try:
        return float(v)
    except ValueError:
        return None


def _unescape(v: str) -> str:
    return v.replace('\\"', '"').replace("\\\\", "\\") if "\\" in v else v


_clf_cache: dict[str, str | None] = {}


_MONTH_NUM = {m: f"{i:02d}" for m, i in _MONTHS.items()}
_days: dict[str, bool] = {}


def _good_day(day: str) -> bool:
    """``YYYY-MM-DD`` is a real date (cached: logs repeat their days)."""
    ok = _days.get(day)
    if ok is None:
        try:
            datetime.strptime(day, "%Y-%m-%d")
            ok = len(day) == 10
        except ValueError:
            ok = False
        if len(_days) > 10_000:
            _days.clear()
        _days[day] = ok
    return ok


def _good_hms(t: str) -> bool:
    return (
        len(t) == 8
        and t[2] == t[5] == ":"
        and t[:2].isdigit()
        and t[3:5].isdigit()
        and t[6:].isdigit()
        and t[:2] <= "23"
        and t[3:5] <= "59"
        and t[6:] <= "59"
    )


def clf_time(s: str) -> str | None:
    """``07/Dec/2026:06:18:47 +0100`` → ``2026-12-07 05:18:47`` (UTC), or None."""
    if s[20:] == " +0000" and s[2] == "/" and s[6] == "/" and s[11] == ":":
        month = _MONTH_NUM.get(s[3:6])  # UTC already: only reorder (the hot path)
        hms = s[12:20]
        ymd = f"{s[7:11]}-{month}-{s[0:2]}"
        if month and _good_hms(hms) and _good_day(ymd):
            return f"{ymd} {hms}"
    hit = _clf_cache.get(s)
    if hit is not None or s in _clf_cache:
        return hit
    out: str | None
    try:
        day, mon, year = int(s[0:2]), _MONTHS[s[3:6]], int(s[7:11])
        hh, mm, ss = int(s[12:14]), int(s[15:17]), int(s[18:20])
        t = datetime(year, mon, day, hh, mm, ss)
        zone = s[21:26]
        if zone:
            sign = -1 if zone[0] == "-" else 1
            t -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        out = t.strftime("%Y-%m-%d %H:%M:%S")
    except (KeyError, ValueError, IndexError):
        out = None
    if len(_clf_cache) > 100_000:
        _clf_cache.clear()
    _clf_cache[s] = out
    return out


def iso_time(s: str) -> str | None:
    """An ISO 8601 timestamp (any offset, ``Z``) → UTC ``YYYY-MM-DD HH:MM:SS[.ffffff]``."""
    if len(s) >= 20 and s[-1] == "Z" and s[10] == "T" and _good_day(s[:10]):
        hms, frac = s[11:19], s[19:-1]
        if _good_hms(hms) and (not frac or (frac[0] == "." and frac[1:].isdigit())):
            return s[:10] + " " + s[11:-1]  # UTC already (ALB): only reshape
    try:
        t = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    return t.isoformat(sep=" ")


def _epoch(v: float) -> str:
    if v > 1e17:  # nanoseconds
        v /= 1e9
    elif v > 1e14:  # microseconds
        v /= 1e6
    elif v > 1e11:  # milliseconds
        v /= 1e3
    return datetime.fromtimestamp(v, tz=UTC).replace(tzinfo=None).isoformat(sep=" ")


def any_time(v: object) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return _epoch(float(v))
    if isinstance(v, str):
        if v[:1].isdigit() and v.replace(".", "", 1).isdigit():
            return _epoch(float(v))
        return iso_time(v) or clf_time(v)
    return None


def split_request(req: str) -> tuple[str | None, str | None]:
    """``GET /a?b HTTP/1.1`` → (``GET``, ``/a``): the query string is dropped."""
    parts = req.split(" ")
    if len(parts) < 2:
        return None, _none(req)
    path = parts[1]
    if "://" in path:  # absolute form (ALB writes it): keep the path only
        rest = path.split("://", 1)[1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    q = path.find("?")
    return parts[0], path[:q] if q >= 0 else path


def _host_of(req: str) -> str | None:
    parts = req.split(" ")
    if len(parts) >= 2 and "://" in parts[1]:
        return parts[1].split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0] or None
    return None


class Parser(ABC):
    """Base: ``parse(line)`` gives a Row or None; ``feed_header`` handles directive lines."""

    name = ""

    @abstractmethod
    def parse(self, line: str) -> Row | None:
        """The line's row, or None when the line is not one of this format's."""

    def is_header(self, line: str) -> bool:
        return False

    def feed_header(self, line: str) -> bool:
        """Take a header line; False when it is not a header we know."""
        return False


class Combined(Parser):
    """nginx/Apache common and combined (extra fields after the user agent are ignored)."""

    def __init__(self, name: str = "combined") -> None:
        self.name = name

    def parse(self, line: str) -> Row | None:
        m = _COMBINED.match(line)
        if m is None:
            return None
        client, _user, when, req, status, size, ref, ua = m.groups()
        ts = clf_time(when)
        if ts is None:
            return None
        method, path = split_request(_unescape(req))
        return (
            ts,
            client,
            method,
            None,
            path,
            int(status),
            None,
            None,
            None if size == "-" else _int(size),
            None if ref is None else _none(_unescape(ref)),
            None if ua is None else _none(_unescape(ua)),
            None,
            None,
            None,
            None,
            self.name,
        )


# nginx variables we understand, and what regex their values need.
_NGINX_VARS = {
    "time_local": r"[^\]]+",
    "request": r'(?:[^"\\]|\\.)*',
}


class Nginx(Parser):
    """A user-given nginx ``log_format`` string, compiled to a regex."""

    name = "nginx"

    def __init__(self, log_format: str) -> None:
        pattern, self.fields = _compile_log_format(log_format)
        self.regex = re.compile(pattern)

    def parse(self, line: str) -> Row | None:
        m = self.regex.match(line)
        if m is None:
            return None
        g = {k: _unescape(v) for k, v in zip(self.fields, m.groups(), strict=True)}
        if "time_local" in g:
            ts = clf_time(g["time_local"])
        elif "time_iso8601" in g:
            ts = iso_time(g["time_iso8601"])
        elif "msec" in g:
            ts = any_time(g["msec"])
        else:
            ts = None
        status = _code(_int(g.get("status")))
        if status is None:
            return None
        method, path = split_request(g["request"]) if "request" in g else (None, None)
        method = g.get("request_method", method)
        path = _none(g.get("uri") or g.get("request_uri", "").split("?")[0]) or path
        size = g.get("body_bytes_sent", g.get("bytes_sent"))
        rt = _float(g.get("request_time"))
        up_status = _none(g.get("upstream_status"))
        up_ms = _sum_times(g.get("upstream_response_time"))
        return (
            ts,
            _none(g.get("remote_addr")),
            _none(method),
            _none(g.get("host") or g.get("http_host")),
            path,
            status,
            None,
            None,
            _int(size),
            _none(g.get("http_referer")),
            _none(g.get("http_user_agent")),
            None if rt is None else rt * 1000.0,
            up_status,
            up_ms,
            None,
            "nginx",
        )


def _sum_times(v: str | None) -> float | None:
    """``0.010, 0.200 : 0.030`` (several upstreams tried) → total milliseconds."""
    if v is None or v == "-":
        return None
    total, seen = 0.0, False
    for part in re.split(r"[,:]\s*|\s+", v):
        f = _float(part.strip())
        if f is not None:
            total, seen = total + f, True
    return total * 1000.0 if seen else None


def _compile_log_format(fmt: str) -> tuple[str, list[str]]:
    fields: list[str] = []
    out = []
    pos = 0
    var = re.compile(r"\$(\{(\w+)\}|(\w+))")
    for m in var.finditer(fmt):
        literal = fmt[pos : m.start()]
        out.append(re.escape(literal))
        name = m.group(2) or m.group(3)
        if name in fields:
            raise FormatError(f"log_format names ${name} twice")
        fields.append(name)
        quoted = literal.endswith('"')
        if name in _NGINX_VARS:
            out.append(f"({_NGINX_VARS[name]})")
        elif quoted:
            out.append(r'((?:[^"\\]|\\.)*)')
        elif name in ("upstream_status", "upstream_response_time", "upstream_addr"):
            out.append(r"(.+?)")  # may hold "502, 504" or "0.01 : 0.02"
        else:
            out.append(r"(\S*)")
        pos = m.end()
    out.append(re.escape(fmt[pos:]))
    if "status" not in fields:
        raise FormatError("the log_format has no $status")
    return "".join(out) + r"\s*$", fields


# IIS W3C extended: fields we read, by their W3C names.
IIS_DEFAULT_FIELDS = [
    "date",
    "time",
    "s-ip",
    "cs-method",
    "cs-uri-stem",
    "cs-uri-query",
    "s-port",
    "cs-username",
    "c-ip",
    "cs(User-Agent)",
    "cs(Referer)",
    "sc-status",
    "sc-substatus",
    "sc-win32-status",
    "time-taken",
]


class Iis(Parser):
    """IIS W3C extended logs; ``#Fields:`` may change the columns at any line."""

    name = "iis"

    def __init__(self) -> None:
        self.fields: list[str] = list(IIS_DEFAULT_FIELDS)
        self._index: dict[str, int] = {f: i for i, f in enumerate(self.fields)}

    def is_header(self, line: str) -> bool:
        return line.startswith("#")

    def feed_header(self, line: str) -> bool:
        if line.startswith("#Fields:"):
            self.fields = line[len("#Fields:") :].split()
            self._index = {f: i for i, f in enumerate(self.fields)}
            return True
        return line[1:].split(":", 1)[0] in (
            "Software",
            "Version",
            "Date",
            "Start-Date",
            "End-Date",
            "Remark",
        )

    def parse(self, line: str) -> Row | None:
        vals = line.split()
        if len(vals) != len(self.fields):
            return None
        ix = self._index

        def get(name: str) -> str | None:
            i = ix.get(name)
            return None if i is None else _none(vals[i])

        status = _code(_int(get("sc-status")))
        if status is None:
            return None
        date, time = get("date"), get("time")
        ts = iso_time(f"{date}T{time}") if date and time else None
        ua = get("cs(User-Agent)")
        ref = get("cs(Referer)")
        taken = _float(get("time-taken"))
        return (
            ts,
            get("c-ip"),
            get("cs-method"),
            get("cs-host") or get("s-computername"),
            get("cs-uri-stem"),
            status,
            _small(_int(get("sc-substatus"))),
            _int(get("sc-win32-status")),
            _int(get("sc-bytes")),
            None if ref is None else ref.replace("+", " "),
            None if ua is None else ua.replace("+", " "),
            taken,
            None,
            None,
            None,
            "iis",
        )


_ALB_START = re.compile(r"(?:http|https|h2|grpcs|ws|wss) \d{4}-\d\d-\d\dT")
_QFIELD = r'("[^"\\]*(?:\\.[^"\\]*)*")'
_ALB_HEAD = re.compile(
    r"(http|https|h2|grpcs|ws|wss) (\d{4}-\d\d-\d\dT\S*)"
    + r" (\S+)" * 10
    + " "
    + _QFIELD
    + " "
    + _QFIELD
    + r"(?:\s|$)"
)


class Alb(Parser):
    """AWS Application Load Balancer access logs."""

    name = "alb"

    def parse(self, line: str) -> Row | None:
        m = _ALB_HEAD.match(line)  # only the first 14 fields are read
        if m is None:
            return None
        t = m.groups()
        ts = iso_time(t[1])
        elb = _code(_int(t[8]))
        if elb is None or ts is None:
            return None
        target = _small(_int(t[9]))  # '-' when the target never answered
        req = t[12].strip('"')
        method, path = split_request(req)
        times = [_float(x) for x in t[5:8]]
        known = [x for x in times if x is not None and x >= 0]
        dur = sum(known) * 1000.0 if len(known) == 3 else None
        tpt = times[1]
        client = t[3].rsplit(":", 1)[0] if ":" in t[3] else _none(t[3])
        ua = _none(_unescape(t[13].strip('"')))
        return (
            ts,
            client,
            method,
            _host_of(req),
            path,
            elb,
            None,
            None,
            _int(t[11]),
            None,
            ua,
            dur,
            _none(t[9]),
            None if tpt is None or tpt < 0 else tpt * 1000.0,
            -1 if target is None else target,
            "alb",
        )


def _dig(obj: dict[str, object], key: str) -> object:
    cur: object = obj
    for part in key.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


class JsonLines(Parser):
    """JSON lines; Cloudflare Logpush field names, else the usual names, else ``fields``."""

    GUESSES: ClassVar[dict[str, tuple[str, ...]]] = {
        "ts": ("EdgeStartTimestamp", "time", "timestamp", "@timestamp", "ts", "time_local"),
        "client": ("ClientIP", "client", "client_ip", "remote_addr", "ip", "remote_ip"),
        "method": ("ClientRequestMethod", "method", "request_method", "verb"),
        "host": ("ClientRequestHost", "host", "http_host"),
        "path": ("ClientRequestURI", "path", "uri", "request_uri", "url"),
        "status": ("EdgeResponseStatus", "status", "status_code", "http_status", "code"),
        "bytes": ("EdgeResponseBytes", "bytes", "body_bytes_sent", "size"),
        "referer": ("ClientRequestReferer", "referer", "referrer", "http_referer"),
        "ua": ("ClientRequestUserAgent", "user_agent", "ua", "http_user_agent", "agent"),
        "duration_ms": ("EdgeTimeToFirstByteMs", "duration_ms", "latency_ms", "elapsed_ms"),
        "duration_s": ("request_time", "duration", "latency"),
        "upstream_status": ("upstream_status",),
        "upstream_ms": ("OriginResponseDurationMs",),
        "upstream_s": ("upstream_response_time",),
        "origin_status": ("OriginResponseStatus",),
    }

    def __init__(self, name: str = "json", fields: dict[str, str] | None = None) -> None:
        self.name = name
        self.fields = fields or {}

    def _get(self, obj: dict[str, object], col: str) -> object:
        if col in self.fields:
            return _dig(obj, self.fields[col])
        for k in self.GUESSES.get(col, ()):
            if k in obj:
                return obj[k]
        return None

    def parse(self, line: str) -> Row | None:
        try:
            obj = json.loads(line)
        except ValueError:
            return None
        if not isinstance(obj, dict):
            return None
        status = _code(_as_int(self._get(obj, "status")))
        if status is None:
            return None
        path = _as_str(self._get(obj, "path"))
        if path and "?" in path:
            path = path.split("?", 1)[0]
        dur = _as_float(self._get(obj, "duration_ms"))
        if dur is None:
            s = _as_float(self._get(obj, "duration_s"))
            dur = None if s is None else s * 1000.0
        up_ms = _as_float(self._get(obj, "upstream_ms"))
        if up_ms is None:
            s = _as_float(self._get(obj, "upstream_s"))
            up_ms = None if s is None else s * 1000.0
        up = self._get(obj, "upstream_status")
        return (
            any_time(self._get(obj, "ts")),
            _as_str(self._get(obj, "client")),
            _as_str(self._get(obj, "method")),
            _as_str(self._get(obj, "host")),
            path,
            status,
            None,
            None,
            _as_int(self._get(obj, "bytes")),
            _as_str(self._get(obj, "referer")),
            _as_str(self._get(obj, "ua")),
            dur,
            None if up is None else str(up),
            up_ms,
            _small(_as_int(self._get(obj, "origin_status"))),
            self.name,
        )


def _as_str(v: object) -> str | None:
    if v is None or v == "" or v == "-":
        return None
    return str(v)


def _as_int(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return _bounded(v)
    if isinstance(v, str | float):
        try:
            return _bounded(int(v))
        except (ValueError, OverflowError):
            return None
    return None


def _as_float(v: object) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        return _float(v)
    return None


def make_parser(
    name: str, *, log_format: str | None = None, fields: dict[str, str] | None = None
) -> Parser:
    """The parser for a format name; ``FormatError`` lists the names we read."""
    makers: dict[str, Callable[[], Parser]] = {
        "combined": lambda: Combined("combined"),
        "common": lambda: Combined("common"),
        "iis": Iis,
        "alb": Alb,
        "cloudflare": lambda: JsonLines("cloudflare", fields),
        "json": lambda: JsonLines("json", fields),
    }
    if name == "nginx":
        if not log_format:
            raise FormatError("--format nginx needs --log-format '<the log_format string>'")
        return Nginx(log_format)
    if name not in makers:
        raise FormatError(f"unknown format {name!r}; formats we read: {', '.join(FORMATS)}")
    return makers[name]()


def detect(lines: list[str]) -> str | None:
    """The format of a file from its first lines, or None when nothing fits."""
    sample = [ln for ln in lines if ln.strip()][:50]
    if not sample:
        return None
    if any(ln.startswith(("#Software:", "#Fields:", "#Version:")) for ln in sample):
        return "iis"
    body = [ln for ln in sample if not ln.startswith("#")]
    votes: dict[str, int] = {}
    for ln in body:
        fmt: str | None = None
        if ln.lstrip().startswith("{"):
            try:
                obj = json.loads(ln)
            except ValueError:
                obj = None
            if isinstance(obj, dict):
                fmt = "cloudflare" if "EdgeResponseStatus" in obj else "json"
        elif _ALB_START.match(ln):
            fmt = "alb"
        else:
            m = _COMBINED.match(ln)
            if m is not None:
                fmt = "combined" if m.group(8) is not None else "common"
        if fmt:
            votes[fmt] = votes.get(fmt, 0) + 1
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: kv[1])[0]
