"""The local Spark session `spi build --engine spark` and `spi export --engine spark` run in.

dbt-spark's `method: session` (profiles.yml, target spark) runs SQL through SparkSession.builder.getOrCreate() in
this Python process, so the session started here, with the project's settings, is the one dbt uses. Tables are
Parquet files under warehouse/spark/ (Delta needs jars this project does not fetch), their catalog a Derby
metastore beside them, so a later process (the export) finds the tables the build made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from spi.errors import InputError
from spi.project import project_dir

SPARK_SCHEMA_VARIABLE = "SPI_SPARK_SCHEMA"
DEFAULT_SPARK_SCHEMA = "spi"


def spark_warehouse() -> Path:
    """Where the Spark tables and their metastore live: $SPI_SPARK_WAREHOUSE or warehouse/spark/ of the project."""
    return Path(os.environ.get("SPI_SPARK_WAREHOUSE") or project_dir() / "warehouse" / "spark").resolve()


def spark_schema(custom: str) -> str:
    """The Spark database dbt builds a custom schema into (macros/generate_schema_name.sql): spi_marts ..."""
    prefix = os.environ.get(SPARK_SCHEMA_VARIABLE, DEFAULT_SPARK_SCHEMA)
    return custom if prefix in ("", "default") else f"{prefix}_{custom}"


def spark_session(catalog: bool = True) -> Any:
    """The process's Spark session (started on first use: about 25 s for the JVM), on the project's warehouse.

    `catalog=False`: no metastore (the lint parses SQL and lists functions only), so it runs beside a build
    that holds the warehouse's Derby metastore."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "the Spark engine needs the spark extra: pip install -e \".[spark]\" (dbt-spark and pyspark; Java 17)"
        ) from None
    warehouse = spark_warehouse()
    warehouse.mkdir(parents=True, exist_ok=True)
    metastore = warehouse / "metastore_db"
    builder = (
        SparkSession.builder.master(os.environ.get("SPI_SPARK_MASTER", "local[2]"))
        .appName("spi")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={metastore};create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={warehouse}")
        .config("spark.driver.memory", os.environ.get("SPI_SPARK_DRIVER_MEMORY", "4g"))
        # a few hundred thousand rows per table: 200 shuffle partitions would be 200 tasks of nothing each
        .config("spark.sql.shuffle.partitions", os.environ.get("SPI_SPARK_SHUFFLE_PARTITIONS", "4"))
        .config("spark.sql.session.timeZone", "UTC")
        # what dbt-spark sets on every connection (it overrides any other choice): division by zero and bad
        # casts give null, not an error; the DuckDB build's tests catch bad inputs before either engine runs
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # managed tables written over a former table's leftover folder (a build that stopped half way)
        .config("spark.sql.legacy.allowNonEmptyLocationInCTAS", "true")
    )
    session = (builder.enableHiveSupport() if catalog else builder).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
