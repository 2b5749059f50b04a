"""Render a Report for people (Chinese by default, English on request) and for machines (JSON)."""

from __future__ import annotations

import json

from pipeline.models import Report

OUTCOME = {
    "eligible": ("✔ 符合受理条件，材料齐全", "✔ Eligible, materials complete"),
    "ineligible": ("✘ 不符合受理条件", "✘ Not eligible"),
    "incomplete": ("✘ 材料不齐全或不符合要求，请补正后再提交", "✘ Incomplete: fix the materials before submitting"),
    "needs_review": ("? 需人工审核", "? Needs review by a clerk"),
}
MATERIAL_STATUS = {
    "provided": ("已提供", "provided"),
    "missing": ("缺少", "MISSING"),
    "system_fetched": ("系统获取", "fetched by the system"),
    "not_required": ("不需要", "not required"),
    "optional": ("可选", "optional"),
}
STATUS_MARK = {"pass": "✔", "fail": "✘", "warn": "!", "error": "✘"}
T = {
    "title": ("材料预审结果", "Pre-check result"),
    "procedure": ("事项", "Procedure"),
    "submission": ("提交", "Submission"),
    "decision": ("结论", "Decision"),
    "no_decision": ("未作资格判断（本次只运行了：{stages}）", "No decision (stages run: {stages})"),
    "reasons": ("原因", "Reasons"),
    "fix": ("修改建议", "How to fix"),
    "source": ("依据", "Source"),
    "materials": ("材料清单", "Materials"),
    "pages": ("逐页检查", "Page by page"),
    "page": ("第 {n} 页", "page {n}"),
    "all_pass": ("全部通过", "all checks passed"),
    "files": ("文件", "Files"),
    "file_line": ("共 {n} 个文件、{p} 页；无法读取 {u} 个，未审核 {i} 个", "{n} file(s), {p} page(s); {u} unreadable, {i} not checked"),
    "other": ("其他发现", "Other findings"),
}


def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def render_text(report: Report, lang: str = "zh", verbose: bool = False) -> str:
    i = 0 if lang == "zh" else 1

    def t(key: str, **kw) -> str:
        return T[key][i].format(**kw)

    def msg(obj, base: str) -> str:
        return getattr(obj, f"{base}_{'zh' if i == 0 else 'en'}") or ""

    out = [f"{t('title')} — {t('procedure')}: {report.procedure} · {t('submission')}: {report.submission}", ""]
    if report.decision is None:
        out.append(f"{t('decision')}: {t('no_decision', stages=','.join(report.stages))}")
    else:
        out.append(f"{t('decision')}: {OUTCOME[report.decision.outcome][i]}")
        if report.decision.reasons:
            out.append(f"{t('reasons')}:")
            for r in report.decision.reasons:
                mark = "·" if r.effect == "info" else "-"
                out.append(f"  {mark} {msg(r, 'message')}")
                if r.fix_zh and r.effect != "info":
                    out.append(f"      {t('fix')}: {msg(r, 'fix')}")
                if verbose:
                    out.append(f"      {t('source')}: {r.source}")
    if report.materials:
        out += ["", f"{t('materials')}:"]
        for m in report.materials:
            if m.status == "optional" and not verbose:
                continue
            name = m.name_zh if i == 0 else m.name_en
            pages = f"  ({', '.join(m.pages)})" if m.pages else ""
            out.append(f"  [{MATERIAL_STATUS[m.status][i]}] {name}{pages}")
    out += ["", f"{t('pages')}:"]
    for p in report.pages:
        label = p.material or ""
        if p.material:
            from pipeline.classify import type_names

            label = type_names(p.material)[i]
        shown = [f for f in p.findings if verbose or f.status != "pass"]
        head = f"  {p.file} {t('page', n=p.page)}" + (f" — {label}" if label else "")
        out.append(head + ("" if shown else f": {STATUS_MARK['pass']} {t('all_pass')}"))
        for f in shown:
            out.append(f"      {STATUS_MARK[f.status]} [{f.code}] {msg(f, 'message')}")
    if report.findings:
        shown = [f for f in report.findings if verbose or f.status != "pass"]
        if shown:
            out += ["", f"{t('other')}:"]
            for f in shown:
                out.append(f"  {STATUS_MARK[f.status]} [{f.code}] {msg(f, 'message')}")
    n_pages = sum(x.pages for x in report.inputs)
    unread = sum(1 for x in report.inputs if x.status == "unreadable")
    ignored = sum(1 for x in report.inputs if x.status == "ignored")
    out += ["", f"{t('files')}: {t('file_line', n=len(report.inputs), p=n_pages, u=unread, i=ignored)}"]
    return "\n".join(out) + "\n"
