"""Checks a framework file and a values file (the engine's neutral formats) before anything is scored.

Every check returns a list of errors, all of them, never just the first; each error names the file, the CSV
line (the header is line 1) and the rule broken, e.g.

    framework.csv:4: equal-bounds: best and worst are both 5.0 (indicator 'x')

Reusable by any command that takes these files (`spi score`, input validation).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

FRAMEWORK_COLUMNS = (
    "dimension",
    "component",
    "indicator_id",
    "indicator_name",
    "unit",
    "higher_is_better",
    "best",
    "worst",
    "weight",
    "transform",
)
VALUES_COLUMNS = ("area_code", "area_name", "period", "indicator_id", "value")
TRANSFORMS = ("none", "sqrt", "log")
BOOLEANS = ("true", "false")
# Published frameworks give weights to 4 decimal places, so a component may sum to 1 +- a few 1e-4.
WEIGHT_SUM_TOLERANCE = 1e-3


@dataclass(frozen=True)
class FileError:
    """One broken rule at one line of one file."""

    path: Path
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.detail}"


@dataclass(frozen=True)
class FrameworkIndicator:
    """What the values check needs to know about one indicator of a valid framework."""

    indicator_id: str
    transform: str


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (CSV line, row) pairs; a row's line is where it starts (header = line 1)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        line = reader.line_num
        for row in reader:
            rows.append((line + 1, {key: (value or "").strip() for key, value in row.items() if key is not None}))
            line = reader.line_num
    return header, rows


def _missing_columns(path: Path, header: list[str], required: tuple[str, ...]) -> list[FileError]:
    missing = [column for column in required if column not in header]
    if not missing:
        return []
    return [FileError(path, 1, "missing-column", f"the header lacks {', '.join(missing)}")]


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def check_framework(path: Path) -> tuple[list[FileError], list[FrameworkIndicator]]:
    """Check a framework file; return (errors, indicators). The indicators are only meaningful without errors."""
    path = Path(path)
    if not path.is_file():
        return [FileError(path, 0, "no-file", "no such file")], []
    header, rows = _read_rows(path)
    errors = _missing_columns(path, header, FRAMEWORK_COLUMNS)
    if errors:
        return errors, []
    if not rows:
        return [FileError(path, 2, "no-rows", "the framework has no indicator")], []

    indicators: list[FrameworkIndicator] = []
    first_line_of: dict[str, int] = {}
    component_rows: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    dimension_of_component: dict[str, tuple[str, int]] = {}
    for line, row in rows:
        indicator_id = row["indicator_id"]
        for column in ("dimension", "component", "indicator_id"):
            if not row[column]:
                errors.append(FileError(path, line, "empty-field", f"{column} is empty"))
        if indicator_id in first_line_of:
            errors.append(
                FileError(
                    path,
                    line,
                    "duplicate-indicator",
                    f"indicator '{indicator_id}' is already defined at line {first_line_of[indicator_id]}",
                )
            )
        elif indicator_id:
            first_line_of[indicator_id] = line
        component = row["component"]
        if component in dimension_of_component and dimension_of_component[component][0] != row["dimension"]:
            known_dimension, known_line = dimension_of_component[component]
            errors.append(
                FileError(
                    path,
                    line,
                    "component-in-two-dimensions",
                    f"component '{component}' is in dimension '{row['dimension']}' here "
                    f"but in '{known_dimension}' at line {known_line}",
                )
            )
        dimension_of_component.setdefault(component, (row["dimension"], line))

        numbers: dict[str, float] = {}
        for column in ("best", "worst", "weight"):
            number = _number(row[column])
            if number is None:
                errors.append(FileError(path, line, "not-a-number", f"{column} '{row[column]}' is not a number"))
            else:
                numbers[column] = number
        if row["higher_is_better"].lower() not in BOOLEANS:
            errors.append(
                FileError(
                    path, line, "not-a-boolean", f"higher_is_better '{row['higher_is_better']}' is not true or false"
                )
            )
        transform = row["transform"].lower()
        if transform not in TRANSFORMS:
            errors.append(
                FileError(
                    path,
                    line,
                    "unknown-transform",
                    f"transform '{row['transform']}' is not one of {', '.join(TRANSFORMS)}",
                )
            )
        if "best" in numbers and "worst" in numbers:
            best, worst = numbers["best"], numbers["worst"]
            if best == worst:
                errors.append(
                    FileError(path, line, "equal-bounds", f"best and worst are both {best} (indicator '{indicator_id}')")
                )
            elif row["higher_is_better"].lower() in BOOLEANS and (best > worst) != (
                row["higher_is_better"].lower() == "true"
            ):
                errors.append(
                    FileError(
                        path,
                        line,
                        "direction-mismatch",
                        f"higher_is_better is {row['higher_is_better'].lower()} but best {best} is "
                        f"{'below' if best < worst else 'above'} worst {worst} (direction is in the bounds)",
                    )
                )
            elif transform == "log" and min(best, worst) <= 0:
                errors.append(
                    FileError(path, line, "bound-outside-transform", "a log transform needs best and worst above 0")
                )
            elif transform == "sqrt" and min(best, worst) < 0:
                errors.append(
                    FileError(path, line, "bound-outside-transform", "a sqrt transform needs best and worst of 0 or more")
                )
        if "weight" in numbers:
            if numbers["weight"] < 0:
                errors.append(FileError(path, line, "negative-weight", f"weight {numbers['weight']} is below 0"))
            component_rows[(row["dimension"], component)].append((line, numbers["weight"]))
        indicators.append(FrameworkIndicator(indicator_id=indicator_id, transform=transform))

    for (_, component), weighted in component_rows.items():
        total = sum(weight for _, weight in weighted)
        if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
            lines = ", ".join(str(line) for line, _ in weighted)
            errors.append(
                FileError(
                    path,
                    weighted[-1][0],
                    "weights-sum",
                    f"the weights of component '{component}' (lines {lines}) sum to {total:.6g}, "
                    f"not 1 (tolerance {WEIGHT_SUM_TOLERANCE:g})",
                )
            )
    errors.sort(key=lambda error: error.line)
    return errors, indicators


def check_values(path: Path, indicators: list[FrameworkIndicator]) -> list[FileError]:
    """Check a values file against a valid framework's indicators (a plain loop: files have 100,000s of rows)."""
    path = Path(path)
    if not path.is_file():
        return [FileError(path, 0, "no-file", "no such file")]
    transform_of = {indicator.indicator_id: indicator.transform for indicator in indicators}
    errors: list[FileError] = []
    seen: dict[tuple[str, str, str], int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        errors = _missing_columns(path, header, VALUES_COLUMNS)
        if errors:
            return errors
        area_at, period_at, indicator_at, value_at = (
            header.index(column) for column in ("area_code", "period", "indicator_id", "value")
        )
        width = len(header)
        line = reader.line_num
        for record in reader:
            row_line, line = line + 1, reader.line_num
            if len(record) < width:
                record = record + [""] * (width - len(record))
            area, period, indicator_id, text = (
                record[area_at].strip(),
                record[period_at].strip(),
                record[indicator_at].strip(),
                record[value_at].strip(),
            )
            if not area:
                errors.append(FileError(path, row_line, "empty-field", "area_code is empty"))
            if not period.lstrip("-").isdigit():
                errors.append(FileError(path, row_line, "not-an-integer", f"period '{period}' is not an integer"))
            transform = transform_of.get(indicator_id)
            if transform is None:
                errors.append(
                    FileError(path, row_line, "unknown-indicator", f"indicator '{indicator_id}' is not in the framework")
                )
            key = (area, period, indicator_id)
            if key in seen:
                errors.append(
                    FileError(
                        path,
                        row_line,
                        "duplicate-value",
                        f"area '{area}', period {period}, indicator '{indicator_id}' already has a value "
                        f"at line {seen[key]}",
                    )
                )
            else:
                seen[key] = row_line
            if text == "":
                continue  # a missing value, as an omitted row is
            value = _number(text)
            if value is None:
                errors.append(FileError(path, row_line, "not-a-number", f"value '{text}' is not a number"))
            elif transform == "log" and value <= 0:
                errors.append(
                    FileError(
                        path,
                        row_line,
                        "value-outside-transform",
                        f"value {value} of log indicator '{indicator_id}' is not above 0",
                    )
                )
            elif transform == "sqrt" and value < 0:
                errors.append(
                    FileError(
                        path,
                        row_line,
                        "value-outside-transform",
                        f"value {value} of sqrt indicator '{indicator_id}' is below 0",
                    )
                )
    return errors


def check_files(framework: Path, values: Path) -> list[FileError]:
    """Check both files; the values are only checked against a framework without errors."""
    errors, indicators = check_framework(framework)
    if errors:
        return errors
    return check_values(values, indicators)
