"""The procedures the rules know, by name."""

from __future__ import annotations

from types import ModuleType

from pipeline.errors import UnknownProcedure
from rules import hz_talent

PROCEDURES: dict[str, ModuleType] = {"hz-talent": hz_talent}
#: Named in the design; their catalogues and rules are not written yet.
PLANNED = ("zj-residence", "sh-residence", "sh-points", "sh-hukou")


def get_procedure(name: str) -> ModuleType:
    if name in PROCEDURES:
        return PROCEDURES[name]
    if name in PLANNED:
        raise UnknownProcedure(f"procedure {name!r} is not supported yet; supported: {', '.join(PROCEDURES)}")
    raise UnknownProcedure(f"unknown procedure {name!r}; supported: {', '.join(PROCEDURES)}")
