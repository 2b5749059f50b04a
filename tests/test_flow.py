"""The Prefect batch flow (ephemeral API via prefect_test_harness) and the nightly deployment."""

import json
import shutil

import pytest

from pipeline import batch
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def _inbox(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "04-associate-needs-review", inbox / "a-needs-review")
    (inbox / "b-broken").mkdir(parents=True)
    (inbox / "b-broken" / "submission.yaml").write_text("procedure: hz-talent\ndeclared: {region: mars}\n",
                                                       encoding="utf-8")
    return inbox


def test_batch_flow_writes_a_report_per_submission_and_resumes(harness, tmp_path):
    from flows.batch import batch_flow

    inbox, out = _inbox(tmp_path), tmp_path / "out"
    summary = batch_flow(str(inbox), str(out))
    rows = {r["submission"]: r for r in summary["rows"]}
    assert rows["a-needs-review"]["outcome"] == "needs_review" and not rows["a-needs-review"]["skipped"]
    assert rows["b-broken"]["status"] == "error" and "region" in rows["b-broken"]["error"]
    report = json.loads((out / "a-needs-review.json").read_text(encoding="utf-8"))
    assert report["decision"]["outcome"] == "needs_review"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"] == {"needs_review": 1, "error": 1}
    again = batch_flow(str(inbox), str(out))
    assert {r["submission"]: r["skipped"] for r in again["rows"]} == {"a-needs-review": True, "b-broken": False}


def test_the_task_retries_and_the_flow_has_no_logic_of_its_own():
    import inspect

    from flows import batch as fb

    assert fb.check_submission_task.retries == 2
    src = inspect.getsource(fb.batch_flow.fn)
    assert "batch.process_one" not in src and "check_submission_task" in src


def test_a_changed_submission_is_checked_again(tmp_path):
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    sub = inbox / "a-needs-review"
    first = batch.process_one(sub, out, resume=True, engine_name="paddleocr")
    assert first["skipped"] is False
    assert batch.process_one(sub, out, resume=True)["skipped"] is True
    (sub / "extra.txt").write_text("new file", encoding="utf-8")
    assert batch.process_one(sub, out, resume=True)["skipped"] is False


def test_nightly_deployment_runs_at_2am_shanghai_time():
    from flows.deploy import nightly_deployment

    dep = nightly_deployment("inbox", "out")
    assert len(dep.schedules) == 1
    sched = dep.schedules[0].schedule
    assert sched.cron == "0 2 * * *" and sched.timezone == "Asia/Shanghai"
    assert dep.parameters == {"inbox": "inbox", "out_dir": "out", "resume": True}
