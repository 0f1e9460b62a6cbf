"""The rules a framework release must keep (issue 13), as functions that return what breaks them.

Each function takes plain rows (the framework seed as dicts, or values from a built database) and returns
the offending indicators, so the release test can assert an empty result and show what broke a rule, and a
small bad example can show that the rule catches what it should. A rule that admits written exceptions
accepts a row only where rule_exception_reason says why.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

Row = Mapping[str, str]

# Official composites and the published measures they are built from (source_measure names as staged; the
# IoD 2019 and 2025 vintages share names). An index holding a composite and one of its ingredients counts
# the ingredient twice.
COMPOSITES: dict[str, frozenset[str]] = {
    "children_young_people_score": frozenset(
        {"not_staying_on_post_16", "entry_to_higher_education", "ks2_attainment", "ks4_attainment",
         "secondary_school_absence"}
    ),
    "adult_skills_score": frozenset({"adult_skills_english_proficiency"}),
    "indoors_living_environment_score": frozenset({"houses_without_central_heating", "housing_in_poor_condition"}),
    "outdoors_living_environment_score": frozenset(
        {"air_quality", "nitrogen_dioxide", "benzene", "sulphur_dioxide", "particulates", "road_traffic_accidents"}
    ),
    "geographical_barriers_score": frozenset(
        {"connectivity_score", "road_distance_post_office_km", "road_distance_primary_school_km",
         "road_distance_general_store_km", "road_distance_gp_surgery_km"}
    ),
    "wider_barriers_score": frozenset(
        {"overcrowding_rooms", "overcrowding_bedrooms", "homelessness_rate_per_1000_households",
         "core_homelessness_percent", "housing_affordability", "owner_occupation_affordability",
         "private_rental_affordability"}
    ),
    "air_quality": frozenset({"nitrogen_dioxide", "benzene", "sulphur_dioxide", "particulates"}),
    "housing_affordability": frozenset({"owner_occupation_affordability", "private_rental_affordability"}),
}

# Economic measures: comparison axes (dim_wards), never index indicators.
ECONOMIC_MEASURES = frozenset(
    {"income_deprived_people", "income_deprived_children", "income_deprived_older_people",
     "employment_deprived_people", "housing_affordability", "owner_occupation_affordability",
     "private_rental_affordability", "households_deprived_3_plus_dimensions_percent", "imd_score"}
)
ECONOMIC_WORDS = re.compile(r"income|employment|unemploy|afford|earning|wage|salar|benefit_claim|deprived_3", re.I)

# A row scored only by England and area builds takes the mean weight of its component's rows scored in both
# regions (spi derive-weights applies it), so it weighs as much as an average shared indicator there.
ENGLAND_ONLY = "england"


def england_only_weights(rows: Iterable[Row]) -> dict[str, float]:
    """The weight of every England-only row (regions 'england', not synthetic): the mean weight of the rows of
    its component scored in both the ICB and England (synthetic rows left out). A component with no shared
    row keeps the row's own weight."""
    rows = list(rows)
    shared: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if not is_synthetic(row) and scored_in(row, "icb") and scored_in(row, ENGLAND_ONLY):
            shared[row["component"]].append(float(row["weight"]))
    return {
        row["indicator_id"]: (
            sum(shared[row["component"]]) / len(shared[row["component"]])
            if shared[row["component"]] else float(row["weight"])
        )
        for row in rows
        if not is_synthetic(row) and scored_in(row, ENGLAND_ONLY) and not scored_in(row, "icb")
    }


# Measures of provision or access rather than of what people experience: in the index only with a reason.
INPUT_MEASURES = frozenset(
    {"patients_per_gp", "road_distance_post_office_km", "road_distance_primary_school_km",
     "road_distance_general_store_km", "road_distance_gp_surgery_km", "digital_connectivity", "connectivity_score"}
)

# A source whose measures a fresher source in the project also provides under the same name.
SUPERSEDED_BY = {"iod2019_indicators": "iod2025_indicators", "unpaid_care_2021": "census21"}
FRESH_FROM_YEAR = 2019

CORRELATION_LIMIT = 0.9


def has_reason(row: Row) -> bool:
    return bool((row.get("rule_exception_reason") or "").strip())


def is_synthetic(row: Row) -> bool:
    return (
        row["is_synthetic"].lower() == "true"
        or row["data_status"] == "synthetic"
        or row["source_family"] in ("synthetic", "synthetic_nhs")
    )


def synthetic_indicators(rows: Iterable[Row]) -> list[str]:
    """Indicators whose data are synthetic (the default index holds none)."""
    return [row["indicator_id"] for row in rows if is_synthetic(row)]


def scored_in(row: Row, region: str) -> bool:
    """True where the row's `regions` (e.g. 'icb;england') name the region, as the dbt macro
    framework_region_filter decides; an area build scores the 'england' cut. A row without regions (a
    framework file given to `spi score`) is scored in every region."""
    regions = (row.get("regions") or "").strip()
    return not regions or region in regions.split(";")  # a framework file without the column is scored whole


def default_index_rows(rows: Iterable[Row], region: str = "icb") -> list[dict[str, str]]:
    """The rows an index scores: those of the region (the default build's, 'icb', unless asked for 'england'),
    the synthetic ones (scored only with --include-synthetic-health) left out, and each component's weights
    renormalised over the rest, as int_framework_indicators_indexed does."""
    kept = [dict(row) for row in rows if not is_synthetic(row) and scored_in(row, region)]
    totals: dict[str, float] = defaultdict(float)
    for row in kept:
        totals[row["component"]] += float(row["weight"])
    for row in kept:
        row["weight"] = repr(float(row["weight"]) / totals[row["component"]])
    return kept


def economic_indicators(rows: Iterable[Row]) -> list[str]:
    """Indicators measuring income, employment or affordability (by declared measure or by name)."""
    return [
        row["indicator_id"]
        for row in rows
        if row["source_measure"] in ECONOMIC_MEASURES
        or ECONOMIC_WORDS.search(row["indicator_id"])
        or ECONOMIC_WORDS.search(row["source_measure"])
    ]


def composites_beside_ingredients(
    rows: Iterable[Row], composites: Mapping[str, frozenset[str]] = COMPOSITES
) -> list[tuple[str, str]]:
    """(composite indicator, ingredient indicator) pairs both in the framework."""
    rows = list(rows)
    by_measure: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_measure[row["source_measure"]].append(row["indicator_id"])
    pairs = []
    for row in rows:
        for ingredient in sorted(composites.get(row["source_measure"], frozenset())):
            pairs += [(row["indicator_id"], other) for other in by_measure.get(ingredient, [])]
    return pairs


def inputs_without_reason(rows: Iterable[Row], inputs: frozenset[str] = INPUT_MEASURES) -> list[str]:
    """Indicators that are inputs (declared, or is_outcome false) and give no written reason; and declared
    inputs that claim to be outcomes."""
    offending = []
    for row in rows:
        declared_input = row["source_measure"] in inputs
        if declared_input and row["is_outcome"].lower() == "true":
            offending.append(row["indicator_id"])
        elif (declared_input or row["is_outcome"].lower() != "true") and not has_reason(row):
            offending.append(row["indicator_id"])
    return offending


def last_year(data_period: str) -> int | None:
    """The last year a data_period covers: '2022-2024' -> 2024, '2022/23' -> 2023, '2021' -> 2021."""
    years = [int(year) for year in re.findall(r"\d{4}", data_period)]
    short = re.search(r"\d{4}/(\d{2})$", data_period.strip())
    if short:
        years.append(int(data_period.strip()[:2] + short.group(1)))
    return max(years) if years else None


def stale_indicators(
    rows: Iterable[Row],
    provided: Mapping[str, set[str] | None],
    superseded_by: Mapping[str, str] = SUPERSEDED_BY,
    fresh_from: int = FRESH_FROM_YEAR,
) -> list[str]:
    """Indicators on data ending before `fresh_from` without a reason, or drawing on a source whose measure
    a fresher source in the project provides under the same name (no reason accepted: use the fresher)."""
    offending = []
    for row in rows:
        year = last_year(row["data_period"])
        if (year is None or year < fresh_from) and not has_reason(row):
            offending.append(row["indicator_id"])
            continue
        fresher = superseded_by.get(row["source_name"])
        fresher_measures = provided.get(fresher) if fresher else None
        if fresher_measures and row["source_measure"] in fresher_measures:
            offending.append(row["indicator_id"])
    return offending


def constant_within_areas(values: Iterable[tuple[str, str, float | None]], tolerance: float = 1e-9) -> list[str]:
    """Indicators that take a single value in every area with more than one unit (e.g. one value per
    local authority over its wards), from (indicator, area, value) rows of the smaller units."""
    by_area: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for indicator, area, value in values:
        if value is not None:
            by_area[indicator][area].append(value)
    offending = []
    for indicator, areas in sorted(by_area.items()):
        spreads = [max(units) - min(units) for units in areas.values() if len(units) > 1]
        if spreads and all(spread <= tolerance for spread in spreads):
            offending.append(indicator)
    return offending


def correlated_pairs(
    values: Mapping[str, Mapping[str, float]], limit: float = CORRELATION_LIMIT, min_common: int = 30
) -> list[tuple[str, str, float, int]]:
    """(indicator a, indicator b, r, areas) for pairs whose values correlate above |limit| over the areas
    both have (at least min_common of them). Numpy arrays (one row per indicator, NaN where it has no value):
    the national check compares ~600 pairs over 33,755 LSOAs, a minute in pure Python."""
    indicators = sorted(values)
    areas = {area: column for column, area in enumerate(sorted({area for one in values.values() for area in one}))}
    matrix = np.full((len(indicators), len(areas)), np.nan)
    for row, indicator in enumerate(indicators):
        for area, value in values[indicator].items():
            matrix[row, areas[area]] = value
    present = ~np.isnan(matrix)
    found = []
    for position, first in enumerate(indicators):
        for offset, second in enumerate(indicators[position + 1:], start=position + 1):
            common = present[position] & present[offset]
            n = int(common.sum())
            if n < min_common:
                continue
            r = _pearson_arrays(matrix[position, common], matrix[offset, common])
            if r is not None and abs(r) > limit:
                found.append((first, second, r, n))
    return found


def _pearson_arrays(xs: np.ndarray, ys: np.ndarray) -> float | None:
    """Pearson's r of two aligned arrays (two-pass: means, then centred sums); None below 3 values or with no
    variance."""
    if len(xs) < 3:
        return None
    dx, dy = xs - xs.mean(), ys - ys.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if sxx == 0 or syy == 0:
        return None
    return float(dx @ dy) / math.sqrt(sxx * syy)


def pairs_without_reason(
    pairs: Iterable[tuple[str, str, float, int]], rows: Iterable[Row]
) -> list[tuple[str, str, float, int]]:
    """The correlated pairs where neither indicator's row gives a written reason naming the other."""
    reasons = {row["indicator_id"]: (row.get("rule_exception_reason") or "") for row in rows}
    return [
        pair for pair in pairs
        if pair[1] not in reasons.get(pair[0], "") and pair[0] not in reasons.get(pair[1], "")
    ]


def effective_weight_shares(rows: Iterable[Row]) -> dict[str, float]:
    """Each source family's share of the effective weight: the SPI averages dimensions equally, components
    equally within a dimension, indicators by weight within a component."""
    rows = list(rows)
    components_per_dimension: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        components_per_dimension[row["dimension"]].add(row["component"])
    n_dimensions = len(components_per_dimension)
    shares: dict[str, float] = defaultdict(float)
    for row in rows:
        n_components = len(components_per_dimension[row["dimension"]])
        shares[row["source_family"]] += float(row["weight"]) / n_components / n_dimensions
    return dict(shares)
