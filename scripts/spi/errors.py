"""The errors a user can meet, each with one documented exit code (README "Exit codes"), and the translation
of the system's own errors (DuckDB's lock error, a full disk, a read-only folder...) into one-line messages.

Commands raise SpiError (or a subclass) with a message naming the file and what to do; `spi.cli.main` prints
it as `spi <command>: <message>` and returns its exit code. Nothing else ever reaches the user as a traceback.
"""

from __future__ import annotations

import errno
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

EXIT_OK = 0
EXIT_INPUT = 1  # an input file, the database or a build failed a check: nothing was changed
EXIT_USAGE = 2  # the command line itself is wrong (argparse)
EXIT_INTERNAL = 70  # a bug: the details are in the log file the message names
EXIT_WRITE = 74  # cannot write: disk full, read-only folder, no permission
EXIT_LOCKED = 75  # another process holds the database or the build lock: try again later
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT) or SIGTERM

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_INPUT: "an input file, the database or a build test failed a check; nothing published was changed",
    EXIT_USAGE: "the command line is wrong (unknown option, missing argument)",
    EXIT_INTERNAL: "unexpected error (a bug): one line on screen, the details in the log file it names",
    EXIT_WRITE: "cannot write the output: disk full, read-only folder or no permission; nothing published was changed",
    EXIT_LOCKED: "the database or build lock is held by another process (a build, export, BI tool or notebook)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C or SIGTERM); the last good database and exports are unchanged",
}


class SpiError(Exception):
    """A problem the user can fix; its message names the file and what to do."""

    exit_code = EXIT_INPUT


class InputError(SpiError):
    """An input file or the database is not what the command needs."""


class WriteError(SpiError):
    """An output cannot be written (full disk, read-only folder, permissions)."""

    exit_code = EXIT_WRITE


class LockedError(SpiError):
    """Another process holds what this command needs."""

    exit_code = EXIT_LOCKED


_NO_SPACE = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EISDIR)
_LOCK = re.compile(r"Could not set lock on file \"([^\"]+)\"")
_DUCKDB_NO_SPACE = ("No space left on device", "File too large", "Disk quota exceeded")
_DUCKDB_NOT_A_DATABASE = ("not a valid DuckDB database file", "is not a valid DuckDB database", "Invalid Input Error: "
                          "The file", "database file is corrupt", "Corrupt database file",
                          "block checksum", "file is too small")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def os_error(problem: OSError, doing: str = "write") -> SpiError:
    """An OSError as a one-line SpiError naming the file."""
    where = problem.filename or "the output"
    reason = problem.strerror or str(problem)
    if problem.errno in _NO_SPACE:
        return WriteError(f"cannot {doing} {where}: {reason} (disk full or file size limit); free some space and "
                          "run again; nothing published was changed")
    if problem.errno in _NOT_WRITABLE:
        return WriteError(f"cannot {doing} {where}: {reason}; choose a folder you can write to (or fix its "
                          "permissions); nothing published was changed")
    if problem.errno == errno.ENOENT:
        return InputError(f"{where}: no such file or folder")
    return WriteError(f"cannot {doing} {where}: {reason}; nothing published was changed")


def duckdb_error(problem: Exception, database: object = None, opening: bool = True) -> SpiError | None:
    """DuckDB's errors a user can meet (lock held, corrupt or empty file when `opening` it, full disk) as
    SpiError; else None."""
    text = str(problem)
    locked = _LOCK.search(text)
    if locked:
        holder = re.search(r"\(PID (\d+)\)", text)
        by = f" (process {holder.group(1)})" if holder else ""
        return LockedError(f"{locked.group(1)} is open for writing in another program{by}: a running build, "
                           "export, notebook or BI tool; close it (BI tools should read the file of `spi publish`) "
                           "and run again")
    if any(marker in text for marker in _DUCKDB_NO_SPACE):
        return WriteError(f"cannot write{' ' + str(database) if database else ''}: {_first_line(text)} (disk full "
                          "or file size limit); free some space and run again; nothing published was changed")
    if opening and any(marker in text for marker in _DUCKDB_NOT_A_DATABASE):
        return InputError(f"{database or 'the database'} is not a readable DuckDB database (corrupt, truncated or "
                          f"empty: {_first_line(text)}); run `spi build` to make a new one")
    return None


def translate(problem: BaseException) -> SpiError | None:
    """The SpiError a known system error stands for, or None if it is unexpected (a bug)."""
    if isinstance(problem, SpiError):
        return problem
    if isinstance(problem, OSError):
        return os_error(problem)
    try:
        import duckdb
    except ImportError:  # pragma: no cover - duckdb is a dependency
        return None
    if isinstance(problem, duckdb.Error):
        return duckdb_error(problem, opening=False)
    return None


class DatabaseMissing(InputError, FileNotFoundError):
    """The database a command reads does not exist (still a FileNotFoundError for callers that catch that)."""


def open_database(database: object, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to an existing DuckDB file; lock, corruption and absence become one-line SpiErrors."""
    import duckdb
    from pathlib import Path

    path = Path(str(database))
    if not path.exists():
        raise DatabaseMissing(f"{path}: no database here; run `spi build` first")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (0 bytes), not a DuckDB database; run `spi build` to make a new one")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as problem:
        known = duckdb_error(problem, path)
        if known is None:
            raise
        raise known from None
