"""Validators of identity and certificate numbers and of Chinese dates."""

from __future__ import annotations

import re
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")

#: 学历证书编号 level codes (positions 11-12): 教育部学历证书电子注册 numbering.
CERT_LEVELS = {"01": "博士研究生", "02": "硕士研究生", "05": "本科", "06": "专科", "07": "专科"}


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def normalise_id(text: str) -> str:
    return re.sub(r"\s", "", text).upper().replace("x", "X")


def id_problem(number: str) -> tuple[str, str] | None:
    """None if the ID number is valid, else (variant, expected) for the finding."""
    n = normalise_id(number)
    if not ID_RE.match(n):
        return ("format", "")
    expected = id_check_char(n[:17])
    if n[17] != expected:
        return ("check", expected)
    if id_birth_date(n) is None:
        return ("format", "")
    return None


def id_birth_date(number: str) -> date | None:
    n = normalise_id(number)
    try:
        return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except (ValueError, IndexError):
        return None


def id_sex(number: str) -> str | None:
    n = normalise_id(number)
    if len(n) < 17 or not n[16].isdigit():
        return None
    return "男" if int(n[16]) % 2 else "女"


CN_NUM = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(text: str) -> int | None:
    """Chinese numerals as written in certificate dates: 二〇一八, 十二, 二十三, 三十."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        a, _, b = text.partition("十")
        tens = CN_NUM.get(a, None) if a else 1
        ones = CN_NUM.get(b, None) if b else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    digits = [CN_NUM.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_DATE_RE = re.compile(
    r"(?P<y>[0-9〇零○O一二三四五六七八九]{4})\s*年\s*(?P<m>[0-9一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>[0-9一二三四五六七八九十]{1,3})\s*日)?"
)


def parse_cn_date(text: str) -> tuple[int, int, int | None] | None:
    """First date in text, Arabic or Chinese numerals: (year, month, day or None)."""
    m = _DATE_RE.search(text)
    if not m:
        return None
    y, mo = cn_int(m.group("y")), cn_int(m.group("m"))
    d = cn_int(m.group("d")) if m.group("d") else None
    if y is None or mo is None or not (1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return (y, mo, d)


def cert_number_problem(number: str, level: str | None = None, end_year: int | None = None) -> str | None:
    """None if a graduation certificate number (18 digits) is well formed, else the reason (English)."""
    if not re.fullmatch(r"\d{18}", number):
        return "18 digits expected"
    year, lvl = int(number[6:10]), number[10:12]
    if lvl not in CERT_LEVELS:
        return f"unknown level code {lvl}"
    if not 1950 <= year <= date.today().year:
        return f"implausible graduation year {year}"
    if end_year and year != end_year:
        return f"year {year} in the number differs from the graduation year {end_year}"
    if level and CERT_LEVELS[lvl] != level:
        return f"level code {lvl} ({CERT_LEVELS[lvl]}) differs from the stated level {level}"
    return None
