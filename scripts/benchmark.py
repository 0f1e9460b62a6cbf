"""Benchmark the default build, or `spi score` on the SPI 2024 kit: wall time and peak memory, a few runs.

Usage: python scripts/benchmark.py [--job build|score-kit|health-year] [--runs 3] [--out FILE]
Each run is a fresh `spi build` (or `spi score`) process into a fresh DuckDB file, so nothing is cached
between runs except the operating system's file cache, the installed packages and dbt's parse cache
("warm environment"). `--job score-kit` scores tests/fixtures/spi2024 (target: at most 15 s) and appends
to benchmarks/score_kit_results.md. `--job health-year` times generating one year of the synthetic
record-level extract (about 1.13 million rows) plus aggregating it to wards (target: at most 20 s together)
and appends to benchmarks/health_year.md.
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


KIT = PROJECT_DIR / "tests" / "fixtures" / "spi2024"
RESULTS = {
    "build": PROJECT_DIR / "benchmarks" / "results.md",
    "score-kit": PROJECT_DIR / "benchmarks" / "score_kit_results.md",
    "health-year": PROJECT_DIR / "benchmarks" / "health_year.md",
}


def job_command(job: str, database: Path, region: str) -> list[str]:
    """The `spi` arguments of one run of the job."""
    if job == "score-kit":
        return [
            "score",
            "--quiet",
            "--framework",
            str(KIT / "framework.csv"),
            "--values",
            str(KIT / "values.csv"),
            "--out",
            str(database.parent / f"{database.stem}-scores"),
        ]  # the default scoring database, as a user runs it (dbt keeps its parse cache for it)
    return ["build", "--quiet", "--region", region, "--database", str(database)]


def run_build(database: Path, region: str, job: str = "build") -> tuple[float, float]:
    """Return (wall seconds, peak RSS MiB) of one `spi build` (or `spi score`) subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "spi.cli", *job_command(job, database, region)],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "scripts")},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{job} failed:\n{completed.stderr[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # CPU seconds show how much of the wall time is waiting for a busy machine
    print(f"  {job}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
    peak_kib = max(before.ru_maxrss, after.ru_maxrss)
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
    out = args.out
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--region", default="icb")
    parser.add_argument("--job", choices=sorted(RESULTS), default="build")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/results.md for build, "
                        "benchmarks/score_kit_results.md for score-kit)")
    args = parser.parse_args()
    args.out = args.out or RESULTS[args.job]
    if args.job == "health-year":
        return health_year_job(args)
    if args.job == "score-kit":
        args.region = "spi2024 kit"
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(1, args.runs + 1):
            wall, peak = run_build(Path(scratch) / f"run{run}.duckdb", args.region, args.job)
            walls.append(wall)
            peaks.append(peak)
            print(f"run {run}/{args.runs}: {wall:.1f} s, peak RSS {peak:.0f} MiB", file=sys.stderr, flush=True)
    line = (
        f"| {datetime.now(timezone.utc):%Y-%m-%d %H:%M} | {args.region} | {args.runs} | "
        f"{statistics.median(walls):.1f} | {min(walls):.1f} | {max(walls):.1f} | {max(peaks):.0f} | {os.cpu_count()} |"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.out.exists():
        title = "`spi score` on the SPI 2024 kit" if args.job == "score-kit" else "Build"
        args.out.write_text(
            f"# {title} benchmark\n\n`python scripts/benchmark.py --job {args.job}` appends one line per run set.\n\n"
            "| when (UTC) | region | runs | median s | min s | max s | peak RSS MiB | cores |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
    with args.out.open("a") as handle:
        handle.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
