"""Writes every mart as Parquet and CSV, an Excel workbook and a ward GeoJSON, with a manifest (row counts,
SHA-256, framework version, build time) of every file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from spi.atomic_dir import replaced_directory
from spi.build_record import BuildRecord
from spi.exporting_excel import WorkbookContext, write_workbook
from spi.exporting_geojson import write_ward_geojson
from spi.project import MART_SCHEMA


WORKBOOK_NAME = "spi_wards.xlsx"
GEOJSON_NAME = "ward_spi.geojson"


@dataclass(frozen=True)
class ExportedFile:
    path: str
    table: str
    format: str
    rows: int
    bytes: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mart_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    rows = connection.execute(
        """
        select table_name
        from information_schema.tables
        where table_schema = ? and table_type = 'BASE TABLE'
        order by table_name
        """,
        [MART_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _described(path: Path, table: str, file_format: str, rows: int) -> ExportedFile:
    return ExportedFile(
        path=path.name, table=table, format=file_format, rows=rows, bytes=path.stat().st_size, sha256=sha256_of(path)
    )


def _write_reader_files(
    connection: duckdb.DuckDBPyConnection, staging: Path, tables: list[str], framework_version: str,
    record: BuildRecord | None,
) -> list[ExportedFile]:
    """The files people open directly: the Excel workbook (all marts) and the ward boundaries with scores."""
    workbook = staging / WORKBOOK_NAME
    context = WorkbookContext(
        framework_version=framework_version,
        region=record.region if record else None,
        built_at=record.built_at if record else None,
    )
    workbook_rows = write_workbook(connection, workbook, tables, context)
    geojson = staging / GEOJSON_NAME
    features = write_ward_geojson(connection, geojson, framework_version)
    return [
        _described(workbook, "all marts", "xlsx", workbook_rows),
        _described(geojson, "fct_ward_spi + dim_wards", "geojson", features),
    ]


def export_marts(database: Path, out_dir: Path) -> list[ExportedFile]:
    """Export all marts of `database` into `out_dir`, replacing it atomically."""
    if not database.exists():
        raise FileNotFoundError(f"{database}: no database here; run `spi build` first")
    connection = duckdb.connect(str(database))
    try:
        tables = mart_tables(connection)
        if not tables:
            raise RuntimeError(f"{database}: schema '{MART_SCHEMA}' has no tables; run `spi build` first")
        framework_version = connection.execute(
            f"select min(framework_version) from {MART_SCHEMA}.dim_indicators"
        ).fetchone()[0]
        with replaced_directory(out_dir) as staging:
            exported: list[ExportedFile] = []
            for table in tables:
                # ordered by every column so the same marts always give the same bytes
                query = f"select * from {MART_SCHEMA}.{table} order by all"
                rows = connection.execute(f"select count(*) from {MART_SCHEMA}.{table}").fetchone()[0]
                for file_format, options in (
                    ("parquet", "format parquet, compression zstd"),
                    ("csv", "format csv, header true"),
                ):
                    target = staging / f"{table}.{file_format}"
                    connection.execute(f"copy ({query}) to {_quote_path(target)} ({options})")
                    exported.append(
                        ExportedFile(
                            path=target.name,
                            table=table,
                            format=file_format,
                            rows=rows,
                            bytes=target.stat().st_size,
                            sha256=sha256_of(target),
                        )
                    )
            record = BuildRecord.read(database)
            exported.extend(_write_reader_files(connection, staging, tables, framework_version, record))
            manifest = {
                "framework_version": framework_version,
                "built_at": record.built_at if record else None,
                "region": record.region if record else None,
                "database": database.name,
                "files": [file.__dict__ for file in exported],
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    finally:
        connection.close()
    return exported
