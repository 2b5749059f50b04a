"""Shanghai residence permit (上海市居住证): seed 001, Shanghai part.

Residence registration of half a year and one of: employment with insurance, a lawful home, study, or the
talent route. Numbers come from ``rules/data/sh-residence/parameters.yaml``; the shortage-major list is not
in the seeds (``rules/data/lists/sh_shortage_majors.yaml``), so an associate-degree holder on the talent
route gets needs_review.
"""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.models import Declared, Reason
from rules.common import (attach_pages, Alternative, Facts, PageEvidence, add_months, channel_reason,
                          combine_alternatives, counted_insurance_months, evidence_from_pages, region_not_covered)
from rules.lists import load_list
from rules.params import ParameterSet, load_parameters
from rules.reasons import reason

PROCEDURE = "sh-residence"
Evidence = PageEvidence
SRC = "001_7af57b64fb3c6177.txt 上海市居住证办理条件"
COND_SRC = f"{SRC} 二、受理条件 2. 符合以下情形之一"
LABEL = "上海规定（种子001）"
#: Page types each rule rests on, for the trace.
PAGES = {"conditions.合法稳定就业": ("social_insurance_certificate", "labour_contract"),
         "conditions.合法稳定住所": ("property_certificate", "rental_contract"),
         "conditions.人才引进": ("graduation_certificate", "degree_certificate", "title_certificate", "vocational_certificate"),
         "endorsement": ("sh_residence_permit",), "hukou": ("hukou_page", "id_card_front")}
EDU = ["none", "associate", "bachelor", "master", "doctorate"]

__all__ = ["Evidence", "Facts", "evaluate", "evidence_from_pages", "material_conditions"]


def material_conditions(d: Declared) -> dict[str, bool | None]:
    return {
        "basis_employment": None if d.basis is None else d.basis == "employment",
        "basis_talent": None if d.basis is None else d.basis == "talent",
        "basis_study": None if d.basis is None else d.basis == "study",
        "basis_family": None if d.basis is None else d.basis == "family",
        "lives_in_dormitory": None if d.housing is None else d.housing == "dormitory",
        "is_minor": None if d.basis is None else d.basis == "minor",
    }


def _alts(d: Declared, p: ParameterSet, on: date) -> list[Alternative]:
    city = p.get("city.name", on)
    need_ins = p.get("insurance.min_months", on)
    counted = counted_insurance_months(d, p.get("insurance.backpaid_tolerance_months", on))
    ifacts = {"insurance_city": d.insurance_city, "insurance_months": d.insurance_months,
              "insurance_backpaid_months": d.insurance_backpaid_months, "counted_months": counted, "required": need_ins}
    if d.insurance_city is not None and d.insurance_city != city:
        emp, ez, ee = False, f"参保地{d.insurance_city}不在{city}", f"insured in {d.insurance_city}, not in {city}"
    elif counted is None or d.insurance_city is None:
        emp, ez, ee = None, "未申报", "not declared"
    else:
        emp = counted >= need_ins
        ez = f"计入{counted}个月（补缴{d.insurance_backpaid_months}个月不计），需满{need_ins}个月"
        ee = f"{counted} month(s) count ({d.insurance_backpaid_months} back-paid do not), {need_ins} needed"
    alts = [Alternative("合法稳定就业", "在沪参加职工社会保险满6个月（不含补缴）", "six months of Shanghai employee insurance, back-pay excluded",
                        {LABEL: emp}, p.cite("insurance.min_months", on), ifacts,
                        unknown_zh="参保城市及在沪参加职工社会保险的月数（含补缴月数）",
                        unknown_en="where you are insured and for how many months (and how many were back-paid)",
                        detail_zh=ez, detail_en=ee)]
    hfacts = {"housing": d.housing, "lease_registered": d.lease_registered}
    if d.housing is None:
        h, hz, he = None, "未申报", "not declared"
    elif d.housing not in p.get("housing.accepted", on):
        h, hz, he = False, "住所类型不属于自购房、租赁房或集体宿舍", "not an own home, rented home or dormitory"
    elif d.housing in ("rent_private", "rent_collective"):
        h = d.lease_registered
        hz, he = ("租赁合同未在房管部门备案", "the lease is not registered") if h is False else ("", "")
    else:
        h, hz, he = True, "", ""
    alts.append(Alternative("合法稳定住所", "有合法稳定住所（自购房、备案租赁房或集体宿舍）", "a lawful stable home",
                            {LABEL: h}, p.cite("housing.accepted", on), hfacts,
                            unknown_zh="住所类型及租赁合同是否已登记备案", unknown_en="the kind of home and whether the lease is registered",
                            detail_zh=hz or "未申报", detail_en=he or "not declared"))
    need_sem = p.get("study.min_semesters", on)
    s = None if d.study_semesters is None else d.study_semesters >= need_sem
    alts.append(Alternative("连续就读", "在沪全日制学校就读满1学期", "a semester of full-time study in Shanghai",
                            {LABEL: s}, p.cite("study.min_semesters", on), {"study_semesters": d.study_semesters},
                            unknown_zh="在沪全日制就读的学期数（不在读请填 0）", unknown_en="full-time semesters studied in Shanghai (0 if none)",
                            detail_zh=f"就读{d.study_semesters}学期，需{need_sem}学期" if s is not None else "未申报",
                            detail_en=f"{d.study_semesters} semester(s), {need_sem} needed" if s is not None else "not declared"))
    alts.append(_talent(d, p, on))
    return alts


def _talent(d: Declared, p: ParameterSet, on: date) -> Alternative:
    tfacts = {"education": d.education, "major": d.major, "talent_recognised": d.talent_recognised}
    src = p.cite("talent.min_education", on)
    name = ("人才引进：本科及以上学历或紧缺专业大专学历（需通过人才认定）",
            "talent route: a bachelor's degree or higher, or an associate degree in a shortage major, with the talent recognition")
    open_ = None
    if d.education is None:
        t, z, e = None, "未申报学历", "education not declared"
    elif d.education in EDU and EDU.index(d.education) >= EDU.index(p.get("talent.min_education", on)):
        t = d.talent_recognised
        z, e = ("未通过人才认定", "no talent recognition") if t is False else ("", "")
    elif d.education == p.get("talent.shortage_education", on):
        lst = load_list("sh_shortage_majors")
        if d.talent_recognised is False:
            t, z, e = False, "未通过人才认定", "no talent recognition"
        elif lst.known:
            t = d.major in lst.entries and d.talent_recognised
            z, e = f"专业“{d.major}”不在紧缺专业目录内", f"the major {d.major} is not a shortage major"
        else:
            t, z, e = None, "", ""
            open_ = reason("DATA_NOT_IN_SOURCES", "needs_review", "conditions.人才引进", lst.source.cite(), tfacts,
                           condition="紧缺专业大专学历", condition_en="associate degree in a shortage major",
                           data=f"《{lst.title}》", data_en=f"the list {lst.title}")
    else:
        t, z, e = False, "学历未达到本科，且非大专", "below an associate degree"
    return Alternative("人才引进", name[0], name[1], {LABEL: t}, src, tfacts,
                       unknown_zh="学历及是否已通过人才认定", unknown_en="your education and whether you passed the talent recognition",
                       open_reason=open_, detail_zh=z or "未申报", detail_en=e or "not declared")


def endorsement(f: Facts, p: ParameterSet) -> list[Reason]:
    d, on = f.declared, f.on
    src = f"{p.cite('endorsement.interval_months', on)}; {p.cite('endorsement.grace_days', on)}"
    if d.permit_issued is None:
        return [reason("FACT_UNKNOWN", "needs_review", "endorsement", src, {},
                       fact="居住证签发日期（或上次签注日期）", fact_en="the permit's issue date (or last endorsement)")]
    due = add_months(d.permit_issued, p.get("endorsement.interval_months", on))
    grace = due + timedelta(days=p.get("endorsement.grace_days", on))
    facts = {"permit_issued": d.permit_issued.isoformat(), "due": due.isoformat(), "grace_until": grace.isoformat()}
    fmt = dict(request="签注", request_en="endorsement", start="", end=due.isoformat())
    if on <= due:
        return [reason("WINDOW_OPEN", "info", "endorsement", src, facts, **{**fmt, "start": d.permit_issued.isoformat()})]
    variant = "sh_grace" if on <= grace else "sh_lapsed"
    return [reason("WINDOW_PASSED", "info", "endorsement", src, facts, variant=variant, **fmt)]


def evaluate(f: Facts) -> list[Reason]:
    p = load_parameters(PROCEDURE)
    d, on = f.declared, f.on
    city = p.get("city.name", on)
    out = region_not_covered(d, "region", f"{SRC} 三、所需材料 1. 通用材料（身份证或户口簿）",
                             "种子只描述持身份证或户口簿的来沪人员", "the seed describes only holders of a resident ID card or hukou book")
    if d.hukou_city == city:
        out.append(reason("HUKOU_LOCAL", "ineligible", "hukou", p.cite("city.name", on), {"hukou_city": d.hukou_city},
                          city=city, city_en="Shanghai"))
    elif d.hukou_city is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "hukou", p.cite("city.name", on), {},
                          fact="户籍所在城市", fact_en="the city of your hukou"))
    if d.residence_city is not None and d.residence_city != city:
        out.append(reason("RESIDENCE_OUTSIDE_AREA", "ineligible", "residence", p.cite("city.name", on),
                          {"residence_city": d.residence_city}, district=d.residence_city, area=city, area_en="Shanghai"))
    need = p.get("residence.min_months", on)
    rfacts = {"residence_registered_months": d.residence_registered_months, "required": need}
    if d.residence_registered_months is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "residence_time", p.cite("residence.min_months", on), rfacts,
                          fact="在本市办理居住登记后连续居住的月数", fact_en="months lived in Shanghai since the residence registration"))
    elif d.residence_registered_months < need:
        out.append(reason("RESIDENCE_TOO_SHORT", "ineligible", "residence_time", p.cite("residence.min_months", on), rfacts,
                          months=d.residence_registered_months, need=need))
    alts = _alts(d, p, on)
    if d.basis == "family":
        src = f"{SRC} 三、所需材料 2. 附加材料 投靠类"
        alts.append(Alternative("投靠", "投靠亲属", "joining a relative", {LABEL: None}, src, {"basis": "family"},
                                open_reason=reason("DATA_NOT_IN_SOURCES", "needs_review", "conditions.投靠", src,
                                                   {"basis": "family"}, condition="投靠亲属申领", condition_en="applying as a dependant",
                                                   data="投靠类的申领条件（种子只列出其材料）",
                                                   data_en="the conditions for dependants (the seed lists only their materials)")))
    out += combine_alternatives(alts, "conditions", COND_SRC)
    if d.request == "endorse":
        out += endorsement(f, p)
    out.append(channel_reason(p, on, "channel.online"))
    return attach_pages(out, f.evidence, PAGES)
