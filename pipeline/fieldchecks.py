"""Validate extracted fields and cross-check them between documents and against the declared data."""

from __future__ import annotations

from pipeline.classify import type_names
from pipeline.extract import EXPECTED_FIELDS
from pipeline.messages import finding
from pipeline.models import Declared, Finding, Page
from pipeline.validators import cert_number_problem, id_birth_date, id_problem, id_sex, normalise_id

#: Seed 000 FAQ 4.1: the information must be checked to be correct and typed exactly as on the form.
ACCURACY_SOURCE = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4 第1点"
ID_SOURCE = ACCURACY_SOURCE + "（公民身份号码校验：GB 11643-1999）"
LEVEL_CN = {"博士研究生", "硕士研究生", "本科", "专科"}


def validate_page(page: Page) -> list[Finding]:
    out: list[Finding] = []
    f = page.fields
    kw = {"file": page.file, "page": page.page}
    name_zh, name_en = type_names(page.material)
    for field in EXPECTED_FIELDS.get(page.material or "", ()):
        if field not in f:
            out.append(finding("FIELD_MISSING", "warn", None, None, ACCURACY_SOURCE, material=name_zh,
                               field=field, **kw))
    if "id_number" in f:
        number = f["id_number"].value
        prob = id_problem(number)
        f["id_number"].valid = prob is None
        if prob is None:
            out.append(finding("ID_NUMBER_INVALID", "pass", number, "GB 11643-1999", ID_SOURCE, **kw))
        else:
            variant, expected = prob
            out.append(finding("ID_NUMBER_INVALID", "fail", number, "GB 11643-1999", ID_SOURCE,
                               variant="format" if variant == "format" else None, expected=expected, **kw))
        if prob is None and page.material == "id_card_front":
            born = id_birth_date(number)
            if "birth_date" in f and born and f["birth_date"].value != born.isoformat():
                out.append(finding("ID_BIRTH_MISMATCH", "fail", f["birth_date"].value, born.isoformat(), ID_SOURCE,
                                   expected=born.isoformat(), **kw))
            sex = id_sex(number)
            if "sex" in f and sex and f["sex"].value != sex:
                out.append(finding("ID_SEX_MISMATCH", "fail", f["sex"].value, sex, ID_SOURCE, expected=sex, **kw))
    if page.material == "graduation_certificate" and "certificate_number" in f:
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
    return out


PLACE_NAMES = {
    "declared": ("网上填报信息", "the data typed online"),
}


def _place(page: Page | None) -> tuple[str, str]:
    if page is None:
        return PLACE_NAMES["declared"]
    zh, en = type_names(page.material)
    return f"{zh}（{page.file}）", f"the {en} ({page.file})"


def cross_check(pages: list[Page], declared: Declared) -> list[Finding]:
    """Name and ID number agree across all materials and with the declared data (first ID card is the reference)."""
    out: list[Finding] = []
    labels = {"name": ("姓名", "Name"), "id_number": ("公民身份号码", "ID number")}
    for field, (fzh, fen) in labels.items():
        holders = [p for p in pages if field in p.fields]
        holders.sort(key=lambda p: p.material != "id_card_front")
        values: list[tuple[Page | None, str]] = [(p, p.fields[field].value) for p in holders]
        dval = getattr(declared, field)
        if dval:
            values.insert(0 if not holders else 1, (None, normalise_id(dval) if field == "id_number" else dval.strip()))
        if len(values) < 2:
            continue
        ref_page, ref_val = values[0]
        for other_page, val in values[1:]:
            a_zh, a_en = _place(ref_page)
            b_zh, b_en = _place(other_page)
            status = "pass" if val == ref_val else "fail"
            out.append(finding("CROSS_MISMATCH", status, {"a": ref_val, "b": val}, "identical", ACCURACY_SOURCE,
                               file=other_page.file if other_page else (ref_page.file if ref_page else None),
                               page=other_page.page if other_page else None,
                               field_zh=fzh, field_en=fen, place_a=a_zh, place_a_en=a_en, place_b=b_zh,
                               place_b_en=b_en, value_a=ref_val, value_b=val))
    return out
