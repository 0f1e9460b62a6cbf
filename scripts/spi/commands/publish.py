"""`spi publish`: copy the marts into a read-only DuckDB file for BI tools, replaced atomically."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from spi.project import DEFAULT_PUBLISH_PATH, Target
from spi.errors import translate
from spi.export.publishing import STORAGE_VERSION, publish_marts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="copy the marts into a separate DuckDB file that BI tools open read-only",
        description="Copy every mart (schema marts, with its descriptions, plus an `about` table) into --out, "
        f"written in DuckDB storage version {STORAGE_VERSION} (readable by DuckDB 1.1 and later). The file is "
        "written beside the old one and renamed over it: readers are never blocked and never see a partial "
        "file, and a failed build or publish leaves the last published file untouched.",
    )
    parser.add_argument("--database", help="DuckDB file to read (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_PUBLISH_PATH, help="published file (default: publish/spi.duckdb)"
    )
    parser.set_defaults(handler=run, interrupted_note="interrupted; the published file is unchanged")


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    started = time.perf_counter()
    try:
        published = publish_marts(target.database, args.out)
    except Exception as error:
        known = translate(error)
        if known is None:
            raise  # spi.cli logs it
        print(f"spi publish: {known} (the published file is unchanged)", file=sys.stderr)
        return known.exit_code
    rows = sum(table.rows for table in published)
    print(
        f"spi publish: {len(published)} marts, {rows} rows -> {args.out.resolve()} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0
