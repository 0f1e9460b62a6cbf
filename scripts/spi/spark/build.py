"""`spi build --engine spark`: the same dbt project, sources and checks, built into local Spark tables.

The inputs are validated as for DuckDB (the caller does it), the sources registered as Spark tables over the
same files (spi.spark.sources), then `dbt build --target spark` runs in this process on the Spark session."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from spi.dbt_invoke import DbtOutcome, run_dbt
from spi.project import Target, project_dir
from spi.spark.session import spark_schema, spark_session, spark_warehouse
from spi.spark.sources import SourceTable, register_quarantine, register_source, source_tables
from spi.storage.build_record import BuildRecord
from spi.validation.runner import RejectedRow

SPARK_TARGET = "spark"


def spark_record_path() -> Path:
    """The build record of the last successful Spark build (read by `spi export --engine spark`)."""
    return spark_warehouse() / "spi.build.json"


def _manifest_sources(target: Target, target_path: Path, dbt_vars: dict[str, object]) -> list[SourceTable]:
    """Parse the project for the spark target and list its file sources (their locations rendered)."""
    outcome = run_dbt(["parse", "--target", SPARK_TARGET, "--target-path", str(target_path)], target,
                      dbt_vars=dbt_vars, show_progress=False)
    if not outcome.success:
        raise RuntimeError(outcome.summary())

    document = json.loads((target_path / "manifest.json").read_text())
    return source_tables(document)


def build_on_spark(target: Target, target_path: Path, select: list[str] | None, dbt_vars: dict[str, object],
                   rejected: list[RejectedRow], quiet: bool, verbose: bool) -> tuple[DbtOutcome, float]:
    """Register the sources and run `dbt build --target spark`; the outcome and dbt's seconds."""
    started = time.perf_counter()
    spark = spark_session()
    print(f"spi build: Spark {spark.version} session ({spark.sparkContext.master}) in "
          f"{time.perf_counter() - started:.1f} s; warehouse {spark_warehouse()}", file=sys.stderr)
    tables = _manifest_sources(target, target_path, dbt_vars)
    with target.applied():
        for table in tables:
            register_source(spark, table)
        register_quarantine(spark, rejected)
    print(f"spi build: {len(tables)} sources registered as Spark tables", file=sys.stderr)
    command = ["build", "--target", SPARK_TARGET, "--target-path", str(target_path), "--no-write-json"]
    command += ["--select", *select] if select else []
    dbt_started = time.perf_counter()
    outcome = run_dbt(command, target, dbt_vars=dbt_vars, show_progress=not quiet, verbose=verbose)
    return outcome, time.perf_counter() - dbt_started


def write_spark_record(region: str, wards: str, duration: float, dbt_seconds: float, outcome: DbtOutcome) -> None:
    """Record the finished Spark build (what `spi export --engine spark` reports as its build)."""
    spark = spark_session()
    version = spark.sql(f"select min(framework_version) from {spark_schema('marts')}.dim_indicators").collect()[0][0]
    BuildRecord(
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_seconds=round(duration, 2),
        dbt_seconds=round(dbt_seconds, 2),
        region=region,
        wards=wards,
        framework_version=str(version or "unknown"),
        dbt_counts=outcome.counts,
    ).write(spark_record_path().with_name("spi"))


def project_target_path(region: str, wards: str) -> Path:
    return project_dir() / "target" / f"spark_{region}_{wards}"
