"""The `spi` command: build, test and publish the ward Social Progress Index."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from spi import __version__
from spi.commands import (
    build,
    check,
    derive_weights,
    docs,
    export,
    generate_health,
    publish,
    report,
    score,
    validate,
)

COMMANDS = (validate, build, publish, export, report, score, check, derive_weights, generate_health, docs)

DESCRIPTION = """\
Ward-level Social Progress Index (SPI) for English local government and NHS ICBs.

Typical use:
  spi validate              check every input file against its declared shape
  spi build                 validate, then build and test every model into warehouse/spi.duckdb
  spi publish               copy the marts into publish/spi.duckdb for BI tools (read-only, atomic)
  spi export [--out DIR]    write every mart as Parquet, CSV, Excel and ward GeoJSON with manifest.json
  spi report                write the offline HTML report to report/spi_report.html
  spi score --framework F --values V --out DIR   score any areas on a framework given as files

Maintaining the project:
  spi check                 check the project's conventions (naming, docs, tests, contracts)
  spi derive-weights        derive component weights (PCA) with alpha, KMO, variance explained
  spi generate-health       write the synthetic NHS health extracts (data/generated/health)
  spi docs [--update-readme]   check (or rewrite) the README's figures against the build

Every command takes --help.
"""


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="spi", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    root.add_argument("--version", action="version", version=f"spi {__version__}")
    subparsers = root.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    root = parser()
    args = root.parse_args(argv)
    if not hasattr(args, "handler"):
        root.print_help()
        return 2
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
