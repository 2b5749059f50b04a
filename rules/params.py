"""Dated, scoped and cited parameters (OpenFisca/PolicyEngine style).

A parameter file maps dotted names to entries::

    exposure.ink_max:
      description: ...
      unit: grey level 0-255
      source: {file: 000_1d56a9d687c69bf2.txt, section: "附录3 常见问题解答 4(3)"}
      values:
        - {effective: 2022-08-16, value: 150}
        - {effective: 2022-08-16, value: 300000, scope: 桐庐县, source: {...}}

``ParameterSet.get(name, on=date, scope=district)`` returns the value in force
on that date, preferring a value scoped to the district over an unscoped one.
Errors name the file, the key and the date.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import RulesDataError

DATA_DIR = Path(__file__).parent / "data"


def seeds_dir() -> Path:
    """Where the policy seeds live: $PRECHECK_SEEDS, else ../shared/seeds beside the checkout."""
    env = os.environ.get("PRECHECK_SEEDS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    section: str
    note: str | None = None

    def cite(self) -> str:
        return f"{self.file} {self.section}"


class ParamValue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    effective: date
    value: Any
    scope: str | None = None
    source: Source | None = None


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str
    unit: str | None = None
    source: Source
    note: str | None = None
    values: list[ParamValue]

    def at(self, on: date | None = None, scope: str | None = None) -> ParamValue:
        on = on or date.today()
        live = [v for v in self.values if v.effective <= on]
        scoped = [v for v in live if scope is not None and v.scope == scope]
        general = [v for v in live if v.scope is None]
        pick = scoped or general
        if not pick:
            raise RulesDataError(f"parameter {self.name!r} has no value in force on {on.isoformat()} (scope {scope!r})")
        return max(pick, key=lambda v: v.effective)

    def value_source(self, v: ParamValue) -> Source:
        return v.source or self.source


class ParameterSet:
    def __init__(self, group: str, params: dict[str, Parameter]):
        self.group = group
        self.params = params

    def __contains__(self, name: str) -> bool:
        return name in self.params

    def param(self, name: str) -> Parameter:
        try:
            return self.params[name]
        except KeyError:
            raise RulesDataError(f"rules/data/{self.group}: no parameter {name!r}") from None

    def get(self, name: str, on: date | None = None, scope: str | None = None) -> Any:
        return self.param(name).at(on, scope).value

    def cite(self, name: str, on: date | None = None, scope: str | None = None) -> str:
        p = self.param(name)
        return p.value_source(p.at(on, scope)).cite()


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesDataError(f"{path}: rules data file not found") from None
    except yaml.YAMLError as exc:
        raise RulesDataError(f"{path}: not valid YAML: {exc}") from None


@lru_cache(maxsize=None)
def load_parameters(group: str) -> ParameterSet:
    """Load ``rules/data/<group>.yaml`` (or ``rules/data/<group>/parameters.yaml``)."""
    path = DATA_DIR / f"{group}.yaml"
    if not path.exists():
        path = DATA_DIR / group / "parameters.yaml"
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise RulesDataError(f"{path}: expected a mapping of parameter names")
    params: dict[str, Parameter] = {}
    for name, entry in raw.items():
        try:
            params[name] = Parameter.model_validate({**entry, "name": name})
        except (ValidationError, TypeError) as exc:
            raise RulesDataError(f"{path}: parameter {name!r}: {exc}") from None
    return ParameterSet(group, params)


def load_data(relpath: str) -> Any:
    """Load any YAML file under rules/data (catalogues, lists, codes)."""
    return _load_yaml(DATA_DIR / relpath)
