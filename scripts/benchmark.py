"""Benchmark the default build: wall time and peak memory of `spi build`, a few runs on a warm environment.

Usage: python scripts/benchmark.py [--job build|health-year] [--runs 3] [--out benchmarks/results.md]
--job health-year times generating one year of the synthetic record-level extract (about 1.13 million rows,
`spi generate-health --years 2024`) plus aggregating it to wards (target: at most 20 s together).
Each run is a fresh `spi build` process into a fresh DuckDB file, so nothing is cached between runs
except the operating system's file cache and the installed packages ("warm environment").
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def run_build(database: Path, region: str) -> tuple[float, float]:
    """Return (wall seconds, peak RSS MiB) of one `spi build` subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "spi.cli", "build", "--quiet", "--region", region, "--database", str(database)],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "scripts")},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"build failed:\n{completed.stderr[-4000:]}")
    peak_kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return wall, peak_kib / 1024


def run_health_year(out_dir: Path) -> tuple[float, float, int]:
    """Return (generate seconds, aggregate seconds, record rows) of one year of the synthetic extract."""
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    import duckdb

    from spi.health.generate import generate
    from spi.project import RAW_DATA_DIR

    started = time.perf_counter()
    report = generate(out_dir, years=[2024])
    generated = time.perf_counter() - started
    started = time.perf_counter()
    # the same grouping as int_ward_record_counts_aggregated: LSOA first, then wards
    rows = duckdb.sql(
        f"""
        with lsoa_counts as (
            select lsoa21_code, age_band, count(*) as residents, sum(ae_attendances) as ae_attendances,
                   sum(emergency_admissions) as emergency_admissions,
                   count(*) filter (where long_term_conditions >= 2) as multimorbid,
                   count(*) filter (where smoking_status = 'current') as current_smokers
            from read_parquet('{out_dir}/patient_records_2024.parquet')
            group by lsoa21_code, age_band
        ),
        lookup as (
            select lsoa21_code, ward24_code as ward_code
            from read_csv('{RAW_DATA_DIR}/icb/lsoa21_to_wd24_ssot.csv', all_varchar = true)
        )
        select lookup.ward_code, lsoa_counts.age_band, sum(residents), sum(ae_attendances),
               sum(emergency_admissions), sum(multimorbid), sum(current_smokers)
        from lsoa_counts inner join lookup on lsoa_counts.lsoa21_code = lookup.lsoa21_code
        group by lookup.ward_code, lsoa_counts.age_band
        """
    ).fetchall()
    aggregated = time.perf_counter() - started
    assert rows, "aggregation returned no wards"
    return generated, aggregated, report.rows["patient_records"]


def health_year_job(args: argparse.Namespace) -> int:
    totals = []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(1, args.runs + 1):
            generated, aggregated, rows = run_health_year(Path(scratch) / f"run{run}")
            totals.append(generated + aggregated)
            print(f"run {run}/{args.runs}: generate {generated:.1f} s + aggregate {aggregated:.1f} s "
                  f"({rows:,} record rows)", file=sys.stderr, flush=True)
    out = args.out if args.out != DEFAULT_OUT else PROJECT_DIR / "benchmarks" / "health_year.md"
    line = (
        f"| {datetime.now(timezone.utc):%Y-%m-%d %H:%M} | {rows:,} | {args.runs} | {statistics.median(totals):.1f} | "
        f"{min(totals):.1f} | {max(totals):.1f} | {'yes' if statistics.median(totals) <= 20 else 'NO'} | {os.cpu_count()} |"
    )
    if not out.exists():
        out.write_text(
            "# Health year benchmark\n\n`python scripts/benchmark.py --job health-year`: generate one year of the "
            "synthetic record-level extract and aggregate it to wards (target at most 20 s).\n\n"
            "| when (UTC) | record rows | runs | median s | min s | max s | within 20 s | cores |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
    with out.open("a") as handle:
        handle.write(line + "\n")
    print(line)
    return 0


DEFAULT_OUT = PROJECT_DIR / "benchmarks" / "results.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job", choices=("build", "health-year"), default="build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--region", default="icb")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if args.job == "health-year":
        return health_year_job(args)
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(1, args.runs + 1):
            wall, peak = run_build(Path(scratch) / f"run{run}.duckdb", args.region)
            walls.append(wall)
            peaks.append(peak)
            print(f"run {run}/{args.runs}: {wall:.1f} s, peak RSS {peak:.0f} MiB", file=sys.stderr, flush=True)
    line = (
        f"| {datetime.now(timezone.utc):%Y-%m-%d %H:%M} | {args.region} | {args.runs} | "
        f"{statistics.median(walls):.1f} | {min(walls):.1f} | {max(walls):.1f} | {max(peaks):.0f} | {os.cpu_count()} |"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.out.exists():
        args.out.write_text(
            "# Build benchmark\n\n`python scripts/benchmark.py` appends one line per run set.\n\n"
            "| when (UTC) | region | runs | median s | min s | max s | peak RSS MiB | cores |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
    with args.out.open("a") as handle:
        handle.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
