"""`spi build`: run `dbt build` (seeds, models, tests) into the DuckDB database."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, UTC

import duckdb

from spi.storage.build_lock import BuildLocked, build_lock
from spi.storage.build_record import BuildRecord
from spi.commands.validate import validate_region_inputs
from spi.dbt_invoke import run_dbt
from spi.validation.indicator_files import validate_indicator_folder
from spi.export.mart_catalog import framework_version
from spi.project import REGIONS, Target, indicator_files_dir, project_dir
from spi.storage.safe_database import building_path, discard, promote, remove_stale_partials, start_from
from spi.validation.quarantine import write_rejected_rows

WARD_VINTAGES = ("wd25", "wd17")
FRAMEWORK_SEED = "seeds/framework/ward_framework.csv"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build and test the index (dbt build) into the DuckDB database",
        description="Validate every input file (as `spi validate`), then run `dbt build` in-process into a new "
        "DuckDB file that replaces the database only if everything passed; one build at a time (a lock in the "
        "database's folder). Prints one line per finished node; exits non-zero with a summary of what failed.",
    )
    parser.add_argument("--region", choices=REGIONS, default="icb", help="areas to score (default: icb)")
    parser.add_argument(
        "--wards",
        choices=WARD_VINTAGES,
        default="wd25",
        help="ward boundaries: wd25 (2025, default) or wd17 (2017; ICB only)",
    )
    parser.add_argument("--database", help="DuckDB file to build (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument("--select", nargs="+", help="dbt selection, e.g. --select +fct_ward_spi")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--verbose", action="store_true", help="one line per dbt node (models, tests, seeds)")
    parser.add_argument(
        "--dbt-artifacts",
        action="store_true",
        help="also write dbt's manifest.json and run_results.json to target/<region>_<wards>/ (for dbt docs or "
        "artifact readers; off by default: writing them costs 1-2 s of every build)",
    )
    parser.add_argument("--wait", action="store_true", help="if another build is running, wait for it instead of exiting")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.wards == "wd17" and args.region != "icb":
        print("spi build: --wards wd17 is shipped for the ICB only (data/raw/wd17); use --region icb", file=sys.stderr)
        return 2
    target = Target.from_env(args.database, region=args.region)
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
    print(f"spi build: region={args.region} wards={args.wards} database={published}", file=sys.stderr)
    started = time.perf_counter()
    # the health layer reads synthetic extracts: made on a fresh clone, then checked like every other input
    report = validate_region_inputs(target)
    report.write()
    problems = validate_indicator_folder(indicator_files_dir(), project_dir() / FRAMEWORK_SEED)
    if problems:
        print("spi build: the indicator files are not valid:", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
    if not report.ok or problems:
        print("spi build: inputs failed validation; nothing was built, the last database is unchanged",
              file=sys.stderr)
        return 1
    # One dbt target path per setting: vars are part of dbt's partial-parse key, so a shared target/ would
    # re-parse the whole project every time the region or vintage changes (README "Performance").
    target_path = project_dir() / "target" / f"{args.region}_{args.wards}"
    command = ["build", "--target-path", str(target_path)] + (["--select", *args.select] if args.select else [])
    if not args.dbt_artifacts:
        command.append("--no-write-json")
    dbt_vars = {"region": args.region, "wards": args.wards}
    building = Target(database=building_path(published), region=args.region)
    try:
        start_from(published, building.database, copy_existing=bool(args.select))
        write_rejected_rows(building.database, report.rejected)
        dbt_started = time.perf_counter()
        outcome = run_dbt(command, building, dbt_vars=dbt_vars, show_progress=not args.quiet, verbose=args.verbose)
        dbt_seconds = time.perf_counter() - dbt_started
        print(outcome.summary(), file=sys.stderr)
        if not outcome.success:
            discard(building.database)
            print("spi build: the last built database is unchanged", file=sys.stderr)
            return 1
        duration = time.perf_counter() - started
        BuildRecord(
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            duration_seconds=round(duration, 2),
            dbt_seconds=round(dbt_seconds, 2),
            region=args.region,
            wards=args.wards,
            framework_version=_framework_version(building),
            dbt_counts=outcome.counts,
        ).write(building.database)
        promote(building.database, published)
    except BaseException:
        discard(building.database)
        raise
    print(f"spi build: done in {duration:.1f} s ({len(report.rejected)} row(s) quarantined)", file=sys.stderr)
    return 0


def _framework_version(target: Target) -> str:
    connection = duckdb.connect(str(target.database))
    try:
        return framework_version(connection) or "unknown"
    finally:
        connection.close()
