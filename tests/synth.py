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


def on_desk(img: Image.Image, texture: str | None, seed: int = 0, angle: float = 0.5, cut: str | None = None,
            cut_fraction: float = 0.15) -> Image.Image:
    """A phone photo of ``img`` on a desk of ``texture`` (``samples.corpus.desk_texture``, None: plain): 12 % of desk around it, turned by ``angle``, uneven
    light, sensor noise; ``cut``: the side where the photo's edge runs through the document."""
    import cv2

    from samples.corpus import desk_texture

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
