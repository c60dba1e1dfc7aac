"""Which chunks can hold a figure at all; the rest are never sent to a backend.

Any Arabic digit counts.  Chinese numeral characters are everywhere in prose
(统一, 一体化, 万众一心), so a Chinese numeral only counts when it reads as a
quantity: followed by a measure word or unit, or a multi-character numeral
such as 五百 or 两千.
"""

from __future__ import annotations

import re

_DIGIT = re.compile(r"[0-9０-９]")
_CN = "零〇一二两三四五六七八九十百千万亿"
_MEASURE = "个项家所户人名元亩吨座条件处批次倍成张台套间位辆公里米千万亿%％"
_CN_QUANTITY = re.compile(
    rf"[{_CN}]+[{_MEASURE}]|[二两三四五六七八九十][十百千万亿]|[超近破逾达][{_CN}]+"
)


def has_figure(text: str) -> bool:
    """True when ``text`` may hold a figure worth extracting."""
    return bool(_DIGIT.search(text) or _CN_QUANTITY.search(text))
