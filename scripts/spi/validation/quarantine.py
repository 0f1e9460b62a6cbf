"""The rejected-rows table: rows a tolerant source set aside, with the reason, in the database being built.

Staging models of tolerant sources drop the keys listed here (source `quarantine.rejected_rows`)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from spi.validation.runner import RejectedRow

SCHEMA = "quarantine"
TABLE = "rejected_rows"


def write_rejected_rows(database: Path, rejected: list[RejectedRow]) -> None:
    """(Re)create quarantine.rejected_rows in `database` holding exactly `rejected`."""
    connection = duckdb.connect(str(database))
    try:
        connection.execute(f"create schema if not exists {SCHEMA}")
        connection.execute(
            f"create or replace table {SCHEMA}.{TABLE} (source_table varchar, file varchar, line integer, "
            "key_column varchar, row_key varchar, rule varchar, message varchar, raw_row json)"
        )
        if not rejected:
            return
        connection.executemany(
            f"insert into {SCHEMA}.{TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)",
            [[row.source, row.file, row.line, row.key_column, row.key, row.rule, row.message,
              json.dumps(row.raw, sort_keys=True)] for row in rejected],
        )
    finally:
        connection.close()
