"""Replace a folder with a freshly written one so readers see the old or the new, never a mix, never nothing.

The swap is one system call: renameat2(RENAME_EXCHANGE) trades the new folder and the old one in place (Linux
3.15+, ext4, xfs, btrfs, tmpfs), then the old one, now under the staging name, is removed. Where the exchange
is not supported the swap falls back to two renames; a run killed between them leaves the old folder as
`.<name>.retired`, and the next run puts it back before anything else (`recover`). Folders are made with
normal permissions (0777 less the umask, typically 0755), not tempfile's private 0700.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Callable, Iterator

from spi.errors import LockedError

RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# a test sets this to stop the process between the two renames of the fallback swap (fault injection)
FAULT_HOOK = "SPI_FAULT_BETWEEN_RENAMES"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def normal_mode(directory: bool = True) -> int:
    return (0o777 if directory else 0o666) & ~_umask()


def make_readable(folder: Path) -> None:
    """Give `folder` and everything in it normal permissions (as if made with mkdir/open under the umask)."""
    folder.chmod(normal_mode(True))
    for root, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(root, name), normal_mode(True))
        for name in files:
            os.chmod(os.path.join(root, name), normal_mode(False))


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False if this system or filesystem cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _retired(destination: Path) -> Path:
    return destination.with_name(f".{destination.name}.retired")


def swap_into_place(staging: Path, destination: Path) -> None:
    """Put `staging` at `destination`; the old destination (if any) is removed afterwards."""
    if destination.exists() or destination.is_symlink():
        # the fault hook tests the fallback, so it skips the exchange as a filesystem without it would
        if not os.environ.get(FAULT_HOOK) and _exchange(staging, destination):
            shutil.rmtree(staging, ignore_errors=True)
            return
        retired = _retired(destination)
        shutil.rmtree(retired, ignore_errors=True)
        destination.rename(retired)
        if os.environ.get(FAULT_HOOK) == "kill":
            os.kill(os.getpid(), 9)
        staging.rename(destination)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(destination)


class FolderBusy(LockedError):
    """Another process is writing the same folder."""


@contextmanager
def writing_lock(destination: Path) -> Iterator[None]:
    """One writer at a time in the destination's folder: an flock on the folder itself (no lock file to leave
    behind), dropped by the kernel if the writer dies."""
    handle = os.open(destination.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as problem:
            if problem.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            raise FolderBusy(f"another spi command is writing in {destination.parent}; wait for it to finish and "
                             "run again") from None
        yield
    finally:
        os.close(handle)


@contextmanager
def replaced_directory(destination: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside `destination`; on success it takes destination's place.

    On any error the staging folder is removed and `destination` is left exactly as it was. One writer at a
    time: a second raises FolderBusy. Leftovers of a killed writer are cleaned first (`recover`).
    """
    destination = destination.absolute()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with writing_lock(destination):
        recover(destination)
        staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.writing-", dir=destination.parent))
        try:
            yield staging
            make_readable(staging)
            swap_into_place(staging, destination)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def recover(destination: Path) -> list[Path]:
    """Undo what a killed run left: put a retired folder back if the destination is gone, remove stale staging
    folders and a retired folder the destination no longer needs. Returns what was removed or restored."""
    destination = destination.absolute()
    touched: list[Path] = []
    retired = _retired(destination)
    if retired.exists():
        if not destination.exists():
            retired.rename(destination)
        else:
            shutil.rmtree(retired, ignore_errors=True)
        touched.append(retired)
    return touched + remove_stale_staging(destination)


def remove_stale_staging(destination: Path) -> list[Path]:
    """Remove staging folders of `destination` left by a run that was killed; returns what was removed."""
    destination = destination.absolute()
    if not destination.parent.exists():
        return []
    stale = sorted(destination.parent.glob(f".{destination.name}.writing-*"))
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale
