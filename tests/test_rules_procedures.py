"""The four procedures added with issue 6, beyond the YAML cases: lists once known, catalogue conditions,
the interface pipeline.run calls, and the score table."""

from datetime import date

import pytest

from pipeline.models import Declared, Page
from rules import hz_talent, sh_hukou, sh_points, sh_residence, zj_residence
from rules.catalogue import load_catalogue, match_materials
from rules.decide import decide
from rules.lists import PolicyList, load_list
from rules.params import load_parameters
from rules.procedures import PROCEDURES

ON = date(2026, 11, 23)
OK_HZ = dict(hukou_in_hangzhou_city_area=False, residence_district="西湖区", insurance_district="西湖区",
             residence_registered=True)


def _known(name, entries):
    base = load_list(name)
    return PolicyList(title=base.title, source=base.source, known=True, entries=entries)


def _decide(mod, **declared):
    return decide(mod.evaluate(mod.Facts(declared=Declared(**declared), on=ON)))


@pytest.mark.parametrize("major, outcome", [("护理", "eligible"), ("哲学", "ineligible")])
def test_hz_associate_degree_with_and_without_a_shortage_major_once_the_list_is_known(monkeypatch, major, outcome):
    monkeypatch.setattr(hz_talent, "load_list", lambda name: _known(name, ["护理"]))
    d = _decide(hz_talent, **OK_HZ, education="associate", full_time=True, major=major)
    assert d.outcome == outcome
    assert "CONDITION_UNVERIFIED" not in [r.code for r in d.reasons]


@pytest.mark.parametrize("occupation, outcome", [("电工", "eligible"), ("厨师", "ineligible")])
def test_hz_senior_worker_with_and_without_a_shortage_occupation_once_the_list_is_known(monkeypatch, occupation, outcome):
    monkeypatch.setattr(hz_talent, "load_list", lambda name: _known(name, ["电工"]))
    assert _decide(hz_talent, **OK_HZ, vocational_level="senior_worker", occupation=occupation).outcome == outcome


def test_sh_residence_associate_with_a_known_shortage_major_qualifies_by_the_talent_route(monkeypatch):
    monkeypatch.setattr(sh_residence, "load_list", lambda name: _known(name, ["护理"]))
    base = dict(hukou_city="安徽省合肥市", residence_city="上海市", insurance_city="上海市", residence_registered_months=6,
                insurance_months=0, housing="other", study_semesters=0, education="associate", talent_recognised=True)
    assert _decide(sh_residence, **base, major="护理").outcome == "eligible"
    assert _decide(sh_residence, **base, major="哲学").outcome == "ineligible"


def test_sh_hukou_insurance_base_is_judged_once_the_average_wage_is_known(monkeypatch):
    monkeypatch.setattr(sh_hukou, "load_list", lambda name: _known(name, ["12000"]))
    base = dict(hukou_city="安徽省合肥市", holds_sh_residence_permit=True, permit_held_months=84, insurance_total_months=84,
                tax_paid_in_city=True, title_level="junior", clean_record=True)
    assert _decide(sh_hukou, **base, insurance_base_cny=24000).outcome == "eligible"
    assert _decide(sh_hukou, **base, insurance_base_cny=23999).outcome == "ineligible"


def test_the_gongshu_draft_materials_concern_gongshu_residents_only():
    cat = load_catalogue("zj-residence")
    draft = [i.id for i in cat.items if i.scope == "拱墅区"]
    assert draft == ["application_form", "photo", "parents_permits_and_insurance"]
    assert all(i.source.file.startswith("002_") and "draft" in (i.source.note or "") for i in cat.items if i.scope)
    for district, expect in (("拱墅区", "missing"), ("西湖区", "not_required")):
        d = Declared(residence_district=district, basis="employment", housing="own")
        rows = {m.material: m.status for m in match_materials(cat, [], zj_residence.material_conditions(d))}
        assert rows["application_form"] == expect and rows["photo"] == expect
        assert rows["social_insurance_certificate"] == "missing" and rows["school_record"] == "not_required"


def test_a_gongshu_value_is_scoped_dated_and_marked_as_a_draft():
    p = load_parameters("zj-residence")
    assert p.get("insurance.min_months", ON) == 6
    assert p.get("insurance.min_months", ON, "拱墅区") == 12
    assert p.get("insurance.min_months", ON, "西湖区") == 6
    assert "002_" in p.cite("insurance.min_months", ON, "拱墅区")
    v = p.param("insurance.min_months").at(ON, "拱墅区")
    assert "draft" in p.param("insurance.min_months").value_source(v).note


@pytest.mark.parametrize("age, points", [(30, 30), (42, 30), (43, 30), (44, 29), (50, 17), (55, 7), (56, 5),
                                         (60, 5), (61, 0)])
def test_age_points_follow_the_seed_scale(age, points):
    assert sh_points.age_points(age, load_parameters("sh-points"), ON) == points


def test_the_score_lists_every_indicator_not_assessed_with_its_source():
    s = sh_points.simulate(sh_points.Facts(declared=Declared(birth_date=date(1990, 1, 1), insurance_total_months=60,
                                                              award="municipal"), on=ON))
    assert s.total == 30 + 15 and s.standard == 120
    names = [i.name_zh for i in s.not_assessed]
    assert "表彰奖励" in names and "教育背景（学历学位）" in names
    assert all(i.source.startswith("004_") for i in s.indicators)


@pytest.mark.parametrize("name", sorted(PROCEDURES))
def test_every_procedure_takes_the_calls_pipeline_run_makes(name):
    """check_submission calls material_conditions(declared), evidence_from_pages(pages), Facts(...), evaluate."""
    mod = PROCEDURES[name]
    pages = [Page(file="id.jpg", page=1, material="id_card_front"), Page(file="id.jpg", page=2, material="id_card_back")]
    d = Declared()
    cat = load_catalogue(name)
    rows = match_materials(cat, pages, mod.material_conditions(d))
    assert len(rows) == len(cat.items)
    facts = mod.Facts(declared=d, evidence=mod.evidence_from_pages(pages), on=ON)
    reasons = mod.evaluate(facts)
    assert reasons and all(r.source and r.message_zh and r.message_en for r in reasons)
    # nothing declared: nobody is refused on a guess
    assert decide(reasons).outcome == "needs_review", [r.code for r in reasons]


class _BlankEngine:
    """An OCR engine that reads nothing (keeps the test fast and free of models)."""

    def read(self, image):
        return []


@pytest.mark.parametrize("name", sorted(PROCEDURES))
def test_check_submission_runs_the_rules_of_every_procedure(tmp_path, monkeypatch, name):
    import cv2
    import numpy as np
    import yaml

    import pipeline.ocr as ocr
    from pipeline.run import check_submission

    monkeypatch.setattr(ocr, "get_engine", lambda name=None: _BlankEngine())
    (tmp_path / "submission.yaml").write_text(yaml.safe_dump(
        {"procedure": name, "declared": {"residence_district": "拱墅区", "birth_date": "1990-01-01"}},
        allow_unicode=True), encoding="utf-8")
    cv2.imwrite(str(tmp_path / "blank.png"), np.full((400, 300, 3), 255, np.uint8))
    report = check_submission(tmp_path, on=ON)
    assert report.procedure == name and report.decision is not None
    assert len(report.materials) == len(load_catalogue(name).items)
    codes = [r.code for r in report.decision.reasons]
    assert "MATERIAL_MISSING" in codes and report.decision.outcome in ("incomplete", "ineligible")


def test_every_declared_fact_is_documented():
    from pipeline.models import Declared

    assert not [n for n, f in Declared.model_fields.items() if not f.description]
