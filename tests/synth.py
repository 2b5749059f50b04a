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


def halftone_copy(img: Image.Image, period: float) -> Image.Image:
    """A black-and-white photocopy of ``img`` (``samples.corpus.photocopy``: greys crushed, tinted paper) whose greys
    a laser copier renders as a dot screen at 45°, ``period`` pixels apart."""
    import random

    import cv2

    from samples.corpus import photocopy

    copy = bgr(photocopy(img, random.Random(1)))
    grey = cv2.cvtColor(copy, cv2.COLOR_BGR2GRAY).astype(np.float32)
    yy, xx = np.mgrid[0:grey.shape[0], 0:grey.shape[1]].astype(np.float32)
    u, v = (xx + yy) / (np.sqrt(2) * period), (yy - xx) / (np.sqrt(2) * period)
    screen = (np.cos(2 * np.pi * u) * np.cos(2 * np.pi * v) + 1) * 127.5
    paper = copy.reshape(-1, 3).max(axis=0).astype(np.float32)
    dots = (grey > screen).astype(np.float32)[:, :, None] * paper
    return Image.fromarray(dots.astype(np.uint8)[:, :, ::-1])


def colour_sensor(img: Image.Image, lens_sigma: float = 0.6, chroma_nr: float = 1.5) -> Image.Image:
    """``img`` photographed by a colour sensor: the lens's blur (``lens_sigma`` pixels), one colour per pixel
    through an RGGB Bayer mosaic, OpenCV's edge-aware demosaicing, the chroma smoothed (a phone's noise reduction)."""
    import cv2

    a = cv2.GaussianBlur(bgr(img), (0, 0), lens_sigma)
    mosaic = np.empty(a.shape[:2], np.uint8)
    mosaic[0::2, 0::2], mosaic[0::2, 1::2] = a[0::2, 0::2, 2], a[0::2, 1::2, 1]
    mosaic[1::2, 0::2], mosaic[1::2, 1::2] = a[1::2, 0::2, 1], a[1::2, 1::2, 0]
    ycc = cv2.cvtColor(cv2.cvtColor(mosaic, cv2.COLOR_BayerRG2BGR_EA), cv2.COLOR_BGR2YCrCb)
    for c in (1, 2):
        ycc[:, :, c] = cv2.GaussianBlur(ycc[:, :, c], (0, 0), chroma_nr)
    return Image.fromarray(cv2.cvtColor(ycc, cv2.COLOR_YCrCb2BGR)[:, :, ::-1])
