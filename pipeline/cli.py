"""``precheck``: the applicant's self-check and the tools around it (a thin wrapper over the core).

Exit codes (pinned by tests/test_cli.py, documented in the README):

====  =========================================================================
0     checked: eligible and complete (scan-only runs: no check failed)
1     checked: the submission has problems (ineligible, incomplete, needs
      review; scan-only runs: some check failed) — see the report
2     usage or input error (no such folder, bad submission.yaml, unknown
      procedure or stage)
3     environment error (OCR models or engine unavailable, rules data broken)
====  =========================================================================
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pipeline.errors import PrecheckError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3


def _fail(exc: PrecheckError) -> None:
    click.echo(f"precheck: error: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PrecheckError as exc:
            _fail(exc)
        except (click.exceptions.ClickException, click.exceptions.Exit, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug, not the user's fault: one line, and the traceback on request
            if os.environ.get("PRECHECK_DEBUG"):
                raise
            click.echo(f"precheck: internal error: {type(exc).__name__}: {exc} (set PRECHECK_DEBUG=1 for details)",
                       err=True)
            sys.exit(EXIT_ENV)


@click.group(cls=_Group)
@click.version_option(package_name="permit-precheck")
def main() -> None:
    """材料预审 permit-precheck: check residence-permit materials before a clerk does."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--procedure", "-p", help="Procedure (default: from submission.yaml), e.g. hz-talent.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the report.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (see `precheck schema`).")
@click.option("--stages", default="scan,ocr,rules", show_default=True,
              help="Stages to run: scan, ocr, rules (comma-separated); `scan` alone is fast.")
@click.option("--engine", type=click.Choice(["paddleocr", "rapidocr"]), default=None,
              help="OCR engine (default paddleocr, or $PRECHECK_OCR_ENGINE).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Also write the JSON report to this file.")
@click.option("--verbose", "-v", is_flag=True, help="Show passed checks, optional materials and sources too.")
def check(path: Path, procedure: str | None, lang: str, as_json: bool, stages: str, engine: str | None,
          out_file: Path | None, verbose: bool) -> None:
    """Check the submission in folder PATH (scans, PDFs, zip bundles, submission.yaml)."""
    from pipeline.report import render_text, to_json
    from pipeline.run import check_submission

    report = check_submission(path, procedure=procedure, stages=stages, engine_name=engine)
    text = to_json(report)
    if out_file:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text + "\n", encoding="utf-8")
    click.echo(text if as_json else render_text(report, lang, verbose), nl=as_json)
    sys.exit(exit_code(report))


def exit_code(report) -> int:
    if report.decision is not None:
        return EXIT_OK if report.decision.outcome == "eligible" else EXIT_PROBLEMS
    failing = any(f.status in ("fail", "error") for p in report.pages for f in p.findings)
    failing = failing or any(f.status in ("fail", "error") for f in report.findings)
    return EXIT_PROBLEMS if failing else EXIT_OK


@main.command()
def schema() -> None:
    """Print the JSON schema of the report."""
    from pipeline.models import Report

    click.echo(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
def models() -> None:
    """Prepare the OCR model directories offline (from the rapidocr wheel) and print where they are."""
    from pipeline.ocr.modeldir import prepare_models

    files = prepare_models()
    click.echo(f"detection:   {files.det_dir}")
    click.echo(f"recognition: {files.rec_dir}")


@main.command("eval")
@click.argument("corpus", type=click.Path(path_type=Path), required=False)
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Also write the figures to this JSON file.")
@click.option("--engine", type=click.Choice(["paddleocr", "rapidocr"]), default=None)
@click.option("--stages", default="scan,ocr", show_default=True, help="scan alone skips OCR (fast).")
@click.option("--limit", type=int, help="Score only the first N images.")
def eval_(corpus: Path | None, json_out: Path | None, engine: str | None, stages: str, limit: int | None) -> None:
    """Score the pipeline on a labelled corpus (default: the committed slice samples/corpus-slice)."""
    from pipeline.evaluate import DEFAULT_CORPUS, evaluate, format_metrics

    def progress(k: int, n: int) -> None:
        if k % 25 == 0 or k == n:
            click.echo(f"  {k}/{n} images", err=True)

    metrics = evaluate(corpus or DEFAULT_CORPUS, engine, stages, limit, progress)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(format_metrics(metrics), nl=False)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--engine", type=click.Choice(["paddleocr", "rapidocr"]), default=None)
@click.option("--repeat", default=1, show_default=True, help="Runs of the whole submission after the warm-up.")
@click.option("--memory-pages", type=int, help="Instead: check this many pages in a row and print resident memory.")
@click.option("--memory-stages", default="scan", show_default=True, help="Stages for --memory-pages.")
@click.option("--scan-pages", is_flag=True,
              help="Instead: decode and scan checks only, over every image and PDF in PATH (a corpus folder; no "
                   "procedure needed), the per-page ratio grouped by page size.")
@click.option("--limit", type=int, help="With --scan-pages: the first this many files only.")
def bench(path: Path | None, engine: str | None, repeat: int, memory_pages: int | None, memory_stages: str,
          scan_pages: bool, limit: int | None) -> None:
    """Time decode, scan checks and OCR per page and in total, and the end-to-end run (not a test)."""
    from pipeline.bench import run_bench, run_memory, run_scan_pages

    if scan_pages:
        if path is None or not path.is_dir():
            raise click.UsageError("--scan-pages needs PATH, a folder of page images")
        click.echo(run_scan_pages(path, limit))
    elif memory_pages:
        click.echo(run_memory(path, memory_pages, memory_stages))
    else:
        click.echo(run_bench(path, engine, repeat))


@main.group(cls=_Group)
def rules() -> None:
    """Catalogues and eligibility rules of each procedure, from rules/data (no images needed)."""


@rules.command("show")
@click.argument("procedure")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Show the values in force on this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue and conditions as JSON.")
def rules_show(procedure: str, lang: str, on, as_json: bool) -> None:
    """Print PROCEDURE's materials catalogue and its conditions, each with its source."""
    from rules.explain import describe, render_description

    desc = describe(procedure, on.date() if on else None)
    click.echo(json.dumps(desc, ensure_ascii=False, indent=2, default=str) if as_json else render_description(desc, lang),
               nl=as_json)


@rules.command("evaluate")
@click.argument("procedure")
@click.option("--facts", "facts_file", required=True, type=click.Path(path_type=Path),
              help="YAML or JSON file: declared, evidence, on, materials.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the decision (and materials, score) as JSON.")
def rules_evaluate(procedure: str, facts_file: Path, lang: str, as_json: bool) -> None:
    """Decide PROCEDURE from a facts file alone. Exit 0 when eligible, 1 otherwise, 2 on bad input."""
    from rules.explain import evaluate_facts, load_facts_file, render_evaluation

    ev = evaluate_facts(procedure, load_facts_file(facts_file), str(facts_file))
    click.echo(ev.model_dump_json(indent=2) if as_json else render_evaluation(ev, lang), nl=as_json)
    sys.exit(EXIT_OK if ev.decision.outcome == "eligible" else EXIT_PROBLEMS)


if __name__ == "__main__":  # pragma: no cover
    main()
