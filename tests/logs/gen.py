"""Fixture generators for every log format, with the quirks real logs have.

Each generator returns the text and a ``Truth``: what a correct reader must count. The tests
compare the reader's and the report's numbers with it, exactly.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

START = datetime(2026, 12, 7, 6, 0, 0)
CLIENTS = ["203.0.113.7", "2001:db8::1", "198.51.100.23", "2001:db8:85a3::8a2e:370:7334"]
PATHS = ["/", "/api/orders", "/login", "/static/app.js", "/search"]
AGENTS = ["curl/8.5.0", 'Mozilla/5.0 (X11; Linux) "quoted" agent', "Go-http-client/1.1"]
STATUSES = [200, 200, 200, 304, 404, 499, 502, 504, 403, 500]


@dataclass
class Truth:
    lines: int = 0
    rows: int = 0
    malformed: list[int] = field(default_factory=list)  # 1-based line numbers
    status: Counter[int] = field(default_factory=Counter)
    path_status: Counter[tuple[str, int]] = field(default_factory=Counter)
    bytes_none: int = 0
    substatus: Counter[tuple[int, int, int]] = field(default_factory=Counter)
    disagree: Counter[tuple[int, int]] = field(default_factory=Counter)
    slowest: dict[int, float] = field(default_factory=dict)


def _clf(t: datetime) -> str:
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def combined(
    n: int, seed: int = 1, *, common: bool = False, bad_every: int = 0
) -> tuple[str, Truth]:
    rnd = random.Random(seed)
    truth = Truth()
    out = []
    for i in range(n):
        t = START + timedelta(seconds=i)
        if bad_every and i % bad_every == bad_every - 1:
            out.append("this is not a log line " + str(i))
            truth.malformed.append(len(out))
            continue
        st = rnd.choice(STATUSES)
        path = rnd.choice(PATHS)
        size = "-" if st in (304, 499) else str(rnd.randint(0, 5000))
        client = rnd.choice(CLIENTS)
        line = f'{client} - - [{_clf(t)}] "GET {path}?q={i} HTTP/1.1" {st} {size}'
        if not common:
            ua = rnd.choice(AGENTS)
            line += f' "-" "{_esc(ua)}"'
        out.append(line)
        truth.rows += 1
        truth.status[st] += 1
        truth.path_status[(path, st)] += 1
        truth.bytes_none += size == "-"
    truth.lines = len(out)
    return "\n".join(out) + "\n", truth


NGINX_FORMAT = (
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent" rt=$request_time us="$upstream_status" '
    'urt="$upstream_response_time"'
)


def nginx(n: int, seed: int = 2) -> tuple[str, Truth]:
    rnd = random.Random(seed)
    truth = Truth()
    out = []
    for i in range(n):
        t = START + timedelta(seconds=i)
        st = rnd.choice(STATUSES)
        if st == 502:
            us, urt = "502, 504", "0.500, 1.500"
            rt = 2.1
        elif st == 499:
            us, urt, rt = "-", "-", 30.0 + i % 7
        else:
            us, urt = str(st), "0.010"
            rt = 0.012
        path = rnd.choice(PATHS)
        out.append(
            f'{rnd.choice(CLIENTS)} - - [{_clf(t)}] "POST {path} HTTP/2.0" {st} 12 "-" '
            f'"{_esc(rnd.choice(AGENTS))}" rt={rt:.3f} us="{us}" urt="{urt}"'
        )
        truth.rows += 1
        truth.status[st] += 1
        truth.path_status[(path, st)] += 1
        truth.slowest[st] = max(truth.slowest.get(st, 0.0), rt * 1000)
    truth.lines = len(out)
    return "\n".join(out) + "\n", truth


def iis(n: int, seed: int = 3) -> tuple[str, Truth]:
    """Two field layouts: the default, then (after a restart) one with sc-bytes and cs-host."""
    rnd = random.Random(seed)
    truth = Truth()
    out = [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2026-12-07 06:00:00",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
    ]
    cases = [(200, 0, 0), (404, 0, 2), (401, 2, 5), (403, 14, 0), (500, 19, 5), (200, 0, 64)]
    half = n // 2
    for i in range(n):
        t = START + timedelta(seconds=i)
        st, sub, w32 = rnd.choice(cases)
        path = rnd.choice(PATHS)
        ua = "Mozilla/5.0+(Windows+NT+10.0)"
        if i == half:
            out.append("#Software: Microsoft Internet Information Services 10.0")
            out.append(
                "#Fields: date time cs-method cs-uri-stem c-ip cs-host cs(User-Agent) sc-status "
                "sc-substatus sc-win32-status sc-bytes time-taken"
            )
        d, tm = t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S")
        if i < half:
            out.append(
                f"{d} {tm} 10.0.0.5 GET {path} - 443 - {rnd.choice(CLIENTS)} {ua} - "
                f"{st} {sub} {w32} {rnd.randint(1, 900)}"
            )
        else:
            out.append(
                f"{d} {tm} GET {path} {rnd.choice(CLIENTS)} www.example.com {ua} "
                f"{st} {sub} {w32} {rnd.randint(100, 9000)} {rnd.randint(1, 900)}"
            )
        truth.rows += 1
        truth.status[st] += 1
        truth.path_status[(path, st)] += 1
        truth.substatus[(st, sub, w32)] += 1
    out.append("2026-12-07 07:00:00 GET /short-line")  # fewer fields than #Fields says
    truth.malformed.append(len(out))
    truth.lines = len(out)
    return "\r\n".join(out) + "\r\n", truth


def alb(n: int, seed: int = 4) -> tuple[str, Truth]:
    rnd = random.Random(seed)
    truth = Truth()
    out = []
    cases = [
        (200, "200"),
        (460, "-"),
        (502, "-"),
        (504, "-"),
        (503, "503"),
        (404, "404"),
        (502, "502"),
    ]
    for i in range(n):
        t = START + timedelta(seconds=i)
        elb, target = rnd.choice(cases)
        never = target == "-"
        tpt = "-1" if never else "0.042"
        client = rnd.choice(["203.0.113.7:51000", "[2001:db8::1]:443"])
        path = rnd.choice(PATHS)
        tgt = "-" if elb == 460 else "10.0.1.15:8080"
        out.append(
            f"https {t.isoformat()}.123456Z app/my-alb/50dc6c495c0c9188 {client} {tgt} "
            f"0.000 {tpt} 0.000 {elb} {target} 34 366 "
            f'"GET https://www.example.com:443{path}?x=1 HTTP/1.1" "{_esc(rnd.choice(AGENTS))}" '
            f"ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:1:tg "
            f'"Root=1-58337262-36d228ad5d99923122bbe354" "www.example.com" "-" 0 '
            f'{t.isoformat()}.000000Z "forward" "-" "-" "10.0.1.15:8080" "{target}" "-" "-"'
        )
        truth.rows += 1
        truth.status[elb] += 1
        truth.path_status[(path, elb)] += 1
        origin = -1 if never else int(target)
        if origin != elb:
            truth.disagree[(elb, origin)] += 1
    truth.lines = len(out)
    return "\n".join(out) + "\n", truth


def cloudflare(n: int, seed: int = 5) -> tuple[str, Truth]:
    rnd = random.Random(seed)
    truth = Truth()
    out = []
    cases = [(200, 200), (200, 0), (522, 0), (502, 502), (520, 0), (404, 404), (403, 0)]
    epoch = int(START.timestamp())
    for i in range(n):
        edge, origin = rnd.choice(cases)
        path = rnd.choice(PATHS)
        rec: dict[str, object] = {
            "ClientIP": rnd.choice(CLIENTS),
            "ClientRequestHost": "www.example.com",
            "ClientRequestMethod": "GET",
            "ClientRequestURI": path + "?utm=1",
            "EdgeStartTimestamp": (epoch + i) * 1_000_000_000,
            "EdgeResponseStatus": edge,
            "OriginResponseStatus": origin,
            "ClientRequestUserAgent": rnd.choice(AGENTS),
        }
        if i % 5 == 0:
            del rec["ClientRequestUserAgent"]  # a missing field
        out.append(json.dumps(rec, ensure_ascii=False))
        truth.rows += 1
        truth.status[edge] += 1
        truth.path_status[(path, edge)] += 1
        if origin != edge and not (origin == 0 and edge < 400):
            truth.disagree[(edge, origin)] += 1
    out.append('{"EdgeResponseStatus": 200, "ClientRequestURI": "/cut')  # a line cut short
    truth.malformed.append(len(out))
    truth.lines = len(out)
    return "\n".join(out) + "\n", truth


def jsonl(n: int, seed: int = 6) -> tuple[str, Truth]:
    rnd = random.Random(seed)
    truth = Truth()
    out = []
    for i in range(n):
        st = rnd.choice(STATUSES)
        path = rnd.choice(PATHS)
        out.append(
            json.dumps(
                {
                    "time": (START + timedelta(seconds=i)).isoformat() + "+07:00",
                    "remote_addr": rnd.choice(CLIENTS),
                    "method": "GET",
                    "path": path,
                    "status": st,
                    "duration_ms": 5 + i % 50,
                }
            )
        )
        truth.rows += 1
        truth.status[st] += 1
        truth.path_status[(path, st)] += 1
    truth.lines = len(out)
    return "\n".join(out) + "\n", truth
