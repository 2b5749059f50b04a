"""Field extraction per material type, from OCR lines, with the box and confidence of each value.

Two readers, both anchored on the printed labels and wording of the real documents:

* ``Text``: the lines of a page joined (spaces removed) with each character mapped back to its line, for
  prose certificates (graduation and degree certificates, contracts, the capital verification report) whose
  values run inside sentences and wrap across lines.
* ``Layout``: the lines with their boxes, for documents printed as "label：value" rows or label and value
  cells (ID cards, forms, permits, certificates). A value is the rest of its label's line, else the cells
  to the right on the same row (rows followed along the page's measured margin, so a skewed page still
  pairs them), else, for wrapped values, the lines below. Each value's box is the part of the line(s) it
  came from, its confidence the OCR's for those lines.

OCR confusions are tolerated where the value's kind is known (O/o/〇→0, l/I→1 inside numbers; USCC
letters that the code excludes; full- and half-width punctuation; 性別 for 性别). A value that was not
read is absent, never guessed, and a value that does not look like its kind (a name that is not a name)
is dropped (``PLAUSIBLE``).
"""

from __future__ import annotations

import re
from functools import cmp_to_key
from typing import Callable

from pipeline.models import Field, OcrLine
from pipeline.validators import normalise_id, parse_cn_date, parse_date


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


def _sub_field(t: "Text", a: int, b: int) -> Field | None:
    """The field of characters a..b of a Text."""
    m = re.compile(r"(.*)", re.S).match(t.s, a, b)
    return t.field(m, 1)


def _date_str(t: tuple[int, int, int | None] | None) -> str | None:
    if not t:
        return None
    y, m, d = t
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def _put(out: dict[str, Field], name: str, f: Field | None) -> None:
    if f is not None and f.value.strip():
        out[name] = f


ID_FRONT_STOPS = r"姓名|性[别別]|民族|出生|住址|公民身份号码"


def id_card_front(lines: list[OcrLine]) -> dict[str, Field]:
    """Labels and values are read by position (a value lies right of its label; the address wraps below);
    what that misses is read from the lines joined in reading order."""
    out = _id_front_joined(lines)
    lay = Layout(lines)
    geo: dict[str, Field] = {}
    _put_span(geo, "name", lay.after(r"姓名", ID_FRONT_STOPS))
    _put_span(geo, "sex", lay.after(r"性[别別]", ID_FRONT_STOPS), SEX)
    _put_span(geo, "ethnicity", lay.after(r"民族", ID_FRONT_STOPS))
    # the card prints year, month and day: a date read without its day was not read
    _put_span(geo, "birth_date", lay.after(r"出生", ID_FRONT_STOPS), DATE_PATTERN, _full_date)
    addr = lay.after(r"住址", ID_FRONT_STOPS)
    if addr is not None:
        _put_span(geo, "address", lay.continuation(addr, ID_FRONT_STOPS + r"|" + ID_PATTERN))
    _put_span(geo, "id_number", lay.after(r"公民身份号码", None, below=False), ID_PATTERN, _id_fix)
    geo.update({k: v for k, v in out.items() if k not in geo})
    return geo


def _id_front_joined(lines: list[OcrLine]) -> dict[str, Field]:
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
    m = re.search(r"校名[：:]?(.+?)(?=校[（(]院[)）]长|校长|院长|$)", s)
    if m:  # the name ends with its kind (大学, 学院...): a character of the seal read after it is not part of it
        end = re.match(r".*(?:大学|学院|学校|党校|研究院|研究所|研究生院)", m.group(1))
        a = m.start(1)
        _put(out, "school", _sub_field(t, a, a + end.end()) if end else t.field(m))
    m = re.search(r"普通高等学校|成人高等教育|高等教育自学考试|网络教育|全日制", s)
    _put(out, "school_type", t.field(m, 0))
    m = re.search(r"证书编号[：:]?(\d{18})", s) or re.search(r"(?<!\d)(\d{18})(?!\d)", s)
    _put(out, "certificate_number", t.field(m))
    return out


# ------------------------------------------------------------ label/value documents
_COLON = "：:;；"
_TRIM = " 　，,。.；;：:、"


class Span:
    """Text read after a label, with each character's (line, position) so a value maps back to its box."""

    def __init__(self, layout: "Layout", parts: list[tuple[int, int, int]]):
        self.layout = layout
        self.text = "".join(layout.t[i][a:b] for i, a, b in parts)
        self.owner = [(i, k) for i, a, b in parts for k in range(a, b)]

    def field(self, a: int = 0, b: int | None = None, value: str | None = None) -> Field | None:
        b = len(self.text) if b is None else b
        while a < b and self.text[a] in _TRIM:
            a += 1
        while b > a and self.text[b - 1] in _TRIM:
            b -= 1
        if b <= a:
            return None
        per_line: dict[int, list[int]] = {}
        for i, k in self.owner[a:b]:
            per_line.setdefault(i, []).append(k)
        boxes, confs = [], []
        for i, ks in per_line.items():
            ln, n = self.layout.lines[i], max(1, len(self.layout.t[i]))
            x0, y0, x1, y1 = ln.box
            boxes.append([round(x0 + (x1 - x0) * min(ks) / n), y0, round(x0 + (x1 - x0) * (max(ks) + 1) / n), y1])
            confs.append(ln.confidence)
        box = [min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes)]
        v = self.text[a:b] if value is None else value
        return Field(value=v, confidence=round(min(confs), 4), box=box) if v else None

    def match(self, pattern: str, group: int | str = 1, convert: Callable[[str], str | None] | None = None) -> Field | None:
        m = re.search(pattern, self.text)
        if not m or m.group(group) is None:
            return None
        v = m.group(group)
        if convert is not None:
            v = convert(v)
            if not v:
                return None
        return self.field(*m.span(group), value=v)


#: Least margin drift (tan of about 2°) taken as the page's skew when matching cells to labels.
MIN_SLOPE = 0.035


class Layout:
    """OCR lines with their boxes, for documents printed as 'label：value' rows or label and value cells."""

    def __init__(self, lines: list[OcrLine]):
        self.lines = [ln for ln in lines
                      if ln.confidence >= Text.MIN_CONFIDENCE and not Text.ARTEFACT.match(ln.text.strip())]
        self.t = [re.sub(r"\s+", "", ln.text) for ln in self.lines]
        self._slope: float | None = None

    @property
    def slope(self) -> float:
        """How far the text's left margin drifts right per pixel down (the page's skew, as tan of the angle):
        the line through the most left edges. Rows then drift up by the same rate to the right."""
        if self._slope is None:
            slope = _margin_slope(self.lines)
            # below about 2° the margin's drift is as likely a photo's perspective or a ragged margin as a turn
            self._slope = slope if abs(slope) > MIN_SLOPE else 0.0
        return self._slope

    def after(self, label: str, stops: str | None = None, row: bool = True, below: bool = False) -> Span | None:
        """The text after the first occurrence of ``label`` (a regex) that has any: see ``spans``."""
        return next(self.spans(label, stops, row, below), None)

    def value(self, label: str, stops: str | None = None, pattern: str | None = None,
              convert: Callable[[str], str | None] | None = None, row: bool = True,
              below: bool = False) -> Field | None:
        """The first value after an occurrence of ``label`` that fits ``pattern`` (its group 1), converted:
        a label word that also occurs in a title (职业技能等级证书) does not hide the real row."""
        for span in self.spans(label, stops, row, below):
            f = span.match(pattern, 1, convert) if pattern else span.field()
            if f is not None and convert is not None and not pattern:
                f.value = convert(f.value) or ""
            if f is not None and f.value.strip():
                return f
        return None

    def spans(self, label: str, stops: str | None = None, row: bool = True, below: bool = False):
        """The text after each occurrence of ``label`` (a regex): the rest of its line, else the cells to
        its right on the same row (``row``), else the next line (``below``); cut at ``stops`` (a regex of the
        labels that may follow)."""
        lab = re.compile(label)
        stop = re.compile(stops) if stops else None
        for i, text in enumerate(self.t):
            m = lab.search(text)
            if not m:
                continue
            j = m.end()
            while j < len(text) and text[j] in _COLON:
                j += 1
            end = len(text)
            if stop:
                ms = stop.search(text, j)
                if ms:
                    end = ms.start()
            if text[j:end].strip(_TRIM):
                yield Span(self, [(i, j, end)])
                continue
            if end < len(text):
                continue  # the label is followed directly by another label: a blank cell
            if row:
                parts = self._right_of(i, stop)
                if parts:
                    yield Span(self, parts)
                    continue
            if below and i + 1 < len(self.t):
                nxt = self.t[i + 1]
                end = len(nxt)
                if stop and (ms := stop.search(nxt)):
                    end = ms.start()
                if end > 0:
                    yield Span(self, [(i + 1, 0, end)])

    def _right_of(self, i: int, stop: re.Pattern | None) -> list[tuple[int, int, int]]:
        x0, y0, x1, y1 = self.lines[i].box
        h = max(1, y1 - y0)
        cx = (x0 + x1) / 2
        cands = []
        for k, ln in enumerate(self.lines):
            if k == i or ln.box[0] < x1 - 0.75 * h:  # boxes of adjacent cells may overlap a little
                continue
            shift = self.slope * ((ln.box[0] + ln.box[2]) / 2 - cx)  # the row rises to the right on a skewed page
            overlap = min(y1, ln.box[3] + shift) - max(y0, ln.box[1] + shift)
            # the centre too: a long line on a skewed page has a tall box that overlaps the neighbouring rows
            off = abs((ln.box[1] + ln.box[3]) / 2 + shift - (y0 + y1) / 2)
            tall = ln.box[3] - ln.box[1] > 1.5 * h
            if overlap >= 0.5 * min(h, max(1, ln.box[3] - ln.box[1])) and (off <= 0.75 * h or not tall):
                cands.append(k)
        parts = []
        for k in sorted(cands, key=cmp_to_key(self._reading_cmp)):
            text = self.t[k]
            if stop and (ms := stop.search(text)):
                if ms.start() > 0:
                    parts.append((k, 0, ms.start()))
                break
            parts.append((k, 0, len(text)))
        return parts

    def _reading_cmp(self, a: int, b: int) -> int:
        """Left to right, except that lines stacked above each other (a wrapped value) read top to bottom."""
        A, B = self.lines[a].box, self.lines[b].box
        overlap = min(A[2], B[2]) - max(A[0], B[0])
        if overlap > 0.5 * min(A[2] - A[0], B[2] - B[0]):
            return -1 if A[1] + A[3] < B[1] + B[3] else 1
        return -1 if A[0] < B[0] else 1

    def continuation(self, span: Span, stop: str | None) -> Span:
        """Extend a value with the lines wrapped below it (same left edge, before the next label)."""
        if not span.owner:
            return span
        stop_re = re.compile(stop) if stop else None
        used = {i for i, _ in span.owner}
        last = max(used, key=lambda i: self.lines[i].box[3])
        x0 = min(self.lines[i].box[0] for i in used)
        parts = [(i, min(k for j, k in span.owner if j == i), max(k for j, k in span.owner if j == i) + 1)
                 for i in sorted(used, key=lambda i: self.lines[i].box[1])]
        while True:
            lb = self.lines[last].box
            h = max(1, lb[3] - lb[1])
            nxt = [k for k, ln in enumerate(self.lines) if k not in used and 0 <= ln.box[1] - lb[1] <= 1.6 * h
                   and ln.box[1] >= lb[1] + 0.4 * h and abs(ln.box[0] - x0) <= 1.5 * h]
            if not nxt:
                break
            k = min(nxt, key=lambda k: self.lines[k].box[1])
            text = self.t[k]
            ms = stop_re.search(text) if stop_re else None
            if ms and ms.start() == 0:
                break
            end = ms.start() if ms else len(text)
            parts.append((k, 0, end))
            used.add(k)
            last = k
            if ms:
                break
        return Span(self, parts)

    def joined(self) -> str:
        return "".join(self.t)


def _margin_slope(lines: list[OcrLine]) -> float:
    """dx/dy of the line through the most left edges of text lines (0 when fewer than 3 agree)."""
    import numpy as np

    if len(lines) < 3:
        return 0.0
    x = np.array([ln.box[0] for ln in lines], float)
    y = np.array([(ln.box[1] + ln.box[3]) / 2 for ln in lines], float)
    h = float(np.median([max(1, ln.box[3] - ln.box[1]) for ln in lines]))
    dy = y[:, None] - y[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes = (x[:, None] - x[None, :]) / dy
    ok = (np.abs(dy) > 2 * h) & (np.abs(slopes) <= 0.3)
    ii, jj = np.nonzero(np.triu(ok))
    if not len(ii):
        return 0.0
    cand = slopes[ii, jj]
    pred = x[ii][:, None] + cand[:, None] * (y[None, :] - y[ii][:, None])
    inliers = np.abs(x[None, :] - pred) <= 0.4 * h
    counts = inliers.sum(axis=1) - np.abs(cand) * 1e-3  # ties: the straighter
    best = int(np.argmax(counts))
    if inliers[best].sum() < 3:
        return 0.0
    sel = inliers[best]
    if np.ptp(y[sel]) <= 0:
        return 0.0
    return float(np.polyfit(y[sel], x[sel], 1)[0])


def _iso(t: tuple[int, int, int | None] | None) -> str | None:
    return _date_str(t)


def _date(text: str) -> str | None:
    return _date_str(parse_date(text))


def _full_date(text: str) -> str | None:
    """A date with its day, else None (where the document prints the day, a date without it is a misread)."""
    d = parse_date(text)
    return _date_str(d) if d and d[2] else None


def _digits(text: str) -> str:
    """Digits as OCR may misread them: O/o/〇 for 0, l/I/| for 1."""
    return text.translate(str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1"}))


def _id_number(text: str) -> str | None:
    m = re.search(r"(?<![0-9A-Za-z])([0-9OolI|]{17}[0-9XxOolI|])(?![0-9A-Za-z])", text)
    return normalise_id(_digits(m.group(1))) if m else None


ID_PATTERN = r"(?<![0-9A-Za-z])([0-9OolI|]{17}[0-9XxOolI|])(?![0-9A-Za-z])"
DATE_PATTERN = (r"([0-9〇零○OoIl一二三四五六七八九]{4}\s*年\s*[0-9一二三四五六七八九十Il]{1,3}\s*月(?:\s*[0-9一二三四五六七八九十Il]{1,3}\s*日)?"
                r"|\d{4}[-./]\d{1,2}[-./]\d{1,2})")
SEX = r"([男女])"


def _put_span(out: dict[str, Field], name: str, span: Span | None, pattern: str | None = None,
              convert: Callable[[str], str | None] | None = None) -> None:
    if span is None:
        return
    f = span.match(pattern, 1, convert) if pattern else span.field()
    if f is not None and convert is not None and not pattern:
        f.value = convert(f.value) or ""
    _put(out, name, f)


def _kv(lines: list[OcrLine], spec: dict[str, tuple], stops: str, row: bool = True) -> tuple[Layout, dict[str, Field]]:
    """Fields of a label/value document: spec maps field -> (label regex, value regex or None, converter or None)."""
    lay = Layout(lines)
    out: dict[str, Field] = {}
    for name, (label, pattern, convert) in spec.items():
        _put(out, name, lay.value(label, stops, pattern, convert, row=row))
    return lay, out


def _stops(*labels: str) -> str:
    return "|".join(labels)


#: What may follow a date of issue on its line: nothing, or one stray mark (a seal's character read beside it).
#: A date that runs on into more text is part of the body (a blurred 生 read as 年 made the birth date the date
#: of issue).
ISSUE_DATE_TAIL = 1


def _issue_date(lay: Layout) -> Field | None:
    """The date of issue of a certificate: the last full date (with its day) that ends its line, printed apart
    from the body; a date followed by 生 (on its line or the next) is the holder's birth date."""
    for i in range(len(lay.t) - 1, -1, -1):
        text = lay.t[i]
        m = None
        for m in re.finditer(DATE_PATTERN, text):
            pass
        if not m or "日" not in m.group(1):
            continue
        tail = text[m.end():].strip(_TRIM)
        following = tail or (lay.t[i + 1] if i + 1 < len(lay.t) else "")
        if following.startswith("生") or len(tail) > ISSUE_DATE_TAIL or re.search(r"[年月日于至]", tail):
            continue
        d = parse_date(m.group(1))
        if d and d[2]:
            return Span(lay, [(i, m.start(1), m.end(1))]).field(value=_date_str(d))
    return None


# graduation certificate: the date of issue is the last full date, after the school's name
def graduation_certificate_full(lines: list[OcrLine]) -> dict[str, Field]:
    out = graduation_certificate(lines)
    _put(out, "date", _issue_date(Layout(lines)))
    return out


def degree_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    lay = Layout(lines)
    out: dict[str, Field] = {}
    parts = [(i, 0, len(t)) for i, t in enumerate(lay.t)]
    whole = Span(lay, parts)
    s = whole.text
    m = re.search(r"(?:^|学位证书|证书)([\u4e00-\u9fa5·]{2,6})[，,]([男女])[，,]" + DATE_PATTERN + "生", s)
    if m:
        _put(out, "name", whole.field(*m.span(1)))
        _put(out, "sex", whole.field(*m.span(2)))
        _put(out, "birth_date", whole.field(*m.span(3), value=_date(m.group(3))))
    committee = re.search(r"([\u4e00-\u9fa5（）()]{2,30}?)学位评定委员会", s)
    school = committee.group(1) if committee else None
    m = re.search(r"生[。.，,]?在(.+?)专业", s)
    if m:
        inner, a = m.group(1), m.start(1)
        if school and inner.startswith(school):
            _put(out, "school", whole.field(a, a + len(school)))
            _put(out, "major", whole.field(a + len(school), m.end(1)))
        else:
            ms = re.match(r"(.+?(?:大学|学院|学校|研究院|研究所))(.+)", inner)
            if ms:
                _put(out, "school", whole.field(a, a + ms.end(1)))
                _put(out, "major", whole.field(a + ms.start(2), m.end(1)))
    _put(out, "degree", whole.match(r"授予(.{2,12}?)学位", 1))
    _put(out, "certificate_number", whole.match(r"证书编号[：:]?([0-9OolI]{12,20})", 1, _digits))
    _put(out, "date", _issue_date(lay))
    return out


TITLE_LEVELS = r"(正高级|副高级|高级|中级|初级|员级|助理级)"


def title_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"姓名", r"性[别別]", r"出生年月", r"资格名称", r"职称名称", r"级别", r"专业[：:]", r"评审机构", r"评审委员会[：:]",
                   r"发证机关", r"批准日期", r"发证日期", r"证书编号", r"管理号")
    _, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "sex": (r"性[别別]", SEX, None),
        "birth_month": (r"出生年月", DATE_PATTERN, _date),
        "title": (r"资格名称|职称名称", None, None),
        "level": (r"级别", TITLE_LEVELS, None),
        "specialty": (r"(?<!资格)专业(?![技])", None, None),
        "issuing_body": (r"评审机构|发证机关|评审委员会(?=[：:])", None, None),
        "date": (r"批准日期|发证日期|取得资格时间|评审通过时间", DATE_PATTERN, _date),
        "number": (r"证书编号|管理号", r"([0-9A-Za-z\u4e00-\u9fa5\-（）()]{4,30})", None),
    }, stops)
    return out


VOC_GRADES = r"([一二三四五]级)"
VOC_NAMES = r"(高级技师|高级工|中级工|初级工|技师)"


def vocational_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"姓名", r"证件号码", r"身份证号码", r"公民身份号码", r"职业[（(]工种[)）]", r"职业名称", r"工种",
                   r"职业技能等级", r"技能等级", r"(?<!技能)等级", r"发证日期", r"证书编号")
    lay, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "id_number": (r"证件号码|身份证号码|公民身份号码", ID_PATTERN, _id_fix),
        "occupation": (r"职业[（(]工种[)）]|职业名称|工种", None, None),
        "date": (r"发证日期|颁证日期|评价日期", DATE_PATTERN, _date),
        "number": (r"证书编号", r"([0-9A-Za-z]{8,24})", _cert_no),
    }, stops)
    grade_label = r"职业技能等级(?!证书)|技能等级(?!证书)|(?<!技能)等级(?!证书)"
    _put(out, "level", lay.value(grade_label, stops, VOC_GRADES))
    _put(out, "level_name", lay.value(grade_label, stops, VOC_NAMES))
    return out


def _id_fix(text: str) -> str | None:
    return _id_number(text)


def _cert_no(text: str) -> str:
    """A certificate number: letters kept as printed, O/l confusions inside runs of digits corrected."""
    text = text.upper()
    head = re.match(r"^[A-Z]{0,2}", text).group(0)
    return head + _digits(text[len(head):]).upper().replace("I", "1")


FORM_LABELS = {  # the cells of the application form, in print order
    "name": r"姓名", "sex": r"性[别別]", "birth_month": r"出生年月", "ethnicity": r"民族", "id_number": r"身份证号码",
    "education": r"学历", "graduation_month": r"毕业时间", "school": r"毕业院校", "major": r"所学专业",
    "title": r"专业技术职称", "hukou_address": r"户籍所在地", "residence_address": r"现居住地址",
    "employer": r"工作单位", "phone": r"联系电话",
}
FORM_STOPS = "|".join(list(FORM_LABELS.values()) + [r"用人单位意见", r"审核意见", r"情况属实", r"填表日期", r"[（(]盖章[)）]"])


def application_form(lines: list[OcrLine]) -> dict[str, Field]:
    lay = Layout(lines)
    out: dict[str, Field] = {}
    conv: dict[str, tuple[str | None, Callable | None]] = {
        "sex": (SEX, None), "birth_month": (DATE_PATTERN, _date), "graduation_month": (DATE_PATTERN, _date),
        "id_number": (ID_PATTERN, _id_fix), "phone": (r"([0-9OolI\-]{7,13})", lambda v: _digits(v).replace("-", "")),
        "education": (r"(博士研究生|硕士研究生|博士|硕士|本科|大专|专科|高中|中专)", None),
    }
    for name, label in FORM_LABELS.items():
        span = lay.after(label, FORM_STOPS)
        pattern, convert = conv.get(name, (None, None))
        _put_span(out, name, span, pattern, convert)
    return out


def _term(span_text_owner: Span, out: dict[str, Field], start_name: str = "start", end_name: str = "end") -> None:
    m = re.search(DATE_PATTERN + r"[起]?(?:至|到|—|－|-|~)" + r"(" + DATE_PATTERN[1:-1] + r"|长期|无固定期限)", span_text_owner.text)
    if m:
        _put(out, start_name, span_text_owner.field(*m.span(1), value=_date(m.group(1))))
        end = m.group(2)
        _put(out, end_name, span_text_owner.field(*m.span(2), value=end if end in ("长期", "无固定期限") else _date(end)))


def _whole(lay: Layout) -> Span:
    return Span(lay, [(i, 0, len(t)) for i, t in enumerate(lay.t)])


def labour_contract(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"甲方", r"乙方", r"法定代表人", r"地址", r"居民身份证号码", r"身份证号码", r"根据")
    lay, out = _kv(lines, {
        "employer": (r"甲方[（(]用人单位[)）]|用人单位[（(]甲方[)）]", None, None),
        "employee": (r"乙方[（(]劳动者[)）]|劳动者[（(]乙方[)）]", None, None),
        "id_number": (r"身份证号码|公民身份号码|身份证件号码", ID_PATTERN, _id_fix),
    }, stops, row=False)
    whole = _whole(lay)
    m = re.search(r"合同期限(.*)", whole.text)
    sub = Span(lay, [])
    if m:
        sub.text, sub.owner = whole.text[m.start(1):], whole.owner[m.start(1):]
    _term(sub if m else whole, out)
    if "end" not in out and re.search(r"无固定期限劳动合同", whole.text):
        m2 = re.search(r"无固定期限", whole.text)
        _put(out, "end", whole.field(*m2.span(0)))
    return out


def rental_contract(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"出租方", r"承租方", r"身份证号码", r"甲乙双方")
    lay, out = _kv(lines, {
        "landlord": (r"出租方[（(]甲方[)）]|出租人[（(]甲方[)）]|出租方|出租人", None, None),
        "tenant": (r"承租方[（(]乙方[)）]|承租人[（(]乙方[)）]|承租方|承租人", None, None),
        "id_number": (r"身份证号码|公民身份号码|身份证件号码", ID_PATTERN, _id_fix),
        "address": (r"房屋坐落|房屋地址|房屋位于", None, None),
    }, stops, row=False)
    whole = _whole(lay)
    m = re.search(r"租赁期限(.*)", whole.text)
    sub = Span(lay, [])
    if m:
        sub.text, sub.owner = whole.text[m.start(1):], whole.owner[m.start(1):]
        _term(sub, out)
    m = re.search(r"租金[^0-9]{0,12}?([0-9OolI,，]+(?:\.\d{1,2})?)元", whole.text)
    if m:
        v = _digits(m.group(1)).replace(",", "").replace("，", "")
        v = v[:-3] if v.endswith(".00") else v
        _put(out, "rent", whole.field(*m.span(1), value=v))
    return out


def property_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"权利人", r"共有情况", r"坐落", r"不动产单元号", r"权利类型", r"权利性质", r"用途", r"(?<!建筑)面积[：:]")
    lay, out = _kv(lines, {
        "owner": (r"权利人", None, None),
        "address": (r"坐落", None, None),
        "unit_number": (r"不动产单元号", r"([0-9A-Za-z]{10,30})", lambda v: v.upper()),
        "area": (r"面积", r"([0-9OolI]+\.[0-9]{1,2})", _digits),
    }, stops)
    whole = _whole(lay)
    # the number is printed with full-width brackets: 浙（2019）…; OCR often returns them half-width
    _put(out, "number", whole.match(r"([\u4e00-\u9fa5][（(][0-9OolI]{4}[)）][\u4e00-\u9fa5]{1,12}不动产权第[0-9OolI]{5,9}号)",
                                    1, lambda v: _fix_inner_digits(v).replace("(", "（").replace(")", "）")))
    return out


def _fix_inner_digits(text: str) -> str:
    return re.sub(r"[0-9OolI]{3,}", lambda m: _digits(m.group(0)), text)


MONTH_TOKEN = r"(?<![0-9])(20\d{2}|19\d{2})[-年./]?(0[1-9]|1[0-2])(?:月)?(?![0-9])"


def _table_months(lay: Layout, whole: Span, header: str) -> list[tuple[int, int, Span]]:
    """Rows of a monthly table after ``header``: (year, month, the row's text).

    When every month was read as a cell of its own, a row is that cell and the cells right of it (along the
    page's margin, so a skewed table keeps its rows); otherwise the row is the joined text up to the next month.
    """
    h = re.search(header, whole.text)
    pos = h.end() if h else 0
    # month tokens found line by line (two month cells read one after the other must not run together)
    starts, at = [], 0
    for t in lay.t:
        starts.append(at)
        at += len(t)
    ms = [(starts[i] + m.start(), m) for i, t in enumerate(lay.t) for m in re.finditer(MONTH_TOKEN, t)
          if starts[i] + m.start() >= pos]
    cells = [(i, m) for i, t in enumerate(lay.t) if (m := re.fullmatch(MONTH_TOKEN, t))]
    if ms and len(cells) == len(ms):
        rows = _cell_rows(lay, cells)
        if rows:
            return rows
    rows = []
    for k, (a, m) in enumerate(ms):
        b = ms[k + 1][0] if k + 1 < len(ms) else len(whole.text)
        sub = Span(lay, [])
        sub.text, sub.owner = whole.text[a:b], whole.owner[a:b]
        rows.append((int(m.group(1)), int(m.group(2)), sub))
    return rows


def _cell_rows(lay: Layout, cells: list[tuple[int, re.Match]]) -> list[tuple[int, int, Span]]:
    """Each cell right of the month column joins the month row whose centre is nearest (along the page's
    measured drift), within half the row pitch; no rows when most months get no cell (months listed alone)."""
    import statistics

    idx = [i for i, _ in cells]
    box = {i: lay.lines[i].box for i in idx}
    cy = {i: (b[1] + b[3]) / 2 for i, b in box.items()}
    cx = {i: (b[0] + b[2]) / 2 for i, b in box.items()}
    ys = sorted(cy.values())
    pitch = statistics.median([b - a for a, b in zip(ys, ys[1:])]) if len(ys) > 1 else \
        2 * max(1, box[idx[0]][3] - box[idx[0]][1])
    right_edge = max(b[2] for b in box.values())
    assigned: dict[int, list[int]] = {i: [] for i in idx}
    for k, ln in enumerate(lay.lines):
        if k in assigned or ln.box[0] < right_edge:
            continue
        ky, kx = (ln.box[1] + ln.box[3]) / 2, (ln.box[0] + ln.box[2]) / 2
        dist = {i: abs(ky + lay.slope * (kx - cx[i]) - cy[i]) for i in idx}
        best = min(dist, key=dist.get)
        if dist[best] <= 0.5 * pitch:
            assigned[best].append(k)
    if sum(1 for v in assigned.values() if v) * 2 < len(idx):
        return []
    rows = [(int(m.group(1)), int(m.group(2)),
             Span(lay, [(i, 0, len(lay.t[i]))] + [(k, 0, len(lay.t[k]))
                                                  for k in sorted(assigned[i], key=lambda k: lay.lines[k].box[0])]))
            for i, m in cells]
    return sorted(rows, key=lambda r: (r[0], r[1]))


STATES = r"正常|补缴|未缴|欠缴|中断"


def _state_column(lay: Layout, rows: list[tuple[int, int, Span]]) -> list[Span]:
    """The state cells (正常/补缴/未缴) paired with the month rows in top-to-bottom order, when each month and
    each state was read as a cell of its own and there are as many of one as of the other (a photo's drift
    cannot then move a state to the neighbouring row); else none."""
    months = [sp.owner[0][0] for _, _, sp in rows if sp.owner]
    if len(months) != len(rows) or any(not re.fullmatch(MONTH_TOKEN, lay.t[i]) for i in months):
        return []
    states = [k for k, t in enumerate(lay.t) if re.fullmatch(STATES, t)]
    if len(states) != len(months):
        return []
    by_y = sorted(range(len(months)), key=lambda r: lay.lines[months[r]].box[1])
    ordered = sorted(states, key=lambda k: lay.lines[k].box[1])
    out: list[Span | None] = [None] * len(months)
    for r, k in zip(by_y, ordered):
        out[r] = Span(lay, [(k, 0, len(lay.t[k]))])
    return out  # type: ignore[return-value]


def _rows_field(rows: list[tuple[int, int, Span]], value: str) -> Field | None:
    """A value computed from table rows, with the box around all of them."""
    fs = [f for _, _, sp in rows if (f := sp.field()) is not None]
    if not fs:
        return None
    box = [min(f.box[0] for f in fs), min(f.box[1] for f in fs), max(f.box[2] for f in fs), max(f.box[3] for f in fs)]
    return Field(value=value, confidence=min(f.confidence for f in fs), box=box)


def social_insurance_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"姓名", r"公民身份号码", r"身份证号码", r"参保单位", r"单位名称", r"参保地", r"缴费年月")
    lay, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "id_number": (r"公民身份号码|身份证号码", ID_PATTERN, _id_fix),
        "employer": (r"参保单位|单位名称", None, None),
        "city": (r"参保地", None, None),
    }, stops)
    whole = _whole(lay)
    rows = _table_months(lay, whole, r"缴费状态|缴费年月")
    if rows:
        paid = backpaid = missing = unread = 0
        # with a state column (正常/补缴/未缴) a row counts by its state; 已缴 alone is the pension column's mark
        paid_words = ("正常",) if any("正常" in c.text for _, _, c in rows) else ("正常", "已缴")
        states = _state_column(lay, rows)
        for k, (_, _, cell) in enumerate(rows):
            if states:
                cell = states[k]
            if "补缴" in cell.text:
                backpaid += 1
            elif "未缴" in cell.text or "欠缴" in cell.text or "中断" in cell.text:
                missing += 1
            elif any(w in cell.text for w in paid_words):
                paid += 1
            else:
                unread += 1
        months = [(y * 12 + mth) for y, mth, _ in rows]
        listed = set(months)
        missing += sum(1 for v in range(min(months), max(months) + 1) if v not in listed)  # months absent from the table
        if not unread and len(listed) == len(months):  # a row whose state was not read (or a month read twice): no count
            for name, v in (("months_paid", paid), ("months_backpaid", backpaid), ("months_missing", missing)):
                _put(out, name, _rows_field(rows, str(v)))
        first, last = min(months), max(months)
        _put(out, "table_period", _rows_field(rows, f"{(first - 1) // 12:04d}-{(first - 1) % 12 + 1:02d}/"
                                                    f"{(last - 1) // 12:04d}-{(last - 1) % 12 + 1:02d}"))
    return out


def returnee_work_permit(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"姓名", r"性[别別]", r"出生日期", r"留学国家", r"留学国别", r"学位", r"工作单位", r"证书编号")
    _, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "sex": (r"性[别別]", SEX, None),
        "birth_date": (r"出生日期", DATE_PATTERN, _date),
        "country": (r"留学国家|留学国别", None, None),
        "degree": (r"(?<!留学)学位", None, None),
        "employer": (r"工作单位", None, None),
        "number": (r"证书编号|编号", r"([\u4e00-\u9fa5]{0,3}[0-9OolI]{4,16})", _fix_inner_digits),
    }, stops)
    return out


def business_licence(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"统一社会信用代码", r"名称", r"类型", r"法定代表人", r"负责人", r"经营者", r"注册资本", r"成立日期",
                   r"营业期限", r"住所", r"经营场所", r"经营范围")
    lay, out = _kv(lines, {
        "uscc": (r"统一社会信用代码", r"([0-9A-Za-z]{18})", _uscc_fix),
        "name": (r"(?<![代])名称", None, None),
        "legal_representative": (r"法定代表人|负责人|经营者", None, None),
        "capital": (r"注册资本", r"([0-9OolI,.]+万?元)", lambda v: _digits(v).replace(",", "")),
        "date": (r"成立日期|注册日期", DATE_PATTERN, _date),
        "address": (r"住所|经营场所", None, None),
    }, stops)
    if "uscc" not in out:
        _put(out, "uscc", _whole(lay).match(r"(?<![0-9A-Z])([0-9][0-9A-Z]{17})(?![0-9A-Z])", 1, _uscc_fix))
    return out


def _uscc_fix(text: str) -> str:
    """USCC characters exclude I, O, S, V and Z (GB 32100-2015): read them as the digits they resemble."""
    return text.upper().translate(str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"}))


def capital_verification_report(lines: list[OcrLine]) -> dict[str, Field]:
    lay = Layout(lines)
    whole = _whole(lay)
    out: dict[str, Field] = {}
    for i, text in enumerate(lay.t):
        m = re.match(r"([\u4e00-\u9fa5（）()]{4,40}?(?:公司|企业|合伙))全体股东", text)
        if m:
            _put(out, "company", Span(lay, [(i, 0, m.end(1))]).field())
            break
    _put(out, "investor", whole.match(r"收到(?:股东|投资者|出资人)([\u4e00-\u9fa5·]{2,6}?)(?:缴纳|出资|投入)"))
    # "…注册资本（实收资本）合计人民币 500000 元" or "…合计人民币伍拾万元（¥500,000.00）": the first figure after 合计
    m = re.search(r"合计[^0-9¥￥]{0,24}?[¥￥]?([0-9][0-9OolI,，]*(?:\.\d{1,2})?)(万?)元?", whole.text)
    if m:
        v = _digits(m.group(1)).replace(",", "").replace("，", "")
        v = v[:-3] if v.endswith(".00") else v
        if m.group(2):
            v = str(round(float(v) * 10000))
        _put(out, "amount", whole.field(m.start(1), m.end(2) if m.group(2) else m.end(1), value=v))
    _put(out, "report_number", whole.match(r"报告文号[：:]?([\u4e00-\u9fa5]{2,12}[〔\[（(【]\d{4}[〕\]）)】][0-9OolI]{1,6}号)"))
    return out


def residence_notice(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"姓名", r"公民身份号码", r"身份证号码", r"居住地址", r"居住登记日期", r"登记日期", r"登记机关")
    _, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "id_number": (r"公民身份号码|身份证号码", ID_PATTERN, _id_fix),
        "address": (r"居住地址", None, None),
        "date": (r"居住登记日期|登记日期", DATE_PATTERN, _date),
        "authority": (r"登记机关", None, None),
    }, stops)
    return out


def hukou_page(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"(?<!曾用)姓名", r"户主或与户主关系", r"曾用名", r"性[别別]", r"出生地", r"民族", r"籍贯", r"出生日期",
                   r"公民身份号码|公民身份证件编号", r"文化程度", r"婚姻状况", r"兵役状况", r"服务处所", r"职业", r"何时由何地迁来",
                   r"宗教信仰", r"身高", r"血型")
    _, out = _kv(lines, {
        "name": (r"(?<!曾用)姓名", None, None),
        "relation": (r"户主或与户主关系", None, None),
        "sex": (r"性[别別]", SEX, None),
        "birthplace": (r"出生地", None, None),
        "ethnicity": (r"民族", None, None),
        "birth_date": (r"出生日期", DATE_PATTERN, _date),
        "id_number": (r"公民身份号码|公民身份证件编号", ID_PATTERN, _id_fix),
        "education": (r"文化程度", None, None),
    }, stops)
    return out


def marriage_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"持证人", r"登记日期", r"结婚证字号", r"备注", r"姓名", r"性[别別]", r"国籍", r"出生日期", r"身份证件号")
    lay, out = _kv(lines, {
        "holder": (r"持证人", None, None),
        "date": (r"登记日期", DATE_PATTERN, _date),
        "number": (r"结婚证字号", r"([A-Za-z]{0,2}[0-9OolI]{6}-[0-9OolI]{4}-[0-9OolI]{5,6}|[0-9A-Za-z\-]{8,24})", _cert_no),
    }, stops)
    # the two spouses, each a name followed (later) by an ID number
    names, ids = [], []
    for i, text in enumerate(lay.t):
        cy = (lay.lines[i].box[1] + lay.lines[i].box[3]) / 2
        m = re.search(r"(?<!持证人)姓名[：:]?(.+)", text)
        if m and (v := Span(lay, [(i, m.start(1), m.end(1))]).field()):
            names.append((cy, v))
        m = re.search(r"身份证件号[码]?[：:]?(.+)", text)
        if m and (v := Span(lay, [(i, m.start(1), m.end(1))]).match(ID_PATTERN, 1, _id_fix)):
            ids.append((cy, v))
    names.sort(key=lambda x: x[0])
    ids.sort(key=lambda x: x[0])
    # the spouses are printed one below the other, each name before its ID number: pair them in that order
    people: list[tuple[Field, Field | None]] = [(n, ids[k][1] if len(ids) == len(names) else None)
                                                for k, (_, n) in enumerate(names)]
    holder = out.get("holder")
    if holder and people:
        mine = [p for p in people if p[0].value == holder.value]
        others = [p for p in people if p[0].value != holder.value]
        if mine and mine[0][1]:
            _put(out, "id_number", mine[0][1])
        if len(people) == 2 and len(others) == 1:
            _put(out, "spouse", others[0][0])
            if others[0][1]:
                _put(out, "spouse_id_number", others[0][1])
    return out


def tax_certificate(lines: list[OcrLine]) -> dict[str, Field]:
    stops = _stops(r"纳税人名称", r"纳税人姓名", r"纳税人识别号", r"身份证照?号码", r"税款所属期", r"所属期")
    lay, out = _kv(lines, {
        "name": (r"纳税人名称|纳税人姓名", None, None),
        "id_number": (r"纳税人识别号|身份证照?号码", ID_PATTERN, _id_fix),
    }, stops)
    span = lay.after(r"税款所属期", stops)
    if span:
        m = re.search(DATE_PATTERN + r"(?:至|到|—|-|~)" + DATE_PATTERN, span.text)
        if m:
            a, b = _date(m.group(1)), _date(m.group(2))
            if a and b:
                _put(out, "period", span.field(m.start(1), m.end(2), value=f"{a}/{b}"))
    whole = _whole(lay)
    rows = _table_months(lay, whole, r"入库机关|实缴税额|所得项目")
    if rows:
        total, n = 0.0, 0
        for _, _, cell in rows:
            am = re.search(r"(?<![0-9])([0-9,，]+\.\d{2})(?![0-9])", cell.text)
            if am:
                total += float(am.group(1).replace(",", "").replace("，", ""))
                n += 1
        _put(out, "months", _rows_field(rows, str(len(rows))))
        if n == len(rows):
            _put(out, "total_tax", _rows_field(rows, f"{total:.2f}"))
    return out


def _permit(lines: list[OcrLine], validity_label: str) -> dict[str, Field]:
    stops = _stops(r"姓名", r"性[别別]", r"公民身份号码", r"身份证号码", r"居住地址", r"有效期限", r"签注有效期", r"证件号码",
                   r"居住证号码", r"签发日期", r"签注日期", r"发证机关")
    lay, out = _kv(lines, {
        "name": (r"姓名", None, None),
        "sex": (r"性[别別]", SEX, None),
        "id_number": (r"公民身份号码|身份证号码", ID_PATTERN, _id_fix),
        "address": (r"居住地址", None, None),
        "number": (r"居住证号码|证件号码|证号", r"([0-9A-Za-z]{6,24})", _cert_no),
        "issued": (r"签发日期|发证日期", DATE_PATTERN, _date),
    }, stops)
    span = lay.after(validity_label, stops)
    if span:
        dates = list(re.finditer(DATE_PATTERN, span.text))
        if dates:
            last = dates[-1]
            _put(out, "valid_to", span.field(*last.span(1), value=_date(last.group(1))))
            if len(dates) > 1:
                _put(out, "valid_from", span.field(*dates[0].span(1), value=_date(dates[0].group(1))))
    endorse = [m for m in re.finditer(r"签注(?:日期)?[：:]?" + DATE_PATTERN, _whole(lay).text)]
    if endorse:
        _put(out, "endorsements", Field(value=",".join(_date(m.group(1)) or "" for m in endorse)))
    return out


def sh_residence_permit(lines: list[OcrLine]) -> dict[str, Field]:
    return _permit(lines, r"有效期限|有效期")


def zj_residence_permit(lines: list[OcrLine]) -> dict[str, Field]:
    return _permit(lines, r"签注有效期|有效期限|有效期")


EXTRACTORS: dict[str, Callable[[list[OcrLine]], dict[str, Field]]] = {
    "id_card_front": id_card_front,
    "id_card_back": id_card_back,
    "graduation_certificate": graduation_certificate_full,
    "degree_certificate": degree_certificate,
    "title_certificate": title_certificate,
    "vocational_certificate": vocational_certificate,
    "application_form": application_form,
    "labour_contract": labour_contract,
    "rental_contract": rental_contract,
    "property_certificate": property_certificate,
    "social_insurance_certificate": social_insurance_certificate,
    "returnee_work_permit": returnee_work_permit,
    "business_licence": business_licence,
    "capital_verification_report": capital_verification_report,
    "residence_notice": residence_notice,
    "hukou_page": hukou_page,
    "marriage_certificate": marriage_certificate,
    "tax_certificate": tax_certificate,
    "sh_residence_permit": sh_residence_permit,
    "zj_residence_permit": zj_residence_permit,
}

#: Fields a page of the type should yield; a missing one is a FIELD_MISSING warning (and each is scored by
#: ``precheck eval`` against what the corpus printed).
EXPECTED_FIELDS = {
    "id_card_front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "id_card_back": ("issuing_authority", "valid_from", "valid_to"),
    "graduation_certificate": ("name", "sex", "birth_date", "school", "major", "level", "length_of_study",
                               "study_period", "school_type", "certificate_number", "date"),
    "degree_certificate": ("name", "sex", "birth_date", "school", "major", "degree", "certificate_number", "date"),
    "title_certificate": ("name", "sex", "birth_month", "title", "level", "specialty", "issuing_body", "date", "number"),
    "vocational_certificate": ("name", "id_number", "occupation", "level", "level_name", "date", "number"),
    "application_form": tuple(FORM_LABELS),
    "labour_contract": ("employer", "employee", "id_number", "start", "end"),
    "rental_contract": ("landlord", "tenant", "id_number", "address", "start", "end", "rent"),
    "property_certificate": ("owner", "address", "number", "unit_number", "area"),
    "social_insurance_certificate": ("name", "id_number", "employer", "city", "months_paid", "months_backpaid",
                                     "months_missing"),
    "returnee_work_permit": ("name", "sex", "birth_date", "country", "degree", "employer", "number"),
    "business_licence": ("uscc", "name", "legal_representative", "capital", "date", "address"),
    "capital_verification_report": ("company", "investor", "amount"),
    "residence_notice": ("name", "id_number", "address", "date", "authority"),
    "hukou_page": ("name", "relation", "sex", "birthplace", "ethnicity", "birth_date", "id_number", "education"),
    "marriage_certificate": ("holder", "date", "number", "id_number", "spouse", "spouse_id_number"),
    "tax_certificate": ("name", "id_number", "period", "months", "total_tax"),
    "sh_residence_permit": ("name", "sex", "id_number", "address", "valid_to"),
    "zj_residence_permit": ("name", "sex", "id_number", "address", "valid_to"),
}


#: What a value of a kind of field looks like; a value read from the wrong cell (a skewed form whose rows
#: drift) fails it and is dropped rather than reported as read.
PLAUSIBLE = {
    "name": r"[\u4e00-\u9fa5·•]{2,10}", "holder": r"[\u4e00-\u9fa5·•]{2,10}", "employee": r"[\u4e00-\u9fa5·•]{2,10}",
    "tenant": r"[\u4e00-\u9fa5·•]{2,10}", "landlord": r"[\u4e00-\u9fa5·•]{2,10}",
    "investor": r"[\u4e00-\u9fa5·•]{2,10}", "spouse": r"[\u4e00-\u9fa5·•]{2,10}",
    "legal_representative": r"[\u4e00-\u9fa5·•]{2,10}", "owner": r"[\u4e00-\u9fa5·•、,，]{2,40}",
    "school": r".*(大学|学院|学校|党校|研究院|研究所|研究生院).*",
    "address": r".*[省市区县路街道号镇村弄巷].*", "hukou_address": r".*[省市区县路街道号镇村弄巷].*",
    "residence_address": r".*[省市区县路街道号镇村弄巷].*",
    "employer": r".*[\u4e00-\u9fa5]{4,}.*", "company": r".*[\u4e00-\u9fa5]{4,}.*",
    "ethnicity": r"[\u4e00-\u9fa5]{1,5}", "phone": r"\d{7,13}",
}


PLAUSIBLE_BY_MATERIAL = {"business_licence": {"name": r".*[\u4e00-\u9fa5]{4,}.*"}}  # the company's name


def extract(material: str, lines: list[OcrLine]) -> dict[str, Field]:
    fn = EXTRACTORS.get(material)
    if not fn:
        return {}
    out = fn(lines)
    patterns = {**PLAUSIBLE, **PLAUSIBLE_BY_MATERIAL.get(material, {})}
    return {k: v for k, v in out.items() if k not in patterns or re.fullmatch(patterns[k], v.value)}


#: Values printed as one glyph alone in their cell (性别 男). The text detector can miss a lone character, so a
#: page without one gets its cell read again on its own (``reread_missing``): field -> (label, value pattern).
GLYPH_FIELDS = {
    material: {"sex": (r"性[别別]", SEX)}
    for material in ("id_card_front", "title_certificate", "application_form", "returnee_work_permit", "hukou_page",
                     "sh_residence_permit", "zj_residence_permit")
}


def value_cell(lines: list[OcrLine], label: str) -> list[int] | None:
    """Where the value of ``label`` is printed when the label was read alone on its line: the box right of the
    label up to the next text on its row (at most four line heights on), a quarter line height above and below."""
    lay = Layout(lines)
    for i, text in enumerate(lay.t):
        m = re.search(label, text)
        if not m or text[m.end():].strip(_TRIM):
            continue
        x0, y0, x1, y1 = lay.lines[i].box
        h = max(1, y1 - y0)
        right = x1 + 4 * h
        for k, ln in enumerate(lay.lines):
            overlap = min(y1, ln.box[3]) - max(y0, ln.box[1])
            if k != i and ln.box[0] >= x1 - 0.2 * h and overlap >= 0.5 * min(h, max(1, ln.box[3] - ln.box[1])):
                right = min(right, ln.box[0])
        if right - x1 < 0.5 * h:
            return None  # the next cell begins right after the label: no room for a value
        return [max(0, round(x1)), max(0, round(y0 - 0.25 * h)), round(right), round(y1 + 0.25 * h)]
    return None


def reread_missing(material: str, lines: list[OcrLine], fields: dict[str, Field],
                   read: Callable[[list[int]], list[OcrLine]]) -> dict[str, Field]:
    """Fields of ``GLYPH_FIELDS`` that were not read, read again from their cell alone.

    ``read(box)`` OCRs the page's pixels inside box (x0, y0, x1, y1) and returns lines with boxes relative to
    it. A value is taken only when the cell holds nothing but a value of its kind (never a guess)."""
    for name, (label, pattern) in GLYPH_FIELDS.get(material, {}).items():
        if name in fields:
            continue
        box = value_cell(lines, label)
        if box is None:
            continue
        got = [ln for ln in read(box) if ln.confidence >= Text.MIN_CONFIDENCE]
        text = "".join(re.sub(r"\s+", "", ln.text) for ln in got).strip(_TRIM)
        m = re.fullmatch(pattern, text)
        if not m:
            continue
        x, y = box[0], box[1]
        fields[name] = Field(value=m.group(1), confidence=round(min(ln.confidence for ln in got), 4),
                             box=[min(ln.box[0] for ln in got) + x, min(ln.box[1] for ln in got) + y,
                                  max(ln.box[2] for ln in got) + x, max(ln.box[3] for ln in got) + y])
    return fields
