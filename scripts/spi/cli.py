"""The `spi` command: build, test and publish the ward Social Progress Index."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import tempfile
import traceback
from datetime import datetime, UTC
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from spi import __version__
from spi.errors import EXIT_CODES, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, translate

COMMAND_MODULES = ("validate", "build", "publish", "export", "report", "score", "check", "derive_weights",
                   "generate_health", "docs", "lint_spark")

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
  spi lint-spark            check the SQL compiled for the spark target is Spark SQL (after a Spark build)

Any build or export runs on Apache Spark too: spi build --engine spark, spi export --engine spark.

Every command takes --help.

Exit codes:
"""


def _exit_code_lines() -> str:
    return "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES.items())


# what a stopped command leaves as it was, said when Ctrl-C stops it
INTERRUPTED = "interrupted; the last good database is unchanged"


def parser(command: str = "") -> argparse.ArgumentParser:
    """The `spi` parser; given the command a command line names, only that command's module is imported (e.g.
    `spi score` then never imports dbt, about 2 s), else every command (for --help and usage errors)."""
    root = argparse.ArgumentParser(
        prog="spi", description=DESCRIPTION + _exit_code_lines() + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter
    )
    root.add_argument("--version", action="version", version=f"spi {__version__}")
    subparsers = root.add_subparsers(title="commands", metavar="COMMAND")
    # imported here, inside main's guard: a Ctrl-C while dbt and DuckDB load is an interruption too
    module = command.replace("-", "_")
    for name in [module] if module in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(f"spi.commands.{name}").register(subparsers)
    return root


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM (a scheduler stopping the job) cleans up as Ctrl-C does


def _log_details(command: str, problem: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file; its path, or None if nothing could be written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"spi-{command}-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(type(problem), problem, problem.__traceback__))
    from spi.project import project_dir

    for folder in (project_dir() / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(f"spi {__version__} {command}: {sys.argv}\n{text}")
            return path
        except OSError:
            continue
    return None


def _is_interruption(problem: BaseException) -> bool:
    """Ctrl-C that landed inside a DuckDB query: DuckDB stops the query and raises its own error instead of
    KeyboardInterrupt (InterruptException, or 'Query interrupted' from a Python-side reader)."""
    return type(problem).__name__ == "InterruptException" or str(problem).strip() == "Query interrupted"


def run_guarded(command: str, args: argparse.Namespace) -> int:
    """Run one command so that no traceback reaches the user: known errors become one line and their exit code,
    Ctrl-C says what is unchanged (exit 130), anything else one line naming the log file with the details."""
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread (e.g. a test harness): leave SIGTERM alone
        previous = None
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        print(f"spi {command}: {getattr(args, 'interrupted_note', INTERRUPTED)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as problem:  # the one place that turns errors into messages
        if _is_interruption(problem):
            print(f"spi {command}: {getattr(args, 'interrupted_note', INTERRUPTED)}", file=sys.stderr)
            return EXIT_INTERRUPTED
        known = translate(problem)
        if known is not None:
            print(f"spi {command}: {known}", file=sys.stderr)
            return known.exit_code
        log = _log_details(command, problem)
        where = f"details in {log}" if log else "no log could be written"
        first = (str(problem).strip().splitlines() or [""])[0][:200]
        print(f"spi {command}: unexpected error ({type(problem).__name__}: {first}); {where}; please report it. "
              "Nothing published was changed", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    command = next((name for name in (argv if argv is not None else sys.argv[1:]) if not name.startswith("-")), "")
    try:
        root = parser(command)
    except KeyboardInterrupt:
        print(f"spi {command}: {INTERRUPTED}".replace("spi : ", "spi: "), file=sys.stderr)
        return EXIT_INTERRUPTED
    args = root.parse_args(argv)
    if not hasattr(args, "handler"):
        root.print_help()
        return EXIT_USAGE
    return run_guarded(command, args)


if __name__ == "__main__":
    sys.exit(main())
