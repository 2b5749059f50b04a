"""Score the pipeline on a labelled corpus (``samples/corpus.py`` writes one; ``labels.jsonl`` describes it).

Figures: per check precision/recall/F1 with confusion counts (a check that
flags the defect is a positive) and recall per defect kind; skew mean and worst
absolute error; orientation accuracy; classification accuracy and confusion;
field exact-match per material and field (pristine scans vs imperfect but
acceptable pages); cross-document name consistency; time per page and in total.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from pipeline.errors import InputError
from pipeline.extract import EXPECTED_FIELDS
from pipeline.imageio import Unreadable, decode_file
from pipeline.run import parse_stages, process_page

CHECKS = ["SCAN_COLOUR", "SCAN_EXPOSURE", "SCAN_CLARITY", "SCAN_SKEW", "SCAN_ORIENTATION", "SCAN_RESOLUTION",
          "SCAN_CROPPED", "SCAN_EDITED", "FORM_SEAL_MISSING", "FORM_INK", "FORM_FIELD_BLANK", "ID_NUMBER_INVALID"]
MILD = {"blur_mild", "motion_mild", "faded_colour"}
#: Field validators: a failure on a page without defects is a false alarm.
VALIDATORS = ["ID_NUMBER_INVALID", "ID_BIRTH_MISMATCH", "ID_SEX_MISMATCH", "CERT_NUMBER_INVALID", "CERT_NUMBER_FORMAT",
              "USCC_INVALID", "DATE_INVALID", "FIELD_INCONSISTENT"]
#: Scan checks whose failure makes a page unreadable for classification (too blurred, dark, small or cut).
READABILITY = ("SCAN_CLARITY", "SCAN_EXPOSURE", "SCAN_RESOLUTION", "SCAN_CROPPED")
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "samples" / "corpus-slice"


def load_labels(corpus: Path) -> list[dict]:
    path = corpus / "labels.jsonl"
    if not path.is_file():
        raise InputError(f"{corpus}: no labels.jsonl; generate a corpus with `python -m samples.corpus {corpus}`")
    labels = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                labels.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc})") from None
    return labels


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def _group(label: dict) -> str | None:
    d = set(label["defects"])
    if not d and label["acquisition"]["kind"] == "scan":
        return "pristine"
    if not d or d <= MILD or (d == {"skew"} and label["expected"].get("SCAN_SKEW") == "pass"):
        return "imperfect"
    return None


def evaluate(corpus: Path | str, engine_name: str | None = None, stages="scan,ocr", limit: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict:
    from pipeline.fieldchecks import cross_check

    corpus = Path(corpus)
    labels = load_labels(corpus)[:limit] if limit else load_labels(corpus)
    stages = parse_stages(stages)
    engine = None
    load_s = 0.0
    if "ocr" in stages:
        from pipeline.ocr import get_engine

        t = time.perf_counter()
        engine = get_engine(engine_name)
        load_s = time.perf_counter() - t
    rows = []
    t_all = time.perf_counter()
    for k, lab in enumerate(labels):
        timings = {"scan": 0.0, "ocr": 0.0}
        t = time.perf_counter()
        try:
            dp = next(decode_file(corpus, lab["file"]))
            decode_s = time.perf_counter() - t
            page = process_page(dp, lab["file"], stages, engine, None, timings)
            del dp
        except Unreadable as exc:
            rows.append({"label": lab, "error": str(exc)})
            continue
        pred = {}
        for f in page.findings:
            if f.code in CHECKS:
                if f.code == "ID_NUMBER_INVALID" and f.status in ("pass", "fail"):
                    pred[f.code] = "fail" if pred.get(f.code) == "fail" or f.status == "fail" else "pass"
                else:
                    pred[f.code] = "fail" if f.status in ("fail", "error") else "pass"
        skew = next((f.value for f in page.findings if f.code == "SCAN_SKEW" and isinstance(f.value, (int, float))), None)
        rows.append({"label": lab, "pred": pred, "skew": skew, "material": page.material, "legible": page.legible,
                     "fields": {k2: v.value for k2, v in page.fields.items()},
                     "confidence": {k2: v.confidence for k2, v in page.fields.items()},
                     "validator_fails": sorted({f.code for f in page.findings
                                                if f.code in VALIDATORS and f.status == "fail"}),
                     "time": {"decode": decode_s, **timings, "total": time.perf_counter() - t}})
        if progress:
            progress(k + 1, len(labels))
    total_s = time.perf_counter() - t_all
    ok = [r for r in rows if "error" not in r]
    return {
        "corpus": str(corpus),
        "images": len(labels),
        "decode_errors": [{"file": r["label"]["file"], "error": r["error"]} for r in rows if "error" in r],
        "stages": list(stages),
        "checks": _score_checks(ok, "ocr" in stages),
        "skew": _score_skew(ok),
        "orientation": _score_orientation(ok),
        "classification": _score_classification(ok) if "ocr" in stages else None,
        "fields": _score_fields(ok) if "ocr" in stages else None,
        "cross_document": _score_cross(ok, cross_check) if "ocr" in stages else None,
        "validators": _score_validators(ok) if "ocr" in stages else None,
        "time": {
            "engine_load_s": round(load_s, 2),
            "total_s": round(total_s, 1),
            "per_page_mean_s": round(statistics.mean(r["time"]["total"] for r in ok), 3) if ok else None,
            "per_page_median_s": round(statistics.median(r["time"]["total"] for r in ok), 3) if ok else None,
            "decode_mean_s": round(statistics.mean(r["time"]["decode"] for r in ok), 4) if ok else None,
            "scan_mean_s": round(statistics.mean(r["time"]["scan"] for r in ok), 4) if ok else None,
            "ocr_mean_s": round(statistics.mean(r["time"]["ocr"] for r in ok), 3) if ok else None,
        },
        "per_image": [_detail(r) for r in ok],
    }


def _detail(r: dict) -> dict:
    lab = r["label"]
    wrong_fields = {k: [v, r["fields"].get(k)] for k, v in lab["fields"].items()
                    if k in EXPECTED_FIELDS.get(lab["material"], ()) and r["fields"].get(k) != v}
    return {"file": lab["file"], "material": lab["material"], "predicted_material": r["material"],
            "defects": lab["defects"], "acquisition": lab["acquisition"]["kind"],
            "disagree": {c: {"expected": e, "got": r["pred"].get(c)} for c, e in lab["expected"].items()
                         if e is not None and (r["pred"].get(c) or "pass") != e},
            "skew": [lab["skew_deg"], r["skew"]], "wrong_fields": wrong_fields,
            "validator_fails": r.get("validator_fails", []),
            "seconds": round(r["time"]["total"], 3)}


def _score_checks(rows: list[dict], ocr: bool) -> dict:
    out = {}
    for check in CHECKS:
        if check == "ID_NUMBER_INVALID" and not ocr:
            continue
        implemented = any(check in r["pred"] for r in rows)
        c = Counter()
        by_defect: dict[str, Counter] = defaultdict(Counter)
        for r in rows:
            exp = r["label"]["expected"].get(check)
            if exp is None:
                continue
            got = r["pred"].get(check)
            if got is None:
                c["unjudged"] += 1
                got = "pass"
            key = {("fail", "fail"): "tp", ("pass", "fail"): "fp", ("fail", "pass"): "fn", ("pass", "pass"): "tn"}[(exp, got)]
            c[key] += 1
            for d in r["label"]["defects"] or ["none"]:
                by_defect[d][key] += 1
        p, rc, f = _prf(c["tp"], c["fp"], c["fn"])
        out[check] = {"implemented": implemented, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "tn": c["tn"],
                      "unjudged": c["unjudged"], "precision": p, "recall": rc, "f1": f,
                      "false_alarms_on_pristine": sum(1 for r in rows if not r["label"]["defects"]
                                                      and r["label"]["expected"].get(check) == "pass"
                                                      and r["pred"].get(check) == "fail"),
                      "by_defect": {d: dict(v) for d, v in sorted(by_defect.items())}}
    return out


def _score_skew(rows: list[dict]) -> dict:
    errs = [abs(r["skew"] - r["label"]["skew_deg"]) for r in rows
            if r["label"]["rotation"] == 0 and r["skew"] is not None and r["label"]["expected"].get("SCAN_SKEW") is not None]
    missing = sum(1 for r in rows if r["label"]["rotation"] == 0 and r["skew"] is None)
    if not errs:
        return {"n": 0, "missing": missing}
    worst = max(range(len(errs)), key=errs.__getitem__)
    cands = [r for r in rows if r["label"]["rotation"] == 0 and r["skew"] is not None
             and r["label"]["expected"].get("SCAN_SKEW") is not None]
    return {"n": len(errs), "missing": missing, "mean_abs_error_deg": round(statistics.mean(errs), 3),
            "median_abs_error_deg": round(statistics.median(errs), 3), "worst_abs_error_deg": round(errs[worst], 2),
            "worst_file": cands[worst]["label"]["file"], "within_0_5_deg": round(sum(e <= 0.5 for e in errs) / len(errs), 3)}


def _score_orientation(rows: list[dict]) -> dict:
    judged = [r for r in rows if "SCAN_ORIENTATION" in r["pred"]]
    if not judged:
        return {"implemented": False, "n_rotated": sum(1 for r in rows if r["label"]["rotation"])}
    right = sum((r["pred"]["SCAN_ORIENTATION"] == "fail") == bool(r["label"]["rotation"]) for r in judged)
    return {"implemented": True, "n": len(judged), "accuracy": round(right / len(judged), 4)}


def _readable(label: dict) -> bool:
    """Whether the page passes the readability scan checks by its labels (not too blurred, dark, small or cut)."""
    return all(label["expected"].get(c) != "fail" for c in READABILITY)


def _score_classification(rows: list[dict]) -> dict:
    conf: dict[str, Counter] = defaultdict(Counter)
    readable = Counter()
    unrec = Counter()
    for r in rows:
        if r["label"]["rotation"]:
            continue  # a page turned on its side is an orientation finding, not a classification test
        conf[r["label"]["material"]][r["material"]] += 1
        if _readable(r["label"]):
            readable["n"] += 1
            readable["right"] += r["material"] == r["label"]["material"]
        elif r["material"] != r["label"]["material"]:
            unrec["unrecognized" if r["material"] == "unrecognized" else "other"] += 1
    n = sum(sum(c.values()) for c in conf.values())
    right = sum(c[m] for m, c in conf.items())
    return {"n": n, "accuracy": round(right / n, 4) if n else None,
            # pages a clerk could read: the scan checks would not reject them for blur, exposure, resolution or cuts
            "readable_n": readable["n"],
            "readable_accuracy": round(readable["right"] / readable["n"], 4) if readable["n"] else None,
            # misses on pages the scan checks reject: unrecognized (listed for the applicant) or forced elsewhere
            "unreadable_misses": dict(unrec),
            "per_material": {m: {"n": sum(c.values()), "accuracy": round(c[m] / sum(c.values()), 3)} for m, c in sorted(conf.items())},
            "confusion": {m: dict(c) for m, c in sorted(conf.items())}}


def _score_fields(rows: list[dict]) -> dict:
    res: dict[str, dict[str, dict[str, Counter]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(Counter)))
    for r in rows:
        lab = r["label"]
        grp = _group(lab)
        if grp is None or lab["material"] not in EXPECTED_FIELDS or lab.get("name_mismatch"):
            continue
        for field in EXPECTED_FIELDS[lab["material"]]:
            truth = lab["fields"].get(field)
            if truth is None:
                continue
            res[grp][lab["material"]][field]["n"] += 1
            res[grp][lab["material"]][field]["exact"] += int(r["fields"].get(field) == truth)
    out = {}
    for grp, mats in res.items():
        n = sum(c["n"] for f in mats.values() for c in f.values())
        exact = sum(c["exact"] for f in mats.values() for c in f.values())
        out[grp] = {"n": n, "exact_match": round(exact / n, 4) if n else None,
                    "per_field": {m: {f: {"n": c["n"], "exact_match": round(c["exact"] / c["n"], 3)} for f, c in fs.items()}
                                  for m, fs in sorted(mats.items())}}
    return out


def _score_cross(rows: list[dict], cross_check) -> dict:
    from pipeline.models import Declared, Field, Page

    from pipeline.fieldchecks import HOLDER_FIELD, holder_name

    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["label"]["person"]].append(r)
    c = Counter()
    other = Counter()
    for person, rs in groups.items():
        full = [Page(file=r["label"]["file"], material=r["material"], legible=r.get("legible", True),
                     fields={k: Field(value=v, confidence=r.get("confidence", {}).get(k))
                             for k, v in r["fields"].items()}) for r in rs]
        # each page with its holder's name only, under the key the material prints it as
        pages = [Page(file=p.file, material=p.material, legible=p.legible,
                      fields={HOLDER_FIELD.get(p.material or "", "name"): h})
                 for p in full if (h := holder_name(p)) is not None]
        if len(pages) < 2:
            c["not_scored"] += 1
            continue
        expected = any(r["label"].get("name_mismatch") for r in rs)
        if expected and all(any(r["label"]["expected"].get(c) == "fail" for c in ("SCAN_CLARITY", "SCAN_RESOLUTION"))
                            for r in rs if r["label"].get("name_mismatch")):
            # the other name is on a page too blurred or too small to read (its scan checks say so): no comparison
            # of names can find it
            c["not_scored_unreadable"] += 1
            continue
        if not expected and any("pasted_field" in r["label"]["defects"] for r in rs):
            # a pasted field puts other text on a page, over a name as likely as not: the page then shows another
            # name, which the labels do not record
            c["not_scored_pasted"] += 1
            continue
        checked = cross_check(pages, Declared())
        found = any(f.status == "fail" for f in checked)
        c[{(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}[(expected, found)]] += 1
        # not found, but warned of as a possible misreading on a page too unclear to read reliably
        if not found and any(f.status == "warn" for f in checked):
            c["uncertain_" + ("mismatch" if expected else "agree")] += 1
        # every other cross-check (ID number, birth date, sex, certificate dates) on people whose documents agree
        if not expected and not any("invalid_id" in r["label"]["defects"] for r in rs):
            other["people"] += 1
            fails = {f.message_en.split(" differs")[0] if f.code == "CROSS_MISMATCH" else f.code
                     for f in cross_check(full, Declared()) if f.status == "fail"}
            other["false_alarms"] += bool(fails)
            for k in fails:
                other["by:" + k] += 1
    p, rc, f = _prf(c["tp"], c["fp"], c["fn"])
    return {"people": len(groups),
            **{k: c[k] for k in ("tp", "fp", "fn", "tn", "not_scored", "not_scored_unreadable", "not_scored_pasted",
                                 "uncertain_mismatch", "uncertain_agree")},
            "precision": p, "recall": rc, "f1": f,
            "other_checks": {"people": other["people"], "false_alarms": other["false_alarms"],
                             "by_check": {k[3:]: v for k, v in other.items() if k.startswith("by:")}}}


def _score_validators(rows: list[dict]) -> dict:
    """Failures of each field validator on pristine pages (every one a false alarm) and on all pages
    whose ID number is not deliberately wrong."""
    out = {}
    pristine = [r for r in rows if not r["label"]["defects"]]
    clean = [r for r in rows if "invalid_id" not in r["label"]["defects"]]
    for code in VALIDATORS:
        out[code] = {"pristine_pages": len(pristine),
                     "false_alarms_on_pristine": sum(code in r.get("validator_fails", []) for r in pristine),
                     "fails_on_pages_without_invalid_id": sum(code in r.get("validator_fails", []) for r in clean)}
    return out


# ------------------------------------------------------------ text rendering
def _f(x: float | None, digits: int = 3) -> str:
    return "  -  " if x is None else f"{x:.{digits}f}"


def format_metrics(m: dict) -> str:
    out = [f"corpus {m['corpus']}: {m['images']} images, stages {','.join(m['stages'])}, "
           f"{len(m['decode_errors'])} unreadable"]
    out += ["", "scan and validation checks (positive = the check flags the image)",
            f"  {'check':<20}{'prec':>7}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}{'TN':>6}  pristine FA"]
    for check, s in m["checks"].items():
        if not s["implemented"]:
            n_pos = s["tp"] + s["fn"]
            out.append(f"  {check:<20}  not implemented ({n_pos} labelled defects)")
            continue
        out.append(f"  {check:<20}{_f(s['precision']):>7}{_f(s['recall']):>8}{_f(s['f1']):>7}{s['tp']:>6}{s['fp']:>5}"
                   f"{s['fn']:>5}{s['tn']:>6}  {s['false_alarms_on_pristine']}")
    out.append("  recall by defect kind:")
    for check, s in m["checks"].items():
        if not s["implemented"]:
            continue
        parts = [f"{d} {v.get('tp', 0)}/{v.get('tp', 0) + v.get('fn', 0)}" for d, v in s["by_defect"].items()
                 if v.get("tp", 0) + v.get("fn", 0)]
        if parts:
            out.append(f"    {check}: " + ", ".join(parts))
    sk = m["skew"]
    out += ["", "skew" + (f": n {sk['n']}, mean abs error {sk['mean_abs_error_deg']}°, median {sk['median_abs_error_deg']}°, "
                          f"worst {sk['worst_abs_error_deg']}° ({sk['worst_file']}), within 0.5°: {sk['within_0_5_deg']}, "
                          f"no estimate: {sk['missing']}" if sk["n"] else ": no estimates")]
    o = m["orientation"]
    out.append("orientation: " + (f"accuracy {o['accuracy']} on {o['n']}" if o["implemented"]
                                  else f"not implemented ({o['n_rotated']} rotated pages in the corpus)"))
    c = m.get("classification")
    if c:
        out += ["", f"classification: accuracy {_f(c['accuracy'], 4)} on {c['n']} pages (rotated pages excluded); "
                    f"{_f(c['readable_accuracy'], 4)} on the {c['readable_n']} pages the scan checks accept for "
                    f"clarity, exposure, resolution and cropping; misses on rejected pages: {c['unreadable_misses']}"]
        for mat, s in c["per_material"].items():
            wrong = {k: v for k, v in c["confusion"][mat].items() if k != mat}
            out.append(f"  {mat:<30}{s['n']:>4}  {s['accuracy']:.3f}" + (f"   confused with {wrong}" if wrong else ""))
    fl = m.get("fields")
    if fl:
        out.append("")
        for grp in ("pristine", "imperfect"):
            if grp not in fl:
                continue
            out.append(f"fields, {grp} pages: exact match {_f(fl[grp]['exact_match'], 4)} over {fl[grp]['n']} fields")
            for mat, fs in fl[grp]["per_field"].items():
                out.append(f"  {mat}: " + ", ".join(f"{f} {v['exact_match']:.2f}/{v['n']}" for f, v in fs.items()))
    x = m.get("cross_document")
    if x:
        out += ["", f"cross-document name check over {x['people']} people: precision {_f(x['precision'])}, recall "
                    f"{_f(x['recall'])} (TP {x['tp']}, FP {x['fp']}, FN {x['fn']}, TN {x['tn']}, not scored {x['not_scored']}"
                    f" with fewer than two names read, {x.get('not_scored_unreadable', 0)} whose other name is on a"
                    f" page too blurred or small to read, {x.get('not_scored_pasted', 0)} with a pasted field and no"
                    f" other name labelled)",
                f"  warned of as a possible misreading of an unclear page instead: {x.get('uncertain_mismatch', 0)} of "
                f"the FN, {x.get('uncertain_agree', 0)} of the TN"]
        o = x.get("other_checks")
        if o:
            out.append(f"  other cross-checks (ID number, birth date, sex, dates after birth): false alarms on "
                       f"{o['false_alarms']} of {o['people']} people whose documents agree {o['by_check'] or ''}")
    v = m.get("validators")
    if v:
        n = next(iter(v.values()))["pristine_pages"]
        out.append(f"validators, false alarms on {n} pristine pages: "
                   + ", ".join(f"{k} {s['false_alarms_on_pristine']}" for k, s in v.items())
                   + "; failures on pages without a wrong ID: "
                   + ", ".join(f"{k} {s['fails_on_pages_without_invalid_id']}" for k, s in v.items()
                               if s["fails_on_pages_without_invalid_id"]))
    t = m["time"]
    out += ["", f"time: {t['total_s']} s in total, per page mean {t['per_page_mean_s']} s, median {t['per_page_median_s']} s "
                f"(decode {t['decode_mean_s']} s, scan checks {t['scan_mean_s']} s, OCR+extraction {t['ocr_mean_s']} s); "
                f"engine load {t['engine_load_s']} s"]
    return "\n".join(out) + "\n"
