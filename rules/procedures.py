"""The procedures the rules know, by name.

Every procedure module offers the same interface, which ``pipeline.run`` and ``precheck rules`` call:
``Facts`` and ``Evidence`` (pydantic models), ``material_conditions(declared)`` (catalogue predicates),
``evaluate(facts) -> list[Reason]`` and ``evidence_from_pages(pages)``; its data lives in
``rules/data/<name>/`` (``catalogue.yaml``, ``parameters.yaml``).
"""

from __future__ import annotations

from types import ModuleType

from pipeline.errors import UnknownProcedure
from rules import hz_talent, sh_hukou, sh_points, sh_residence, zj_residence

PROCEDURES: dict[str, ModuleType] = {
    "hz-talent": hz_talent,
    "zj-residence": zj_residence,
    "sh-residence": sh_residence,
    "sh-points": sh_points,
    "sh-hukou": sh_hukou,
}
#: Named in the design; their catalogues and rules are not written yet.
PLANNED: tuple[str, ...] = ()


def get_procedure(name: str) -> ModuleType:
    if name in PROCEDURES:
        return PROCEDURES[name]
    if name in PLANNED:
        raise UnknownProcedure(f"procedure {name!r} is not supported yet; supported: {', '.join(PROCEDURES)}")
    raise UnknownProcedure(f"unknown procedure {name!r}; supported: {', '.join(PROCEDURES)}")
