"""`precheck rules show` and `precheck rules evaluate`: exit codes, one-line errors, key output."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from rules.procedures import PROCEDURES

GONGSHU = """\
on: 2026-11-23
declared:
  hukou_in_hangzhou_city_area: false
  residence_district: 拱墅区
  insurance_district: 拱墅区
  residence_registered_months: 8
  insurance_months: 7
  housing: other
  study_semesters: 0
"""


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("procedure", sorted(PROCEDURES))
def test_show_prints_every_catalogue_item_and_condition_with_its_source(procedure):
    from rules.catalogue import load_catalogue
    from rules.params import load_parameters

    r = run("rules", "show", procedure)
    assert r.exit_code == 0, r.output
    for item in load_catalogue(procedure).items:
        assert item.name_zh in r.stdout
    for name in load_parameters(procedure).params:
        assert f"- {name}:" in r.stdout
    assert r.stdout.count("来源:") >= len(load_catalogue(procedure).items)


def test_show_marks_the_gongshu_draft_values_and_scopes():
    r = run("rules", "show", "zj-residence", "--lang", "en")
    assert r.exit_code == 0
    assert "insurance.min_months" in r.stdout and "拱墅区" in r.stdout and "draft for comment" in r.stdout
    data = json.loads(run("rules", "show", "zj-residence", "--json").stdout)
    values = next(c for c in data["conditions"] if c["name"] == "insurance.min_months")["values"]
    assert {(v["scope"], v["value"]) for v in values} == {(None, 6), ("拱墅区", 12)}
    assert all(v["source"].startswith(("001_", "002_")) for v in values)


def test_show_of_an_unknown_procedure_exits_2():
    r = run("rules", "show", "sh-moon")
    assert r.exit_code == 2 and "unknown procedure 'sh-moon'" in r.stderr


def test_evaluate_names_the_conflict_and_exits_1(tmp_path):
    f = tmp_path / "facts.yaml"
    f.write_text(GONGSHU, encoding="utf-8")
    r = run("rules", "evaluate", "zj-residence", "--facts", str(f))
    assert r.exit_code == 1, r.output
    assert "需人工审核" in r.stdout and "SOURCES_CONFLICT" in r.stdout and "拱墅区征求意见稿" in r.stdout
    assert "002_3d3210616b7a5f8a.txt" in r.stdout and "未核对材料" in r.stdout
    data = json.loads(run("rules", "evaluate", "zj-residence", "--facts", str(f), "--json").stdout)
    assert data["decision"]["outcome"] == "needs_review" and data["materials"] is None
    conflict = next(x for x in data["decision"]["reasons"] if x["code"] == "SOURCES_CONFLICT")
    assert conflict["facts"]["insurance_months"] == 7 and conflict["message_en"]


def test_evaluate_of_an_eligible_applicant_exits_0_in_english(tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps({"on": "2026-11-23", "declared": {
        "hukou_in_hangzhou_city_area": False, "residence_district": "西湖区", "insurance_district": "西湖区",
        "residence_registered_months": 8, "insurance_months": 6}}), encoding="utf-8")
    r = run("rules", "evaluate", "zj-residence", "--facts", str(f), "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "Outcome: eligible" in r.stdout and "Meets the condition" in r.stdout


def test_evaluate_lists_every_missing_material_at_once(tmp_path):
    f = tmp_path / "facts.yaml"
    f.write_text("on: 2026-11-23\ndeclared: {hukou_city: 安徽省合肥市, residence_city: 上海市, insurance_city: 上海市,"
                 " residence_registered_months: 7, insurance_months: 6, basis: employment, housing: own}\n"
                 "materials: [id_card, residence_proof]\n", encoding="utf-8")
    data = json.loads(run("rules", "evaluate", "sh-residence", "--facts", str(f), "--json").stdout)
    missing = sorted(x["facts"]["material"] for x in data["decision"]["reasons"] if x["code"] == "MATERIAL_MISSING")
    assert missing == ["application_form", "labour_contract", "social_insurance_certificate"]
    assert data["decision"]["outcome"] == "incomplete"


def test_evaluate_sh_points_prints_the_score(tmp_path):
    f = tmp_path / "facts.yaml"
    f.write_text("on: 2026-11-23\ndeclared: {birth_date: 1983-11-23, holds_sh_residence_permit: true, "
                 "employer_registered_in_city: true, insured_now: true, insurance_months_last_12: 12, "
                 "serious_crime: false, insurance_total_months: 120}\n", encoding="utf-8")
    r = run("rules", "evaluate", "sh-points", "--facts", str(f))
    assert r.exit_code == 1
    assert "模拟估分: 60 / 120" in r.stdout and "未评估" in r.stdout
    data = json.loads(run("rules", "evaluate", "sh-points", "--facts", str(f), "--json").stdout)
    assert data["score"]["total"] == 60 and data["score"]["standard"] == 120


@pytest.mark.parametrize("content, message", [
    (None, "no such facts file"),
    ("declared: [unclosed\n", "not valid YAML"),
    ("- a list\n", "expected a mapping"),
    ("declared: {}\nextra: 1\n", "unknown key(s) extra"),
    ("declared: {insurance_months: many}\n", "insurance_months"),
    ("declared: {}\nmaterials: [passport]\n", "unknown material id(s) passport"),
    ("on: 2024-06-01\ndeclared: {}\n", "before the rules data of sh-residence take effect"),
])
def test_bad_facts_files_exit_2_with_one_line(tmp_path, content, message):
    f = tmp_path / "facts.yaml"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    r = run("rules", "evaluate", "sh-residence", "--facts", str(f))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("precheck: error:") and message in r.stderr and r.stderr.count("\n") == 1


def test_evaluate_needs_the_facts_option():
    r = run("rules", "evaluate", "sh-hukou")
    assert r.exit_code == 2 and "--facts" in r.output
