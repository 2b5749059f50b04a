"""The CLI: exit codes, messages, JSON shape, languages. Exit codes are documented in the README."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES

GOOD = str(SAMPLES / "01-eligible-bachelor")
BAD = str(SAMPLES / "02-defects-no-form")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_full_check_of_the_eligible_sample_exits_0_with_the_published_json_shape():
    r = run("check", GOOD, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) >= {"procedure", "decision", "materials", "pages"}
    assert data["procedure"] == "hz-talent"
    assert data["decision"]["outcome"] == "eligible" and isinstance(data["decision"]["reasons"], list)
    assert set(data["materials"][0]) >= {"material", "status", "pages"}
    page = data["pages"][0]
    assert set(page) >= {"file", "page", "material", "fields", "findings"}
    assert set(page["findings"][0]) >= {"code", "status", "value", "threshold", "message_zh", "message_en", "source"}


def test_scan_only_on_a_clean_sample_exits_0_and_on_a_defective_one_exits_1():
    assert run("check", GOOD, "--stages", "scan").exit_code == 0
    r = run("check", BAD, "--stages", "scan")
    assert r.exit_code == 1
    assert "未作资格判断" in r.stdout and "顺时针倾斜" in r.stdout


def test_a_single_file_or_zip_bundle_can_be_checked(tmp_path):
    import zipfile

    skewed = SAMPLES / "02-defects-no-form" / "身份证正面.jpg"
    r = run("check", str(skewed), "--stages", "scan", "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [i["file"] for i in data["inputs"]] == ["身份证正面.jpg"] and data["procedure"] == "hz-talent"
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as zf:
        zf.write(skewed, "scans/id.jpg")
    r = run("check", str(tmp_path / "bundle.zip"), "--procedure", "hz-talent", "--stages", "scan", "--json")
    assert [i["file"] for i in json.loads(r.stdout)["inputs"]] == ["bundle.zip!scans/id.jpg"]


def test_english_on_request():
    r = run("check", BAD, "--stages", "scan", "--lang", "en")
    assert "Not a colour scan" in r.stdout and "clockwise" in r.stdout


def test_a_missing_folder_exits_2_with_a_one_line_message(tmp_path):
    r = run("check", str(tmp_path / "nope"))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"precheck: error: {tmp_path / 'nope'}: no such file or folder"


def test_an_unknown_procedure_or_stage_exits_2():
    r = run("check", GOOD, "--procedure", "sh-moon")
    assert r.exit_code == 2 and "unknown procedure 'sh-moon'" in r.stderr
    r = run("check", GOOD, "--stages", "scan,rules")
    assert r.exit_code == 2 and "rules stage needs the ocr stage" in r.stderr


def test_a_bad_submission_yaml_names_the_file_and_the_field(tmp_path):
    (tmp_path / "submission.yaml").write_text("procedure: hz-talent\ndeclared:\n  region: mars\n", encoding="utf-8")
    r = run("check", str(tmp_path), "--stages", "scan")
    assert r.exit_code == 2
    assert "submission.yaml" in r.stderr and "region" in r.stderr
    (tmp_path / "submission.yaml").write_text("procedure: [unclosed\n", encoding="utf-8")
    r = run("check", str(tmp_path), "--stages", "scan")
    assert r.exit_code == 2 and "not valid YAML" in r.stderr


def test_ocr_unavailable_exits_3(monkeypatch):
    import pipeline.ocr as ocr
    from pipeline.errors import OcrUnavailable

    def broken(name=None):
        raise OcrUnavailable("model file missing; reinstall with `make setup`")

    monkeypatch.setattr(ocr, "get_engine", broken)
    r = run("check", BAD)
    assert r.exit_code == 3 and "make setup" in r.stderr


def test_out_writes_the_json_report(tmp_path):
    out = tmp_path / "r" / "report.json"
    assert run("check", BAD, "--stages", "scan", "--out", str(out)).exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["stages"] == ["scan"]


def test_schema_describes_the_report():
    r = run("schema")
    schema = json.loads(r.stdout)
    assert {"procedure", "decision", "materials", "pages", "inputs"} <= set(schema["properties"])
    assert "Finding" in schema["$defs"]


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"precheck {name}" in readme, name


def test_bench_scan_pages_groups_a_folder_by_page_size_and_lists_unreadable_files(tmp_path):
    import shutil

    for name in ("01_身份证_人像面.jpg", "05_申请表.jpg"):  # 0.8 and 2.4 megapixels
        shutil.copy(SAMPLES / "01-eligible-bachelor" / name, tmp_path / name)
    (tmp_path / "cut.jpg").write_bytes((SAMPLES / "01-eligible-bachelor" / "05_申请表.jpg").read_bytes()[:600])
    (tmp_path / "notes.txt").write_text("not a page")  # not a scan: not counted
    r = run("bench", str(tmp_path), "--scan-pages")
    assert r.exit_code == 0, r.output
    assert "(2 pages, 1 file unreadable)" in r.stdout
    rows = {line.split()[0]: line.split() for line in r.stdout.splitlines() if line[:1].isdigit()}
    assert rows["0-1"][1] == "1" and rows["2-4"][1] == "1" and "1-2" not in rows
    assert "of 2 pages at most 1.0" in r.stdout
    cpu = next(line for line in r.stdout.splitlines() if line.startswith("processor time"))
    decode_s, scan_s = (float(cpu.split(f"{part} ")[1].split(" s")[0]) for part in ("decode", "scan"))
    assert decode_s > 0 and scan_s > 0  # the processor time of both, not only the wall-clock time


def test_bench_scan_pages_without_a_folder_exits_2():
    r = run("bench", "--scan-pages")
    assert r.exit_code == 2 and "needs PATH" in r.output


def test_the_per_page_ratio_summary_names_the_median_and_the_worst_page():
    from pipeline.bench import ratio_summary

    line = ratio_summary([(0.5, "a.jpg#1"), (2.25, "b.jpg#1"), (1.0, "c.pdf#2"), (3.0, "d.jpg#1")])
    assert line == "per page scan/decode: median 1.62, worst 3.00 (d.jpg#1), 2 of 4 pages at most 1.0"
    assert ratio_summary([]) == "per page scan/decode: no page"
