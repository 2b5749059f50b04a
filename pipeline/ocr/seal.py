"""Text under a red seal: the page OCR reads, with the seal taken out and the text under it kept.

OCR reads the red channel, where a red seal turns light while black text stays dark. That alone
leaves remnants that cut through the characters under a school's seal (二〇一四年 was read as
〇一四年, 三十日 as 二十日):

* JPEG stores colour at half resolution, so at the edges of the seal's strokes the red channel is
  rebuilt too dark: the ring, star and seal characters come back as dark outlines;
* ink laid over print hides part of the strokes under it in the red channel (the corpus paints its
  seals over the text at 85 % opacity; real stamp ink mostly lets black print show through).

``seal_free_red`` (what ``pipeline.run.ocr_input`` should give OCR instead of the bare red channel)
therefore redraws each round red seal from the colour image: inside the seal's disc, what is dark
and not red (text strokes, black under red) and what lies within ``RADIUS`` pixels of it is kept
(the darker of the red and green channels, so a stroke crossed by the ring stays whole), everything
else becomes the disc's paper level. A seal is found by its colour (pure red: red high, green and
blue low and alike, so skin, brown frames, gold print and warm light are not red; a reddish tint of
the whole page raises the bar) and its shape (a round mark of seal size whose ink reaches the edge
of its box all round and leaves its centre mostly open: ring and star). Red print that is not
round (a title, a rule), filled red marks (a face, an emblem), covers and pages without colour are
left as the red channel shows them.

``lift_seal`` then stretches the single-channel page so that light-grey remnants (what a seal leaves
in the red channel where it was not redrawn, such as an oval seal or a scan in faded colour) become
paper. The seal itself is detected separately on the colour image (the application form's seal check,
``FORM_SEAL_MISSING``).
"""

from __future__ import annotations

import cv2
import numpy as np

#: Share of the way from the ink level to the paper level above which a pixel is paper (a seal's red-channel
#: remnant sits at about 0.83 of the way on the rendered certificates; text ink and its antialiasing below 0.5).
LIFT = 0.75
#: Pages smaller than this (long side, pixels) are left alone: their text is thin and grey, and lifting would
#: erase strokes rather than a seal (a downscaled ID card photo lost most of its fields).
MIN_SIDE = 1000

#: Least redness (red - 2·max(green, blue) + min(green, blue), above the page's reddish cast) of a seal's ink:
#: the rendered seals reach about 130-145, faded-colour scans of them 40-55, skin and warm light stay below 20.
MIN_REDNESS = 30
#: A seal's disc: longest side between these shares of the page (its long side, its short side), and about round.
SEAL_SIZE = (0.07, 0.5)
SEAL_ASPECT = (0.75, 1.33)
#: Share of the directions in which a seal's ring is found at the edge of its box (text printed across it, a
#: stamp pressed unevenly and JPEG may break it here and there).
RING_SHARE = 0.6
#: Most of the disc within half a seal's radius that its ink covers (the star; a filled red disc is no seal).
MAX_CENTRE = 0.4
#: Inside a seal, a text stroke is darker than this share of the paper level in the red channel (a rendered
#: seal's ink is at 0.85, a faded one at 0.58 but red) and not red.
CORE = 0.65
#: Red next to a stroke is print under the seal's ink when darker than the seal by this share of the way to paper.
UNDER = 0.15
#: Pixels this close to a text stroke keep their darkness (antialiasing, and the stroke where the ring crosses it).
RADIUS = 3


def is_single_channel(image: np.ndarray) -> bool:
    """Whether a 3-channel image carries one channel three times (the red-channel OCR input)."""
    if image.ndim == 2:
        return True
    sample = image[:: max(1, image.shape[0] // 64), :: max(1, image.shape[1] // 64)]
    return bool(np.array_equal(sample[..., 0], sample[..., 1]) and np.array_equal(sample[..., 1], sample[..., 2]))


def redness(image_bgr: np.ndarray) -> np.ndarray:
    """How purely red each pixel is: red above the larger of green and blue, less their difference (int16).

    Seal red (205, 30, 35) scores about 140, black, grey and white 0, skin, brown and gold low or below zero."""
    b, g, r = (image_bgr[..., k].astype(np.int16) for k in range(3))
    hi = np.maximum(g, b)
    return r - 2 * hi + np.minimum(g, b)


def find_seals(image_bgr: np.ndarray) -> tuple[list[tuple[int, int, int, int]], float, float]:
    """Boxes (x0, y0, x1, y1) of the round red marks of seal size, with the page's redness cast and peak."""
    h, w = image_bgr.shape[:2]
    step = max(1, max(h, w) // 1000)
    red = redness(image_bgr[::step, ::step])
    # the tint of the whole page (warm or cold light, pink or bluish paper), not a coloured cover's own colour
    cast = float(np.clip(np.median(red), -MIN_REDNESS, MIN_REDNESS))
    clearly = red > cast + MIN_REDNESS
    if clearly.sum() < 50:
        return [], cast, 0.0
    peak = float(np.percentile(red[clearly], 75)) - cast  # how red this page's red ink is (faded or not)
    mask = cv2.morphologyEx(((red - cast) > 0.4 * peak).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = []
    for k in np.argsort(-stats[1:n, cv2.CC_STAT_AREA]) + 1:
        x, y, bw, bh = (int(v) for v in stats[k, :4])
        if max(bw, bh) * step < SEAL_SIZE[0] * max(h, w) or any(_inside((x, y, x + bw, y + bh), b) for b in boxes):
            continue
        # the pieces of a ring that print crossing it cut off, and the seal's characters, join it
        mx, my = 0.15 * bw, 0.15 * bh
        near = [j for j in range(1, n) if stats[j, 4] <= stats[k, 4] and _overlap(
            tuple(stats[j, :2]) + tuple(stats[j, :2] + stats[j, 2:4]), (x - mx, y - my, x + bw + mx, y + bh + my))]
        x0, y0 = min(stats[j, 0] for j in near), min(stats[j, 1] for j in near)
        x1 = max(stats[j, 0] + stats[j, 2] for j in near)
        y1 = max(stats[j, 1] + stats[j, 3] for j in near)
        size = max(x1 - x0, y1 - y0) * step
        if SEAL_SIZE[0] * max(h, w) <= size <= SEAL_SIZE[1] * min(h, w) \
                and SEAL_ASPECT[0] <= (x1 - x0) / (y1 - y0) <= SEAL_ASPECT[1] \
                and _ring_share(comp := np.isin(labels[y0:y1, x0:x1], near)) >= RING_SHARE \
                and _centre_share(comp) <= MAX_CENTRE:
            boxes.append((int(x0 * step), int(y0 * step), int(x1 * step), int(y1 * step)))
    return boxes, cast, peak


def _centre_share(comp: np.ndarray) -> float:
    """Share of the central disc (half the radius) that the mark covers: a seal's star about an eighth, a face
    or a red emblem all of it."""
    bh, bw = comp.shape
    yy, xx = np.ogrid[:bh, :bw]
    inner = ((yy - (bh - 1) / 2) / (bh / 4)) ** 2 + ((xx - (bw - 1) / 2) / (bw / 4)) ** 2 <= 1
    return float(comp[inner].mean()) if inner.any() else 1.0


def _overlap(a, b) -> bool:
    """Whether boxes a and b (x0, y0, x1, y1) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a, b) -> bool:
    """Whether box a (x0, y0, x1, y1) lies within box b."""
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


def _ring_share(comp: np.ndarray) -> float:
    """Share of the directions from the centre of a mark's box in which the mark reaches its box's edge (its outer
    15 %): a seal's ring does all round, a letter or a red block of print only here and there."""
    bh, bw = comp.shape
    cy, cx = (bh - 1) / 2, (bw - 1) / 2
    angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    hit = np.zeros(len(angles), bool)
    for f in np.linspace(0.85, 1.0, 6):
        ys = np.clip(np.round(cy + f * cy * np.sin(angles)).astype(int), 0, bh - 1)
        xs = np.clip(np.round(cx + f * cx * np.cos(angles)).astype(int), 0, bw - 1)
        hit |= comp[ys, xs]
    return float(hit.mean())


def seal_free_red(image_bgr: np.ndarray) -> np.ndarray:
    """The red channel of a BGR page (three times, as OCR takes it), each round red seal redrawn without its ink."""
    if image_bgr.ndim == 2:
        return cv2.merge([image_bgr] * 3)
    red_ch = image_bgr[..., 2]
    seals, cast, peak = find_seals(image_bgr)
    if not seals:
        return cv2.merge([red_ch] * 3)
    out = red_ch.copy()
    h, w = out.shape
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * RADIUS + 1, 2 * RADIUS + 1))
    for x0, y0, x1, y1 in seals:
        m = max(4, round(0.06 * (x1 - x0)))  # the outline JPEG leaves just outside the ring
        X0, Y0, X1, Y1 = max(0, x0 - m), max(0, y0 - m), min(w, x1 + m), min(h, y1 + m)
        crop = image_bgr[Y0:Y1, X0:X1]
        r, g = crop[..., 2], crop[..., 1]
        disc = np.zeros(r.shape, np.uint8)
        cv2.ellipse(disc, ((x0 + x1) // 2 - X0, (y0 + y1) // 2 - Y0), ((x1 - x0) // 2 + m, (y1 - y0) // 2 + m),
                    0, 0, 360, 1, -1)
        inside = disc > 0
        paper = float(np.percentile(r[inside], 90))
        # redness averaged over a few pixels: JPEG's noise in a faded seal and the dark outline it leaves along the
        # seal's edges are ink, not text (a thin stroke of text beside the ring keeps its core)
        red = cv2.blur(redness(crop).astype(np.float32), (5, 5)) - cast
        core = (r < CORE * paper) & (red < 0.3 * peak)
        near = cv2.dilate(core.astype(np.uint8), kernel) > 0
        level = np.uint8(round(float(np.median(r[inside & ~near])) if (inside & ~near).any() else paper))
        # next to a stroke, red that is darker than the seal's own ink is print under it (the green channel shows
        # it); red as light as the seal is the seal beside the stroke (the red channel shows paper-like)
        y = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        inked = inside & (red >= 0.5 * peak)
        y_seal = float(np.median(y[inked])) if inked.any() else 0.0
        under = (red >= 0.3 * peak) & (y < y_seal - UNDER * (paper - y_seal))
        redrawn = np.where(near, np.where(under, np.minimum(r, g), r), level)
        out[Y0:Y1, X0:X1][inside] = redrawn[inside]
    return cv2.merge([out] * 3)


def lift_seal(image: np.ndarray) -> np.ndarray:
    """The single-channel page with light-grey remnants (a red seal in the red channel) pushed to paper white."""
    if max(image.shape[:2]) < MIN_SIDE or not is_single_channel(image):
        return image
    g = image if image.ndim == 2 else image[..., 0]
    small = g[:: max(1, g.shape[0] // 256), :: max(1, g.shape[1] // 256)]
    ink, paper = np.percentile(small, [1, 90])
    if paper - ink < 40:  # no contrast to work with (blank or very dark page)
        return image
    top = ink + LIFT * (paper - ink)
    lut = np.clip((np.arange(256, dtype=np.float32) - ink) * 255.0 / max(1.0, top - ink), 0, 255).astype(np.uint8)
    out = lut[g]
    return np.dstack([out, out, out]) if image.ndim == 3 else out
