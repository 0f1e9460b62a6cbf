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
    assert scored == [(2019, 185), (2025, 185)]
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
    assert ranges == [(2019, 1, 185, 5), (2025, 1, 185, 5)]


def test_2019_uses_its_own_data_where_it_exists(marts: duckdb.DuckDBPyConnection) -> None:
    own_data = marts.execute(
        """
        select indicator_id
        from marts.fct_ward_indicators
        where period = 2019 and not is_carried_over
        group by indicator_id
        order by indicator_id
        """
    ).fetchall()
    assert [name for (name,) in own_data] == [
        "acute_morbidity",
        "adult_skills",
        "entry_to_higher_education",
        "homelessness_duty",
        "illness_and_disability",
        "mental_health",
        "owner_occupation_affordability",
        "private_rental_affordability",
        "years_of_potential_life_lost",
    ]
    # an indicator with its own 2019 data differs between the periods; a carried-over one does not
    moved, unmoved = marts.execute(
        """
        select
            count(case when not earlier.is_carried_over and earlier.value != later.value then 1 end),
            count(case when earlier.is_carried_over and earlier.value is distinct from later.value then 1 end)
        from marts.fct_ward_indicators as earlier
        inner join marts.fct_ward_indicators as later using (ward_code, indicator_id)
        where earlier.period = 2019 and later.period = 2025
        """
    ).fetchone()
    assert moved > 1000 and unmoved == 0


def test_spi_change_is_the_difference_of_the_periods(marts: duckdb.DuckDBPyConnection) -> None:
    worst_gap = scalar(
        marts,
        """
        select max(abs(changes.spi_score_change - (later.spi_score - earlier.spi_score)))
        from marts.fct_ward_spi_changes as changes
        inner join marts.fct_ward_spi as earlier
            on changes.ward_code = earlier.ward_code and earlier.period = changes.period_from
        inner join marts.fct_ward_spi as later
            on changes.ward_code = later.ward_code and later.period = changes.period_to
        """,
    )
    assert worst_gap < 1e-9
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
