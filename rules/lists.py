"""Lists the rules consult (shortage majors, shortage occupations), as cited data that may be unknown."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import RulesDataError
from rules.params import Source, load_data


class PolicyList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    source: Source
    effective: date | None = None
    known: bool
    entries: list[str] = []
    document: str | None = None
    url: str | None = None


@lru_cache(maxsize=None)
def load_list(name: str) -> PolicyList:
    try:
        return PolicyList.model_validate(load_data(f"lists/{name}.yaml"))
    except ValidationError as exc:
        raise RulesDataError(f"rules/data/lists/{name}.yaml: {exc}") from None
