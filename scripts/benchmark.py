"""Benchmark the default build: wall time and peak memory of `spi build`, a few runs on a warm environment.

Usage: python scripts/benchmark.py [--runs 3] [--out benchmarks/results.md]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--region", default="icb")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "benchmarks" / "results.md")
    args = parser.parse_args()
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
