"""Exceptions to the conventions, each with a reason, from .spi-check-exceptions.yml at the project root.

    exceptions:
      - rule: too-many-parents
        object: model:int_source_measures_unioned
        reason: the one place every source's measures meet; splitting it hides the union

An entry without rule, object or a non-empty reason is itself a violation, and so is an entry that no longer
matches anything (a stale exception hides the next real problem).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from spi.conventions.violation import Violation

EXCEPTIONS_FILE = ".spi-check-exceptions.yml"


@dataclass(frozen=True)
class Exception_:
    rule: str
    obj: str
    reason: str


def load_exceptions(project_dir: Path) -> tuple[list[Exception_], list[Violation]]:
    """The valid exceptions, and a violation for every malformed entry."""
    path = project_dir / EXCEPTIONS_FILE
    if not path.exists():
        return [], []
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = document.get("exceptions") or [] if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return [], [Violation(EXCEPTIONS_FILE, "exception-invalid", f"file:{EXCEPTIONS_FILE}",
                              "must be a mapping with an `exceptions:` list",
                              "write `exceptions:` followed by `- {rule, object, reason}` entries")]
    valid, broken = [], []
    for number, entry in enumerate(entries, start=1):
        entry = entry if isinstance(entry, dict) else {}
        missing = [key for key in ("rule", "object", "reason") if not str(entry.get(key) or "").strip()]
        if missing:
            broken.append(Violation(
                EXCEPTIONS_FILE, "exception-invalid", f"exception #{number}",
                f"has no {', '.join(missing)}",
                "every exception needs `rule:`, `object:` (as printed by spi check) and a non-empty `reason:`",
            ))
        else:
            valid.append(Exception_(str(entry["rule"]), str(entry["object"]), str(entry["reason"])))
    return valid, broken


def apply_exceptions(
    violations: list[Violation], exceptions: list[Exception_]
) -> tuple[list[Violation], list[Violation]]:
    """(violations not excepted, violations for exceptions that matched nothing)."""
    keys = {(exception.rule, exception.obj) for exception in exceptions}
    kept = [violation for violation in violations if (violation.rule, violation.obj) not in keys]
    used = {(violation.rule, violation.obj) for violation in violations}
    stale = [
        Violation(EXCEPTIONS_FILE, "exception-unused", f"{exception.rule} {exception.obj}",
                  "matches no violation", "delete the entry: the problem it excused is gone")
        for exception in exceptions
        if (exception.rule, exception.obj) not in used
    ]
    return kept, stale
