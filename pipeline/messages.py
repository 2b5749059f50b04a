"""Messages of every finding and reason code, in Chinese and English (``rules/data/codes.yaml``).

A code's entry holds one message pair per status (``pass``, ``fail``, ...) and
optionally per variant (``fail.over``); placeholders use ``str.format`` names.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.errors import RulesDataError
from pipeline.models import Finding
from rules.params import load_data


@lru_cache(maxsize=1)
def codes() -> dict[str, dict]:
    data = load_data("codes.yaml")
    if not isinstance(data, dict):
        raise RulesDataError("rules/data/codes.yaml: expected a mapping of codes")
    return data


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(template: str, values: dict[str, Any]) -> str:
    clean = {k: (f"{v:.1f}" if isinstance(v, float) else v) for k, v in values.items()}
    return template.format_map(_Safe(clean))


def message(code: str, key: str, variant: str | None = None, **fmt: Any) -> tuple[str, str]:
    """(zh, en) text of a code's message ``key`` (a status or 'fix'), variant first."""
    entry = codes().get(code)
    if entry is None:
        raise RulesDataError(f"rules/data/codes.yaml: no entry for code {code!r}")
    for k in ([f"{key}.{variant}"] if variant else []) + [key]:
        if k in entry:
            m = entry[k]
            return _fmt(m["zh"], fmt), _fmt(m["en"], fmt)
    raise RulesDataError(f"rules/data/codes.yaml: code {code!r} has no message for {key!r}")


def finding(
    code: str,
    status: str,
    value: Any,
    threshold: Any,
    source: str,
    *,
    file: str | None = None,
    page: int | None = None,
    variant: str | None = None,
    **fmt: Any,
) -> Finding:
    zh, en = message(code, status, variant, value=value, threshold=threshold, file=file or "", page=page or "", **fmt)
    return Finding(code=code, status=status, value=value, threshold=threshold, message_zh=zh, message_en=en,
                   source=source, variant=variant, file=file, page=page)


def uncertain(f: Finding) -> Finding:
    """A failure found in what was read from an illegible page: kept, as a warning that it may be a misreading."""
    if f.status != "fail":
        return f
    zh, en = message("READ_UNCERTAIN", "warn")
    return f.model_copy(update={"status": "warn", "message_zh": f.message_zh + zh,
                                "message_en": f"{f.message_en} {en}"})
