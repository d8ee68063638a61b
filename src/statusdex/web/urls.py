"""Where each registry thing lives on the site (language-neutral paths; add the language and
root path with ``i18n.url_for_lang``)."""

from __future__ import annotations

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
