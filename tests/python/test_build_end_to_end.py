"""`spi build` on the real default data produces a complete, coherent ward index."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.build


def scalar(connection: duckdb.DuckDBPyConnection, sql: str):
    return connection.execute(sql).fetchone()[0]


def test_every_icb_ward_is_scored(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select count(*) from marts.dim_wards") == 185
    scored = marts.execute(
        "select period, count(spi_score) from marts.fct_ward_spi group by period order by period"
    ).fetchall()
    # the headline holds the index period only (README "Change over time")
    assert scored == [(2025, 185)]
    assert scalar(marts, "select count(distinct lad_code) from marts.dim_wards") == 9


def test_population_matches_census_total(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select sum(usual_residents) from marts.dim_wards") == 1_134_443


def test_lichfield_has_its_22_wards(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select count(*) from marts.dim_wards where lad_name = 'Lichfield'") == 22


def test_spi_is_the_mean_of_its_dimensions(marts: duckdb.DuckDBPyConnection) -> None:
    worst_gap = scalar(
        marts,
        """
        select max(abs(spi_score - (basic_human_needs_score + foundations_of_wellbeing_score + opportunity_score) / 3))
        from marts.fct_ward_spi
        """,
    )
    assert worst_gap < 1e-9


def test_dimension_is_the_mean_of_its_components(marts: duckdb.DuckDBPyConnection) -> None:
    worst_gap = scalar(
        marts,
        """
        with component_means as (
            select ward_code, period, dimension, avg(score) as mean_score
            from marts.fct_ward_component_scores
            group by ward_code, period, dimension
        )
        select max(abs(dimension_scores.score - component_means.mean_score))
        from marts.fct_ward_dimension_scores as dimension_scores
        inner join component_means using (ward_code, period, dimension)
        """,
    )
    assert worst_gap < 1e-9


def test_ranks_run_from_one_to_185_in_each_period(marts: duckdb.DuckDBPyConnection) -> None:
    ranges = marts.execute(
        """
        select period, min(rank_in_region), max(rank_in_region), count(distinct quintile_in_region)
        from marts.fct_ward_spi
        group by period
        order by period
        """
    ).fetchall()
    assert ranges == [(2025, 1, 185, 5)]


def test_2019_uses_its_own_data_where_it_exists(marts: duckdb.DuckDBPyConnection) -> None:
    own_data = marts.execute(
        """
        select indicator_id
        from marts.fct_ward_indicator_changes
        where period_from = 2019 and comparison_status in ('like_for_like', 'method_change')
        group by indicator_id
        order by indicator_id
        """
    ).fetchall()
    assert [name for (name,) in own_data] == [
        "acute_morbidity",
        "illness_and_disability",
        "mental_health",
        "years_of_potential_life_lost",
    ]
    # an indicator with its own 2019 data differs between the periods; a carried-over one does not
    moved, unmoved = marts.execute(
        """
        select
            count(case when comparison_status != 'carried_over' and value_from != value_to then 1 end),
            count(case when comparison_status = 'carried_over' and value_from is distinct from value_to then 1 end)
        from marts.fct_ward_indicator_changes
        where period_from = 2019
        """
    ).fetchone()
    assert moved > 500 and unmoved == 0  # four indicators x 185 wards, nearly all of which changed


def test_spi_change_splits_into_its_parts(marts: duckdb.DuckDBPyConnection) -> None:
    worst_gap, worst_headline_gap = marts.execute(
        """
        select
            max(abs(changes.spi_score_change_as_scored
                - (changes.spi_change_like_for_like + changes.spi_change_method_change + changes.spi_change_other))),
            max(abs(changes.spi_score_to - headline.spi_score))
        from marts.fct_ward_spi_changes as changes
        inner join marts.fct_ward_spi as headline
            on changes.ward_code = headline.ward_code and headline.period = changes.period_to
        """,
    ).fetchone()
    assert worst_gap < 1e-6 and worst_headline_gap < 1e-9
    assert scalar(marts, "select count(*) from marts.fct_ward_spi_changes where period_from = 2019") == 185


def test_income_deprivation_stays_outside_the_index(marts: duckdb.DuckDBPyConnection) -> None:
    in_index = scalar(
        marts,
        "select count(*) from marts.dim_indicators where source_measure in ('income_deprived_people', 'employment_deprived_people')",
    )
    assert in_index == 0
    # ...and is the comparison axis: social progress falls as income deprivation rises
    correlation = scalar(
        marts,
        """
        select corr(spi.spi_score, wards.income_deprivation_rate)
        from marts.fct_ward_spi as spi
        inner join marts.dim_wards as wards using (ward_code)
        where spi.period = 2025
        """,
    )
    assert correlation < -0.5
