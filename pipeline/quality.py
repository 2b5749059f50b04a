"""Scan requirement checks (seed 000, FAQ 4): colour, exposure, clarity, skew, editing.

Each check measures one number (or a small dict of numbers) on a downscaled
copy of the page, compares it with thresholds from ``rules/data/scan.yaml``
and returns a :class:`~pipeline.models.Finding`. The measuring functions
(``measure_*``) are pure and separately testable; ``check_page`` composes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import cv2
import numpy as np

from pipeline.imageio import ImageMeta
from pipeline.messages import finding
from rules.params import ParameterSet, load_parameters

#: Work size (long side, pixels) of the copy the checks run on.
WORK_SIDE = 900
#: Share of the page darker than halfway between its darkest and brightest levels above which the page is dark with
#: light print (a cover), not paper with dark ink.
DARK_PAGE_SHARE = 0.6
#: Least number of text pixels (of the work copy's text layer) to measure skew from: a page blurred until only
#: specks of its text remain says nothing reliable about the angle of its lines (one such card read 1.4° for 0.24°).
MIN_SKEW_POINTS = 1000
#: Largest standard error (degrees) of the line fit for it to refine the profile's angle (a few blurred blobs do not).
MAX_FIT_ERR = 0.5
#: A line fit more than a degree from the profile's angle is checked by fitting again in its own frame: taken when
#: the second fit's residual is at most FIT_AGREEMENT degrees, and never beyond MAX_FIT_JUMP degrees from the profile.
FIT_AGREEMENT, MAX_FIT_JUMP = 0.25, 3.0
#: Largest ratio of the standard error of the lines' slope at the middle of a photo's page outline to that at the
#: middle of its own text and lines; beyond it, the slope at the text's middle is taken (``_refine_by_lines``).
EXTRAPOLATION_MAX_ERR_RATIO = 3.0
#: In a photo, the change of the lines' slope with height is held within KEYSTONE_TOLERANCE_DEG (over the height
#: between them) of that of the page outline's top and bottom edges, where both are measured at least
#: KEYSTONE_MIN_SPAN of the image's height apart (``_line_fit``).
KEYSTONE_TOLERANCE_DEG, KEYSTONE_MIN_SPAN = 0.25, 0.3
#: ... when the mean angle of those edges is within KEYSTONE_MAX_DISAGREEMENT_DEG of the profile's angle, and each
#: edge, measured again, is within KEYSTONE_MAX_TURN_DEG of the outline's side and its points within
#: KEYSTONE_MAX_SPREAD_PX (RMS) of it: a page's edge. On seeds 7, 44 and 88 the edges of 308 of the 369 photos
#: whose two edges were found passed, and of 40 of 335 scans: on a scanner's white lid the step along a white
#: sheet's side is mostly noise (turned a median 0.39° from the outline's side, spread 1.35 px; photos 0.06°,
#: 0.06 px), and held to such edges' change of slope the skew of scans went up to 0.6° off.
KEYSTONE_MAX_DISAGREEMENT_DEG, KEYSTONE_MAX_TURN_DEG, KEYSTONE_MAX_SPREAD_PX = 0.5, 0.4, 0.7
#: The page's side measured for its angle (``outline_angle``): across the middle OUTLINE_SPAN of its length at
#: OUTLINE_SAMPLES points, the edge looked for within OUTLINE_BAND work-copy pixels of the outline, a step of at least
#: OUTLINE_MIN_STEP grey levels between neighbouring samples (a page against its desk, blurred or not).
OUTLINE_SPAN, OUTLINE_SAMPLES, OUTLINE_BAND, OUTLINE_MIN_STEP = 0.6, 40, 8, 2.0
#: Columns merged into one (any stroke in them) when the document's straight lines are looked for (``_rule_points``).
RULE_SQUEEZE = 4
#: Side (pixels, after scaling the text to clarity.text_height_px) of the square around the text judged for clarity.
CLARITY_CROP = 640
#: Edge directions (of the gradient, over 180°) judged apart for clarity; each needs CLARITY_MIN_EDGES edge pixels to
#: be judged, and on text one with fewer than CLARITY_DEPLETED of the commonest direction's is blurred away: judged
#: by its few edges (or as 0 with under a third of CLARITY_MIN_EDGES). On seeds 7 and 21 the sparest direction of
#: sharp text had a median 0.27 of the commonest's (4 of 1028 pages under 0.05, their few edges sharp), of text
#: shaken over 0.3-1.2 text heights 0.04 (0.00 for 1 text height and more along a stroke direction).
CLARITY_DIRECTIONS, CLARITY_MIN_EDGES, CLARITY_DEPLETED = 4, 30, 0.05
#: Edges the commonest direction needs for a direction with too few to be judged (under CLARITY_MIN_EDGES) to count
#: as blurred away. It was CLARITY_MIN_EDGES / CLARITY_DEPLETED (600), a cliff: seed 155's strongly shaken ID card
#: had none across the shake beside 614 along it and failed (0.0); the same card a ninth smaller in the frame (its
#: work copy 800 pixels wide) had 561 and passed on the directions left (0.279). Of 2695 sharp pages of seven corpora
#: (seeds 7-155) none had a direction under 1/20 of the commonest with under CLARITY_MIN_EDGES edges, at either size;
#: their sparsest direction holds at least 1/15 of the commonest's edges (graduation covers' large titles), and one
#: scores 0 only with fewer than 10 beside at least 300: under 1/30. With 300 the strongly blurred pages of the seven
#: corpora measure at most 0.244 at 900 pixels (unchanged) and 0.251 at 800 (0.279 before).
CLARITY_DEPLETION_MIN_EDGES = 300
#: Local contrast (grey levels, over 7x7 pixels) from which an edge is judged for clarity; on a page of less contrast
#: (its paper less its ink level) CLARITY_RANGE_SHARE of that, never under CLARITY_RANGE_FLOOR (sensor noise): an
#: under-exposed cover of seed 33 (ink 20, paper 63) had no edge of 60 levels and was called blurred.
CLARITY_MIN_RANGE, CLARITY_RANGE_SHARE, CLARITY_RANGE_FLOOR = 60, 0.5, 20
#: On a page with text, the edges judged for clarity are the text's: within this share of a text height
#: (clarity.text_height_px) of the text layer's pixels. Other edges are no measure of how legible the text is, and
#: one may be soft without any blur: a hard shadow's edge across an ID card, diagonal, was the commonest edge of its
#: direction and read 0.17 (the card's text alone 0.36). On seven corpora (seeds 7, 77, 99, 111, 133, 144, 155;
#: 2850 pages with text) sharp and mildly blurred pages measured at least 0.284 with all edges (that shadow aside),
#: at least 0.284 with the text's; strongly blurred or shaken pages at most 0.273 with all edges (a card's outline
#: or a table rule along the shake stays sharp), at most 0.244 with the text's.
CLARITY_TEXT_REACH = 0.25


def _work_copy(image: np.ndarray, side: int = WORK_SIDE) -> np.ndarray:
    """The page scaled down to ``side`` pixels on its long side (never up).

    Halving by exact 2×2 area averaging is OpenCV's fast path (a few ms for a
    4-megapixel page, twice as fast as a Gaussian pyramid step); the last,
    less-than-twofold step is linear after a small anti-aliasing blur (a
    fraction of the cost of area averaging by a fractional factor).
    """
    h, w = image.shape[:2]
    if max(h, w) <= side:
        return image
    while max(h, w) >= 2 * side:
        image = cv2.resize(image, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        h, w = image.shape[:2]
    scale = side / max(h, w)
    if scale < 0.6:  # near a halving, anti-alias before the linear step (a 3-tap blur, about what area averaging does)
        image = cv2.GaussianBlur(image, (3, 3), 0.45 / scale)
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_LINEAR)


# ---------------------------------------------------------------- colour
def _histogram(channel: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Histogram (256 bins) of a uint8 channel within mask, counting every other pixel of every other row: a
    quarter of the work, the same percentiles within a level or two on a page of half a million pixels."""
    channel = np.ascontiguousarray(channel[::2, ::2])
    mask = np.ascontiguousarray(mask[::2, ::2]) if mask is not None else None
    return cv2.calcHist([channel], [0], mask, [256], [0, 256]).ravel()


def _hist_percentiles(channel: np.ndarray, qs: list[float], mask: np.ndarray | None = None,
                      hist: np.ndarray | None = None) -> list[int]:
    """Percentiles of a uint8 channel (within mask) from its histogram (much faster than np.percentile);
    ``hist``: the channel's histogram when the caller has it already."""
    cum = np.cumsum(_histogram(channel, mask) if hist is None else hist)
    return [int(np.searchsorted(cum, q / 100.0 * cum[-1])) for q in qs]


def _hist_median(channel: np.ndarray, mask: np.ndarray | None = None) -> float:
    """``np.median`` of a uint8 channel (within mask), from its histogram: the middle value, or the mean of the two
    middle values of an even count, as ``np.median`` gives it (every pixel counted)."""
    hist = cv2.calcHist([channel], [0], mask.view(np.uint8) if mask is not None else None, [256], [0, 256]).ravel()
    cum = np.cumsum(hist)
    n = int(cum[-1])
    if n == 0:
        return float("nan")
    lo, hi = (int(np.searchsorted(cum, j + 1)) for j in ((n - 1) // 2, n // 2))  # the values at those ranks
    return (lo + hi) / 2.0


#: Downscaling factor and neighbourhood (pixels of the downscaled copy) of the paper colour estimate, for the work
#: copy (900 pixels on its long side).
PAPER_SCALE, PAPER_NEIGHBOURHOOD = 10, 9
#: Least level of each channel of the paper colour a pixel is balanced against (darker: a desk, a dark cover).
PAPER_FLOOR = (64, 64, 64, 0)


def paper_colours(small_bgr: np.ndarray, scale: int = PAPER_SCALE,
                  mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The colour of the paper around each pixel, as two candidates where two surfaces meet.

    At a tenth of the size, a morphological closing of each channel: what is
    darker than the paper beside it and thin (text, a seal's ring, table rules)
    gives way to the paper, while a surface as wide as the neighbourhood (a
    scanner's lid around a tinted sheet) keeps its own colour. Where a page meets
    such a surface the estimate blends the two, so the lowest and the highest
    level of each channel nearby are both returned (each is close to one of the
    two surfaces), scaled back to the page's size. ``scale``: the downscaling
    factor (10 for the work copy; less for a smaller copy). With the page's outline ``mask`` (a photo), what lies
    around the page is taken as black, which the closing never prefers to the paper: along the page's edge a dark
    print (a card's black title band) has the page's paper beside it, not the desk (seed 88's photocopy on green
    paper, its band balanced against a brown desk, read as 7 % colour)."""
    h, w = small_bgr.shape[:2]
    if mask is not None:
        small_bgr = cv2.bitwise_and(small_bgr, small_bgr, mask=mask)
    th, tw = max(1, h // scale), max(1, w // scale)
    # cropped to a whole number of tiles: area averaging by an integer factor is OpenCV's fast path
    tiny = cv2.resize(small_bgr[:th * scale, :tw * scale], (tw, th), interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(tiny, cv2.MORPH_CLOSE, np.ones((PAPER_NEIGHBOURHOOD, PAPER_NEIGHBOURHOOD), np.uint8))
    near = np.ones((3, 3), np.uint8)
    return tuple(cv2.max(cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR), PAPER_FLOOR)
                 for m in (cv2.erode(closed, near), cv2.dilate(closed, near)))


def white_balanced(small_bgr: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """``small_bgr`` balanced against ``paper`` (a paper colour per pixel): each channel divided by the paper's,
    then brought back to the paper's brightness so that noise is not amplified."""
    white = cv2.divide(small_bgr, paper, scale=255)
    level = cv2.cvtColor(paper, cv2.COLOR_BGR2GRAY)
    return cv2.multiply(white, cv2.merge([level, level, level]), scale=1 / 255)


def _balanced_ycc(small_bgr: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """``small_bgr`` balanced against ``paper``, in YCrCb: an opponent-colour space 20x cheaper to reach than
    CIELAB."""
    return cv2.cvtColor(white_balanced(small_bgr, paper), cv2.COLOR_BGR2YCrCb)


def _coloured_against(small_bgr: np.ndarray, paper: np.ndarray, chroma_min: float,
                      ycc: np.ndarray | None = None) -> np.ndarray:
    """Pixels (0/1) whose colour, balanced against ``paper``, is at least ``chroma_min`` from grey (``ycc``: the
    balanced picture, where already at hand)."""
    ycc = _balanced_ycc(small_bgr, paper) if ycc is None else ycc
    _, a, b = cv2.split(ycc)
    da, db = (cv2.absdiff(c, np.full_like(c, 128)) for c in (a, b))
    square = cv2.add(cv2.multiply(da, da, dtype=cv2.CV_16U), cv2.multiply(db, db, dtype=cv2.CV_16U))
    return (square >= int(chroma_min * chroma_min)).view(np.uint8)


#: Neighbourhood (pixels, at half the work copy's size) over which JPEG's chroma subsampling and quantisation are
#: taken to mix the chroma of a page's pixels (``_beyond_bleed``).
CHROMA_BLEED_NEIGHBOURHOOD = 3
#: Side (pixels, at half the work copy's size) of the square over which a page's colour must hold one hue, and the
#: least ratio of the length of its mean chroma to its mean chroma length there: colour fringes left by channels out
#: of register (a scanner's colour lines, a lens's chromatic aberration) lie on both sides of a dark stroke in
#: opposite hues and cancel; print in colour (a seal, a faded guilloche) keeps its hue (``measure_colour``).
CHROMA_COHERENCE_SIDE, CHROMA_COHERENCE_MIN = 5, 0.7
#: The same over a wider square: the false colour a colour sensor's mosaic makes of a photocopy's halftone screen
#: (colour moiré) comes in blobs of alternating hues, larger than the fringes. On synthetic photocopies (screens of
#: 2.5-3.5 px photographed through a Bayer mosaic) 23 of 60 passed as colour with the narrow square alone, 6 with
#: both (all with the sharpest lens); the colour originals through the same camera and 90 faded, cast or out-of-register
#: colour pages kept their colour, and no page of four corpora changed side.
CHROMA_COHERENCE_WIDE_SIDE, CHROMA_COHERENCE_WIDE_MIN = 17, 0.6


def _beyond_bleed(bgr: np.ndarray, paper: np.ndarray, levels: tuple[np.ndarray, np.ndarray, np.ndarray],
                  chroma_min: float, ycc: np.ndarray | None = None) -> np.ndarray:
    """Of pixels ``bgr`` (an image, or the pixels tested laid out as one row), balanced against ``paper``, those
    (0/1) whose colour is not explained by JPEG's chroma bleeding into them from their neighbours (``levels``: each
    pixel's luminance and the lowest and highest luminance in its neighbourhood).

    Under a cast every neutral pixel carries the paper's chroma scaled by its relative luminance ``t`` (its level
    over the paper's), which the white balance removes. JPEG stores chroma at half resolution and quantises it in
    blocks, so a dark stroke's pixels carry a mix of their neighbours' chroma instead: about ``t'`` times the
    paper's, ``t'`` between the lowest and the highest relative luminance nearby, which after the balance is
    ``(t' - t)`` times the paper's chroma: a fringe in the cast's own direction (a grayscale ID card under warm
    light, saved at quality 75, reached 30 times the least coloured area of a colour page). A pixel counts when
    its balanced chroma is at least ``chroma_min`` from every such mix. Where the page has no cast or no edge
    nearby the mix is nil and the test is ``_coloured_against``'s, of which this is a subset (``ycc``: the
    balanced picture, where already at hand)."""
    ycc = _balanced_ycc(bgr, paper) if ycc is None else ycc
    _, c1, c2 = (ch.astype(np.float32) - 128.0 for ch in cv2.split(ycc))
    y, p1, p2 = cv2.split(cv2.cvtColor(paper, cv2.COLOR_BGR2YCrCb).astype(np.float32))
    p1 -= 128.0
    p2 -= 128.0
    y = cv2.max(y, 1.0)
    t, lo, hi = (cv2.divide(v.astype(np.float32), y) for v in levels)
    # the mix nearest the pixel's chroma: its projection on the paper's chroma, held to the range above
    s = cv2.divide(c1 * p1 + c2 * p2, cv2.max(p1 * p1 + p2 * p2, 1e-6))
    s = cv2.min(cv2.max(s, lo - t), hi - t)
    d1, d2 = c1 - s * p1, c2 - s * p2
    return (d1 * d1 + d2 * d2 >= chroma_min * chroma_min).view(np.uint8)


def _coloured_at(images: tuple[np.ndarray, np.ndarray, np.ndarray], at: np.ndarray, chroma_min: float) -> np.ndarray:
    """``_coloured_against`` both paper candidates (``images``: the picture and its two paper colours) at the pixels
    of flat indices ``at`` only, as a bool per index: the test is per pixel, so the pixels are laid out as one row
    and the result is what the whole picture would give there, at a fraction of the cost."""
    if not len(at):
        return np.zeros(0, bool)
    bgr, low, high = (np.ascontiguousarray(a.reshape(-1, a.shape[-1])[at][None]) for a in images)
    return ((_coloured_against(bgr, low, chroma_min) & _coloured_against(bgr, high, chroma_min)) > 0).ravel()


def _inner(binary: np.ndarray) -> np.ndarray:
    """``binary`` without its regions that run into the image border: what surrounds the page (a scanner's
    lid, a desk), not what is printed on it."""
    if not (binary[0].any() or binary[-1].any() or binary[:, 0].any() or binary[:, -1].any()):
        return binary
    _, labels = cv2.connectedComponents(binary, connectivity=8)
    out = binary.copy()
    for label in (set(np.unique(labels[[0, -1]])) | set(np.unique(labels[:, [0, -1]]))) - {0}:
        out[labels == label] = 0
    return out


def measure_colour(small_bgr: np.ndarray, chroma_min: float, mask: np.ndarray | None = None) -> float:
    """Fraction of the page covered by clearly coloured regions.

    The colour cast (tinted paper, the light's colour, a scanner's white
    balance, even when it changes across a photo) is removed by dividing each
    pixel by the paper's colour around it (a local white balance): a cast
    multiplies every level of the page by the same colour, so black toner on
    tinted paper stays black and the paper turns white, while a red seal or
    blue ink stays coloured against the paper beside it. A pixel counts when it
    is coloured against both candidates of the paper's colour (where a page
    meets a scanner's lid, against either surface). Isolated chroma noise and
    one-pixel colour fringes at text edges are removed by a morphological
    opening, and what lies outside the page is left out (outside its outline
    ``mask`` in a photo; without one, regions that run into the image border:
    the surroundings), so a grayscale scan saved as RGB measures close to 0 while a
    small red seal still counts. Two kinds of false colour along dark print are
    not counted either: the cast that JPEG's chroma carries into the edges of
    strokes (``_beyond_bleed``), and fringes that do not keep one hue over a few
    pixels (colour channels out of register: ``CHROMA_COHERENCE_SIDE``) and over a few more (the colour moiré of a
    photocopy's halftone screen: ``CHROMA_COHERENCE_WIDE_SIDE``). Measured at half the work copy's size (the
    2x2 averaging halves pixel noise; a quarter of the work).
    """
    h, w = small_bgr.shape[:2]
    half = cv2.resize(small_bgr, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    if mask is not None:
        # a pixel in from the outline: JPEG carries the desk's chroma that far into the page's edge (a dark band
        # along it kept a brown desk's, 0.08 % of a photocopied card)
        mask = cv2.erode(cv2.resize(mask, (half.shape[1], half.shape[0]), interpolation=cv2.INTER_NEAREST),
                         np.ones((3, 3), np.uint8))
    low, high = paper_colours(half, PAPER_SCALE // 2, mask)
    balanced = _balanced_ycc(half, high)
    coloured = _coloured_against(half, low, chroma_min) & _coloured_against(half, high, chroma_min, balanced)
    # of these, on the page, the colour that JPEG's chroma bleed explains is not the page's (around the page, what
    # touches the image border is the surroundings, whatever its colour)
    at = np.flatnonzero(coloured & mask if mask is not None else coloured)
    if len(at):
        gray = cv2.cvtColor(half, cv2.COLOR_BGR2GRAY)
        near = np.ones((CHROMA_BLEED_NEIGHBOURHOOD, CHROMA_BLEED_NEIGHBOURHOOD), np.uint8)
        levels = (gray, cv2.erode(gray, near), cv2.dilate(gray, near))
        if 4 * len(at) > coloured.size:  # most of the page (a cover): tested whole, cheaper than gathered
            keep = _beyond_bleed(half, low, levels, chroma_min) & _beyond_bleed(half, high, levels, chroma_min,
                                                                                 balanced)
            coloured &= keep if mask is None else keep | (mask == 0).view(np.uint8)
        else:  # the test is per pixel: the candidates alone, laid out as one row
            levels = tuple(np.ascontiguousarray(v.ravel()[at][None]) for v in levels)
            px, lo_paper, hi_paper = (np.ascontiguousarray(v.reshape(-1, 3)[at][None]) for v in (half, low, high))
            beyond = _beyond_bleed(px, lo_paper, levels, chroma_min) & _beyond_bleed(px, hi_paper, levels, chroma_min)
            coloured.ravel()[at[beyond.ravel() == 0]] = 0
    if coloured.any():  # colour fringes along the edges of dark print (the channels out of register)
        # judged around the coloured pixels only (their bounding box, grown by the widest square: the same sums)
        bx, by, bw, bh = cv2.boundingRect(coloured)
        reach = max(CHROMA_COHERENCE_SIDE, CHROMA_COHERENCE_WIDE_SIDE)
        y0, x0 = max(0, by - reach), max(0, bx - reach)
        y1, x1 = min(coloured.shape[0], by + bh + reach), min(coloured.shape[1], bx + bw + reach)
        box = coloured[y0:y1, x0:x1]
        _, c1, c2 = (ch.astype(np.float32) - 128.0 for ch in cv2.split(balanced[y0:y1, x0:x1]))
        for side, least in ((CHROMA_COHERENCE_SIDE, CHROMA_COHERENCE_MIN),
                            (CHROMA_COHERENCE_WIDE_SIDE, CHROMA_COHERENCE_WIDE_MIN)):
            k = (side, side)
            mean = cv2.magnitude(cv2.blur(c1, k), cv2.blur(c2, k))
            box &= (mean >= least * cv2.blur(cv2.magnitude(c1, c2), k)).view(np.uint8)
    coloured = cv2.morphologyEx(coloured, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if mask is not None:
        # the page's outline already leaves its surroundings out: colour on the page that runs into the image border
        # is the page's, cut by the border (a seal cut off with the page's foot). But the outline's four corners
        # approximate the page: where its side runs a little outside the page's edge, a sliver of a coloured desk
        # lies inside it (seed 111's photocopied degree certificate on maroon fabric: 15 times the colour a page
        # needs). Colour lying along the outline, within COLOUR_EDGE_BAND of it, is the desk's
        coloured &= mask
        band = max(1, round(COLOUR_EDGE_BAND * min(mask.shape)))
        page = cv2.countNonZero(mask)
        bx, by, bw, bh = cv2.boundingRect(coloured)  # the components, and what they are measured on, lie within it
        box = coloured[by:by + bh, bx:bx + bw]
        n, labels, stats, _ = cv2.connectedComponentsWithStats(box, connectivity=8) if box.size else (0, 0, 0, 0)
        if n > 1:
            inner = cv2.erode(mask, np.ones((2 * band + 1, 2 * band + 1), np.uint8))[by:by + bh, bx:bx + bw]
            edge = ((mask > 0) & (cv2.erode(mask, np.ones((3, 3), np.uint8)) == 0))[by:by + bh, bx:bx + bw]
            deep = np.bincount(labels[inner > 0], minlength=n)  # each component's pixels away from the outline
            rim = np.bincount(labels[edge], minlength=n)
            # wholly along the outline, or small and on it (where a corner of the outline lies past the page's)
            sliver = (deep == 0) | ((rim > 0) & (stats[:, 4] < COLOUR_EDGE_MAX_SHARE * page))
            sliver[0] = False
            box[sliver[labels]] = 0
        return float(cv2.countNonZero(coloured)) / max(1, page)
    coloured = _inner(coloured)
    return float(cv2.countNonZero(coloured)) / coloured.size


#: Depth (share of the page mask's short side, at half the work copy's size) of the band along a photo's page
#: outline within which colour lying wholly there is taken for the desk seen past an approximate outline.
COLOUR_EDGE_BAND = 0.02
#: ... and colour touching the outline that covers less than this share of the page (a coloured print that reaches
#: the page's edge, a cover's or a card's band, is larger).
COLOUR_EDGE_MAX_SHARE = 0.005

#: Colour channels out of register (a scanner's colour lines, a phone lens's lateral chromatic aberration) paint a
#: grayscale page's print with fringes; where dark print is large (an ID card's photo, its emblem) the fringes on the
#: two sides of an edge lie too far apart to cancel in the hue tests of ``measure_colour``. Such a page passing as
#: colour with little colour is measured again with its red and blue channels brought into register with the green
#: (``channel_misregistration``). On 80 synthetic grayscale pages (five documents, in register, shifted 0.5-1.5 px
#: or magnified apart until the corners move 1-3 px, sharp and soft, JPEG 85) 34 passed as colour before (every ID
#: card), none after; the same pages in colour, faded to 30 %, kept their colour unchanged, and of the colour pages
#: of four corpora the 62 measured again lost at most a tenth of it.
#: Patches per side of the grid the channels are compared on, and the least phase-correlation peak of a patch used.
REGISTRATION_GRID, REGISTRATION_MIN_RESPONSE = 3, 0.2
#: Least contrast (standard deviation of green, 8-bit levels) of a patch compared: JPEG stores chroma at half
#: resolution, so over blank paper and fine print the channels of a misregistered page come out in register (their
#: patches measured 0 px where strong edges measured 1 px) and leave no fringe either.
REGISTRATION_MIN_CONTRAST = 20.0
#: Least displacement (work-copy pixels, at the image's corners) worth undoing, the largest a capture's
#: misregistration is taken to make (beyond, the channels differ in content: a coloured page, not a misregistered
#: one), and the largest disagreement (RMS) of the patches with the fitted shift and magnification, once patches
#: off it by more than ``REGISTRATION_OUTLIER`` (a coloured photo or seal, a blank patch's chroma noise) are left out.
REGISTRATION_MIN_SHIFT, REGISTRATION_MAX_SHIFT, REGISTRATION_MAX_RESIDUAL = 0.2, 3.0, 0.3
REGISTRATION_OUTLIER = 0.5
#: Coloured fraction above which a page is colour however its channels lie (grayscale pages with channels out of
#: register measured at most 0.012; a colour page's colour is measured once, as before, above it).
REGISTRATION_MAX_COLOUR = 0.03


def channel_misregistration(small_bgr: np.ndarray) -> dict[int, np.ndarray]:
    """How the blue (0) and red (2) channels of ``small_bgr`` lie against the green: for each channel out of
    register, the 2x3 map from a pixel to where that channel holds what green holds there (a shift plus a
    magnification about the image's centre: a scanner's colour lines and a lens's lateral chromatic aberration),
    fitted to the phase correlation of the channels over a grid of patches. A channel is left out when its patches
    disagree with one such map, when the map moves a corner by more than ``REGISTRATION_MAX_SHIFT`` (the channels
    differ in content) or by less than ``REGISTRATION_MIN_SHIFT`` (in register)."""
    h, w = small_bgr.shape[:2]
    n = REGISTRATION_GRID
    side = 1 << int(np.log2(max(1, min(h, w) // n)))
    if side < 32 or small_bgr.ndim != 3:
        return {}
    window = cv2.createHanningWindow((side, side), cv2.CV_32F)
    where, moved = [], {0: [], 2: []}
    for i in range(n):
        for j in range(n):
            y0 = min(max(0, int((i + 0.5) * h / n) - side // 2), h - side)
            x0 = min(max(0, int((j + 0.5) * w / n) - side // 2), w - side)
            patch = small_bgr[y0:y0 + side, x0:x0 + side].astype(np.float32)
            green = np.ascontiguousarray(patch[..., 1])
            if float(green.std()) < REGISTRATION_MIN_CONTRAST:  # paper, fine print: JPEG keeps no fringe there
                continue
            centre = (x0 + side / 2 - w / 2, y0 + side / 2 - h / 2)
            for ch in (0, 2):
                d, response = cv2.phaseCorrelate(green, np.ascontiguousarray(patch[..., ch]), window)
                if response >= REGISTRATION_MIN_RESPONSE:
                    moved[ch].append((*centre, *d))
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [-w / 2, h / 2], [w / 2, h / 2]])
    out = {}
    for ch, found in moved.items():
        fit = _shift_and_magnification(np.array(found).reshape(-1, 4))
        if fit is None:
            continue
        tx, ty, e = fit
        reach = float(np.hypot(tx + e * corners[:, 0], ty + e * corners[:, 1]).max())
        if REGISTRATION_MIN_SHIFT <= reach <= REGISTRATION_MAX_SHIFT:
            out[ch] = np.float32([[1 + e, 0, tx - e * w / 2], [0, 1 + e, ty - e * h / 2]])
    return out


def _shift_and_magnification(found: np.ndarray) -> tuple[float, float, float] | None:
    """The shift (tx, ty) and magnification e of ``d = t + e p`` fitted to patches (rows x, y of a patch's centre
    from the image's centre, dx, dy its displacement), patches off the fit by more than ``REGISTRATION_OUTLIER``
    left out one at a time; None when fewer than three patches remain or they disagree with it
    (``REGISTRATION_MAX_RESIDUAL``)."""
    while len(found) >= 3:
        a = np.zeros((2 * len(found), 3))
        a[0::2, 0], a[1::2, 1], a[0::2, 2], a[1::2, 2] = 1.0, 1.0, found[:, 0], found[:, 1]
        d = found[:, 2:].reshape(-1)
        fit, *_ = np.linalg.lstsq(a, d, rcond=None)
        off = np.hypot(*(a @ fit - d).reshape(-1, 2).T)
        if off.max() <= REGISTRATION_OUTLIER:
            return tuple(float(v) for v in fit) if float(np.sqrt(np.mean(off ** 2))) <= REGISTRATION_MAX_RESIDUAL \
                else None
        found = np.delete(found, int(off.argmax()), axis=0)
    return None


def in_register(small_bgr: np.ndarray, maps: dict[int, np.ndarray]) -> np.ndarray:
    """``small_bgr`` with each channel of ``maps`` (``channel_misregistration``) moved onto the green."""
    h, w = small_bgr.shape[:2]
    channels = list(cv2.split(small_bgr))
    for ch, m in maps.items():
        channels[ch] = cv2.warpAffine(channels[ch], m, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                      borderMode=cv2.BORDER_REPLICATE)
    return cv2.merge(channels)


# ---------------------------------------------------------------- exposure
def measure_exposure(gray: np.ndarray, mask: np.ndarray | None = None, hist: np.ndarray | None = None) -> dict[str, float]:
    """Ink level (1st percentile) and paper level (98th percentile: the brightest part, paper or a dark cover's
    print) of the luminance (of the page, in a photo)."""
    p1, p98 = _hist_percentiles(gray, [1, 98], mask, hist)
    return {"ink": float(p1), "paper": float(p98)}


#: Downscaling factor and neighbourhood (pixels of the downscaled copy) of the paper level a shadow is judged by: the
#: closing spreads the paper over print narrower than about a tenth of the page (text, table rules, a seal).
SHADOW_SCALE, SHADOW_NEIGHBOURHOOD = 10, 9
#: Least mean level of a cell of that copy, as a share of its paper level, for the cell to be paper in shadow: paper
#: holds its print sparsely (shadowed text pages: 0.85-0.95), while a dark printed area with light print on it (an ID
#: card's title band, whose white title the closing spreads into a paper level) is mostly darker than that (0.54).
SHADOW_PAPER_SHARE = 0.75
#: Largest level of a text component, in the page divided by its paper level (paper at 235), for it to be print on
#: paper and not the edge of light print on a dark area: ink stays dark against its own paper in a shadow.
SHADOW_INK_MAX = 0.6 * 235
#: Least share of the page in dark paper for its text to be looked for (a bound on the cost, well under
#: exposure.shadow_min_area: on other pages the page is not read again).
SHADOW_READ_AREA = 0.05


def measure_shadow(gray: np.ndarray, mask: np.ndarray | None, quad: np.ndarray | None, paper_min: float,
                   min_lit: float) -> dict[str, float]:
    """How much of the page, and of its text, lies in shadow: on paper darker than ``paper_min``, the level the page
    as a whole is held to, where another part of the page (at least ``min_lit`` of it) is lit.

    The paper level is the closing of a tenth-size copy over its print; a cell counts as shadowed paper where it is
    darker than ``paper_min`` and mostly at that level (``SHADOW_PAPER_SHARE``: not a dark printed area). The text is
    found again in the page divided by its paper level (a flat field): in a deep shadow the strokes are too faint
    for the page's own text layer, and against their own paper they are as dark as anywhere (``SHADOW_INK_MAX``).
    Returns the share of the page in shadowed paper (``area``), the share of the text there (``text``), the share
    of the page lit (``lit``) and the median paper level in the shadow (``paper``); ``area`` and ``text`` are 0 on
    a page lit less than ``min_lit`` (a dark page: a cover, or one under-exposed as a whole, which the whole-page
    tests judge). Only the page counts (``mask``; without an outline, the whole image: a dark desk around the page
    is dark paper with no text on it)."""
    h, w = gray.shape
    s = SHADOW_SCALE
    th, tw = h // s, w // s
    out = {"area": 0.0, "text": 0.0, "lit": 1.0, "paper": float("nan")}
    if th < 3 or tw < 3:
        return out
    tiny = cv2.resize(gray[:th * s, :tw * s], (tw, th), interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(tiny, cv2.MORPH_CLOSE, np.ones((SHADOW_NEIGHBOURHOOD, SHADOW_NEIGHBOURHOOD), np.uint8))
    page = (cv2.resize(mask[:th * s, :tw * s], (tw, th), interpolation=cv2.INTER_NEAREST) > 0 if mask is not None
            else np.ones((th, tw), bool))
    n_page = max(1, int(page.sum()))
    dark = page & (closed < paper_min)
    out["lit"] = round(float(n_page - int(dark.sum())) / n_page, 3)
    dark &= tiny.astype(np.float32) >= SHADOW_PAPER_SHARE * closed
    if out["lit"] < min_lit or dark.sum() < SHADOW_READ_AREA * n_page:
        return out
    level = cv2.resize(cv2.blur(closed, (3, 3)), (tw * s, th * s), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray[:th * s, :tw * s], cv2.max(level, 16), scale=235)
    layer = text_layer(flat)
    if quad is not None:
        layer = on_page(layer, quad)
    labels, line = layer.components[0], layer.line_mask
    ids = labels[line]
    n = int(labels.max()) + 1
    mean = np.bincount(ids, flat[line].astype(np.float64), n) / np.maximum(np.bincount(ids, None, n), 1)
    ink = line & (mean <= SHADOW_INK_MAX)[labels]
    # the share of each cell's pixels that are text (area averaging by an integer factor)
    cells = cv2.resize(ink.astype(np.float32), (tw, th), interpolation=cv2.INTER_AREA)
    total = float(cells[page].sum())
    if total > 0:
        out["area"] = round(float(dark.sum()) / n_page, 3)
        out["text"] = round(float(cells[dark].sum()) / total, 3)
        out["paper"] = float(np.median(closed[dark]))
    return out


def _characters_of(layer: TextLayer, text_height: float) -> np.ndarray:
    """The text pixels of ``layer`` that belong to character-shaped components: at least 0.4 text heights tall and
    not thin strokes of a line (width and height within a factor of 3 of each other)."""
    if layer.components is not None and layer.kept is not None:
        labels, st = layer.components  # the text's components are the kept components of the ink
        keep = layer.kept.copy()
    else:
        _, labels, st, _ = cv2.connectedComponentsWithStats(layer.mask.astype(np.uint8), connectivity=8)
        keep = np.ones(len(st), bool)
    w, h = st[:, 2], st[:, 3]
    keep &= (h >= 0.4 * text_height) & (np.minimum(w, h) * 3 >= np.maximum(w, h))
    keep[0] = False
    return np.take(keep, labels)


#: The fade of the text ringing a bright spot is that of its most faded fifth (this percentile of the ring's
#: strokes): glare fades the text next to it most, and a wide ring also holds text the glare does not reach, which
#: held the median of a glare across a form's blank box to 0.46. Lit paper fades no part of the text around it.
GLARE_FADE_PERCENTILE = 80


def measure_glare(gray: np.ndarray, layer: TextLayer, mask: np.ndarray | None, min_area: float,
                  hist: np.ndarray | None = None, bgr: np.ndarray | None = None,
                  min_clipped: float = 0.0, chroma_min: float | None = None) -> dict[str, float]:
    """The worst glare patch: a text-free spot brighter than the page's own paper, ringed by faded text.

    Uneven light brightens the paper but leaves the text dark; a blank part of
    the page is bright but the text around it is as dark as anywhere else.
    Glare (a reflection off glossy paper or a card) is clipped white, brighter
    than the paper, and fades the text around it until it disappears. For each
    candidate spot (at least ``min_area`` of the page) the fade is measured on
    the text ringing it: 0 = as dark as the page's ink, 1 = as light as the
    paper. Glare saturates the sensor: with ``bgr`` given, a spot counts only if
    at least ``min_clipped`` of its pixels are clipped white in every channel
    (>= 250), which a merely well-lit part of the paper is not. With ``bgr`` in
    colour and ``chroma_min`` given, coloured print in the ring (coloured as
    ``measure_colour`` counts it, against the paper beside it) is measured
    against the ink level of the page's coloured print: a red seal's or blue
    ink's strokes are lighter than black ink in luminance without being faded.
    Returns {"fade": ..., "area": ...} of the most faded candidate.
    """
    none = {"fade": 0.0, "area": 0.0}
    if len(layer.heights) < 20:
        return none
    # cheap gate: a glare spot needs clipped pixels clearly brighter than most of the page, over min_area of it
    hist = _histogram(gray, mask) if hist is None else hist
    cum = np.cumsum(hist)
    median = int(np.searchsorted(cum, cum[-1] / 2))
    if hist[min(255, max(253, median + 3)):].sum() < min_area * cum[-1]:
        return none
    inside = mask.astype(bool) if mask is not None else np.ones(gray.shape, bool)
    th = float(np.median(layer.heights))
    k = int(max(3, 0.6 * th)) | 1
    text = layer.mask
    # the darkest stroke level around each pixel, the page's ink level, its paper's top level: once a spot counts
    local_ink, ink, paper_top = None, 0.0, 255.0
    kk = int(max(3, 1.5 * th)) | 1
    near_text = cv2.dilate(text.astype(np.uint8), np.ones((kk, kk), np.uint8)).astype(bool)
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((kk, kk), np.uint8))  # the paper, text removed
    paper = _hist_median(closed, mask)
    # brighter than the page's paper and clipped (on paper that is itself nearly clipped, clipped is enough: the
    # faded text around the spot and its saturation below carry the evidence)
    spots = ((closed >= min(255.0, max(253.0, paper + 3.0))) & ~near_text & inside).astype(np.uint8)
    n, lbl, st, _ = cv2.connectedComponentsWithStats(spots, connectivity=4)
    area_page = float(inside.sum())
    best = none
    gh, gw = gray.shape
    in_colour = chroma_min is not None and bgr is not None and bgr.ndim == 3
    ink_coloured = None  # the ink level of the page's coloured print, once measured
    chars = None  # the page's character pixels, once needed
    for i in range(1, n):
        area = st[i, 4] / area_page
        if area < min_area:
            continue
        x, y, w, h = st[i, :4]
        if bgr is not None:
            box = bgr[y:y + h, x:x + w]
            white = (cv2.min(cv2.min(box[..., 0], box[..., 1]), box[..., 2]) if bgr.ndim == 3 else box) >= 250
            if float(white[lbl[y:y + h, x:x + w] == i].mean()) < min_clipped:
                continue  # paper brightened by a lamp, not a reflection that saturates the sensor
        # the text ringing the spot: close to it, and (a halo grows with its glare) out to half the spot's radius.
        # Everything is measured once on the crop of the widest ring, the narrower ring read from its middle
        if local_ink is None:
            local_ink = cv2.erode(gray, np.ones((k, k), np.uint8))
            ink = float(np.percentile(local_ink[text], 10))
            paper_top = float(_hist_percentiles(gray, [98], mask)[0])
        radii = sorted({int(3 * th) | 1, int(max(3 * th, np.sqrt(st[i, 4] / np.pi))) | 1})
        R = radii[-1]
        X0, Y0 = max(0, x - R), max(0, y - R)
        X1, Y1 = min(gw, x + w + R), min(gh, y + h + R)
        # within r // 2 of the spot in each direction (the r x r square around it): a chessboard distance (the
        # widest ring out to R where little text is left near the spot)
        dist = cv2.distanceTransform((lbl[Y0:Y1, X0:X1] != i).astype(np.uint8), cv2.DIST_C, 3)
        chars = _characters_of(layer, th) if chars is None else chars
        near_colour, reach = None, R // 2
        for r in radii:
            x0, y0 = max(0, x - r), max(0, y - r)
            win = (slice(y0 - Y0, min(Y1, y + h + r) - Y0), slice(x0 - X0, min(X1, x + w + r) - X0))
            # characters on the page, not pieces of a frame or a rule, nor specks of the desk along the page's edge
            ring = (dist[win] <= r // 2) & chars[Y0:Y1, X0:X1][win] & inside[Y0:Y1, X0:X1][win]
            if ring.sum() < 0.4 * th * th and r == R:
                # less than a character's strokes left near the spot (the glare wiped out the text beside it, or it
                # lies over a photo): the text out to its whole radius. Seed 88's ID card with glare over its
                # portrait had 40 px of characters near the spot (160 asked) and passed; so measured, 0.58. On nine
                # corpora (seeds 7-88) 13 pages were measured so: 9 of the 10 without glare at most 0.40 (the tenth,
                # a strongly blurred form at 0.60, is a warning of blur, decided first), glare 0.52 and 0.58 (on
                # blank paper 0.20)
                ring = (dist[win] <= r) & chars[Y0:Y1, X0:X1][win] & inside[Y0:Y1, X0:X1][win]
                reach, near_colour = r, None
            if ring.sum() < 0.4 * th * th:  # about one character's strokes, whatever the text size
                continue
            levels = local_ink[Y0:Y1, X0:X1][win][ring].astype(np.float32)
            ref = np.full(levels.shape, ink, np.float32)
            if in_colour:
                if ink_coloured is None:
                    low, high = paper_colours(bgr)
                    at = np.flatnonzero(text)
                    strokes = gray.ravel()[at][_coloured_at((bgr, low, high), at, chroma_min)]  # their levels
                    ink_coloured = float(np.percentile(strokes, 10)) if strokes.size >= 0.4 * th * th else ink
                if near_colour is None:
                    # coloured print within k // 2 of the widest ring (which holds the narrower), tested where it
                    # can be: the ring's bounding box grown by k // 2 (as on the whole page)
                    widest = (dist <= reach) & chars[Y0:Y1, X0:X1] & inside[Y0:Y1, X0:X1]
                    rows, cols = np.flatnonzero(widest.any(axis=1)), np.flatnonzero(widest.any(axis=0))
                    p0, p1 = max(0, Y0 + rows[0] - k // 2), min(gh, Y0 + rows[-1] + 1 + k // 2)
                    q0, q1 = max(0, X0 + cols[0] - k // 2), min(gw, X0 + cols[-1] + 1 + k // 2)
                    crop = (slice(p0, p1), slice(q0, q1))
                    hit = _coloured_against(bgr[crop], low[crop], chroma_min) & \
                        _coloured_against(bgr[crop], high[crop], chroma_min)
                    near_colour = np.zeros((Y1 - Y0, X1 - X0), bool)
                    a0, b0 = max(p0, Y0), max(q0, X0)
                    a1, b1 = min(p1, Y1), min(q1, X1)
                    near_colour[a0 - Y0:a1 - Y0, b0 - X0:b1 - X0] = \
                        (cv2.dilate(hit, np.ones((k, k), np.uint8)) > 0)[a0 - p0:a1 - p0, b0 - q0:b1 - q0]
                ref[near_colour[win][ring]] = ink_coloured
            fade = float(np.percentile((levels - ref) / np.maximum(1.0, paper_top - ref), GLARE_FADE_PERCENTILE))
            if fade > best["fade"]:
                best = {"fade": round(fade, 3), "area": round(float(area), 4)}
    return best


def measure_cover_glare(gray: np.ndarray, layer: TextLayer, mask: np.ndarray | None, min_area: float,
                        bgr: np.ndarray | None = None) -> dict[str, float]:
    """The worst glare patch on a dark page (a certificate's cover, glossy or laminated): a spot clipped white in
    every channel, wider than the print's strokes, and how far the cover around it is washed out towards white.

    A dark cover is nowhere near white, and its print (gold or silver foil, light ink) is strokes, which an opening
    by 1.5 text heights removes: what is left clipped white over ``min_area`` of the page is either a reflection or
    a light patch printed on the cover. A reflection spreads into a halo that brightens the cover around it; a
    printed patch ends at its edge, the cover beside it as dark as anywhere. The wash is measured on the cover
    (its print removed by the same opening) within 1.5 text heights of the spot: the median level there, 0 = the
    cover's own level, 1 = white. Returns {"wash": ..., "area": ...} of the most washed-out spot."""
    none = {"wash": 0.0, "area": 0.0}
    if len(layer.heights) == 0:
        return none
    th = float(np.median(layer.heights))
    clipped = (cv2.min(cv2.min(bgr[..., 0], bgr[..., 1]), bgr[..., 2]) if bgr is not None and bgr.ndim == 3
               else gray) >= 250
    if mask is not None:
        clipped &= mask.astype(bool)
    page = float(mask.sum()) if mask is not None else float(gray.size)
    if clipped.sum() < min_area * page:  # cheap gate: not even the clipped pixels, all together, cover min_area
        return none
    kk = int(max(3, 1.5 * th)) | 1
    spots = cv2.morphologyEx(clipped.view(np.uint8), cv2.MORPH_OPEN, np.ones((kk, kk), np.uint8))
    cover = cv2.morphologyEx(gray, cv2.MORPH_OPEN, np.ones((kk, kk), np.uint8))  # the cover, its light print removed
    level = _hist_median(cover, mask)
    n, lbl, st, _ = cv2.connectedComponentsWithStats(spots, connectivity=4)
    best = none
    r = int(3 * th) | 1
    h, w = gray.shape
    for i in range(1, n):
        area = st[i, 4] / page
        if area < min_area:
            continue
        x, y, bw, bh = st[i, :4]
        x0, y0, x1, y1 = max(0, x - r), max(0, y - r), min(w, x + bw + r), min(h, y + bh + r)
        dist = cv2.distanceTransform((lbl[y0:y1, x0:x1] != i).astype(np.uint8), cv2.DIST_C, 3)
        ring = (dist > 0) & (dist <= r // 2)
        if mask is not None:
            ring &= mask[y0:y1, x0:x1].astype(bool)
        if not ring.any():
            continue
        wash = (float(np.median(cover[y0:y1, x0:x1][ring])) - level) / max(1.0, 255.0 - level)
        if wash > best["wash"]:
            best = {"wash": round(max(0.0, wash), 3), "area": round(float(area), 4)}
    return best


# ---------------------------------------------------------------- page region
#: Largest deviation (degrees) of a corner of the page's outline from a right angle: a document photographed to be
#: read is seen far less obliquely (the corpora's photos stay under 3°, a steep keystone test page near 15°).
MAX_OUTLINE_CORNER_DEVIATION = 35.0
#: Paper (see ``paper_outline``): standard deviation in a window of PAPER_WINDOW (work-copy pixels) at most
#: PAPER_ROUGHNESS of the image's contrast. Paper with sensor noise and JPEG stays at 2-3 grey levels; a fabric's
#: weave, stone or a thresholded desk at 20 and more.
PAPER_WINDOW, PAPER_ROUGHNESS = 7, 0.04
#: Least share of its convex hull that the paper region fills: a page is convex (0.99 on the corpora's photos);
#: a page joined by a lit patch of desk is not.
MIN_PAPER_SOLIDITY = 0.95
#: Share of the image's border that is bright (paper) above which the page fills the image (a scan): the paper
#: region is not looked for. Desks, plain or textured, stay far below it; a lit white desk may not.
BRIGHT_BORDER = 0.9
#: An outline closer to an image border than this share of the image's side runs along that border.
OUTLINE_AT_BORDER = 0.015
#: An outline at the border holds the desk, not more of the page, when less than this share of what it holds beyond
#: the paper region (grown by PAGE_TEXT_MARGIN) looks like paper: a page's cut margin is paper all through.
MIN_PAPER_BEYOND = 0.5
#: Least share of the image's text (its text layer, a textured desk's specks included) that the paper region's outline
#: (grown by PAGE_TEXT_MARGIN) must hold to be the page: a hard shadow across a page leaves its lit part as the paper
#: region, and seed 44's marriage certificate, its text in the shadow, had 0.12 of it there (its lit blank foot taken
#: for the page: skew 15.5° off, colour and clarity failed). On seeds 7, 44, 77 and 99 the other 263 paper-region
#: outlines held at least 0.52 (a stone or wooden desk's specks count as text outside the page).
PAPER_MIN_TEXT_SHARE = 0.25
#: Side (work-copy pixels) of the square by which the paper region is grown to hold the print on it (the paper test
#: leaves out a few pixels around every stroke), when the ink outside an outline is judged (``find_page``).
PAPER_INK_REACH = 15
#: Outside a candidate outline, ink counts against it only in components at least this share of the median height
#: of the text inside it: a stone desk's specks (4-6 px where the card's characters are 19 px) are no print of the
#: page, and seed 144's photocopied ID card on stone held 0.969 of all the ink (0.97 asked), was taken for a scan and
#: called cut on two sides. Print beside a table or frame inside the page is of the page's size and still counts.
OUTSIDE_INK_MIN_HEIGHT = 0.5
#: Text components belong to the page when centred within its outline grown by this share of the image's short
#: side (print close to the edge of a page whose outline was found inside a frame near that edge).
PAGE_TEXT_MARGIN = 0.03
#: Least share (and number) of a page's text components more than twice as tall as their median for the taller ones
#: to be tried as the page's text where no line of the commonest height could be fitted (``taller_text``).
TALLER_TEXT_MIN_SHARE, TALLER_TEXT_MIN_COUNT = 0.15, 20


def find_page(gray: np.ndarray, ink: np.ndarray | TextLayer | None = None, min_area: float = 0.2,
              min_ink_inside: float = 0.97) -> np.ndarray | None:
    """The document's outline in a photo (4 corners, work-copy pixels), or None when the page fills the image.

    The largest four-sided contour of the edge map covering ``min_area`` to 97 %
    of the image and holding nearly all the ink (``ink``, a text mask, or the text layer: then what lies outside
    counts only in components of a character's size, see ``OUTSIDE_INK_MIN_HEIGHT``): a card or
    a sheet on a desk, not a table or frame inside the page. Where no such
    contour stands out (a desk whose texture fills the edge map), the page is
    the largest smooth, bright region (``paper_outline``). On a flatbed scan
    the page usually fills the image or meets the bed without an edge, and None
    is returned.
    """
    layer = ink if isinstance(ink, TextLayer) else None
    ink = layer.mask if layer is not None else ink
    h, w = gray.shape
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 30, 90)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    ink_total = cv2.countNonZero(ink.view(np.uint8)) if ink is not None else 0
    best, reach, on_paper = None, None, None
    paper: list[np.ndarray] = []  # _paper(gray), once, where needed

    def smooth_bright() -> np.ndarray:
        if not paper:
            paper.append(_paper(gray))
        return paper[0]

    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(c)
        area = cv2.contourArea(hull)
        if not min_area * w * h <= area <= 0.97 * w * h:
            continue
        quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(quad) != 4 or cv2.contourArea(c) < MIN_OUTLINE_SOLIDITY * area:
            # something lying against the page (a pen, a cable, a streak of the desk's texture) joins its outline
            # and bends the hull, or pulls a corner of it: the outline is looked for again with what is thinner
            # than that removed (an outline left open, a page cut by the border, encloses nothing: kept as it is).
            # A four-cornered outline is replaced only where a corner of it lies beyond what is left by more than
            # half an attachment's width: pulled out by what was removed, not moved by the desk's fuzz
            bare = _without_attachments(c, (h, w))
            if bare is not None and min_area * w * h <= cv2.contourArea(bare) <= 0.97 * w * h:
                bare_quad = cv2.approxPolyDP(bare, 0.02 * cv2.arcLength(bare, True), True)
                beyond = -min(cv2.pointPolygonTest(bare, (float(x), float(y)), True) for x, y in quad.reshape(-1, 2))
                if len(bare_quad) == 4 and (len(quad) != 4 or beyond > OUTLINE_ATTACHMENT_WIDTH * min(h, w) / 2):
                    hull, quad = bare, bare_quad
        if len(quad) != 4:
            continue
        quad = quad.reshape(4, 2).astype(np.float32)
        if max(abs(a - 90.0) for a in corner_angles(quad)) > MAX_OUTLINE_CORNER_DEVIATION:
            continue  # not a sheet or card seen at an angle: an outline that lost a blurred side to a diagonal
        if ink_total:
            inside = np.zeros((h, w), np.uint8)
            cv2.fillConvexPoly(inside, quad.astype(np.int32), 1)
            held = cv2.countNonZero(inside & ink.view(np.uint8))
            if held < min_ink_inside * ink_total:
                # what lies outside counts only on paper: print beside a table or frame inside the page does, a
                # textured desk's specks do not (seed 99's ID card on stone in a shadow: 0.84 of the ink inside it)
                if on_paper is None:
                    on_paper = cv2.dilate(smooth_bright(), np.ones((PAPER_INK_REACH, PAPER_INK_REACH), np.uint8))
                outside = cv2.countNonZero(cv2.bitwise_and(_character_ink(layer, inside) if layer is not None
                                                           else ink.view(np.uint8), on_paper) & (1 - inside))
                if held < min_ink_inside * (held + outside):
                    continue
        best, reach = quad, hull.reshape(-1, 2)
        break
    if best is None:
        # a scan whose page fills the image has paper all along its border: no desk to find a page on
        if _border_bright_share(gray) >= BRIGHT_BORDER:
            return None
        inner = paper_outline(gray, min_area, smooth_bright())
        return inner if inner is not None and _holds_text(inner, ink) else None
    if clear_sides((h, w), reach, OUTLINE_AT_BORDER) != {"top", "bottom", "left", "right"}:
        # an outline at the border: the page cut there, or the desk's texture merged with its edges. The page is
        # then the paper region, when what the outline holds beyond that region is mostly not paper. The contour's
        # own hull is what reaches the border, not its four corners: a fabric filling the image has an edge map
        # that runs into every border, and the corners of its hull can still lie a little inside them (seed 99's
        # certificate on green fabric, sent by a messaging app: the fabric taken for the page)
        inner = paper_outline(gray, min_area, smooth_bright())
        if inner is not None and _holds_text(inner, ink):
            beyond = np.zeros((h, w), np.uint8)
            cv2.fillConvexPoly(beyond, best.astype(np.int32), 1)
            cv2.fillConvexPoly(beyond, grown(inner, PAGE_TEXT_MARGIN * min(h, w)).astype(np.int32), 0)
            share = cv2.countNonZero(beyond & smooth_bright()) / max(1, cv2.countNonZero(beyond))
            if share < MIN_PAPER_BEYOND:
                return inner
    return best


#: Least share of its convex hull that the region a closed outline of the edge map encloses fills, below which what
#: lies against the page is removed before the outline is taken (``_without_attachments``).
MIN_OUTLINE_SOLIDITY = 0.97
#: Width (share of the image's shorter side) of what lies against a page's outline and is removed before the outline
#: is looked for again (``_without_attachments``): a pen or a cable lying across the page's edge, a streak of a
#: desk's texture touching it. A page or a card is many times wider.
OUTLINE_ATTACHMENT_WIDTH = 0.03


def _without_attachments(contour: np.ndarray, shape: tuple[int, int]) -> np.ndarray | None:
    """The convex hull of the region ``contour`` (of the edge map) encloses, with what is under
    ``OUTLINE_ATTACHMENT_WIDTH`` wide opened away; None where nothing is left. The opening's loss at the page's
    own corners (a square cannot reach into the corner of a page turned against it) is given back: the region is
    kept within the kernel's reach of what the opening left, and of an attachment only its root (under a kernel's
    length, which the outline's four-cornered approximation passes over)."""
    region = np.zeros(shape, np.uint8)
    cv2.drawContours(region, [contour], -1, 1, cv2.FILLED)
    k = max(3, int(OUTLINE_ATTACHMENT_WIDTH * min(shape))) | 1
    kernel = np.ones((k, k), np.uint8)
    opened = cv2.morphologyEx(region, cv2.MORPH_OPEN, kernel)
    kept = cv2.bitwise_and(region, cv2.dilate(opened, kernel))
    contours, _ = cv2.findContours(kept, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return cv2.convexHull(max(contours, key=cv2.contourArea)) if contours else None


def _character_ink(layer: TextLayer, inside: np.ndarray) -> np.ndarray:
    """The ink (uint8 0/1) of ``layer``'s text components at least ``OUTSIDE_INK_MIN_HEIGHT`` of the median height of
    those centred ``inside`` (uint8, an outline filled): print of the page's own size, not a desk's specks."""
    labels, stats = layer.components
    kept = layer.kept
    h, w = inside.shape
    cx = np.minimum(stats[:, 0] + stats[:, 2] // 2, w - 1)
    cy = np.minimum(stats[:, 1] + stats[:, 3] // 2, h - 1)
    within = kept & (inside[cy, cx] > 0)
    if not within.any():
        return layer.mask.view(np.uint8)
    tall = kept & (stats[:, 3] >= OUTSIDE_INK_MIN_HEIGHT * float(np.median(stats[within, 3])))
    return np.take(tall.view(np.uint8), labels)


def _holds_text(quad: np.ndarray, ink: np.ndarray | None) -> bool:
    """Whether the paper region's outline ``quad`` (grown by ``PAGE_TEXT_MARGIN``) holds at least
    ``PAPER_MIN_TEXT_SHARE`` of the image's text ``ink`` (a text mask; True without one)."""
    if ink is None:
        return True
    total = cv2.countNonZero(ink.view(np.uint8))
    if not total:
        return True
    h, w = ink.shape
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, np.round(grown(quad, PAGE_TEXT_MARGIN * min(h, w))).astype(np.int32), 1)
    return cv2.countNonZero(inside & ink.view(np.uint8)) >= PAPER_MIN_TEXT_SHARE * total


#: Widths (shares of the image's short side, tried in turn) below which a bright part of the paper region is cut
#: off as a streak of the desk, when the region is far from convex. (A square opening keeps a page's corners.)
PAPER_NECKS = (0.04, 0.08)


def _border_bright_share(gray: np.ndarray) -> float:
    """Share of the image's border (a strip 2 % of its short side deep) brighter than halfway between the image's
    darkest and brightest levels."""
    h, w = gray.shape
    d = max(2, round(0.02 * min(h, w)))
    lo, hi = _hist_percentiles(gray, [2, 98])
    mid = (lo + hi) / 2
    strips = (gray[:d], gray[h - d:], gray[d:h - d, :d], gray[d:h - d, w - d:])
    return sum(int(np.count_nonzero(s >= mid)) for s in strips) / max(1, sum(s.size for s in strips))


def _paper(gray: np.ndarray) -> np.ndarray:
    """Where the image looks like paper (uint8 0/1): smooth and bright (see ``paper_outline``)."""
    f = gray.astype(np.float32)
    k = (PAPER_WINDOW, PAPER_WINDOW)
    mean = cv2.blur(f, k)
    sd = cv2.sqrt(cv2.max(cv2.blur(f * f, k) - mean * mean, 0.0))
    lo, hi = _hist_percentiles(gray, [2, 98])
    paper = ((sd <= max(4.0, PAPER_ROUGHNESS * (hi - lo))) & (mean >= (lo + hi) / 2)).view(np.uint8)
    return cv2.morphologyEx(paper, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))


def _largest_convex(paper: np.ndarray, min_area: float) -> np.ndarray | None:
    """The convex hull of the largest region of ``paper`` (uint8 0/1), if it covers ``min_area`` to 97 % of the
    image and the region fills ``MIN_PAPER_SOLIDITY`` of its hull, else None."""
    h, w = paper.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    if n < 2:
        return None
    largest = (labels == 1 + int(np.argmax(stats[1:, 4]))).view(np.uint8)
    contours, _ = cv2.findContours(largest, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    outer = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(outer)
    area = cv2.contourArea(hull)
    if not min_area * w * h <= area <= 0.97 * w * h or cv2.contourArea(outer) < MIN_PAPER_SOLIDITY * area:
        return None
    return hull


def _holes_filled(binary: np.ndarray) -> np.ndarray:
    """``binary`` (uint8 0/1) with what it encloses (what does not reach the image border) filled in."""
    h, w = binary.shape
    reach = np.zeros((h + 2, w + 2), np.uint8)
    reach[1:-1, 1:-1] = binary
    cv2.floodFill(reach, None, (0, 0), 2)  # the padding joins the whole border: one fill reaches all outside
    return (reach[1:-1, 1:-1] != 2).view(np.uint8)


def paper_outline(gray: np.ndarray, min_area: float = 0.2, paper: np.ndarray | None = None) -> np.ndarray | None:
    """The page as the largest smooth, bright region of the image: a sheet or a card on a textured desk (wood,
    fabric, stone), whose edge map is full of the desk's texture, so that no outline stands out in it.

    Paper is smooth (standard deviation in a ``PAPER_WINDOW`` square, at most ``PAPER_ROUGHNESS`` of the
    image's contrast, at least 4 grey levels: sensor noise) and brighter than halfway between the image's darkest
    and brightest levels. The print makes holes in the region and a frame may cut off the margin outside it:
    the outer contour is taken, its convex hull approximated by four corners. None when the region fills the image
    (a scan), is not nearly convex (a lit patch of desk joins it), not four-cornered or covers less than
    ``min_area``.
    """
    h, w = gray.shape
    paper = _paper(gray) if paper is None else paper
    hull = _largest_convex(paper, min_area)
    # bright streaks of the desk that run into the page (a black-and-white copy of a photo on wood) make it far
    # from convex: cut off what is thinner than ``neck`` of the short side, and look again. The print the paper
    # encloses is page too (first filled in): an emblem close to a card's edge leaves only a thin margin of paper
    # there, which the cut would take, and a corner of the card with it
    solid = _holes_filled(paper) if hull is None else paper
    for neck in PAPER_NECKS:
        if hull is not None:
            break
        k = max(5, round(neck * min(h, w)))
        hull = _largest_convex(cv2.morphologyEx(solid, cv2.MORPH_OPEN, np.ones((k, k), np.uint8)), min_area)
    if hull is None:
        return None
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        return None
    quad = quad.reshape(4, 2).astype(np.float32)
    return quad if max(abs(a - 90.0) for a in corner_angles(quad)) <= MAX_OUTLINE_CORNER_DEVIATION else None


def grown(quad: np.ndarray, by: float) -> np.ndarray:
    """The outline with its corners moved ``by`` pixels outwards (away from its centre)."""
    out = quad - quad.mean(axis=0)
    return quad + by * out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)


def corner_angles(quad: np.ndarray) -> list[float]:
    out = []
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        v1, v2 = a - b, c - b
        cos = float(np.dot(v1, v2) / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-9))
        out.append(float(np.degrees(np.arccos(np.clip(cos, -1, 1)))))
    return out


def page_mask(shape: tuple[int, int], quad: np.ndarray | None) -> np.ndarray | None:
    if quad is None:
        return None
    mask = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 1)
    return cv2.erode(mask, np.ones((5, 5), np.uint8))


# ---------------------------------------------------------------- text layer
@dataclass
class TextLayer:
    """Text-like connected components of the work copy (ink strokes and characters), computed once per page."""

    mask: np.ndarray  # bool, text pixels
    line_mask: np.ndarray  # bool, pixels of components of ordinary text height (what text lines are made of)
    heights: np.ndarray  # component heights in work-copy pixels
    touching: dict[str, int]  # text components cut by each image border (top, bottom, left, right)
    shape: tuple[int, int]
    ink: np.ndarray | None = None  # uint8 0/255, every stroke before the size filter (frames, table rules included)
    boxes: np.ndarray | None = None  # x, y, w, h of the components of line_mask
    components: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)  # labels, stats of ink
    kept: np.ndarray | None = field(default=None, repr=False)  # bool per component: one of the text
    # what the skew's line fits derive from the layer alone, kept for the next fit (``_squeezed``)
    derived: dict = field(default_factory=dict, repr=False, compare=False)


def text_layer(gray: np.ndarray) -> TextLayer:
    """Text-like components: strokes darker than their neighbourhood by 35 grey levels, or by 40 % of the page's
    contrast on a dim, low-contrast capture (an under-exposed page still has its lines of text)."""
    lo, hi = _hist_percentiles(gray, [2, 98])
    contrast = max(12, min(35, round(0.4 * (hi - lo))))
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, contrast)
    # 16-bit labels where they cannot run out (fewer ink pixels than labels): a third less time, the same components
    ltype = cv2.CV_16U if cv2.countNonZero(bw) < np.iinfo(np.uint16).max else cv2.CV_32S
    _, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8, ltype=ltype)
    return _layer(bw, labels, stats)


def _layer(bw: np.ndarray, labels: np.ndarray, stats: np.ndarray, region: np.ndarray | None = None,
           drop: np.ndarray | None = None, taller_than: float = 0.0) -> TextLayer:
    """The text layer of the ink ``bw`` (its components ``labels``, ``stats``), of the components centred in
    ``region`` (uint8) when one is given, without those ``drop`` marks (bool per component); the ordinary text
    height is the median of the components taller than ``taller_than`` pixels (``taller_text``)."""
    h, w = bw.shape
    x, y, cw, ch, area = (stats[:, i] for i in range(5))
    # text-sized: drops noise specks and large blobs (photos, dark backgrounds, frames)
    keep = (ch >= 4) & (ch < h * 0.08) & (cw < w * 0.3) & (area >= 6)
    keep[0] = False
    if drop is not None:
        keep &= ~drop
    if region is not None:
        keep &= region[np.minimum(y + ch // 2, h - 1), np.minimum(x + cw // 2, w - 1)] > 0
    touching = {side: int((keep & hit).sum()) for side, hit in
                (("top", y <= 0), ("bottom", y + ch >= h), ("left", x <= 0), ("right", x + cw >= w))}
    sized = keep & (ch > taller_than)
    med = float(np.median(ch[sized])) if sized.any() else 0.0
    body = keep & (ch >= 0.5 * med) & (ch <= 2.0 * med)
    kind = np.take(keep.astype(np.uint8) + body, labels)  # one look-up: 1 text, 2 text of ordinary height
    return TextLayer(mask=kind > 0, line_mask=kind == 2, heights=ch[keep], touching=touching, shape=(h, w),
                     ink=bw, boxes=stats[body, :4].astype(np.float64), components=(labels, stats), kept=keep)


def on_page(layer: TextLayer, quad: np.ndarray) -> TextLayer:
    """The layer without the components outside the page's outline ``quad`` (grown by ``PAGE_TEXT_MARGIN`` of the
    image's short side, for print close to the page's edge): a textured desk (wood grain, a fabric's weave, stone)
    breaks into text-like specks and streaks that are no text of the document."""
    if layer.components is None or layer.ink is None or layer.kept is None:
        return layer
    outline = grown(quad, PAGE_TEXT_MARGIN * min(layer.shape))
    x, y, cw, ch = (layer.components[1][layer.kept, i] for i in range(4))
    centres = np.stack([x + cw / 2, y + ch / 2], axis=1)
    # a component across the outline itself is the page's edge against the desk (the dark stripes of a wood grain
    # meeting the paper leave a row of teeth along it), not print: a page's print keeps a margin from its edge.
    # Along a photo's upright sides such teeth stood as columns of "characters" (seed 144's certificate at -7.6° on
    # wood was taken for turned a quarter)
    corners = np.stack([np.stack([x, y], 1), np.stack([x + cw, y], 1), np.stack([x, y + ch], 1),
                        np.stack([x + cw, y + ch], 1)], axis=1).astype(np.float64)  # N x 4 x 2
    within = _inside_convex(corners.reshape(-1, 2), quad).reshape(-1, 4)
    across = within.any(axis=1) & ~within.all(axis=1)
    inside = _inside_convex(centres, outline)
    if inside.all() and not across.any():
        return layer  # every component on the page (a scan on its bed, most photos): nothing to take out
    region = np.zeros(layer.shape, np.uint8)
    cv2.fillConvexPoly(region, np.round(outline).astype(np.int32), 1)
    drop = np.zeros(len(layer.kept), bool)
    drop[np.flatnonzero(layer.kept)[across]] = True
    return _layer(layer.ink, *layer.components, region=region, drop=drop)


def taller_text(layer: TextLayer) -> TextLayer | None:
    """The layer with the ordinary text height taken among the components more than twice as tall as its own, where
    they are at least ``TALLER_TEXT_MIN_SHARE`` of its text components (and ``TALLER_TEXT_MIN_COUNT``), else None.
    A desk broken into specks (a black-and-white photo dithers a grey desk) can outnumber a card's characters: the
    text's height is then the specks', and the lines of text are sought among them."""
    if layer.components is None or layer.ink is None or layer.kept is None or not len(layer.heights):
        return None
    limit = 2.0 * float(np.median(layer.heights))
    tall = int(np.count_nonzero(layer.heights > limit))
    if tall < max(TALLER_TEXT_MIN_COUNT, TALLER_TEXT_MIN_SHARE * len(layer.heights)):
        return None
    return _layer(layer.ink, *layer.components, drop=~layer.kept, taller_than=limit)


def _inside_convex(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Whether each of ``points`` (N x 2) lies within the convex polygon ``poly`` (its boundary included)."""
    edges = np.roll(poly, -1, axis=0) - poly  # convex: inside is on one side of every edge
    side = (edges[:, 0][:, None] * (points[:, 1][None] - poly[:, 1][:, None])
            - edges[:, 1][:, None] * (points[:, 0][None] - poly[:, 0][:, None]))
    return (side >= 0).all(axis=0) | (side <= 0).all(axis=0)


def border_bands(gray: np.ndarray) -> dict[str, np.ndarray]:
    """The edge map (Canny) of a band along each image border, ``min(h, w) // 40`` (at least 6) pixels deep, laid
    out with the border as row 0 and the band's length along the rows. Only the bands are filtered (with a
    margin so the inner rows match a full-image edge map): a fraction of the cost of the whole page."""
    h, w = gray.shape
    d = max(6, min(h, w) // 40)
    return {side: cv2.Canny(cv2.GaussianBlur(c, (3, 3), 0), 60, 60)[:d] > 0
            for side, c in _border_crops(gray, min(3 * d, h, w)).items()}


def _border_crops(image: np.ndarray, depth: int) -> dict[str, np.ndarray]:
    """``depth`` rows along each image border, laid out as in ``border_bands`` (the border as row 0)."""
    h, w = image.shape[:2]
    return {side: np.ascontiguousarray(c) for side, c in
            (("top", image[:depth, :]), ("bottom", image[h - depth:, :][::-1]), ("left", image[:, :depth].T),
             ("right", image[:, w - depth:].T[::-1]))}


#: Edges along a border count as print when within this many work-copy pixels of the text layer's ink (a stroke's
#: edge lies on its outline, a pixel or two outside the thresholded stroke).
PRINT_EDGE_REACH = 2


def print_edge_density(bands: dict[str, np.ndarray], layer: TextLayer, depth: dict[str, int]) -> dict[str, float]:
    """Share of the strip along each border (``depth`` pixels deep) on an edge of the print: edges of ``bands``
    within ``PRINT_EDGE_REACH`` of the text layer's ink. A desk's texture (stone, glare on it) makes edges but no
    ink, and once the page's outline is lost it would otherwise read as print cut by the border."""
    if layer.ink is None:
        return {side: float(band[:depth[side]].mean()) for side, band in bands.items()}
    k = 2 * PRINT_EDGE_REACH + 1
    out = {}
    for side, ink in _border_crops(layer.ink, min(max(depth.values()) + k, *layer.ink.shape)).items():
        d = depth[side]
        near = cv2.dilate(ink, np.ones((k, k), np.uint8))[:d] > 0
        out[side] = float(np.count_nonzero(bands[side][:d] & near)) / bands[side][:d].size
    return out


def border_crossings(bands: dict[str, np.ndarray]) -> dict[str, int]:
    """Lines crossing each image border: edge-map components that run through the whole depth of the band
    along the border (a frame, a table rule, a card's or a page's side cut off by the image edge)."""
    out = {}
    for side, band in bands.items():
        d = band.shape[0]
        _, _, st, _ = cv2.connectedComponentsWithStats(band.astype(np.uint8), connectivity=8)
        out[side] = int(((st[1:, 3] >= d) & (st[1:, 2] <= d)).sum())  # spans the depth, not lying along the border
    return out


def clear_sides(shape: tuple[int, int], quad: np.ndarray, clearance: float) -> set[str]:
    """The image borders that the page's outline ``quad`` stays clear of, by more than ``clearance`` of the image's
    side: between them and the page lies background, whatever it looks like."""
    h, w = shape
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    gaps = {"top": y0 / h, "bottom": (h - 1 - y1) / h, "left": x0 / w, "right": (w - 1 - x1) / w}
    return {side for side, gap in gaps.items() if gap > clearance}


#: Components smaller than this (work-copy pixels) are specks, not strokes: the text layer's own noise floor.
SPECK_MAX_AREA = 6
#: Depth of the band along a border whose ink is judged speckle or print (share of the image across it), and the
#: least ink (pixels) there for the judgement.
SPECK_BAND, SPECK_MIN_INK = 0.03, 100


def speckled(layer: TextLayer, side: str, max_share: float) -> bool:
    """Whether the ink along ``side`` is mostly specks (more than ``max_share`` of it in components under
    ``SPECK_MAX_AREA``): noise such as a desk dithered by a black-and-white capture, not a document's print."""
    if layer.components is None:
        return False
    labels, stats = layer.components
    h, w = labels.shape
    d = max(3, round(SPECK_BAND * (h if side in ("top", "bottom") else w)))
    band = {"top": labels[:d], "bottom": labels[h - d:], "left": labels[:, :d], "right": labels[:, w - d:]}[side]
    ink = band[band > 0]
    return ink.size >= SPECK_MIN_INK and float((stats[ink, 4] < SPECK_MAX_AREA).mean()) > max_share


def measure_cut_sides(gray: np.ndarray, layer: TextLayer, min_edge_density: float, min_cut_text: int,
                      min_crossings: int, quad: np.ndarray | None = None, clearance: float = 0.015,
                      max_speck_share: float = 1.0) -> list[str]:
    """Sides where the image border runs through the document rather than around it.

    A complete capture has background (scanner bed, desk) or a blank margin
    along every border. A side is cut when text components touch it, when
    the thin strip along it (1 % of the image) is dense with edges of print
    (``print_edge_density``: the document's print or pattern continuing past
    the border, not a desk's texture), or when
    lines of the document (its frame, table rules, the sides of the page or
    card) run into it. Where the page's outline (``quad``, in a photo) stays
    clear of a border, that side is whole: the strip along it is desk, and a
    desk's texture (wood grain, fabric, stone) is no print. Text touching a
    border and edges along it count only where the ink along that border is
    print, not specks (``speckled``: a desk a black-and-white capture turned
    into speckle, the page's outline lost in it); lines crossing it always.
    """
    h, w = gray.shape
    whole = clear_sides((h, w), quad, clearance) if quad is not None else set()
    bands = border_bands(gray)
    depth = {"top": max(3, h // 100), "bottom": max(3, h // 100), "left": max(3, w // 100), "right": max(3, w // 100)}
    crossing = border_crossings(bands)
    density = print_edge_density(bands, layer, depth)
    out = []
    for side in ("top", "bottom", "left", "right"):
        if side in whole:
            continue
        print_cut = layer.touching[side] >= min_cut_text or density[side] >= min_edge_density
        if crossing[side] >= min_crossings or (print_cut and not speckled(layer, side, max_speck_share)):
            out.append(side)
    return out


# ---------------------------------------------------------------- clarity
def edge_sharpness(gray: np.ndarray, directional: bool = False, min_range: float = CLARITY_MIN_RANGE,
                   near: np.ndarray | None = None) -> float:
    """Median, over strong edges, of gradient / local contrast (about 1 / edge width in pixels).

    Edges are measured apart by the direction of their gradient (four
    directions, 45° apart) and the worst direction is returned: motion blur
    smears edges in one direction only, whichever it is. With
    ``directional`` (text), a direction left with almost no edges while
    another has many counts as blurred away: text has edges every way, and
    a long shake leaves only the sides of its streaks, which are sharp.
    Edges are those with a local contrast of ``min_range`` grey levels (and within ``near``, a bool mask, when
    given: the text's edges).
    """
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    mag = cv2.magnitude(gx, gy)
    k = np.ones((7, 7), np.uint8)
    local_range = cv2.subtract(cv2.dilate(gray, k), cv2.erode(gray, k))  # in grey levels, exact in uint8
    strong = local_range >= min_range
    if near is not None:
        strong &= near
    if cv2.countNonZero(strong.view(np.uint8)) < 200:
        return float("nan")
    # the edge pixels proper: local maxima of the gradient within strong-contrast areas
    at = np.flatnonzero(strong & (mag > 4.0))  # ratios and directions at the edge pixels only
    at = at[mag.ravel()[at] >= cv2.dilate(mag, np.ones((3, 3), np.uint8)).ravel()[at] - 1e-6]
    if len(at) < 100:
        return 0.0
    ratio = mag.ravel()[at] / np.maximum(local_range.ravel()[at], 1).astype(np.float32)
    phase = cv2.phase(gx.ravel()[at], gy.ravel()[at], angleInDegrees=True).ravel()
    width = 180.0 / CLARITY_DIRECTIONS
    direction = (((phase + width / 2) % 180.0) // width).astype(np.intp)
    counts = np.bincount(direction, minlength=CLARITY_DIRECTIONS)
    worst = []
    for d, n in enumerate(counts):
        if n >= CLARITY_MIN_EDGES:
            worst.append(float(np.median(ratio[direction == d])))
        elif directional and n < CLARITY_DEPLETED * counts.max() and counts.max() >= CLARITY_DEPLETION_MIN_EDGES:
            worst.append(float(np.median(ratio[direction == d])) if n >= CLARITY_MIN_EDGES // 3 else 0.0)
    return min(worst) if worst else float(np.median(ratio))


#: Tallest text component, as a multiple of their median height, that counts towards the text's height
#: (``measure_text_height``): a cover's large title breaks into parts up to twice the height of its small print's
#: characters (10-14 px beside 7-8 px on a graduation cover sent at a quarter of its size, which measured 10.5 px
#: and passed). On seven fresh corpora (seeds 7, 77, 99, 111, 133, 144, 155; 2755 pages not strongly blurred) pages
#: labelled too small measured at most 9.0 px with it (10.5 without), the others at least 10.5 px (the least of
#: them all before: 11.4 px, a messaging copy's table text, unchanged).
TEXT_HEIGHT_MAX_SPREAD = 1.5


def measure_clarity(image: np.ndarray, layer: TextLayer, work_scale: float, text_px: float,
                    work_gray: np.ndarray | None = None, contrast: float = 255.0) -> float:
    """Edge sharpness measured at a scale where text components are ``text_px`` pixels high.

    Judging blur relative to the text size, not the image size: the same
    3-pixel blur ruins 15-pixel text and hardly matters for 60-pixel text.
    The page is rescaled (never enlarged) from the full-resolution image so
    the median text component is ``text_px`` high, and the central part is
    measured (bounded cost). Edges count from a local contrast of
    CLARITY_MIN_RANGE grey levels, or on a page of less ``contrast`` (paper
    level less ink level: under- or over-exposed) from CLARITY_RANGE_SHARE of
    it: the ratio judged is the same at any contrast.
    """
    min_range = max(CLARITY_RANGE_FLOOR, min(CLARITY_MIN_RANGE, CLARITY_RANGE_SHARE * contrast))
    if len(layer.heights) < 20:
        # no text components: a blank page, or one blurred until the strokes dissolved (structure, no edge)
        # judge the edges there are (a card's outline, a photo); none at all but tonal structure: blurred away
        if work_gray is None:
            return float("nan")
        sharp = edge_sharpness(work_gray, min_range=min_range)
        if np.isnan(sharp):
            return 0.0 if float(work_gray.std()) > 15.0 * min_range / CLARITY_MIN_RANGE else float("nan")
        return round(sharp, 4)
    th = float(np.median(layer.heights))
    scale = min(1.0, text_px / (th / work_scale))
    h, w = image.shape[:2]
    side = int(CLARITY_CROP / scale)
    y0, x0 = 0, 0
    if max(h, w) > side:  # crop first, then scale: the cost stays bounded for any image size
        # centred on the text (the median of its pixels), not on the image: a photo or a blank half is no test
        ys, xs = np.nonzero(layer.line_mask[::4, ::4])
        cy, cx = (float(np.median(ys)) * 4 / work_scale, float(np.median(xs)) * 4 / work_scale) if len(ys) \
            else (h / 2, w / 2)
        y0 = int(min(max(0, cy - side / 2), max(0, h - side)))
        x0 = int(min(max(0, cx - side / 2), max(0, w - side)))
        image = image[y0:y0 + side, x0:x0 + side]
    y1, x1 = y0 + image.shape[0], x0 + image.shape[1]
    # grey of the crop only (the full-resolution page is never converted as a whole)
    image_gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = image_gray.shape
    while scale <= 0.5:  # exact 2x2 area halvings first (OpenCV's fast path), the same averaging
        image_gray = cv2.resize(image_gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        h, w = image_gray.shape
        scale *= 2
    if scale < 1.0:
        image_gray = cv2.resize(image_gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                                interpolation=cv2.INTER_AREA)
    # the text's edges: within CLARITY_TEXT_REACH of a text height of the text layer's pixels, brought to this scale
    mh, mw = layer.mask.shape
    region = layer.mask.view(np.uint8)[int(y0 * work_scale):min(mh, int(np.ceil(y1 * work_scale))),
                                       int(x0 * work_scale):min(mw, int(np.ceil(x1 * work_scale)))]
    near = cv2.resize(region * 255, (image_gray.shape[1], image_gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    r = max(1, round(CLARITY_TEXT_REACH * text_px))
    near = cv2.dilate(near, np.ones((2 * r + 1, 2 * r + 1), np.uint8)) > 0
    sharp = edge_sharpness(image_gray, directional=True, min_range=min_range, near=near)
    return 0.0 if np.isnan(sharp) else round(sharp, 4)  # text, but no sharp edge left at all: blurred beyond reading


def measure_text_height(layer: TextLayer, work_scale: float) -> float | None:
    """Height of the text in pixels of the original image: the 75th percentile of the heights of the text components
    of ordinary height, at most ``TEXT_HEIGHT_MAX_SPREAD`` times their median (whole characters, not the parts of
    one), a title's larger characters and their parts left out. With them, an ID card's back sent at a third of its
    size measured 10 px on its title and emblem, its every other line 5-7 px."""
    if len(layer.heights) < 20:
        return None
    med = float(np.median(layer.heights))
    body = layer.heights[(layer.heights >= 0.5 * med) & (layer.heights <= TEXT_HEIGHT_MAX_SPREAD * med)]
    return round(float(np.percentile(body, 75)) / work_scale, 1)


# ---------------------------------------------------------------- skew and orientation
def _points(layer: TextLayer, max_points: int = 8000) -> np.ndarray:
    found = cv2.findNonZero(layer.line_mask.view(np.uint8))  # np.nonzero's order, a few times faster
    if found is None:
        return np.zeros((0, 2), np.float32)
    xs, ys = found[:, 0, 0], found[:, 0, 1]
    if len(xs) > max_points:
        idx = np.random.default_rng(0).integers(0, len(xs), max_points)  # (with replacement: much cheaper)
        xs, ys = xs[idx], ys[idx]
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    return pts - pts.mean(axis=0) if len(pts) else pts


def _profile_scores(pts: np.ndarray | tuple[np.ndarray, np.ndarray], angles_deg: np.ndarray) -> np.ndarray:
    """Sharpness (sum of squared counts) of the row profile of the points turned by each of ``angles_deg``; ``pts``
    an N×2 array or its two columns, contiguous. All angles in one pass: one histogram of every angle's rows,
    each angle's offset past the previous one's."""
    xs, ys = (pts[:, 0], pts[:, 1]) if isinstance(pts, np.ndarray) else pts
    t = np.deg2rad(np.asarray(angles_deg, np.float64))
    y = np.multiply.outer(np.cos(t), ys) - np.multiply.outer(np.sin(t), xs)
    rows = (y - y.min(axis=1, keepdims=True)).astype(np.int64)
    span = int(rows.max()) + 1
    rows += np.arange(len(t))[:, None] * span
    hist = np.bincount(rows.ravel(), minlength=len(t) * span).reshape(len(t), span)
    return np.einsum("ij,ij->i", hist, hist).astype(np.float64)


def _profile_score(pts: np.ndarray | tuple[np.ndarray, np.ndarray], angle_deg: float) -> float:
    """The sharpness of the row profile at one angle (see ``_profile_scores``)."""
    return float(_profile_scores(pts, np.array([angle_deg]))[0])


def _best_angle(pts: np.ndarray, max_angle: float, fine: bool = True) -> tuple[float, float]:
    coarse = 1.0 if fine else 2.0
    few = pts[::3] if len(pts) > 6000 else pts  # the coarse search needs only a sample of the points
    cols = lambda p: (np.ascontiguousarray(p[:, 0]), np.ascontiguousarray(p[:, 1]))  # noqa: E731
    few_c, all_c = cols(few), cols(pts)
    grid = np.arange(-max_angle, max_angle + 1e-9, coarse)
    scores = _profile_scores(few_c, grid)
    best = grid[int(np.argmax(scores))]
    if fine:  # to 0.2°: the line fit refines it
        grid = np.arange(best - 1.0, best + 1.0 + 1e-9, 0.2)
        scores = _profile_scores(all_c, grid)
        best = grid[int(np.argmax(scores))]
    return float(best), float(scores.max())


def _text_row_points(boxes: np.ndarray, shape: tuple[int, int], angle: float) -> tuple[np.ndarray, ...] | None:
    """The tops and bottoms of the characters of each run of text, in the frame turned by the profile angle.

    Each character's box (x, y, w, h in the image) is turned about the image centre and given the size that a
    box of its own seen at ``angle`` would show as that box. Components are grouped into rows (centres within
    half a text height of the previous one) and each row into runs where the gap between components exceeds a
    text height (a label and its value, table cells, columns). A label and a larger value on one row share
    neither centre nor top nor bottom, so each run's tops and its bottoms are a group of their own: only their
    slope is shared. Returns x, y, group and the run's height on the page for every point, and the text height.
    """
    if len(boxes) < 5:
        return None
    ih, iw = shape
    t = np.deg2rad(angle)
    cos, sin = np.cos(t), np.sin(t)
    bx, by = boxes[:, 0] + boxes[:, 2] / 2 - iw / 2, boxes[:, 1] + boxes[:, 3] / 2 - ih / 2
    cx = bx * cos + by * sin  # as cv2.getRotationMatrix2D(angle) turns the image
    cy = by * cos - bx * sin
    c, s = abs(cos), abs(sin)
    den = max(c * c - s * s, 0.5)  # (a search range beyond 30° would make the sizes ill-determined)
    w = np.maximum(1.0, (boxes[:, 2] * c - boxes[:, 3] * s) / den)
    h = np.maximum(1.0, (boxes[:, 3] * c - boxes[:, 2] * s) / den)
    x0 = cx - w / 2
    th = float(np.median(h))
    order = np.argsort(cy, kind="stable")
    row = np.cumsum(np.diff(cy[order], prepend=cy[order[0]]) > 0.5 * th)  # a new row where the centres jump
    rows = np.empty(len(boxes), np.int64)
    rows[order] = row
    order = np.lexsort((x0, rows))  # by row, then left to right
    r, left, right = rows[order], x0[order], (x0 + w)[order]
    span = 4.0 * (np.abs(right).max() + th + 1)  # sets rows apart so one running maximum serves every row
    reach = np.maximum.accumulate(right + r * span) - r * span  # rightmost extent so far within the row
    new = np.ones(len(order), bool)
    new[1:] = (r[1:] != r[:-1]) | (left[1:] - reach[:-1] > th)
    run = np.cumsum(new) - 1
    n_runs = run[-1] + 1
    count = np.bincount(run, minlength=n_runs)
    extent = reach[np.append(np.nonzero(new)[0][1:], len(new)) - 1]  # the reach at each run's last component
    ok = (count >= 2) & (extent - left[new] >= th)  # a run of at least two components, a text height long
    keep = ok[run]
    if not keep.any():
        return None
    idx, run = order[keep], run[keep]
    height = (np.bincount(run, cy[idx], n_runs) / np.maximum(count, 1))[run]
    top, bottom = cy[idx] - h[idx] / 2, cy[idx] + h[idx] / 2
    return (np.concatenate([cx[idx], cx[idx]]), np.concatenate([top, bottom]),
            np.concatenate([2 * run, 2 * run + 1]), np.concatenate([height, height]), th)


#: Rows above and below what survives of a line after the erosion that are still taken as the line (its strokes).
RULE_BAND = 2
#: A line's survivor (``_rule_points``) with more than RULE_MAX_TEXT_SHARE of its pixels on the text layer's is
#: kept only if its merged columns are covered by strokes RULE_MIN_COVER of the way on average (a line is solid; a
#: row through close-set characters crosses their strokes and the gaps between). On half of seeds 21, 44 and 88
#: (4387 survivors), 640 lay mostly on text: 521 covered under 0.69, 57 (short rules in a character-sized component:
#: an underline, a box's side) 0.78 or more; of the 3747 others, 3727 were covered 0.82 or more.
RULE_MAX_TEXT_SHARE, RULE_MIN_COVER = 0.5, 0.78


def _squeezed(image: np.ndarray, within: np.ndarray | None = None) -> np.ndarray:
    """``image`` (uint8, its part ``within`` a mask when given) with every ``RULE_SQUEEZE`` columns merged into one."""
    if within is not None:
        image = cv2.bitwise_and(image, within)
    h, w = image.shape
    ws = w // RULE_SQUEEZE
    return cv2.resize(image[:, :ws * RULE_SQUEEZE], (ws, h), interpolation=cv2.INTER_AREA)


def _rule_points(ink: np.ndarray, angle: float, text_height: float, page: np.ndarray | None,
                 text: np.ndarray | None = None, derived: dict | None = None,
                 page_key: bytes | None = None) -> tuple[np.ndarray, ...] | None:
    """Points along the straight lines of the document (frame, table rules, underlines, the sides of the page or
    card) that run along the text, in the frame turned by the profile angle (coordinates about the image centre).

    The strokes, turned, are eroded with a horizontal bar five text heights (at least a fifteenth of the page)
    long: text does not survive it, and neither does a line more than about a degree off the text; what is left
    of a line is its middle, at the line's own height. Lines at least as long again as the bar and thin (their
    pixels' spread) are kept; each is summarised by the mean of its pixels in short stretches (a text height, at
    least 8 pixels) and is a group of its own. With ``text`` (the text layer's pixels, uint8) a survivor lying
    mostly on text is not a line (``RULE_MAX_TEXT_SHARE``; ``text`` 0/255, or a bool mask). ``derived``: where the
    squeezed ink (within the page named ``page_key``, None for none) and text are kept for the next call on the same
    layer (``page`` may then be None where that page's is kept already); without it nothing is kept.
    """
    h, w = ink.shape
    if derived is None:
        derived, page_key = {}, None
    length = int(max(5 * text_height, w / 15))
    # lines are looked for with every RULE_SQUEEZE columns merged into one (any stroke in them): the rows keep
    # their full resolution, which is what the slope is read from, at a fraction of the cost
    sq = RULE_SQUEEZE
    ws = w // sq
    key = ("ink", page_key)
    if key not in derived:
        derived[key] = _squeezed(ink, page)
    ink = derived[key]
    # the turn about the page's centre, in squeezed columns: x = sq * xs + (sq - 1) / 2
    squeeze = np.array([[1 / sq, 0, -(sq - 1) / (2 * sq)], [0, 1, 0], [0, 0, 1]])
    turn = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), [0, 0, 1]])
    turn = squeeze @ turn @ np.linalg.inv(squeeze)
    turned = ink if angle == 0 else cv2.warpAffine(ink, turn[:2], (ws, h), flags=cv2.INTER_NEAREST)
    core = cv2.erode(turned, np.ones((1, max(1, round(length / sq))), np.uint8))
    n, lbl = cv2.connectedComponents(core, connectivity=8)
    if n < 2:
        return None
    xy = cv2.findNonZero(core)
    if xy is None:
        return None
    xs = xy[:, 0, 0].astype(np.float64) * sq + (sq - 1) / 2 - w / 2
    ys = xy[:, 0, 1].astype(np.float64) - h / 2
    lab = lbl[xy[:, 0, 1], xy[:, 0, 0]]
    cnt = np.maximum(np.bincount(lab, minlength=n), 1)
    mean_x, mean_y = np.bincount(lab, xs, n) / cnt, np.bincount(lab, ys, n) / cnt
    var_x = np.bincount(lab, xs * xs, n) / cnt - mean_x ** 2
    var_y = np.bincount(lab, ys * ys, n) / cnt - mean_y ** 2
    keep = (12 * var_x >= length ** 2) & (12 * var_y <= (0.05 * h) ** 2)  # long (a uniform run's spread) and thin
    keep[0] = False
    if keep.any() and text is not None:
        # columns merged, the strokes of a run of small, close-set characters (seed 88's contract at 11 px) leave
        # no gap a bar of five text heights can fall into: a survivor on the text's own pixels is print, not a line
        # (a line is no character-sized component, nor is one with the characters that touch it)
        if "text" not in derived:
            derived["text"] = _squeezed(text.view(np.uint8) * 255 if text.dtype == bool else text)
        on_text = derived["text"]
        if angle != 0:
            on_text = cv2.warpAffine(on_text, turn[:2], (ws, h), flags=cv2.INTER_NEAREST)
        share = np.bincount(lab, (on_text[xy[:, 0, 1], xy[:, 0, 0]] > 0).astype(np.float64), n) / cnt
        cover = np.bincount(lab, turned[xy[:, 0, 1], xy[:, 0, 0]].astype(np.float64), n) / cnt / 255.0
        keep &= (share <= RULE_MAX_TEXT_SHARE) | (cover >= RULE_MIN_COVER)
    if not keep.any():
        return None
    # the erosion keeps a line where the bar fits inside it, which of a line a fraction of a degree off the turned
    # frame and more than a pixel thick is the row common to every step: flat, whatever the line's slope. Its points
    # are the line's strokes grown back from what survived, up to RULE_BAND rows across it, over the survivor's
    # length (not what lies beyond a gap: print beside the line): their mean height follows the line
    ids = np.cumsum(keep) - 1
    kept = np.where(keep, np.arange(n), 0).astype(np.float32)[lbl]
    strokes = cv2.threshold(turned, 0, 255, cv2.THRESH_BINARY)[1]
    grown_back = cv2.threshold(kept, 0, 255, cv2.THRESH_BINARY)[1].astype(np.uint8)
    for _ in range(RULE_BAND):
        grown_back = cv2.bitwise_and(cv2.dilate(grown_back, np.ones((3, 1), np.uint8)), strokes)
    xy = cv2.findNonZero(grown_back)
    if xy is None:
        return None
    # each point's line: the survivor in its column within RULE_BAND rows (the larger label where two lines are)
    owner = cv2.dilate(kept, np.ones((2 * RULE_BAND + 1, 1), np.uint8))
    lab = owner[xy[:, 0, 1], xy[:, 0, 0]].astype(np.int64)
    xs = xy[:, 0, 0].astype(np.float64) * sq + (sq - 1) / 2 - w / 2
    ys = xy[:, 0, 1].astype(np.float64) - h / 2
    line = ids[lab]
    stretch = max(8.0, text_height)
    bins = int(w / stretch) + 2
    key = line * bins + ((xs + w / 2) / stretch).astype(np.int64)
    size = (int(line.max()) + 1) * bins
    cnt = np.bincount(key, minlength=size)
    sel = cnt * sq >= 3  # (each point stands for sq columns)
    cnt = np.maximum(cnt, 1)
    grp = np.arange(size) // bins
    height = mean_y[keep][grp]
    return (np.bincount(key, xs, size) / cnt)[sel], (np.bincount(key, ys, size) / cnt)[sel], grp[sel], height[sel]


def _cond_sym2(a: np.ndarray) -> float:
    """The 2-norm condition number of a symmetric 2×2 matrix (the ratio of its eigenvalues' magnitudes, in closed
    form: what ``np.linalg.cond`` gives, without its singular value decomposition)."""
    half_trace, det = (a[0, 0] + a[1, 1]) / 2, a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]
    root = np.sqrt(max(half_trace * half_trace - det, 0.0))
    big, small = abs(half_trace) + root, abs(abs(half_trace) - root)
    return float(big / small) if small > 0 else float("inf")


def _fit_common_slope(x: np.ndarray, y: np.ndarray, group: np.ndarray, height: np.ndarray,
                      mid: float, change: tuple[float, float] | None = None) -> tuple[float, float]:
    """The angle (degrees) of the slope shared by every group of points (each with its own intercept), as it is at
    height ``mid``, and its standard error.

    A photo taken at an angle (keystone) turns lines more at one end of the page than at the other, so the slope
    may change linearly with the height of the line; the page's skew is the slope at its middle. Points are
    weighted by Tukey's biweight of their residual (iterated): a character that does not reach the line's top or
    bottom, a stray mark or a line that does not belong to the page drops out. ``change``: the least and the
    most change of slope with height allowed (the page's outline measures it in a photo), else any.
    """
    ng = int(group.max()) + 1
    v = height - mid
    wt = np.ones(len(x))
    s0 = s1 = 0.0
    for _ in range(6):
        sw = np.bincount(group, wt, ng) + 1e-12
        dx = x - (np.bincount(group, wt * x, ng) / sw)[group]
        dy = y - (np.bincount(group, wt * y, ng) / sw)[group]
        a = np.array([[np.sum(wt * dx * dx), np.sum(wt * dx * dx * v)], [0.0, np.sum(wt * dx * dx * v * v)]])
        a[1, 0] = a[0, 1]
        b = np.array([np.sum(wt * dx * dy), np.sum(wt * dx * dy * v)])
        if a[0, 0] <= 0:
            return 0.0, float("inf")
        if np.ptp(v) > 0 and _cond_sym2(a) < 1e12:
            s0, s1 = np.linalg.solve(a, b)
            if change is not None and not change[0] <= s1 <= change[1]:
                s1 = min(max(s1, change[0]), change[1])
                s0 = (b[0] - a[0, 1] * s1) / a[0, 0]
        else:
            s1 = 0.0 if change is None else min(max(0.0, change[0]), change[1])
            s0 = (b[0] - a[0, 1] * s1) / a[0, 0]
        res = dy - (s0 + s1 * v) * dx
        scale = max(0.7, 1.4826 * float(np.median(np.abs(res[wt > 0])))) if (wt > 0).any() else 0.7
        u = res / (4.685 * scale)
        wt = np.where(np.abs(u) < 1, (1 - u * u) ** 2, 0.0)
    try:  # the standard error of the slope at mid-page (as if the change of slope were free: held, the fit is
        # no surer of the points themselves)
        err = scale * np.sqrt(max(float(np.linalg.inv(a)[0, 0]), 0.0))
    except np.linalg.LinAlgError:
        err = scale / np.sqrt(a[0, 0])
    return float(np.degrees(np.arctan(s0))), float(np.degrees(err))


def _line_fit(layer: TextLayer, angle: float, quad: np.ndarray | None = None,
              sides: list[tuple] | None = None, flat: bool = False) -> tuple[float, float] | None:
    """The residual angle (degrees) of the page's straight lines in the frame turned by ``angle``, and its standard
    error: the tops and bottoms of the characters of each run of text and points along the document's lines,
    fitted together with one slope (changing with height on a keystoned photo) and an intercept per run edge or
    line, evaluated at the middle of the page (of its outline ``quad`` in a photo, else of the text and lines).
    With the outline's ``sides`` along the rows (``outline_sides``), the change of slope with height is held
    within ``KEYSTONE_TOLERANCE_DEG`` of theirs; ``flat`` (no outline, paper all along the image's border: a scan,
    most often), within ``KEYSTONE_TOLERANCE_DEG`` over the image's height of none. None when nothing could be
    fitted."""
    text = _text_row_points(layer.boxes, layer.shape, angle) if layer.boxes is not None else None
    th = text[4] if text is not None else float(np.median(layer.heights)) if len(layer.heights) else 10.0
    page, key = None, None if quad is None else np.asarray(quad, np.float64).tobytes()
    if key is not None and layer.ink is not None and ("ink", key) not in layer.derived:
        # the page, with the strokes along its sides (half the threshold block deep): corners moved 18 px outwards
        page = np.zeros(layer.shape, np.uint8)
        cv2.fillConvexPoly(page, np.round(grown(quad, 18.0)).astype(np.int32), 255)
    rules = (_rule_points(layer.ink, angle, th, page, layer.mask, layer.derived, key) if layer.ink is not None
             else None)
    parts = []
    if text is not None:
        parts.append(text[:4])
    if rules is not None:
        x, y, g, v = rules
        parts.append((x, y, g + (int(text[2].max()) + 1 if text is not None else 0), v))
    if not parts:
        return None
    x, y, g, v = (np.concatenate([p[i] for p in parts]) for i in range(4))
    _, g = np.unique(g, return_inverse=True)
    h, w = layer.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    if quad is not None:
        mid = float(cv2.transform(quad.reshape(1, -1, 2).astype(np.float64), m)[0][:, 1].mean()) - h / 2
    else:
        mid = (float(v.min()) + float(v.max())) / 2
    change = None
    if sides is not None:
        # the page's top and bottom edges, turned: their slopes and heights give the change of slope with height
        # that the page's perspective makes (the text, printed on the page, shares it)
        (p1, d1), (p2, d2) = ((m[:, :2] @ p + m[:, 2], m[:, :2] @ d) for p, d, *_ in sides)
        if abs(d1[0]) > 1e-6 and abs(d2[0]) > 1e-6 and abs(p2[1] - p1[1]) >= KEYSTONE_MIN_SPAN * h:
            k = (d2[1] / d2[0] - d1[1] / d1[0]) / (p2[1] - p1[1])
            tol = float(np.tan(np.radians(KEYSTONE_TOLERANCE_DEG))) / abs(p2[1] - p1[1])
            change = (k - tol, k + tol)
    elif flat:
        # no outline, paper all along the border: nothing measures a keystone, and a flatbed has none. Left free,
        # the change of slope is set by what is far from the rest (seed 99's scanned contract at 0.05°: a row of
        # signatures below eight lines of 13 px text, with a seal's image beside each name; read as 0.37°)
        tol = float(np.tan(np.radians(KEYSTONE_TOLERANCE_DEG))) / h
        change = (-tol, tol)
    return _fit_common_slope(x, y, g, v, mid, change)


def _refine_by_lines(layer: TextLayer, angle: float, quad: np.ndarray | None = None,
                     sides: list[tuple] | None = None, flat: bool = False) -> float | None:
    """Refine a profile angle by the straight lines of the page (``_line_fit``).

    Returns the refined angle, or None when nothing could be fitted or the fit is poorly determined (standard
    error over ``MAX_FIT_ERR``: a few blurred blobs). A fit more than a degree from the profile's angle is taken
    only when, done again in the frame its own angle gives, it agrees with itself (within ``FIT_AGREEMENT``): the
    profile's peak can be more than a degree off on a page of a few lines of text, and rows grouped at the wrong
    angle fit a slope that the second fit does not confirm. None beyond ``MAX_FIT_JUMP``.
    """
    fit = _line_fit(layer, angle, quad, sides, flat)
    if quad is not None and fit is not None and sides is None:
        # evaluated at the middle of the outline, the slope of text on a part of the page only (a report's few lines
        # at its top) is an extrapolation of a change of slope with height: far less certain than the slope at the
        # text's own middle, it is not taken (seed 44's report photo: 1.59° read as 1.38° ± 0.26°, 1.57° ± 0.05°).
        # Not so where the outline's edges measure that change (``sides``)
        own = _line_fit(layer, angle)
        if own is not None and fit[1] > EXTRAPOLATION_MAX_ERR_RATIO * own[1]:
            fit, quad = own, None
    if fit is None or fit[1] > MAX_FIT_ERR:
        return None
    residual = fit[0]
    if abs(residual) <= 1.0:
        return angle + residual
    if abs(residual) > MAX_FIT_JUMP:
        return None
    again = _line_fit(layer, angle + residual, quad, sides, flat)
    if again is None or again[1] > MAX_FIT_ERR or abs(again[0]) > FIT_AGREEMENT:
        return None
    return angle + residual + again[0]


def _along_rows(deg: float, along: float) -> float:
    """A direction (degrees, either way along a line) taken the way that runs within 90° of ``along``."""
    return (deg - along + 90.0) % 180.0 - 90.0 + along


def outline_angle(gray: np.ndarray, quad: np.ndarray, along: float) -> float | None:
    """The mean angle (degrees, image coordinates) of the two sides of the page's outline ``quad`` that run within
    45° of ``along`` (``outline_sides``), or None."""
    sides = outline_sides(gray, quad, along)
    return _sides_angle(sides, along) if sides is not None else None


def _sides_angle(sides: list[tuple], along: float) -> float:
    """The mean angle (degrees, image coordinates) of two sides (``outline_sides``) that run along ``along``."""
    return float(np.mean([_along_rows(float(np.degrees(np.arctan2(d[1], d[0]))), along) for _, d, *_ in sides]))


def outline_sides(gray: np.ndarray, quad: np.ndarray, along: float, strict: bool = False) -> list[tuple] | None:
    """The two sides of the page's outline ``quad`` that run within 45° of ``along``, each as a point on it (near
    its middle), its direction, the angle (degrees) it was turned by from the outline's side, and the spread (RMS,
    pixels) of its points about it, measured in ``gray`` from the image's edge across the middle of the side.

    The outline's corners are approximate (a card's rounded corner is cut obliquely), so each side is measured
    again: across its middle ``OUTLINE_SPAN`` of its length, at ``OUTLINE_SAMPLES`` points, the strongest step of
    the grey level within ``OUTLINE_BAND`` pixels of the side along its normal, and a line fitted to those points
    (Huber). None when the sides cannot be told apart or an edge is not found along one of them. ``strict``: a
    step at the band's end is no edge found (it is the edge of something beyond the band: an outline a card's
    rounded corners pulled off its side); otherwise it is taken (the ramp of a blurred edge runs past the band)."""
    g = cv2.GaussianBlur(gray, (3, 3), 0).astype(np.float32)
    sides = []
    for i in range(4):
        a, b = quad[i].astype(np.float64), quad[(i + 1) % 4].astype(np.float64)
        d = b - a
        length = float(np.hypot(*d))
        if length < 20:
            return None
        side_deg = _along_rows(float(np.degrees(np.arctan2(d[1], d[0]))), along)
        if abs(side_deg - along) >= 45.0:
            continue
        u = d / length
        n = np.array([-u[1], u[0]])
        t = np.linspace(0.5 - OUTLINE_SPAN / 2, 0.5 + OUTLINE_SPAN / 2, OUTLINE_SAMPLES)
        s = np.arange(-OUTLINE_BAND, OUTLINE_BAND + 1, dtype=np.float64)
        px = a[0] + t[:, None] * d[0] + s[None, :] * n[0]
        py = a[1] + t[:, None] * d[1] + s[None, :] * n[1]
        prof = cv2.remap(g, px.astype(np.float32), py.astype(np.float32), cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
        step = np.abs(np.diff(prof, axis=1))
        k = np.argmax(step, axis=1)
        ok = step[np.arange(len(k)), k] >= OUTLINE_MIN_STEP
        if strict:
            ok &= (k > 0) & (k < step.shape[1] - 1)
        if ok.sum() < OUTLINE_SAMPLES // 2:
            return None
        # between the two samples of the step, to a fraction of a pixel: the vertex of the parabola through the
        # step and its neighbours (the edge's blur spreads it over a few samples)
        rows = np.arange(len(k))
        km, kp = np.maximum(k - 1, 0), np.minimum(k + 1, step.shape[1] - 1)
        s0, s1, s2 = step[rows, km], step[rows, k], step[rows, kp]
        curve = s0 - 2 * s1 + s2
        frac = np.where((curve < 0) & (km < k) & (kp > k), 0.5 * (s0 - s2) / np.where(curve < 0, curve, -1.0), 0.0)
        off = (k + 0.5 + np.clip(frac, -0.5, 0.5))[ok] - OUTLINE_BAND
        pts = np.stack([px[ok, OUTLINE_BAND] + off * n[0], py[ok, OUTLINE_BAND] + off * n[1]], axis=1)
        vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        turn = abs(_along_rows(float(np.degrees(np.arctan2(vy, vx))), along) - side_deg)
        spread = float(np.sqrt(np.mean(((pts[:, 0] - x0) * vy - (pts[:, 1] - y0) * vx) ** 2)))
        sides.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64), turn, spread))
    return sides if len(sides) == 2 else None


def measure_skew(layer: TextLayer, max_angle: float = 15.0, quad: np.ndarray | None = None,
                 gray: np.ndarray | None = None) -> tuple[float | None, float | None, bool]:
    """(skew in degrees, positive = page turned counter-clockwise; quarter-turn ratio; whether the line fit
    refined the angle: without it, on a blurred page, the profile's angle may be off by a degree or two).

    Text lines of a page turned counter-clockwise by ``a`` degrees run at
    ``-a`` in image coordinates (y down); the search finds the rotation that
    makes the row profile of the text pixels sharpest, and the fit of the text
    runs and the document's lines refines it (``quad``: the page's outline in
    a photo, whose middle the skew is measured at; where no line could be
    fitted, the angle of the outline's sides in ``gray``, the work copy's
    grey, when given: ``outline_angle``; so too, as the only measure, on a
    photo with too little text left to read lines from; where the outline's top and bottom edges are
    measured, its keystone: the change of the lines' slope with height, ``_line_fit``). The ratio compares the
    sharpest column profile with the sharpest row profile: well above 1, the
    lines run vertically (the page is turned a quarter).
    """
    pts = _points(layer)
    if len(pts) < MIN_SKEW_POINTS:
        # too little text to tell which way the lines run (a page blurred until only specks of its text remain):
        # in a photo, the sides of the page's outline nearest the image's rows still give its tilt
        side = outline_angle(gray, quad, 0.0) if quad is not None and gray is not None else None
        return (round(-side, 2) + 0.0 if side is not None else None), None, False
    best, score = _best_angle(pts, max_angle)
    _, score_q = _best_angle(pts[:, ::-1].copy(), max_angle, fine=False)
    score = _profile_score(pts[::3] if len(pts) > 6000 else pts, best)  # compare on the same sample
    # in a photo, the page's top and bottom edges (their change of slope with height bounds the lines'), where
    # they run with the text: an outline at another angle is not the page's (a desk's edge, a card's lost side)
    sides = outline_sides(gray, quad, best, strict=True) if quad is not None and gray is not None else None
    if sides is not None and any(turn > KEYSTONE_MAX_TURN_DEG or spread > KEYSTONE_MAX_SPREAD_PX
                                 for _, _, turn, spread in sides):
        sides = None
    edges = sides  # the page's top and bottom edges, measured as a page's edges, at whatever angle
    if sides is not None and abs(_sides_angle(sides, best) - best) > KEYSTONE_MAX_DISAGREEMENT_DEG:
        sides = None
    # a page with paper all along the image's border and no outline (a scan on its bed, or a page filling a
    # capture): no keystone. (Without an outline on a desk, a photo's page lost under a shadow may have one.)
    flat = quad is None and gray is not None and _border_bright_share(gray) >= BRIGHT_BORDER
    refined = _refine_by_lines(layer, best, quad, sides, flat)
    if refined is None and quad is not None:
        # evaluated at the middle of the outline, a slope fitted to change with height over a few lines of text is
        # an extrapolation (seed 33's ID card at 13.6°: 11.5°, then 10.9° in its own frame, rejected, and the
        # outline's 12.4° taken): the text's lines at their own middle
        refined = _refine_by_lines(layer, best, sides=sides)
        if refined is not None and sides is not None and \
                abs(refined - _sides_angle(sides, best)) > KEYSTONE_MAX_DISAGREEMENT_DEG:
            # nor where it leaves the page's edges, which agree with the profile: a few lines of text at their own
            # middle fit less surely than those edges are measured (seed 133's cover, a title, a line under it and a
            # field pasted over them: 1.04° ± 0.37° for a cover at -0.27°, its edges and the profile at -0.2°)
            refined = None
    if refined is None and edges is not None and sides is None:
        # the profile's peak far from the page's edges, and no line fitted near it: a few short rows of text (glare
        # wiped out the rest) can line up sharper at a wrong angle than at their own (seed 99's business licence at
        # 1.04°, its labels' column left: the profile 2.8° off). The lines are fitted again at the edges' angle, and
        # taken where they agree with the edges
        along = _sides_angle(edges, best)
        again = _refine_by_lines(layer, along, quad, edges)
        if again is not None and abs(again - along) <= KEYSTONE_MAX_DISAGREEMENT_DEG:
            refined = again
    if refined is None and (taller := taller_text(layer)) is not None:
        # no line fitted among components of the layer's commonest height: where a second, taller kind is common,
        # the commonest may be a desk's specks (seed 111's ID card, black and white, on a dithered desk: its
        # specks' rows lined up sharpest 4° off), and the characters' lines are fitted instead
        tall_pts = _points(taller)
        if len(tall_pts) >= MIN_SKEW_POINTS:
            tall_best, _ = _best_angle(tall_pts, max_angle)
            refined = _refine_by_lines(taller, tall_best, quad, sides, flat)
    if refined is not None:
        best = refined
    elif quad is not None and gray is not None:
        # no line fitted (a strongly blurred page): the sides of the page's outline in a photo are still straight
        # edges, and closer to the truth than the profile's peak (within 0.37° of it on the 16 upright such pages
        # of three corpora, where the profile strayed up to 1.62°); still not a fit of the page's lines (the
        # outline may be a desk's edge): the skew stays uncertain near the limit
        side = outline_angle(gray, quad, best)
        if side is not None and abs(side - best) <= MAX_FIT_JUMP:
            best = side
    # a page turned counter-clockwise has text rows at a negative image angle
    return round(-best, 2) + 0.0, round(score_q / score, 3), refined is not None


def measure_run_ratio(layer: TextLayer) -> float | None:
    """Text components left when gaps of 0.6 text heights are closed along the rows, over those left when they
    are closed along the columns: below 1 when the characters stand closer along the rows than the lines do (the
    page is upright or upside down), above 1 on a page turned a quarter. A table's aligned columns or a desk's
    grain along the page's sides sharpen the column profile of ``measure_skew`` without changing which way the
    text runs. None without text."""
    if not len(layer.heights):
        return None
    m = layer.line_mask.view(np.uint8)
    k = max(3, round(0.6 * float(np.median(layer.heights))))
    along_rows = cv2.connectedComponents(cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((1, k), np.uint8)))[0] - 1
    along_cols = cv2.connectedComponents(cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((k, 1), np.uint8)))[0] - 1
    return round(along_rows / along_cols, 3) if along_cols > 0 else None


# ---------------------------------------------------------------- editing
def edited_by(meta: ImageMeta, patterns: list[str]) -> str | None:
    """The first editing tool the metadata names, or None."""
    for text in meta.software:
        for pat in patterns:
            m = re.search(pat, text, flags=re.IGNORECASE)
            if m:
                return m.group(0)
    return None


@lru_cache(maxsize=None)
def _preset_tables(name: str) -> tuple[tuple[int, ...], ...]:
    """The quantization tables a Photoshop quality preset writes (Pillow's JpegPresets), as read back."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buf, "JPEG", quality=name)
    q = Image.open(io.BytesIO(buf.getvalue())).quantization
    return tuple(tuple(q[k]) for k in sorted(q))


def editor_tables(meta: ImageMeta, presets: list[str]) -> str | None:
    """The editor preset whose JPEG quantization tables the image carries, or None."""
    if not meta.quantization or len(meta.quantization) < 2:
        return None
    tables = tuple(tuple(meta.quantization[k]) for k in sorted(meta.quantization))[:2]
    for name in presets:
        if _preset_tables(name)[:2] == tables:
            return name
    return None


# ---------------------------------------------------------------- composition
@dataclass
class ScanContext:
    file: str
    page: int
    on: date | None = None
    scope: str | None = None


@dataclass
class Prepared:
    """What every check of a page starts from: the work copy, its grey, the text layer (of the page's outline in
    a photo, of the inverted image on a dark cover) and the luminance histogram of the page."""

    small: np.ndarray
    gray: np.ndarray
    layer: TextLayer
    quad: np.ndarray | None
    mask: np.ndarray | None
    hist: np.ndarray
    dark_page: bool


def prepare(image: np.ndarray) -> Prepared:
    """The work copy of ``image`` and what is measured on it before any check (see ``Prepared``)."""
    small = _work_copy(image)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    layer = text_layer(gray)
    quad = find_page(gray, layer)
    if quad is not None:  # in a photo, what lies on the desk around the page is not the page's text
        layer = on_page(layer, quad)
    mask = page_mask(gray.shape, quad)
    # light print on a dark page (a certificate's cover): the text is what stands out from the page, so the
    # text layer is taken from the inverted image. On paper most of the page is brighter than halfway between
    # its darkest and brightest levels (however dim the capture); on a cover most of it is darker.
    hist = _histogram(gray, mask)  # of the page's luminance: shared by polarity, exposure and the glare gate
    cum = np.cumsum(hist)
    lo, hi = (int(np.searchsorted(cum, q * cum[-1])) for q in (0.02, 0.98))
    # (a light card on a dark desk, its outline not found, also darkens most of the image: the inverted layer is
    # kept only if it holds more characters)
    dark_page = False
    if hi - lo > 40 and cum[(lo + hi) // 2] / cum[-1] > DARK_PAGE_SHARE:
        inverted = text_layer(cv2.bitwise_not(gray))
        if quad is not None:
            inverted = on_page(inverted, quad)
        if int(inverted.line_mask.sum()) > int(layer.line_mask.sum()):
            layer, dark_page = inverted, True
    return Prepared(small, gray, layer, quad, mask, hist, dark_page)


def _skew_finding(f, g, skew: float | None, fitted: bool, blurred: bool = False):
    """The SCAN_SKEW finding of a measured skew (``f``, ``g``: ``check_page``'s finding maker and parameter getter;
    ``blurred``: the page failed SCAN_CLARITY)."""
    smax = g("skew.max_abs_deg")
    if skew is None:
        return f("SCAN_SKEW", "warn", None, smax, "skew.max_abs_deg", variant="no_text")
    direction_zh = "逆时针" if skew > 0 else "顺时针"
    direction_en = "counter-clockwise" if skew > 0 else "clockwise"
    if abs(skew) > smax and not fitted and (blurred or abs(skew) <= smax + g("skew.unfitted_margin_deg")):
        # no line could be fitted: the profile's angle is not precise enough to tell. On a page too blurred to pass
        # SCAN_CLARITY, whatever the angle: there the profile of the blurred rows' blobs strays by degrees with the
        # page's size (seed 155's blurred ID card: 0.01°, 3.2° and 0.65° with its work copy 900, 800 and 850 pixels
        # wide, for a true -0.17°), and the page is to be taken again anyway
        return f("SCAN_SKEW", "warn", skew, smax, "skew.unfitted_margin_deg", variant="uncertain",
                 angle=abs(skew), direction_zh=direction_zh, direction_en=direction_en)
    return f("SCAN_SKEW", "pass" if abs(skew) <= smax else "fail", skew, smax, "skew.max_abs_deg",
             angle=abs(skew), direction_zh=direction_zh, direction_en=direction_en)


def _percent(fraction: float) -> str:
    """A share as a percentage for a message: one decimal from 1 % up, two significant digits below (a page's colour
    is often a few hundredths of a percent: "0.029%", not "0.0%")."""
    pct = fraction * 100
    return f"{pct:.1f}" if pct >= 1 or pct == 0 else f"{pct:.2g}"


def _makers(ctx: ScanContext, params: ParameterSet | None):
    """``check_page``'s parameter getter and finding maker for ``ctx``."""
    p = params or load_parameters("scan")

    def g(name: str):
        return p.get(name, ctx.on, ctx.scope)

    def f(code: str, status: str, value, threshold, param: str, **fmt):
        return finding(code, status, value, threshold, p.cite(param, ctx.on, ctx.scope), file=ctx.file, page=ctx.page,
                       **fmt)

    return g, f


def check_skew(image: np.ndarray, ctx: ScanContext, params: ParameterSet | None = None, blurred: bool = False):
    """The SCAN_SKEW finding of a page ``check_page`` took for turned a quarter (and reported no skew for) when
    reading its text showed it upright after all (``blurred``: the page failed SCAN_CLARITY)."""
    g, f = _makers(ctx, params)
    prep = prepare(image)
    skew, _, fitted = measure_skew(prep.layer, g("skew.search_range_deg"), prep.quad, prep.gray)
    return _skew_finding(f, g, skew, fitted, blurred)


def check_page(image: np.ndarray, meta: ImageMeta, ctx: ScanContext, params: ParameterSet | None = None) -> list:
    """Run every scan check on one page image; returns findings in a fixed order."""
    g, f = _makers(ctx, params)

    prep = prepare(image)
    small, gray, layer, quad, mask, hist, dark_page = (prep.small, prep.gray, prep.layer, prep.quad, prep.mask,
                                                       prep.hist, prep.dark_page)
    out = []

    frac = measure_colour(small, g("colour.chroma_min"), mask)
    need = g("colour.min_coloured_fraction")
    if need <= frac < REGISTRATION_MAX_COLOUR:  # little colour: is it the fringes of channels out of register?
        maps = channel_misregistration(small)
        if maps:
            frac = min(frac, measure_colour(in_register(small, maps), g("colour.chroma_min"), mask))
    out.append(f("SCAN_COLOUR", "pass" if frac >= need else "fail", round(frac, 5), need, "colour.min_coloured_fraction",
                 pct=_percent(frac)))

    exp = measure_exposure(gray, mask, hist)
    ink_max, paper_min = g("exposure.ink_max"), g("exposure.paper_min")
    thr = {"ink_max": ink_max, "paper_min": paper_min}
    work_scale = small.shape[0] / image.shape[0]
    text_h = measure_text_height(layer, work_scale)
    hmin = g("resolution.min_text_height_px")
    if dark_page:  # light print on a dark cover cannot fade into paper: a reflection washes out the cover instead
        glare, cover_glare = {"fade": 0.0, "area": 0.0}, measure_cover_glare(gray, layer, mask,
                                                                             g("exposure.glare_min_area"), small)
    else:
        glare = measure_glare(gray, layer, mask, g("exposure.glare_min_area"), hist, small,
                              g("exposure.glare_min_clipped"), g("colour.chroma_min"))
        cover_glare = {"wash": 0.0, "area": 0.0}
    fade_max, wash_max = g("exposure.glare_max_fade"), g("exposure.cover_glare_max_wash")
    thr["glare_max_fade"] = fade_max
    # clarity first: blur spreads thin strokes over the paper and lightens them as over-exposure does
    sharp = measure_clarity(image if small is not image else gray, layer, work_scale, g("clarity.text_height_px"), gray,
                            exp["paper"] - exp["ink"])
    smin = g("clarity.min_edge_sharpness")
    blurred = not np.isnan(sharp) and sharp < smin
    if exp["ink"] > ink_max and blurred:
        out.append(f("SCAN_EXPOSURE", "warn", exp, {**thr, "min_edge_sharpness": smin}, "exposure.ink_max",
                     variant="blurred", **exp))
    elif exp["ink"] > ink_max:
        out.append(f("SCAN_EXPOSURE", "fail", exp, thr, "exposure.ink_max", variant="over", **exp))
    elif exp["paper"] < paper_min:
        out.append(f("SCAN_EXPOSURE", "fail", exp, thr, "exposure.paper_min", variant="under", **exp))
    elif cover_glare["wash"] > wash_max:
        out.append(f("SCAN_EXPOSURE", "fail", {**exp, "glare": cover_glare}, {**thr, "cover_glare_max_wash": wash_max},
                     "exposure.cover_glare_max_wash", variant="cover_glare", **exp,
                     glare_pct=round(cover_glare["area"] * 100, 1)))
    elif glare["fade"] > fade_max and text_h is not None and text_h < hmin:
        # text below the resolution minimum (SCAN_RESOLUTION fails, or on a blurred page warns) has strokes a pixel
        # or less wide, lightened by the capture's resampling wherever the light falls: there its fading around a
        # bright spot may be glare or not (seed 21's low-resolution tax certificate, no glare: 0.51; glare on such
        # pages: 0.47-0.61)
        out.append(f("SCAN_EXPOSURE", "warn", {**exp, "glare": glare}, {**thr, "min_text_height_px": hmin},
                     "exposure.glare_max_fade", variant="glare_uncertain", **exp, text_h=text_h,
                     glare_pct=round(glare["area"] * 100, 1)))
    elif glare["fade"] > fade_max:
        out.append(f("SCAN_EXPOSURE", "fail", {**exp, "glare": glare}, thr, "exposure.glare_max_fade",
                     variant="glare", **exp, glare_pct=round(glare["area"] * 100, 1)))
    else:
        # lit in part: a shadow over the page (the phone's, a hand's) darkens a large part of it, and the text there,
        # below the paper level the whole page is held to, while the lit part keeps the whole-page levels fine
        shadow = (measure_shadow(gray, mask, quad, paper_min, g("exposure.shadow_min_lit_share")) if not dark_page
                  else {"text": 0.0, "area": 0.0})
        min_area, min_text = g("exposure.shadow_min_area"), g("exposure.shadow_min_text_share")
        max_text = g("exposure.shadow_max_text_share")
        large = shadow["area"] >= min_area and shadow["text"] >= min_text  # a large part of the page, with text
        if large or shadow["text"] > max_text:  # or, however small, much of the text
            out.append(f("SCAN_EXPOSURE", "fail", {**exp, "shadow": shadow},
                         {**thr, "shadow_min_area": min_area, "shadow_min_text_share": min_text,
                          "shadow_max_text_share": max_text},
                         "exposure.shadow_min_area" if large else "exposure.shadow_max_text_share", variant="shadow",
                         **exp, area_pct=round(shadow["area"] * 100), text_pct=round(shadow["text"] * 100),
                         shadow_paper=round(shadow["paper"])))
        else:
            out.append(f("SCAN_EXPOSURE", "pass", exp, thr, "exposure.ink_max", **exp))
    exposure, washed = out[-1], g("colour.washed_out_min_fraction")
    if exposure.status == "fail" and washed <= frac < need:
        # over-exposure, glare and darkness wash a page's colour out too: a little colour left on such a page is no
        # proof that it was captured in grayscale (seed 44's glare across a form's seal: 0.00029 left)
        out[0] = f("SCAN_COLOUR", "warn", round(frac, 5), {"min_coloured_fraction": need, "washed_out_min_fraction":
                   washed}, "colour.washed_out_min_fraction", variant="washed_out", pct=_percent(frac))

    if np.isnan(sharp):
        out.append(f("SCAN_CLARITY", "warn", None, smin, "clarity.min_edge_sharpness", variant="no_text"))
    else:
        out.append(f("SCAN_CLARITY", "pass" if sharp >= smin else "fail", sharp, smin, "clarity.min_edge_sharpness"))

    if text_h is not None and not np.isnan(sharp) and sharp < smin:
        # blur breaks the strokes into fragments: their height says nothing about the resolution
        out.append(f("SCAN_RESOLUTION", "warn", text_h, hmin, "resolution.min_text_height_px", variant="blurred"))
    elif text_h is not None:
        out.append(f("SCAN_RESOLUTION", "pass" if text_h >= hmin else "fail", text_h, hmin,
                     "resolution.min_text_height_px"))

    skew, quarter, fitted = measure_skew(layer, g("skew.search_range_deg"), quad, gray)
    qmax = g("orientation.max_quarter_ratio")
    turned = False
    if quarter is not None:
        # the profile's doubt is settled by which way the text runs (only then: the runs cost two closings)
        runs = measure_run_ratio(layer) if quarter > qmax else None
        rmax = g("orientation.max_run_ratio")
        turned = runs is not None and runs > rmax
        value = {"profile_ratio": quarter, "run_ratio": runs} if runs is not None else quarter
        out.append(f("SCAN_ORIENTATION", "fail" if turned else "pass", value,
                     {"max_quarter_ratio": qmax, "max_run_ratio": rmax} if runs is not None else qmax,
                     "orientation.max_run_ratio" if turned else "orientation.max_quarter_ratio",
                     variant="quarter" if turned else None))
    if not turned:
        out.append(_skew_finding(f, g, skew, fitted, blurred))

    if quad is not None:
        bend = round(max(abs(a - 90.0) for a in corner_angles(quad)), 1)
        pmax = g("perspective.max_corner_deviation_deg")
        out.append(f("SCAN_PERSPECTIVE", "warn" if bend > pmax else "pass", bend, pmax,
                     "perspective.max_corner_deviation_deg"))

    cut = measure_cut_sides(gray, layer, g("cropped.min_edge_density"), g("cropped.min_cut_components"),
                            g("cropped.min_crossing_lines"), quad, g("cropped.min_page_clearance"),
                            g("cropped.max_speck_share"))
    sides_zh = "、".join({"top": "上", "bottom": "下", "left": "左", "right": "右"}[x] for x in cut)
    out.append(f("SCAN_CROPPED", "fail" if cut else "pass", cut, "no side cut", "cropped.min_edge_density",
                 sides_zh=sides_zh, sides_en=", ".join(cut)))

    tool = edited_by(meta, g("edited.editor_patterns"))
    threshold = "no editing software in metadata, no editor's quantization tables"
    if tool:
        out.append(f("SCAN_EDITED", "fail", tool, threshold, "edited.editor_patterns", tool=tool))
    else:
        preset = editor_tables(meta, g("edited.editor_quant_presets"))
        if preset:
            out.append(f("SCAN_EDITED", "fail", f"Photoshop quantization tables ({preset})", threshold,
                         "edited.editor_quant_presets", variant="tables", preset=preset))
        else:
            out.append(f("SCAN_EDITED", "pass", None, threshold, "edited.editor_patterns"))
    return out
