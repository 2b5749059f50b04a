"""Library side of ``precheck rules``: describe a procedure's catalogue and conditions, and decide from a
facts file alone (no images). The CLI only formats what these functions return.

A facts file (YAML or JSON) holds::

    declared: {...}        # pipeline.models.Declared fields
    evidence: {...}        # optional: the procedure's Evidence (what was read from pages)
    on: 2026-11-23         # optional: the date the rules are applied for (default: today)
    materials: [id, ...]   # optional: catalogue item ids provided; without it materials are not checked
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError
from pipeline.models import Decision, Declared, MaterialStatus
from rules.catalogue import Catalogue, load_catalogue
from rules.params import load_parameters
from rules.procedures import get_procedure

FACTS_KEYS = {"declared", "evidence", "on", "materials"}


class Evaluation(BaseModel):
    """What ``precheck rules evaluate`` returns: the decision, and the materials and score where they apply."""

    procedure: str
    on: date
    decision: Decision
    materials: list[MaterialStatus] | None = None
    score: dict[str, Any] | None = None


def describe(procedure: str, on: date | None = None) -> dict[str, Any]:
    """The catalogue and every parameter in force on ``on``, each with its scoped values and sources."""
    get_procedure(procedure)
    on = on or date.today()
    cat = load_catalogue(procedure)
    params = load_parameters(procedure)
    items = [{"id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "form": i.form, "necessity": i.necessity,
              "required": i.required, "condition": i.condition, "fetched": i.fetched, "scope": i.scope,
              "accepts": i.accepts, "source": cat.item_source(i).cite(), "note": i.note} for i in cat.items]
    conditions = []
    for p in params.params.values():
        values = []
        for v in sorted(p.values, key=lambda v: (v.scope or "", v.effective)):
            src = p.value_source(v)
            values.append({"value": v.value, "effective": v.effective.isoformat(), "scope": v.scope,
                           "in_force": v.effective <= on, "source": src.cite(), "note": src.note})
        conditions.append({"name": p.name, "description": p.description, "unit": p.unit, "note": p.note,
                           "source": p.source.cite(), "values": values})
    return {"procedure": procedure, "name_zh": cat.name_zh, "name_en": cat.name_en, "on": on.isoformat(),
            "catalogue_source": cat.source.cite(), "catalogue_note": cat.note, "materials": items,
            "conditions": conditions}


def _fmt_value(v: Any) -> str:
    if isinstance(v, list):
        return "、".join(_fmt_value(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(f"{k}={_fmt_value(x)}" for k, x in v.items())
    return str(v)


def render_description(desc: dict[str, Any], lang: str = "zh") -> str:
    zh = lang == "zh"
    out = [f"{desc['name_zh'] if zh else desc['name_en']} ({desc['procedure']})",
           ("材料目录" if zh else "Materials catalogue") + f" — {desc['catalogue_source']}"]
    if desc.get("catalogue_note"):
        out.append(f"  ({desc['catalogue_note']})")
    for n, m in enumerate(desc["materials"], 1):
        cond = f" [{'条件' if zh else 'if'}: {m['condition']}]" if m["condition"] else ""
        scope = f" [{'适用范围' if zh else 'scope'}: {m['scope']}]" if m["scope"] else ""
        out.append(f"{n:2d}. {m['name_zh'] if zh else m['name_en']} — {m['necessity']}; {m['form']}; "
                   f"{'获取' if zh else 'fetched'}: {m['fetched']}{cond}{scope}")
        out.append(f"    {'来源' if zh else 'source'}: {m['source']}")
    out += ["", ("条件与参数（生效日期、适用范围、来源）" if zh else "Conditions and parameters (effective date, scope, source)")
            + f" — {'适用日期' if zh else 'as of'} {desc['on']}"]
    for c in desc["conditions"]:
        unit = f" ({c['unit']})" if c["unit"] else ""
        out.append(f"- {c['name']}: {c['description']}{unit}")
        for v in c["values"]:
            scope = v["scope"] or ("全市/通用" if zh else "general")
            flag = "" if v["in_force"] else (" [尚未生效]" if zh else " [not yet in force]")
            out.append(f"    {_fmt_value(v['value'])}  [{'自' if zh else 'from'} {v['effective']}; {scope}]{flag}")
            out.append(f"      {'来源' if zh else 'source'}: {v['source']}" + (f" — {v['note']}" if v["note"] else ""))
        if c["note"]:
            out.append(f"    {'说明' if zh else 'note'}: {c['note']}")
    return "\n".join(out) + "\n"


def load_facts_file(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such facts file") from None
    except (IsADirectoryError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the facts file: {exc}") from None
    try:
        raw = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InputError(f"{path}: not valid YAML: {getattr(exc, 'problem', None) or exc}{where}") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a mapping with keys declared, evidence, on, materials")
    if True in raw:  # YAML 1.1 reads a bare `on` key as True
        raw["on"] = raw.pop(True)
    unknown = set(map(str, raw)) - FACTS_KEYS
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(FACTS_KEYS))}")
    return raw


def _errors(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def materials_from_ids(cat: Catalogue, provided: list[str], conditions: dict[str, bool | None]) -> list[MaterialStatus]:
    """Catalogue status rows from the ids of the items provided (no pages)."""
    from pipeline.models import Page
    from rules.catalogue import match_materials

    ids = {i.id for i in cat.items}
    unknown = [x for x in provided if x not in ids]
    if unknown:
        raise InputError(f"unknown material id(s) {', '.join(unknown)}; the catalogue has {', '.join(sorted(ids))}")
    pages = [Page(file=f"{x}", page=1, material=f"item:{x}") for x in provided]
    shadow = cat.model_copy(update={"items": [i.model_copy(update={"accepts": [f"item:{i.id}"], "pages_required": []})
                                              for i in cat.items]})
    return match_materials(shadow, pages, conditions)


def evaluate_facts(procedure: str, raw: dict[str, Any], source: str = "facts") -> Evaluation:
    """Decide from facts alone: the procedure's conditions, plus the catalogue when ``materials`` is given."""
    from rules.decide import decide, submission_reasons

    proc = get_procedure(procedure)
    try:
        declared = Declared.model_validate(raw.get("declared") or {})
        evidence = proc.Evidence.model_validate(raw.get("evidence") or {})
        facts = proc.Facts(declared=declared, evidence=evidence, on=raw.get("on") or date.today())
    except ValidationError as exc:
        raise InputError(f"{source}: invalid facts: {_errors(exc)}") from None
    start = load_catalogue(procedure).effective
    if facts.on < start:
        raise InputError(f"{source}: on {facts.on.isoformat()} is before the rules data of {procedure} "
                         f"take effect ({start.isoformat()}); the seeds do not say what applied earlier")
    reasons = proc.evaluate(facts)
    materials = None
    if "materials" in raw:
        if not isinstance(raw["materials"], list):
            raise InputError(f"{source}: materials must be a list of catalogue item ids")
        cat = load_catalogue(procedure)
        materials = materials_from_ids(cat, [str(x) for x in raw["materials"]], proc.material_conditions(declared))
        reasons = submission_reasons(cat, materials, [], [], []) + reasons
    score = proc.simulate(facts).model_dump() if hasattr(proc, "simulate") else None
    return Evaluation(procedure=procedure, on=facts.on, decision=decide(reasons), materials=materials, score=score)


def render_evaluation(ev: Evaluation, lang: str = "zh") -> str:
    zh = lang == "zh"
    names = {"eligible": ("符合条件", "eligible"), "ineligible": ("不符合条件", "ineligible"),
             "incomplete": ("材料不全", "incomplete"), "needs_review": ("需人工审核", "needs review")}
    out = [f"{'事项' if zh else 'Procedure'}: {ev.procedure} · {'适用日期' if zh else 'as of'} {ev.on.isoformat()}",
           f"{'结论' if zh else 'Outcome'}: {names[ev.decision.outcome][0 if zh else 1]} ({ev.decision.outcome})", ""]
    for r in ev.decision.reasons:
        out.append(f"[{r.effect}] {r.code} ({r.rule}): {r.message_zh if zh else r.message_en}")
        fix = r.fix_zh if zh else r.fix_en
        if fix:
            out.append(f"    {'建议' if zh else 'fix'}: {fix}")
        out.append(f"    {'来源' if zh else 'source'}: {r.source}")
        if r.facts:
            trace = json.dumps(r.facts, ensure_ascii=False, default=str)
            if len(trace) > 300:
                trace = trace[:300] + (" …（完整内容见 --json）" if zh else " … (all of it with --json)")
            out.append(f"    {'依据事实' if zh else 'facts'}: {trace}")
        if r.pages:
            out.append(f"    {'页面' if zh else 'pages'}: {', '.join(r.pages)}")
    if ev.materials is None:
        out += ["", "未提供 materials 清单：未核对材料是否齐全。" if zh else "No materials list given: completeness not checked."]
    else:
        out += ["", "材料" if zh else "Materials"]
        for m in ev.materials:
            out.append(f"  {m.status:15s} {m.name_zh if zh else m.name_en}")
    if ev.score is not None:
        s = ev.score
        out += ["", f"{'模拟估分' if zh else 'Simulated score'}: {s['total']} / {s['standard']}"]
        for i in s["indicators"]:
            pts = i["points"] if i["points"] is not None else ("未评估" if zh else "not assessed")
            why = f" ({i['why_zh'] if zh else i['why_en']})" if i["why_zh"] else ""
            out.append(f"  {i['name_zh'] if zh else i['name_en']}: {pts}{why}")
    return "\n".join(out) + "\n"
