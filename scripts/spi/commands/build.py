"""`spi build`: run `dbt build` (seeds, models, tests) into the DuckDB database."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from datetime import datetime, timezone

import duckdb

from spi.build_lock import BuildLocked, build_lock
from spi.build_record import BuildRecord
from spi.dbt_invoke import run_dbt
from spi.project import MART_SCHEMA, Target
from spi.safe_database import building_path, discard, promote, remove_stale_partials, start_from
from spi.validation.quarantine import write_rejected_rows
from spi.validation.runner import validate_inputs

REGIONS = ("icb", "england")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build and test the index (dbt build) into the DuckDB database",
        description="Validate every input file (as `spi validate`), then run `dbt build` in-process into a new "
        "DuckDB file that replaces the database only if everything passed; one build at a time (a lock in the "
        "database's folder). Prints one line per finished node; exits non-zero with a summary of what failed.",
    )
    parser.add_argument("--region", choices=REGIONS, default="icb", help="areas to score (default: icb)")
    parser.add_argument("--database", help="DuckDB file to build (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument("--select", nargs="+", help="dbt selection, e.g. --select +fct_ward_spi")
    parser.add_argument("--quiet", action="store_true", help="no per-node progress lines")
    parser.add_argument("--wait", action="store_true", help="if another build is running, wait for it instead of exiting")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    try:
        target.database.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(target.database, wait=args.wait):
            return _build(args, target)
    except BuildLocked as locked:
        print(f"spi build: {locked}", file=sys.stderr)
        return 75
    except OSError as problem:
        print(f"spi build: cannot write {problem.filename or target.database}: {problem.strerror or problem}; "
              "the last built database is unchanged", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace, target: Target) -> int:
    published = target.database
    for stale in remove_stale_partials(published):
        print(f"spi build: removed {stale.name}, left by a build that did not finish", file=sys.stderr)
    print(f"spi build: region={args.region} database={published}", file=sys.stderr)
    started = time.perf_counter()
    report = validate_inputs(Path(target.environment()["SPI_RAW_DATA_DIR"]))
    report.write()
    if not report.ok:
        print("spi build: inputs failed validation; nothing was built, the last database is unchanged",
              file=sys.stderr)
        return 1
    building = Target(database=building_path(published))
    try:
        start_from(published, building.database, copy_existing=bool(args.select))
        write_rejected_rows(building.database, report.rejected)
        command = ["build"] + (["--select", *args.select] if args.select else [])
        outcome = run_dbt(command, building, dbt_vars={"region": args.region}, show_progress=not args.quiet)
        print(outcome.summary(), file=sys.stderr)
        if not outcome.success:
            discard(building.database)
            print("spi build: the last built database is unchanged", file=sys.stderr)
            return 1
        duration = time.perf_counter() - started
        BuildRecord(
            built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            duration_seconds=round(duration, 2),
            region=args.region,
            framework_version=_framework_version(building),
            dbt_counts=outcome.counts,
        ).write(building.database)
        promote(building.database, published)
    except BaseException:
        discard(building.database)
        raise
    finally:
        target.apply()
    print(f"spi build: done in {duration:.1f} s ({len(report.rejected)} row(s) quarantined)", file=sys.stderr)
    return 0


def _framework_version(target: Target) -> str:
    connection = duckdb.connect(str(target.database))
    try:
        return connection.execute(f"select min(framework_version) from {MART_SCHEMA}.dim_indicators").fetchone()[0]
    finally:
        connection.close()
