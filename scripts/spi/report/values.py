"""Small helpers the report's data modules share: query rows as dicts, numbers for display, trimmed arrays."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb


def query_rows(connection: duckdb.DuckDBPyConnection, query: str, parameters: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = connection.execute(query, list(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def significant(value: Any, digits: int = 4) -> Any:
    """A raw value to `digits` significant figures (enough for display; keeps the file small)."""
    if isinstance(value, float):
        if value != value:
            return None
        rounded = float(f"{value:.{digits}g}")
        return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
    return value


def trimmed(values: list[Any]) -> list[Any]:
    while values and values[-1] is None:
        values.pop()
    return values
