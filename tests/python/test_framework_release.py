"""Framework release 2026.1 keeps the rules of issue 13: tested over the seed and the built data, and every
rule shown to catch a small bad example."""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict

import duckdb
import pytest

from spi.framework import release_rules as rules
from spi.project import PROJECT_DIR
from spi.validation.measures import provided_measures

FRAMEWORK = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
REAL_OR_OFFICIAL = {"real", "modelled", "project_modelled"}


@pytest.fixture(scope="module")
def framework_rows() -> list[dict[str, str]]:
    with FRAMEWORK.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows(framework_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The default index: the release rules apply to what it scores."""
    return rules.default_index_rows(framework_rows)


@pytest.fixture(scope="module")
def england_rows(framework_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The national indicator set (issue 14): what England and area builds score."""
    return rules.default_index_rows(framework_rows, "england")


def _row(indicator_id: str, **fields: str) -> dict[str, str]:
    row = {
        "indicator_id": indicator_id, "dimension": "D", "component": "C", "weight": "1", "source_name": "src",
        "source_measure": indicator_id, "data_period": "2021", "data_status": "real", "is_synthetic": "false",
        "source_family": "census_2021", "is_outcome": "true", "rule_exception_reason": "",
    }
    row.update(fields)
    return row


def _national_lsoa21_values(
    marts: duckdb.DuckDBPyConnection, rows: list[dict[str, str]]
) -> dict[str, dict[str, float]]:
    """Each row's LSOA 2021 values as published (int_source_measures_unioned), by indicator: one read of the
    view for all rows (it reads the national files; one query per indicator read them ~40 times)."""
    indicators: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        indicators[(row["source_name"], row["source_measure"])].append(row["indicator_id"])
    national: dict[str, dict[str, float]] = defaultdict(dict)
    for source_name, measure, area, value in marts.execute(
        """
        select measures.source_name, measures.measure, measures.area_code, measures.value
        from intermediate.int_source_measures_unioned as measures
        inner join (select unnest(?) as source_name, unnest(?) as measure) as wanted
            on measures.source_name = wanted.source_name and measures.measure = wanted.measure
        where measures.geography_level = 'lsoa21' and measures.area_code like 'E01%' and measures.value is not null
        """,
        [[name for name, _ in indicators], [measure for _, measure in indicators]],
    ).fetchall():
        for indicator in indicators[(source_name, measure)]:
            national[indicator][area] = value
    return national


# --- the release -------------------------------------------------------------------------------------------


def test_release_has_40_indicators_in_12_components_none_synthetic(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 40
    assert len({row["component"] for row in rows}) == 12
    assert rules.synthetic_indicators(rows) == []
    # real, official modelled, or real practice data apportioned by this project (labelled project_modelled)
    assert all(row["data_status"] in REAL_OR_OFFICIAL for row in rows)


def test_no_economic_indicator(rows: list[dict[str, str]]) -> None:
    assert rules.economic_indicators(rows) == []


def test_no_composite_beside_its_ingredients(rows: list[dict[str, str]]) -> None:
    assert rules.composites_beside_ingredients(rows) == []


def test_inputs_only_with_a_written_reason(rows: list[dict[str, str]]) -> None:
    assert rules.inputs_without_reason(rows) == []


def test_freshest_source(rows: list[dict[str, str]]) -> None:
    assert rules.stale_indicators(rows, provided_measures()) == []


def test_no_source_family_above_half_the_effective_weight(rows: list[dict[str, str]]) -> None:
    shares = rules.effective_weight_shares(rows)
    assert abs(sum(shares.values()) - 1) < 1e-9
    assert max(shares.values()) <= 0.5, shares


def test_every_index_indicator_varies_within_local_authorities(marts: duckdb.DuckDBPyConnection) -> None:
    values = marts.execute(
        """
        select indicators.indicator_id, wards.lad_code, indicators.value
        from marts.fct_ward_indicators as indicators
        inner join marts.dim_wards as wards
            on indicators.ward_code = wards.ward_code
        where indicators.period = (select max(period) from marts.fct_ward_indicators)
        """
    ).fetchall()
    assert {indicator for indicator, _, _ in values}, "no indicator values built"
    assert rules.constant_within_areas(values) == []


def test_no_pair_above_0_9_on_the_national_lsoa_distribution_without_a_reason(
    rows: list[dict[str, str]], marts: duckdb.DuckDBPyConnection
) -> None:
    # LSOA 2021 values as published: national sources give every English LSOA (the staging views read the
    # national files), ICB-only sources the ICB's; a pair is compared over the LSOAs both have. Sources not
    # published on LSOA 2021 (MSOA, LSOA 2011) are compared over the ICB's LSOAs after harmonisation.
    national = _national_lsoa21_values(marts, rows)
    harmonised: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        for area, value in marts.execute(
            """
            select lsoa21_code, value from intermediate.int_lsoa21_measures_harmonised
            where source_name = ? and measure = ? and value is not null
            """,
            [row["source_name"], row["source_measure"]],
        ).fetchall():
            harmonised[row["indicator_id"]][area] = value
    assert len(national["violence_with_injury"]) == 33_755  # the national distribution, not the ICB's
    pairs = rules.correlated_pairs(national) + [
        pair for pair in rules.correlated_pairs(harmonised)
        if not (pair[0] in national and pair[1] in national)
    ]
    assert rules.pairs_without_reason(pairs, rows) == []


def test_practice_indicators_are_apportioned_by_the_real_registrations(
    rows: list[dict[str, str]], marts: duckdb.DuckDBPyConnection
) -> None:
    practice = [row for row in rows if row["source_family"] == "nhs_practice"]
    assert practice and all(row["source_name"] == "practice_data" for row in practice)
    assert all(row["data_status"] == "project_modelled" for row in practice)
    # the key is the NHS England registrations file: 141 practices, none synthetic
    assert marts.execute(
        "select count(distinct practice_code) from intermediate.int_practice_lsoa_shares_computed"
    ).fetchone()[0] == 141
    synthetic_keys = marts.execute(
        """
        select count(*) from intermediate.int_practice_lsoa_shares_computed as shares
        anti join staging.stg_nhs_england__gp_registrations as registrations
            on shares.practice_code = registrations.practice_code and shares.lsoa21_code = registrations.lsoa_code
        """
    ).fetchone()[0]
    assert synthetic_keys == 0


def test_default_index_has_no_synthetic_indicator(marts: duckdb.DuckDBPyConnection) -> None:
    counts = Counter(
        dict(marts.execute(
            "select is_synthetic, count(*) from marts.dim_indicators where is_in_index group by all"
        ).fetchall())
    )
    assert counts[True] == 0 and counts[False] >= 40


def test_synthetic_rows_are_labelled_and_only_opt_in(framework_rows: list[dict[str, str]]) -> None:
    # the synthetic health indicators stay in the framework so that --include-synthetic-health (or a real
    # extract) can score them; they are labelled everywhere and say why they are out of the default index
    synthetic = [row for row in framework_rows if rules.is_synthetic(row)]
    assert {row["indicator_id"] for row in synthetic} == {"child_obesity", "emergency_admissions_dsr"}
    for row in synthetic:
        assert row["is_synthetic"] == "true" and row["data_status"] == "synthetic", row["indicator_id"]
        assert row["source_family"] == "synthetic_nhs" and "(SYNTHETIC)" in row["indicator_name"]
        assert "--include-synthetic-health" in row["rule_exception_reason"]


def test_default_index_rows_leave_synthetic_out_and_renormalise() -> None:
    kept = rules.default_index_rows([
        _row("a", weight="0.6"), _row("s", weight="0.4", is_synthetic="true", data_status="synthetic"),
    ])
    assert [row["indicator_id"] for row in kept] == ["a"] and float(kept[0]["weight"]) == pytest.approx(1.0)


# --- the national indicator set (issue 14) ----------------------------------------------------------------


def test_england_index_has_35_indicators_in_12_components_and_keeps_the_rules(
    england_rows: list[dict[str, str]], framework_rows: list[dict[str, str]]
) -> None:
    assert len(england_rows) >= 35
    assert len({row["component"] for row in england_rows}) == 12
    assert rules.synthetic_indicators(england_rows) == []
    assert all(row["data_status"] in REAL_OR_OFFICIAL for row in england_rows)
    assert rules.economic_indicators(england_rows) == []
    assert rules.composites_beside_ingredients(england_rows) == []
    assert rules.inputs_without_reason(england_rows) == []
    assert rules.stale_indicators(england_rows, provided_measures()) == []
    # the stand-ins leave no ICB-only source in the England index
    assert not [row["indicator_id"] for row in england_rows if row["source_family"] == "nhs_practice"]
    # England-only rows change nothing in the default index: the ICB index is its 40 rows
    assert len(rules.default_index_rows(framework_rows)) == len(
        [row for row in framework_rows if rules.scored_in(row, "icb") and not rules.is_synthetic(row)]
    )


def test_england_stand_ins_lower_the_largest_family_share(
    england_rows: list[dict[str, str]], framework_rows: list[dict[str, str]]
) -> None:
    # Five components have IoD data only nationally (Nutrition: acute morbidity; Personal Safety, Personal
    # Rights, Access to Information, Environmental Quality), so the IoD carries about half the England index;
    # the national stand-ins must lower its share, not raise it (CHANGELOG 2026.1, "England").
    shared_only = rules.default_index_rows(
        [row for row in framework_rows if row["regions"] != "england"], "england"
    )
    with_stand_ins = rules.effective_weight_shares(england_rows)
    assert abs(sum(with_stand_ins.values()) - 1) < 1e-9
    assert max(with_stand_ins.values()) < max(rules.effective_weight_shares(shared_only).values())
    assert max(with_stand_ins.values()) < 0.52, with_stand_ins


def test_no_pair_of_england_indicators_above_0_9_nationally_without_a_reason(
    england_rows: list[dict[str, str]], marts: duckdb.DuckDBPyConnection
) -> None:
    # every England source but life expectancy (MSOA 2011) is published on LSOA 2021 for every LSOA, and the
    # staging views read the national files, so the default build holds the national distribution
    national = _national_lsoa21_values(marts, england_rows)
    assert len(national["activities_limited_a_lot"]) == 33_755
    assert len(national["loneliness"]) == 33_755  # the national loneliness file (issue 14)
    pairs = rules.correlated_pairs(national)
    assert {(first, second) for first, second, _, _ in pairs} >= {("activities_limited_a_lot", "bad_health")}
    assert rules.pairs_without_reason(pairs, england_rows) == []


# --- each rule catches a bad example ----------------------------------------------------------------------


def test_region_cut_and_england_only_weights() -> None:
    rows = [
        _row("shared_a", weight="0.6", regions="icb;england"),
        _row("shared_b", weight="0.2", regions="icb;england"),
        _row("icb_only", weight="0.2", regions="icb"),
        _row("national", weight="0.1", regions="england"),
    ]
    assert [row["indicator_id"] for row in rules.default_index_rows(rows)] == ["shared_a", "shared_b", "icb_only"]
    england = rules.default_index_rows(rows, "england")
    assert [row["indicator_id"] for row in england] == ["shared_a", "shared_b", "national"]
    assert sum(float(row["weight"]) for row in england) == pytest.approx(1.0)
    assert rules.england_only_weights(rows) == {"national": pytest.approx(0.4)}  # mean of 0.6 and 0.2
    assert rules.scored_in(_row("no_regions_column"), "england")  # a framework file is scored whole


def test_synthetic_rule_catches_a_synthetic_row() -> None:
    assert rules.synthetic_indicators([_row("fake", is_synthetic="true", data_status="synthetic")]) == ["fake"]


def test_economic_rule_catches_affordability_and_income() -> None:
    bad = [
        _row("owner_occupation_affordability"),
        _row("poverty", source_measure="income_deprived_people"),
        _row("households_deprived_3_plus", source_measure="households_deprived_3_plus_dimensions_percent"),
        _row("bad_health"),
    ]
    assert rules.economic_indicators(bad) == ["owner_occupation_affordability", "poverty", "households_deprived_3_plus"]


def test_composite_rule_catches_a_sub_domain_beside_its_ingredient() -> None:
    bad = [
        _row("outdoors", source_measure="outdoors_living_environment_score"),
        _row("no2", source_measure="nitrogen_dioxide"),
        _row("cyp", source_measure="children_young_people_score"),
    ]
    assert rules.composites_beside_ingredients(bad) == [("outdoors", "no2")]


def test_input_rule_catches_an_input_without_a_reason() -> None:
    bad = [
        _row("patients_per_gp", is_outcome="false"),
        _row("road_distance_gp", source_measure="road_distance_gp_surgery_km"),  # claims to be an outcome
        _row("broadband", source_measure="digital_connectivity", is_outcome="false", rule_exception_reason="access"),
    ]
    assert rules.inputs_without_reason(bad) == ["patients_per_gp", "road_distance_gp"]


def test_freshness_rule_catches_old_data_and_a_superseded_source() -> None:
    provided = {"iod2025_indicators": {"acute_morbidity"}}
    bad = [
        _row("no2", data_period="2016"),
        _row("old_but_explained", data_period="2015-2017", rule_exception_reason="no newer source"),
        _row("acute_2019", source_name="iod2019_indicators", source_measure="acute_morbidity", data_period="2019"),
        _row("qof", data_period="2022/23"),
    ]
    assert rules.stale_indicators(bad, provided) == ["no2", "acute_2019"]
    assert rules.last_year("2022/23") == 2023 and rules.last_year("2016-2020") == 2020


def test_within_area_rule_catches_one_value_per_local_authority() -> None:
    values = [
        ("homelessness", "la1", 2.0), ("homelessness", "la1", 2.0), ("homelessness", "la2", 3.0),
        ("homelessness", "la2", 3.0), ("crime", "la1", 1.0), ("crime", "la1", 4.0), ("crime", "la2", 2.0),
        ("crime", "la2", 2.0),
    ]
    assert rules.constant_within_areas(values) == ["homelessness"]


def test_correlation_rule_catches_a_near_duplicate_pair_unless_explained() -> None:
    areas = [f"E01{number:06d}" for number in range(40)]
    values = {
        "violence_with_injury": {area: float(index) for index, area in enumerate(areas)},
        "violence_without_injury": {area: 2.0 * index + (index % 3) for index, area in enumerate(areas)},
        "burglary": {area: float((index * 7) % 11) for index, area in enumerate(areas)},
    }
    pairs = rules.correlated_pairs(values)
    assert [(first, second) for first, second, _, _ in pairs] == [("violence_with_injury", "violence_without_injury")]
    unexplained = [_row("violence_with_injury"), _row("violence_without_injury")]
    assert rules.pairs_without_reason(pairs, unexplained) == pairs
    reason = "unlike violence_with_injury, ..."
    explained = [_row("violence_with_injury"), _row("violence_without_injury", rule_exception_reason=reason)]
    assert rules.pairs_without_reason(pairs, explained) == []


def pearson(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r in plain Python: the independent reference the rule's numpy arithmetic is checked against."""
    n = len(pairs)
    if n < 3:
        return None
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / math.sqrt(sxx * syy)


@pytest.mark.unit
def test_correlation_rule_agrees_with_pearson_over_the_common_areas() -> None:
    # correlated_pairs runs on numpy arrays: the same pairs, r and area counts as `pearson` over the areas both
    # indicators have (gaps, a constant indicator, a pair with too few common areas, negative correlation)
    areas = [f"E01{number:06d}" for number in range(200)]
    base = {area: math.sin(index) * 10 + index / 7 for index, area in enumerate(areas)}
    values = {
        "a": base,
        "b": {area: 3 * value + math.cos(index) for index, (area, value) in enumerate(base.items()) if index % 5},
        "c": {area: -value for area, value in list(base.items())[::2]},
        "constant": dict.fromkeys(areas, 1.0),
        "few": {area: base[area] for area in areas[:20]},
        "noise": {area: math.sin(index * index) for index, area in enumerate(areas) if index % 3},
    }
    expected = []
    names = sorted(values)
    for position, first in enumerate(names):
        for second in names[position + 1:]:
            common = values[first].keys() & values[second].keys()
            r = pearson([(values[first][area], values[second][area]) for area in common])
            if len(common) >= 30 and r is not None and abs(r) > 0.5:
                expected.append((first, second, r, len(common)))
    found = rules.correlated_pairs(values, limit=0.5)
    assert [(first, second, n) for first, second, _, n in found] == [(a, b, n) for a, b, _, n in expected]
    assert [r for _, _, r, _ in found] == pytest.approx([r for _, _, r, _ in expected], abs=1e-12)
    assert {(first, second) for first, second, _, _ in found} >= {("a", "b"), ("a", "c")}


def test_family_share_rule_measures_effective_weight() -> None:
    rows = [
        _row("a", dimension="D1", component="C1", weight="0.5", source_family="iod"),
        _row("b", dimension="D1", component="C1", weight="0.5", source_family="census_2021"),
        _row("c", dimension="D1", component="C2", weight="1", source_family="iod"),
        _row("d", dimension="D2", component="C3", weight="1", source_family="iod"),
    ]
    shares = rules.effective_weight_shares(rows)
    assert shares == pytest.approx({"iod": 0.5 * (0.25 + 0.5) + 0.5, "census_2021": 0.125})
