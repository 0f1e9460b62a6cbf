"""One broken rule, in words an analyst understands: which file, which line or key, which rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spi.project import PROJECT_DIR


def display_path(path: Path | str) -> str:
    """The path as an analyst finds it: relative to the project when it is inside, else absolute."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(PROJECT_DIR))
    except ValueError:
        return str(resolved)


@dataclass(frozen=True)
class ValidationError:
    """A rule an input file breaks. `line` is the file's line (CSV, header = 1) or row number (Parquet)."""

    file: str
    rule: str
    message: str
    line: int | None = None
    key: str | None = None
    line_kind: str = "line"
    raw: dict[str, str | None] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.line_kind} {self.line}"
        if self.key:
            where += f" ({self.key})"
        return f"{where}: {self.message} [rule: {self.rule}]"
