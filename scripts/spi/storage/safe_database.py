"""Build into a new DuckDB file beside the published one and move it into place only on success.

A build killed at any point (SIGKILL), a full disk or a failed test leaves the last good database and its
build record untouched; the partial file is removed by the next build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from spi.storage.build_record import BuildRecord


def building_path(database: Path) -> Path:
    # One fixed name (the lock allows one build at a time): dbt keys its partial parse on the profile's
    # database path, so a new name per build would re-parse the whole project every time.
    return database.with_name(f"{database.name}.building-current")


def remove_stale_partials(database: Path) -> list[Path]:
    """Delete the partial files of builds that died (call with the build lock held: no build is running)."""
    removed = []
    for path in sorted(database.parent.glob(f"{database.name}.building-*")):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def release_dbt_database() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open in this process, so the file can be moved."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        # read through getattr: dbt-duckdb declares _ENV as None, then sets it to the open environment
        environment = getattr(DuckDBConnectionManager, "_ENV", None)
        if environment is not None:
            environment.close()
            DuckDBConnectionManager._ENV = None


def start_from(database: Path, building: Path, copy_existing: bool) -> None:
    """A fresh building file; for partial (--select) builds, a copy of the published database."""
    building.unlink(missing_ok=True)
    if copy_existing and database.exists():
        shutil.copyfile(database, building)


def promote(building: Path, database: Path) -> None:
    """Checkpoint the finished build and atomically put it (then its build record) in place."""
    release_dbt_database()
    connection = duckdb.connect(str(building))
    try:
        connection.execute("checkpoint")
    finally:
        connection.close()
    Path(str(building) + ".wal").unlink(missing_ok=True)
    with building.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(building, database)
    record = BuildRecord.path_for(building)
    if record.exists():
        os.replace(record, BuildRecord.path_for(database))
    directory = os.open(database.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def discard(building: Path) -> None:
    release_dbt_database()
    for path in (building, Path(str(building) + ".wal"), BuildRecord.path_for(building)):
        path.unlink(missing_ok=True)
