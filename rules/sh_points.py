"""Shanghai residence-permit points (积分): applicant conditions and the simulated score (模拟估分), seed 004.

The score covers the indicators whose points the seed defines — age, years of insurance, remote key areas —
plus the veto; awards (only their maximum is given) and every indicator whose points the seed does not give
are listed as not assessed. A score that reaches the standard score decides ``eligible``; one below it is
``needs_review`` because the indicators not assessed may make up the difference. Numbers come from
``rules/data/sh-points/parameters.yaml``.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field as PydField

from pipeline.models import Declared, Reason
from rules.common import (Facts, PageEvidence, age_on, attach_pages, channel_reason, evidence_from_pages, fact_unknown,
                          region_not_covered, required)
from rules.lists import load_list
from rules.params import ParameterSet, load_parameters
from rules.reasons import reason

PROCEDURE = "sh-points"
Evidence = PageEvidence
SEED = "004_1afec02ecb2bda17.txt"
COND_SRC = f"{SEED} 第二条（适用对象）"
#: Page types each rule rests on, for the trace.
PAGES = {"permit": ("sh_residence_permit",), "insurance_12": ("social_insurance_certificate",),
         "score": ("id_card_front", "social_insurance_certificate")}
AREAS = {"lingang": ("临港新片区", "Lingang New Area"), "new_city": ("“五个新城”", "the Five New Towns"),
         "north_south": ("南北地区重点转型区域", "the north and south transformation areas")}

__all__ = ["Evidence", "Facts", "Score", "evaluate", "evidence_from_pages", "material_conditions", "simulate"]


class Indicator(BaseModel):
    key: str
    name_zh: str
    name_en: str
    points: int | None = PydField(description="None when the indicator is not assessed.")
    source: str
    facts: dict = {}
    why_zh: str = ""
    why_en: str = ""


class Score(BaseModel):
    """The simulated score: points per assessed indicator, the total, the standard, and what was not assessed."""

    indicators: list[Indicator]
    total: int
    standard: int

    @property
    def assessed(self) -> list[Indicator]:
        return [i for i in self.indicators if i.points is not None]

    @property
    def not_assessed(self) -> list[Indicator]:
        return [i for i in self.indicators if i.points is None]


def material_conditions(d: Declared) -> dict[str, bool | None]:
    return {
        "has_title_or_skill": None if d.title_level is None and d.vocational_level is None else True,
        "has_award": d.award is not None,
    }


def age_points(age: int, p: ParameterSet, on: date) -> int:
    if age > p.get("age.band_end", on):
        return 0
    start = p.get("age.band_start", on)
    pts = p.get("age.band_points", on) + max(0, start - age) * p.get("age.points_per_year", on)
    return min(pts, p.get("age.top_points", on))


def simulate(f: Facts) -> Score:
    p = load_parameters(PROCEDURE)
    d, on = f.declared, f.on
    ind: list[Indicator] = []
    src = p.cite("age.top_points", on)
    if d.birth_date is None:
        ind.append(Indicator(key="age", name_zh="年龄", name_en="age", points=None, source=src,
                             why_zh="未申报出生日期", why_en="birth date not declared"))
    else:
        age = age_on(d.birth_date, on)
        ind.append(Indicator(key="age", name_zh="年龄", name_en="age", points=age_points(age, p, on), source=src,
                             facts={"birth_date": d.birth_date.isoformat(), "age": age}))
    src = p.cite("insurance.points_per_year", on)
    ifacts = {"insurance_total_months": d.insurance_total_months,
              "insurance_employer_matches_contract": d.insurance_employer_matches_contract}
    if d.insurance_total_months is None:
        ind.append(Indicator(key="insurance_years", name_zh="在本市工作及缴纳职工社会保险年限", name_en="years of work and insurance",
                             points=None, source=src, facts=ifacts, why_zh="未申报缴费月数", why_en="months not declared"))
    elif d.insurance_employer_matches_contract is False:
        ind.append(Indicator(key="insurance_years", name_zh="在本市工作及缴纳职工社会保险年限", name_en="years of work and insurance",
                             points=None, source=src, facts=ifacts,
                             why_zh="缴费单位与合同单位不一致的期间不计分，需核实", why_en="periods paid by another unit than the contract's do not count; to be checked"))
    else:
        years = d.insurance_total_months // 12
        ind.append(Indicator(key="insurance_years", name_zh="在本市工作及缴纳职工社会保险年限", name_en="years of work and insurance",
                             points=years * p.get("insurance.points_per_year", on), source=src, facts={**ifacts, "full_years": years}))
    rfacts = {"remote_area": d.remote_area, "remote_area_years": d.remote_area_years}
    src = p.param("remote.max_points").source.cite()
    if d.remote_area is None:
        ind.append(Indicator(key="remote_area", name_zh="远郊重点区域", name_en="remote key areas", points=0, source=src, facts=rfacts))
    elif d.remote_area == "other_key_area":
        lst = load_list("sh_key_areas")
        ind.append(Indicator(key="remote_area", name_zh="远郊重点区域", name_en="remote key areas", points=None,
                             source=lst.source.cite(), facts=rfacts,
                             why_zh=f"《{lst.title}》不在政策来源中", why_en=f"the list of {lst.title} is not in the sources"))
    elif d.remote_area_years is None:
        ind.append(Indicator(key="remote_area", name_zh="远郊重点区域", name_en="remote key areas", points=None, source=src,
                             facts=rfacts, why_zh="未申报工作并居住的年数", why_en="years not declared"))
    else:
        a = d.remote_area
        yrs = d.remote_area_years
        pts = 0 if yrs < p.get("remote.min_years", on, a) else min(yrs * p.get("remote.points_per_year", on, a),
                                                                       p.get("remote.max_points", on, a))
        ind.append(Indicator(key="remote_area", name_zh=f"远郊重点区域（{AREAS[a][0]}）", name_en=f"remote key areas ({AREAS[a][1]})",
                             points=pts, source=p.cite("remote.min_years", on, a), facts=rfacts))
    src = p.cite("awards.max_points", on)
    if d.award is None:
        ind.append(Indicator(key="awards", name_zh="表彰奖励", name_en="awards", points=0, source=src, facts={"award": None}))
    else:
        ind.append(Indicator(key="awards", name_zh="表彰奖励", name_en="awards", points=None, source=src, facts={"award": d.award},
                             why_zh=f"各奖项分值不在政策来源中（最高{p.get('awards.max_points', on)}分）",
                             why_en=f"the points per award are not in the sources (at most {p.get('awards.max_points', on)})"))
    src = p.cite("indicators.not_assessed", on)
    for entry in p.get("indicators.not_assessed", on):
        zh, en = entry.split("|")
        ind.append(Indicator(key=f"other:{zh}", name_zh=zh, name_en=en, points=None, source=src,
                             why_zh="分值不在政策来源中", why_en="points not in the sources"))
    total = sum(i.points for i in ind if i.points is not None)
    return Score(indicators=ind, total=total, standard=p.get("standard_score", on))


def _score_reason(s: Score, source: str) -> Reason:
    breakdown = "；".join(f"{i.name_zh} {i.points} 分" for i in s.assessed)
    breakdown_en = "; ".join(f"{i.name_en} {i.points}" for i in s.assessed)
    na = "、".join(i.name_zh + (f"（{i.why_zh}）" if i.why_zh else "") for i in s.not_assessed)
    na_en = "; ".join(i.name_en + (f" ({i.why_en})" if i.why_en else "") for i in s.not_assessed)
    facts = {"total": s.total, "standard": s.standard, "points": {i.key: i.points for i in s.assessed},
             "not_assessed": [i.key for i in s.not_assessed],
             "indicator_facts": {i.key: i.facts for i in s.indicators if i.facts},
             "indicator_sources": {i.key: i.source for i in s.indicators}}
    effect = "info" if s.total >= s.standard else "needs_review"
    return reason("SCORE_SIMULATED", effect, "score", source, facts, total=s.total, standard=s.standard, gap=max(0, s.standard - s.total), breakdown=breakdown,
                  breakdown_en=breakdown_en, not_assessed=na, not_assessed_en=na_en)


def conditions(f: Facts, p: ParameterSet) -> list[Reason]:
    d, on = f.declared, f.on
    out = region_not_covered(d, "region", f"{SEED} 第一条（依据）（保障境内来沪人员的合法权益）",
                             "实施细则适用于境内来沪人员", "the rules are for people from elsewhere in mainland China")
    until = p.get("rules.valid_until", on)
    if on > until:
        out.append(reason("DATA_NOT_IN_SOURCES", "needs_review", "validity", p.cite("rules.valid_until", on),
                          {"valid_until": str(until), "on": on.isoformat()}, condition="积分实施细则的有效期",
                          condition_en="the validity of the implementing rules",
                          data=f"{until}之后施行的规定", data_en=f"the rules in force after {until}"))
    out += required(d.holds_sh_residence_permit, "holds_sh_residence_permit", "permit", COND_SRC,
                    ("是否持有有效《上海市居住证》", "whether you hold a valid Shanghai residence permit"),
                    ("持有《上海市居住证》", "holding a Shanghai residence permit"),
                    ("未持有有效《上海市居住证》", "no valid permit"),
                    ("请先申领《上海市居住证》", "Apply for the Shanghai residence permit first."))
    if d.works_at_branch_outside_city:
        out.append(reason("EXCLUDED_BRANCH", "ineligible", "branch", COND_SRC, {"works_at_branch_outside_city": True}))
    emp_src = f"{SEED} 一、《上海市居住证》积分申请用人单位有什么条件？"
    out += required(d.employer_registered_in_city, "employer_registered_in_city", "employer", emp_src,
                    ("用人单位是否在本市注册、正常经营并依法纳税",
                     "whether your employer is registered, operating and paying tax in Shanghai"),
                    ("用人单位在本市注册、正常经营且依法纳税", "an employer registered and paying tax in Shanghai"),
                    ("用人单位不适用居住证积分政策", "the employer is outside the points scheme"),
                    ("积分须由在本市注册、正常经营且依法纳税的用人单位代为申请",
                     "Points are applied for through an employer registered and paying tax in Shanghai."))
    out += required(d.insured_now, "insured_now", "insured_now", COND_SRC,
                    ("申请当月是否处于就业及缴纳本市职工社会保险状态", "whether you are employed and insured in Shanghai this month"),
                    ("申请当月处于就业及缴纳本市职工社会保险状态", "employed and insured in the application month"),
                    ("申请当月未在本市就业参保", "not employed and insured this month"),
                    ("请在就业并缴纳本市职工社会保险的月份申请", "Apply in a month in which you are employed and insured."))
    need = p.get("eligibility.insurance_months_last_12", on)
    src = p.cite("eligibility.insurance_months_last_12", on)
    ifacts = {"insurance_months_last_12": d.insurance_months_last_12, "required": need}
    if d.insurance_months_last_12 is None:
        out.append(fact_unknown("insurance_12", src, "前12个月内按时缴纳本市职工社会保险的月数（不含补缴）",
                            "months of Shanghai insurance paid on time in the last 12 months (back-pay excluded)"))
    elif d.insurance_months_last_12 < need:
        out.append(reason("REQUIREMENT_NOT_MET", "ineligible", "insurance_12", src, ifacts,
                          condition=f"前12个月内累计缴纳本市职工社会保险满{need}个月（不含补缴）",
                          condition_en=f"{need} months of Shanghai insurance in the last 12, back-pay excluded",
                          detail=f"只有{d.insurance_months_last_12}个月", detail_en=f"only {d.insurance_months_last_12}",
                          fix=f"请在前12个月内累计按时缴费满{need}个月后再申请", fix_en=f"Apply once {need} months are paid on time within 12."))
    if d.points_application_barred:
        n = p.get("fraud.bar_years", on)
        out.append(reason("REQUIREMENT_NOT_MET", "ineligible", "fraud_bar", p.cite("fraud.bar_years", on),
                          {"points_application_barred": True, "bar_years": n},
                          condition="未因提供虚假材料被禁止申请积分", condition_en="not barred for falsified materials",
                          detail=f"情节严重的，{n}年内不得申请积分", detail_en=f"serious cases may not apply for {n} years",
                          fix=f"请在{n}年禁止期满后再申请", fix_en=f"Apply once the {n}-year bar has run out."))
    vsrc = p.cite("veto.min_sentence_years", on)
    if d.serious_crime is True:
        out.append(reason("POINTS_VETO", "ineligible", "veto", vsrc, {"serious_crime": True}))
    elif d.serious_crime is None:
        out.append(fact_unknown("veto", vsrc, f"是否有宣告刑{p.get('veto.min_sentence_years', on)}年有期徒刑以上的刑事犯罪记录",
                            f"whether you were sentenced to {p.get('veto.min_sentence_years', on)} years or more"))
    return out


def evaluate(f: Facts) -> list[Reason]:
    p = load_parameters(PROCEDURE)
    out = conditions(f, p)
    out.append(_score_reason(simulate(f), p.cite("standard_score", f.on)))
    out.append(channel_reason(p, f.on, "channel.online"))
    return attach_pages(out, f.evidence, PAGES)
