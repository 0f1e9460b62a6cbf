"""The published interval formulas (macros/health_statistics.sql), vectorised, and their inversions."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Z = 1.96
FloatArray = NDArray[np.float64]


def wilson(numerator: FloatArray, denominator: FloatArray, sign: float) -> FloatArray:
    """Wilson score limit (sign -1 lower, +1 upper) as a fraction."""
    p = numerator / denominator
    centre = p + Z * Z / (2 * denominator)
    spread = Z * np.sqrt(p * (1 - p) / denominator + Z * Z / (4 * denominator * denominator))
    return (centre + sign * spread) / (1 + Z * Z / denominator)


def byar_lower(observed: FloatArray) -> FloatArray:
    safe = np.maximum(observed, 1)
    limit = safe * (1 - 1 / (9 * safe) - Z / (3 * np.sqrt(safe))) ** 3
    return np.where(observed > 0, limit, 0.0)


def byar_upper(observed: FloatArray) -> FloatArray:
    following = observed + 1
    return following * (1 - 1 / (9 * following) + Z / (3 * np.sqrt(following))) ** 3


# Byar's upper/lower ratio and Dobson's (upper - value) / (value - lower) depend on the count alone: tabulated
# once for every count an attacker would try.
_COUNTS = np.arange(1, 1_000_001, dtype=np.float64)
_BYAR_RATIO = byar_upper(_COUNTS) / byar_lower(_COUNTS)
_DOBSON_RATIO = (byar_upper(_COUNTS) - _COUNTS) / (_COUNTS - byar_lower(_COUNTS))


@dataclass(frozen=True)
class Measure:
    measure_id: str
    statistic: str  # proportion | rate | dsr
    multiplier: float


def read_measures(path: Path) -> dict[str, Measure]:
    """The public measure catalogue (seeds/reference/health_measures.csv)."""
    with path.open(newline="") as handle:
        return {
            row["measure_id"]: Measure(row["measure_id"], row["statistic"], float(row["multiplier"]))
            for row in csv.DictReader(handle)
        }


def _precision(*shown: float) -> float:
    """Half a unit of the last decimal the published figures show (1 dp gives 0.05), or ~0 at full precision."""
    for decimals in range(0, 4):
        if all(abs(number - round(number, decimals)) < 1e-9 for number in shown):
            return 0.5 * 10.0**-decimals
    return 1e-9


def _count_from_ratio(table: FloatArray, smallest: float, largest: float) -> int | None:
    """The one count whose tabulated ratio (decreasing in the count) lies in [smallest, largest], if exactly one."""
    ascending = table[::-1]
    first = int(np.searchsorted(ascending, smallest, side="left"))
    last = int(np.searchsorted(ascending, largest, side="right"))
    if last - first != 1:
        return None
    return len(table) - first


def invert(measure: Measure, value: float, lower: float, upper: float) -> tuple[int, int | None] | None:
    """(numerator, denominator or None) that a full-precision value and interval give back, else None.

    Proportions: the Wilson interval's midpoint gives the denominator in closed form. Rates: Byar's
    upper/lower ratio gives the count, value gives the denominator. DSRs: Dobson's ratio gives the count.
    Figures rounded to fewer decimals allow a range of counts: None unless exactly one count fits.
    """
    scale = measure.multiplier
    if measure.statistic == "proportion":
        rate, centre = value / scale, (lower + upper) / (2 * scale)
        if abs(centre - rate) < 1e-12:
            return None
        denominator = Z * Z * (0.5 - centre) / (centre - rate)
        if not 0.5 <= denominator <= 1e8:
            return None
        whole_denominator = round(denominator)
        whole_numerator = round(rate * whole_denominator)
        n = np.array([float(whole_denominator)])
        x = np.array([float(whole_numerator)])
        recomputed = (scale * wilson(x, n, -1.0)[0], scale * wilson(x, n, 1.0)[0])
        if abs(recomputed[0] - lower) <= 1e-9 * scale and abs(recomputed[1] - upper) <= 1e-9 * scale:
            return whole_numerator, whole_denominator
        return None
    if measure.statistic == "rate":
        half = _precision(value, lower, upper)
        if lower - half <= 0:
            return None
        count = _count_from_ratio(_BYAR_RATIO, (upper - half) / (lower + half), (upper + half) / (lower - half))
        if count is None:
            return None
        denominator = scale * count / value
        return (count, round(denominator)) if abs(denominator - round(denominator)) < 1e-6 else (count, None)
    if measure.statistic == "dsr":
        half = _precision(value, lower, upper)
        if value - lower - 2 * half <= 0:
            return None
        count = _count_from_ratio(
            _DOBSON_RATIO,
            (upper - value - 2 * half) / (value - lower + 2 * half),
            (upper - value + 2 * half) / (value - lower - 2 * half),
        )
        return None if count is None else (count, None)
    return None


def recompute(measure: Measure, numerator: int, denominator: int) -> tuple[float, float, float] | None:
    """Value and 95% limits a proportion or rate has when computed from the given counts (None for DSRs)."""
    if denominator <= 0:
        return None
    x, n = np.array([float(numerator)]), np.array([float(denominator)])
    scale = measure.multiplier
    if measure.statistic == "proportion":
        return scale * numerator / denominator, scale * wilson(x, n, -1.0)[0], scale * wilson(x, n, 1.0)[0]
    if measure.statistic == "rate":
        return (
            scale * numerator / denominator,
            scale * byar_lower(x)[0] / denominator,
            scale * byar_upper(x)[0] / denominator,
        )
    return None
