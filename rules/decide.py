"""Turn everything the pipeline found into one Decision, listing every problem at once (一次性告知)."""

from __future__ import annotations

from pipeline.models import Decision, Finding, InputFile, MaterialStatus, Page, Reason
from rules.catalogue import PAGES_SOURCE, Catalogue
from rules.reasons import reason

#: Most severe first: the outcome is the most severe effect among the reasons.
PRECEDENCE = ("ineligible", "incomplete", "needs_review")
SCAN_SOURCE = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4（不符合上述要求的，将按不予受理处理）"
ACCEPT_SOURCE = "000_1d56a9d687c69bf2.txt 十一、对外公布的办理程序描述（材料不齐全，一次性告知需补齐的材料）"
#: Page findings that make a page unacceptable (FAQ 4: scan requirements, and the form's ink, fields and seal).
REFUSING_PREFIXES = ("SCAN_", "FORM_")
#: Findings about what the materials say (validators and cross-document checks): a failure needs a clerk's look.
DATA_CODES = {"CROSS_MISMATCH", "ID_NUMBER_INVALID", "ID_BIRTH_MISMATCH", "ID_SEX_MISMATCH", "CERT_NUMBER_INVALID",
              "CERT_NUMBER_FORMAT", "USCC_INVALID", "DATE_INVALID", "FIELD_INCONSISTENT"}


def submission_reasons(cat: Catalogue, materials: list[MaterialStatus], pages: list[Page], findings: list[Finding],
                       inputs: list[InputFile]) -> list[Reason]:
    out: list[Reason] = []
    for m in materials:
        if m.status == "missing":
            out.append(reason("MATERIAL_MISSING", "incomplete", "catalogue", m.source, {"material": m.material},
                              material=m.name_zh, material_en=m.name_en))
    for m in materials:
        if m.missing_pages:
            out.append(reason("CERT_PAGES_INCOMPLETE", "incomplete", "certificate_pages", PAGES_SOURCE,
                              {"material": m.material, "missing_pages": m.missing_pages}, pages=m.pages,
                              material=m.name_zh, material_en=m.name_en))
    bad = [i.file for i in inputs if i.status == "unreadable"]
    if bad:
        out.append(reason("FILES_UNREADABLE", "incomplete", "ingest", ACCEPT_SOURCE, {"files": bad},
                          count=len(bad), files="、".join(bad)))
    failing = [p.ref for p in pages
               if any(f.code.startswith(REFUSING_PREFIXES) and f.status == "fail" for f in p.findings)]
    if failing:
        out.append(reason("SCAN_REQUIREMENTS_NOT_MET", "incomplete", "scan_requirements", SCAN_SOURCE,
                          {"pages": failing}, pages=failing, count=len(failing), page_list="、".join(failing)))
    all_findings = findings + [f for p in pages for f in p.findings]
    data_bad = [f for f in all_findings if f.code in DATA_CODES and f.status == "fail"]
    if data_bad:
        refs = sorted({f"{f.file}#{f.page}" for f in data_bad if f.file})
        out.append(reason("DATA_INCONSISTENT", "needs_review", "consistency",
                          "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4 第1点",
                          {"codes": sorted({f.code for f in data_bad})}, pages=refs, count=len(data_bad)))
    return out


def decide(reasons: list[Reason]) -> Decision:
    effects = {r.effect for r in reasons}
    outcome = next((e for e in PRECEDENCE if e in effects), "eligible")
    order = {e: i for i, e in enumerate(PRECEDENCE + ("info",))}
    return Decision(outcome=outcome, reasons=sorted(reasons, key=lambda r: order[r.effect]))
