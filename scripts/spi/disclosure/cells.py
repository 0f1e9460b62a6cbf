"""Published health cells, read from whatever an attacker holds: a DuckDB file, Parquet/CSV exports, a workbook."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

WARD_TABLE = "fct_ward_health_outcomes"
LAD_TABLE = "fct_lad_health_outcomes"

# (area_level, area_code, measure_id, period_year)
CellKey = tuple[str, str, str, int]


@dataclass(frozen=True)
class Cell:
    """One published row: an area, measure and year, with what the table shows of it."""

    key: CellKey
    lad_code: str
    numerator: int | None
    denominator: int | None
    value: float | None
    ci_lower: float | None
    ci_upper: float | None
    is_suppressed: bool
    reason: str | None

    @property
    def measure_id(self) -> str:
        return self.key[2]


class PublishedDataError(ValueError):
    """The artefact does not hold the published health tables in the expected shape."""


def _number(raw: Any) -> float | None:
    if raw is None or raw == "":
        return None
    number = float(raw)
    return None if math.isnan(number) else number


def _whole(raw: Any) -> int | None:
    number = _number(raw)
    return None if number is None else int(round(number))


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in {"true", "1", "yes"}


def cells_from_rows(rows: Iterable[Mapping[str, Any]], area_level: str, origin: str) -> list[Cell]:
    """Cells from rows of a ward (area_level 'ward') or local-authority ('lad') health table."""
    code_column = "ward_code" if area_level == "ward" else "lad_code"
    cells = []
    for number, row in enumerate(rows, start=2):
        try:
            cells.append(
                Cell(
                    key=(area_level, str(row[code_column]), str(row["measure_id"]), int(float(row["period_year"]))),
                    lad_code=str(row["lad_code"]),
                    numerator=_whole(row.get("numerator_count")),
                    denominator=_whole(row.get("denominator_count")),
                    value=_number(row.get("value")),
                    ci_lower=_number(row.get("ci_lower")),
                    ci_upper=_number(row.get("ci_upper")),
                    is_suppressed=_flag(row.get("is_suppressed")),
                    reason=(str(row["suppression_reason"]) or None) if row.get("suppression_reason") else None,
                )
            )
        except (KeyError, ValueError) as error:
            raise PublishedDataError(f"{origin}, row {number}: not a health outcomes row ({error})") from error
    return cells


def _duckdb_rows(connection: duckdb.DuckDBPyConnection, relation: str) -> list[dict[str, Any]]:
    result = connection.execute(f"select * from {relation}")
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def open_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or a plain one where this process already holds the file open for writing."""
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.ConnectionException:
        return duckdb.connect(str(database))


def read_duckdb(database: Path, schema: str = "marts") -> list[Cell]:
    """The health marts of a built or published DuckDB file."""
    connection = open_read_only(database)
    try:
        cells = []
        for table, level in ((WARD_TABLE, "ward"), (LAD_TABLE, "lad")):
            cells += cells_from_rows(_duckdb_rows(connection, f"{schema}.{table}"), level, f"{database}:{table}")
        return cells
    finally:
        connection.close()


def read_directory(folder: Path, file_format: str) -> list[Cell]:
    """The health tables of an export folder or council bundle (<table>.parquet or <table>.csv); absent = none."""
    cells: list[Cell] = []
    for table, level in ((WARD_TABLE, "ward"), (LAD_TABLE, "lad")):
        path = folder / f"{table}.{file_format}"
        if not path.exists():
            continue
        if file_format == "csv":
            with path.open(newline="") as handle:
                rows: list[dict[str, Any]] = list(csv.DictReader(handle))
        elif file_format == "parquet":
            connection = duckdb.connect()
            try:
                rows = _duckdb_rows(connection, f"read_parquet('{path.as_posix()}')")
            finally:
                connection.close()
        else:
            raise PublishedDataError(f"{path}: unknown format {file_format}")
        cells += cells_from_rows(rows, level, str(path))
    return cells


def read_workbook(path: Path) -> list[Cell]:
    """The health sheets of the export workbook (one sheet per mart, a header row first)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    cells: list[Cell] = []
    for table, level in ((WARD_TABLE, "ward"), (LAD_TABLE, "lad")):
        if table[:31] not in workbook.sheetnames:
            continue
        sheet_rows = workbook[table[:31]].iter_rows(values_only=True)
        header = [str(name) for name in next(sheet_rows)]
        rows = [dict(zip(header, row, strict=False)) for row in sheet_rows]
        cells += cells_from_rows(rows, level, f"{path}:{table}")
    workbook.close()
    return cells
