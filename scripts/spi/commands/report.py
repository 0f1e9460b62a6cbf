"""`spi report`: one self-contained HTML report (ward map, tables, profiles, methods) that works offline."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from spi.project import DEFAULT_REPORT, Target
from spi.report.data import ReportDataError
from spi.report.render import write_report


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the self-contained HTML report (map, wards, local authorities, profiles, methods)",
        description="Write one HTML file that works offline (no external fonts, scripts or tiles): a ward map of "
        "the SPI and of each dimension and component, a sortable table of all wards, a local-authority summary "
        "(population-weighted), a profile per ward with every indicator and its flags, SPI against income "
        "deprivation, and the methods and sources. Synthetic data is labelled wherever it appears.",
    )
    parser.add_argument("--database", help="DuckDB file to read (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_REPORT, help="HTML file to write (default: report/spi_report.html)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    started = time.perf_counter()
    try:
        summary = write_report(target.database, args.out)
    except (FileNotFoundError, ReportDataError, OSError, ValueError) as error:
        print(f"spi report: {error}", file=sys.stderr)
        return 1
    print(
        f"spi report: {summary.wards} wards, {summary.ward_shapes} ward shapes, periods {', '.join(summary.periods)}, "
        f"{summary.bytes / 1e6:.2f} MB in {time.perf_counter() - started:.1f} s -> {summary.path}"
        + (" (contains SYNTHETIC data, labelled)" if summary.has_synthetic else ""),
        file=sys.stderr,
    )
    return 0
