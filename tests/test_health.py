"""Health of the rules data and the environment: sources exist, codes have both messages, one OpenCV, a clean core."""

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from pipeline.messages import codes
from rules.catalogue import load_catalogue
from rules.params import DATA_DIR, load_parameters, seeds_dir
from tests.conftest import ROOT

SEEDS = seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"policy seeds not found at {SEEDS}")


def _groups():
    from rules.procedures import PROCEDURES

    return ["scan", *PROCEDURES]


def _all_sources():
    from rules.params import Source

    for group in _groups():
        ps = load_parameters(group)
        for p in ps.params.values():
            yield f"{group}:{p.name}", p.source
            for v in p.values:
                if v.source:
                    yield f"{group}:{p.name}@{v.effective}", v.source
        if group == "scan":
            continue
        cat = load_catalogue(group)
        yield f"{group}:catalogue", cat.source
        for item in cat.items:
            yield f"{group}:catalogue:{item.id}", cat.item_source(item)
    for path in (DATA_DIR / "lists").glob("*.yaml"):
        yield f"list:{path.stem}", Source.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))["source"])


def test_every_procedure_has_parameters_a_catalogue_and_the_same_interface():
    from rules.procedures import PROCEDURES

    assert set(PROCEDURES) == {"hz-talent", "zj-residence", "sh-residence", "sh-points", "sh-hukou"}
    for name, mod in PROCEDURES.items():
        for attr in ("Facts", "Evidence", "evaluate", "material_conditions", "evidence_from_pages"):
            assert hasattr(mod, attr), f"{name}: {attr}"
        assert load_parameters(name).params, name
        cat = load_catalogue(name)
        assert cat.procedure == name and cat.items, name
        ids = [i.id for i in cat.items]
        assert len(ids) == len(set(ids)), f"{name}: duplicate catalogue ids"
        conds = set(mod.material_conditions(__import__("pipeline.models").models.Declared()))
        for item in cat.items:
            assert item.condition is None or item.condition in conds, f"{name}:{item.id}: condition {item.condition}"


def test_every_catalogue_entry_accepts_only_known_page_types():
    from rules.procedures import PROCEDURES

    types = set(yaml.safe_load((ROOT / "pipeline" / "data" / "material_types.yaml").read_text(encoding="utf-8"))["types"])
    for name in PROCEDURES:
        for item in load_catalogue(name).items:
            assert set(item.accepts) <= types, f"{name}:{item.id}: {set(item.accepts) - types}"
            assert set(item.pages_required) <= types, f"{name}:{item.id}"


def test_lists_the_seeds_do_not_contain_are_marked_unknown_and_empty():
    from rules.lists import load_list

    for path in (DATA_DIR / "lists").glob("*.yaml"):
        lst = load_list(path.stem)
        assert lst.known or not lst.entries, f"{path.stem}: entries of an unknown list"


@needs_seeds
def test_every_parameter_catalogue_entry_and_list_cites_an_existing_seed_and_section():
    for where, src in _all_sources():
        seed = SEEDS / src.file
        assert seed.is_file(), f"{where}: cites {src.file}, which is not in {SEEDS}"
        heading = re.split(r"[\s（(；;]", src.section, maxsplit=1)[0]
        assert heading in seed.read_text(encoding="utf-8"), f"{where}: section {heading!r} not found in {src.file}"


def test_every_code_has_chinese_and_english_messages():
    for code, entry in codes().items():
        assert entry, code
        for key, msg in entry.items():
            assert msg.get("zh") and msg.get("en"), f"{code}.{key}"


def test_every_code_used_in_the_code_is_in_the_catalogue_of_codes():
    used = set()
    for path in list((ROOT / "pipeline").rglob("*.py")) + list((ROOT / "rules").rglob("*.py")):
        used |= set(re.findall(r'(?:finding|reason)\(\s*"([A-Z_]+)"', path.read_text(encoding="utf-8")))
    assert used, "no codes found: the pattern is wrong"
    assert used <= set(codes()), used - set(codes())


def test_no_policy_number_in_rule_code():
    src = (ROOT / "rules" / "hz_talent.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(300000|500000|300_000|500_000)\b", src)


def test_no_policy_number_in_any_rule_module():
    """Numbers live in rules/data; rule code may only count (0, 1) and turn years into months (12).
    hz_talent also names its acceptance conditions 1-7. (Presentation code such as explain.py is not rule code.)"""
    import ast

    from rules.procedures import PROCEDURES

    paths = [Path(m.__file__) for m in PROCEDURES.values()] + [ROOT / "rules" / "common.py", ROOT / "rules" / "decide.py"]
    assert len(paths) == 7
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nums = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)}
        allowed = {0, 1, 12} | (set(range(1, 8)) if path.name == "hz_talent.py" else set())
        assert nums <= allowed, f"{path.name}: {sorted(nums - allowed)}"


def test_exactly_one_opencv_distribution_is_installed():
    names = {d.metadata["Name"].lower() for d in metadata.distributions()}
    cv = sorted(n for n in names if n.startswith("opencv"))
    assert cv == ["opencv-contrib-python"], cv
    import cv2

    assert cv2.__version__.startswith("4.10.")


def test_the_core_imports_neither_prefect_nor_the_cli_library():
    code = ("import sys, pipeline.run, pipeline.batch, pipeline.report, rules.procedures, rules.decide;"
            "bad=[m for m in ('prefect','click','pipeline.cli','flows') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
