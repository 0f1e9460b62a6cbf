"""A copy of the default build with the optional marts and columns other issues add, for the report's tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def make_variant_with_optional_marts(built_database: Path, variant: Path) -> None:
    """A copy of the build with what other issues add: rank intervals, scorecards, CIs, suppression, a synthetic
    indicator and a second period."""
    connection = duckdb.connect(str(built_database))
    try:
        connection.execute(f"attach '{variant}' as variant")
        connection.execute(f"copy from database {built_database.stem} to variant")
        connection.execute("detach variant")
    finally:
        connection.close()
    connection = duckdb.connect(str(variant))
    try:
        # the real build may already score 2019 and have the optional marts: add only what is missing
        has_2019 = connection.execute("select count(*) from marts.fct_ward_spi where period = 2019").fetchone()[0]
        if not has_2019:
            for table in ("fct_ward_spi", "fct_ward_dimension_scores", "fct_ward_component_scores",
                          "fct_ward_indicators"):
                connection.execute(f"insert into marts.{table} select * replace (2019 as period) from marts.{table}")
            connection.execute("update marts.fct_ward_spi set spi_score = spi_score - 3 where period = 2019")
        connection.execute("alter table marts.fct_ward_indicators add column if not exists ci_lower double")
        connection.execute("alter table marts.fct_ward_indicators add column if not exists ci_upper double")
        connection.execute(
            "alter table marts.fct_ward_indicators add column if not exists is_suppressed boolean default false")
        connection.execute("update marts.fct_ward_indicators set ci_lower = value * 0.9, ci_upper = value * 1.1")
        connection.execute(
            "update marts.fct_ward_indicators set is_suppressed = true, is_synthetic = true "
            "where indicator_id = 'acute_morbidity' and ward_code in (select min(ward_code) from marts.dim_wards)"
        )
        connection.execute("update marts.dim_indicators set is_synthetic = true where indicator_id = 'acute_morbidity'")
        connection.execute(
            "create table if not exists marts.fct_ward_spi_rank_intervals as select ward_code, period, "
            "greatest(rank_in_region - 4, 1) as rank_p05, rank_in_region as rank_median, "
            "least(rank_in_region + 6, 185) as rank_p95 from marts.fct_ward_spi"
        )
        connection.execute(
            "create table if not exists marts.fct_ward_scorecards as select ward_code, period, 'component' as level, "
            "component as name, score, case when rank_in_region <= 20 then 'strength' "
            "when rank_in_region > 160 then 'weakness' else 'neutral' end as assessment "
            "from marts.fct_ward_component_scores"
        )
    finally:
        connection.close()


@pytest.fixture(scope="session")
def variant_database(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    variant = tmp_path_factory.mktemp("variant") / "variant.duckdb"
    make_variant_with_optional_marts(built_database, variant)
    return variant
