"""Checks of the application form (seed 000 FAQ 4.1 and §八 二): employer's seal, black ink, no blank field.

They run once a page is classified as the form. The seal and the ink are
judged from colour (OpenCV, HSV); blank fields from the OCR lines: every
required label must have text to its right in the same row.
"""

from __future__ import annotations

import re
from datetime import date

import cv2
import numpy as np

from pipeline.messages import finding, uncertain
from pipeline.models import Finding, OcrLine, Page
from pipeline.quality import (_hist_percentiles, _work_copy, find_page, page_mask, paper_colours, text_layer,
                               white_balanced)
from rules.params import load_parameters

WORK_SIDE = 1200

#: Scan checks whose failure makes a missing seal uncertain: the seal is found by its colour and shape, which blur
#: and bad exposure wash out, while a coarse scan keeps them. On a page that fails only SCAN_CLARITY, a form with no
#: red on it at all still has no seal (``red_evidence``).
SEAL_LEGIBILITY_CHECKS = {"SCAN_CLARITY", "SCAN_EXPOSURE"}
#: Share of the image width by which the page outline is shrunk before red is looked for inside it: a red desk's
#: colour blurred or compressed into the sheet's margin is not on the paper.
RED_EVIDENCE_MARGIN = 0.02


def _small(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    s = WORK_SIDE / max(h, w)
    return cv2.resize(image, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA) if s < 1 else image


def red_mask(hsv: np.ndarray, min_sat: int, min_val: int) -> np.ndarray:
    hue = hsv[:, :, 0]
    return ((hue <= 10) | (hue >= 165)) & (hsv[:, :, 1] >= min_sat) & (hsv[:, :, 2] >= min_val)


def find_seals(hsv: np.ndarray, min_sat: int, min_val: int, min_diameter: float,
               max_diameter: float = float("inf"), gray: np.ndarray | None = None,
               min_surround: float = 0.0) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of round red marks at least ``min_diameter`` and at most ``max_diameter`` × page width
    across; with ``gray``, only those surrounded by paper: the median of a band a quarter of the mark's size wide
    around its box at least ``min_surround`` × the paper's level (the 90th percentile of ``gray``)."""
    h, w = hsv.shape[:2]
    mask = red_mask(hsv, min_sat, min_val).astype(np.uint8)
    k = max(3, w // 120)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    paper = _hist_percentiles(gray, [90])[0] if gray is not None else 0.0
    out = []
    for x, y, bw, bh, area in stats[1:]:
        sized = min_diameter * w <= min(bw, bh) and max(bw, bh) <= max_diameter * w
        if not (sized and 0.7 <= bw / bh <= 1.4 and 0.05 <= area / (bw * bh) <= 0.85):
            continue
        if gray is not None:
            m = max(bw, bh) // 4
            x0, y0, x1, y1 = max(0, x - m), max(0, y - m), min(w, x + bw + m), min(h, y + bh + m)
            band = np.ones((y1 - y0, x1 - x0), np.uint8)
            band[y - y0:y - y0 + bh, x - x0:x - x0 + bw] = 0
            if _hist_percentiles(gray[y0:y1, x0:x1], [50], band)[0] < min_surround * paper:
                continue  # not on the paper: a piece of a red desk or cloth at the image's edge
        out.append((int(x), int(y), int(bw), int(bh)))
    return out


def red_evidence(balanced_bgr: np.ndarray, window: float) -> float:
    """How much red lies on the paper where a seal could be: the largest mean, over a square ``window`` × the image
    width on a side, of how much the red channel exceeds the larger of the other two (8-bit levels), inside the
    page's outline when one is found, less the median of those means over the image (a cast of the light).

    Blur and shake move a seal's red around but keep its sum, so on a page too blurred for the seal's ring and
    shape to be found this still tells a faded seal (its red spread, not gone) from a form that carries none.
    ``balanced_bgr``: the form white-balanced against its paper."""
    balanced_bgr = _work_copy(balanced_bgr)  # the scale the page outline is found at
    b, g, r = cv2.split(balanced_bgr.astype(np.float32))
    excess = np.clip(r - np.maximum(g, b), 0, None)
    h, w = excess.shape
    gray = cv2.cvtColor(balanced_bgr, cv2.COLOR_BGR2GRAY)
    quad = find_page(gray, text_layer(gray))
    if quad is not None:  # a photo: the desk around the sheet (wood, a red cloth) is not where a seal is stamped
        k = max(1, round(RED_EVIDENCE_MARGIN * w))
        excess *= cv2.erode(page_mask(gray.shape, quad), np.ones((k, k), np.uint8))
    k = max(3, round(window * w))
    means = cv2.boxFilter(excess, -1, (k, k), borderType=cv2.BORDER_REFLECT)
    return float(means.max() - np.median(means))


#: Skew (degrees) from which a line's ink is taken from the line itself, turned straight, rather than from its box.
INK_DESKEW_MIN_DEG = 1.0


def _line_ink(bgr: np.ndarray, box: list[int], scale: float, skew_deg: float = 0.0) -> np.ndarray | None:
    """CIELAB (a, b) of the ink pixels of one OCR line (those well below the line's own paper level). On a page
    skewed by ``skew_deg`` (SCAN_SKEW, counter-clockwise positive) the box of a line is taller than the line by its
    width times the slope and takes in the rows above and below it (a seal, other print): the box is turned straight
    about its centre and only the band of the line's own height is kept."""
    x0, y0, x1, y1 = (max(0, int(round(v * scale))) for v in box)
    crop = bgr[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    if abs(skew_deg) >= INK_DESKEW_MIN_DEG:
        h, w = crop.shape[:2]
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), -skew_deg, 1.0)
        straight = cv2.warpAffine(crop, turn, (w, h), flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT,
                                  borderValue=(255, 255, 255))
        th = _line_height(w, h, skew_deg)
        top = int(round((h - th) / 2))
        crop = straight[top:top + max(1, int(round(th)))]
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).reshape(-1, 3)
    paper = np.percentile(lab[:, 0], 90)
    ink = lab[lab[:, 0] < paper - 60]
    return ink[:, 1:].astype(np.float32) if len(ink) else None


def fill_ink_colour(bgr: np.ndarray, lines: list[OcrLine], scale: float, labels: set[str],
                    seals: list[tuple[int, int, int, int]], min_difference: float,
                    min_share: float, skew_deg: float = 0.0) -> float | None:
    """Share of the handwritten or typed fill (the form's text lines that are not its printed labels) whose ink
    differs in colour from the form's printed labels.

    The reference is the median colour (CIELAB a, b) of the ink of the
    printed labels (black print), or of all lines when no label was read.
    A fill line counts as coloured (blue or red pen) when ``min_share`` of its
    ink pixels are ``min_difference`` or more away from it: not its mean colour,
    which the black strokes of labels and rules inside the box of a line read
    from a tilted or downscaled photo pull towards black. Judging colour relative
    to the page's own print makes the check indifferent to the white balance
    of the capture; lines under a seal are left out, and on a skewed page
    (``skew_deg``) each line's ink is taken from the line turned straight
    (``_line_ink``). None when no fill line has enough ink to judge.
    """
    def under_seal(box: list[int]) -> bool:
        cx, cy = (box[0] + box[2]) / 2 * scale, (box[1] + box[3]) / 2 * scale
        return any(x - bw / 8 <= cx <= x + bw * 9 / 8 and y - bh / 8 <= cy <= y + bh * 9 / 8 for x, y, bw, bh in seals)

    printed, fill = [], []
    for ln in lines:
        if under_seal(ln.box):
            continue
        ink = _line_ink(bgr, ln.box, scale, skew_deg)
        if ink is None or len(ink) < 30:
            continue
        (printed if _CLEAN.sub("", ln.text) in labels else fill).append(ink)
    if not fill:
        return None
    pool = np.concatenate(printed if sum(len(i) for i in printed) >= 100 else printed + fill)
    ref = np.median(pool, axis=0)
    coloured = total = 0
    for ink in fill:
        total += len(ink)
        if float((np.linalg.norm(ink - ref, axis=1) >= min_difference).mean()) >= min_share:
            coloured += len(ink)
    return coloured / total


_CLEAN = re.compile(r"[\s：:（）()]")


def _line_height(w: float, h: float, skew_deg: float) -> float:
    """The height of a line of text whose axis-aligned box, on a page skewed by ``skew_deg``, is ``w`` by ``h``: the
    box is taller than the line by its width times the slope (never less than 0.3 of the box)."""
    return max(h * 0.3, h - w * abs(np.tan(np.deg2rad(skew_deg))))


def _deskewed(box: list[int], skew_deg: float) -> list[int]:
    """A text box in the coordinates of the page turned straight: its rotated centre, with the box's own text
    height (the axis-aligned box of a tilted line is taller than the line by its width times the slope)."""
    a = np.deg2rad(skew_deg)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = box[2] - box[0], box[3] - box[1]
    x = cx * np.cos(a) - cy * np.sin(a)
    y = cy * np.cos(a) + cx * np.sin(a)
    th = _line_height(w, h, skew_deg)
    return [round(x - w / 2), round(y - th / 2), round(x + w / 2), round(y + th / 2)]


def _label_line(clean: list[tuple[str, OcrLine]], label: str, label_set: set[str]) -> tuple[str, OcrLine] | None:
    """The OCR line that reads as ``label`` (alone, or followed by its value on the same line), or None."""
    return next(((t, ln) for t, ln in clean if t == label or (t.startswith(label) and len(t) > len(label)
                                                             and t[len(label):] not in label_set)), None)


def unread_labels(lines: list[OcrLine], labels: list[str], other_labels: list[str] = ()) -> list[str]:
    """Required labels not read anywhere on the form (cut off, or too unclear to read): whether their fields are
    filled in cannot be told."""
    clean = [(_CLEAN.sub("", ln.text), ln) for ln in lines]
    label_set = set(labels) | set(other_labels)
    return [label for label in labels if _label_line(clean, label, label_set) is None]


def blank_fields(lines: list[OcrLine], labels: list[str], other_labels: list[str] = (), skew_deg: float = 0.0) -> list[str]:
    """Required labels with no text to their right in the same table row (before the next label); a label not
    read at all is not among them (``unread_labels``).

    Rows are compared on the page turned straight by ``skew_deg`` (the scan
    check's measured skew), so a tilted form does not lose its rows."""
    if skew_deg:
        lines = [OcrLine(text=ln.text, confidence=ln.confidence, box=_deskewed(ln.box, skew_deg)) for ln in lines]
    clean = [(_CLEAN.sub("", ln.text), ln) for ln in lines]
    label_set = set(labels) | set(other_labels)
    blank = []
    for label in labels:
        hit = _label_line(clean, label, label_set)
        if hit is None:
            continue  # the label itself was not read: nothing can be said about its field
        text, ln = hit
        if text != label:
            continue  # the value was read on the same line as the label
        cy0, cy1 = ln.box[1], ln.box[3]
        right = sorted((o for t, o in clean if o is not ln and o.box[0] > ln.box[2]
                        and min(cy1, o.box[3]) - max(cy0, o.box[1]) >= 0.5 * min(cy1 - cy0, o.box[3] - o.box[1])),
                       key=lambda o: o.box[0])
        nxt = next((o for o in right), None)
        if nxt is None or _CLEAN.sub("", nxt.text) in label_set:
            blank.append(label)
    return blank


def _seal_finding(seals, balanced, failed, g, cite, on, kw, dark: bool = False) -> Finding:
    """FORM_SEAL_MISSING of the seals found; with none found on a page that failed a check of
    ``SEAL_LEGIBILITY_CHECKS``, a warning that it may be missed, unless the form carries no red at all
    (``red_evidence`` under form.seal_min_red_evidence) and what failed keeps a seal's red: blur spreads it, and
    darkness (``dark``: SCAN_EXPOSURE failed as under-exposed) dims it, which the balance against the paper undoes.
    Over-exposure, glare and a shadow wash it out or hide it."""
    if seals:
        return finding("FORM_SEAL_MISSING", "pass", len(seals), 1, cite("form.seal_min_diameter", on), **kw)
    missing = finding("FORM_SEAL_MISSING", "fail", 0, 1, cite("form.seal_min_diameter", on), **kw)
    doubts = failed & SEAL_LEGIBILITY_CHECKS
    if not doubts:
        return missing
    if doubts == {"SCAN_CLARITY"} or (dark and doubts <= {"SCAN_CLARITY", "SCAN_EXPOSURE"}):
        red, least = round(red_evidence(balanced, g("form.seal_min_diameter")), 2), g("form.seal_min_red_evidence")
        if red < least:
            return finding("FORM_SEAL_MISSING", "fail", red, least, cite("form.seal_min_red_evidence", on),
                           variant="no_red_dark" if "SCAN_EXPOSURE" in doubts else "no_red", **kw)
    return uncertain(missing)


def check_form(page: Page, image: np.ndarray, on: date | None = None, failed: set[str] = frozenset()) -> list[Finding]:
    """The form's findings (FORM_SEAL_MISSING, FORM_INK, FORM_FIELD_BLANK) on ``image``, the page upright; ``failed``:
    the scan checks the page failed (they make a missing seal uncertain, see ``SEAL_LEGIBILITY_CHECKS``)."""
    p = load_parameters("hz-talent")

    def g(name: str):
        return p.get(name, on)

    kw = {"file": page.file, "page": page.page}
    small = _small(image)
    # the seal's red judged against the paper around it: a faded seal under warm or cold light is still red
    balanced = white_balanced(small, paper_colours(small)[1])
    hsv = cv2.cvtColor(balanced, cv2.COLOR_BGR2HSV)
    out = []
    seals = find_seals(hsv, g("form.seal_min_saturation"), g("form.seal_min_value"), g("form.seal_min_diameter"),
                       g("form.seal_max_diameter"), cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), g("form.seal_min_surround"))
    dark = any(f.code == "SCAN_EXPOSURE" and f.status == "fail" and f.variant == "under" for f in page.findings)
    out.append(_seal_finding(seals, balanced, failed, g, p.cite, on, kw, dark))
    labels = set(g("form.required_labels")) | set(g("form.other_labels"))
    scale = small.shape[0] / image.shape[0]
    skew = next((f.value for f in page.findings if f.code == "SCAN_SKEW" and isinstance(f.value, (int, float))), 0.0)
    frac = fill_ink_colour(small, page.text, scale, labels, seals, g("form.ink_min_colour_difference"),
                           g("form.ink_min_coloured_share"), skew)
    fmax = g("form.ink_max_coloured_fraction")
    if frac is None:
        out.append(finding("FORM_INK", "warn", None, fmax, p.cite("form.ink_max_coloured_fraction", on),
                           variant="no_fill", **kw))
    else:
        frac = round(frac, 4)
        out.append(finding("FORM_INK", "fail" if frac > fmax else "pass", frac, fmax,
                           p.cite("form.ink_max_coloured_fraction", on), pct=round(frac * 100, 1), **kw))
    required, other = g("form.required_labels"), g("form.other_labels")
    blank = blank_fields(page.text, required, other, skew)
    # a required label not read at all (cut off, unclear): its field is neither found blank nor known to be filled,
    # and the finding says so rather than "every field is filled in"
    unread = unread_labels(page.text, required, other)
    cite = p.cite("form.required_labels", on)
    unread_fmt = {"unread": "、".join(unread), "unread_en": ", ".join(unread)}
    if blank:
        out.append(finding("FORM_FIELD_BLANK", "fail", blank, [], cite, variant="unread" if unread else None,
                           fields="、".join(blank), fields_en=", ".join(blank), **unread_fmt, **kw))
    elif unread:
        out.append(finding("FORM_FIELD_BLANK", "warn", {"unread": unread}, [], cite, variant="unread", **unread_fmt,
                           **kw))
    else:
        out.append(finding("FORM_FIELD_BLANK", "pass", [], [], cite, **kw))
    return out
