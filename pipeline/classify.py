"""Classify a page into a material type from its OCR text (``pipeline/data/material_types.yaml``).

Scoring: a type's title phrase, found on a short or large-print line, counts
10; each of its identifying words counts 1. The best type wins if it reaches
``min_score``; otherwise the page is ``unrecognized`` (never forced into a type).

When no type is reached that way, a long title or word (``title_fuzzy.min_length``
characters or more) also counts when a line holds it with a few characters misread (at most
``title_fuzzy.max_edit_share`` of its length, Levenshtein distance): large
print survives blur, glare and a cheap camera better than anything else on a
page, but OCR still confuses look-alike characters in it (引/但, 住/位, 职/联).
Short titles (毕业证书 against 学位证书) must match exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

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


@dataclass(frozen=True)
class FuzzyTitle:
    min_length: int
    max_edit_share: float


@lru_cache(maxsize=1)
def _config() -> tuple[dict[str, MaterialType], int, FuzzyTitle]:
    raw = yaml.safe_load((Path(__file__).parent / "data" / "material_types.yaml").read_text(encoding="utf-8"))
    types = {
        k: MaterialType(k, v["name_zh"], v["name_en"], tuple(v.get("title", [])), tuple(v.get("words", [])))
        for k, v in raw["types"].items()
    }
    fz = raw["title_fuzzy"]
    return types, int(raw["min_score"]), FuzzyTitle(int(fz["min_length"]), float(fz["max_edit_share"]))


def material_types() -> tuple[dict[str, MaterialType], int]:
    types, min_score, _ = _config()
    return types, min_score


def holds_title(text: str, phrase: str, fuzzy: FuzzyTitle | None = None) -> bool:
    """Whether ``text`` contains ``phrase``, or (a long phrase, given ``fuzzy``) a few characters from it.

    The phrase is compared with every window of the text one character shorter, as long as, or one longer
    than itself (a character dropped or added by the OCR)."""
    if phrase in text:
        return True
    n = len(phrase)
    if fuzzy is None or n < fuzzy.min_length:
        return False
    limit = int(fuzzy.max_edit_share * n)
    if limit < 1 or len(text) < n - limit:
        return False
    for size in (n - 1, n, n + 1):
        for start in range(0, max(1, len(text) - size + 1)):
            if Levenshtein.distance(phrase, text[start:start + size], score_cutoff=limit) <= limit:
                return True
    return False


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
    types, min_score, fuzzy = _config()
    if not lines:
        return UNRECOGNIZED, 0.0, {}
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    median_h = heights[len(heights) // 2] or 1
    cleaned = [_clean(ln.text) for ln in lines]
    full = "".join(cleaned)

    def title_place(ln: OcrLine, text: str, phrase: str) -> bool:
        """A title stands on a short line of its own, or in large print."""
        return len(text) <= len(phrase) + 8 or (ln.box[3] - ln.box[1]) >= 1.4 * median_h

    scores: dict[str, float] = {}
    for t in types.values():
        titled = any(phrase in text and title_place(ln, text, phrase)
                     for phrase in t.title for ln, text in zip(lines, cleaned))
        scores[t.id] = 10.0 * titled + sum(1 for w in t.words if w in full)
    if max(scores.values()) < min_score:
        # no type reached by exact words: long titles and words may be there with a few characters misread.
        # A near title counts only when it is the title of one type alone (never a coin toss between two).
        near = [t.id for t in types.values()
                if any(title_place(ln, text, phrase) and holds_title(text, phrase, fuzzy)
                       for phrase in t.title for ln, text in zip(lines, cleaned))]
        if len(near) == 1:
            scores[near[0]] += 10
        for t in types.values():
            scores[t.id] += sum(1 for w in t.words if w not in full and len(w) >= fuzzy.min_length
                                and any(holds_title(text, w, fuzzy) for text in cleaned))
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < min_score:
        return UNRECOGNIZED, scores[best], scores
    return best, scores[best], scores
