"""The API's pydantic models describe exactly what the library exports."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import statusdex
from statusdex.web import models


def _export() -> dict[str, Any]:
    return statusdex.export()


@pytest.mark.parametrize(
    ("section", "model"),
    [("entries", models.Entry), ("families", models.Family), ("vendors", models.Vendor)],
)
def test_every_exported_item_fits_its_model(section: str, model: type[BaseModel]) -> None:
    items = _export()[section]
    assert items
    for item in items:
        parsed = model.model_validate(item)
        assert parsed.model_dump(by_alias=True, exclude_unset=True) == item


@pytest.mark.parametrize("lang", [None, *statusdex.LANGUAGES])
def test_the_whole_export_fits(lang: str | None) -> None:
    data = statusdex.export(lang=lang)
    assert models.Export.model_validate(data).entries


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (models.Source, {"label": "x", "url": "y", "extra": 1}),
        (models.Wire, {"behaviour": "sent"}),
        (models.Text, {"fallback": []}),
    ],
)
def test_models_reject_drift(model: type[BaseModel], data: dict[str, Any]) -> None:
    """An unknown or missing field is an error, so a change in export() shows up here."""
    with pytest.raises(ValidationError):
        model.model_validate(data)
