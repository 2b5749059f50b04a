"""Compose the stages over one submission: ingest → scan checks → OCR → classify/extract → rules → Report.

``check_submission`` is the library entry point that the CLI and the Prefect
flows call. Pages are decoded, checked and read one at a time, so memory
does not grow with the number of pages.
"""

from __future__ import annotations

import re

import time
from datetime import date
from pathlib import Path
from typing import Iterable

import cv2
import numpy as np

from pipeline.classify import UNRECOGNIZED, classify
from pipeline.errors import InputError
from pipeline.extract import extract, reread_missing
from pipeline.fieldchecks import cross_check, validate_page
from pipeline.formchecks import check_form
from pipeline.imageio import DecodedPage, Unreadable
from pipeline.ingest import is_supported, iter_pages, load_submission
from pipeline.messages import finding, uncertain
from pipeline.models import InputFile, OcrLine, Page, Report
from pipeline.ocr.seal import seal_free_red
from pipeline.quality import ScanContext, check_page, check_skew

STAGES = ("scan", "ocr", "rules")
#: Long side of the image given to OCR (text of A4 scans stays legible, time stays bounded).
OCR_SIDE = 2000
#: Median redness (red less the larger of green and blue, over red) from which a page is a red cover. On seeds 55-88
#: (1680 pages) the red graduation covers measured 0.49-0.81 (dim or on a wide desk included), every other page at
#: most 0.40 (tinted paper, desks, warm light, seals); read in the red channel, the gold print of seed 88's red
#: covers on wood and fabric desks vanished (unrecognized, one also taken for upside down).
RED_PAPER_MIN = 0.45
#: A page refused for blur that reads as nothing known is read again this much smaller (in turn, until it is
#: recognised): shrinking an image shrinks its blur in pixels, and the text detector finds the lines of a
#: blurred page at a lower resolution (a blurred form's title is read at a third of its size).
BLUR_REREAD_SCALES = (0.5, 1 / 3)
UNREADABLE_SOURCE = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4 第3点（确保图片清晰，文字容易辨识）"


def parse_stages(stages: str | Iterable[str] | None) -> tuple[str, ...]:
    if stages is None:
        return STAGES
    items = [s.strip() for s in (stages.split(",") if isinstance(stages, str) else stages) if s.strip()]
    unknown = [s for s in items if s not in STAGES]
    if unknown or not items:
        raise InputError(f"unknown stage(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(STAGES)}")
    if "rules" in items and "ocr" not in items:
        raise InputError("the rules stage needs the ocr stage (pages are matched to materials by their text); "
                         "use --stages scan,ocr,rules or --stages ocr,rules")
    return tuple(s for s in STAGES if s in items)


def red_paper(image: np.ndarray) -> bool:
    """Whether most of ``image`` (BGR) is red: a certificate's red cover, whose light print (gold, white) is as
    bright in the red channel as the cover itself."""
    if image.ndim != 3:
        return False
    small = cv2.resize(image, (64, 64), interpolation=cv2.INTER_AREA).astype(np.float32)
    redness = (small[..., 2] - np.maximum(small[..., 0], small[..., 1])) / np.maximum(small[..., 2], 1.0)
    return float(np.median(redness)) >= RED_PAPER_MIN


def ocr_input(image: np.ndarray) -> tuple[np.ndarray, float]:
    """The image OCR reads: the red channel with each round red seal redrawn as paper (the text under it stays
    whole), at most OCR_SIDE; on a red cover (``red_paper``) the luminance, where its print stands out."""
    h, w = image.shape[:2]
    scale = min(1.0, OCR_SIDE / max(h, w))
    if scale < 1.0:
        image = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    if red_paper(image):
        return cv2.merge([cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)] * 3), scale
    return seal_free_red(image), scale


def read_page(engine, image: np.ndarray) -> list[OcrLine]:
    img, scale = ocr_input(image)
    lines = engine.read(img)
    if scale != 1.0:
        for ln in lines:
            ln.box = [round(v / scale) for v in ln.box]
    return lines


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _reading_score(lines: list[OcrLine]) -> float:
    """How well a page read: confidently read Chinese characters (used to choose between orientations).

    Only Han characters count: a page read the wrong way up, or one too blurred to read, comes out as runs of
    Latin letters and digits (``OnOOOO``, ``000``), which must not make one orientation look better."""
    return sum(len(_HAN.findall(ln.text)) * ln.confidence for ln in lines if ln.confidence >= 0.7)


def _runs_vertically(lines: list[OcrLine]) -> bool:
    """Whether the detected text boxes are mostly tall rather than wide (a page on its side)."""
    tall = sum(max(ln.box[3] - ln.box[1], 1) for ln in lines if ln.box[3] - ln.box[1] > 1.5 * (ln.box[2] - ln.box[0]))
    wide = sum(max(ln.box[2] - ln.box[0], 1) for ln in lines if ln.box[2] - ln.box[0] > 1.5 * (ln.box[3] - ln.box[1]))
    return tall > wide


def _blurred(page: Page) -> bool:
    """Whether the scan checks refused ``page`` as unclear (SCAN_CLARITY failed)."""
    return any(f.code == "SCAN_CLARITY" and f.status == "fail" for f in page.findings)


def read_upright(engine, image: np.ndarray, page: Page, on: date | None = None) -> tuple[np.ndarray, list[OcrLine]]:
    """OCR the page the right way up, and settle its SCAN_ORIENTATION finding from what was read.

    The page is read as it is. If its text boxes run vertically it is on its
    side: it is turned a quarter clockwise and read again. Then PP-OCR's
    direction classifier looks at the longest lines; if it reads them as upside
    down, the page is turned half a turn more, and that turn is kept only when
    the page then reads better (more confident text). Boxes refer to the
    upright page. Reading is better evidence than the scan stage's profile
    ratio, so it overrides that finding either way.
    """
    from pipeline.ocr.orientation import upside_down_share
    from rules.params import load_parameters

    params = load_parameters("scan")
    found = next((f for f in page.findings if f.code == "SCAN_ORIENTATION"), None)
    img, lines, turn = image, read_page(engine, image), 0
    if _runs_vertically(lines):
        img = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
        lines, turn = read_page(engine, img), 90
    share = upside_down_share(img, lines)
    limit = params.get("orientation.max_upside_down_share", on)
    if share is not None and share > limit:
        flipped = cv2.rotate(img, cv2.ROTATE_180)
        flipped_lines = read_page(engine, flipped)
        if _reading_score(flipped_lines) > _reading_score(lines):
            img, lines, turn = flipped, flipped_lines, turn + 180
    kw = {"file": page.file, "page": page.page}
    src = found.source if found else params.cite("orientation.max_quarter_ratio", on)
    value = found.value if found else None
    if turn == 0:
        # reading nothing is no evidence either way: the scan stage's finding stands
        new = found if found is None or found.status == "pass" or not lines else \
            finding("SCAN_ORIENTATION", "pass", value, found.threshold, src, variant="confirmed", **kw)
    elif turn == 180:
        new = finding("SCAN_ORIENTATION", "fail", round(share, 3), limit,
                      params.cite("orientation.max_upside_down_share", on), variant="upside_down", **kw)
    else:
        new = finding("SCAN_ORIENTATION", "fail", value,
                      found.threshold if found else params.get("orientation.max_quarter_ratio", on), src,
                      variant="quarter", **kw)
    if new is not found and new is not None:
        page.findings = [new if x is found else x for x in page.findings] if found else page.findings + [new]
        if turn == 0 and not any(f.code == "SCAN_SKEW" for f in page.findings):
            # the scan stage took the page for turned and so measured no skew: measure it now it is known upright
            skew = check_skew(image, ScanContext(page.file, page.page, on), blurred=_blurred(page))
            at = page.findings.index(new) + 1
            page.findings = page.findings[:at] + [skew] + page.findings[at:]
    return img, lines


def reread_blurred(engine, upright: np.ndarray, page: Page) -> list[OcrLine] | None:
    """The lines of a blurred page read at a smaller size, if that way it is recognised as a material type.

    Only for a page the scan checks refused as unclear and whose full-size reading fits no type: what the
    applicant uploaded can then be named ("your ID card is too blurred") instead of "an unknown page"."""
    blurred = _blurred(page)
    if not blurred or page.material != UNRECOGNIZED:
        return None
    h, w = upright.shape[:2]
    for scale in BLUR_REREAD_SCALES:
        small = cv2.resize(upright, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        lines = read_page(engine, small)
        if classify(lines)[0] != UNRECOGNIZED:
            for ln in lines:
                ln.box = [round(v / scale) for v in ln.box]
            return lines
    return None


#: Scan checks whose failure makes a problem found in what was read (OCR) from the page uncertain.
LEGIBILITY_CHECKS = {"SCAN_CLARITY", "SCAN_RESOLUTION", "SCAN_EXPOSURE"}


def process_page(dp: DecodedPage, name: str, stages, engine, on: date | None = None,
                 timings: dict[str, float] | None = None) -> Page:
    """Scan checks, OCR, classification, extraction and field validation of one decoded page."""
    timings = timings if timings is not None else {"scan": 0.0, "ocr": 0.0}
    failed: set[str] = set()
    h, w = dp.image.shape[:2]
    page = Page(file=name, page=dp.page, width=w, height=h)
    if "scan" in stages:
        t = time.perf_counter()
        page.findings += check_page(dp.image, dp.meta, ScanContext(name, dp.page, on))
        failed = {f.code for f in page.findings if f.status == "fail"}
        page.legible = not failed & LEGIBILITY_CHECKS
        timings["scan"] += time.perf_counter() - t
    if engine is not None:
        t = time.perf_counter()
        upright, page.text = read_upright(engine, dp.image, page, on)
        page.material, page.material_score, _ = classify(page.text)
        reread = reread_blurred(engine, upright, page)
        if reread is not None:
            page.text = reread
            page.material, page.material_score, _ = classify(page.text)
        page.fields = extract(page.material, page.text)
        # a lone glyph (性别 男) the detector missed: its cell read again on its own
        page.fields = reread_missing(page.material, page.text, page.fields,
                                     lambda b: read_page(engine, upright[b[1]:b[3], b[0]:b[2]]))
        read = validate_page(page)
        if page.material == "application_form":
            read += check_form(page, upright, on, failed)
        # on a page too unclear to read reliably, a problem found in what was read may be a misreading (the seal's
        # finding weighs the page's legibility itself: it is judged by colour, not read)
        page.findings += [uncertain(f) if failed & LEGIBILITY_CHECKS and f.code != "FORM_SEAL_MISSING" else f
                          for f in read]
        if not page.text:
            page.findings.append(finding("OCR_EMPTY", "warn", 0, None, UNREADABLE_SOURCE, file=name, page=dp.page))
        elif page.material == "unrecognized":
            page.findings.append(finding("PAGE_UNRECOGNIZED", "warn", page.material_score, None,
                                         UNREADABLE_SOURCE, file=name, page=dp.page))
        timings["ocr"] += time.perf_counter() - t
    return page


def check_submission(path: str | Path, procedure: str | None = None, stages=None, engine_name: str | None = None,
                     on: date | None = None) -> Report:
    from rules.catalogue import load_catalogue, match_materials, page_completeness
    from rules.decide import decide, submission_reasons
    from rules.procedures import get_procedure

    stages = parse_stages(stages)
    sub = load_submission(path, procedure)
    proc = get_procedure(sub.procedure)
    timings = {"decode": 0.0, "scan": 0.0, "ocr": 0.0, "rules": 0.0}
    engine = None
    if "ocr" in stages:
        from pipeline.ocr import get_engine

        t = time.perf_counter()
        engine = get_engine(engine_name)
        timings["ocr_load"] = time.perf_counter() - t
    inputs: list[InputFile] = []
    for name in sub.files:
        if not is_supported(name):
            detail = "not a scan or PDF; upload JPEG, PNG, TIFF, BMP, WebP or PDF"
            inputs.append(InputFile(file=name, pages=0, status="ignored", detail=detail))
            sub.findings.append(finding("FILE_UNSUPPORTED", "warn", Path(name).suffix or "(none)", None,
                                        UNREADABLE_SOURCE, file=name))
            continue
        n_pages, t = 0, time.perf_counter()
        try:
            for dp in iter_pages(sub, name):
                timings["decode"] += time.perf_counter() - t
                page = process_page(dp, name, stages, engine, on, timings)
                sub.pages.append(page)
                n_pages += 1
                del dp
                t = time.perf_counter()
            inputs.append(InputFile(file=name, pages=n_pages, status="ok"))
        except Unreadable as exc:
            timings["decode"] += time.perf_counter() - t
            inputs.append(InputFile(file=name, pages=n_pages, status="unreadable", detail=str(exc)))
            sub.findings.append(finding("SCAN_UNREADABLE", "error", str(exc), None, UNREADABLE_SOURCE,
                                        file=name, page=n_pages + 1 if n_pages else None, reason=str(exc)))
    decision, materials = None, []
    if engine is not None:
        sub.findings += cross_check(sub.pages, sub.declared)
    if "rules" in stages:
        t = time.perf_counter()
        cat = load_catalogue(sub.procedure)
        materials = match_materials(cat, sub.pages, proc.material_conditions(sub.declared))
        sub.findings += page_completeness(cat, materials)
        facts = proc.Facts(declared=sub.declared, evidence=proc.evidence_from_pages(sub.pages), on=on or date.today())
        reasons = submission_reasons(cat, materials, sub.pages, sub.findings, inputs) + proc.evaluate(facts)
        decision = decide(reasons)
        timings["rules"] = time.perf_counter() - t
    return Report(submission=sub.id, procedure=sub.procedure, stages=list(stages), decision=decision,
                  materials=materials, pages=sub.pages, findings=sub.findings, inputs=inputs,
                  timings={k: round(v, 4) for k, v in timings.items()})
