"""OCR behind one small interface, with named engines on the PP-OCR model family.

``get_engine(name)`` returns the engine, built once per process (``paddleocr``
by default, ``rapidocr`` as the alternative). Both read the same PP-OCRv6 small
ONNX models, prepared offline by :mod:`pipeline.ocr.modeldir`; neither
downloads anything.

Engines take a BGR ``uint8`` image (a single-channel page, such as the red
channel OCR is given, has a red seal's grey remnants lifted first: see
:mod:`pipeline.ocr.seal`) and return :class:`~pipeline.models.OcrLine`
objects in reading order (top to bottom, then left to right), boxes in the
pixels of the image passed in, text in simplified characters (a traditional
one read on a mainland document is a misreading: :mod:`pipeline.script`).
"""

from __future__ import annotations

import os
import threading
from typing import Callable, Protocol

import numpy as np

from pipeline.errors import InputError, OcrUnavailable
from pipeline.models import OcrLine
from pipeline.ocr.seal import lift_seal
from pipeline.script import simplified

DEFAULT_ENGINE = "paddleocr"


class OcrEngine(Protocol):
    name: str

    def read(self, image_bgr: np.ndarray) -> list[OcrLine]: ...


def _quiet(*names: str) -> None:
    """The engines log model creation at INFO on stderr; an applicant's terminal needs none of it."""
    import logging

    for name in names:
        logging.getLogger(name).setLevel(logging.WARNING)


def _threads() -> int:
    return int(os.environ.get("PRECHECK_OCR_THREADS", "2"))


def _sort_lines(lines: list[OcrLine]) -> list[OcrLine]:
    """Reading order: group lines whose vertical centres are close, then left to right."""
    if not lines:
        return lines
    heights = sorted(max(1, ln.box[3] - ln.box[1]) for ln in lines)
    tol = heights[len(heights) // 2] * 0.5
    by_y = sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2)
    rows: list[list[OcrLine]] = []
    for ln in by_y:
        cy = (ln.box[1] + ln.box[3]) / 2
        if rows and abs(cy - rows[-1][-1].box[1] / 2 - rows[-1][-1].box[3] / 2) <= tol:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


def _box(points) -> list[int]:
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    return [int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max())]


class PaddleEngine:
    """PaddleOCR 3.x with its onnxruntime engine on local model directories."""

    name = "paddleocr"

    def __init__(self) -> None:
        from pipeline.ocr.modeldir import DET_NAME, REC_NAME, prepare_models

        files = prepare_models()
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        try:
            from paddleocr import PaddleOCR
            from paddlex.utils import logging as pdx_logging
        except ImportError as exc:  # pragma: no cover - environment
            raise OcrUnavailable("paddleocr is not installed; run `make setup`") from exc
        pdx_logging.setup_logging("WARNING")
        try:
            self._ocr = PaddleOCR(
                engine="onnxruntime",
                engine_config={
                    "intra_op_num_threads": _threads(),
                    "inter_op_num_threads": 1,
                    "enable_cpu_mem_arena": False,
                },
                text_detection_model_name=DET_NAME,
                text_detection_model_dir=str(files.det_dir),
                text_recognition_model_name=REC_NAME,
                text_recognition_model_dir=str(files.rec_dir),
                use_doc_orientation_classify=False,
                use_doc_unwarping=False,
                use_textline_orientation=False,
            )
        except Exception as exc:  # paddlex raises plain Exceptions with useful text
            raise OcrUnavailable(f"PaddleOCR could not be built offline: {exc}") from exc
        _quiet("paddlex", "paddleocr")

    def read(self, image_bgr: np.ndarray) -> list[OcrLine]:
        out: list[OcrLine] = []
        for res in self._ocr.predict(lift_seal(image_bgr)):
            r = res.json["res"]
            for text, score, poly in zip(r["rec_texts"], r["rec_scores"], r["rec_polys"]):
                if text.strip():
                    out.append(OcrLine(text=simplified(text), confidence=round(float(score), 4), box=_box(poly)))
        return _sort_lines(out)


class RapidEngine:
    """RapidOCR on the same ONNX files, paths given explicitly so no download code runs."""

    name = "rapidocr"

    def __init__(self) -> None:
        from pipeline.ocr.modeldir import prepare_models

        files = prepare_models()
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - environment
            raise OcrUnavailable("rapidocr is not installed; run `make setup`") from exc
        _quiet("RapidOCR")
        self._ocr = RapidOCR(
            params={
                "Global.use_cls": False,
                "Det.model_path": str(files.det_onnx),
                "Rec.model_path": str(files.rec_onnx),
                "Cls.model_path": str(files.cls_onnx),
                "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "Global.log_level": "warning",
            }
        )
        _quiet("RapidOCR")

    def read(self, image_bgr: np.ndarray) -> list[OcrLine]:
        res = self._ocr(lift_seal(image_bgr))
        if res.boxes is None or res.txts is None:
            return []
        out = [
            OcrLine(text=simplified(t), confidence=round(float(s), 4), box=_box(b))
            for t, s, b in zip(res.txts, res.scores, res.boxes)
            if t.strip()
        ]
        return _sort_lines(out)


ENGINES: dict[str, Callable[[], OcrEngine]] = {"paddleocr": PaddleEngine, "rapidocr": RapidEngine}
_cache: dict[str, OcrEngine] = {}
_lock = threading.Lock()


def get_engine(name: str | None = None) -> OcrEngine:
    """The named engine, built on first use and kept for the life of the process."""
    name = name or os.environ.get("PRECHECK_OCR_ENGINE", DEFAULT_ENGINE)
    if name not in ENGINES:
        raise InputError(f"unknown OCR engine {name!r}; choose one of: {', '.join(ENGINES)}")
    with _lock:
        if name not in _cache:
            _cache[name] = ENGINES[name]()
        return _cache[name]
