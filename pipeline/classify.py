"""Classify a page into a material type from its OCR text (``pipeline/data/material_types.yaml``).

Scoring: a type's title phrase, found on a short or large-print line, counts
10; each of its identifying words counts 1. The best type wins if it reaches
``min_score``; otherwise the page is ``unrecognized`` (never forced into a type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.models import OcrLine

UNRECOGNIZED = "unrecognized"
_PUNCT = re.compile(r"[\s，,。.：:；;、（）()《》\"'“”]")


@dataclass(frozen=True)
class MaterialType:
    id: str
    name_zh: str
    name_en: str
    title: tuple[str, ...]
    words: tuple[str, ...]


@lru_cache(maxsize=1)
def material_types() -> tuple[dict[str, MaterialType], int]:
    raw = yaml.safe_load((Path(__file__).parent / "data" / "material_types.yaml").read_text(encoding="utf-8"))
    types = {
        k: MaterialType(k, v["name_zh"], v["name_en"], tuple(v.get("title", [])), tuple(v.get("words", [])))
        for k, v in raw["types"].items()
    }
    return types, int(raw["min_score"])


def type_names(type_id: str | None) -> tuple[str, str]:
    types, _ = material_types()
    if type_id in types:
        t = types[type_id]
        return t.name_zh, t.name_en
    return "无法识别的页面", "unrecognized page"


def _clean(text: str) -> str:
    return _PUNCT.sub("", text)


def classify(lines: list[OcrLine]) -> tuple[str, float, dict[str, float]]:
    """(type id or 'unrecognized', best score, all scores)."""
    types, min_score = material_types()
    if not lines:
        return UNRECOGNIZED, 0.0, {}
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    median_h = heights[len(heights) // 2] or 1
    cleaned = [_clean(ln.text) for ln in lines]
    full = "".join(cleaned)
    scores: dict[str, float] = {}
    for t in types.values():
        score = 0.0
        for phrase in t.title:
            for ln, text in zip(lines, cleaned):
                if phrase in text and (
                    len(text) <= len(phrase) + 8 or (ln.box[3] - ln.box[1]) >= 1.4 * median_h
                ):
                    score += 10
                    break
            if score:
                break
        score += sum(1 for w in t.words if w in full)
        scores[t.id] = score
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < min_score:
        return UNRECOGNIZED, scores[best], scores
    return best, scores[best], scores
