"""Copies the marts into a separate DuckDB file for BI tools, written aside and moved into place atomically.

Readers (BI tools, the DuckDB CLI, Python) open the published file read-only. It is never written in place: a
new file is written beside it, checked, and renamed over it (os.replace), so a reader connected during a
build or publish keeps the complete old file, a new reader gets the complete new one, and a failed build or
publish leaves the last published file byte-identical.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

import duckdb

from spi import __version__
from spi.errors import InputError, open_database
from spi.storage.build_record import BuildRecord, verify_against_record
from spi.storage.safe_database import wal_path
from spi.export.marts import mart_tables
from spi.storage.atomic_dir import normal_mode, writing_lock
from spi.export.mart_catalog import describe_mart
from spi.project import MART_SCHEMA, PROJECT_DIR
from spi.storage.queries import scalar

# DuckDB 1.1 reads storage version 64 files written with this compatibility level (checked on read-back).
STORAGE_VERSION = "v1.1.0"
READABLE_FROM = ("v1.0.0+", "v1.1.0+")
ABOUT_TABLE = "about"
MART_MODELS_DIR = PROJECT_DIR / "models" / "marts"
SYNTHETIC_NOTICE = (
    "Rows with is_synthetic or has_synthetic_inputs = true use synthetic data made by this project's "
    "generator: they are not real figures. See marts.dim_indicators.data_status."
)


class PublishError(InputError):
    """The source database cannot be published; the last published file is left as it was."""


@dataclass(frozen=True)
class PublishedTable:
    table: str
    rows: int


def expected_marts() -> list[str]:
    """Every mart model of the project (models/marts/*.sql): a published file must hold all of them."""
    return sorted(path.stem for path in MART_MODELS_DIR.rglob("*.sql"))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _check_source(database: Path, connection: duckdb.DuckDBPyConnection) -> tuple[list[str], BuildRecord]:
    if BuildRecord.read(database) is None:
        raise PublishError(
            f"{database}: no record of a successful build ({BuildRecord.path_for(database).name}); "
            "the last build failed or never ran: run `spi build` first"
        )
    tables = mart_tables(connection)
    missing = sorted(set(expected_marts()) - set(tables))
    if missing:
        raise PublishError(f"{database}: schema '{MART_SCHEMA}' lacks mart(s) {', '.join(missing)}; run `spi build`")
    # the marts must be those the build made and tested (nothing wrote to the file or replayed a log into it)
    return tables, verify_against_record(connection, database)


def _copy_comments(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """Carry the dbt descriptions (persisted as DuckDB comments) so BI tools can show them."""
    described = describe_mart(connection, table)
    if described.description:
        connection.execute(f"comment on table publish.{MART_SCHEMA}.{table} is {_quote(described.description)}")
    for column in described.columns:
        if column.description:
            connection.execute(
                f'comment on column publish.{MART_SCHEMA}.{table}."{column.name}" is {_quote(column.description)}'
            )


def _write_about(connection: duckdb.DuckDBPyConnection, record: BuildRecord, database: Path) -> None:
    rows = [
        ("framework_version", record.framework_version),
        ("region", record.region),
        ("built_at", record.built_at),
        ("published_at", datetime.now(UTC).isoformat(timespec="seconds")),
        ("spi_version", __version__),
        ("source_database", database.name),
        ("storage_version", STORAGE_VERSION),
        ("synthetic_data_notice", SYNTHETIC_NOTICE),
        ("licence", "Data: Open Government Licence v3.0 and others, see data/README.md. Code: MIT."),
    ]
    connection.execute(f"create table publish.{MART_SCHEMA}.{ABOUT_TABLE} (key varchar, value varchar)")
    connection.executemany(f"insert into publish.{MART_SCHEMA}.{ABOUT_TABLE} values (?, ?)", rows)
    connection.execute(
        f"comment on table publish.{MART_SCHEMA}.{ABOUT_TABLE} is "
        "'What this file is: framework version, build and publish time, synthetic-data notice, licence.'"
    )
    connection.execute(f"comment on column publish.{MART_SCHEMA}.{ABOUT_TABLE}.key is 'Property name.'")
    connection.execute(f"comment on column publish.{MART_SCHEMA}.{ABOUT_TABLE}.value is 'Property value.'")


def _write(connection: duckdb.DuckDBPyConnection, staging: Path, tables: list[str], record: BuildRecord,
           database: Path) -> list[PublishedTable]:
    connection.execute(f"attach {_quote(str(staging))} as publish (storage_version {_quote(STORAGE_VERSION)})")
    try:
        connection.execute(f"create schema publish.{MART_SCHEMA}")
        published: list[PublishedTable] = []
        for table in tables:
            connection.execute(
                f"create table publish.{MART_SCHEMA}.{table} as "
                f"select * from {MART_SCHEMA}.{table} order by all"
            )
            _copy_comments(connection, table)
            source_rows = scalar(connection, f"select count(*) from {MART_SCHEMA}.{table}")
            copied_rows = scalar(connection, f"select count(*) from publish.{MART_SCHEMA}.{table}")
            if copied_rows != source_rows:
                raise PublishError(f"{table}: copied {copied_rows} rows of {source_rows}")
            published.append(PublishedTable(table=table, rows=copied_rows))
        _write_about(connection, record, database)
        connection.execute("checkpoint publish")
    finally:
        connection.execute("detach publish")
    return published


def remove_stale_publishes(out: Path) -> list[Path]:
    """Partial files of publishes that were killed (call while holding the publish lock)."""
    stale = sorted(out.parent.glob(f".{out.name}.writing-*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def publish_marts(database: Path, out: Path) -> list[PublishedTable]:
    """Copy every mart of `database` into the DuckDB file `out`, replacing it atomically."""
    out = out.resolve()
    # the same connection settings as dbt's, so the file can be shared with a dbtRunner of this process
    connection = open_database(database)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with writing_lock(out):
            remove_stale_publishes(out)
            staging = out.with_name(f".{out.name}.writing-{uuid.uuid4().hex[:12]}")
            try:
                tables, record = _check_source(database, connection)
                published = _write(connection, staging, tables, record, database)
                verify_published(staging, expected=published)
                staging.chmod(normal_mode(directory=False))
                # a log a reader left beside the old file must not be replayed into the new one
                wal_path(out).unlink(missing_ok=True)
                os.replace(staging, out)
            finally:
                for leftover in (staging, wal_path(staging)):
                    leftover.unlink(missing_ok=True)
    finally:
        connection.close()
    return published


def verify_published(path: Path, expected: list[PublishedTable]) -> None:
    """Open the written file read-only as a client would and check storage version, tables and rows."""
    reader = duckdb.connect(str(path), read_only=True)
    try:
        tags = scalar(reader,
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        )
        if tags not in READABLE_FROM:
            raise PublishError(f"{path}: storage version {tags}, expected one of {READABLE_FROM}")
        for table in expected:
            rows = scalar(reader, f"select count(*) from {MART_SCHEMA}.{table.table}")
            if rows != table.rows:
                raise PublishError(f"{path}: {table.table} has {rows} rows on read-back, expected {table.rows}")
    finally:
        reader.close()
