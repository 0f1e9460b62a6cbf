"""Disclosure control holds on every published table: the marts and every file `spi export` writes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from spi.cli import main
from spi.export.marts import mart_tables

pytestmark = pytest.mark.build


HEALTH_SOURCE = "nhs_health"


def _violations(connection: duckdb.DuckDBPyConnection, relation: str, column: str) -> int:
    """Published counts that break the rules: 1 to 7, or not a multiple of 5 (null = suppressed, 0 allowed)."""
    return connection.execute(
        f"select count(*) from {relation} where {column} is not null and ({column} between 1 and 7 or {column} % 5 <> 0)"
    ).fetchone()[0]


def _count_columns(connection: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    names = [row[0] for row in connection.execute(f"describe select * from {relation}").fetchall()]
    return [name for name in names if name.endswith("_count")]


def _all_columns(connection: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0].lower() for row in connection.execute(f"describe select * from {relation}").fetchall()]


def test_no_mart_has_a_pseudo_id_or_reads_record_level_rows(marts: duckdb.DuckDBPyConnection) -> None:
    for table in mart_tables(marts):
        columns = _all_columns(marts, f"marts.{table}")
        assert not [name for name in columns if "pseudo" in name], table
    # the private schema exists (record-level and unrounded tables) and nothing in marts is named like it
    private = {row[0] for row in marts.execute(
        "select table_name from information_schema.tables where table_schema = 'private'").fetchall()}
    assert "stg_synthetic_nhs__patient_records" in private
    assert not private & set(mart_tables(marts))


def test_every_health_count_in_the_marts_is_disclosure_controlled(marts: duckdb.DuckDBPyConnection) -> None:
    checked = 0
    for table in mart_tables(marts):
        for column in _count_columns(marts, f"marts.{table}"):
            assert _violations(marts, f"marts.{table}", column) == 0, f"{table}.{column}"
            checked += 1
    assert checked >= 4  # numerator_count and denominator_count of the ward and LA health marts
    # the index carries health indicators as rates only: no health count reaches fct_ward_indicators
    leaked = marts.execute(
        f"""
        select count(*) from marts.fct_ward_indicators as facts
        inner join marts.dim_indicators as indicators using (indicator_id)
        where indicators.source_name = '{HEALTH_SOURCE}'
          and (facts.numerator is not null or facts.denominator is not null)
        """
    ).fetchone()[0]
    assert leaked == 0


def test_suppressed_cells_are_marked_and_empty(marts: duckdb.DuckDBPyConnection) -> None:
    for table in ("fct_ward_health_outcomes", "fct_lad_health_outcomes"):
        bad = marts.execute(
            f"""
            select count(*) from marts.{table}
            where (is_suppressed and (numerator_count is not null or value is not null or suppression_reason is null))
               or (not is_suppressed and numerator_count is null)
               or (value is not null and numerator_count < 10)
            """
        ).fetchone()[0]
        assert bad == 0, table
    primary = marts.execute(
        "select count(*) from intermediate.int_health_outcomes_disclosed where is_primary"
    ).fetchone()[0]
    assert primary > 0  # the test would prove nothing if no cell were ever suppressed
    # one reason for every suppressed cell: the published reason does not tell primary from secondary
    reasons = marts.execute(
        "select count(distinct suppression_reason) from marts.fct_ward_health_outcomes where is_suppressed"
    ).fetchone()[0]
    assert reasons == 1


def test_no_suppressed_ward_can_be_recovered_by_differencing(marts: duckdb.DuckDBPyConnection) -> None:
    """LA total minus the published wards must never isolate exactly one suppressed ward."""
    exposed = marts.execute(
        """
        with suppressed as (
            select lad_code, period_year, measure_id, count(*) filter (where is_suppressed) as n_suppressed
            from marts.fct_ward_health_outcomes
            group by lad_code, period_year, measure_id
        )
        select count(*)
        from suppressed
        inner join marts.fct_lad_health_outcomes as lads using (lad_code, period_year, measure_id)
        where suppressed.n_suppressed = 1 and not lads.is_suppressed
        """
    ).fetchone()[0]
    assert exposed == 0
    secondary = marts.execute(
        "select count(*) from intermediate.int_health_outcomes_disclosed where is_suppressed and not is_primary"
    ).fetchone()[0]
    assert secondary > 0


def test_health_indicators_are_labelled(marts: duckdb.DuckDBPyConnection) -> None:
    # framework 2026.1: practice-based indicators are real practice data apportioned by this project with the
    # real registrations (project_modelled); no index indicator is synthetic, so no SPI row has synthetic inputs
    rows = dict(marts.execute(
        "select indicator_id, data_status from marts.dim_indicators where source_name = 'practice_data'"
    ).fetchall())
    assert rows["qof_smoking"] == "project_modelled" and rows["ae_attendances_under_5"] == "project_modelled"
    assert set(rows.values()) == {"project_modelled"}
    assert marts.execute("select count(*) from marts.dim_indicators where is_synthetic and is_in_index").fetchone()[0] == 0
    assert not marts.execute("select bool_or(has_synthetic_inputs) from marts.fct_ward_spi").fetchone()[0]
    # the synthetic measures still reach the health marts, labelled
    synthetic = marts.execute(
        "select bool_and(is_synthetic) from marts.fct_ward_health_outcomes "
        "where measure_id = 'emergency_admissions_dsr'"
    ).fetchone()[0]
    assert synthetic


def test_council_bundles_hold_one_council_and_pass_disclosure(built_database: Path, tmp_path: Path) -> None:
    out = tmp_path / "councils"
    assert main(["export", "--by-council", "--database", str(built_database), "--out", str(out)]) == 0
    bundles = sorted(path for path in out.iterdir() if path.is_dir())
    assert len(bundles) == 9
    connection = duckdb.connect()
    for bundle in bundles:
        for path in bundle.glob("*.parquet"):
            relation = f"read_parquet('{path}')"
            columns = _all_columns(connection, relation)
            assert not [name for name in columns if "pseudo" in name], path
            for column in _count_columns(connection, relation):
                assert _violations(connection, relation, column) == 0, f"{path}:{column}"
            if "lad_code" in columns:
                lads = connection.execute(f"select distinct lad_code from {relation}").fetchall()
                assert lads == [(bundle.name,)], path
        for path in bundle.glob("*.csv"):
            header = path.read_text().split("\n", 1)[0].lower()
            assert "pseudo" not in header, path


@pytest.mark.parametrize("table", ["fct_ward_health_outcomes", "fct_lad_health_outcomes"])
def test_health_marts_are_described(marts: duckdb.DuckDBPyConnection, table: str) -> None:
    undescribed = marts.execute(
        "select count(*) from duckdb_columns() where schema_name = 'marts' and table_name = ? "
        "and (comment is null or comment = '')",
        [table],
    ).fetchone()[0]
    assert undescribed == 0
