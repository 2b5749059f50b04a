"""Text under a red seal: what remains of the seal in the red channel is lifted to paper white.

``pipeline.run.ocr_input`` gives OCR the red channel, where a red seal turns a
light grey while black text under it stays dark. The grey ring and star still
cut through characters (the 二〇 of a date under a school's seal was dropped).
Values between the ink and the paper are stretched so that anything lighter
than ``LIFT`` of the way from ink to paper becomes paper: the seal's remnants
vanish, text keeps its strokes. The seal itself is detected separately on the
colour image (the application form's seal check, ``FORM_SEAL_MISSING``).
"""

from __future__ import annotations

import numpy as np

#: Share of the way from the ink level to the paper level above which a pixel is paper (a seal's red-channel
#: remnant sits at about 0.83 of the way on the rendered certificates; text ink and its antialiasing below 0.5).
LIFT = 0.75
#: Pages smaller than this (long side, pixels) are left alone: their text is thin and grey, and lifting would
#: erase strokes rather than a seal (a downscaled ID card photo lost most of its fields).
MIN_SIDE = 1000


def is_single_channel(image: np.ndarray) -> bool:
    """Whether a 3-channel image carries one channel three times (the red-channel OCR input)."""
    if image.ndim == 2:
        return True
    sample = image[:: max(1, image.shape[0] // 64), :: max(1, image.shape[1] // 64)]
    return bool(np.array_equal(sample[..., 0], sample[..., 1]) and np.array_equal(sample[..., 1], sample[..., 2]))


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
