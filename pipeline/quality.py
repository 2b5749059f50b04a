"""Scan requirement checks (seed 000, FAQ 4): colour, exposure, clarity, skew, editing.

Each check measures one number (or a small dict of numbers) on a downscaled
copy of the page, compares it with thresholds from ``rules/data/scan.yaml``
and returns a :class:`~pipeline.models.Finding`. The measuring functions
(``measure_*``) are pure and separately testable; ``check_page`` composes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np

from pipeline.imageio import ImageMeta
from pipeline.messages import finding
from rules.params import ParameterSet, load_parameters

#: Work size (long side, pixels) of the copy the checks run on.
WORK_SIDE = 1200


def _work_copy(image: np.ndarray, side: int = WORK_SIDE) -> np.ndarray:
    h, w = image.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return image
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


# ---------------------------------------------------------------- colour
def measure_colour(small_bgr: np.ndarray, chroma_min: float) -> float:
    """Fraction of the page covered by clearly coloured regions.

    The global colour cast (tinted paper, scanner white balance) is removed by
    subtracting the median chroma; isolated chroma noise and one-pixel colour
    fringes at text edges are removed by a morphological opening, so a
    grayscale scan saved as RGB measures close to 0 while a small red seal
    still counts.
    """
    lab = cv2.cvtColor(small_bgr, cv2.COLOR_BGR2LAB).astype(np.float32)
    a = lab[:, :, 1] - 128.0
    b = lab[:, :, 2] - 128.0
    a -= float(np.median(a))
    b -= float(np.median(b))
    chroma = np.sqrt(a * a + b * b)
    mask = (chroma >= chroma_min).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return float(mask.mean())


# ---------------------------------------------------------------- exposure
def measure_exposure(gray: np.ndarray) -> dict[str, float]:
    """Ink level (1st percentile) and paper level (90th percentile) of the luminance."""
    p1, p90 = np.percentile(gray, [1, 90])
    return {"ink": round(float(p1), 1), "paper": round(float(p90), 1)}


# ---------------------------------------------------------------- clarity
def text_height(gray: np.ndarray) -> float | None:
    """Median height in pixels of the text-like connected components (strokes and characters)."""
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 35)
    n, _, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    h, w = gray.shape
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (hs >= 4) & (hs < h * 0.08) & (ws < w * 0.3) & (stats[1:, cv2.CC_STAT_AREA] >= 6)
    if keep.sum() < 20:
        return None
    return float(np.median(hs[keep]))


def edge_sharpness(gray: np.ndarray) -> float:
    """Median, over strong edges, of gradient / local contrast (about 1 / edge width in pixels)."""
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    mag = np.sqrt(gx * gx + gy * gy)
    k = np.ones((7, 7), np.uint8)
    local_range = cv2.dilate(g, k) - cv2.erode(g, k)
    strong = local_range >= 60.0
    if strong.sum() < 200:
        return float("nan")
    # the edge pixels proper: local maxima of the gradient within strong-contrast areas
    peak = (mag >= cv2.dilate(mag, np.ones((3, 3), np.uint8)) - 1e-6) & strong & (mag > 4.0)
    if peak.sum() < 100:
        return 0.0
    return float(np.median(mag[peak] / local_range[peak]))


def measure_clarity(image_gray: np.ndarray, work_gray: np.ndarray, work_scale: float, text_px: float) -> float:
    """Edge sharpness measured at a scale where text components are ``text_px`` pixels high.

    Judging blur relative to the text size, not the image size: the same
    3-pixel blur ruins 15-pixel text and hardly matters for 60-pixel text.
    The page is rescaled (never enlarged) from the full-resolution image so
    the median text component is ``text_px`` high, and the central part is
    measured (bounded cost).
    """
    th = text_height(work_gray)
    if th is None:
        return float("nan")
    scale = min(1.0, text_px / (th / work_scale))
    h, w = image_gray.shape
    if scale < 1.0:
        img = cv2.resize(image_gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    else:
        img = image_gray
    h, w = img.shape
    side = 1400
    if max(h, w) > side:
        y0, x0 = max(0, (h - side) // 2), max(0, (w - side) // 2)
        img = img[y0:y0 + side, x0:x0 + side]
    return round(edge_sharpness(img), 4)


# ---------------------------------------------------------------- skew
def _text_points(gray: np.ndarray, max_points: int = 60000) -> np.ndarray:
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 35)
    # drop large blobs (photos, dark backgrounds) that are not text strokes
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    h, w = gray.shape
    keep = (stats[:, cv2.CC_STAT_HEIGHT] < h * 0.08) & (stats[:, cv2.CC_STAT_WIDTH] < w * 0.3)
    keep[0] = False
    mask = keep[labels]
    ys, xs = np.nonzero(mask)
    if len(xs) > max_points:
        idx = np.random.default_rng(0).choice(len(xs), max_points, replace=False)
        xs, ys = xs[idx], ys[idx]
    return np.stack([xs, ys], axis=1).astype(np.float32)


def _profile_score(pts: np.ndarray, angle_deg: float) -> float:
    t = np.deg2rad(angle_deg)
    y = pts[:, 1] * np.cos(t) - pts[:, 0] * np.sin(t)
    hist = np.bincount((y - y.min()).astype(np.int64))
    return float(np.dot(hist, hist))


def measure_skew(gray: np.ndarray, max_angle: float = 15.0) -> float | None:
    """Skew in degrees by projection-profile search; positive = page turned counter-clockwise.

    Text lines of a page turned counter-clockwise by ``a`` degrees run at
    ``-a`` in image coordinates (y down); the search finds the rotation that
    makes the row profile of the text pixels sharpest.
    """
    pts = _text_points(gray)
    if len(pts) < 500:
        return None
    pts -= pts.mean(axis=0)
    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=lambda a: _profile_score(pts, a))
    for step, span in ((0.1, 0.5), (0.02, 0.1)):
        best = max(np.arange(best - span, best + span + 1e-9, step), key=lambda a: _profile_score(pts, a))
    # a page turned counter-clockwise has text rows at a negative image angle
    return round(-float(best), 2) + 0.0


# ---------------------------------------------------------------- editing
def edited_by(meta: ImageMeta, patterns: list[str]) -> str | None:
    """The first editing tool the metadata names, or None."""
    for text in meta.software:
        for pat in patterns:
            if re.search(pat, text, flags=re.IGNORECASE):
                m = re.search(pat, text, flags=re.IGNORECASE)
                return m.group(0) if m else pat
    return None


# ---------------------------------------------------------------- composition
@dataclass
class ScanContext:
    file: str
    page: int
    on: date | None = None
    scope: str | None = None


def check_page(image: np.ndarray, meta: ImageMeta, ctx: ScanContext, params: ParameterSet | None = None) -> list:
    """Run every scan check on one page image; returns findings in a fixed order."""
    p = params or load_parameters("scan")

    def g(name: str):
        return p.get(name, ctx.on, ctx.scope)

    def f(code: str, status: str, value, threshold, param: str, **fmt):
        return finding(code, status, value, threshold, p.cite(param, ctx.on, ctx.scope), file=ctx.file, page=ctx.page, **fmt)

    small = _work_copy(image)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    out = []

    frac = measure_colour(small, g("colour.chroma_min"))
    need = g("colour.min_coloured_fraction")
    out.append(f("SCAN_COLOUR", "pass" if frac >= need else "fail", round(frac, 5), need, "colour.min_coloured_fraction",
                 pct=frac * 100))

    exp = measure_exposure(gray)
    ink_max, paper_min = g("exposure.ink_max"), g("exposure.paper_min")
    thr = {"ink_max": ink_max, "paper_min": paper_min}
    if exp["ink"] > ink_max:
        out.append(f("SCAN_EXPOSURE", "fail", exp, thr, "exposure.ink_max", variant="over", **exp))
    elif exp["paper"] < paper_min:
        out.append(f("SCAN_EXPOSURE", "fail", exp, thr, "exposure.paper_min", variant="under", **exp))
    else:
        out.append(f("SCAN_EXPOSURE", "pass", exp, thr, "exposure.ink_max", **exp))

    full_gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if small is not image else gray
    sharp = measure_clarity(full_gray, gray, small.shape[0] / image.shape[0], g("clarity.text_height_px"))
    smin = g("clarity.min_edge_sharpness")
    if np.isnan(sharp):
        out.append(f("SCAN_CLARITY", "warn", None, smin, "clarity.min_edge_sharpness", variant="no_text"))
    else:
        out.append(f("SCAN_CLARITY", "pass" if sharp >= smin else "fail", sharp, smin, "clarity.min_edge_sharpness"))

    skew = measure_skew(gray, g("skew.search_range_deg"))
    smax = g("skew.max_abs_deg")
    if skew is None:
        out.append(f("SCAN_SKEW", "warn", None, smax, "skew.max_abs_deg", variant="no_text"))
    else:
        direction_zh = "逆时针" if skew > 0 else "顺时针"
        direction_en = "counter-clockwise" if skew > 0 else "clockwise"
        out.append(f("SCAN_SKEW", "pass" if abs(skew) <= smax else "fail", skew, smax, "skew.max_abs_deg",
                     angle=abs(skew), direction_zh=direction_zh, direction_en=direction_en))

    tool = edited_by(meta, g("edited.editor_patterns"))
    out.append(f("SCAN_EDITED", "fail" if tool else "pass", tool, "no editing software in metadata",
                 "edited.editor_patterns", tool=tool or ""))
    return out
