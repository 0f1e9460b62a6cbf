"""Validate every input of the project: each source file against its spec, then the framework seed."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb

from spi.project import PROJECT_DIR, RAW_DATA_DIR, indicator_files_dir, project_dir
from spi.validation.errors import ValidationError, display_path
from spi.framework.files import WARD_COMPONENTS, WARD_FRAMEWORK_COLUMNS, check_framework
from spi.validation.file_checks import check_file, read_csv_table
from spi.validation.geography import GEOGRAPHIES
from spi.validation.cache import CACHE_FILE, ValidationCache
from spi.validation.indicator_files import indicator_files, validate_indicator_folder
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

    def write(self, stream: TextIO | None = None) -> None:
        """All errors, grouped by file; at most SHOWN_PER_RULE lines per rule and file, then a count."""
        stream = stream or sys.stderr
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
    spec: SourceSpec, raw_dir: Path, members: dict[str, Path], report: ValidationReport, path: Path | None = None,
    cache: ValidationCache | None = None,
) -> None:
    path = path or spec.path(raw_dir)
    report.files_checked += 1
    key = cache.key(repr(spec), path, members) if cache is not None else None
    if cache is not None and cache.passed(key, path):
        return
    errors_before, rejected_before = len(report.errors), len(report.rejected)
    _check_source(spec, raw_dir, members, report, path)
    if cache is not None:
        if len(report.errors) == errors_before and len(report.rejected) == rejected_before:
            cache.record(key, path)
        else:
            cache.forget(path)


def _check_source(spec: SourceSpec, raw_dir: Path, members: dict[str, Path], report: ValidationReport,
                  path: Path) -> None:
    root = data_root(path, raw_dir)
    lines: list[int] | None = None
    if path.suffix.lower() == ".csv" and not path.is_symlink() and path.is_file():
        table, problems = read_csv_table(path, list(spec.columns), root=root)
        lines = [line for line, _ in table.records] if table is not None else None
    else:
        problems = check_file(path, list(spec.columns), root=root)
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
        checker = TableChecker(spec, path, connection, lines=lines)
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


def data_root(path: Path, raw_dir: Path) -> Path:
    """The data folder `path` belongs to (raw, health extracts, indicator files): links must stay inside it."""
    candidates = [raw_dir] + [Path(os.environ[name]) for name in ("SPI_HEALTH_DATA_DIR", "SPI_INDICATOR_DIR")
                              if os.environ.get(name)]
    for root in candidates:
        try:
            path.absolute().relative_to(root.absolute())
        except ValueError:
            continue
        return root
    return path.parent


def validate_framework(path: Path, report: ValidationReport) -> None:
    """The ward framework seed, by the one framework rule set (spi.framework.files)."""
    report.files_checked += 1
    errors, _ = check_framework(path, components=WARD_COMPONENTS, required=WARD_FRAMEWORK_COLUMNS,
                                provided=provided_measures())
    report.errors.extend(errors)


def check_folder_paths(folders: dict[str, Path]) -> list[ValidationError]:
    """The data folders' own paths: dbt writes them into SQL string literals, which a quote would end."""
    return [
        ValidationError(str(folder), "path-quote", f"the {label} folder's path contains a quote or backslash, which "
                        "the SQL dbt generates cannot hold; move or rename the folder")
        for label, folder in folders.items()
        if any(char in str(folder) for char in "'\"\\")
    ]


def check_geojson(path: Path) -> list[ValidationError]:
    """A GeoJSON input (boundaries read by the export, the report and the health generator) is complete."""
    shown = display_path(path)
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
        features = document["features"]
        if not isinstance(features, list) or not all("geometry" in feature and "properties" in feature
                                                    for feature in features):
            raise KeyError("features")
    except UnicodeDecodeError as problem:
        return [ValidationError(shown, "file-encoding", f"byte at offset {problem.start} is not UTF-8; restore the file "
                                "from its source (data/provenance.csv)")]
    except json.JSONDecodeError as problem:
        return [ValidationError(shown, "geojson-invalid", f"not valid JSON ({problem.msg}): the file is truncated or "
                                "damaged; restore it from its source (data/provenance.csv)", line=problem.lineno)]
    except (KeyError, TypeError, AttributeError):
        return [ValidationError(shown, "geojson-invalid", "not a GeoJSON FeatureCollection (features, each with "
                                "geometry and properties); restore it from its source (data/provenance.csv)")]
    return []


def validate_other_files(raw_dir: Path, checked: set[Path], report: ValidationReport,
                         cache: ValidationCache | None = None) -> None:
    """Every other data file of the raw folder (the health generator's inputs, boundaries, lookups read by
    Python): readable, complete, not a link out of the folder (with `cache`: unless it passed unchanged)."""
    if not raw_dir.is_dir():
        return
    for path in sorted(raw_dir.rglob("*")):
        if path.absolute() in checked or path.suffix.lower() not in (".csv", ".parquet", ".geojson"):
            continue
        if path.is_dir():
            continue
        report.files_checked += 1
        key = cache.key(f"other file of {raw_dir.absolute()}", path, {}) if cache is not None else None
        if cache is not None and cache.passed(key, path):
            continue
        if path.suffix.lower() == ".geojson":
            problems = check_file_link(path, raw_dir) or check_geojson(path)
        else:
            problems = check_file(path, [], root=raw_dir)
        report.errors.extend(problems)
        if cache is not None and problems:
            cache.forget(path)
        elif cache is not None:
            cache.record(key, path)


def check_file_link(path: Path, root: Path) -> list[ValidationError]:
    """check_file's refusal of links out of the data folder, for files it does not otherwise read."""
    problems: list[ValidationError] = []
    if path.is_symlink():
        try:
            path.resolve().relative_to(root.resolve())
        except ValueError:
            problems.append(ValidationError(str(path), "file-symlink", "is a symbolic link to a file outside the data "
                                            "folder; links are not followed: copy the file itself into the data folder"))
    return problems


def validate_inputs(raw_dir: Path | None = None, framework: Path = FRAMEWORK_SEED,
                    cache: bool = False) -> ValidationReport:
    """Check every input the build reads: each source file of the sources yml, every other data file of the raw
    folder, the analyst indicator files and the framework; nothing is written but, with `cache`, the list of
    source files that passed unchanged (spi.validation.cache), which are then not read again."""
    raw_dir = Path(raw_dir or RAW_DATA_DIR)
    report = ValidationReport()
    folders = {"raw data": raw_dir, "indicator files": indicator_files_dir()}
    if os.environ.get("SPI_HEALTH_DATA_DIR"):
        folders["health extracts"] = Path(os.environ["SPI_HEALTH_DATA_DIR"])
    report.errors.extend(check_folder_paths(folders))
    if report.errors:
        return report
    specs = load_specs()
    members = _members(specs, raw_dir)
    checked: set[Path] = set()
    passed = ValidationCache(project_dir() / "target" / CACHE_FILE) if cache else None
    for spec in specs:
        for path in spec.paths(raw_dir):
            validate_source(spec, raw_dir, members, report, path, cache=passed)
            checked.add(path.absolute())
    validate_other_files(raw_dir, checked, report, cache=passed)
    if passed is not None:
        passed.save()
    folder = indicator_files_dir()
    if folder.is_dir():
        report.files_checked += len(indicator_files(folder))
        report.errors.extend(validate_indicator_folder(folder, framework, members))
    validate_framework(framework, report)
    return report
