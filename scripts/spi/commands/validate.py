"""`spi validate`: check every input file against its declared shape, listing every error at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi.health.generate import ensure_generated
from spi.project import REGIONS, Target
from spi.validation.runner import FRAMEWORK_SEED, ValidationReport, validate_inputs


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check every input file against its declared shape (run first by spi build)",
        description="Check every source file named in the sources yml (columns, types, keys, area codes, "
        "periods, counts, numerators, proportions, encoding, delimiter) and the framework seed. Every error "
        "names the file, the line or key and the rule; exits non-zero if any. Sources whose policy is "
        "'quarantine' have their bad rows counted instead (spi build sets them aside).",
    )
    parser.add_argument("--raw-dir", type=Path, help="folder of the raw files (default: data/raw or $SPI_RAW_DATA_DIR)")
    parser.add_argument("--framework", type=Path, default=FRAMEWORK_SEED, help="framework CSV (default: the seed)")
    parser.add_argument(
        "--region", choices=REGIONS, default="icb", help="whose synthetic health extracts to check (default: icb)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    report = validate_region_inputs(Target.from_env(region=args.region), args.raw_dir, args.framework)
    report.write(sys.stderr)
    return 0 if report.ok else 1


def validate_region_inputs(target: Target, raw_dir: Path | None = None,
                           framework: Path = FRAMEWORK_SEED) -> ValidationReport:
    """Validate the inputs a build of the target reads (spi validate, and spi build before dbt)."""
    environment = target.environment()
    # the sources' env_var() locations (the region's health folder among them), for this validation only
    with target.applied():
        # the synthetic health extracts are inputs too: made (deterministically) if missing
        ensure_generated(Path(environment["SPI_HEALTH_DATA_DIR"]), region=target.region)
        return validate_inputs(raw_dir or Path(environment["SPI_RAW_DATA_DIR"]), framework=framework)
