"""`spi lint-spark`: is the project's compiled SQL for the spark target Spark SQL? (spi.spark.lint)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi.errors import EXIT_INPUT, EXIT_OK, InputError
from spi.project import project_dir
from spi.spark.build import project_target_path
from spi.spark.lint import lint_compiled
from spi.spark.session import spark_session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint-spark",
        help="check that the SQL dbt compiled for the spark target is Spark SQL (parser, functions, quotes)",
        description="Check every model, test and hook dbt compiled for the spark target (by `spi build --engine "
        "spark`, in target/spark_<region>_<wards>/compiled/): no double-quoted identifiers (Spark reads them as "
        "text), Spark's own parser accepts it, every function it calls exists in Spark. Lists every problem with "
        "its file; exits non-zero if any. Needs the spark extra (a local Spark session, no cluster).",
    )
    parser.add_argument("--compiled", type=Path,
                        help="folder of compiled SQL (default: target/spark_icb_wd25/compiled of the last ICB "
                        "Spark build)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    folder = (args.compiled or project_target_path("icb", "wd25") / "compiled").resolve()
    if not folder.is_dir():
        raise InputError(f"{folder}: no compiled SQL for the spark target; run `spi build --engine spark` first "
                         "(it compiles every model), or give --compiled")
    checked, problems = lint_compiled(spark_session(catalog=False), folder)
    for problem in problems:
        print(f"spi lint-spark: {problem.path.relative_to(folder) if problem.path.is_relative_to(folder) else problem.path}: "
              f"{problem.message}", file=sys.stderr)
    print(f"spi lint-spark: {checked} compiled file(s) under {folder.relative_to(project_dir()) if folder.is_relative_to(project_dir()) else folder}, "
          f"{len(problems)} problem(s)", file=sys.stderr)
    return EXIT_INPUT if problems else EXIT_OK
