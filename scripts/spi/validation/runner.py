"""Validate every input of the project: each source file against its spec, then the framework seed."""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import TextIO

import duckdb

from spi.project import PROJECT_DIR, RAW_DATA_DIR
from spi.validation.errors import ValidationError, display_path
from spi.validation.file_checks import check_file
from spi.validation.framework_rules import FRAMEWORK_COLUMNS, check_columns, check_framework_rows
from spi.validation.geography import GEOGRAPHIES
from spi.validation.measures import provided_measures
from spi.validation.specs import SourceSpec, load_specs
from spi.validation.table_checks import TableChecker, load_as_text

FRAMEWORK_SEED = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
SHOWN_PER_RULE = 20


@dataclass(frozen=True)
class RejectedRow:
    """A row of a tolerant source set aside instead of failing the build."""

    source: str
    file: str
    line: int
    key_column: str
    key: str
    rule: str
    message: str
    raw: dict[str, str | None]


@dataclass
class ValidationReport:
    files_checked: int = 0
    errors: list[ValidationError] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def write(self, stream: TextIO = sys.stderr) -> None:
        """All errors, grouped by file; at most SHOWN_PER_RULE lines per rule and file, then a count."""
        by_file: dict[str, list[ValidationError]] = defaultdict(list)
        for error in self.errors:
            by_file[error.file].append(error)
        for file, errors in by_file.items():
            print(f"{file}: {len(errors)} error(s)", file=stream)
            shown: Counter[str] = Counter()
            for error in errors:
                shown[error.rule] += 1
                if shown[error.rule] <= SHOWN_PER_RULE:
                    print(f"  {error}", file=stream)
            for rule, count in sorted(shown.items()):
                if count > SHOWN_PER_RULE:
                    print(f"  ... and {count - SHOWN_PER_RULE} more [rule: {rule}]", file=stream)
        quarantined = Counter(row.source for row in self.rejected)
        for source, count in sorted(quarantined.items()):
            print(f"quarantined {count} row(s) of {source} (its policy tolerates bad rows; see "
                  "quarantine.rejected_rows)", file=stream)
        print(f"validated {self.files_checked} file(s): {len(self.errors)} error(s), "
              f"{len(self.rejected)} row(s) quarantined", file=stream)


def _members(specs: list[SourceSpec], raw_dir: Path) -> dict[str, Path]:
    """The lookup file listing every valid code, per geography (skipped where a lookup cannot be read)."""
    by_name = {spec.name: spec for spec in specs}
    members: dict[str, Path] = {}
    for geography in GEOGRAPHIES.values():
        if not geography.lookup or geography.lookup[0] not in by_name:
            continue
        path = by_name[geography.lookup[0]].path(raw_dir)
        if not check_file(path, [geography.lookup[1]]):
            members[geography.name] = path
    return members


def validate_source(
    spec: SourceSpec, raw_dir: Path, members: dict[str, Path], report: ValidationReport, path: Path | None = None
) -> None:
    path = path or spec.path(raw_dir)
    report.files_checked += 1
    problems = check_file(path, list(spec.columns))
    if problems:
        report.errors.extend(problems)
        return
    connection = duckdb.connect()
    try:
        try:
            load_as_text(connection, path)
        except duckdb.Error as problem:
            first = str(problem).strip().splitlines()[0]
            report.errors.append(ValidationError(display_path(path), "file-unreadable",
                                                 f"cannot be read as CSV with a header ({first})"))
            return
        checker = TableChecker(spec, path, connection)
        errors = checker.run(members)
        row_errors = [error for error in errors if error.line is not None and error.rule != "column-missing"]
        if spec.on_error == "quarantine" and len(row_errors) == len(errors):
            raw = checker.raw_rows({error.line for error in row_errors if error.line is not None})
            for error in row_errors:
                if error.line is None:  # row_errors all have a line; this tells mypy
                    continue
                values = raw.get(error.line, {})
                report.rejected.append(RejectedRow(
                    source=spec.name, file=error.file, line=error.line, key_column="|".join(spec.key),
                    key="|".join(str(values.get(checker.columns.get(column.lower(), column)) or "")
                                 for column in spec.key),
                    rule=error.rule, message=str(error), raw=values))
        else:
            report.errors.extend(errors)
    finally:
        connection.close()


def validate_framework(path: Path, report: ValidationReport) -> None:
    report.files_checked += 1
    problems = check_file(path, list(FRAMEWORK_COLUMNS))
    if problems:
        report.errors.extend(problems)
        return
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows: list[Mapping[str, str]] = list(reader)
        missing = check_columns(reader.fieldnames or [], FRAMEWORK_COLUMNS, display_path(path))
    if missing:
        report.errors.extend(missing)
        return
    report.errors.extend(check_framework_rows(rows, display_path(path), provided=provided_measures()))


def validate_inputs(raw_dir: Path | None = None, framework: Path = FRAMEWORK_SEED) -> ValidationReport:
    """Check every source file of the sources yml and the framework; nothing is written."""
    raw_dir = Path(raw_dir or RAW_DATA_DIR)
    specs = load_specs()
    members = _members(specs, raw_dir)
    report = ValidationReport()
    for spec in specs:
        for path in spec.paths(raw_dir):
            validate_source(spec, raw_dir, members, report, path)
    validate_framework(framework, report)
    return report
