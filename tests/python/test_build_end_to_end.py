"""`spi build` on the real default data produces a complete, coherent ward index."""

from __future__ import annotations

import duckdb


def scalar(connection: duckdb.DuckDBPyConnection, sql: str):
    return connection.execute(sql).fetchone()[0]


def test_every_icb_ward_is_scored(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select count(*) from marts.dim_wards") == 185
    assert scalar(marts, "select count(*) from marts.fct_ward_spi where spi_score is not null") == 185
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


def test_ranks_run_from_one_to_185(marts: duckdb.DuckDBPyConnection) -> None:
    low, high = marts.execute("select min(rank_in_region), max(rank_in_region) from marts.fct_ward_spi").fetchone()
    assert (low, high) == (1, 185)
    assert scalar(marts, "select count(distinct quintile_in_region) from marts.fct_ward_spi") == 5


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
        """,
    )
    assert correlation < -0.5
