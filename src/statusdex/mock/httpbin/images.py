"""Images: ``/image`` picks a format from ``Accept``; ``/image/png``, ``/image/jpeg``,
``/image/webp`` and ``/image/svg`` name one. The pictures are statusdex's own
(``scripts/make_mock_images.py``)."""

from __future__ import annotations

from statusdex.mock.httpbin.common import Call, NotFoundError, asset, json_reply, reply
from statusdex.mock.responses import Reply

KINDS = {
    "png": ("image.png", b"image/png"),
    "jpeg": ("image.jpeg", b"image/jpeg"),
    "webp": ("image.webp", b"image/webp"),
    "svg": ("image.svg", b"image/svg+xml"),
}
# What /image looks for in Accept, first match wins (httpbin's order).
_PREFERENCE = (
    ("image/webp", "webp"),
    ("image/svg+xml", "svg"),
    ("image/jpeg", "jpeg"),
    ("image/png", "png"),
    ("image/*", "png"),
    ("*/*", "png"),
)


async def image(call: Call) -> Reply:
    if len(call.parts) > 1:
        raise NotFoundError("use /image or /image/{png,jpeg,webp,svg}")
    if call.parts:
        kind = call.parts[0]
        if kind not in KINDS:
            raise NotFoundError(f"no {kind!r} image: try png, jpeg, webp or svg")
    else:
        accept = (call.header(b"accept") or b"*/*").decode("latin-1").lower()
        found = next((k for media, k in _PREFERENCE if media in accept), None)
        if found is None:
            offered = [media for media, _ in _PREFERENCE]
            return json_reply(
                {
                    "message": "none of the image types this endpoint has is acceptable",
                    "accept": offered,
                },
                406,
            )
        kind = found
    name, media = KINDS[kind]
    return reply(200, asset(name), media)
