"""The `spi` command: build, test and publish the ward Social Progress Index."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from spi import __version__
from spi.commands import build, export, validate

COMMANDS = (build, export, validate)

DESCRIPTION = """\
Ward-level Social Progress Index (SPI) for English local government and NHS ICBs.

Typical use:
  spi validate              check every input file against its declared shape
  spi build                 validate, then build and test every model into warehouse/spi.duckdb
  spi export --out DIR      write every mart as Parquet and CSV with manifest.json

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
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
