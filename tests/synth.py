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
def doc(kind: str) -> Image.Image:
    makers = {
        "id_front": lambda: g.id_card_front(PERSON),
        "id_back": lambda: g.id_card_back(PERSON),
        "graduation": lambda: g.graduation_certificate(PERSON, EDU),
        "form": lambda: g.application_form(g.FormData(PERSON, EDU, "杭州云栖科技有限公司")),
        "labour": lambda: g.labour_contract(PERSON, "杭州云栖科技有限公司", (2022, 7, 1), 3),
    }
    return g.on_scanner_bed(makers[kind]())


def jpeg_roundtrip(img: Image.Image, quality: int = 88) -> Image.Image:
    return Image.open(io.BytesIO(g.jpeg_bytes(img, quality))).convert("RGB")


def bgr(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))[:, :, ::-1].copy()
