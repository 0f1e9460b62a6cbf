"""Scorecards, peers, and the composite-indicator audit's rank intervals and sensitivity indices on the real build."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import project_target_lock, run_root

from spi.dbt_invoke import run_dbt
from spi.project import Target

pytestmark = pytest.mark.build


def test_every_ranked_ward_has_an_ordered_rank_interval(marts: duckdb.DuckDBPyConnection) -> None:
    ranked = marts.execute("select count(*) from marts.fct_ward_spi where rank_in_region is not null").fetchone()[0]
    rows = marts.execute(
        "select rank_p05, rank_median, rank_p95, n_draws from marts.fct_ward_spi_rank_intervals"
    ).fetchall()
    assert len(rows) == ranked > 0
    assert all(p05 <= median <= p95 for p05, median, p95, _ in rows)
    assert {n_draws for *_, n_draws in rows} == {1200}  # 200 base samples x (A, B and 4 A_B runs)


def test_the_audit_varies_more_than_the_weights(marts: duckdb.DuckDBPyConnection) -> None:
    """Every assumption moves some ward's rank, and first-order effects add up to at most the whole variance."""
    rows = marts.execute(
        "select period, assumption, first_order_index, total_order_index from marts.fct_framework_sensitivity "
        "where output_measure = 'ward_rank'"
    ).fetchall()
    assert {assumption for _, assumption, *_ in rows} == {"normalisation", "aggregation", "weights", "exclusion"}
    assert all(total > 0 for *_, total in rows)
    for period in {period for period, *_ in rows}:
        assert sum(first for p, _, first, _ in rows if p == period) <= 1.05


def test_published_rank_usually_lies_inside_its_interval(marts: duckdb.DuckDBPyConnection) -> None:
    inside, total = marts.execute(
        "select count(*) filter (where rank between rank_p05 and rank_p95), count(*) "
        "from marts.fct_ward_spi_rank_intervals"
    ).fetchone()
    assert inside / total >= 0.9


def test_each_ward_has_fifteen_peers_excluding_itself(marts: duckdb.DuckDBPyConnection) -> None:
    counts = marts.execute(
        "select ward_code, count(*), count(*) filter (where peer_ward_code = ward_code) "
        "from intermediate.int_ward_peers_selected group by ward_code"
    ).fetchall()
    wards = marts.execute("select count(*) from marts.dim_wards").fetchone()[0]
    assert len(counts) == wards
    assert all(n == 15 and self_peers == 0 for _, n, self_peers in counts)


def test_scorecard_verdicts_follow_the_rule(marts: duckdb.DuckDBPyConnection) -> None:
    wrong = marts.execute(
        """
        select count(*) from marts.fct_ward_scorecards
        where verdict != case
            when score is null or peer_median is null then 'not_assessed'
            when score - peer_median > peer_mad then 'strength'
            when peer_median - score > peer_mad then 'weakness'
            else 'neutral'
        end
        """
    ).fetchone()[0]
    levels = dict(marts.execute("select level, count(distinct name) from marts.fct_ward_scorecards group by level").fetchall())
    assert wrong == 0
    assert levels["spi"] == 1 and levels["dimension"] == 3 and levels["component"] == 12
    # the indicators of this build's index (synthetic ones are out by default)
    assert levels["indicator"] == marts.execute(
        "select count(*) from marts.dim_indicators where is_in_index"
    ).fetchone()[0]


def test_an_unknown_peer_variable_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:

    monkeypatch.setenv("SPI_DUCKDB_PATH", str(tmp_path / "compile.duckdb"))  # restored after the test
    # dbt's default target path (the repository's target/), which test_semantic_layer's mf reads back
    with project_target_lock(run_root(tmp_path_factory), "default"):
        outcome = run_dbt(
            ["compile", "--select", "int_ward_peers_selected"],
            Target.from_env(tmp_path / "compile.duckdb"),
            dbt_vars={"scorecard_peer_variable": "gdp_per_head"},
            show_progress=False,
        )
    assert not outcome.success
    assert "scorecard_peer_variable = 'gdp_per_head' is not allowed" in outcome.summary()
