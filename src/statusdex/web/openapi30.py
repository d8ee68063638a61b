"""An OpenAPI 3.0 view of the API document, for the bundled Swagger UI (4.x), which cannot
read the 3.1 document FastAPI writes. ``/openapi.json`` stays the reference (3.1); this
rewrites only what 3.0 spells differently: nullable types, schema examples, ``const``."""

from __future__ import annotations

from typing import Any

NULL = {"type": "null"}


def downgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A 3.0.3 copy of a 3.1 ``document`` (the input is not changed)."""
    out = _convert(document)
    out["openapi"] = "3.0.3"
    return out  # type: ignore[no-any-return]


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(x) for x in node]
    if not isinstance(node, dict):
        return node
    node = {k: _convert(v) for k, v in node.items()}
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and NULL in options:
            rest = [o for o in options if o != NULL]
            del node[key]
            if len(rest) == 1 and "$ref" not in rest[0]:
                node.update(rest[0])
            elif len(rest) == 1:
                node["allOf"] = rest
            else:
                node[key] = rest
            node["nullable"] = True
    kind = node.get("type")
    if isinstance(kind, list):
        types = [t for t in kind if t != "null"]
        node["type"] = types[0] if len(types) == 1 else types
        if "null" in kind:
            node["nullable"] = True
    examples = node.get("examples")
    if isinstance(examples, list) and ("type" in node or "allOf" in node):
        del node["examples"]  # a list of schema examples in 3.1; one example in 3.0
        if examples:
            node["example"] = examples[0]
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return node
