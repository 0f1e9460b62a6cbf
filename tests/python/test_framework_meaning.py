"""Issue 13 items 3, 5 and 7: no synthetic data in the default index, the source-family and SPI-IMD diagnostics
recomputed independently from the published marts, the like-for-like change, and the one extra build that asks
for the synthetic health indicators."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from spi.health.generate import declared_real, ensure_generated

# framework 2026.1: the synthetic health indicators, opt-in rows of the framework
SYNTHETIC_HEALTH = {"child_obesity", "emergency_admissions_dsr"}
INDICATORS_IN_INDEX = 40  # the default index of framework 2026.1
LIKE_FOR_LIKE_2019 = {"acute_morbidity", "illness_and_disability", "years_of_potential_life_lost"}
METHOD_CHANGES_2019 = {"mental_health"}


def _mart_columns(connection: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return [table for (table,) in connection.execute(
        "select table_name from information_schema.columns where table_schema = 'marts' and column_name = ?",
        [column],
    ).fetchall()]


def _pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return cov / math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))


def _average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def test_default_index_has_no_synthetic_indicator(marts: duckdb.DuckDBPyConnection) -> None:
    rows = dict(marts.execute(
        "select indicator_id, is_in_index from marts.dim_indicators where is_synthetic"
    ).fetchall())
    assert set(rows) == SYNTHETIC_HEALTH and not any(rows.values())
    # every framework indicator is still listed, with why it is out: the synthetic ones, and the national
    # stand-ins that only England and area builds score (regions 'england', issue 14)
    england_only = marts.execute("select count(*) from marts.dim_indicators where regions = 'england'").fetchone()[0]
    assert marts.execute("select count(*) from marts.dim_indicators").fetchone()[0] == (
        INDICATORS_IN_INDEX + len(SYNTHETIC_HEALTH) + england_only
    )
    reasons = dict(marts.execute(
        "select indicator_id, index_exclusion_reason from marts.dim_indicators where not is_in_index"
    ).fetchall())
    assert all("synthetic" in reasons[indicator] for indicator in SYNTHETIC_HEALTH)
    assert all("England and area builds only" in reason for indicator, reason in reasons.items()
               if indicator not in SYNTHETIC_HEALTH)
    assert len(reasons) == len(SYNTHETIC_HEALTH) + england_only
    scored = {indicator for (indicator,) in marts.execute(
        "select distinct indicator_id from marts.fct_ward_indicators"
    ).fetchall()}
    assert not scored & SYNTHETIC_HEALTH and len(scored) == INDICATORS_IN_INDEX


def test_has_synthetic_inputs_is_false_on_every_mart_row(marts: duckdb.DuckDBPyConnection) -> None:
    """No index mart row has synthetic inputs; a health mart's rows (one per measure) flag exactly the synthetic
    measures' rows, which the health marts keep, labelled (next test)."""
    tables = _mart_columns(marts, "has_synthetic_inputs")
    assert {"fct_ward_spi", "fct_ward_component_scores", "fct_ward_scores"} <= set(tables)
    synthetic_measures = {measure for (measure,) in marts.execute(
        "select distinct measure_id from marts.fct_ward_health_outcomes where is_synthetic"
    ).fetchall()}
    assert synthetic_measures
    with_measure = {table: column for column in ("measure", "measure_id")
                    for table in _mart_columns(marts, column)}
    for table in tables:
        if table not in with_measure:
            assert not marts.execute(f"select bool_or(has_synthetic_inputs) from marts.{table}").fetchone()[0], table
            continue
        flagged = {measure for (measure,) in marts.execute(
            f"select distinct {with_measure[table]} from marts.{table} where has_synthetic_inputs"
        ).fetchall()}
        assert flagged <= synthetic_measures, (table, flagged - synthetic_measures)
    assert not marts.execute("select bool_or(is_synthetic) from marts.fct_ward_indicators").fetchone()[0]
    assert marts.execute(
        "select n_synthetic_indicators_in_index, n_wards_with_synthetic_inputs "
        "from marts.fct_framework_index_diagnostics"
    ).fetchone() == (0, 0)


def test_health_marts_keep_the_synthetic_measures_labelled(marts: duckdb.DuckDBPyConnection) -> None:
    synthetic, real = marts.execute(
        "select count(case when is_synthetic then 1 end), count(case when not is_synthetic then 1 end) "
        "from marts.fct_ward_health_outcomes"
    ).fetchone()
    assert synthetic > 0 and real > 0


def test_weights_in_the_index_renormalise_and_rebuild_the_spi(marts: duckdb.DuckDBPyConnection) -> None:
    sums = marts.execute(
        "select component, sum(weight_in_index) from marts.dim_indicators where is_in_index group by component"
    ).fetchall()
    assert len(sums) == 12 and all(abs(total - 1) < 1e-9 for _, total in sums)
    # the two components that lost their synthetic indicators keep the real ones' relative weights
    ratio = marts.execute(
        "select max(weight_in_index / weight) - min(weight_in_index / weight) from marts.dim_indicators "
        "where is_in_index and component = 'Health and Wellness'"
    ).fetchone()[0]
    assert ratio < 1e-9
    # the SPI is the effective-weighted sum of its indicator scores, recomputed from the published marts
    worst = marts.execute(
        """
        with rebuilt as (
            select indicators.ward_code, sum(dims.effective_weight * indicators.score) as spi
            from marts.fct_ward_indicators as indicators
            inner join marts.dim_indicators as dims on indicators.indicator_id = dims.indicator_id
            group by indicators.ward_code
        )
        select max(abs(rebuilt.spi - spi.spi_score))
        from rebuilt inner join marts.fct_ward_spi as spi on rebuilt.ward_code = spi.ward_code
        """
    ).fetchone()[0]
    assert worst < 1e-6


def test_spi_imd_correlations_match_an_independent_computation(marts: duckdb.DuckDBPyConnection) -> None:
    pairs = marts.execute(
        "select spi.spi_score, wards.imd_2025_score from marts.fct_ward_spi as spi "
        "inner join marts.dim_wards as wards on spi.ward_code = wards.ward_code"
    ).fetchall()
    spi, imd = [row[0] for row in pairs], [row[1] for row in pairs]
    pearson, spearman, n_wards = marts.execute(
        "select spi_imd_pearson, spi_imd_spearman, n_wards from marts.fct_framework_index_diagnostics"
    ).fetchone()
    assert n_wards == len(pairs) == 185
    assert abs(pearson - _pearson(spi, imd)) < 1e-9
    assert abs(spearman - _pearson(_average_ranks(spi), _average_ranks(imd))) < 1e-9
    assert pearson < 0  # the SPI is lower where deprivation is higher


def test_source_family_shares_match_an_independent_computation(marts: duckdb.DuckDBPyConnection) -> None:
    rows = marts.execute(
        """
        select indicators.ward_code, dims.source_family, dims.effective_weight * indicators.score, spi.spi_score
        from marts.fct_ward_indicators as indicators
        inner join marts.dim_indicators as dims on indicators.indicator_id = dims.indicator_id
        inner join marts.fct_ward_spi as spi on indicators.ward_code = spi.ward_code
        """
    ).fetchall()
    contributions: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    spi: dict[str, float] = {}
    for ward, family, points, score in rows:
        contributions[family][ward] += points
        spi[ward] = score
    wards = sorted(spi)
    mean_spi = sum(spi.values()) / len(wards)
    variance = sum((spi[ward] - mean_spi) ** 2 for ward in wards) / len(wards)
    published = {family: (weight, variance_share) for family, weight, variance_share in marts.execute(
        "select source_family, effective_weight_share, spi_variance_share "
        "from marts.fct_framework_source_family_diagnostics"
    ).fetchall()}
    weights = dict(marts.execute(
        "select source_family, sum(effective_weight) from marts.dim_indicators where is_in_index group by source_family"
    ).fetchall())
    for family, by_ward in contributions.items():
        mean_family = sum(by_ward[ward] for ward in wards) / len(wards)
        covariance = sum((by_ward[ward] - mean_family) * (spi[ward] - mean_spi) for ward in wards) / len(wards)
        assert abs(published[family][1] - covariance / variance) < 1e-9, family
        assert abs(published[family][0] - weights[family]) < 1e-12, family
    assert abs(sum(share for _, share in published.values()) - 1) < 1e-9
    assert published["synthetic_nhs"] == (0, 0)


def test_like_for_like_change_uses_real_own_vintages_and_flags_method_changes(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    status = defaultdict(set)
    for indicator, comparison in marts.execute(
        "select distinct indicator_id, comparison_status from marts.fct_ward_indicator_changes where period_from = 2019"
    ).fetchall():
        status[comparison].add(indicator)
    assert status["like_for_like"] == LIKE_FOR_LIKE_2019
    assert status["method_change"] == METHOD_CHANGES_2019
    assert len(status["carried_over"]) == INDICATORS_IN_INDEX - len(LIKE_FOR_LIKE_2019) - len(METHOD_CHANGES_2019)
    counts = marts.execute(
        "select min(n_indicators_like_for_like), max(n_indicators_like_for_like), "
        "min(n_indicators_method_change), min(n_indicators) from marts.fct_ward_spi_changes"
    ).fetchone()
    assert counts == (len(LIKE_FOR_LIKE_2019), len(LIKE_FOR_LIKE_2019), len(METHOD_CHANGES_2019), INDICATORS_IN_INDEX)
    # the like-for-like score is the effective-weighted mean of the like-for-like indicators' scores
    worst = marts.execute(
        """
        with recomputed as (
            select ward_code, sum(effective_weight * score_to) / sum(effective_weight) as score_to
            from marts.fct_ward_indicator_changes
            where comparison_status = 'like_for_like'
            group by ward_code
        )
        select max(abs(recomputed.score_to - changes.like_for_like_score_to))
        from recomputed inner join marts.fct_ward_spi_changes as changes on recomputed.ward_code = changes.ward_code
        """
    ).fetchone()[0]
    assert worst < 1e-9


def test_a_folder_declared_real_is_never_generated_over(tmp_path: Path) -> None:
    assert not declared_real(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"is_synthetic": True}))
    assert not declared_real(tmp_path)
    (tmp_path / "manifest.json").write_text("not json")
    assert not declared_real(tmp_path)
    manifest = json.dumps({"is_synthetic": False, "supplier": "an ICB"})
    (tmp_path / "manifest.json").write_text(manifest)
    assert declared_real(tmp_path)
    ensure_generated(tmp_path, region="icb")  # returns at once: no synthetic extract written over a real one
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]
    assert (tmp_path / "manifest.json").read_text() == manifest


@pytest.fixture()
def with_synthetic_health(synthetic_health_database: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(synthetic_health_database), read_only=True)
    yield connection
    connection.close()


def test_the_flag_lets_the_synthetic_health_indicators_in(with_synthetic_health: duckdb.DuckDBPyConnection) -> None:
    in_index = {indicator for (indicator,) in with_synthetic_health.execute(
        "select indicator_id from marts.dim_indicators where is_in_index and is_synthetic"
    ).fetchall()}
    assert in_index == SYNTHETIC_HEALTH
    # every framework indicator in the index, at its framework weight
    assert with_synthetic_health.execute(
        "select count(*), max(abs(weight_in_index - weight)) < 1e-9 from marts.dim_indicators where is_in_index"
    ).fetchone() == (INDICATORS_IN_INDEX + len(SYNTHETIC_HEALTH), True)
    assert with_synthetic_health.execute(
        "select bool_and(has_synthetic_inputs), count(*) from marts.fct_ward_spi"
    ).fetchone() == (True, 185)
    diagnostics = with_synthetic_health.execute(
        "select n_synthetic_indicators_in_index, n_wards_with_synthetic_inputs, include_synthetic_health "
        "from marts.fct_framework_index_diagnostics"
    ).fetchone()
    assert diagnostics == (len(SYNTHETIC_HEALTH), 185, True)
    share = with_synthetic_health.execute(
        "select effective_weight_share from marts.fct_framework_source_family_diagnostics "
        "where source_family = 'synthetic_nhs'"
    ).fetchone()[0]
    assert share > 0
