"""The same dbt models on Apache Spark agree with DuckDB (README "Running on Apache Spark").

One `spi build --engine spark` of the default ICB per session (a child process: its own JVM, its own Spark
warehouse under the test's temporary folder), exported with `spi export --engine spark`, against the export of
the shared DuckDB build: every mart with the same columns, types and rows; codes, ranks and counts exactly,
numbers within 1e-9 (spi.spark.agreement)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spi.cli import main
from spi.spark.agreement import compare_exports, compare_mart


def spark_available() -> None:
    """Skip without the spark extra (pip install -e ".[spark]"); under CI (CI=true) a skip is a failure."""
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("dbt.adapters.spark") is None:
        message = 'the spark extra is not installed (pip install -e ".[spark]")'
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def spi(*arguments: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from spi.cli import main; sys.exit(main(sys.argv[1:]))",
               *arguments]
    return subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True,
                          timeout=3600, check=False)


@pytest.fixture(scope="session")
def spark_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default ICB built on local Spark and exported, once per session."""
    spark_available()
    folder = tmp_path_factory.mktemp("spark")
    environment = {"SPI_SPARK_WAREHOUSE": str(folder / "warehouse")}
    built = spi("build", "--engine", "spark", "--quiet", environment=environment)
    assert built.returncode == 0, f"spi build --engine spark failed:\n{built.stderr[-6000:]}"
    out = folder / "export"
    exported = spi("export", "--engine", "spark", "--out", str(out), environment=environment)
    assert exported.returncode == 0, f"spi export --engine spark failed:\n{exported.stderr[-3000:]}"
    return out


@pytest.fixture(scope="session")
def duckdb_export(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("duckdb") / "export"
    assert main(["export", "--database", str(built_database), "--out", str(out)]) == 0
    return out


@pytest.mark.spark
def test_every_spark_mart_equals_the_duckdb_mart(spark_export: Path, duckdb_export: Path) -> None:
    differences = compare_exports(duckdb_export, spark_export)
    assert not differences, "Spark and DuckDB builds differ:\n" + "\n".join(differences[:40])
    marts = sorted(path.stem for path in duckdb_export.glob("*.parquet"))
    assert len(marts) >= 19 and "fct_ward_spi" in marts and "fct_ward_spi_rank_intervals" in marts


@pytest.mark.spark
def test_the_spark_export_is_a_complete_export(spark_export: Path, duckdb_export: Path) -> None:
    spark_files = sorted(path.name for path in spark_export.iterdir())
    assert spark_files == sorted(path.name for path in duckdb_export.iterdir())
    manifest = json.loads((spark_export / "manifest.json").read_text())
    assert manifest["region"] == "icb" and manifest["framework_version"]


@pytest.mark.unit
def test_the_comparison_fails_on_a_changed_code_or_number(tmp_path: Path) -> None:
    import duckdb

    connection = duckdb.connect()
    base = "select 'E05000001' as ward_code, 3 as spi_rank, 61.25::double as spi_score"
    for name, select in {
        "same": base,
        "code": "select 'E05000002' as ward_code, 3 as spi_rank, 61.25::double as spi_score",
        "rank": "select 'E05000001' as ward_code, 4 as spi_rank, 61.25::double as spi_score",
        "close": "select 'E05000001' as ward_code, 3 as spi_rank, (61.25 + 1e-12)::double as spi_score",
        "far": "select 'E05000001' as ward_code, 3 as spi_rank, (61.25 + 1e-6)::double as spi_score",
        "type": "select 'E05000001' as ward_code, 3::bigint as spi_rank, 61.25::double as spi_score",
    }.items():
        connection.execute(f"copy ({select}) to '{tmp_path / name}.parquet' (format parquet)")
    left = tmp_path / "same.parquet"
    assert compare_mart(connection, "m", left, left) == []
    assert compare_mart(connection, "m", left, tmp_path / "close.parquet") == []
    for changed in ("code", "rank", "far", "type"):
        assert compare_mart(connection, "m", left, tmp_path / f"{changed}.parquet"), changed


@pytest.mark.spark
def test_the_projects_spark_sql_passes_the_lint(spark_export: Path) -> None:
    # spark_export built the ICB on Spark: dbt wrote every compiled model and test for the spark target
    compiled = Path(__file__).resolve().parents[2] / "target" / "spark_icb_wd25" / "compiled"
    result = spi("lint-spark", "--compiled", str(compiled), environment={})
    assert result.returncode == 0, result.stderr[-4000:]
    assert " 0 problem(s)" in result.stderr
