"""Replace a folder with a freshly written one so readers see the old or the new, never a mix."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator


@contextmanager
def replaced_directory(destination: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside `destination`; on success it takes destination's place.

    On any error the staging folder is removed and `destination` is left exactly as it was.
    """
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.writing-", dir=destination.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = destination.with_name(f".{destination.name}.retired")
    shutil.rmtree(retired, ignore_errors=True)
    if destination.exists():
        destination.rename(retired)
    staging.rename(destination)
    shutil.rmtree(retired, ignore_errors=True)


def remove_stale_staging(destination: Path) -> list[Path]:
    """Remove staging folders of `destination` left by a run that was killed; returns what was removed."""
    destination = destination.resolve()
    if not destination.parent.exists():
        return []
    stale = sorted(destination.parent.glob(f".{destination.name}.writing-*"))
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale
