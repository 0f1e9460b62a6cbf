"""Build into a new DuckDB file beside the published one and move it into place only on success.

A build killed at any point (SIGKILL), a full disk or a failed test leaves the last good database and its
build record untouched; the partial file is removed by the next build.

DuckDB keeps uncommitted writes in `<file>.wal` beside the file and replays that log into whatever file has
the name when it is next opened. A log left by another program (a notebook that had the warehouse open for
writing and died) would be replayed into the freshly built file: promotion refuses while another process
holds the warehouse, and removes a foreign log before the new file takes the name."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from spi.errors import LockedError, duckdb_error
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


def wal_path(database: Path) -> Path:
    return Path(str(database) + ".wal")


def ensure_not_held(database: Path) -> None:
    """Raise LockedError if another process has `database` open for writing (DuckDB's file lock)."""
    if not database.exists():
        return
    try:
        # read-only with a WAL beside it would replay it in memory only; the file is never written here
        probe = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as problem:
        known = duckdb_error(problem, database)
        if isinstance(known, LockedError):
            raise known from None
        return  # damaged or otherwise unreadable: it is about to be replaced anyway
    probe.close()


def remove_foreign_wal(database: Path) -> Path | None:
    """Delete a DuckDB log left beside `database` by another program, so no new file ever replays it."""
    wal = wal_path(database)
    if wal.exists():
        wal.unlink()
        return wal
    return None


def promote(building: Path, database: Path) -> Path | None:
    """Checkpoint the finished build and atomically put it (then its build record) in place.

    Returns the foreign log removed from beside `database`, if there was one."""
    release_dbt_database()
    connection = duckdb.connect(str(building))
    try:
        connection.execute("checkpoint")
    finally:
        connection.close()
    wal_path(building).unlink(missing_ok=True)
    with building.open("rb") as handle:
        os.fsync(handle.fileno())
    ensure_not_held(database)
    foreign = remove_foreign_wal(database)
    os.replace(building, database)
    record = BuildRecord.path_for(building)
    if record.exists():
        os.replace(record, BuildRecord.path_for(database))
    directory = os.open(database.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return foreign


def discard(building: Path) -> None:
    release_dbt_database()
    for path in (building, Path(str(building) + ".wal"), BuildRecord.path_for(building)):
        path.unlink(missing_ok=True)
