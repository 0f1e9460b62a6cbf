"""`spi build`: run `dbt build` (seeds, models, tests) into the DuckDB database."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from spi.storage.build_lock import build_lock
from spi.storage.build_record import BuildRecord, mart_fingerprints
from spi.storage.test_failures import failing_rows
from spi.commands.validate import validate_region_inputs
from spi.dbt_invoke import run_dbt
from spi.export.mart_catalog import framework_version
from spi.areas import Area, AreaError, area_dbt_vars, parse_area_codes, resolve_area
from spi.export.national_reference import write_national_reference
from spi.health.generate import declared_real
from spi.project import REGIONS, Target, national_reference_path, project_dir, raw_data_dir
from spi.storage.safe_database import (
    building_path,
    discard,
    ensure_not_held,
    promote,
    remove_stale_partials,
    start_from,
)
from spi.spark.build import build_on_spark, project_target_path, spark_record_path, write_spark_record
from spi.validation.quarantine import write_rejected_rows
from spi.validation.runner import ValidationReport

WARD_VINTAGES = ("wd25", "wd17")
ENGINES = ("duckdb", "spark")
FRAMEWORK_SEED = "seeds/framework/ward_framework.csv"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build and test the index (dbt build) into the DuckDB database",
        description="Validate every input file (as `spi validate`), then run `dbt build` in-process into a new "
        "DuckDB file that replaces the database only if everything passed; one build at a time (a lock in the "
        "database's folder). Prints one line per finished node; exits non-zero with a summary of what failed.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region", choices=REGIONS, default="icb",
                       help="areas to score: icb (the ICB, with its ICB-only indicators; default) or england")
    where.add_argument(
        "--area",
        metavar="CODE[,CODE...]",
        help="build the WD25 wards of these English ICBs (E54), local authorities (E06-E09) or regions (E12) "
        "from the national data, on the national indicator set (e.g. --area E54000055 or --area E06000021)",
    )
    parser.add_argument(
        "--wards",
        choices=WARD_VINTAGES,
        default="wd25",
        help="ward boundaries: wd25 (2025, default) or wd17 (2017; ICB only)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="where to build: duckdb (the embedded DuckDB file, default) or spark (local Spark tables under "
        "warehouse/spark/, the same models and tests; needs pip install -e \".[spark]\" and Java 17)",
    )
    parser.add_argument("--database", help="DuckDB file to build (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument("--select", nargs="+", help="dbt selection, e.g. --select +fct_ward_spi")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--verbose", action="store_true", help="one line per dbt node (models, tests, seeds)")
    parser.add_argument(
        "--code-tests",
        action="store_true",
        help="also run the tests of the SQL itself: dbt's unit tests (formulas on hand-made rows) and the "
        "reference checks of the statistics macros (tag code_check: PHEindicatormethods' fixtures); `make test` "
        "and CI run them; off by default, as they test the code, not the data, and do not change between builds",
    )
    parser.add_argument(
        "--dbt-artifacts",
        action="store_true",
        help="also write dbt's manifest.json and run_results.json to target/<region>_<wards>/ (for dbt docs or "
        "artifact readers; off by default: writing them costs 1-2 s of every build)",
    )
    parser.add_argument(
        "--write-national-reference",
        action="store_true",
        help="England builds only: after a successful build, write every ward score to the national reference "
        "(data/reference/derived_national_ward_scores.parquet) that area builds rank their wards in",
    )
    parser.add_argument("--wait", action="store_true", help="if another build is running, wait for it instead of exiting")
    parser.add_argument(
        "--include-synthetic-health",
        action="store_true",
        help="let the synthetic indicators (the health ones made by `spi generate-health`, or any framework row "
        "labelled synthetic) into the index; by default the synthetic health measures flow through the health "
        "marts, labelled, and the index scores real and official data only",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    area = None
    if args.area is not None:
        try:
            area = resolve_area(parse_area_codes(args.area), raw_data_dir())
        except AreaError as problem:
            print(f"spi build: {problem}", file=sys.stderr)
            return 2
        args.region = area.region
    if args.wards == "wd17" and args.region != "icb":
        print("spi build: --wards wd17 is shipped for the ICB only (data/raw/wd17); use --region icb", file=sys.stderr)
        return 2
    if args.write_national_reference and (args.region != "england" or args.select):
        print("spi build: --write-national-reference needs a whole --region england build (no --select)",
              file=sys.stderr)
        return 2
    if args.engine == "spark" and (args.write_national_reference or args.database):
        print("spi build: --engine spark builds into warehouse/spark/ ($SPI_SPARK_WAREHOUSE); --database and "
              "--write-national-reference are for DuckDB builds", file=sys.stderr)
        return 2
    args.area_resolved = area
    target = Target.from_env(args.database, region=args.region)
    # errors (lock held, cannot write, Ctrl-C) become one line and their exit code in spi.cli
    target.database.parent.mkdir(parents=True, exist_ok=True)
    locked = spark_record_path().with_name("spi") if args.engine == "spark" else target.database
    locked.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(locked, wait=args.wait):
        if args.engine == "spark":
            return _build_spark(args, target)
        return _build(args, target)


def _validated(args: argparse.Namespace, target: Target) -> ValidationReport | None:
    """Every input dbt reads checked (the synthetic health extracts made first if missing); None if any failed."""
    # the health layer reads synthetic extracts: made on a fresh clone, then checked like every other input
    # every input dbt reads (sources, other raw files, the analyst indicator files, the framework)
    # source files that passed unchanged in an earlier build are not read again (spi.validation.cache)
    report = validate_region_inputs(target, framework=project_dir() / FRAMEWORK_SEED, cache=True)
    report.write()
    if not report.ok:
        print("spi build: inputs failed validation; nothing was built, the last database is unchanged",
              file=sys.stderr)
        return None
    return report


def _dbt_vars(args: argparse.Namespace, target: Target) -> dict[str, object]:
    # a health folder whose manifest declares a real extract lets its measures into the index (README "Synthetic
    # data and the index"); the synthetic ones enter only when asked for
    health_real = declared_real(Path(target.environment()["SPI_HEALTH_DATA_DIR"]))
    dbt_vars: dict[str, object] = {
        "region": args.region,
        "wards": args.wards,
        "include_synthetic_health": args.include_synthetic_health,
        "health_extract_status": "real" if health_real else "synthetic",
    }
    if args.area_resolved is not None:
        dbt_vars = {**dbt_vars, **area_dbt_vars(args.area_resolved)}
    return dbt_vars


def _build_spark(args: argparse.Namespace, target: Target) -> int:
    """The same build on local Spark (spi.spark): tables under warehouse/spark/, the record beside them."""
    print(f"spi build: engine=spark region={args.region} wards={args.wards}", file=sys.stderr)
    started = time.perf_counter()
    report = _validated(args, target)
    if report is None:
        return 1
    outcome, dbt_seconds = build_on_spark(
        target, project_target_path("area" if args.area_resolved else args.region, args.wards), args.select,
        _dbt_vars(args, target), report.rejected, quiet=args.quiet, verbose=args.verbose)
    print(outcome.summary(), file=sys.stderr)
    if not outcome.success:
        print("spi build: the Spark build failed (its tables are partly rebuilt; the build record of the last "
              "successful one is removed)", file=sys.stderr)
        spark_record_path().unlink(missing_ok=True)
        return 1
    duration = time.perf_counter() - started
    write_spark_record(args.region, args.wards, duration, dbt_seconds, outcome)
    print(f"spi build: done on Spark in {duration:.1f} s ({len(report.rejected)} row(s) quarantined)",
          file=sys.stderr)
    return 0


def _build(args: argparse.Namespace, target: Target) -> int:
    published = target.database
    for stale in remove_stale_partials(published):
        print(f"spi build: removed {stale.name}, left by a build that did not finish", file=sys.stderr)
    print(f"spi build: region={args.region} wards={args.wards} database={published}", file=sys.stderr)
    ensure_not_held(published)  # a program holding the warehouse would replay its log into the new build
    area: Area | None = args.area_resolved
    if area is not None:
        print(f"spi build: area {', '.join(f'{code} {name}' for code, name in area.names.items())}: "
              f"{area.ward_count} WD25 wards (national lookups)", file=sys.stderr)
    started = time.perf_counter()
    report = _validated(args, target)
    if report is None:
        return 1
    # One dbt target path per setting: vars are part of dbt's partial-parse key, so a shared target/ would
    # re-parse the whole project every time the region or vintage changes (README "Performance").
    synthetic_suffix = "_synthetic_health" if args.include_synthetic_health else ""
    target_path = project_dir() / "target" / f"{'area' if area else args.region}_{args.wards}{synthetic_suffix}"
    command = dbt_build_command(target_path, args.select, args.dbt_artifacts, args.code_tests)
    dbt_vars = _dbt_vars(args, target)
    building = Target(database=building_path(published), region=args.region)
    try:
        start_from(published, building.database, copy_existing=bool(args.select))
        write_rejected_rows(building.database, report.rejected)
        dbt_started = time.perf_counter()
        outcome = run_dbt(command, building, dbt_vars=dbt_vars, show_progress=not args.quiet, verbose=args.verbose)
        dbt_seconds = time.perf_counter() - dbt_started
        print(outcome.summary(), file=sys.stderr)
        if not outcome.success:
            for line in failing_rows(building.database, outcome.failed_tests):
                print(line, file=sys.stderr)
            discard(building.database)
            print("spi build: the last built database is unchanged", file=sys.stderr)
            return 1
        duration = time.perf_counter() - started
        version, marts = _framework_version_and_marts(building)
        BuildRecord(
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            duration_seconds=round(duration, 2),
            dbt_seconds=round(dbt_seconds, 2),
            region=args.region,
            wards=args.wards,
            framework_version=version,
            dbt_counts=outcome.counts,
            marts=marts,
        ).write(building.database)
        foreign = promote(building.database, published)
        if args.write_national_reference:
            written = write_national_reference(published, version)
            print(f"spi build: national reference written ({written:,} scores): {national_reference_path()}",
                  file=sys.stderr)
    except BaseException:
        discard(building.database)
        raise
    if foreign is not None:
        print(f"spi build: removed {foreign.name}, a DuckDB log another program left beside the old database "
              "(it was not replayed into the new one)", file=sys.stderr)
    print(f"spi build: done in {duration:.1f} s ({len(report.rejected)} row(s) quarantined)", file=sys.stderr)
    return 0


def dbt_build_command(target_path: Path, select: list[str] | None, artifacts: bool, code_tests: bool) -> list[str]:
    """The `dbt build` arguments of `spi build` (the harness adds the project, profile, vars and logging)."""
    command = ["build", "--target-path", str(target_path)] + (["--select", *select] if select else [])
    if not artifacts:
        command.append("--no-write-json")
    if not code_tests:
        # dbt's advice: unit tests belong in development and CI, not in every production build; the reference
        # checks of the statistics macros (tag code_check, dbt_project.yml) likewise test code, not data
        command += ["--exclude-resource-type", "unit_test", "--exclude", "tag:code_check"]
    return command


def _framework_version_and_marts(target: Target) -> tuple[str, dict[str, dict[str, int | str]]]:
    """The framework version and the marts' row counts and checksums, recorded for publish and export."""
    connection = duckdb.connect(str(target.database))
    try:
        return framework_version(connection) or "unknown", mart_fingerprints(connection)
    finally:
        connection.close()
