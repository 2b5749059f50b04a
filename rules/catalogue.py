"""Materials catalogues (``rules/data/<procedure>/catalogue.yaml``) and matching pages to them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import RulesDataError
from pipeline.models import MaterialStatus, Page
from rules.params import Source, load_data


class CatalogueItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name_zh: str
    name_en: str
    form: str
    necessity: str
    required: bool
    fetched: Literal["none", "always", "if_incomplete"]
    condition: str | None = None
    accepts: list[str] = []
    certificate: bool = False
    source: Source | None = None


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure: str
    name_zh: str
    name_en: str
    effective: date
    source: Source
    items: list[CatalogueItem]

    def item_source(self, item: CatalogueItem) -> Source:
        return item.source or self.source


@lru_cache(maxsize=None)
def load_catalogue(procedure: str) -> Catalogue:
    path = f"{procedure}/catalogue.yaml"
    try:
        return Catalogue.model_validate(load_data(path))
    except ValidationError as exc:
        raise RulesDataError(f"rules/data/{path}: {exc}") from None


def match_materials(cat: Catalogue, pages: list[Page], conditions: dict[str, bool | None]) -> list[MaterialStatus]:
    """One status row per catalogue item, in catalogue order.

    provided: a page of an accepted type was found; not_required: the item's
    condition is known to be false; system_fetched: the system obtains it;
    missing: required, applicable, not fetched and not found; optional: the rest.
    """
    rows = []
    for item in cat.items:
        refs = [p.ref for p in pages if p.material in item.accepts]
        cond = conditions.get(item.condition) if item.condition else True
        if refs:
            status = "provided"
        elif cond is False:
            status = "not_required"
        elif item.fetched == "always" or (item.required and item.fetched == "if_incomplete"):
            status = "system_fetched"
        elif item.required:
            status = "missing"
        else:
            status = "optional"
        rows.append(MaterialStatus(material=item.id, name_zh=item.name_zh, name_en=item.name_en, status=status,
                                   necessity=item.necessity, pages=refs, source=cat.item_source(item).cite()))
    return rows
