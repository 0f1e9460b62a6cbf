"""`spi build`: run `dbt build` (seeds, models, tests) into the DuckDB database."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from spi.build_record import BuildRecord
from spi.dbt_invoke import run_dbt
from spi.health.generate import ensure_generated
from spi.indicator_files import validate_indicator_folder
from spi.project import MART_SCHEMA, Target, indicator_files_dir, project_dir

REGIONS = ("icb", "england")
WARD_VINTAGES = ("wd25", "wd17")
FRAMEWORK_SEED = "seeds/framework/ward_framework.csv"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build and test the index (dbt build) into the DuckDB database",
        description="Run `dbt build` in-process: load the seeds, build every model, run every test. "
        "Prints one line per finished node; exits non-zero with a summary of what failed.",
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
    parser.add_argument("--quiet", action="store_true", help="no per-node progress lines")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.wards == "wd17" and args.region != "icb":
        print("spi build: --wards wd17 is shipped for the ICB only (data/raw/wd17); use --region icb", file=sys.stderr)
        return 2
    target = Target.from_env(args.database)
    # One dbt target path per setting: vars are part of dbt's partial-parse key, so a shared target/ would
    # re-parse the whole project every time the region or vintage changes (README "Performance").
    target_path = project_dir() / "target" / f"{args.region}_{args.wards}"
    command = ["build", "--target-path", str(target_path)] + (["--select", *args.select] if args.select else [])
    print(f"spi build: region={args.region} wards={args.wards} database={target.database}", file=sys.stderr)
    problems = validate_indicator_folder(indicator_files_dir(), project_dir() / FRAMEWORK_SEED)
    if problems:
        print("spi build: the indicator files are not valid (nothing was built):", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
        return 1
    started = time.perf_counter()
    # the health layer reads synthetic extracts: make them (default seed, deterministic) on a fresh clone
    ensure_generated(Path(target.environment()["SPI_HEALTH_DATA_DIR"]))
    # until this build succeeds the database holds no record of a good build, so `spi publish` refuses it
    BuildRecord.forget(target.database)
    dbt_vars = {"region": args.region, "wards": args.wards}
    outcome = run_dbt(command, target, dbt_vars=dbt_vars, show_progress=not args.quiet)
    duration = time.perf_counter() - started
    print(outcome.summary(), file=sys.stderr)
    if not outcome.success:
        return 1
    BuildRecord(
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        duration_seconds=round(duration, 2),
        region=args.region,
        wards=args.wards,
        framework_version=_framework_version(target),
        dbt_counts=outcome.counts,
    ).write(target.database)
    print(f"spi build: done in {duration:.1f} s", file=sys.stderr)
    return 0


def _framework_version(target: Target) -> str:
    connection = duckdb.connect(str(target.database))
    try:
        return connection.execute(f"select min(framework_version) from {MART_SCHEMA}.dim_indicators").fetchone()[0]
    finally:
        connection.close()
