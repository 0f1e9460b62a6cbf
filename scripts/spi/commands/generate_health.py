"""`spi generate-health`: write the synthetic NHS extracts (deterministic for a seed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from spi.errors import EXIT_INPUT
from spi.health import DEFAULT_SEED, DEFAULT_YEARS
from spi.health.generate import generate
from spi.project import REGIONS, health_data_dir, raw_data_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "generate-health",
        help="generate the synthetic NHS health extracts (registrations, QOF, records, child measurements)",
        description="Generate synthetic, anonymised NHS-shaped extracts from real inputs (GP list sizes, QOF, "
        "Census 2021, IoD 2025): GP registrations by practice x LSOA x sex x age band and QOF registers per "
        "practice (ICB practices, both regions), one pseudonymised record per resident per year and child "
        "measurements by LSOA (the region's LSOAs: the ICB's 697 or England's 33,755, made local authority "
        "by local authority, so an LSOA's people are the same in both). Same seed, same data. Every row is "
        "marked is_synthetic = true. The output folder is replaced as a whole when the run finishes.",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--years", type=int, nargs="+", default=list(DEFAULT_YEARS), help="years to generate")
    parser.add_argument("--region", choices=REGIONS, default="icb", help="LSOAs of the record-level and child "
                        "extracts: icb (default) or england (56 million residents, about a minute)")
    parser.add_argument("--out", type=Path, help="output folder, replaced whole (default: data/generated/health, "
                        "or data/generated/health_england for --region england)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = generate(args.out, seed=args.seed, years=args.years, region=args.region)
    except (FileNotFoundError, ValueError) as error:
        print(f"spi generate-health: {error}", file=sys.stderr)
        return 1
    except (duckdb.Error, KeyError, IndexError, TypeError) as error:
        # a bad value in one of the generator's real inputs (spi.cli turns OSError and locks into messages)
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        print(f"spi generate-health: the real inputs in {raw_data_dir()} cannot be read ({first}); run `spi validate` "
              "to find the file and line", file=sys.stderr)
        return EXIT_INPUT
    rows = ", ".join(f"{name} {count:,}" for name, count in report.rows.items())
    out = args.out or health_data_dir(args.region)
    print(f"spi generate-health: {rows} rows in {report.seconds['total']:.1f} s -> {out}", file=sys.stderr)
    return 0
