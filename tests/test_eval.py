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
