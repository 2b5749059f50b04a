"""hz-talent rules beyond the YAML cases: materials conditions, catalogue matching and the decision."""

from pipeline.models import Declared, Page
from rules import hz_talent
from rules.catalogue import load_catalogue, match_materials
from rules.decide import decide
from rules.params import load_parameters
from rules.reasons import reason
from tests.conftest import ROOT


def test_catalogue_has_the_18_items_of_section_9_in_order():
    cat = load_catalogue("hz-talent")
    assert len(cat.items) == 18
    assert cat.items[2].name_zh == "浙江省引进人才居住证申请表" and cat.items[2].required
    assert [i.id for i in cat.items if i.required] == ["application_form", "id_card", "residence_notice"]
    assert all("九、申请材料目录" in cat.item_source(i).section for i in cat.items)


def _page(material, ref="x.jpg"):
    return Page(file=ref, page=1, material=material)


def test_missing_application_form_is_the_one_missing_item_and_the_id_card_is_fetched_by_the_system():
    cat = load_catalogue("hz-talent")
    d = Declared(housing="rent_private", residence_registered=True, title_level=None)
    rows = {m.material: m.status for m in match_materials(cat, [_page("graduation_certificate")],
                                                          hz_talent.material_conditions(d))}
    assert rows["application_form"] == "missing"
    assert rows["id_card"] == "system_fetched"
    assert rows["residence_notice"] == "system_fetched"
    assert rows["graduation_certificate"] == "provided"
    assert rows["rental_contract"] == "optional"
    assert rows["property_certificate"] == "not_required"
    assert [k for k, v in rows.items() if v == "missing"] == ["application_form"]


def test_residence_notice_is_not_required_without_a_residence_registration():
    cat = load_catalogue("hz-talent")
    rows = {m.material: m.status for m in match_materials(cat, [], hz_talent.material_conditions(
        Declared(residence_registered=False)))}
    assert rows["residence_notice"] == "not_required"


def test_decision_takes_the_most_severe_effect_and_keeps_every_reason():
    src = "000_1d56a9d687c69bf2.txt 九、申请材料目录"
    rs = [reason("CONDITION_MET", "info", "c1", src, {}, number=1, condition="x", condition_en="x"),
          reason("MATERIAL_MISSING", "incomplete", "catalogue", src, {}, material="申请表", material_en="form"),
          reason("NOT_ELIGIBLE_REGION", "ineligible", "region", src, {})]
    d = decide(rs)
    assert d.outcome == "ineligible"
    assert [r.effect for r in d.reasons] == ["ineligible", "incomplete", "info"]
    assert decide(rs[:1]).outcome == "eligible"
    assert decide(rs[:2]).outcome == "incomplete"


def test_tonglu_investment_threshold_is_scoped_and_the_faq_value_is_carried_beside_it():
    p = load_parameters("hz-talent")
    assert p.get("investment.min_cny", scope="桐庐县") == 300000
    assert p.get("investment.min_cny", scope="西湖区") == 500000
    assert p.get("investment.min_cny_faq", scope="桐庐县") == 500000
    assert "问题9" in p.cite("investment.min_cny_faq")


def test_every_failing_scan_or_form_check_makes_the_page_unacceptable():
    from pipeline.messages import finding
    from rules.decide import submission_reasons

    cat = load_catalogue("hz-talent")
    src = "000_1d56a9d687c69bf2.txt 附录3 常见问题解答 问题4"
    for code, fmt in (("SCAN_CROPPED", {"sides_zh": "左", "sides_en": "left"}), ("SCAN_RESOLUTION", {}),
                      ("FORM_SEAL_MISSING", {})):
        page = _page("application_form", "form.jpg")
        page.findings = [finding(code, "fail", 1, 2, src, file="form.jpg", page=1, **fmt)]
        rs = submission_reasons(cat, [], [page], [], [])
        assert [r.code for r in rs] == ["SCAN_REQUIREMENTS_NOT_MET"] and rs[0].pages == ["form.jpg#1"], code
    warn = _page("application_form", "form.jpg")
    warn.findings = [finding("SCAN_PERSPECTIVE", "warn", 8, 6, src, file="form.jpg", page=1)]
    assert submission_reasons(cat, [], [warn], [], []) == []


def test_every_failing_validator_or_cross_check_is_a_data_inconsistency_for_review():
    import re

    from pipeline.messages import finding
    from rules.decide import DATA_CODES, submission_reasons

    # every code the validators and cross-checks emit is one the decision looks at
    src_text = (ROOT / "pipeline" / "fieldchecks.py").read_text(encoding="utf-8")
    emitted = set(re.findall(r'finding\(\s*"([A-Z_]+)"', src_text)) - {"FIELD_MISSING"}
    assert emitted and emitted <= DATA_CODES, emitted - DATA_CODES
    cat = load_catalogue("hz-talent")
    for code in sorted(DATA_CODES):
        page = _page("graduation_certificate", "cert.jpg")
        variant = {"DATE_INVALID": "impossible"}.get(code)  # its failures come only in variants
        page.findings = [finding(code, "fail", "x", "y", "000_1d56a9d687c69bf2.txt 附录3", file="cert.jpg", page=1,
                                 variant=variant)]
        rs = submission_reasons(cat, [], [page], [], [])
        assert [r.code for r in rs] == ["DATA_INCONSISTENT"] and rs[0].effect == "needs_review", code
