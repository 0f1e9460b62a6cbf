"""Which source files already passed validation unchanged, so a repeated `spi build` skips re-reading them.

A file is skipped only when everything its result depends on is the same as when it passed: its identity on
disk (size, modification and change times to the nanosecond, inode: the change time cannot be set back by
`touch -d` or `cp -p`), the lookup files its area codes are checked against, its spec (the sources yml), and
the validation code itself. Only clean results are kept: a file with errors or quarantined rows is checked
again every time, so its messages and rejected rows always come from a fresh read. `spi validate` does not use
the cache (it always reads everything); `spi build` does.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

# the code whose rules decide a file's result: a change to any of it re-validates every file
_RULE_MODULES = sorted((Path(__file__).parent).glob("*.py")) + [Path(__file__).parents[1] / "framework" / "files.py"]
CACHE_FILE = "validated_inputs.json"


def _code_version() -> str:
    digest = hashlib.sha256()
    for module in _RULE_MODULES:
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def file_identity(path: Path) -> str | None:
    """Size, times and inode of the file (None when it cannot be read: never cached)."""
    try:
        status = path.stat()
    except OSError:
        return None
    if path.is_symlink():  # links are judged by where they point, each time
        return None
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}"


class ValidationCache:
    """The clean results of earlier validations, in one JSON file (target/validated_inputs.json)."""

    def __init__(self, path: Path):
        self.path = path
        self.code = _code_version()
        self.entries: dict[str, str] = {}
        self.changed = False
        try:
            document = json.loads(path.read_text())
            if document.get("code") == self.code:
                self.entries = {str(key): str(value) for key, value in document.get("files", {}).items()}
        except (OSError, ValueError, AttributeError):
            self.entries = {}

    def key(self, rules: str, path: Path, members: dict[str, Path]) -> str | None:
        """What the file's result depends on (`rules`: what it is checked against, e.g. its source's spec, and
        the lookup files of `members`), or None if some part cannot be known (then it is not cached)."""
        identity = file_identity(path)
        lookups = {name: file_identity(lookup) for name, lookup in sorted(members.items())}
        if identity is None or None in lookups.values():
            return None
        # environment variables a location may name are already rendered into `path`
        return hashlib.sha256(
            json.dumps([rules, str(path.absolute()), identity, lookups], sort_keys=True).encode()
        ).hexdigest()

    def passed(self, key: str | None, path: Path) -> bool:
        return key is not None and self.entries.get(str(path.absolute())) == key

    def record(self, key: str | None, path: Path) -> None:
        if key is not None:
            self.entries[str(path.absolute())] = key
            self.changed = True

    def forget(self, path: Path) -> None:
        if self.entries.pop(str(path.absolute()), None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the cache whole or not at all (a killed build leaves the previous one)."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps({"code": self.code, "files": self.entries}, indent=0, sort_keys=True))
            os.replace(partial, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs the next build its time
