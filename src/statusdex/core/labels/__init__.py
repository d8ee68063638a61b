"""Interface words of every face (headings, buttons, value names) in every language: one
store, one format, one loader.

The words are Python literals, one module per part, each ``LABELS = {lang: {key: text}}``:

- ``shared``: what every face shows (a code's card in the terminal and on the web): at the end
  of this module, since the terminal reads it at every start and one file loads faster than two;
- ``learn``: learning mode, in the terminal and in the browser;
- ``web``: the reference site's pages only;
- ``web_learn``: the learning pages in the browser only;
- ``logs``: the logs report (``statusdex logs``), every key starting with ``logs.``.

A key means one thing across all parts (no key is in two), and every key has every language
(tests/test_labels_store.py). Literals, not TOML: the terminal reads ``shared`` when it starts,
and a ``.pyc`` load costs less than parsing. Codes, phrases and descriptions are not labels:
they come only from the registry.

``label(lang, name)`` is the terminal's word and ``table(part)`` one part as stored (the one
loader); ``pages.words(lang, *parts)`` merges parts for a page (English where ``lang`` lacks
a word), outside this module so that the terminal's start-up does not build its class.
"""

from __future__ import annotations

PARTS = ("shared", "learn", "web", "web_learn", "logs")


def label(lang: str, name: str, **values: object) -> str:
    text = LABELS.get(lang, LABELS["en"]).get(name) or LABELS["en"][name]
    return text.format(**values) if values else text


def table(part: str) -> dict[str, dict[str, str]]:
    """The words of one part (``"learn"``…) by language, as stored."""
    if part not in PARTS:
        raise ValueError(f"no label part {part!r}; the parts are {', '.join(PARTS)}")
    if part == "shared":
        return LABELS
    from importlib import import_module

    words: dict[str, dict[str, str]] = import_module(f"statusdex.core.labels.{part}").LABELS
    return words


# The part "shared" ---------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "check_first": "Check first",
        "required_headers": "Required headers",
        "more": "Examples, causes, rules and sources: {command}",
        "meaning": "What it means",
        "example": "Example",
        "fault": "Who is at fault",
        "check": "What to check",
        "causes": "Common causes",
        "headers": "Headers",
        "no_headers": "none required",
        "cacheable": "Cacheable by default",
        "content": "Content",
        "retry": "Retry",
        "older_names": "Earlier names",
        "also_used": "Also used elsewhere",
        "colon": ": ",
        "related": "Related codes",
        "meanings": "Other meanings of this number",
        "substatuses": "IIS sub-statuses",
        "sources": "Sources",
        "wire": "On the wire",
        "look_first": "Where to look first",
        "caution": "Careful",
        "codes": "Codes",
        "yes": "yes",
        "no": "no",
        "fallback": "(English: no translation yet)",
        "not_official": "never in an RFC",
        "expires": "expires",
        "vendor": "Vendor",
        "choose": "How to choose",
        "client": "client",
        "server": "server",
        "upstream": "proxy, gateway or upstream",
        "network": "network",
        "nobody": "nobody",
        "wire.sent": "sent as is",
        "wire.replaced": "sent as {code}",
        "wire.never": "never sent: logged only, or the connection is closed",
        "content.allowed": "allowed",
        "content.forbidden": "none (forbidden)",
        "content.not-generated": "none (server must not generate it)",
        "retry.not-applicable": "not a failure",
        "retry.no": "no: the same request fails again",
        "retry.after-change": "after changing the request",
        "retry.after-wait": "after waiting (honour Retry-After)",
        "retry.idempotent": "with backoff, for idempotent requests",
        "state.registered": "registered with IANA",
        "state.temporary": "temporary IANA registration",
        "state.reserved": "reserved by IANA",
        "state.deprecated": "deprecated",
        "state.obsoleted": "obsoleted (IANA)",
        "kind.iis": "IIS sub-status",
        "kind.vendor": "unofficial",
        "range.outside": "non-standard, outside HTTP's 100–599 range",
        "iis_wire": "Sent as {code}; the sub-status appears only in IIS logs (sc-substatus) and error pages.",
    },
    "th": {
        "check_first": "ตรวจสอบก่อน",
        "required_headers": "Header ที่ต้องมี",
        "more": "ตัวอย่าง สาเหตุ กฎ และแหล่งอ้างอิง: {command}",
        "meaning": "ความหมาย",
        "example": "ตัวอย่าง",
        "fault": "ใครเป็นต้นเหตุ",
        "check": "สิ่งที่ควรตรวจสอบ",
        "causes": "สาเหตุที่พบบ่อย",
        "headers": "Header",
        "no_headers": "ไม่มี header ที่ต้องส่ง",
        "cacheable": "cache ได้โดยปริยาย",
        "content": "เนื้อหา",
        "retry": "ลองใหม่",
        "older_names": "ชื่อเดิม",
        "also_used": "ชื่อที่ใช้ที่อื่นในปัจจุบัน",
        "colon": ": ",
        "related": "รหัสที่เกี่ยวข้อง",
        "meanings": "ความหมายอื่นของเลขนี้",
        "substatuses": "sub-status ของ IIS",
        "sources": "แหล่งอ้างอิง",
        "wire": "สิ่งที่ส่งจริง",
        "look_first": "ควรดูที่ไหนก่อน",
        "caution": "ข้อควรระวัง",
        "codes": "รหัส",
        "yes": "ได้",
        "no": "ไม่ได้",
        "fallback": "(ภาษาอังกฤษ: ยังไม่มีคำแปล)",
        "not_official": "ไม่เคยอยู่ใน RFC",
        "expires": "หมดอายุ",
        "vendor": "ผลิตภัณฑ์",
        "choose": "เลือกใช้อย่างไร",
        "client": "ฝั่ง client",
        "server": "ฝั่ง server",
        "upstream": "proxy, gateway หรือ upstream",
        "network": "เครือข่าย",
        "nobody": "ไม่มีใครผิด",
        "wire.sent": "ส่งตามนี้",
        "wire.replaced": "ส่งออกเป็น {code}",
        "wire.never": "ไม่ถูกส่งเลย: บันทึกใน log เท่านั้น หรือปิดการเชื่อมต่อ",
        "content.allowed": "มีได้",
        "content.forbidden": "ห้ามมี",
        "content.not-generated": "server ต้องไม่สร้างเนื้อหา",
        "retry.not-applicable": "ไม่ใช่ข้อผิดพลาด",
        "retry.no": "ไม่: ส่งซ้ำก็ล้มเหลวเหมือนเดิม",
        "retry.after-change": "หลังแก้ไข request",
        "retry.after-wait": "หลังรอ (ทำตาม Retry-After)",
        "retry.idempotent": "ด้วย backoff สำหรับ request แบบ idempotent",
        "state.registered": "ลงทะเบียนกับ IANA",
        "state.temporary": "ลงทะเบียนชั่วคราวกับ IANA",
        "state.reserved": "IANA สงวนไว้",
        "state.deprecated": "เลิกแนะนำให้ใช้แล้ว",
        "state.obsoleted": "IANA ระบุว่ายกเลิกแล้ว",
        "kind.iis": "sub-status ของ IIS",
        "kind.vendor": "ไม่เป็นทางการ",
        "range.outside": "ไม่เป็นมาตรฐาน อยู่นอกช่วง 100–599 ของ HTTP",
        "iis_wire": "ส่งออกเป็น {code}; sub-status ปรากฏเฉพาะใน log ของ IIS (sc-substatus) และหน้า error",
    },
    "fr": {
        "check_first": "À vérifier d'abord",
        "required_headers": "En-têtes obligatoires",
        "more": "Exemples, causes, règles et sources\u00a0: {command}",
        "meaning": "Ce que cela signifie",
        "example": "Exemple",
        "fault": "Qui est en cause",
        "check": "Que vérifier",
        "causes": "Causes fréquentes",
        "headers": "En-têtes",
        "no_headers": "aucun obligatoire",
        "cacheable": "Mise en cache par défaut",
        "content": "Contenu",
        "retry": "Réessayer",
        "older_names": "Anciens noms",
        "also_used": "Autres usages du numéro",
        "colon": "\u00a0: ",
        "related": "Codes proches",
        "meanings": "Autres sens de ce numéro",
        "substatuses": "Sous-statuts IIS",
        "sources": "Sources",
        "wire": "Sur le réseau",
        "look_first": "Où regarder d'abord",
        "caution": "Attention",
        "codes": "Codes",
        "yes": "oui",
        "no": "non",
        "fallback": "(anglais\u00a0: pas encore traduit)",
        "not_official": "jamais dans une RFC",
        "expires": "expire le",
        "vendor": "Éditeur",
        "choose": "Comment choisir",
        "client": "le client",
        "server": "le serveur",
        "upstream": "le mandataire, la passerelle ou l'amont",
        "network": "le réseau",
        "nobody": "personne",
        "wire.sent": "envoyé tel quel",
        "wire.replaced": "envoyé comme {code}",
        "wire.never": "jamais envoyé\u00a0: seulement journalisé, ou connexion fermée",
        "content.allowed": "autorisé",
        "content.forbidden": "aucun (interdit)",
        "content.not-generated": "aucun (le serveur ne doit pas en produire)",
        "retry.not-applicable": "pas un échec",
        "retry.no": "non\u00a0: la même requête échouera encore",
        "retry.after-change": "après avoir corrigé la requête",
        "retry.after-wait": "après une attente (respecter Retry-After)",
        "retry.idempotent": "avec backoff, pour les requêtes idempotentes",
        "state.registered": "enregistré à l'IANA",
        "state.temporary": "enregistrement temporaire à l'IANA",
        "state.reserved": "réservé par l'IANA",
        "state.deprecated": "déconseillé",
        "state.obsoleted": "déclaré obsolète par l'IANA",
        "kind.iis": "sous-statut IIS",
        "kind.vendor": "non officiel",
        "range.outside": "non standard, hors de la plage 100–599 de HTTP",
        "iis_wire": "Envoyé comme {code}\u00a0; le sous-statut n'apparaît que dans les journaux IIS (sc-substatus) et les pages d'erreur.",
    },
}
