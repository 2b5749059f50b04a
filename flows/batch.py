"""Prefect flow over an inbox of submissions: one task per submission, retried on transient errors.

All logic is in :mod:`pipeline.batch`; this module only wires it for Prefect.
Run it locally with Prefect's ephemeral API (no server to start)::

    python -m flows.batch samples/hz-talent out/batch
"""

from __future__ import annotations

import sys

from prefect import flow, get_run_logger, task

from pipeline import batch


@task(retries=2, retry_delay_seconds=[2, 10], task_run_name="check {folder}")
def check_submission_task(folder: str, out_dir: str, procedure: str | None = None, resume: bool = True) -> dict:
    return batch.process_one(folder, out_dir, procedure=procedure, resume=resume)


@task
def discover_task(inbox: str) -> list[str]:
    return [str(p) for p in batch.discover(inbox)]


@task
def summary_task(out_dir: str, rows: list[dict]) -> dict:
    return batch.write_summary(out_dir, rows)


@flow(name="precheck-batch", log_prints=True)
def batch_flow(inbox: str, out_dir: str, procedure: str | None = None, resume: bool = True) -> dict:
    """Check every submission in ``inbox``; write one JSON report each and ``summary.json`` to ``out_dir``."""
    logger = get_run_logger()
    rows = [check_submission_task(f, out_dir, procedure, resume) for f in discover_task(inbox)]
    summary = summary_task(out_dir, rows)
    logger.info("batch done: %s", summary["counts"])
    return summary


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m flows.batch INBOX OUT_DIR")
    result = batch_flow(sys.argv[1], sys.argv[2])
    for row in result["rows"]:
        print(f"{row['submission']:<32} {row['outcome'] or row['status']:<13} "
              f"{'(resumed)' if row['skipped'] else ''}")
    print(f"summary: {result['counts']} -> {sys.argv[2]}/summary.json")
