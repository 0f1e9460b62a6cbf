"""All the checks on one project: parse, run every rule, apply the exceptions file."""

from __future__ import annotations

from pathlib import Path

from spi.conventions.exceptions import apply_exceptions, load_exceptions
from spi.conventions.manifest import parse_manifest
from spi.conventions.rules import run_rules
from spi.conventions.violation import Violation
from spi.conventions.yaml_rules import check_yaml_files


def check_project(project_dir: Path) -> list[Violation]:
    """Every violation of the project's conventions, sorted by file, after the exceptions file."""
    manifest = parse_manifest(project_dir)
    violations = run_rules(manifest, project_dir) + check_yaml_files(project_dir)
    exceptions, broken = load_exceptions(project_dir)
    kept, stale = apply_exceptions(violations, exceptions)
    return sorted(set(kept + broken + stale))
