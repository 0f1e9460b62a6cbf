"""The descriptions of the marts (dbt persists them as DuckDB table and column comments), for files readers open."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from spi.project import MART_SCHEMA
from spi.storage.queries import scalar


def framework_version(connection: duckdb.DuckDBPyConnection, schema: str = MART_SCHEMA) -> str | None:
    """The framework release the marts were scored with (dim_indicators.framework_version)."""
    version = scalar(connection, f"select min(framework_version) from {schema}.dim_indicators")
    return None if version is None else str(version)


@dataclass(frozen=True)
class ColumnDescription:
    name: str
    data_type: str
    description: str


@dataclass(frozen=True)
class TableDescription:
    name: str
    description: str
    columns: list[ColumnDescription]


def describe_mart(connection: duckdb.DuckDBPyConnection, table: str, schema: str = MART_SCHEMA) -> TableDescription:
    """The comment of one table of the connection's current database and of each of its columns, in order."""
    found = connection.execute(
        "select comment from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    if found is None:
        raise LookupError(f"{schema}.{table}: no such table")
    columns = connection.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where database_name = current_database() and schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    return TableDescription(
        name=table,
        description=(found[0] or "").strip(),
        columns=[ColumnDescription(name, data_type, comment.strip()) for name, data_type, comment in columns],
    )
