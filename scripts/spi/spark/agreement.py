"""Do two exports (`spi export` of a DuckDB build and `spi export --engine spark`) hold the same marts?

Every mart's Parquet file is compared: the same columns with the same types, the same number of rows, and row
by row (both sorted by every non-floating column, then by the floating ones rounded to 6 decimals) the same
values: codes, names, ranks, counts and flags exactly (null equals null), floating-point numbers within
`tolerance` (absolute, or relative to the larger magnitude above 1)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import duckdb

FLOATING = ("DOUBLE", "FLOAT", "REAL")
DEFAULT_TOLERANCE = 1e-9
# the export's list of files with their row counts (spi.export.marts)
MANIFEST = "manifest.json"


def _parquet_files(folder: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.glob("*.parquet"))}


def _columns(connection: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    rows = connection.execute("select column_name, column_type from (describe select * from read_parquet(?))",
                              [str(path)]).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]


def _sorted_rows(connection: duckdb.DuckDBPyConnection, path: Path, columns: list[tuple[str, str]]) -> list[Any]:
    exact = [f'"{name}"' for name, kind in columns if kind not in FLOATING]
    rounded = [f'round("{name}", 6)' for name, kind in columns if kind in FLOATING]
    order = ", ".join(f"{key} nulls first" for key in exact + rounded) or "1"
    return connection.execute(f"select * from read_parquet(?) order by {order}", [str(path)]).fetchall()


def _same(left: Any, right: Any, floating: bool, tolerance: float) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if floating:
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return bool(abs(left - right) <= tolerance * max(1.0, abs(left), abs(right)))
    return bool(left == right)


def compare_mart(connection: duckdb.DuckDBPyConnection, name: str, left: Path, right: Path,
                 tolerance: float = DEFAULT_TOLERANCE, shown: int = 3) -> list[str]:
    """The differences between two Parquet files of one mart (empty when they agree)."""
    left_columns, right_columns = _columns(connection, left), _columns(connection, right)
    if left_columns != right_columns:
        only = sorted(set(left_columns) ^ set(right_columns))
        return [f"{name}: columns or types differ: {only}"]
    left_rows = _sorted_rows(connection, left, left_columns)
    right_rows = _sorted_rows(connection, right, right_columns)
    if len(left_rows) != len(right_rows):
        return [f"{name}: {len(left_rows)} rows against {len(right_rows)}"]
    differences: list[str] = []
    for index, (left_row, right_row) in enumerate(zip(left_rows, right_rows, strict=True)):
        for (column, kind), left_value, right_value in zip(left_columns, left_row, right_row, strict=True):
            floating = kind in FLOATING
            if not _same(left_value, right_value, floating, tolerance):
                differences.append(f"{name}: sorted row {index}, {column}: {left_value!r} against {right_value!r}")
                if len(differences) >= shown:
                    return differences
    return differences


def largest_float_difference(connection: duckdb.DuckDBPyConnection, left: Path, right: Path) -> float:
    """The largest absolute difference between matching floating values of two agreeing Parquet files."""
    columns = _columns(connection, left)
    largest = 0.0
    for left_row, right_row in zip(_sorted_rows(connection, left, columns), _sorted_rows(connection, right, columns),
                                   strict=True):
        for (_, kind), left_value, right_value in zip(columns, left_row, right_row, strict=True):
            if kind in FLOATING and left_value is not None and right_value is not None:
                if not (math.isnan(left_value) or math.isnan(right_value)):
                    largest = max(largest, abs(left_value - right_value))
    return largest


def compare_exports(left: Path, right: Path, tolerance: float = DEFAULT_TOLERANCE) -> list[str]:
    """Every difference between two export folders' marts and manifests' row counts (empty when they agree)."""
    left_files, right_files = _parquet_files(left), _parquet_files(right)
    differences = [f"{name}: only in {left}" for name in sorted(set(left_files) - set(right_files))]
    differences += [f"{name}: only in {right}" for name in sorted(set(right_files) - set(left_files))]
    connection = duckdb.connect()
    try:
        for name in sorted(set(left_files) & set(right_files)):
            differences += compare_mart(connection, name, left_files[name], right_files[name], tolerance)
    finally:
        connection.close()
    left_counts, right_counts = _manifest_rows(left), _manifest_rows(right)
    if left_counts != right_counts:
        changed = sorted(key for key in set(left_counts) | set(right_counts)
                         if left_counts.get(key) != right_counts.get(key))
        differences.append(f"manifest row counts differ for {changed}")
    return differences


def _manifest_rows(folder: Path) -> dict[str, int]:
    document = json.loads((folder / MANIFEST).read_text())
    files = document.get("files", [])
    return {str(entry["path"]): int(entry["rows"]) for entry in files if "rows" in entry}
