"""Units as written and their canonical form, for comparison and export.

The gold keeps 万 and 亿 in the unit ("4.77万人次"); comparison and export use
the canonical pair (47700, "人次").  Only magnitude prefixes and a few exact
conversions are applied, so a canonical unit is still a unit a reader knows.
"""

from __future__ import annotations

from .numerals import same_number

# Longest prefix first: 万亿 before 亿 before 万.
_MAGNITUDES: tuple[tuple[str, float], ...] = (
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
)

# Units that are a fixed multiple of another; the canonical side is what
# reports mostly write.
_CONVERSIONS: dict[str, tuple[float, str]] = {
    "兆瓦": (1e3, "千瓦"),
    "公里": (1.0, "千米"),
    "公顷": (15.0, "亩"),
}


def canonical(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) with magnitude prefixes folded in: (4.77, '万人次') → (47700, '人次')."""
    unit = unit.strip()
    factor = 1.0
    for prefix, mult in _MAGNITUDES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            factor = mult
            unit = unit[len(prefix):]
            break
    if unit in _CONVERSIONS:
        mult, unit = _CONVERSIONS[unit]
        factor *= mult
    return _round(value * factor), unit


def _round(v: float) -> float:
    # 4.77 * 1e4 is 47699.99999999999 in binary; reports never carry more
    # than a handful of decimals, so rounding to 6 removes the noise only.
    return round(v, 6)


def same_quantity(v1: float, u1: str, v2: float, u2: str) -> bool:
    """True when two figures are the same amount after canonicalisation."""
    c1, cu1 = canonical(v1, u1)
    c2, cu2 = canonical(v2, u2)
    return cu1 == cu2 and same_number(c1, c2)


def scale_factor(v1: float, u1: str, v2: float, u2: str) -> float | None:
    """Ratio of two figures in the same base unit (for unit-scale errors)."""
    c1, cu1 = canonical(v1, u1)
    c2, cu2 = canonical(v2, u2)
    if cu1 != cu2 or c2 == 0:
        return None
    return c1 / c2
