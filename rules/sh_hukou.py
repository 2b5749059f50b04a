"""Shanghai residence-permit holders applying for permanent hukou (居转户), seed 003.

All five conditions of 二、申办条件 must hold; the incentives of 三、激励条件 lift or shorten some of them:
incentive 1 lifts the years (conditions 1-2), incentives 2 and 5(1) shorten them, incentives 3 and 4 lift
the qualification (condition 4). Incentive 2 needs the remote posts and incentive 3 the previous year's
average wage, neither of which is in the seeds: where the decision turns on them it is needs_review.
Numbers come from ``rules/data/sh-hukou/parameters.yaml``.
"""

from __future__ import annotations

from datetime import date

from pipeline.models import Declared, Reason
from rules.common import (Facts, PageEvidence, attach_pages, channel_reason, evidence_from_pages, fact_unknown, not_met,
                          region_not_covered, required)
from rules.lists import load_list
from rules.params import ParameterSet, load_parameters
from rules.reasons import reason

PROCEDURE = "sh-hukou"
Evidence = PageEvidence
SEED = "003_0d63432da36ad0a9.txt"
TITLES = ["junior", "intermediate", "senior"]
#: Page types each rule rests on, for the trace.
PAGES = {"years": ("sh_residence_permit", "social_insurance_certificate"), "permit": ("sh_residence_permit",),
         "qualification": ("title_certificate", "vocational_certificate"), "tax": ("tax_certificate",),
         "hukou": ("hukou_page", "id_card_front")}
VOC = ["senior_worker", "technician", "senior_technician"]

__all__ = ["Evidence", "Facts", "evaluate", "evidence_from_pages", "material_conditions"]


def _ge(order: list[str], v: str | None, m: str) -> bool:
    return v is not None and v in order and order.index(v) >= order.index(m)


def _qualified(d: Declared, p: ParameterSet, on: date) -> bool:
    return _ge(TITLES, d.title_level, p.get("title.min_level", on)) or _ge(VOC, d.vocational_level, p.get("vocational.min_level", on))


def _incentive1(d: Declared, p: ParameterSet, on: date) -> bool:
    if d.award == p.get("incentive1.award", on):
        return True
    senior = d.title_level == p.get("incentive1.title_level", on) or d.vocational_level == p.get("incentive1.vocational_level", on)
    return senior and d.qualification_in_city is True and d.profession_matches_post is True


def _incentive4(d: Declared, p: ParameterSet, on: date) -> bool:
    return ((d.entrepreneur_avg_tax_cny or 0) >= p.get("incentive4.avg_tax_cny", on)
            or (d.entrepreneur_avg_staff or 0) >= p.get("incentive4.avg_staff", on))


def _venture_years(d: Declared, p: ParameterSet, on: date) -> int | None:
    """Years required under incentive 5(1), or None when it does not apply."""
    if (d.venture_share_pct or 0) < p.get("incentive5.share_pct", on) or \
            (d.venture_months_in_company or 0) < p.get("incentive5.months_in_company", on):
        return None
    years = [t["years"] for t in p.get("incentive5.tiers", on)
             if (d.venture_first_round_cny or 0) >= t["first_round_cny"] or (d.venture_total_cny or 0) >= t["total_cny"]]
    return min(years) if years else None


def material_conditions(d: Declared) -> dict[str, bool | None]:
    on = date.today()
    p = load_parameters(PROCEDURE)
    return {
        "needs_qualification": None if d.title_level is None and d.vocational_level is None else _qualified(d, p, on),
        "uses_incentive1": _incentive1(d, p, on),
        "uses_incentive4": _incentive4(d, p, on),
        "uses_incentive5": _venture_years(d, p, on) is not None,
    }


def _met(rule: str, src: str, facts: dict, cz: str, ce: str, dz: str, de: str) -> Reason:
    return reason("REQUIREMENT_MET", "info", rule, src, facts, condition=cz, condition_en=ce, detail=dz, detail_en=de)


def years(d: Declared, p: ParameterSet, on: date) -> list[Reason]:
    """Conditions 1-2: years of permit and of normal insurance, with incentives 1, 2 and 5(1)."""
    base = p.get("permit.min_years", on)
    src = f"{p.cite('permit.min_years', on)}; {p.cite('insurance.min_years', on)}"
    facts = {"permit_held_months": d.permit_held_months, "insurance_total_months": d.insurance_total_months,
             "required_years": base}
    cz, ce = f"持证及正常缴纳社保累计满{base}年", f"{base} years of permit and of insurance paid on time"
    if _incentive1(d, p, on):
        return [_met("years", p.cite("incentive1.title_level", on), {**facts, "award": d.award, "title_level": d.title_level,
                     "vocational_level": d.vocational_level}, cz, ce, "符合激励条件1，不受持证及参保年限限制",
                     "incentive 1 applies: no limit of years")]
    if d.permit_held_months is None or d.insurance_total_months is None:
        return [fact_unknown("years", src, "持有上海市居住证的累计月数及持证期间正常缴纳社保的累计月数（不含补缴）",
                         "months of holding the permit and of insurance paid on time while holding it (back-pay excluded)")]
    have = min(d.permit_held_months, d.insurance_total_months)
    facts["counted_months"] = have
    if have >= base * 12:
        return [_met("years", src, facts, cz, ce, f"计入{have}个月", f"{have} months count")]
    vy = _venture_years(d, p, on)
    if vy is not None and have >= vy * 12:
        return [_met("years", p.cite("incentive5.tiers", on), {**facts, "required_years": vy}, cz, ce,
                     f"科创人才（创业人才）年限缩短为{vy}年，计入{have}个月", f"entrepreneur incentive: {vy} years, {have} months count")]
    ry = p.get("incentive2.shortened_years", on)
    if (d.remote_post_years or 0) >= p.get("incentive2.years", on) and have >= ry * 12:
        lst = load_list("sh_remote_posts")
        # The facts do not name the post, so even a published list could not be matched to it.
        return [reason("DATA_NOT_IN_SOURCES", "needs_review", "years.incentive2", lst.source.cite(),
                       {**facts, "remote_post_years": d.remote_post_years, "shortened_years": ry},
                       condition=f"远郊地区教育、卫生等岗位工作满{p.get('incentive2.years', on)}年（年限缩短至{ry}年）",
                       condition_en=f"{p.get('incentive2.years', on)} years in remote-suburb education or health posts (years shortened to {ry})",
                       data=f"《{lst.title}》（另行公布）", data_en=f"the list {lst.title} (published separately)")]
    return [not_met("years", src, facts, cz, ce, f"只计入{have}个月（补缴月份不计）",
                     f"only {have} months count (back-paid months do not)",
                     f"请在持证及正常缴费满{base}年后申请", f"Apply once you have {base} years of both.")]


def qualification(d: Declared, p: ParameterSet, on: date) -> list[Reason]:
    """Condition 4, with incentives 3 and 4."""
    src = f"{p.cite('title.min_level', on)}"
    facts = {"title_level": d.title_level, "vocational_level": d.vocational_level,
             "qualification_in_city": d.qualification_in_city, "profession_matches_post": d.profession_matches_post}
    cz = "在本市被聘任为中级及以上专业技术职务或具有技师以上职业资格，且专业及工种对应"
    ce = "an intermediate or higher title appointed in Shanghai, or technician or above, matching the post"
    if _qualified(d, p, on):
        if d.qualification_in_city is None or d.profession_matches_post is None:
            return [fact_unknown("qualification", src, "职称是否在本市聘任（或技师证书是否通过本市考核复评），以及专业、工种是否与岗位对应",
                             "whether the title is appointed in Shanghai (or the technician certificate re-assessed there) and matches the post")]
        if d.qualification_in_city and d.profession_matches_post:
            return [_met("qualification", src, facts, cz, ce, "职称或职业资格符合", "the title or qualification qualifies")]
    if d.title_level is None and d.vocational_level is None and not _incentive4(d, p, on) and d.insurance_base_cny is None:
        return [fact_unknown("qualification", src, "专业技术职务任职资格或职业资格等级（或激励条件3、4的相关信息）",
                         "your professional title or vocational level (or the facts of incentives 3 and 4)")]
    if _incentive4(d, p, on):
        return [_met("qualification", p.cite("incentive4.avg_tax_cny", on),
                     {**facts, "entrepreneur_avg_tax_cny": d.entrepreneur_avg_tax_cny, "entrepreneur_avg_staff": d.entrepreneur_avg_staff},
                     cz, ce, "符合激励条件4（纳税或聘用本市员工），不受职称或职业资格等级限制",
                     "incentive 4 applies (tax or local jobs): no title or qualification needed")]
    if d.insurance_base_cny is not None:
        lst = load_list("sh_average_wage")
        multiple = p.get("incentive3.base_multiple", on)
        if lst.known and lst.entries:  # entries: the published yearly averages, latest last
            if d.insurance_base_cny >= multiple * float(lst.entries[-1]):
                return [_met("qualification", lst.source.cite(), {**facts, "insurance_base_cny": d.insurance_base_cny,
                             "average_wage": lst.entries[-1], "base_multiple": multiple}, cz, ce,
                             "符合激励条件3（社保基数高于上年度职工平均工资规定倍数）", "incentive 3 applies (insurance base)")]
        else:
            return [reason("DATA_NOT_IN_SOURCES", "needs_review", "qualification.incentive3", lst.source.cite(),
                           {**facts, "insurance_base_cny": d.insurance_base_cny,
                            "base_multiple": p.get("incentive3.base_multiple", on)},
                           condition=f"最近连续3年缴纳社保基数高于本市上年度职工平均工资{p.get('incentive3.base_multiple', on)}倍",
                           condition_en=f"an insurance base above {p.get('incentive3.base_multiple', on)} times the average wage for 3 years",
                           data=f"《{lst.title}》", data_en=f"the figure {lst.title}")]
    detail = "职称或职业资格不在本市聘任或与岗位不对应" if _qualified(d, p, on) else "没有中级及以上职称或技师以上职业资格"
    detail_en = "not appointed in Shanghai or not matching the post" if _qualified(d, p, on) else "no intermediate title or technician qualification"
    return [not_met("qualification", src, facts, cz, ce, detail, detail_en)]


def evaluate(f: Facts) -> list[Reason]:
    p = load_parameters(PROCEDURE)
    d, on = f.declared, f.on
    city = p.get("city.name", on)
    out = region_not_covered(d, "region", f"{SEED} 四、申請人基本材料 4.（本人外地居民戶口本）",
                             "种子只描述持外地居民户口的人员", "the seed describes only holders of a hukou in another province")
    src = p.cite("city.name", on)
    if d.hukou_city == city:
        out.append(reason("HUKOU_LOCAL", "ineligible", "hukou", src, {"hukou_city": d.hukou_city}, city=city, city_en="Shanghai"))
    out += required(d.holds_sh_residence_permit, "holds_sh_residence_permit", "permit", p.cite("permit.min_years", on),
                    ("是否持有有效《上海市居住证》", "whether you hold a valid Shanghai residence permit"),
                    ("持有《上海市居住证》", "holding the Shanghai residence permit"), ("未持有", "not held"))
    out += years(d, p, on)
    tsrc = f"{SEED} 二、申辦條件 3."
    out += required(d.tax_paid_in_city, "tax_paid_in_city", "tax", tsrc,
                    ("持证期间是否依法在本市缴纳所得税", "whether you paid income tax in Shanghai while holding the permit"),
                    ("持证期间依法在本市缴纳所得税", "income tax paid in Shanghai while holding the permit"),
                    ("未在本市纳税", "not paid in Shanghai"))
    out += qualification(d, p, on)
    rsrc = f"{SEED} 二、申辦條件 5."
    out += required(d.clean_record, "clean_record", "record", rsrc,
                    ("有无违反计划生育政策、治安管理处罚以上违法犯罪记录或其他不良行为记录",
                     "whether you have a family-planning violation, a public-security penalty or criminal record"),
                    ("无违反计划生育政策、治安管理处罚以上违法犯罪记录及其他不良行为记录",
                     "no family-planning violation, penalty or criminal record"),
                    ("有相关记录", "such a record exists"))
    out.append(channel_reason(p, on, "channel.online"))
    return attach_pages(out, f.evidence, PAGES)
