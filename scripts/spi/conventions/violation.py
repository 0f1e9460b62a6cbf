"""One broken convention, reported like a linter: where, which rule, which object, what is wrong, how to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Violation:
    """A convention a dbt object breaks. `obj` names the object as `<kind>:<name>` (e.g. model:fct_ward_spi)."""

    path: str
    rule: str
    obj: str
    message: str
    fix: str

    def format(self) -> str:
        return f"{self.path}: [{self.rule}] {self.obj}: {self.message}\n    fix: {self.fix}"
