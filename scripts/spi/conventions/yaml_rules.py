"""Rules over the raw .yml files: `data_tests:` (never `tests:`) and `arguments:` around generic test arguments.

dbt accepts the old spellings with only a deprecation warning, so the manifest cannot tell them apart: these
rules read the files themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Iterator

import yaml

from spi.conventions.violation import Violation

YAML_FOLDERS = ("models", "seeds", "tests/dbt", "macros")
# Keys a generic test entry may carry besides its arguments (which belong under `arguments:`).
TEST_PROPERTY_KEYS = {"arguments", "config", "name", "description", "column_name"}
# Where `tests:` / `data_tests:` may appear: the entries of these top-level lists and their columns/tables.
RESOURCE_KEYS = ("models", "seeds", "snapshots", "sources")


def yaml_files(project_dir: Path) -> list[Path]:
    return sorted(
        path
        for folder in YAML_FOLDERS
        for pattern in ("*.yml", "*.yaml")
        for path in (project_dir / folder).rglob(pattern)
    )


def _entries(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(object name, dict) for every resource, source table and column that may carry tests."""
    for key in RESOURCE_KEYS:
        for resource in document.get(key) or []:
            if not isinstance(resource, dict):
                continue
            name = resource.get("name", "?")
            yield f"{key[:-1]}:{name}", resource
            for table in resource.get("tables") or []:
                if isinstance(table, dict):
                    yield f"source:{name}.{table.get('name', '?')}", table
                    for column in table.get("columns") or []:
                        if isinstance(column, dict):
                            yield f"column:{name}.{table.get('name', '?')}.{column.get('name', '?')}", column
            for column in resource.get("columns") or []:
                if isinstance(column, dict):
                    yield f"column:{name}.{column.get('name', '?')}", column


def check_yaml_document(document: Any, path: str) -> list[Violation]:
    """The `tests:` and unwrapped-argument violations of one parsed .yml document."""
    if not isinstance(document, dict):
        return []
    found = []
    for obj, entry in _entries(document):
        if "tests" in entry:
            found.append(Violation(
                path, "data-tests-key", obj, "uses `tests:`",
                "rename the key to `data_tests:` (dbt >= 1.8; `tests:` is deprecated)",
            ))
        for test in (entry.get("data_tests") or []) + (entry.get("tests") or []):
            if not isinstance(test, dict) or len(test) != 1:
                continue
            test_name, properties = next(iter(test.items()))
            if not isinstance(properties, dict):
                continue
            loose = sorted(set(properties) - TEST_PROPERTY_KEYS)
            if loose:
                found.append(Violation(
                    path, "test-arguments", obj,
                    f"test `{test_name}` has argument(s) {', '.join(loose)} outside `arguments:`",
                    f"nest them: `- {test_name}: {{arguments: {{{loose[0]}: ...}}}}` "
                    "(flags.require_generic_test_arguments_property)",
                ))
    return found


def check_yaml_files(project_dir: Path) -> list[Violation]:
    found = []
    for path in yaml_files(project_dir):
        relative = str(path.relative_to(project_dir))
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            found.append(Violation(relative, "yaml-invalid", f"file:{relative}", f"is not valid YAML: {error}",
                                   "fix the YAML syntax"))
            continue
        found.extend(check_yaml_document(document, relative))
    return found
