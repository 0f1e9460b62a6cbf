"""`spi docs`: the README's quoted figures, from a build (never typed in by hand)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from spi.docs.figures import FIGURES_BY_NAME, compute_figures
from spi.docs.readme import figure_blocks, fill_figures
from spi.project import PROJECT_DIR, Target
from spi.report.data import ReportDataError
from spi.validation.errors import display_path

README = PROJECT_DIR / "README.md"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "docs",
        help="check (or rewrite, with --update-readme) the README's figures against a build",
        description="Every figure the README quotes sits in a block <!-- spi:figure NAME -->...<!-- /spi:figure --> "
        "and is computed from the built warehouse (scripts/spi/docs/figures.py). Without options, list the "
        "figures that differ and exit 1 if any; --update-readme rewrites them. Build first (`spi build`).",
    )
    parser.add_argument("--database", help="DuckDB file to read (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument("--readme", type=Path, default=README, help="the file to check or update (default README.md)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the figures in place")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    if not target.database.exists():
        print(f"spi docs: {target.database} does not exist: run `spi build` first", file=sys.stderr)
        return 1
    text = args.readme.read_text(encoding="utf-8")
    blocks = figure_blocks(text)
    unknown = sorted({block.name for block in blocks} - set(FIGURES_BY_NAME))
    if unknown:
        print(f"spi docs: {args.readme.name} names unknown figures: {', '.join(unknown)} "
              f"(known: {', '.join(FIGURES_BY_NAME)})", file=sys.stderr)
        return 1
    try:
        figures = compute_figures(target.database, {block.name for block in blocks})
    except (duckdb.Error, ReportDataError, OSError) as error:
        print(f"spi docs: cannot compute the figures from {target.database}: {error}", file=sys.stderr)
        return 1
    stale = [block for block in blocks if figures[block.name] != block.value]
    for block in stale:
        print(f"{args.readme.name}:{block.line}: {block.name} is {block.value!r}, the build says "
              f"{figures[block.name]!r}", file=sys.stderr)
    if args.update_readme:
        if stale:
            partial = args.readme.with_name(args.readme.name + ".partial")
            partial.write_text(fill_figures(text, figures), encoding="utf-8")
            partial.replace(args.readme)
        print(f"spi docs: {len(blocks)} figure(s) in {display_path(args.readme)}, {len(stale)} updated", file=sys.stderr)
        return 0
    print(f"spi docs: {len(blocks)} figure(s), {len(stale)} stale", file=sys.stderr)
    return 1 if stale else 0
