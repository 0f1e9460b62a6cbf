"""The marts of the Spark build copied into a DuckDB file, so `spi export --engine spark` writes its files with
the one export implementation (spi.export.marts) from exactly the rows and types the Spark tables hold.

Each mart goes Spark -> Arrow -> DuckDB table marts.<name>, with its table and column comments (dbt's
persist_docs on Spark); the copy gets a build record (spi.storage.build_record) from the Spark build's, with
the copy's own mart checksums, which the export verifies as it does for a DuckDB build."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from spi.errors import InputError
from spi.project import MART_SCHEMA
from spi.spark.build import spark_record_path
from spi.spark.session import spark_schema, spark_session
from spi.storage.build_record import BuildRecord, mart_fingerprints


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def spark_marts(spark: Any) -> list[str]:
    """The tables of the Spark build's marts schema (spi_marts ...), by name."""
    schema = spark_schema(MART_SCHEMA)
    if not spark.catalog.databaseExists(schema):
        raise InputError(f"Spark has no schema {schema} under the Spark warehouse: run `spi build --engine spark`")
    return sorted(table.name for table in spark.catalog.listTables(schema) if table.tableType != "VIEW")


def snapshot_spark_marts(database: Path) -> BuildRecord:
    """Copy every Spark mart into a new DuckDB file `database` (schema marts), with its build record."""
    record = BuildRecord.read(spark_record_path().with_name("spi"))
    if record is None:
        raise InputError(f"no record of a successful Spark build ({spark_record_path()}): run "
                         "`spi build --engine spark` first")
    spark = spark_session()
    schema = spark_schema(MART_SCHEMA)
    database.unlink(missing_ok=True)
    connection = duckdb.connect(str(database))
    try:
        connection.execute(f"create schema {MART_SCHEMA}")
        for table in spark_marts(spark):
            arrow_table = spark.table(f"{schema}.{table}").toArrow()  # noqa: F841 (read by DuckDB by name)
            connection.execute(f"create table {MART_SCHEMA}.{_identifier(table)} as select * from arrow_table")
            _copy_comments(spark, connection, schema, table)
        fingerprints = mart_fingerprints(connection)
    finally:
        connection.close()
    copied = replace(record, marts=fingerprints)
    copied.write(database)
    return copied


def _copy_comments(spark: Any, connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    described = spark.catalog.getTable(f"{schema}.{table}").description
    target = f"{MART_SCHEMA}.{_identifier(table)}"
    if described:
        connection.execute(f"comment on table {target} is {_literal(described)}")
    for column in spark.catalog.listColumns(f"{schema}.{table}"):
        if column.description:
            connection.execute(f"comment on column {target}.{_identifier(column.name)} is "
                               f"{_literal(column.description)}")
