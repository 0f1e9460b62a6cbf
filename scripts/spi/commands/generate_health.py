"""`spi generate-health`: write the synthetic NHS extracts (deterministic for a seed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi.health import DEFAULT_SEED, DEFAULT_YEARS
from spi.health.generate import generate
from spi.project import GENERATED_HEALTH_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate-health",
        help="generate the synthetic NHS health extracts (registrations, QOF, records, child measurements)",
        description="Generate synthetic, anonymised NHS-shaped extracts for the ICB from real inputs (GP list "
        "sizes, QOF, Census 2021, IoD 2025): GP registrations by practice x LSOA x sex x age band, QOF "
        "registers per practice, one pseudonymised record per resident per year, and child measurements by "
        "LSOA. Same seed, same bytes. Every row is marked is_synthetic = true.",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--years", type=int, nargs="+", default=list(DEFAULT_YEARS), help="years to generate")
    parser.add_argument("--out", type=Path, default=GENERATED_HEALTH_DIR, help="output folder (default: data/generated/health)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = generate(args.out, seed=args.seed, years=args.years)
    except (FileNotFoundError, ValueError) as error:
        print(f"spi generate-health: {error}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{name} {count:,}" for name, count in report.rows.items())
    print(f"spi generate-health: {rows} rows in {report.seconds['total']:.1f} s -> {args.out}", file=sys.stderr)
    return 0
