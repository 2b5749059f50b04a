"""Shared fixtures; also collects the YAML rule cases in tests/cases (OpenFisca style: each case is a sentence)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "hz-talent"

os.environ.setdefault("PRECHECK_MODEL_DIR", str(ROOT / ".models"))
os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@pytest.fixture(scope="session")
def sample_reports():
    """Each bundled sample checked once with the real default engine (shared by several tests)."""
    from pipeline.run import check_submission

    return {p.name: check_submission(p) for p in sorted(SAMPLES.iterdir()) if p.is_dir()}


# ------------------------------------------------------------ YAML rule cases
def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return RuleCaseFile.from_parent(parent, path=file_path)
    return None


def _on(mapping: dict):
    """The ``on`` date of a case or file (YAML 1.1 reads a bare ``on`` key as True)."""
    return mapping.get("on", mapping.get(True))


class RuleCaseFile(pytest.File):
    def collect(self):
        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield RuleCase.from_parent(self, name=case["name"], procedure=data["procedure"], case=case,
                                       default_on=_on(data))


class RuleCase(pytest.Item):
    """One YAML case: ``declared``/``evidence``/``on`` are the facts; ``expect`` holds ``outcome``, ``reasons``
    (codes that must be among the decision's; ``CODE@rule`` names the rule too), ``not_reasons`` (codes that
    must not), and, for sh-points,
    ``score`` (the simulated total) and ``points`` (indicator key -> points; null = not assessed)."""

    def __init__(self, *, procedure: str, case: dict, default_on=None, **kw):
        super().__init__(**kw)
        self.procedure = procedure
        self.case = case
        self.default_on = default_on

    def runtest(self):
        from datetime import date

        from pipeline.models import Declared
        from rules.procedures import get_procedure

        proc = get_procedure(self.procedure)
        c = self.case
        facts = proc.Facts(declared=Declared.model_validate(c.get("declared", {})),
                           evidence=proc.Evidence.model_validate(c.get("evidence", {})),
                           on=_on(c) or self.default_on or date(2026, 11, 23))
        reasons = proc.evaluate(facts)
        from rules.decide import decide

        decision = decide(reasons)
        codes = [r.code for r in decision.reasons] + [f"{r.code}@{r.rule}" for r in decision.reasons]
        expect = c["expect"]
        errors = []
        if decision.outcome != expect["outcome"]:
            errors.append(f"outcome {decision.outcome!r}, expected {expect['outcome']!r}")
        for code in expect.get("reasons", []):
            if code not in codes:
                errors.append(f"reason {code} missing")
        for code in expect.get("not_reasons", []):
            if code in codes:
                errors.append(f"reason {code} present but should not be")
        if "score" in expect or "points" in expect:
            score = proc.simulate(facts)
            if "score" in expect and score.total != expect["score"]:
                errors.append(f"score {score.total}, expected {expect['score']}")
            got = {i.key: i.points for i in score.indicators}
            for key, pts in expect.get("points", {}).items():
                if got.get(key, "absent") != pts:
                    errors.append(f"indicator {key}: {got.get(key, 'absent')} points, expected {pts}")
        if errors:
            raise RuleCaseFailure(self.name, errors, [x for x in codes if "@" in x])

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, RuleCaseFailure):
            name, errors, codes = excinfo.value.args
            return f"{self.path.name}: {name}\n  " + "\n  ".join(errors) + f"\n  reasons given: {codes}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


class RuleCaseFailure(Exception):
    pass
