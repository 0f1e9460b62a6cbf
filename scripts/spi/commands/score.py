"""`spi score`: score any areas on any framework, given as files, with the project's own dbt models."""

from __future__ import annotations

import argparse
import fcntl
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

import duckdb

from spi import compiled_sql, engine_sql
from spi.errors import EXIT_INPUT
from spi.framework.files import check_files
from spi.storage.queries import scalar

# Where an in-memory scoring database spills if the input outgrows the memory limit.
SPILL_DIRECTORY = engine_sql.ENGINE_TARGET_PATH / "spill"
SCORES_TABLE = "intermediate.int_area_scores_unioned"
SCORE_COLUMNS = "area_code, period, level, name, score, rank, is_imputed, n_indicators_imputed"
LEVEL_ORDER = "case level when 'indicator' then 1 when 'component' then 2 when 'dimension' then 3 else 4 end"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score any areas on a framework given as files (the engine behind the ward index)",
        description="Check FRAMEWORK.csv and VALUES.csv (all errors at once, with file, line and rule), then "
        "score them with the project's dbt scoring models (their compiled SQL, run in DuckDB), and write "
        "DIR/scores.csv and DIR/scores.parquet: area_code, period, level (indicator | component | dimension "
        "| spi), name, score, rank (per period, level and name; 1 = highest; empty where the score is), "
        "is_imputed, n_indicators_imputed.",
    )
    parser.add_argument("--framework", type=Path, required=True, help="framework CSV (dimension, component, indicator_id, ...)")
    parser.add_argument("--values", type=Path, required=True, help="values CSV (area_code, area_name, period, indicator_id, value)")
    parser.add_argument("--out", type=Path, required=True, help="folder for scores.csv and scores.parquet")
    parser.add_argument(
        "--database",
        type=Path,
        help="DuckDB file to score in, which keeps every table of the engine's models (default: an in-memory "
        "database, nothing kept; never the ward warehouse)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-node progress lines")
    parser.set_defaults(handler=run, interrupted_note="interrupted; nothing was written to --out")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    framework, values = args.framework.resolve(), args.values.resolve()
    errors = check_files(framework, values)
    if errors:
        print(f"spi score: {len(errors)} error(s) in the input files, nothing scored:", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return EXIT_INPUT
    progress = None if args.quiet else sys.stderr
    try:
        engine = engine_sql.load(show_progress=not args.quiet)
        if args.database is None:
            # nothing to keep: the engine's tables live in memory (writing them to a file cost a third of a run)
            connection = duckdb.connect(config=compiled_sql.settings(temp_directory=SPILL_DIRECTORY))
            try:
                engine.run(connection, framework, values, progress=progress)
                rows = write_scores(connection, args.out.resolve())
            finally:
                connection.close()
        else:
            database = args.database.resolve()
            with _taking_turns(database):
                connection = compiled_sql.connect(database)
                try:
                    engine.run(connection, framework, values, progress=progress)
                    rows = write_scores(connection, args.out.resolve())
                finally:
                    connection.close()
    except engine_sql.EngineSqlError as problem:
        print(f"spi score: {problem}; nothing was written to --out", file=sys.stderr)
        return 1
    print(
        f"spi score: {rows} scores -> {args.out.resolve() / 'scores.csv'} (and .parquet) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


@contextmanager
def _taking_turns(database: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the database so that two `spi score` runs never share it at once."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with database.with_name(database.name + ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_scores(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> int:
    """Write scores.csv and scores.parquet; each file appears whole or not at all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    query = f"select {SCORE_COLUMNS} from {SCORES_TABLE} order by period, {LEVEL_ORDER}, name, area_code"
    outputs = (("scores.parquet", "format parquet, compression zstd"), ("scores.csv", "format csv, header true"))
    for file_name, options in outputs:
        partial = out_dir / f".{file_name}.partial"
        connection.execute(f"copy ({query}) to '{_sql_text(partial)}' ({options})")
        partial.replace(out_dir / file_name)
    return int(scalar(connection, f"select count(*) from {SCORES_TABLE}"))


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")
