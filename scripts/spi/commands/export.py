"""`spi export`: every mart as Parquet and CSV, an Excel workbook and a ward GeoJSON, plus manifest.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi.errors import translate
from spi.export.marts import export_by_council, export_marts
from spi.project import DEFAULT_EXPORT_DIR, Target
from spi.spark.session import spark_warehouse
from spi.spark.snapshot import snapshot_spark_marts

# the Spark marts as a DuckDB file (spi.spark.snapshot), rewritten by every `spi export --engine spark`
SNAPSHOT_NAME = "spark_marts_snapshot.duckdb"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write every mart as Parquet, CSV and Excel, the wards as GeoJSON, with a manifest",
        description="Write every mart of the database as Parquet and CSV into --out, an Excel workbook "
        "(README, data dictionary, one sheet per mart, synthetic and suppressed rows marked), the ward "
        "boundaries with scores as GeoJSON, and manifest.json "
        "(row counts, SHA-256, framework version, build time). The folder is replaced atomically: "
        "a failed export leaves the previous one untouched.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_EXPORT_DIR, help="export folder (default: exports/latest)")
    parser.add_argument(
        "--by-council",
        action="store_true",
        help="one bundle per local authority (OUT/<lad_code>/) holding only its wards, disclosure-controlled",
    )
    parser.add_argument("--database", help="DuckDB file to read (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="whose build to export: duckdb (the database file, default) or spark (the tables of "
        "`spi build --engine spark`, copied to a DuckDB file beside them and exported by the same code)",
    )
    parser.set_defaults(handler=run, interrupted_note="interrupted; the previous export is unchanged")


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    try:
        if args.engine == "spark":
            if args.database:
                print("spi export: --engine spark reads the Spark build; --database is for DuckDB", file=sys.stderr)
                return 2
            target = Target.from_env(spark_warehouse() / SNAPSHOT_NAME)
            snapshot_spark_marts(target.database)
        if args.by_council:
            bundles = export_by_council(target.database, args.out)
            print(f"spi export: {len(bundles)} council bundles -> {args.out.resolve()}", file=sys.stderr)
            return 0
        exported = export_marts(target.database, args.out)
    except Exception as error:
        known = translate(error)
        if known is None:
            raise  # spi.cli logs it
        print(f"spi export: {known} (the previous export is unchanged)", file=sys.stderr)
        return known.exit_code
    tables = sorted({file.table for file in exported if file.format == "parquet"})
    print(f"spi export: {len(tables)} marts, {len(exported)} files -> {args.out.resolve()}", file=sys.stderr)
    return 0
