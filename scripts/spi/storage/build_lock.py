"""One build at a time per warehouse folder: an exclusive flock on <folder>/.spi.lock, held for the build.

The kernel drops the lock when the holder exits, even on SIGKILL, so a crashed build never blocks the next."""

from __future__ import annotations

import errno
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

from spi.errors import LockedError


class BuildLocked(LockedError):
    """Another process holds the build lock."""


def lock_path(database: Path) -> Path:
    return database.parent / ".spi.lock"


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def build_lock(database: Path, wait: bool = False) -> Iterator[Path]:
    """Hold the lock of `database`'s folder; raise BuildLocked at once if taken (or block with wait=True)."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as problem:
            if problem.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            raise BuildLocked(
                f"another spi build (pid {_holder(path)}) is building in {path.parent}; "
                "wait for it to finish, or run again with --wait"
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        os.fsync(handle)
        yield path
    finally:
        os.close(handle)
