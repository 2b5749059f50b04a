"""Text direction (0° or 180°) of OCR'd lines with PP-OCR's direction classifier (ONNX, from the rapidocr wheel).

``upside_down_share(image, lines)`` crops the longest lines, classifies each
as upright or turned 180°, and returns the share read as turned (weighted by
line length), so a page can be turned upright before its text is used.
"""

from __future__ import annotations

import math
import threading

import cv2
import numpy as np

from pipeline.models import OcrLine
from pipeline.ocr.modeldir import CLS_FILE, wheel_model_dir

SHAPE = (3, 48, 192)
_session = None
_lock = threading.Lock()


def _get_session():
    global _session
    with _lock:
        if _session is None:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            _session = ort.InferenceSession(str(wheel_model_dir() / CLS_FILE), opts, providers=["CPUExecutionProvider"])
        return _session


def _prep(crop: np.ndarray) -> np.ndarray:
    c, h, w = SHAPE
    ratio = crop.shape[1] / float(crop.shape[0])
    rw = min(w, int(math.ceil(h * ratio)))
    img = cv2.resize(crop, (rw, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    img = (img.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    out = np.zeros(SHAPE, np.float32)
    out[:, :, :rw] = img
    return out


def upside_down_share(image: np.ndarray, lines: list[OcrLine], max_lines: int = 8) -> float | None:
    """Share (0-1, weighted by line length) of the longest text lines the classifier reads as turned 180°."""
    cands = sorted((ln for ln in lines if ln.box[2] - ln.box[0] > 2 * (ln.box[3] - ln.box[1]) and len(ln.text) >= 3),
                   key=lambda ln: ln.box[2] - ln.box[0], reverse=True)[:max_lines]
    if not cands:
        return None
    batch = np.stack([_prep(image[ln.box[1]:ln.box[3], ln.box[0]:ln.box[2]]) for ln in cands])
    probs = _get_session().run(None, {_get_session().get_inputs()[0].name: batch})[0]
    weights = np.array([ln.box[2] - ln.box[0] for ln in cands], np.float32)
    return float((weights * (probs[:, 1] > probs[:, 0])).sum() / weights.sum())
