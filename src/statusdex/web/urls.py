"""Where each registry thing lives on the site (language-neutral paths; add the language and
root path with ``i18n.url_for_lang``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statusdex.core.records import Family, Status, Vendor


def entry_path(status: Status) -> str:
    """``/codes/404``, ``/codes/403.14`` (IIS), ``/vendors/nginx/499`` (a vendor's code)."""
    if status.vendor is not None and status.kind == "vendor":
        return f"/vendors/{status.vendor.id}/{int(status)}"
    return f"/codes/{status.code}"


def family_path(family: Family) -> str:
    return f"/families/{family.id}"


def vendor_path(vendor: Vendor) -> str:
    return f"/vendors/{vendor.id}"


def route_path(scope: Mapping[str, Any]) -> str:
    """The request's path below its root path (``scope["root_path"]``): what routes match.

    >>> route_path({"path": "/ref/codes/404", "root_path": "/ref"})
    '/codes/404'
    >>> route_path({"path": "/ref", "root_path": "/ref"})
    ''
    """
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if path == root:
        return ""
    return path[len(root) :] if path[len(root)] == "/" else path
