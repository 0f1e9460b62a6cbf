"""The semantic layer: MetricFlow's population-weighted area averages equal the same sums done by hand in SQL.

MetricFlow (`mf query`) runs in a separate process on a published copy of the marts (the build database stays
open in this process), so this also shows the published file serves the metrics.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from spi.dbt_invoke import run_dbt
from spi.project import PROJECT_DIR, Target
from spi.export.publishing import publish_marts

pytestmark = pytest.mark.build


MF = shutil.which("mf", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def metrics_database(built_database: Path, tmp_path_factory: pytest.TempPathFactory, default_target: None) -> Path:
    # same file name as the build, so the catalog name dbt compiled into the manifest resolves
    path = tmp_path_factory.mktemp("metrics") / built_database.name
    publish_marts(built_database, path)
    # mf reads target/semantic_manifest.json, which names the catalog of whichever database dbt last parsed
    outcome = run_dbt(["parse"], Target.from_env(path), show_progress=False)
    assert outcome.success, outcome.summary()
    return path


def _mf_query(database: Path, out: Path, metrics: list[str], group_by: list[str]) -> list[dict[str, str]]:
    environment = {**os.environ, "SPI_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    completed = subprocess.run(
        [MF, "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by), "--csv", str(out), "--quiet"],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(MF is None, reason="dbt-metricflow (mf) is not installed in this environment")
def test_local_authority_spi_is_population_weighted(metrics_database: Path, tmp_path: Path) -> None:
    rows = _mf_query(
        metrics_database, tmp_path / "lad.csv",
        ["spi_population_weighted", "score_ward_mean", "population", "wards_scored"], ["ward_score__lad_code"],
    )
    connection = duckdb.connect(str(metrics_database), read_only=True)
    expected = {
        lad_code: (weighted, unweighted, population, wards)
        for lad_code, weighted, unweighted, population, wards in connection.execute(
            """
            select
                wards.lad_code,
                sum(spi.spi_score * wards.usual_residents) / sum(wards.usual_residents),
                avg(spi.spi_score),
                sum(wards.usual_residents),
                count(*)
            from marts.fct_ward_spi as spi
            inner join marts.dim_wards as wards on spi.ward_code = wards.ward_code
            -- the metrics are non-additive over the period: without metric_time they report the latest one
            where spi.period = (select max(period) from marts.fct_ward_spi)
            group by wards.lad_code
            """
        ).fetchall()
    }
    connection.close()
    assert {row["ward_score__lad_code"] for row in rows} == set(expected)
    weighting_matters = False
    for row in rows:
        weighted, unweighted, population, wards = expected[row["ward_score__lad_code"]]
        assert float(row["spi_population_weighted"]) == pytest.approx(weighted, abs=1e-9)
        assert int(float(row["population"])) == population
        assert int(float(row["wards_scored"])) == wards
        weighting_matters |= abs(weighted - unweighted) > 0.1
    assert weighting_matters, "the weighted and unweighted means should differ somewhere"


@pytest.mark.skipif(MF is None, reason="dbt-metricflow (mf) is not installed in this environment")
def test_icb_dimension_scores_are_population_weighted(metrics_database: Path, tmp_path: Path) -> None:
    rows = _mf_query(
        metrics_database, tmp_path / "icb.csv",
        ["dimension_score_population_weighted"], ["ward_score__icb_code", "ward_score__score_name"],
    )
    connection = duckdb.connect(str(metrics_database), read_only=True)
    expected = {
        (icb_code, dimension): weighted
        for icb_code, dimension, weighted in connection.execute(
            """
            select
                wards.icb_code,
                dimensions.dimension,
                sum(dimensions.score * wards.usual_residents) / sum(wards.usual_residents)
            from marts.fct_ward_dimension_scores as dimensions
            inner join marts.dim_wards as wards on dimensions.ward_code = wards.ward_code
            where dimensions.period = (select max(period) from marts.fct_ward_dimension_scores)
            group by wards.icb_code, dimensions.dimension
            """
        ).fetchall()
    }
    connection.close()
    assert len(rows) == len(expected) == 3
    for row in rows:
        key = (row["ward_score__icb_code"], row["ward_score__score_name"])
        assert float(row["dimension_score_population_weighted"]) == pytest.approx(expected[key], abs=1e-9)
