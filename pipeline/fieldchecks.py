"""Validate extracted fields and cross-check them between documents and against the declared data.

Page checks (``validate_page``): fields that could not be read, the GB 11643 ID
check character and the birth date and sex it encodes, the unified social
credit code's check character (GB 32100-2015), certificate number structure,
dates that exist and come in order, and fields of one page that contradict each
other. Submission checks (``cross_check``): the applicant's name, ID number,
birth date and sex agree across every material, certificate dates come after
the birth date, and the data typed online agrees with the application form field
by field (seed 000 FAQ 4.1). Every outcome is a Finding naming the places it compares.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.classify import type_names
from pipeline.extract import EXPECTED_FIELDS
from pipeline.messages import finding, uncertain
from pipeline.models import Declared, Field, Finding, Page
from pipeline.script import simplified
from pipeline.validators import (cert_number_problem, date_exists, date_key, format_problem, id_birth_date,
                                 id_problem, id_sex, normalise_id, uscc_problem)

#: Seed 000 FAQ 4.1: the information must be checked to be correct and typed exactly as on the form.
ACCURACY_SOURCE = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4 第1点"
ID_SOURCE = ACCURACY_SOURCE + "（公民身份号码校验：GB 11643-1999）"
USCC_SOURCE = ACCURACY_SOURCE + "（统一社会信用代码校验：GB 32100-2015）"
LEVEL_CN = {"博士研究生", "硕士研究生", "本科", "专科"}

#: Field names in the messages.
FIELD_NAMES = {
    "name": ("姓名", "name"), "id_number": ("公民身份号码", "ID number"), "birth_date": ("出生日期", "birth date"),
    "birth_month": ("出生年月", "birth month"), "sex": ("性别", "sex"), "date": ("发证日期", "date of issue"),
    "valid_from": ("有效期起始日", "start of validity"), "valid_to": ("有效期截止日", "end of validity"),
    "start": ("起始日期", "start date"), "end": ("终止日期", "end date"), "study_period": ("学习期间", "study period"),
    "period": ("所属期", "period"), "issued": ("签发日期", "date of issue"), "level": ("等级", "level"),
    "level_name": ("等级名称", "level name"), "length_of_study": ("学制", "length of study"),
    "number": ("证书编号", "certificate number"), "certificate_number": ("证书编号", "certificate number"),
    "employer": ("工作单位", "employer"), "major": ("所学专业", "major"), "education": ("学历", "education"),
    "school": ("毕业院校", "school"), "residence_address": ("现居住地址", "residence address"),
    "spouse_id_number": ("配偶公民身份号码", "spouse's ID number"), "hukou_address": ("户籍所在地", "household registration"), "graduation_month": ("毕业时间", "graduation month"),
}
#: Where each material names its holder (the applicant), when not under ``name``.
HOLDER_FIELD = {"labour_contract": "employee", "rental_contract": "tenant", "property_certificate": "owner",
                "capital_verification_report": "investor", "marriage_certificate": "holder"}
#: Materials whose person need not be the applicant: a business licence names its legal representative.
NOT_THE_APPLICANT = {"business_licence"}
#: Dates that cannot lie in the future (issue and birth dates).
PAST_DATES = ("birth_date", "date", "valid_from", "issued")
#: Pairs of fields (earlier, later) within one page.
ORDERED = (("valid_from", "valid_to"), ("start", "end"))
#: Dates of certificates that must come after the holder's birth.
CERT_DATES = ("date", "start", "valid_from", "study_period", "graduation_month")
VOC_LEVEL_NAMES = {"五级": "初级工", "四级": "中级工", "三级": "高级工", "二级": "技师", "一级": "高级技师"}
CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _fname(field: str) -> tuple[str, str]:
    return FIELD_NAMES.get(field, (field, field.replace("_", " ")))


@lru_cache(maxsize=None)
def _field_names() -> dict[str, list[str]]:
    path = Path(__file__).resolve().parent / "data" / "field_names.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def field_names(field: str) -> tuple[str, str]:
    """(Chinese, English) name of an extracted field for the report; the key itself if it has none."""
    zh, en = _field_names().get(field, [field, field])
    return zh, en


def validate_page(page: Page, today: date | None = None) -> list[Finding]:
    out: list[Finding] = []
    f = page.fields
    kw = {"file": page.file, "page": page.page}
    name_zh, name_en = type_names(page.material)
    material = page.material or ""
    expected = EXPECTED_FIELDS.get(material, ())
    if material == "application_form":  # blank cells of the form are FORM_FIELD_BLANK's findings
        expected = ("name", "id_number")
    for field in expected:
        if field not in f:
            fzh, fen = field_names(field)
            out.append(finding("FIELD_MISSING", "warn", field, None, ACCURACY_SOURCE, material=name_zh,
                               material_en=name_en, field=fzh, field_en=fen, **kw))
    for key in ("id_number", "spouse_id_number"):
        if key in f:
            out += _id_checks(page, key, f, kw)
    if "uscc" in f:
        code = f["uscc"].value
        prob = uscc_problem(code)
        f["uscc"].valid = prob is None
        out.append(finding("USCC_INVALID", "pass" if prob is None else "fail", code, "GB 32100-2015", USCC_SOURCE,
                           variant=prob[0] if prob else None, expected=prob[1] if prob else "", **kw))
    if material == "graduation_certificate" and "certificate_number" in f:
        number = f["certificate_number"].value
        level = f["level"].value if "level" in f and f["level"].value in LEVEL_CN else None
        end_year = None
        if "study_period" in f:
            try:
                end_year = int(f["study_period"].value.split("/")[1][:4])
            except (IndexError, ValueError):
                end_year = None
        problem = cert_number_problem(number, level, end_year)
        f["certificate_number"].valid = problem is None
        out.append(finding("CERT_NUMBER_INVALID", "fail" if problem else "pass", number, "18 位学历证书编号",
                           ACCURACY_SOURCE, reason=problem or "", **kw))
    for key in ("certificate_number", "number"):
        if key in f and material != "graduation_certificate":
            out += _format_check(page, key, kw, name_zh, name_en)
    out += _date_checks(page, kw, name_zh, name_en, today or date.today())
    out += _consistency(page, kw, name_zh, name_en)
    return out


def _id_checks(page: Page, key: str, f: dict[str, Field], kw: dict) -> list[Finding]:
    out = []
    number = f[key].value
    prob = id_problem(number)
    f[key].valid = prob is None
    if prob is None:
        out.append(finding("ID_NUMBER_INVALID", "pass", number, "GB 11643-1999", ID_SOURCE, **kw))
    else:
        variant, expected = prob
        out.append(finding("ID_NUMBER_INVALID", "fail", number, "GB 11643-1999", ID_SOURCE,
                           variant="format" if variant == "format" else None, expected=expected, **kw))
    if prob is None and key == "id_number":
        born = id_birth_date(number)
        # compared as far as the page's date goes (a birth month against the number's year and month)
        read = f["birth_date"].value if "birth_date" in f else ""
        if born and date_key(read) and not born.isoformat().startswith(read):
            out.append(finding("ID_BIRTH_MISMATCH", "fail", f["birth_date"].value, born.isoformat(), ID_SOURCE,
                               expected=born.isoformat(), **kw))
        sex = id_sex(number)
        if "sex" in f and sex and f["sex"].value != sex:
            out.append(finding("ID_SEX_MISMATCH", "fail", f["sex"].value, sex, ID_SOURCE, expected=sex, **kw))
    return out


def _format_check(page: Page, key: str, kw: dict, name_zh: str, name_en: str) -> list[Finding]:
    number = page.fields[key].value
    structure = format_problem(page.material or "", number)
    if structure is None and page.material not in _FORMAT_MATERIALS:
        return []
    page.fields[key].valid = structure is None
    return [finding("CERT_NUMBER_FORMAT", "pass" if structure is None else "fail", number, structure or "",
                    ACCURACY_SOURCE, material=name_zh, material_en=name_en, structure=structure or "", **kw)]


def _format_materials() -> set[str]:
    from pipeline.validators import CERT_FORMATS

    return set(CERT_FORMATS)


_FORMAT_MATERIALS = _format_materials()


def _date_parts(page: Page, key: str) -> list[tuple[str, str]]:
    """(field label, date value) of a field: a period 'a/b' yields its two ends."""
    v = page.fields[key].value
    if "/" in v:
        a, _, b = v.partition("/")
        return [(key + ".from", a), (key + ".to", b)]
    return [(key, v)]


def _date_checks(page: Page, kw: dict, name_zh: str, name_en: str, today: date) -> list[Finding]:
    out = []
    f = page.fields
    for key in list(f):
        for label, v in (_date_parts(page, key) if re.match(r"\d{4}-\d{2}", f[key].value or "") else []):
            if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v):
                continue
            fzh, fen = _fname(key)
            if not date_exists(v):
                f[key].valid = False
                out.append(finding("DATE_INVALID", "fail", v, None, ACCURACY_SOURCE, variant="impossible",
                                   material=name_zh, material_en=name_en, field_zh=fzh, field_en=fen, **kw))
            elif key in PAST_DATES and date_key(v) > (today.year, today.month, today.day):
                f[key].valid = False
                out.append(finding("DATE_INVALID", "fail", v, today.isoformat(), ACCURACY_SOURCE, variant="future",
                                   material=name_zh, material_en=name_en, field_zh=fzh, field_en=fen, **kw))
    pairs = [(page.fields[a].value, page.fields[b].value, a, b) for a, b in ORDERED if a in f and b in f]
    for key in ("study_period", "period"):
        if key in f and "/" in f[key].value:
            a, _, b = f[key].value.partition("/")
            pairs.append((a, b, key, key))
    for a, b, ka, kb in pairs:
        ta, tb = date_key(a), date_key(b)
        if ta is None or tb is None:
            continue  # 长期 (no end) or unreadable
        ok = ta < tb
        azh, aen = _fname(ka)
        bzh, ben = _fname(kb)
        out.append(finding("DATE_INVALID", "pass" if ok else "fail", {"from": a, "to": b}, "from < to", ACCURACY_SOURCE,
                           variant=None if ok else "order", material=name_zh, material_en=name_en, field_zh=azh,
                           field_en=aen, field_b_zh=bzh, field_b_en=ben, value_a=a, value_b=b, **kw))
    return out


def _consistency(page: Page, kw: dict, name_zh: str, name_en: str) -> list[Finding]:
    """Fields of one page that must agree with each other."""
    f = page.fields
    out = []
    checks = []
    if page.material == "vocational_certificate" and "level" in f and "level_name" in f:
        want = VOC_LEVEL_NAMES.get(f["level"].value)
        if want:
            checks.append(("level", "level_name", f["level"].value, f["level_name"].value, want == f["level_name"].value))
    if page.material == "graduation_certificate" and "length_of_study" in f and "study_period" in f:
        years = CN_DIGIT.get(f["length_of_study"].value) or (int(f["length_of_study"].value)
                                                             if f["length_of_study"].value.isdigit() else None)
        a, _, b = f["study_period"].value.partition("/")
        ka, kb = date_key(a), date_key(b)
        if years and ka and kb:
            months = (kb[0] - ka[0]) * 12 + kb[1] - ka[1]
            checks.append(("length_of_study", "study_period", f["length_of_study"].value, f["study_period"].value,
                           round(months / 12) == years))
    if page.material == "marriage_certificate" and "number" in f and "date" in f:
        m = re.search(r"-(\d{4})-", f["number"].value)
        if m:
            checks.append(("number", "date", f["number"].value, f["date"].value, m.group(1) == f["date"].value[:4]))
    for ka, kb, va, vb, ok in checks:
        azh, aen = _fname(ka)
        bzh, ben = _fname(kb)
        out.append(finding("FIELD_INCONSISTENT", "pass" if ok else "fail", {"a": va, "b": vb}, "consistent",
                           ACCURACY_SOURCE, material=name_zh, material_en=name_en, field_zh=azh, field_en=aen,
                           field_b_zh=bzh, field_b_en=ben, value_a=va, value_b=vb, **kw))
    return out


# ------------------------------------------------------------ across the submission
PLACE_NAMES = {
    "declared": ("网上填报信息", "the data typed online"),
}


def _place(page: Page | None) -> tuple[str, str]:
    if page is None:
        return PLACE_NAMES["declared"]
    zh, en = type_names(page.material)
    return f"{zh}（{page.file}）", f"the {en} ({page.file})"


def holder_name(page: Page) -> Field | None:
    """The applicant's name as the page prints it (the employee of a labour contract, the tenant of a lease...)."""
    if page.material in NOT_THE_APPLICANT:
        return None
    return page.fields.get(HOLDER_FIELD.get(page.material or "", "name"))


def _norm(text: str) -> str:
    """A value as compared: no spaces, half-width punctuation, simplified characters (黃 is 黄 typed or read in
    the other script)."""
    t = simplified(re.sub(r"\s+", "", text or ""))
    return t.translate(str.maketrans("（）：，；", "():,;")).replace("•", "·").replace("・", "·")


def _same_name(ref: str, val: str, material: str | None) -> bool:
    if material == "property_certificate":  # jointly owned: the applicant is one of the owners
        return _norm(ref) in [_norm(x) for x in re.split(r"[、,，;；/]", val)]
    return _norm(ref) == _norm(val)


#: Least OCR confidence of a name read on an unclear page for a name with no character in common with the
#: applicant's to count as another person's (a misreading changes a character or two, not a whole name).
DISTINCT_NAME_MIN_CONFIDENCE = 0.9


def _another_person(ref: tuple[Page | None, str], other: tuple[Page | None, str]) -> bool:
    """Whether two names that differ share no character and each was read with confidence: the page names
    someone else, even when it is too unclear to read every character reliably."""
    if set(_norm(ref[1])) & set(_norm(other[1])):
        return False
    for page, _ in (ref, other):
        f = holder_name(page) if page is not None else None
        if page is not None and (f is None or (f.confidence or 0.0) < DISTINCT_NAME_MIN_CONFIDENCE):
            return False
    return True


def _mismatch(field: str, ref: tuple[Page | None, str], other: tuple[Page | None, str], ok: bool,
              sure: bool = False) -> Finding:
    (ref_page, ref_val), (other_page, val) = ref, other
    fzh, fen = _fname(field)
    fen = fen[:1].upper() + fen[1:]  # the English message begins with it
    a_zh, a_en = _place(ref_page)
    b_zh, b_en = _place(other_page)
    f = finding("CROSS_MISMATCH", "pass" if ok else "fail", {"a": ref_val, "b": val}, "identical", ACCURACY_SOURCE,
                file=other_page.file if other_page else (ref_page.file if ref_page else None),
                page=other_page.page if other_page else None,
                field_zh=fzh, field_en=fen, place_a=a_zh, place_a_en=a_en, place_b=b_zh,
                place_b_en=b_en, value_a=ref_val, value_b=val)
    # a value read from a page too unclear to read reliably may be a misreading, not a disagreement
    return uncertain(f) if not sure and any(pg is not None and not pg.legible for pg in (ref_page, other_page)) else f


def cross_check(pages: list[Page], declared: Declared) -> list[Finding]:
    """The applicant's name, ID number, birth date and sex agree across all materials and with the declared data
    (the first ID card is the reference); certificate dates follow the birth date; the data typed online agrees
    with the application form."""
    out: list[Finding] = []
    # the reference is the first ID card read from a legible page, else the first legible page: a disagreement
    # between legible pages is a fact even when the ID card itself was too unclear to read
    ordered = sorted(pages, key=lambda p: (not p.legible, p.material != "id_card_front"))
    # name and ID number
    for field in ("name", "id_number"):
        if field == "name":
            values = [(p, f.value) for p in ordered if (f := holder_name(p)) is not None]
        else:
            values = [(p, p.fields[field].value) for p in ordered if field in p.fields]
        dval = getattr(declared, field)
        if dval:
            values.insert(0 if not values else 1, (None, normalise_id(dval) if field == "id_number" else dval.strip()))
        if len(values) < 2:
            continue
        ref = values[0]
        for other in values[1:]:
            ok = _same_name(ref[1], other[1], other[0].material if other[0] else None) if field == "name" \
                else normalise_id(ref[1]) == normalise_id(other[1])
            out.append(_mismatch(field, ref, other, ok, sure=field == "name" and not ok and _another_person(ref, other)))
    # birth date and sex: an ID number that passes its check digit (the ID card's first) is the reference,
    # else the birth date printed on the ID card, else the declared one
    born, born_place, sex_ref = None, None, None
    for p in ordered:
        if "id_number" in p.fields and id_problem(p.fields["id_number"].value) is None:
            born, born_place = id_birth_date(p.fields["id_number"].value).isoformat(), p
            sex_ref = (p, id_sex(p.fields["id_number"].value))
            break
    if born is None:
        for p in ordered:
            if "birth_date" in p.fields and p.material == "id_card_front" and date_key(p.fields["birth_date"].value):
                born, born_place = p.fields["birth_date"].value, p
                break
    if born is None and declared.birth_date:
        born, born_place = declared.birth_date.isoformat(), None
    if born:
        for p in ordered:
            if p is born_place:
                continue
            for key in ("birth_date", "birth_month"):
                if key in p.fields and date_key(p.fields[key].value):
                    v = p.fields[key].value
                    out.append(_mismatch(key, (born_place, born if key == "birth_date" else born[:7]), (p, v),
                                         v == (born if key == "birth_date" else born[:7])))
            for key in CERT_DATES:
                if key not in p.fields:
                    continue
                v = p.fields[key].value.partition("/")[0]
                if date_key(v) and date_key(v) <= date_key(born):
                    fzh, fen = _fname(key)
                    tzh, ten = type_names(p.material)
                    bad = finding("DATE_INVALID", "fail", v, born, ACCURACY_SOURCE, variant="before_birth",
                                  material=tzh, material_en=ten, field_zh=fzh, field_en=fen, born=born,
                                  file=p.file, page=p.page)
                    out.append(bad if p.legible and (born_place is None or born_place.legible) else uncertain(bad))
    sex_ref = sex_ref or next(((p, p.fields["sex"].value) for p in ordered
                               if p.material == "id_card_front" and "sex" in p.fields), None)
    if sex_ref:
        for p in ordered:
            if p is not sex_ref[0] and "sex" in p.fields and p.material != "marriage_certificate":
                out.append(_mismatch("sex", sex_ref, (p, p.fields["sex"].value), p.fields["sex"].value == sex_ref[1]))
    out += declared_vs_form(pages, declared)
    return out


EDUCATION_CN = {"doctorate": ("博士研究生", "博士"), "master": ("硕士研究生", "硕士"), "bachelor": ("本科",),
                "associate": ("专科", "大专")}


def declared_vs_form(pages: list[Page], declared: Declared) -> list[Finding]:
    """Seed 000 FAQ 4.1: the data typed online must agree exactly with the application form, field by field."""
    out: list[Finding] = []
    for form in (p for p in pages if p.material == "application_form"):
        f = form.fields
        comparisons: list[tuple[str, str, str, bool]] = []  # field, declared, form, agrees
        for key in ("name", "employer", "major"):
            d = getattr(declared, key)
            if d and key in f:
                comparisons.append((key, d, f[key].value, _norm(d) == _norm(f[key].value)))
        if declared.id_number and "id_number" in f:
            comparisons.append(("id_number", declared.id_number, f["id_number"].value,
                                normalise_id(declared.id_number) == normalise_id(f["id_number"].value)))
        if declared.education and declared.education in EDUCATION_CN and "education" in f:
            comparisons.append(("education", declared.education, f["education"].value,
                                f["education"].value in EDUCATION_CN[declared.education]))
        if declared.birth_date and "birth_month" in f:
            d = declared.birth_date.isoformat()[:7]
            comparisons.append(("birth_month", d, f["birth_month"].value, d == f["birth_month"].value))
        if declared.residence_district and "residence_address" in f:
            comparisons.append(("residence_address", declared.residence_district, f["residence_address"].value,
                                _norm(declared.residence_district) in _norm(f["residence_address"].value)))
        if declared.hukou_city and "hukou_address" in f:
            comparisons.append(("hukou_address", declared.hukou_city, f["hukou_address"].value,
                                _norm(declared.hukou_city) in _norm(f["hukou_address"].value)))
        for key, d, v, ok in comparisons:
            out.append(_mismatch(key, (None, d), (form, v), ok))
    return out
