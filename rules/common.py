"""Rule helpers shared by the procedures: dates, windows, and combining alternative conditions.

No policy number lives here: callers pass resolved parameters.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, Field as PydField

from pipeline.models import Declared, Reason
from rules.reasons import reason


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def age_on(birth: date, on: date) -> int:
    """Full years of age on a date (周岁)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def counted_insurance_months(d: Declared, tolerance: int = 0) -> int | None:
    """Months of the current stretch that count: back-paid months beyond ``tolerance`` do not count.

    An interruption longer than ``tolerance`` breaks continuity: nothing before it counts, and the
    declared stretch is taken as it is (the applicant declares the stretch since the last break).
    """
    if d.insurance_months is None:
        return None
    backpaid = d.insurance_backpaid_months if d.insurance_backpaid_months > tolerance else 0
    return max(d.insurance_months - backpaid, 0)


HOUSING_NAMES = {"own": ("自购房", "own home"), "rent_private": ("国有土地租赁房", "rented home on state land"),
                 "rent_collective": ("集体土地租赁房", "rented home on collective land"),
                 "dormitory": ("单位宿舍", "employer's dormitory"), "other": ("其他住所", "other housing")}


def region_not_covered(d: Declared, rule: str, source: str, who_zh: str, who_en: str) -> list[Reason]:
    """Residents of Hong Kong, Macau, Taiwan and foreigners where the seeds only describe mainland citizens."""
    if d.region == "mainland":
        return []
    names = {"hong_kong": ("香港居民", "Hong Kong residents"), "macau": ("澳门居民", "Macau residents"),
             "taiwan": ("台湾居民", "Taiwan residents"), "foreign": ("外国人", "foreigners")}
    zh, en = names[d.region]
    return [reason("NOT_COVERED_BY_SOURCES", "needs_review", rule, source, {"region": d.region},
                   who=zh, who_en=en, why=who_zh, why_en=who_en)]


def fact_unknown(rule: str, src: str, zh: str, en: str) -> Reason:
    """A fact the decision needs was not declared: a clerk (or the applicant) must supply it."""
    return reason("FACT_UNKNOWN", "needs_review", rule, src, {}, fact=zh, fact_en=en)


def not_met(rule: str, src: str, facts: dict, cz: str, ce: str, dz: str, de: str, fz: str = "", fe: str = "") -> Reason:
    """A requirement the facts show is not met (condition, what the facts say, and the fix, in both languages)."""
    return reason("REQUIREMENT_NOT_MET", "ineligible", rule, src, facts, condition=cz, condition_en=ce, detail=dz,
                  detail_en=de, fix=fz, fix_en=fe)


def required(value: bool | None, field: str, rule: str, src: str, unknown: tuple[str, str], condition: tuple[str, str],
             detail: tuple[str, str], fix: tuple[str, str] = ("", "")) -> list[Reason]:
    """A yes/no requirement: nothing when it holds, FACT_UNKNOWN when undeclared, REQUIREMENT_NOT_MET when false."""
    if value is None:
        return [fact_unknown(rule, src, *unknown)]
    if not value:
        return [not_met(rule, src, {field: False}, *condition, *detail, *fix)]
    return []


@dataclass
class Alternative:
    """One of several conditions of which one suffices, judged under each applicable source.

    ``results`` maps a source label (e.g. 市规定 / 拱墅区征求意见稿) to True (met), False (not met)
    or None (the facts cannot tell).
    """

    key: str
    name_zh: str
    name_en: str
    results: dict[str, bool | None]
    source: str
    facts: dict[str, Any] = field(default_factory=dict)
    unknown_zh: str = ""
    unknown_en: str = ""
    open_reason: Reason | None = None
    labels_en: dict[str, str] = field(default_factory=dict)
    detail_zh: str = ""
    detail_en: str = ""


def combine_alternatives(alts: list[Alternative], rule: str, source: str) -> list[Reason]:
    """One met under every source suffices; a condition met under one source only is a conflict.

    Order of precedence: met (info) > conflict (needs_review) > unknown facts (needs_review) > none met
    (ineligible, naming every condition and why it failed).
    """
    met = [a for a in alts if a.results and all(v is True for v in a.results.values())]
    if met:
        return [reason("ALTERNATIVE_MET", "info", f"{rule}.{a.key}", a.source, a.facts, alt=a.key,
                       condition=a.name_zh, condition_en=a.name_en) for a in met]
    out: list[Reason] = []
    for a in alts:
        vals = a.results
        if True in vals.values() and False in vals.values():
            yes = "、".join(k for k, v in vals.items() if v)
            no = "、".join(k for k, v in vals.items() if v is False)
            yes_en = ", ".join(a.labels_en.get(k, k) for k, v in vals.items() if v)
            no_en = ", ".join(a.labels_en.get(k, k) for k, v in vals.items() if v is False)
            out.append(reason("SOURCES_CONFLICT", "needs_review", f"{rule}.{a.key}", a.source, a.facts,
                              conflict=f"按{yes}，您符合“{a.name_zh}”；按{no}则不符合（{a.detail_zh}）",
                              conflict_en=f"under {yes_en} you meet \"{a.name_en}\", under {no_en} you do not ({a.detail_en})"))
    if out:
        return out
    for a in alts:
        if None in a.results.values() and a.open_reason is not None:
            out.append(a.open_reason)
        elif None in a.results.values() and a.unknown_zh:
            out.append(reason("FACT_UNKNOWN", "needs_review", f"{rule}.{a.key}", a.source, a.facts,
                              fact=a.unknown_zh, fact_en=a.unknown_en))
    if out:
        return out
    return [reason("CONDITIONS_NOT_MET", "ineligible", rule, source,
                   {a.key: {"facts": a.facts, "why": a.detail_zh} for a in alts},
                   conditions="；".join(f"{a.name_zh}（{a.detail_zh}）" for a in alts),
                   conditions_en="; ".join(f"{a.name_en} ({a.detail_en})" for a in alts))]


def window_check(kind: str, on: date, start: date | None, end: date, facts: dict[str, Any], rule: str, source: str,
                 overdue_effect: str = "info", overdue_variant: str = "suspended") -> list[Reason]:
    """A request that must be made between ``start`` and ``end`` (inclusive)."""
    names = {"renew": ("续期", "renewal"), "endorse": ("签注", "endorsement")}
    zh, en = names[kind]
    fmt = dict(request=zh, request_en=en, start=start.isoformat() if start else "", end=end.isoformat())
    facts = {**facts, "window_start": start.isoformat() if start else None, "window_end": end.isoformat(),
             "on": on.isoformat()}
    if start is not None and on < start:
        return [reason("WINDOW_NOT_OPEN", "ineligible", rule, source, facts, **fmt)]
    if on > end:
        return [reason("WINDOW_PASSED", overdue_effect, rule, source, facts, variant=overdue_variant, **fmt)]
    return [reason("WINDOW_OPEN", "info", rule, source, facts, **fmt)]


class PageEvidence(BaseModel):
    """What the pipeline read from the pages for procedures without field-level rules yet:
    the material types recognised and the pages each was found on (the trace cites them)."""

    materials: dict[str, list[str]] = PydField(default_factory=dict, description="material type -> ['file#page']")


class Facts(BaseModel):
    """The facts a decision rests on: the applicant's declaration, what was read from the pages, and the date."""

    declared: Declared
    evidence: PageEvidence = PydField(default_factory=PageEvidence)
    on: date = PydField(default_factory=date.today, description="Date the rules are applied for.")


def evidence_from_pages(pages) -> PageEvidence:
    ev = PageEvidence()
    for pg in pages:
        if pg.material and pg.material != "unrecognized":
            ev.materials.setdefault(pg.material, []).append(pg.ref)
    return ev


def channel_reason(p, on: date, source_key: str, scope: str | None = None) -> Reason:
    """The competent authority and channels (info)."""
    chans = [p.get(k, on, scope) for k in ("channel.online", "channel.offline") if k in p]
    return reason("APPLY_CHANNEL", "info", "channel", p.cite(source_key, on, scope),
                  {"authority": p.get("authority", on, scope), "channels": chans},
                  authority=p.get("authority", on, scope), channel="；".join(chans))


def attach_pages(reasons: list[Reason], ev: PageEvidence, by_rule: dict[str, tuple[str, ...]]) -> list[Reason]:
    """Add to each reason the pages of the material types its rule rests on (the trace: which page said so)."""
    for r in reasons:
        for prefix, types in by_rule.items():
            if r.rule == prefix or r.rule.startswith(prefix + "."):
                refs = [ref for t in types for ref in ev.materials.get(t, [])]
                r.pages = list(dict.fromkeys(r.pages + refs))
    return reasons
