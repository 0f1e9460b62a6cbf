"""The record of the last successful build, kept beside the database it describes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildRecord:
    built_at: str
    duration_seconds: float
    region: str
    framework_version: str
    dbt_counts: dict[str, int]
    wards: str = "wd25"
    # dbt's own share of duration_seconds (parse, seeds, models, tests): what the benchmark sets against the floor
    dbt_seconds: float | None = None

    @staticmethod
    def path_for(database: Path) -> Path:
        return database.with_name(database.name + ".build.json")

    def write(self, database: Path) -> None:
        path = self.path_for(database)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        partial.replace(path)

    @classmethod
    def read(cls, database: Path) -> BuildRecord | None:
        path = cls.path_for(database)
        if not path.exists():
            return None
        return cls(**json.loads(path.read_text()))
