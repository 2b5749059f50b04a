"""Chinese script normalisation: traditional characters that the recogniser read on simplified documents.

The PP-OCR dictionary holds traditional and simplified characters alike, and a
recogniser now and then reads 静 as 靜 or 黄 as 黃. Mainland certificates are
printed in simplified characters, so a traditional one in what was read is a
misreading of its simplified form (OpenCC's traditional-to-simplified table).
Characters of the simplified standard set (GB 2312) are never changed, even
where OpenCC would map them (乾 stays 乾 in a name, 於 stays 於).
"""

from __future__ import annotations

import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _char(c: str) -> str:
    try:
        c.encode("gb2312")
        return c  # a character of the simplified standard set
    except UnicodeEncodeError:
        pass
    s = _converter().convert(c)
    return s if len(s) == 1 else c


def simplified(text: str) -> str:
    """``text`` with each traditional-only Han character replaced by its simplified form."""
    return _HAN.sub(lambda m: _char(m.group(0)), text) if text else text
