"""`precheck eval` on the committed corpus slice, held to the floors in tests/eval_floors.yaml."""

import json

import pytest
import yaml

from pipeline.evaluate import DEFAULT_CORPUS, evaluate, format_metrics, load_labels
from tests.conftest import ROOT

FLOORS = yaml.safe_load((ROOT / "tests" / "eval_floors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def metrics():
    return evaluate(DEFAULT_CORPUS)


def test_the_slice_is_labelled_for_every_image():
    labels = load_labels(DEFAULT_CORPUS)
    files = sorted(p.name for p in DEFAULT_CORPUS.iterdir() if p.name != "labels.jsonl")
    assert sorted(lab["file"] for lab in labels) == files
    assert len({lab["material"] for lab in labels}) >= 15


@pytest.mark.parametrize("check", sorted(FLOORS["checks"]))
def test_check_keeps_its_floor(metrics, check):
    s, floor = metrics["checks"][check], FLOORS["checks"][check]
    for key in ("precision", "recall"):
        if key in floor:
            assert s[key] is not None and s[key] >= floor[key], (check, key, s)
    if "false_positives_max" in floor:
        assert s["fp"] <= floor["false_positives_max"], (check, s)


def test_skew_error_keeps_its_floor(metrics):
    assert metrics["skew"]["mean_abs_error_deg"] <= FLOORS["skew"]["mean_abs_error_deg_max"]
    assert metrics["skew"]["worst_abs_error_deg"] <= FLOORS["skew"]["worst_abs_error_deg_max"]


def test_orientation_keeps_its_floor(metrics):
    assert metrics["orientation"]["accuracy"] >= FLOORS["orientation"]["accuracy"]


def test_classification_and_fields_keep_their_floors(metrics):
    assert metrics["classification"]["accuracy"] >= FLOORS["classification"]["accuracy"]
    for group, floor in FLOORS["fields"].items():
        assert metrics["fields"][group]["exact_match"] >= floor, group


def test_the_report_prints_every_section_and_the_json_round_trips(metrics, tmp_path):
    text = format_metrics(metrics)
    for part in ("SCAN_COLOUR", "recall by defect kind", "skew:", "orientation:", "classification:",
                 "fields, pristine", "cross-document", "time:"):
        assert part in text
    from pipeline.evaluate import CHECKS

    assert all(check in text for check in CHECKS)  # every check has its row, implemented or not
    path = tmp_path / "m.json"
    path.write_text(json.dumps(metrics, ensure_ascii=False))
    assert json.loads(path.read_text())["images"] == 24


def test_a_missing_corpus_is_a_clear_error(tmp_path):
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="no labels.jsonl"):
        load_labels(tmp_path)


def _person_rows(person, pages):
    """Evaluation rows of one person's ID card pages: (name read, labelled name mismatch, defects, expected)."""
    return [{"label": {"file": f"{person}_{i}.jpg", "person": person, "name_mismatch": mismatch, "defects": defects,
                       "expected": expected},
             "material": "id_card_front", "legible": True, "fields": {"name": name} if name else {},
             "confidence": {"name": 0.99} if name else {}}
            for i, (name, mismatch, defects, expected) in enumerate(pages)]


def test_names_the_labels_cannot_decide_are_not_scored_and_the_rest_are():
    """A name mismatch labelled on a page too blurred to read cannot be found by comparing names; a pasted field
    may put another name on a page the labels call consistent (seed 77: "余涛顾宇学士学位" pasted over "余涛健")."""
    from pipeline.evaluate import _score_cross
    from pipeline.fieldchecks import cross_check

    blurred = {"SCAN_CLARITY": "fail"}
    rows = (_person_rows("a", [("张伟", False, [], {}), ("张伟", False, [], {}), (None, True, ["blur_strong"], blurred)])
            + _person_rows("b", [("李娜", False, [], {}), ("李娜顾宇", False, ["pasted_field"], {})])
            + _person_rows("c", [("王芳", False, [], {}), ("王芳芳", True, [], {})])  # found
            + _person_rows("d", [("赵军", False, [], {}), ("赵军", False, [], {})])  # agrees
            + _person_rows("e", [("陈明", False, [], {}), ("陈明明", False, [], {})]))  # a false alarm
    m = _score_cross(rows, cross_check)
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (1, 1, 0, 1)
    assert m["not_scored_unreadable"] == 1 and m["not_scored_pasted"] == 1


def test_glare_is_labelled_an_exposure_failure_only_where_it_fades_print(tmp_path):
    """The check is of glare that wipes out text: seed 88's reflection on a certificate's blank lower half faded no
    print and is not scored either way; its reflection across an ID card's name lines and photo is a failure."""
    from samples.corpus import make_one

    blank = make_one(402, "vocational_certificate", 930245003, None, "glare", 88, str(tmp_path))
    over_text = make_one(301, "id_card_front", 27203725, "廖俊", "glare", 88, str(tmp_path))
    assert blank["expected"]["SCAN_EXPOSURE"] is None and blank["acquisition"]["glare_faded_px"] == 0
    assert over_text["expected"]["SCAN_EXPOSURE"] == "fail" and over_text["acquisition"]["glare_faded_px"] > 1000
