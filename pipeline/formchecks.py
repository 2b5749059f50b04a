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

from pipeline.messages import finding
from pipeline.models import Finding, OcrLine, Page
from pipeline.quality import _hist_percentiles, paper_colours, white_balanced
from rules.params import load_parameters

WORK_SIDE = 1200


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


def _line_ink(bgr: np.ndarray, box: list[int], scale: float) -> np.ndarray | None:
    """CIELAB (a, b) of the ink pixels of one OCR line (those well below the line's own paper level)."""
    x0, y0, x1, y1 = (max(0, int(round(v * scale))) for v in box)
    crop = bgr[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).reshape(-1, 3)
    paper = np.percentile(lab[:, 0], 90)
    ink = lab[lab[:, 0] < paper - 60]
    return ink[:, 1:].astype(np.float32) if len(ink) else None


def fill_ink_colour(bgr: np.ndarray, lines: list[OcrLine], scale: float, labels: set[str],
                    seals: list[tuple[int, int, int, int]], min_difference: float,
                    min_share: float) -> float | None:
    """Share of the handwritten or typed fill (the form's text lines that are not its printed labels) whose ink
    differs in colour from the form's printed labels.

    The reference is the median colour (CIELAB a, b) of the ink of the
    printed labels (black print), or of all lines when no label was read.
    A fill line counts as coloured (blue or red pen) when ``min_share`` of its
    ink pixels are ``min_difference`` or more away from it: not its mean colour,
    which the black strokes of labels and rules inside the box of a line read
    from a tilted or downscaled photo pull towards black. Judging colour relative
    to the page's own print makes the check indifferent to the white balance
    of the capture; lines under a seal are left out. None when no fill line
    has enough ink to judge.
    """
    def under_seal(box: list[int]) -> bool:
        cx, cy = (box[0] + box[2]) / 2 * scale, (box[1] + box[3]) / 2 * scale
        return any(x - bw / 8 <= cx <= x + bw * 9 / 8 and y - bh / 8 <= cy <= y + bh * 9 / 8 for x, y, bw, bh in seals)

    printed, fill = [], []
    for ln in lines:
        if under_seal(ln.box):
            continue
        ink = _line_ink(bgr, ln.box, scale)
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


def _deskewed(box: list[int], skew_deg: float) -> list[int]:
    """A text box in the coordinates of the page turned straight: its rotated centre, with the box's own text
    height (the axis-aligned box of a tilted line is taller than the line by its width times the slope)."""
    a = np.deg2rad(skew_deg)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = box[2] - box[0], box[3] - box[1]
    x = cx * np.cos(a) - cy * np.sin(a)
    y = cy * np.cos(a) + cx * np.sin(a)
    th = max(h * 0.3, h - w * abs(np.tan(a)))
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


def check_form(page: Page, image: np.ndarray, on: date | None = None) -> list[Finding]:
    p = load_parameters("hz-talent")

    def g(name: str):
        return p.get(name, on)

    kw = {"file": page.file, "page": page.page}
    small = _small(image)
    # the seal's red judged against the paper around it: a faded seal under warm or cold light is still red
    hsv = cv2.cvtColor(white_balanced(small, paper_colours(small)[1]), cv2.COLOR_BGR2HSV)
    out = []
    seals = find_seals(hsv, g("form.seal_min_saturation"), g("form.seal_min_value"), g("form.seal_min_diameter"),
                       g("form.seal_max_diameter"), cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), g("form.seal_min_surround"))
    out.append(finding("FORM_SEAL_MISSING", "pass" if seals else "fail", len(seals), 1, p.cite("form.seal_min_diameter", on),
                       **kw))
    labels = set(g("form.required_labels")) | set(g("form.other_labels"))
    scale = small.shape[0] / image.shape[0]
    frac = fill_ink_colour(small, page.text, scale, labels, seals, g("form.ink_min_colour_difference"),
                           g("form.ink_min_coloured_share"))
    fmax = g("form.ink_max_coloured_fraction")
    if frac is None:
        out.append(finding("FORM_INK", "warn", None, fmax, p.cite("form.ink_max_coloured_fraction", on),
                           variant="no_fill", **kw))
    else:
        frac = round(frac, 4)
        out.append(finding("FORM_INK", "fail" if frac > fmax else "pass", frac, fmax,
                           p.cite("form.ink_max_coloured_fraction", on), pct=round(frac * 100, 1), **kw))
    skew = next((f.value for f in page.findings if f.code == "SCAN_SKEW" and isinstance(f.value, (int, float))), 0.0)
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
