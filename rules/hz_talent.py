"""Acceptance conditions of the Hangzhou introduced-talent residence permit (seed 000 §八 and FAQ).

Small typed rule functions over :class:`Facts`; every number comes from
``rules/data/hz-talent/parameters.yaml`` and every list from ``rules/data/lists``.
Each function returns :class:`~pipeline.models.Reason` objects; what the facts
cannot settle is ``needs_review``, never a guess.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field as PydField

from pipeline.models import Declared, Reason
from rules.lists import load_list
from rules.params import ParameterSet, load_parameters
from rules.reasons import reason

PROCEDURE = "hz-talent"

EDUCATION_ORDER = ["none", "associate", "bachelor", "master", "doctorate"]
TITLE_ORDER = ["junior", "intermediate", "senior"]
VOCATIONAL_ORDER = ["senior_worker", "technician", "senior_technician"]
LEVEL_FROM_CERT = {"博士研究生": "doctorate", "硕士研究生": "master", "本科": "bachelor", "专科": "associate"}

CONDITION_NAMES = {
    1: ("普通全日制高等院校本科及以上学历", "a full-time regular bachelor's degree or higher"),
    2: ("普通全日制大专学历且专业在《杭州市紧缺人才目录》内", "a full-time associate degree in a major on the Hangzhou shortage list"),
    3: ("中级及以上专业技术职称", "an intermediate or senior professional title"),
    4: ("技师及以上国家职业资格", "a national vocational qualification of technician or above"),
    5: ("高级工国家职业资格且职业（工种）在紧缺目录内", "a senior-worker qualification in a shortage occupation"),
    6: ("持有《杭州市留学回国人员工作证》", "a Hangzhou returned overseas student work permit"),
    7: ("个人在杭投资达到规定额度的经营者", "an investor with the required personal investment in Hangzhou"),
}
SECTION = "000_1d56a9d687c69bf2.txt 八、受理条件 一（{n}）"


class Evidence(BaseModel):
    """What the pipeline read from the pages, with the page each value came from."""

    education_level: str | None = None
    full_time_wording: str | None = PydField(None, description="普通高等学校 / 成人高等教育 / ... as printed, '' if none")
    major: str | None = None
    certificate_pages: list[str] = []


class Facts(BaseModel):
    """The facts a decision rests on: the applicant's declaration and what was read."""

    declared: Declared
    evidence: Evidence = Evidence()
    on: date = PydField(default_factory=date.today, description="Date the rules are applied for.")


def _ge(order: list[str], value: str | None, minimum: str) -> bool:
    return value is not None and value in order and order.index(value) >= order.index(minimum)


def material_conditions(d: Declared) -> dict[str, bool | None]:
    """Predicates named by the catalogue's ``condition`` keys."""
    p = load_parameters(PROCEDURE)
    return {
        "has_intermediate_title": None if d.title_level is None else _ge(TITLE_ORDER, d.title_level, p.get("title.min_level")),
        "owns_home": None if d.housing is None else d.housing == "own",
        "rents_private_home": None if d.housing is None else d.housing == "rent_private",
        "residence_registered": d.residence_registered,
        "holds_returnee_permit": d.returnee_work_permit,
    }


def _place(district: str | None, p: ParameterSet, on: date) -> str | None:
    if district is None:
        return None
    if district in p.get("city_area.districts", on):
        return "杭州市区"
    if district in p.get("county_areas", on):
        return district
    return "杭州以外"


def base_conditions(f: Facts, p: ParameterSet) -> list[Reason]:
    d, on, out = f.declared, f.on, []
    if d.region in p.get("excluded_regions", on):
        out.append(reason("NOT_ELIGIBLE_REGION", "ineligible", "region", p.cite("excluded_regions", on), {"region": d.region}))
    if d.hukou_in_hangzhou_city_area is True:
        out.append(reason("HUKOU_IN_CITY", "ineligible", "hukou", SECTION.format(n="前文：非杭州市区户籍人员"),
                          {"hukou_in_hangzhou_city_area": True}))
    elif d.hukou_in_hangzhou_city_area is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "hukou", SECTION.format(n="前文"), {},
                          fact="户籍是否在杭州市区", fact_en="whether your hukou is in the Hangzhou city area"))
    ins = _place(d.insurance_district, p, on)
    res = _place(d.residence_district, p, on)
    facts = {"insurance_district": d.insurance_district, "residence_district": d.residence_district}
    if ins is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "insurance", SECTION.format(n="前文"), facts,
                          fact="参保所在区县", fact_en="the district where you pay social insurance"))
    elif ins == "杭州以外":
        out.append(reason("NOT_INSURED_IN_CITY", "ineligible", "insurance", SECTION.format(n="前文"), facts,
                          district=d.insurance_district))
    elif ins != "杭州市区":
        out.append(reason("SOURCES_CONFLICT", "needs_review", "insurance_county",
                          f"{SECTION.format(n='前文')}; 000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题5", facts,
                          conflict=f"§八要求在杭州市区工作并参保，而常见问题5允许{d.insurance_district}参保人员到当地申请",
                          conflict_en=f"§八 requires work and insurance in the city area, FAQ 5 lets people insured in {d.insurance_district} apply locally"))
    if res is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "residence", p.cite("county_areas", on), facts,
                          fact="居住地所在区县", fact_en="the district of residence"))
    elif ins is not None and res != ins:
        out.append(reason("RESIDENCE_INSURANCE_DIFFER", "ineligible", "same_place", p.cite("county_areas", on), facts,
                          residence=d.residence_district, insurance=d.insurance_district))
    return out


def qualification(f: Facts, p: ParameterSet) -> list[Reason]:
    """Conditions 1-7: one met is enough; what cannot be settled is needs_review."""
    d, e, on = f.declared, f.evidence, f.on
    met: list[Reason] = []
    open_: list[Reason] = []

    def cond(n: int) -> dict[str, Any]:
        return {"number": n, "condition": CONDITION_NAMES[n][0], "condition_en": CONDITION_NAMES[n][1]}

    level = e.education_level or d.education
    if e.certificate_pages:
        full_time: bool | None = e.full_time_wording in ("普通高等学校", "全日制")
    else:
        full_time = d.full_time
    major = e.major or d.major
    efacts = {"education": level, "full_time": full_time, "major": major, "pages": e.certificate_pages}
    for n, minimum in ((1, p.get("education.min_level", on)), (2, p.get("education.shortage_level", on))):
        qualifies_level = _ge(EDUCATION_ORDER, level, minimum) if n == 1 else level == minimum
        if not qualifies_level:
            continue
        src = p.cite("education.min_level" if n == 1 else "education.shortage_level", on)
        if full_time is None:
            open_.append(reason("FACT_UNKNOWN", "needs_review", f"condition_{n}", src, efacts,
                                fact="是否为普通全日制学历", fact_en="whether your degree is full-time regular study"))
            continue
        if not full_time:
            if e.certificate_pages:
                open_.append(reason("FULL_TIME_UNPROVEN", "needs_review", f"condition_{n}",
                                    "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题8", efacts, pages=e.certificate_pages))
            continue
        if n == 1:
            met.append(reason("CONDITION_MET", "info", "condition_1", src, efacts, pages=e.certificate_pages, **cond(1)))
            continue
        lst = load_list("hz_shortage_majors")
        if not lst.known:
            open_.append(reason("CONDITION_UNVERIFIED", "needs_review", "condition_2", lst.source.cite(), efacts,
                                why=f"《{lst.title}》不在政策来源中，无法核对专业“{major or '未知'}”",
                                why_en=f"the list {lst.title} is not in the policy sources, so the major \"{major or 'unknown'}\" cannot be checked",
                                **cond(2)))
        elif major and major in lst.entries:
            met.append(reason("CONDITION_MET", "info", "condition_2", lst.source.cite(), efacts, **cond(2)))
    if _ge(TITLE_ORDER, d.title_level, p.get("title.min_level", on)):
        met.append(reason("CONDITION_MET", "info", "condition_3", p.cite("title.min_level", on),
                          {"title_level": d.title_level}, **cond(3)))
    if _ge(VOCATIONAL_ORDER, d.vocational_level, p.get("vocational.min_level", on)):
        met.append(reason("CONDITION_MET", "info", "condition_4", p.cite("vocational.min_level", on),
                          {"vocational_level": d.vocational_level}, **cond(4)))
    elif d.vocational_level == p.get("vocational.shortage_level", on):
        lst = load_list("hz_shortage_occupations")
        vfacts = {"vocational_level": d.vocational_level, "occupation": d.occupation}
        if not lst.known:
            open_.append(reason("CONDITION_UNVERIFIED", "needs_review", "condition_5", lst.source.cite(), vfacts,
                                why=f"《{lst.title}》（{lst.document}）不在政策来源中，无法核对职业“{d.occupation or '未知'}”",
                                why_en=f"the list {lst.title} ({lst.document}) is not in the policy sources, so the occupation cannot be checked",
                                **cond(5)))
        elif d.occupation and d.occupation in lst.entries:
            met.append(reason("CONDITION_MET", "info", "condition_5", lst.source.cite(), vfacts, **cond(5)))
    if d.returnee_work_permit:
        met.append(reason("CONDITION_MET", "info", "condition_6", SECTION.format(n=6), {"returnee_work_permit": True}, **cond(6)))
    if d.investment_cny is not None:
        scope = d.residence_district
        need_a = p.get("investment.min_cny", on, scope)
        need_b = p.get("investment.min_cny_faq", on)
        ifacts = {"investment_cny": d.investment_cny, "residence_district": scope, "min_section_8": need_a, "min_faq_9": need_b}
        if d.investment_cny >= max(need_a, need_b):
            met.append(reason("CONDITION_MET", "info", "condition_7", p.cite("investment.min_cny", on, scope), ifacts, **cond(7)))
        elif d.investment_cny >= min(need_a, need_b):
            open_.append(reason("SOURCES_CONFLICT", "needs_review", "condition_7",
                                f"{p.cite('investment.min_cny', on, scope)}; {p.cite('investment.min_cny_faq', on)}", ifacts,
                                conflict=f"§八一（7）对{scope}居住人员要求投资{need_a}元，常见问题9要求{need_b}元；申报投资额为{d.investment_cny}元",
                                conflict_en=f"§八 1(7) asks {need_a} CNY of residents of {scope}, FAQ 9 asks {need_b} CNY; declared {d.investment_cny} CNY"))
    if met:
        out = met
        if d.employer_provincial_or_central and any(r.rule in {f"condition_{i}" for i in range(1, 6)} for r in met):
            out = out + [reason("APPLY_TO_PROVINCE", "info", "channel", SECTION.format(n="其中…向浙江省人力社保厅提出申请"),
                                {"employer_provincial_or_central": True})]
        return out
    if open_:
        return open_
    if level is None and d.title_level is None and d.vocational_level is None and d.investment_cny is None \
            and not d.returnee_work_permit:
        return [reason("FACT_UNKNOWN", "needs_review", "conditions_1_7", SECTION.format(n="1-7"), {},
                       fact="学历、职称、职业资格、留学回国人员工作证或投资额（受理条件1-7所需信息）",
                       fact_en="your education, title, vocational qualification, returnee permit or investment (conditions 1-7)")]
    return [reason("NO_CONDITION_MET", "ineligible", "conditions_1_7", SECTION.format(n="1-7"),
                   {"education": level, "full_time": full_time, "title_level": d.title_level,
                    "vocational_level": d.vocational_level, "returnee_work_permit": d.returnee_work_permit,
                    "investment_cny": d.investment_cny})]


def renewal(f: Facts, p: ParameterSet) -> list[Reason]:
    """A renewal (续期) is applied for within the month before expiry (FAQ 3); after expiry it is a new application."""
    from rules.common import add_months, window_check

    d, on = f.declared, f.on
    if d.request != "renew":
        return []
    src = p.cite("permit.renewal_window_months", on)
    if d.permit_expires is None:
        return [reason("FACT_UNKNOWN", "needs_review", "renewal", src, {},
                       fact="现持引进人才居住证的有效期截止日期", fact_en="the expiry date of the permit you hold")]
    start = add_months(d.permit_expires, -p.get("permit.renewal_window_months", on))
    return window_check("renew", on, start, d.permit_expires, {"permit_expires": d.permit_expires.isoformat()},
                        "renewal", src, overdue_variant="new_application")


def evaluate(f: Facts) -> list[Reason]:
    p = load_parameters(PROCEDURE)
    return base_conditions(f, p) + qualification(f, p) + renewal(f, p)


def evidence_from_pages(pages) -> Evidence:
    """Collect the facts the conditions need from the pages read (first graduation certificate wins)."""
    ev = Evidence()
    for pg in pages:
        if pg.material != "graduation_certificate":
            continue
        ev.certificate_pages.append(pg.ref)
        if ev.education_level is None and "level" in pg.fields:
            ev.education_level = LEVEL_FROM_CERT.get(pg.fields["level"].value)
        if ev.full_time_wording is None:
            ev.full_time_wording = pg.fields["school_type"].value if "school_type" in pg.fields else ""
        if ev.major is None and "major" in pg.fields:
            ev.major = pg.fields["major"].value
    return ev
