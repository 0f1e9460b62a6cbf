"""The dbt sources as Spark tables over the same files DuckDB reads, registered before dbt runs on Spark.

On DuckDB a source's `meta.external_location` (a file, a glob, or a read_csv(...) call) is read in place by
dbt-duckdb. Spark has no such hook, so each source becomes a table of its own name (schema = source name):
Parquet and plain CSV files as external tables over the files (nothing copied; every CSV column is text, and
the staging models cast each column, as they do on DuckDB); a read_csv(...) call as a Parquet table holding
the rows of its files, with the `filename` column when it asks for one."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spi.errors import InputError
from spi.validation.runner import RejectedRow

READ_CSV = re.compile(r"^\s*read_csv\(\s*'(?P<path>[^']*)'(?P<options>.*)\)\s*$", re.DOTALL)
QUARANTINE_SCHEMA = "quarantine"
QUARANTINE_TABLE = "rejected_rows"


@dataclass(frozen=True)
class SourceTable:
    """One dbt source table and where its rows are."""

    schema: str
    identifier: str
    location: str

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.identifier}"


def source_tables(manifest: dict[str, Any]) -> list[SourceTable]:
    """Every source of dbt's manifest.json that reads files (meta.external_location), by schema and name."""
    tables = []
    for source in manifest["sources"].values():
        location = (source.get("meta") or {}).get("external_location")
        if location:
            tables.append(SourceTable(source["schema"], source["identifier"], str(location)))
    return sorted(tables, key=lambda table: table.name)


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _read_csv_options(options: str) -> dict[str, str]:
    return {key.lower(): value.lower() for key, value in re.findall(r"(\w+)\s*=\s*(\w+)", options)}


def register_source(spark: Any, table: SourceTable) -> None:
    """(Re)create `table` in Spark over its files."""
    spark.sql(f"create database if not exists {table.schema}")
    spark.sql(f"drop table if exists {table.name}")
    call = READ_CSV.match(table.location)
    if call is not None:
        _copy_read_csv(spark, table, call.group("path"), _read_csv_options(call.group("options")))
        return
    location = table.location
    if location.endswith(".parquet"):
        spark.sql(f"create table {table.name} using parquet options (path {_quoted(location)})")
    elif location.endswith(".csv"):
        # every column text (no type inference): the staging models cast each one
        spark.sql(f"create table {table.name} using csv options (path {_quoted(location)}, header 'true')")
    else:
        raise InputError(f"source {table.name}: cannot register {location!r} in Spark (Parquet, CSV or read_csv)")


def _copy_read_csv(spark: Any, table: SourceTable, pattern: str, options: dict[str, str]) -> None:
    """DuckDB's read_csv(glob, header, all_varchar, filename, union_by_name) as a Parquet table."""
    from pyspark.sql import functions
    from pyspark.sql.types import StringType, StructField, StructType

    files = sorted(Path(pattern).parent.glob(Path(pattern).name)) if any(c in pattern for c in "*?[") else [
        Path(pattern)]
    if not files:
        raise InputError(f"source {table.name}: no file matches {pattern}")
    frames = []
    for file in files:
        # every column text, named by the header (Spark infers nothing from a header-only file)
        with file.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        schema = StructType([StructField(name, StringType()) for name in header])
        frame = spark.read.option("header", True).option("encoding", "UTF-8").schema(schema).csv(str(file))
        if options.get("filename") == "true":
            # the path as DuckDB reports it (the pattern's folder and the file's name), not Spark's file: URI
            frame = frame.withColumn("filename", functions.lit(str(file)))
        frames.append(frame)
    combined = frames[0]
    for frame in frames[1:]:
        combined = combined.unionByName(frame, allowMissingColumns=True)
    combined.write.format("parquet").mode("overwrite").saveAsTable(table.name)


def register_quarantine(spark: Any, rejected: list[RejectedRow]) -> None:
    """quarantine.rejected_rows holding exactly `rejected` (as spi.validation.quarantine does on DuckDB)."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    text = ("source_table", "file")
    schema = StructType(
        [StructField(name, StringType()) for name in text]
        + [StructField("line", IntegerType())]
        + [StructField(name, StringType()) for name in ("key_column", "row_key", "rule", "message", "raw_row")]
    )
    rows = [(row.source, row.file, row.line, row.key_column, row.key, row.rule, row.message,
             json.dumps(row.raw, sort_keys=True)) for row in rejected]
    spark.sql(f"create database if not exists {QUARANTINE_SCHEMA}")
    spark.sql(f"drop table if exists {QUARANTINE_SCHEMA}.{QUARANTINE_TABLE}")
    spark.createDataFrame(rows, schema).write.format("parquet").saveAsTable(f"{QUARANTINE_SCHEMA}.{QUARANTINE_TABLE}")
