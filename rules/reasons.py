"""Build decision reasons with their messages and fix hints from ``rules/data/codes.yaml``."""

from __future__ import annotations

from typing import Any

from pipeline.errors import RulesDataError
from pipeline.messages import codes, message
from pipeline.models import Reason


def reason(code: str, effect: str, rule: str, source: str, facts: dict[str, Any], *, pages: list[str] | None = None,
           **fmt: Any) -> Reason:
    zh, en = message(code, effect, **fmt)
    fix_zh = fix_en = None
    if "fix" in codes().get(code, {}):
        try:
            fix_zh, fix_en = message(code, "fix", **fmt)
        except RulesDataError:
            pass
    return Reason(code=code, rule=rule, effect=effect, message_zh=zh, message_en=en, fix_zh=fix_zh, fix_en=fix_en,
                  source=source, facts=facts, pages=pages or [])
