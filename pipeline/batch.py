"""Back-office batch over an inbox of submissions, in plain Python (the Prefect flow only wires it).

An inbox is a folder whose sub-folders are submissions. Each one gets a JSON
report ``<out>/<submission>.json``; a run is resumable: a submission whose
report exists and whose input files are unchanged (same fingerprint) is
skipped. Bad input never stops the batch: it becomes an error row.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from pipeline.errors import InputError, PrecheckError
from pipeline.report import to_json

SUMMARY = "summary.json"


def discover(inbox: Path | str) -> list[Path]:
    """Submission folders of the inbox, sorted; an inbox that is itself one submission is returned alone."""
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise InputError(f"{inbox}: inbox folder not found")
    subs = sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subs and any(inbox.iterdir()):
        return [inbox]
    return subs


def fingerprint(folder: Path) -> str:
    """Hash of every file's relative path, size and modification time."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(folder).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def process_one(folder: Path | str, out_dir: Path | str, procedure: str | None = None, resume: bool = True,
                engine_name: str | None = None) -> dict:
    """Check one submission and write its report; returns its summary row.

    Typed input errors become an ``error`` row (retrying would not help);
    anything else propagates, so the orchestrator can retry it.
    """
    from pipeline.run import check_submission

    folder, out_dir = Path(folder), Path(out_dir)
    fp = fingerprint(folder)
    report_path = out_dir / f"{folder.name}.json"
    meta_path = out_dir / f".{folder.name}.fingerprint"
    if resume and report_path.is_file() and meta_path.is_file() and meta_path.read_text().strip() == fp:
        data = json.loads(report_path.read_text(encoding="utf-8"))
        return _row(folder, report_path, data, skipped=True)
    t = time.perf_counter()
    try:
        report = check_submission(folder, procedure=procedure, engine_name=engine_name)
    except PrecheckError as exc:
        return {"submission": folder.name, "status": "error", "error": str(exc), "outcome": None,
                "report": None, "skipped": False}
    _atomic_write(report_path, to_json(report) + "\n")
    _atomic_write(meta_path, fp + "\n")
    row = _row(folder, report_path, report.model_dump(mode="json"), skipped=False)
    row["seconds"] = round(time.perf_counter() - t, 2)
    return row


def _row(folder: Path, report_path: Path, data: dict, skipped: bool) -> dict:
    decision = data.get("decision") or {}
    return {
        "submission": folder.name,
        "status": "ok",
        "outcome": decision.get("outcome"),
        "missing": [m["material"] for m in data.get("materials", []) if m["status"] == "missing"],
        "scan_failures": sum(1 for p in data.get("pages", []) for f in p["findings"]
                             if f["status"] == "fail" and f["code"].startswith("SCAN_")),
        "files": len(data.get("inputs", [])),
        "report": str(report_path),
        "skipped": skipped,
    }


def write_summary(out_dir: Path | str, rows: list[dict]) -> dict:
    counts: dict[str, int] = {}
    for r in rows:
        key = r["outcome"] or r["status"]
        counts[key] = counts.get(key, 0) + 1
    summary = {"submissions": len(rows), "counts": counts, "rows": rows}
    _atomic_write(Path(out_dir) / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return summary
