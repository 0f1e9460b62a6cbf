"""`spi validate`: check every input file against its declared shape, listing every error at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from spi.errors import EXIT_INPUT, EXIT_OK, InputError
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
    return EXIT_OK if report.ok else EXIT_INPUT


def validate_region_inputs(target: Target, raw_dir: Path | None = None,
                           framework: Path = FRAMEWORK_SEED, cache: bool = False) -> ValidationReport:
    """Validate the inputs a build of the target reads (spi validate, and spi build before dbt; `cache`: skip
    the source files that already passed unchanged, spi.validation.cache)."""
    environment = target.environment()
    # the sources' env_var() locations (the region's health folder among them), for this validation only
    with target.applied():
        # the synthetic health extracts are inputs too: made (deterministically) if missing
        raw = raw_dir or Path(environment["SPI_RAW_DATA_DIR"])
        try:
            ensure_generated(Path(environment["SPI_HEALTH_DATA_DIR"]), region=target.region)
        except (duckdb.Error, ValueError, KeyError, IndexError, TypeError) as problem:
            # a bad value in one of the generator's real inputs: say which folder, and how to find the file
            report = validate_inputs(raw, framework=framework)
            if not report.ok:
                return report
            first = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
            raise InputError(f"the synthetic health extracts cannot be made from the inputs in {raw} ({first}); "
                             "check the files the generator reads (scripts/spi/health/inputs.py)") from None
        return validate_inputs(raw, framework=framework, cache=cache)
