"""Ingest a submission folder: list every input file, read ``submission.yaml``.

Decoding is lazy (:func:`iter_pages`) so a batch never holds more than one
page image in memory. Every file found is listed in ``Submission.files``; the
report accounts for each of them, readable or not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

import yaml
from pydantic import ValidationError

from pipeline.errors import InputError
from pipeline.imageio import SUPPORTED_SUFFIXES, DecodedPage, Unreadable, decode_file
from pipeline.models import Declared, Submission

SUBMISSION_FILE = "submission.yaml"
#: Files that describe a submission rather than belong to it.
METADATA_FILES = {SUBMISSION_FILE, "expected.yaml"}


def _list_files(root: Path, only: str | None = None) -> list[str]:
    out: list[str] = []
    for path in sorted([root / only] if only else root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel in METADATA_FILES or any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as zf:
                    members = [m.filename for m in zf.infolist() if not m.is_dir()]
            except (zipfile.BadZipFile, OSError):
                out.append(rel)  # reported as unreadable when decoded
                continue
            out.extend(f"{rel}!{m}" for m in sorted(members) if not Path(m).name.startswith("."))
            continue
        out.append(rel)
    return out


def read_submission_yaml(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a mapping with keys procedure, id, declared")
    unknown = set(raw) - {"procedure", "id", "declared"}
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected procedure, id, declared")
    return raw


def load_submission(root: Path | str, procedure: str | None = None) -> Submission:
    """Read a submission: a folder, or a single scan, PDF or zip bundle (then the folder's
    submission.yaml, if any, applies). ``procedure`` overrides the one in submission.yaml."""
    root = Path(root)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    only = None
    if root.is_file():
        if root.name in METADATA_FILES:
            raise InputError(f"{root}: give the submission folder, not its {root.name}")
        root, only = root.parent, root.name
    meta: dict = {}
    yaml_path = root / SUBMISSION_FILE
    if yaml_path.is_file():
        meta = read_submission_yaml(yaml_path)
    try:
        declared = Declared.model_validate(meta.get("declared") or {})
    except ValidationError as exc:
        errs = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"{yaml_path}: declared data is invalid: {errs}") from None
    proc = procedure or meta.get("procedure")
    if not proc:
        raise InputError(f"{root}: no procedure given; pass --procedure or set 'procedure' in {SUBMISSION_FILE}")
    return Submission(
        id=str(meta.get("id") or (Path(only).stem if only else root.resolve().name)),
        procedure=proc,
        root=str(root),
        declared=declared,
        files=_list_files(root, only),
    )


def is_supported(name: str) -> bool:
    """Whether the file is decoded (a zip listed whole is a damaged bundle, decoded to report why)."""
    return Path(name.split("!")[-1]).suffix.lower() in SUPPORTED_SUFFIXES | {".zip"}


def iter_pages(sub: Submission, name: str) -> Iterator[DecodedPage]:
    """Decode one supported file of the submission page by page; raises Unreadable with the reason."""
    yield from decode_file(Path(sub.root), name)
