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


_ISO_RE = re.compile(r"(?<!\d)(\d{4})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{1,2}))?(?!\d)")


def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """First date in text: Chinese (二〇一八年六月三十日, 2018年6月30日) or numeric (2018-06-30, 2018.06.30, 2018/6/30)."""
    text = text.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})) if re.search(r"\d", text) else text
    cn = parse_cn_date(text)
    m = _ISO_RE.search(text)
    if cn and (not m or _DATE_RE.search(text).start() <= m.start()):
        return cn
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else None
        if 1 <= mo <= 12 and (d is None or 1 <= d <= 31):
            return (y, mo, d)
    return cn


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


# ------------------------------------------------------------ unified social credit code (GB 32100-2015)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character: weights 3^i mod 31 over the 31-character set."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_problem(code: str) -> tuple[str, str] | None:
    """None if the unified social credit code is valid, else (variant, expected check character)."""
    c = re.sub(r"\s", "", code).upper()
    if not USCC_RE.match(c):
        return ("format", "")
    expected = uscc_check_char(c[:17])
    return None if c[17] == expected else ("check", expected)


# ------------------------------------------------------------ dates
def iso_date(value: str) -> date | None:
    """A full ISO date string (YYYY-MM-DD) as a date; None if it is not one or does not exist (2月30日)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def date_exists(value: str) -> bool:
    """Whether an extracted date value (YYYY-MM-DD or YYYY-MM) names a real calendar date."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value or "")
    if not m:
        return False
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return False
    return True


def date_key(value: str) -> tuple[int, int, int] | None:
    """Sortable (year, month, day) of YYYY-MM-DD or YYYY-MM (day 0: the month as a whole)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else None


# ------------------------------------------------------------ certificate numbers
#: Structure of the numbers printed on the certificates (what their issuers publish; a wrong one is
#: a misread or an altered certificate). Each: regex of the whole number, and what it is in words.
CERT_FORMATS: dict[str, tuple[str, str]] = {
    # 学位证书编号: school code (5) + degree level (1: 2 doctor, 3 master, 4 bachelor) + year (4) + serial (6);
    # the rendered samples print one digit more, so 16-17 digits are accepted.
    "degree_certificate": (r"\d{5}[234]\d{10,11}", "学位授予单位代码+学位级别+年份+顺序号（16 位数字）"),
    # 职业资格证书 (14 digits) or 职业技能等级证书 (S + 评价机构代码 and serial)
    "vocational_certificate": (r"\d{14}|S\d{15,20}", "14 位数字，或 S 加数字"),
    # 结婚证字号: J + 6-digit area code + year + serial
    "marriage_certificate": (r"[JLB]\d{6}-\d{4}-\d{5,6}", "J+行政区划代码-年份-顺序号"),
    # 不动产权证书号: 省简称（年份）市县不动产权第 N 号
    "property_certificate": (r"[\u4e00-\u9fa5][（(]\d{4}[)）][\u4e00-\u9fa5]{1,12}不动产权第\d{7}号",
                             "省简称（年份）市县不动产权第×××××××号"),
}


def format_problem(material: str, number: str) -> str | None:
    """None if the number has its certificate's structure (or no structure is known), else the structure expected."""
    fmt = CERT_FORMATS.get(material)
    if fmt is None:
        return None
    return None if re.fullmatch(fmt[0], number) else fmt[1]
