"""The health release as it was before issue 12, rebuilt from a build's private tables, for the attacker's tests.

Counts of 1-7 suppressed, one extra ward per LA with a single suppressed ward, counts rounded to 5, but values
and 95% limits computed from the unrounded counts at full precision, with reasons that name the rule. Kept
so the attacker is shown to catch a weak release (it recovers thousands of counts from it) as well as to
find nothing in the real one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spi.disclosure.cells import Cell, open_read_only
from spi.disclosure.statistics import Measure, byar_lower, byar_upper, wilson
from typing import Any

_COUNTS = """
select area_level, area_code, lad_code, period_year, measure_id,
       round(numerator) as numerator, round(denominator) as denominator
from private.int_health_counts_unioned
"""

# the DSR from unrounded age-band counts (ESP 2013), ward and LA
_DSR = """
with weights as (
    select spi_age_band as age_band, sum(esp_weight * share_of_group) as weight
    from reference.esp2013_age_bands group by spi_age_band
),
bands as (
    select 'ward' as area_level, ward_code as area_code, period_year, age_band, emergency_admissions, residents
    from private.int_ward_record_counts_aggregated
    union all
    select 'lad', lad_code, period_year, age_band, sum(emergency_admissions), sum(residents)
    from private.int_ward_record_counts_aggregated group by lad_code, period_year, age_band
)
select area_level, area_code, period_year, sum(emergency_admissions) as observed,
       100000.0 * sum(weight * emergency_admissions / residents) / sum(weight) as dsr,
       power(100000.0 / sum(weight), 2) * sum(weight * weight * emergency_admissions / (residents * residents))
           as variance
from bands inner join weights using (age_band)
where residents > 0
group by area_level, area_code, period_year
"""


def weak_release(database: Path, measures: dict[str, Measure]) -> list[Cell]:
    """Every ward and LA health cell as the old method published it."""
    connection = open_read_only(database)
    try:
        rows = connection.execute(_COUNTS).fetchall()
        dsr = {(row[0], row[1], row[2]): row[3:] for row in connection.execute(_DSR).fetchall()}
    finally:
        connection.close()
    primary = {
        (level, code, measure_id, year): (1 <= numerator <= 7) or (1 <= denominator <= 7)
        for level, code, _lad, year, measure_id, numerator, denominator in rows
    }
    secondary = _secondary(rows, primary)
    cells = []
    for level, code, lad, year, measure_id, numerator, denominator in rows:
        key = (level, code, measure_id, year)
        suppressed = primary[key] or key in secondary
        value = lower = upper = None
        if not suppressed and numerator >= 10 and denominator > 0:
            value, lower, upper = _statistic(measures[measure_id], numerator, denominator, dsr.get((level, code, year)))
        reason = None
        if primary[key]:
            reason = "primary: count of 1 to 7"
        elif key in secondary:
            reason = "secondary: protects a suppressed ward of the same local authority"
        elif value is None:
            reason = "value not published: count under 10"
        cells.append(
            Cell(
                key=key,
                lad_code=lad,
                numerator=None if suppressed else int(round(numerator / 5) * 5),
                denominator=None if suppressed else int(round(denominator / 5) * 5),
                value=value,
                ci_lower=lower,
                ci_upper=upper,
                is_suppressed=suppressed,
                reason=reason,
            )
        )
    return cells


def _secondary(rows: list[tuple[Any, ...]], primary: dict[Any, Any]) -> set[Any]:
    """The old rule: an LA with exactly one suppressed ward also loses its smallest non-zero other ward."""
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for level, code, lad, year, measure_id, numerator, _denominator in rows:
        if level == "ward":
            groups.setdefault((lad, year, measure_id), []).append(((level, code, measure_id, year), numerator))
    chosen = set()
    for (lad, year, measure_id), wards in groups.items():
        if sum(primary[key] for key, _ in wards) == 1:
            candidates = sorted(
                (numerator == 0, numerator, key[1], key) for key, numerator in wards if not primary[key]
            )
            if candidates:
                chosen.add(candidates[0][3])
            else:
                chosen.add(("lad", lad, measure_id, year))
    return chosen


def _statistic(measure: Measure, numerator: float, denominator: float, dsr: tuple[Any, ...] | None
               ) -> tuple[float | None, float | None, float | None]:
    x, n = np.array([numerator]), np.array([denominator])
    scale = measure.multiplier
    if measure.statistic == "proportion":
        return scale * numerator / denominator, scale * wilson(x, n, -1.0)[0], scale * wilson(x, n, 1.0)[0]
    if measure.statistic == "rate":
        rate = scale * numerator / denominator
        return rate, scale * byar_lower(x)[0] / denominator, scale * byar_upper(x)[0] / denominator
    if dsr is None:
        return None, None, None
    observed, rate, variance = (float(part) for part in dsr)
    o = np.array([observed])
    spread = np.sqrt(variance / observed)
    return rate, rate + spread * (byar_lower(o)[0] - observed), rate + spread * (byar_upper(o)[0] - observed)
