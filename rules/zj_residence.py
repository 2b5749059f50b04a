"""Zhejiang residence permit (浙江省居住证) in the Hangzhou city area: seed 001 (city guide) and seed 002
(Gongshu district draft for comment, 2022).

Every condition is judged under each source that applies to the applicant: the city guide for every
city-area resident, and also the Gongshu draft for residents of 拱墅区. A condition met under one and
not the other is a SOURCES_CONFLICT (needs_review), never a guess. Numbers come from
``rules/data/zj-residence/parameters.yaml``.
"""

from __future__ import annotations

from pipeline.models import Declared, Reason
from rules.common import (attach_pages, HOUSING_NAMES, Alternative, Facts, PageEvidence, add_months, age_on, channel_reason,
                          combine_alternatives, counted_insurance_months, evidence_from_pages, region_not_covered,
                          window_check)
from rules.params import ParameterSet, load_parameters
from rules.reasons import reason

PROCEDURE = "zj-residence"
Evidence = PageEvidence
CITY = "市规定（种子001）"
DRAFT = "拱墅区征求意见稿（种子002）"
#: Page types each rule rests on, for the trace.
PAGES = {"conditions.合法稳定就业": ("social_insurance_certificate",),
         "conditions.合法稳定住所": ("property_certificate", "rental_contract"),
         "conditions.人才引进快速通道": ("zj_residence_permit",), "endorsement": ("zj_residence_permit",),
         "hukou": ("hukou_page", "id_card_front")}
LABELS_EN = {CITY: "the city rules (seed 001)", DRAFT: "the Gongshu draft (seed 002)"}
COND_SRC = "001_7af57b64fb3c6177.txt 杭州市居住证办理条件（符合以下条件之一）"

__all__ = ["Evidence", "Facts", "evaluate", "evidence_from_pages", "material_conditions"]


def _variant(d: Declared, p: ParameterSet, on=None) -> str:
    return p.get("variant.district", on)


def _minor(d: Declared, p: ParameterSet, on) -> bool | None:
    if d.birth_date is None:
        return None
    return age_on(d.birth_date, on) < p.get("minor.max_age", on)


def material_conditions(d: Declared, on=None) -> dict[str, bool | None]:
    from datetime import date

    on = on or date.today()
    p = load_parameters(PROCEDURE)
    variant = d.residence_district == _variant(d, p, on) if d.residence_district else None
    minor = _minor(d, p, on)
    if d.basis is not None:  # the declared basis settles whether the minors' materials concern the applicant
        minor = d.basis == "minor" if minor is None else minor
    return {
        "basis_employment": None if d.basis is None else d.basis == "employment",
        "basis_study": None if d.basis is None else d.basis == "study",
        "owns_home": None if d.housing is None else (d.housing == "own" and d.basis in (None, "housing")),
        "rents_private_home": None if d.housing is None else (d.housing == "rent_private" and d.basis in (None, "housing")),
        "rents_collective_home": None if d.housing is None else (d.housing == "rent_collective" and d.basis in (None, "housing")),
        "lives_in_dormitory": None if d.housing is None else (d.housing == "dormitory" and d.basis in (None, "housing")),
        "holds_talent_permit": d.holds_talent_permit,
        "is_minor": minor,
        "in_variant_district": variant,
        "minor_in_variant_district": None if variant is None or minor is None else (variant and minor),
    }


def _scopes(d: Declared, p: ParameterSet, on) -> dict[str, str | None]:
    out: dict[str, str | None] = {CITY: None}
    if d.residence_district == _variant(d, p, on):
        out[DRAFT] = d.residence_district
    return out


def _cites(p: ParameterSet, name: str, on, scopes: dict[str, str | None]) -> str:
    return "; ".join(dict.fromkeys(p.cite(name, on, s) for s in scopes.values()))


def _bilingual(alt: Alternative) -> Alternative:
    alt.labels_en = LABELS_EN
    return alt


def _employment(d: Declared, p: ParameterSet, on, scopes) -> Alternative:
    city_area = p.get("city_area.districts", on)
    res: dict[str, bool | None] = {}
    facts = {"insurance_district": d.insurance_district, "insurance_months": d.insurance_months,
             "insurance_backpaid_months": d.insurance_backpaid_months, "insurance_gap_months": d.insurance_gap_months}
    details_zh, details_en = [], []
    for label, scope in scopes.items():
        need = p.get("insurance.min_months", on, scope)
        tol = p.get("insurance.backpaid_tolerance_months", on, scope)
        counted = counted_insurance_months(d, tol)
        facts[f"required_months[{label}]"] = need
        facts[f"counted_months[{label}]"] = counted
        if d.insurance_district is not None and d.insurance_district not in city_area:
            res[label] = False
            details_zh.append(f"参保地{d.insurance_district}不在杭州市区")
            details_en.append(f"insured in {d.insurance_district}, outside the city area")
        elif counted is None or d.insurance_district is None:
            res[label] = None
        elif d.insurance_gap_months > tol:
            res[label] = False
            details_zh.append(f"{label}：社保中断{d.insurance_gap_months}个月，超过允许的{tol}个月")
            details_en.append(f"{LABELS_EN[label]}: insurance interrupted for {d.insurance_gap_months} month(s), more than {tol}")
        else:
            res[label] = counted >= need
            details_zh.append(f"{label}：计入{counted}个月（补缴{d.insurance_backpaid_months}个月），需满{need}个月")
            details_en.append(f"{LABELS_EN[label]}: {counted} month(s) count ({d.insurance_backpaid_months} back-paid), {need} needed")
    return Alternative("合法稳定就业", "在杭州市区连续缴纳社会保险", "continuous social insurance in the city area",
                       res, _cites(p, "insurance.min_months", on, scopes), facts,
                       unknown_zh="参保所在区县及在杭州市区连续缴纳社会保险的月数（含补缴月数）",
                       unknown_en="where you are insured and for how many continuous months (and how many were back-paid)",
                       detail_zh="；".join(dict.fromkeys(details_zh)) or "未申报",
                       detail_en="; ".join(dict.fromkeys(details_en)) or "not declared")


def _housing(d: Declared, p: ParameterSet, on, scopes) -> Alternative:
    res: dict[str, bool | None] = {}
    facts = {"housing": d.housing, "lease_registered": d.lease_registered, "lease_months": d.lease_months}
    dz, de = [], []
    for label, scope in scopes.items():
        accepted = p.get("housing.accepted", on, scope)
        need = p.get("lease.min_months", on, scope)
        if d.housing is None:
            res[label] = None
        elif d.housing not in accepted:
            res[label] = False
            dz.append(f"{label}不认可该住所类型（{HOUSING_NAMES[d.housing][0]}）")
            de.append(f"{LABELS_EN[label]} does not accept this kind of housing ({HOUSING_NAMES[d.housing][1]})")
        elif d.housing in ("own", "dormitory"):
            res[label] = True
        elif d.housing == "rent_private" and d.lease_registered is False:
            res[label] = False
            dz.append("租赁未经房管部门备案")
            de.append("the lease is not registered with the housing authority")
        elif d.lease_months is None or d.lease_registered is None:
            res[label] = None
        else:
            res[label] = d.lease_months >= need
            dz.append(f"{label}：租期{d.lease_months}个月，需{need}个月以上")
            de.append(f"{LABELS_EN[label]}: lease of {d.lease_months} month(s), {need} needed")
    return Alternative("合法稳定住所", "在杭州市区有合法稳定住所", "a lawful stable home in the city area", res,
                       _cites(p, "lease.min_months", on, scopes) + "; " + _cites(p, "housing.accepted", on, scopes), facts,
                       unknown_zh="住所类型、租赁是否备案及租期", unknown_en="the kind of home, whether the lease is registered, and its term",
                       detail_zh="；".join(dict.fromkeys(dz)) or "未申报", detail_en="; ".join(dict.fromkeys(de)) or "not declared")


def _study(d: Declared, p: ParameterSet, on, scopes) -> Alternative:
    res: dict[str, bool | None] = {}
    dz, de = [], []
    for label, scope in scopes.items():
        need = p.get("study.min_semesters", on, scope)
        if d.study_semesters is None:
            res[label] = None
        else:
            res[label] = d.study_semesters >= need
            dz.append(f"{label}：连续就读{d.study_semesters}学期，需{need}学期")
            de.append(f"{LABELS_EN[label]}: {d.study_semesters} semester(s) of study, {need} needed")
    return Alternative("连续就读", "在杭全日制学校连续就读", "continuous full-time study in the city area", res,
                       _cites(p, "study.min_semesters", on, scopes), {"study_semesters": d.study_semesters},
                       unknown_zh="在杭全日制学校连续就读的学期数（不在读请填 0）",
                       unknown_en="full-time semesters studied in the city area (0 if none)",
                       detail_zh="；".join(dz) or "未申报", detail_en="; ".join(de) or "not declared")


def _minor_alt(d: Declared, p: ParameterSet, on, scopes) -> Alternative:
    res: dict[str, bool | None] = {}
    dz, de = [], []
    for label, scope in scopes.items():
        need = p.get("minor.parent_insurance_months", on, scope)
        if d.parent_holds_permit is None:
            res[label] = None
        elif not d.parent_holds_permit:
            res[label] = False
            dz.append("父母未持有效居住证")
            de.append("no parent holds a valid permit")
        elif need and d.parent_insurance_months is None:
            res[label] = None
        else:
            res[label] = (d.parent_insurance_months or 0) >= need
            dz.append(f"{label}：父母一方连续参保{d.parent_insurance_months or 0}个月，需{need}个月")
            de.append(f"{LABELS_EN[label]}: a parent insured {d.parent_insurance_months or 0} month(s), {need} needed")
    return Alternative("未成年人随父母申领", "未满16周岁，父母持有效居住证", "a minor whose parent holds a valid permit", res,
                       _cites(p, "minor.parent_insurance_months", on, scopes),
                       {"birth_date": str(d.birth_date), "parent_holds_permit": d.parent_holds_permit,
                        "parent_insurance_months": d.parent_insurance_months},
                       unknown_zh="父母是否持有效居住证，及父母一方在市区连续参保的月数",
                       unknown_en="whether your parents hold valid permits and a parent's months of city insurance",
                       detail_zh="；".join(dict.fromkeys(dz)), detail_en="; ".join(dict.fromkeys(de)))


def endorsement(f: Facts, p: ParameterSet) -> list[Reason]:
    d, on = f.declared, f.on
    src = p.cite("endorsement.window_months", on)
    if d.permit_issued is None:
        return [reason("FACT_UNKNOWN", "needs_review", "endorsement", src, {},
                       fact="居住证签发日期（或上次签注日期）", fact_en="the permit's issue date (or last endorsement)")]
    due = add_months(d.permit_issued, p.get("endorsement.interval_months", on))
    start = add_months(due, -p.get("endorsement.window_months", on))
    return window_check("endorse", on, start, due, {"permit_issued": d.permit_issued.isoformat()}, "endorsement",
                        f"{src}; {p.cite('endorsement.interval_months', on)}", overdue_variant="zj_suspended")


def evaluate(f: Facts) -> list[Reason]:
    p = load_parameters(PROCEDURE)
    d, on = f.declared, f.on
    out = region_not_covered(d, "region", COND_SRC, "种子只描述持居民身份证的流动人口",
                             "the seeds describe only mainland citizens holding a resident ID card")
    hukou_src = p.cite("residence.min_months", on, _variant(d, p, on))
    if d.hukou_in_hangzhou_city_area is True:
        out.append(reason("HUKOU_LOCAL", "ineligible", "hukou", hukou_src, {"hukou_in_hangzhou_city_area": True},
                          city="杭州市区", city_en="the Hangzhou city area"))
    elif d.hukou_in_hangzhou_city_area is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "hukou", hukou_src, {},
                          fact="户籍是否在杭州市区", fact_en="whether your hukou is in the Hangzhou city area"))
    area = p.get("city_area.districts", on)
    if d.residence_district is None:
        out.append(reason("FACT_UNKNOWN", "needs_review", "residence", p.cite("city_area.districts", on), {},
                          fact="居住地所在区", fact_en="the district you live in"))
    elif d.residence_district not in area:
        out.append(reason("RESIDENCE_OUTSIDE_AREA", "ineligible", "residence", p.cite("city_area.districts", on),
                          {"residence_district": d.residence_district}, district=d.residence_district,
                          area="杭州市区", area_en="the Hangzhou city area"))
    scopes = _scopes(d, p, on)
    minor = _minor(d, p, on)
    fast = d.holds_talent_permit or (minor is True and d.parent_holds_permit is True)
    if not fast:
        need = {label: p.get("residence.min_months", on, s) for label, s in scopes.items()}
        rfacts = {"residence_registered_months": d.residence_registered_months, "required": need}
        if d.residence_registered_months is None:
            out.append(reason("FACT_UNKNOWN", "needs_review", "residence_time", _cites(p, "residence.min_months", on, scopes),
                              rfacts, fact="办理居住登记后连续居住的月数", fact_en="months lived here since the residence registration"))
        elif d.residence_registered_months < min(need.values()):
            out.append(reason("RESIDENCE_TOO_SHORT", "ineligible", "residence_time",
                              _cites(p, "residence.min_months", on, scopes), rfacts,
                              months=d.residence_registered_months, need=min(need.values())))
        elif d.residence_registered_months < max(need.values()):
            out.append(reason("SOURCES_CONFLICT", "needs_review", "residence_time",
                              _cites(p, "residence.min_months", on, scopes), rfacts,
                              conflict=f"居住时间{d.residence_registered_months}个月，各来源要求分别为{need}",
                              conflict_en=f"{d.residence_registered_months} months of residence; the sources ask {need}"))
    if d.holds_talent_permit:
        out.append(reason("ALTERNATIVE_MET", "info", "conditions.人才引进快速通道",
                          "001_7af57b64fb3c6177.txt 杭州市居住证办理条件 4. 人才引进快速通道; "
                          "002_3d3210616b7a5f8a.txt 二、有效实施新型居住证制度的重点工作 （一）2（持有有效《浙江省引进人才居住证》的可直接换领）",
                          {"holds_talent_permit": True}, alt="人才引进快速通道",
                          condition="持有《浙江省引进人才居住证》，可直接申领（换领）", condition_en="holds the introduced-talent permit: may apply directly"))
    else:
        alts = [_employment(d, p, on, scopes), _housing(d, p, on, scopes), _study(d, p, on, scopes)]
        if minor:
            alts.append(_minor_alt(d, p, on, scopes))
        alts = [_bilingual(a) for a in alts]
        out += combine_alternatives(alts, "conditions", COND_SRC)
    if d.request == "endorse":
        out += endorsement(f, p)
    out.append(channel_reason(p, on, "channel.online"))
    return attach_pages(out, f.evidence, PAGES)
