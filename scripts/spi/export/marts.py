"""Writes every mart as Parquet and CSV, an Excel workbook and a ward GeoJSON, with a manifest (row counts,
SHA-256, framework version, build time) of every file; and one disclosure-controlled bundle per council."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from spi.errors import InputError, open_database
from spi.storage.atomic_dir import replaced_directory
from spi.storage.build_record import BuildRecord, verify_against_record
from spi.export.excel import WorkbookContext, write_workbook
from spi.export.geojson import write_ward_geojson
from spi.export.mart_catalog import framework_version
from spi.project import MART_SCHEMA
from spi.storage.queries import scalar

WORKBOOK_NAME = "spi_wards.xlsx"
GEOJSON_NAME = "ward_spi.geojson"
# A local authority code names a folder of --by-council: it must be a GSS code, nothing a path could hide in.
LAD_CODE = re.compile(r"^[EW](06|07|08|09)\d{6}$")
# OWASP CSV injection: a text cell starting with one of these is a formula to a spreadsheet opening the CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_POLICY = (
    "CSV text cells that start with = + - @ TAB or CR are written with a leading apostrophe (OWASP CSV injection "
    "guidance) so spreadsheets show them as text; Parquet and the Excel workbook keep the exact text (the "
    "workbook stores every text cell as text, never as a formula)."
)


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


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = connection.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [MART_SCHEMA, table],
    ).fetchall()
    return {name for (name,) in rows}


def council_codes(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Local authorities of the built index (from dim_wards); each must be a GSS local authority code."""
    rows = connection.execute(f"select distinct lad_code from {MART_SCHEMA}.dim_wards order by lad_code").fetchall()
    codes = [code for (code,) in rows]
    bad = [repr(code) for code in codes if not isinstance(code, str) or not LAD_CODE.match(code)]
    if bad:
        raise InputError(f"dim_wards has lad_code value(s) {', '.join(bad[:5])} that are not GSS local authority "
                         "codes (E06/E07/E08/E09/W06 and 6 digits); they would name folders of --by-council: fix "
                         "the ward lookup and run `spi build`")
    return codes


def confined(folder: Path, name: str) -> Path:
    """folder/name, refusing any name that would land outside `folder` (.., /, a symlink out)."""
    path = folder / name
    if name in ("", ".", "..") or path.resolve().parent != folder.resolve():
        raise InputError(f"refusing to write '{name}': it is not a plain file name inside {folder}")
    return path


def _council_filter(connection: duckdb.DuckDBPyConnection, table: str, lad_code: str) -> str:
    """A where clause keeping one council's rows: by lad_code, or by ward_code through dim_wards."""
    columns = _columns(connection, table)
    literal = "'" + lad_code.replace("'", "''") + "'"
    if "lad_code" in columns:
        return f" where lad_code = {literal}"
    if "ward_code" in columns:
        return (
            f" where ward_code in (select ward_code from {MART_SCHEMA}.dim_wards where lad_code = {literal})"
        )
    return ""  # reference tables (e.g. dim_indicators) go to every council whole


def _described(path: Path, table: str, file_format: str, rows: int) -> ExportedFile:
    return ExportedFile(
        path=path.name, table=table, format=file_format, rows=rows, bytes=path.stat().st_size, sha256=sha256_of(path)
    )


def _write_reader_files(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    tables: list[str],
    framework_version: str,
    record: BuildRecord | None,
) -> list[ExportedFile]:
    """The files people open directly: the Excel workbook (all marts) and the ward boundaries with scores."""
    workbook = folder / WORKBOOK_NAME
    context = WorkbookContext(
        framework_version=framework_version,
        region=record.region if record else None,
        built_at=record.built_at if record else None,
    )
    workbook_rows = write_workbook(connection, workbook, tables, context)
    geojson = folder / GEOJSON_NAME
    features = write_ward_geojson(connection, geojson, framework_version)
    return [
        _described(workbook, "all marts", "xlsx", workbook_rows),
        _described(geojson, "fct_ward_spi + dim_wards", "geojson", features),
    ]


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _csv_select_list(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    """Every column, text columns guarded against formula injection (CSV_TEXT_POLICY)."""
    rows = connection.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [MART_SCHEMA, table]).fetchall()
    starts = ", ".join(f"chr({ord(start)})" for start in FORMULA_STARTS)
    columns = []
    for name, data_type in rows:
        column = _quote_identifier(name)
        if data_type.upper() == "VARCHAR":
            columns.append(f"case when left({column}, 1) in ({starts}) then chr(39) || {column} else {column} end "
                           f"as {column}")
        else:
            columns.append(column)
    return ", ".join(columns)


def _write_bundle(
    connection: duckdb.DuckDBPyConnection, database: Path, tables: list[str], folder: Path, lad_code: str | None
) -> list[ExportedFile]:
    version = framework_version(connection)
    exported: list[ExportedFile] = []
    for table in tables:
        where = _council_filter(connection, table, lad_code) if lad_code else ""
        # ordered by every column so the same marts always give the same bytes
        query = f"select * from {MART_SCHEMA}.{table}{where} order by all"
        rows = scalar(connection, f"select count(*) from {MART_SCHEMA}.{table}{where}")
        for file_format, options, select in (
            ("parquet", "format parquet, compression zstd", query),
            ("csv", "format csv, header true", f"select {_csv_select_list(connection, table)} from ({query})"),
        ):
            target = confined(folder, f"{table}.{file_format}")
            connection.execute(f"copy ({select}) to {_quote_path(target)} ({options})")
            exported.append(_described(target, table, file_format, rows))
    record = BuildRecord.read(database)
    if lad_code is None:
        exported.extend(_write_reader_files(connection, folder, tables, version or "unknown", record))
    manifest = {
        "framework_version": version,
        "built_at": record.built_at if record else None,
        "region": record.region if record else None,
        "database": database.name,
        **({"lad_code": lad_code} if lad_code else {}),
        "csv_text_policy": CSV_TEXT_POLICY,
        "files": [file.__dict__ for file in exported],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return exported


def _open_marts(database: Path) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """The database, checked against its build record, and its marts."""
    connection = open_database(database)
    try:
        tables = mart_tables(connection)
        if not tables:
            raise InputError(f"{database}: schema '{MART_SCHEMA}' has no tables; run `spi build` first")
        verify_against_record(connection, database)
    except BaseException:
        connection.close()
        raise
    return connection, tables


def export_marts(database: Path, out_dir: Path) -> list[ExportedFile]:
    """Export all marts of `database` into `out_dir`, replacing it atomically."""
    connection, tables = _open_marts(database)
    try:
        with replaced_directory(out_dir) as staging:
            return _write_bundle(connection, database, tables, staging, lad_code=None)
    finally:
        connection.close()


def export_by_council(database: Path, out_dir: Path) -> dict[str, list[ExportedFile]]:
    """One bundle per local authority (out_dir/<lad_code>/), each with only that council's wards.

    Reads the marts only, so every health figure in a bundle has been through disclosure control.
    """
    connection, tables = _open_marts(database)
    try:
        bundles: dict[str, list[ExportedFile]] = {}
        with replaced_directory(out_dir) as staging:
            for lad_code in council_codes(connection):
                folder = confined(staging, lad_code)
                folder.mkdir()
                bundles[lad_code] = _write_bundle(connection, database, tables, folder, lad_code)
        return bundles
    finally:
        connection.close()
