"""Parse the dbt project (no database access) and load target/manifest.json from a throwaway target path."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from spi.dbt_invoke import run_dbt
from spi.project import Target


class ParseError(RuntimeError):
    """dbt could not parse the project, so no convention can be checked."""


def parse_manifest(project_dir: Path) -> dict[str, Any]:
    """Run `dbt parse` into a temporary target path and return the manifest as JSON.

    The warehouse database is never opened: the profile points at a temporary DuckDB path.
    """
    with tempfile.TemporaryDirectory(prefix="spi-check-") as scratch:
        target_path = Path(scratch) / "target"
        target = Target(database=Path(scratch) / "parse.duckdb")
        # run_dbt sets the target's variables only while dbt runs (Target.applied): the throwaway database path
        # never reaches a later command in this process
        outcome = run_dbt(
            ["parse", "--target-path", str(target_path), "--no-partial-parse"],
            target,
            show_progress=False,
            project_dir=project_dir,
        )
        manifest_file = target_path / "manifest.json"
        if not outcome.success or not manifest_file.exists():
            raise ParseError(f"dbt parse failed in {project_dir}:\n{outcome.summary()}")
        manifest: dict[str, Any] = json.loads(manifest_file.read_text())
        return manifest
