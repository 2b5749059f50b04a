"""Materials catalogues (``rules/data/<procedure>/catalogue.yaml``) and matching pages to them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import RulesDataError
from pipeline.models import Finding, MaterialStatus, Page
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
    pages_required: list[str] = []
    source: Source | None = None
    scope: str | None = None
    note: str | None = None


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure: str
    name_zh: str
    name_en: str
    effective: date
    source: Source
    items: list[CatalogueItem]
    note: str | None = None

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
        present = {p.material for p in pages}
        missing_pages = [t for t in item.pages_required if t not in present] if refs else []
        rows.append(MaterialStatus(material=item.id, name_zh=item.name_zh, name_en=item.name_en, status=status,
                                   necessity=item.necessity, pages=refs, missing_pages=missing_pages,
                                   source=cat.item_source(item).cite()))
    return rows


PAGES_SOURCE = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4 第2点（证照类材料包括封面、封底部分，确保完整性，不要遗漏任何一页）"


def page_completeness(cat: Catalogue, materials: list[MaterialStatus]) -> list[Finding]:
    """CERT_PAGES_INCOMPLETE for every provided item that lacks one of its pages (cover, back, other side)."""
    from pipeline.classify import type_names
    from pipeline.messages import finding

    items = {i.id: i for i in cat.items}
    out = []
    for m in materials:
        if m.status != "provided" or not items[m.material].pages_required:
            continue
        names = [type_names(t) for t in m.missing_pages]
        out.append(finding("CERT_PAGES_INCOMPLETE", "fail" if m.missing_pages else "pass", m.missing_pages,
                           items[m.material].pages_required, PAGES_SOURCE, material=m.name_zh, material_en=m.name_en,
                           pages_zh="、".join(n[0] for n in names), pages_en=", ".join(n[1] for n in names)))
    return out
