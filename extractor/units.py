"""Units as written and their canonical form, for comparison and export.

The gold keeps 万 and 亿 in the unit ("4.77万人次"); comparison and export use
the canonical pair (47700, "人次").  Only magnitude prefixes and a few exact
conversions are applied, so a canonical unit is still a unit a reader knows:
亿元/万元/元 → 元, 万人/人 → 人, 万人次 → 人次, 万吨 → 吨, 万亩 → 亩, % stays %.
"""

from __future__ import annotations

from functools import lru_cache

from .numerals import fold, same_number

# Longest prefix first: 万亿 before 亿 before 万.  A bare 千 or 百 is not a
# prefix: 千瓦, 千米 and 百分点 are units of their own.
MAGNITUDES: tuple[tuple[str, float], ...] = (
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
)
_FACTOR = dict(MAGNITUDES)

# Units that are a fixed multiple of another; the canonical side is what
# reports mostly write.
_CONVERSIONS: dict[str, tuple[float, str]] = {
    "兆瓦": (1e3, "千瓦"),
    "公里": (1.0, "千米"),
    "公顷": (15.0, "亩"),
    "千瓦时": (1.0, "度"),
}

# "万余人", "亿多元": the 余/多 says "more than", it is no part of the unit.
_ABOUT = "余多"


def magnitude_factor(prefix: str) -> float:
    """1e4 for '万', 1e8 for '亿', 1 for ''."""
    return _FACTOR.get(prefix, 1.0)


# Grounding and merging split the unit of every fact, and a corpus writes a
# few hundred distinct units at most: remember the answers.
@lru_cache(maxsize=4096)
def split_unit(unit: str) -> tuple[str, str]:
    """(magnitude prefix, base unit): '万人次' → ('万', '人次'), '%' → ('', '%').

    The base is folded to half-width ('％' → '%') and loses a leading 余/多.
    A unit that is only a magnitude ('万') is its own base.
    """
    unit = fold(unit).strip().replace(" ", "")
    prefix = ""
    for candidate, _ in MAGNITUDES:
        if unit.startswith(candidate) and len(unit) > len(candidate):
            prefix, unit = candidate, unit[len(candidate) :]
            break
    if prefix and len(unit) > 1 and unit[0] in _ABOUT:
        unit = unit[1:]
    return prefix, unit


def canonical(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) with magnitude prefixes folded in: (4.77, '万人次') → (47700, '人次')."""
    factor, base = _scale(unit)
    # 4.77 * 1e4 is 47699.99999999999 in binary; reports never carry more
    # than a handful of decimals, so rounding to 6 removes the noise only.
    return round(value * factor, 6), base


# Every grounded fact is made canonical, in a few hundred distinct units.
@lru_cache(maxsize=4096)
def _scale(unit: str) -> tuple[float, str]:
    """What a figure in ``unit`` is multiplied by to be in its canonical unit, and that unit."""
    prefix, base = split_unit(unit)
    factor = magnitude_factor(prefix)
    if base in _CONVERSIONS:
        mult, base = _CONVERSIONS[base]
        factor *= mult
    return factor, base


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
