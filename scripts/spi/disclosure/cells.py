"""Published health cells, read from whatever an attacker holds: a DuckDB file, Parquet/CSV exports, a workbook.

Which tables hold health counts is said once, in the marts' YAML: a mart whose config carries
`meta: {disclosure: {kind: health_counts, area_level: <ward|lad|pcn|...>, area_code_column: <column>}}` is
read and attacked; a new health mart is covered by adding that tag (and tests/python/test_disclosure_attacker.py
fails for a mart that publishes counts without it). A mart whose counts are only copies or sums of the published
cells of a tagged table (benchmarks, Core20 groups) adds no information and is tagged
`meta: {disclosure: {kind: derived_from_published, derived_from: <tagged table>}}` instead: the attacker test
recomputes its counts from the published cells, so a derived mart that published anything else would fail.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

from spi.project import PROJECT_DIR

MARTS_DIR = PROJECT_DIR / "models" / "marts"
DISCLOSURE_KIND = "health_counts"
DERIVED_KIND = "derived_from_published"
WARD_TABLE = "fct_ward_health_outcomes"
LAD_TABLE = "fct_lad_health_outcomes"


@dataclass(frozen=True)
class HealthTable:
    """A published table of disclosure-controlled health counts, as its YAML tags it."""

    name: str
    area_level: str
    area_code_column: str


def _tag(model: Mapping[str, Any]) -> Mapping[str, Any] | None:
    config = model.get("config") or {}
    meta = {**(model.get("meta") or {}), **(config.get("meta") or {})}
    disclosure = meta.get("disclosure")
    if isinstance(disclosure, Mapping) and disclosure.get("kind") == DISCLOSURE_KIND:
        return disclosure
    return None


def derived_tables(marts_dir: Path = MARTS_DIR) -> dict[str, str]:
    """Every mart tagged as derived only from published cells: {mart: the tagged table it is derived from}."""
    derived = {}
    for path in sorted(marts_dir.glob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            config = model.get("config") or {}
            meta = {**(model.get("meta") or {}), **(config.get("meta") or {})}
            disclosure = meta.get("disclosure")
            if isinstance(disclosure, Mapping) and disclosure.get("kind") == DERIVED_KIND:
                if not disclosure.get("derived_from"):
                    raise PublishedDataError(f"{path}: model {model.get('name')}: meta.disclosure needs derived_from")
                derived[str(model["name"])] = str(disclosure["derived_from"])
    return derived


def tagged_tables(marts_dir: Path = MARTS_DIR) -> list[HealthTable]:
    """Every mart tagged as publishing health counts, from the marts' YAML (sorted by name)."""
    tables = []
    for path in sorted(marts_dir.glob("*.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for model in document.get("models") or []:
            tag = _tag(model)
            if tag is None:
                continue
            try:
                tables.append(HealthTable(str(model["name"]), str(tag["area_level"]), str(tag["area_code_column"])))
            except KeyError as error:
                raise PublishedDataError(
                    f"{path}: model {model.get('name')}: meta.disclosure needs area_level and area_code_column "
                    f"({error} missing)"
                ) from error
    return sorted(tables, key=lambda table: table.name)


@cache
def published_health_tables() -> tuple[HealthTable, ...]:
    """The project's tagged health tables (read once per process)."""
    return tuple(tagged_tables())

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


def cells_from_rows(rows: Iterable[Mapping[str, Any]], table: HealthTable, origin: str) -> list[Cell]:
    """Cells from rows of a tagged health table; rows without a period_year carry no counts (value-only rows)."""
    cells = []
    for number, row in enumerate(rows, start=2):
        if row.get("period_year") in (None, "") or _number(row.get("period_year")) is None:
            continue
        try:
            cells.append(
                Cell(
                    key=(
                        table.area_level,
                        str(row[table.area_code_column]),
                        str(row["measure_id"]),
                        int(float(row["period_year"])),
                    ),
                    lad_code=str(row.get("lad_code") or ""),
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
    """The health marts of a built or published DuckDB file (every tagged table the file holds)."""
    connection = open_read_only(database)
    try:
        present = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ?", [schema]
            ).fetchall()
        }
        cells = []
        for table in published_health_tables():
            if table.name in present:
                rows = _duckdb_rows(connection, f"{schema}.{table.name}")
                cells += cells_from_rows(rows, table, f"{database}:{table.name}")
        return cells
    finally:
        connection.close()


def read_directory(folder: Path, file_format: str) -> list[Cell]:
    """The health tables of an export folder or council bundle (<table>.parquet or <table>.csv); absent = none."""
    cells: list[Cell] = []
    for table in published_health_tables():
        path = folder / f"{table.name}.{file_format}"
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
        cells += cells_from_rows(rows, table, str(path))
    return cells


def read_workbook(path: Path) -> list[Cell]:
    """The health sheets of the export workbook (one sheet per mart, a header row first)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    cells: list[Cell] = []
    for table in published_health_tables():
        sheet = table.name[:31]
        if sheet not in workbook.sheetnames:
            continue
        sheet_rows = workbook[sheet].iter_rows(values_only=True)
        header = [str(name) for name in next(sheet_rows)]
        rows = [dict(zip(header, row, strict=False)) for row in sheet_rows]
        cells += cells_from_rows(rows, table, f"{path}:{table.name}")
    workbook.close()
    return cells
