"""Authentication challenges: ``/basic-auth/{user}/{pass}``, ``/hidden-basic-auth/{user}/{pass}``,
``/bearer`` and ``/digest-auth/{qop}/{user}/{pass}[/{algorithm}]``.

Success is ``{"authenticated": true, "user": …}`` (``"token"`` for bearer), as in httpbin.
Digest (RFC 7616) supports ``qop=auth`` and ``auth-int`` with MD5, SHA-256 and SHA-512; the
nonce is not remembered by the server, so any nonce the client echoes is checked only through
the response hash it signs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from statusdex.mock.httpbin.common import Call, NotFoundError, json_reply
from statusdex.mock.params import MockInputError
from statusdex.mock.responses import Reply

REALM = "statusdex mock"
_ALGORITHMS = {"MD5": "md5", "SHA-256": "sha256", "SHA-512": "sha512"}


def _basic_user(call: Call) -> tuple[str, str] | None:
    raw = call.header(b"authorization")
    if raw is None:
        return None
    scheme, _, token = raw.decode("latin-1").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def _user_and_password(call: Call) -> tuple[str, str]:
    if len(call.parts) != 2:
        raise NotFoundError("use /basic-auth/{user}/{password}")
    return call.parts[0], call.parts[1]


def _same(given: tuple[str, str] | None, wanted: tuple[str, str]) -> bool:
    if given is None:
        return False
    a = f"{given[0]}\0{given[1]}".encode()
    b = f"{wanted[0]}\0{wanted[1]}".encode()
    return hmac.compare_digest(a, b)


def _unauthorized(challenge: str) -> Reply:
    return json_reply(
        {"authenticated": False}, 401, [(b"www-authenticate", challenge.encode("latin-1"))]
    )


async def basic_auth(call: Call) -> Reply:
    wanted = _user_and_password(call)
    if _same(_basic_user(call), wanted):
        return json_reply({"authenticated": True, "user": wanted[0]})
    return _unauthorized(f'Basic realm="{REALM}"')


async def hidden_basic_auth(call: Call) -> Reply:
    """Like ``/basic-auth`` but a failure is a plain 404 with no challenge."""
    wanted = _user_and_password(call)
    if _same(_basic_user(call), wanted):
        return json_reply({"authenticated": True, "user": wanted[0]})
    raise NotFoundError("nothing here (hidden-basic-auth answers 404 until the credentials match)")


async def bearer(call: Call) -> Reply:
    raw = (call.header(b"authorization") or b"").decode("latin-1").split()
    if len(raw) != 2 or raw[0] != "Bearer":
        return _unauthorized("Bearer")
    return json_reply({"authenticated": True, "token": raw[1]})


def _digest_fields(value: str) -> dict[str, str]:
    """``k=v, k="v"`` pairs of a Digest Authorization header (quoted values may hold commas)."""
    out: dict[str, str] = {}
    i, n = 0, len(value)
    while i < n:
        while i < n and value[i] in " ,\t":
            i += 1
        eq = value.find("=", i)
        if eq < 0:
            break
        key = value[i:eq].strip().lower()
        i = eq + 1
        if i < n and value[i] == '"':
            j = i + 1
            chars: list[str] = []
            while j < n and value[j] != '"':
                if value[j] == "\\" and j + 1 < n:
                    j += 1
                chars.append(value[j])
                j += 1
            out[key] = "".join(chars)
            i = j + 1
        else:
            j = value.find(",", i)
            j = n if j < 0 else j
            out[key] = value[i:j].strip()
            i = j
    return out


def _hash(algorithm: str, text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.new(_ALGORITHMS[algorithm], data).hexdigest()


async def digest_auth(call: Call) -> Reply:
    if len(call.parts) not in (3, 4):
        raise NotFoundError("use /digest-auth/{qop}/{user}/{password}[/{algorithm}]")
    qop, user, password = call.parts[0].lower(), call.parts[1], call.parts[2]
    algorithm = call.parts[3].upper() if len(call.parts) == 4 else "MD5"
    if qop not in ("auth", "auth-int"):
        raise MockInputError(f"qop must be auth or auth-int, got {call.parts[0]!r}", "qop")
    if algorithm not in _ALGORITHMS:
        raise MockInputError(
            f"algorithm must be MD5, SHA-256 or SHA-512, got {call.parts[3]!r}", "algorithm"
        )
    body = await call.body()
    raw = (call.header(b"authorization") or b"").decode("latin-1")
    scheme, _, rest = raw.partition(" ")
    if scheme.lower() == "digest" and _digest_ok(
        call, _digest_fields(rest), qop, user, password, algorithm, body
    ):
        return json_reply({"authenticated": True, "user": user})
    challenge = (
        f'Digest realm="{REALM}", qop="{qop}", nonce="{secrets.token_hex(16)}", '
        f'opaque="{secrets.token_hex(16)}", algorithm={algorithm}, stale=FALSE'
    )
    return _unauthorized(challenge)


def _digest_ok(
    call: Call,
    f: dict[str, str],
    qop: str,
    user: str,
    password: str,
    algorithm: str,
    body: bytes,
) -> bool:
    needed = ("username", "nonce", "uri", "response", "nc", "cnonce", "qop")
    if any(k not in f for k in needed):
        return False
    if f["username"] != user or f["qop"] != qop or f.get("realm", REALM) != REALM:
        return False
    if f.get("algorithm", "MD5").upper() != algorithm:
        return False
    target = call.root_path + call.path + (f"?{call.raw_query}" if call.raw_query else "")
    if f["uri"] != target:
        return False
    ha1 = _hash(algorithm, f"{user}:{REALM}:{password}")
    a2 = f"{call.method}:{f['uri']}"
    if qop == "auth-int":
        a2 += ":" + _hash(algorithm, body)
    ha2 = _hash(algorithm, a2)
    expected = _hash(algorithm, f"{ha1}:{f['nonce']}:{f['nc']}:{f['cnonce']}:{qop}:{ha2}")
    return hmac.compare_digest(expected.encode(), f["response"].lower().encode("latin-1"))
