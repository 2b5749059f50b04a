"""Field extraction per material type, from OCR lines, with the box and confidence of each value.

The lines of a page are joined (punctuation and spaces kept out of the way)
into one string with a map back to the lines, so a value that the OCR split or
merged across lines is still found, and its box is the union of the lines it
came from.
"""

from __future__ import annotations

import re
from typing import Callable

from pipeline.models import Field, OcrLine
from pipeline.validators import normalise_id, parse_cn_date


class Text:
    """OCR lines joined into one string, with each character's line index."""

    #: Lines read with less confidence than this are stray marks (patterns, photo edges), not text.
    MIN_CONFIDENCE = 0.6

    #: A line that is one Latin letter, digit or circle is a graphic (a photo's oval, a border ornament), not text.
    ARTEFACT = re.compile(r"^[A-Za-z0-9〇○O°·\-—.]$")

    def __init__(self, lines: list[OcrLine]):
        lines = [ln for ln in lines
                 if ln.confidence >= self.MIN_CONFIDENCE and not self.ARTEFACT.match(ln.text.strip())]
        self.lines = lines
        parts, owner = [], []
        for i, ln in enumerate(lines):
            t = re.sub(r"\s+", "", ln.text)
            parts.append(t)
            owner.extend([i] * len(t))
        self.s = "".join(parts)
        self.owner = owner

    def field(self, m: re.Match | None, group: int | str = 1, value: str | None = None) -> Field | None:
        if not m or m.group(group) is None:
            return None
        a, b = m.span(group)
        if b <= a:
            return None
        idx = sorted(set(self.owner[a:b]))
        boxes = [self.lines[i].box for i in idx]
        box = [min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes)]
        conf = min(self.lines[i].confidence for i in idx)
        return Field(value=value if value is not None else m.group(group), confidence=round(conf, 4), box=box)


def _date_str(t: tuple[int, int, int | None] | None) -> str | None:
    if not t:
        return None
    y, m, d = t
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def _put(out: dict[str, Field], name: str, f: Field | None) -> None:
    if f is not None and f.value.strip():
        out[name] = f


def id_card_front(lines: list[OcrLine]) -> dict[str, Field]:
    t = Text(lines)
    s = t.s
    out: dict[str, Field] = {}
    _put(out, "name", t.field(re.search(r"姓名(.{2,6}?)(?=性别|$)", s)))
    _put(out, "sex", t.field(re.search(r"性别([男女])", s)))
    _put(out, "ethnicity", t.field(re.search(r"民族(.{1,6}?)(?=出生|$)", s)))
    m = re.search(r"出生(\d{4})年(\d{1,2})月(\d{1,2})日", s)
    if m:
        _put(out, "birth_date", t.field(m, 0, f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"))
    _put(out, "address", t.field(re.search(r"住址(.+?)(?=公民身份号码|\d{17}[\dXx]|$)", s)))
    m = re.search(r"(\d{17}[\dXx])", s)
    if m:
        _put(out, "id_number", t.field(m, 1, normalise_id(m.group(1))))
    return out


def id_card_back(lines: list[OcrLine]) -> dict[str, Field]:
    t = Text(lines)
    s = t.s
    out: dict[str, Field] = {}
    _put(out, "issuing_authority", t.field(re.search(r"签发机关(.+?)(?=有效期限|$)", s)))
    m = re.search(r"有效期限(\d{4})[.\-](\d{2})[.\-](\d{2})[-—至]+(\d{4}[.\-]\d{2}[.\-]\d{2}|长期)", s)
    if m:
        end = m.group(4).replace(".", "-") if m.group(4) != "长期" else "长期"
        _put(out, "valid_from", t.field(m, 1, f"{m.group(1)}-{m.group(2)}-{m.group(3)}"))
        _put(out, "valid_to", t.field(m, 4, end))
    return out


LEVELS = ("博士研究生", "硕士研究生", "本科", "专科")


def graduation_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    t = Text(lines)
    s = t.s
    out: dict[str, Field] = {}
    _put(out, "name", t.field(re.search(r"学生(.{2,6}?)[，,]?性别", s)))
    _put(out, "sex", t.field(re.search(r"性别([男女])", s)))
    m = re.search(r"性别[男女][，,]?(.{6,16}?日)生", s)
    if m:
        _put(out, "birth_date", t.field(m, 1, _date_str(parse_cn_date(m.group(1)))))
    m = re.search(r"于(.{5,12}?月)至(.{5,12}?月)在本?校", s)
    if m:
        a, b = _date_str(parse_cn_date(m.group(1))), _date_str(parse_cn_date(m.group(2)))
        if a and b:
            _put(out, "study_period", t.field(m, 0, f"{a}/{b}"))
    _put(out, "major", t.field(re.search(r"在本?校(.+?)专业", s)))
    m = re.search(r"专业([一二三四五六七八九\d])年制", s)
    if m:
        _put(out, "length_of_study", t.field(m, 1))
    m = re.search(r"年制(" + "|".join(LEVELS) + r")", s) or re.search("(" + "|".join(LEVELS) + r")学习", s)
    _put(out, "level", t.field(m))
    _put(out, "school", t.field(re.search(r"校名[：:]?(.+?)(?=校（院）长|校\(院\)长|校长|院长|$)", s)))
    m = re.search(r"普通高等学校|成人高等教育|高等教育自学考试|网络教育|全日制", s)
    _put(out, "school_type", t.field(m, 0))
    m = re.search(r"证书编号[：:]?(\d{18})", s) or re.search(r"(?<!\d)(\d{18})(?!\d)", s)
    _put(out, "certificate_number", t.field(m))
    return out


EXTRACTORS: dict[str, Callable[[list[OcrLine]], dict[str, Field]]] = {
    "id_card_front": id_card_front,
    "id_card_back": id_card_back,
    "graduation_certificate": graduation_certificate,
}

#: Fields a page of the type should yield; a missing one is a FIELD_MISSING warning.
EXPECTED_FIELDS = {
    "id_card_front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "id_card_back": ("issuing_authority", "valid_from", "valid_to"),
    "graduation_certificate": ("name", "sex", "birth_date", "school", "major", "level", "study_period",
                               "certificate_number"),
}


def extract(material: str, lines: list[OcrLine]) -> dict[str, Field]:
    fn = EXTRACTORS.get(material)
    return fn(lines) if fn else {}
