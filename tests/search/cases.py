"""The examples of issue 12, as data shared by the tests of every face.

Each row: the query, the language asked for (None: from the environment and the query), and
what the answer must look like. Keys are entry ids; a row of IIS sub-statuses collapsed under
one parent is written with its members."""

from __future__ import annotations

# query, lang, the first rows in order (a prefix of the answer), the family named
STRUCTURE: list[tuple[str, str | None, list[str], str | None]] = [
    ("404", None, ["404"], None),
    ("4", None, ["400", "401", "402", "403", "404"], "4xx"),
    ("40", None, ["400", "401", "402", "403", "404", "405", "406", "407", "408", "409"], "4xx"),
    ("50", None, ["500", "501", "502", "503", "504", "505", "506", "507", "508"], "5xx"),
    ("5xx", None, ["500", "501", "502", "503"], "5xx"),
    ("403.1", None, ["403.1", "403.10", "403.11"], None),
    ("nginx 499", None, ["nginx/499"], None),
    ("cloudflare 522", None, ["cloudflare/522"], None),
    ("cf 522", None, ["cloudflare/522"], None),
    ("iis 403.14", None, ["403.14"], None),
    ("aws 460", None, ["aws/460"], None),
    ("999", None, ["linkedin/999"], None),
    ("linkedin 999", None, ["linkedin/999"], None),
    ("4O4", None, ["404"], None),
    ("HTTPStatus.NOT_FOUND", None, ["404"], None),
    ("http.HTTPStatus.TOO_MANY_REQUESTS", None, ["429"], None),
    ("๔๐๔", None, ["404"], None),
]

# inputs that are near codes but are not: no rows, and a note that says so
NOT_CODES: list[tuple[str, str]] = [
    ("6xx", "not a family"),
    ("0", "no response arrived"),
    ("998", "not an HTTP status code"),
    ("1000", "not an HTTP status code"),
]

# words: query, lang, acceptable first answers, answers that must be in the top three
WORDS: list[tuple[str, str | None, set[str], set[str]]] = [
    ("too many requests", None, {"429"}, set()),
    ("rate limit", None, {"429"}, set()),
    ("site under maintenance", None, {"503"}, set()),
    ("backend crashed", None, {"502"}, set()),
    ("login required", None, {"401"}, set()),
    ("unauthorized vs forbidden", None, {"401", "403"}, {"401", "403"}),
    ("accès refusé", "fr", {"403"}, set()),
    ("service indisponible", "fr", {"503"}, set()),
    ("serveur indisponible", "fr", {"503"}, set()),
    ("service indisponible", None, {"503"}, set()),
    ("fichier trop volumineux", "fr", {"413"}, set()),
    ("ข้อผิดพลาดภายในเซิร์ฟเวอร์", "th", {"500"}, set()),
    ("ไม่พบหน้า", "th", {"404"}, set()),
    ("คำขอมากเกินไป", "th", {"429"}, set()),
    ("เซิร์ฟเวอร์ไม่พร้อมให้บริการ", "th", {"503"}, set()),
    ("เซิร์ฟเวอร์ล่ม", "th", {"503", "cloudflare/521"}, set()),
    ("ไฟล์ใหญ่เกินไป", "th", {"413"}, set()),
    ("ต้องเข้าสู่ระบบ", "th", {"401"}, set()),
    ("ย้ายชั่วคราว", "th", {"302", "307"}, {"302"}),
    ("เกตเวย์", "th", {"502", "504"}, {"502", "504"}),
    ("หมดเวลา", "th", {"504", "408"}, {"408", "504"}),
    ("ไม่พบหน้า", None, {"404"}, set()),
    ("unauthorised", None, {"401"}, set()),
    ("bad gatway", None, {"502"}, set()),
]
