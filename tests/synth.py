"""Synthetic test documents (rendered with samples.docgen) as BGR arrays and encoded files."""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image

from samples import docgen as g

PERSON = g.make_person("张伟", True, (1996, 3, 7), "330106", "浙江省杭州市西湖区文三路100号3幢2单元501室", "杭州市公安局西湖分局")
EDU = g.Education("浙江科技大学", "10336", "计算机科学与技术", "本科", 4, (2014, 9), (2018, 6))


@lru_cache(maxsize=None)
def raw(kind: str) -> Image.Image:
    """The document itself, edge to edge."""
    makers = {
        "id_front": lambda: g.id_card_front(PERSON),
        "id_back": lambda: g.id_card_back(PERSON),
        "graduation": lambda: g.graduation_certificate(PERSON, EDU),
        "form": lambda: g.application_form(g.FormData(PERSON, EDU, "杭州云栖科技有限公司")),
        "labour": lambda: g.labour_contract(PERSON, "杭州云栖科技有限公司", (2022, 7, 1), 3),
    }
    return makers[kind]()


@lru_cache(maxsize=None)
def doc(kind: str) -> Image.Image:
    """The document on a scanner bed."""
    return g.on_scanner_bed(raw(kind))


def desk_texture(kind: str, w: int, h: int, seed: int = 0) -> np.ndarray:
    """A desk's surface (BGR float): ``wood`` (wavy grain), ``fabric`` (a fine weave), ``stone`` (speckled granite)
    or ``plain``."""
    import cv2

    rs = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    noise = lambda sigma: cv2.GaussianBlur(rs.normal(0, 1, (h, w)).astype(np.float32), (0, 0), sigma)  # noqa: E731
    if kind == "wood":
        grain = np.sin((yy + noise(25) * 400) / 9 + xx * 0.002) * 22 + noise(1.0) * 8
        return np.clip(np.float32([60, 100, 150]) + grain[:, :, None] * np.float32([0.6, 0.8, 1.0]), 0, 255)
    if kind == "fabric":
        weave = noise(1.2) * 60 + np.sin(xx * 1.3) * np.sin(yy * 1.3) * 15
        return np.clip(np.float32([120, 110, 100]) + weave[:, :, None], 0, 255)
    if kind == "stone":
        level = np.full((h, w), 150, np.float32)
        u = rs.random((h, w))
        level[u < 0.08], level[u > 0.95] = 40, 230
        return np.repeat(cv2.GaussianBlur(level, (0, 0), 1.0)[:, :, None], 3, axis=2)
    return np.full((h, w, 3), (90, 90, 95), np.float32)


def on_desk(img: Image.Image, texture: str, seed: int = 0, angle: float = 0.5, cut: str | None = None,
            cut_fraction: float = 0.15) -> Image.Image:
    """A phone photo of ``img`` on a desk of ``texture``: 12 % of desk around it, turned by ``angle``, uneven
    light, sensor noise; ``cut``: the side where the photo's edge runs through the document."""
    import cv2

    rs = np.random.default_rng(seed)
    w, h = img.size
    pad = int(max(w, h) * 0.12)
    W, H = w + 2 * pad, h + 2 * pad
    arr = desk_texture(texture, W, H, seed)
    arr[pad:pad + h, pad:pad + w] = bgr(img).astype(np.float32)
    arr = cv2.warpAffine(arr, cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0), (W, H), borderMode=cv2.BORDER_REFLECT)
    if cut:
        fw, fh = int(pad + cut_fraction * w), int(pad + cut_fraction * h)
        arr = {"left": arr[:, fw:], "right": arr[:, :W - fw], "top": arr[fh:], "bottom": arr[:H - fh]}[cut]
    H, W = arr.shape[:2]
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    arr = arr * (1.04 - 0.22 * np.sqrt(((xx - 0.3 * W) / W) ** 2 + ((yy - 0.4 * H) / H) ** 2))[:, :, None]
    arr = cv2.GaussianBlur(arr, (0, 0), 0.6) + rs.normal(0, 2.5, arr.shape)
    return jpeg_roundtrip(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)[:, :, ::-1]), 92)


def jpeg_roundtrip(img: Image.Image, quality: int = 88) -> Image.Image:
    return Image.open(io.BytesIO(g.jpeg_bytes(img, quality))).convert("RGB")


def bgr(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))[:, :, ::-1].copy()
