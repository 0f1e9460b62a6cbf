"""One value from a query, typed: DuckDB's fetchone() may return None, which a caller must not index blindly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def scalar(connection: duckdb.DuckDBPyConnection, query: str, parameters: Sequence[Any] | None = None) -> Any:
    """The first column of the first row of `query` (aggregates always return one row)."""
    row = connection.execute(query, list(parameters or [])).fetchone()
    if row is None:
        raise LookupError(f"the query returned no row: {query}")
    return row[0]
