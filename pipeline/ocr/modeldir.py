"""Prepare the PP-OCR model directories offline, from the files in the rapidocr wheel.

The ``rapidocr`` wheel ships the PP-OCRv6 small detection and recognition
models as ONNX files. PaddleOCR (``engine="onnxruntime"``) wants one directory
per model holding ``inference.onnx`` and ``inference.yml``; this module writes
those directories. Nothing is downloaded: a missing wheel is a clear error.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.errors import OcrUnavailable

DET_NAME = "PP-OCRv6_small_det"
REC_NAME = "PP-OCRv6_small_rec"
DET_FILE = "PP-OCRv6_det_small.onnx"
REC_FILE = "PP-OCRv6_rec_small.onnx"
CLS_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


@dataclass(frozen=True)
class ModelFiles:
    det_onnx: Path
    rec_onnx: Path
    cls_onnx: Path
    det_dir: Path
    rec_dir: Path


def wheel_model_dir() -> Path:
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OcrUnavailable("rapidocr is not installed; run `make setup`") from exc
    return Path(rapidocr.__file__).parent / "models"


def default_cache_dir() -> Path:
    env = os.environ.get("PRECHECK_MODEL_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "permit-precheck" / "models"


def _det_yaml() -> dict:
    return {
        "Global": {"model_name": DET_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"DetResizeForTest": {"limit_side_len": 736, "limit_type": "min"}},
                {
                    "NormalizeImage": {
                        "mean": [0.485, 0.456, 0.406],
                        "std": [0.229, 0.224, 0.225],
                        "scale": 1.0 / 255.0,
                        "order": "hwc",
                    }
                },
                {"ToCHWImage": None},
                {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
            ]
        },
        "PostProcess": {
            "name": "DBPostProcess",
            "thresh": 0.3,
            "box_thresh": 0.6,
            "max_candidates": 1000,
            "unclip_ratio": 1.5,
        },
    }


def rec_characters(rec_onnx: Path) -> list[str]:
    """The recognition model's character dictionary, stored in the ONNX metadata."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(rec_onnx), opts, providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    chars = meta.get("character")
    if not chars:
        raise OcrUnavailable(f"{rec_onnx}: no 'character' dictionary in the model metadata")
    return chars.splitlines()


def _rec_yaml(chars: list[str]) -> dict:
    return {
        "Global": {"model_name": REC_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                {"RecResizeImg": {"image_shape": [3, 48, 320]}},
                {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
            ]
        },
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": chars},
    }


def prepare_models(cache_dir: Path | None = None) -> ModelFiles:
    """Write (once) and return the local model directories. Idempotent and offline."""
    src = wheel_model_dir()
    files = {name: src / name for name in (DET_FILE, REC_FILE, CLS_FILE)}
    for name, path in files.items():
        if not path.is_file():
            raise OcrUnavailable(f"model file {path} is missing from the rapidocr wheel; reinstall with `make setup`")
    root = cache_dir or default_cache_dir()
    det_dir, rec_dir = root / DET_NAME, root / REC_NAME
    for model_dir, onnx, make_yaml in (
        (det_dir, files[DET_FILE], _det_yaml),
        (rec_dir, files[REC_FILE], lambda: _rec_yaml(rec_characters(files[REC_FILE]))),
    ):
        target_onnx, target_yml = model_dir / "inference.onnx", model_dir / "inference.yml"
        if target_yml.is_file() and target_onnx.is_file() and target_onnx.stat().st_size == onnx.stat().st_size:
            continue
        model_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(onnx, target_onnx)
        tmp = target_yml.with_suffix(".tmp")
        tmp.write_text(yaml.safe_dump(make_yaml(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        tmp.replace(target_yml)
    return ModelFiles(files[DET_FILE], files[REC_FILE], files[CLS_FILE], det_dir, rec_dir)
