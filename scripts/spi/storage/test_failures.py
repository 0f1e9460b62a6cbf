"""The rows behind a failed dbt data test, read from the database the build left, so a user sees which rule broke
(a row_rules test fails with one row per broken rule) without opening the database."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import duckdb

from spi.storage.safe_database import release_dbt_database

ROWS_SHOWN = 5
VALUE_WIDTH = 80


def failing_rows(database: Path, failed_tests: Mapping[str, str]) -> Iterator[str]:
    """Lines showing the first rows each failed test returns; nothing if the database cannot be read."""
    if not failed_tests or not database.exists():
        return
    release_dbt_database()  # dbt-duckdb keeps the file open in this process
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.Error:
        return
    try:
        for name, sql in failed_tests.items():
            try:
                cursor = connection.execute(f"select * from ({sql}) as failing limit {ROWS_SHOWN + 1}")
                rows = cursor.fetchall()
                columns = [column[0] for column in cursor.description or []]
            except duckdb.Error:
                continue
            yield f"  rows failing {name}:"
            for row in rows[:ROWS_SHOWN]:
                yield "    " + ", ".join(f"{column}={_shown(value)}" for column, value in zip(columns, row, strict=True))
            if len(rows) > ROWS_SHOWN:
                yield f"    ... (more than {ROWS_SHOWN} rows)"
    finally:
        connection.close()


def _shown(value: object) -> str:
    # a value from an input file may hold newlines or terminal escape codes: show them escaped, one line per row
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(value))
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."
