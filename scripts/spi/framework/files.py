"""The one rule set for framework files (one row per indicator) and values files (area, period, indicator,
value): used by `spi validate` and `spi build` for the ward framework seed, and by `spi score` for the
engine's files. Every check returns every broken rule at once, each a ValidationError naming the file, the
CSV line (header = line 1, a record's first line if a quoted field holds a line break), the key and the rule:

    framework.csv, line 4 (indicator_id x): best and worst are both 5: the score would divide by zero [rule: framework-bounds-equal]

What differs between the two uses is data, not rules: the ward framework names the 12 SPI components and the
source of each indicator (`components`, `provided`); an engine framework may name any components, each in one
dimension, and its values file gives whole-year periods (the engine's staging casts period to an integer).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Mapping

from spi.framework.release_rules import scored_in
from spi.framework.values_screen import values_file_is_clean
from spi.validation.errors import ValidationError, display_path
from spi.validation.file_checks import read_csv_table
from spi.validation.periods import FORMS, parse_period

# The twelve components of the ward framework and the dimension each belongs to.
WARD_COMPONENTS: dict[str, str] = {
    "Nutrition and Basic Medical Care": "Basic Human Needs",
    "Water, Sanitation and Utilities": "Basic Human Needs",
    "Shelter": "Basic Human Needs",
    "Personal Safety": "Basic Human Needs",
    "Access to Basic Knowledge": "Foundations of Wellbeing",
    "Access to Information and Communications": "Foundations of Wellbeing",
    "Health and Wellness": "Foundations of Wellbeing",
    "Environmental Quality": "Foundations of Wellbeing",
    "Personal Rights": "Opportunity",
    "Personal Freedom and Choice": "Opportunity",
    "Inclusiveness": "Opportunity",
    "Access to Advanced Education": "Opportunity",
}
TRANSFORMS = ("none", "sqrt", "log")
# columns every framework file needs (the scoring models read them)
FRAMEWORK_COLUMNS = ("dimension", "component", "indicator_id", "higher_is_better", "best", "worst", "weight",
                     "transform")
# what `spi score` reads besides: names for the output
ENGINE_FRAMEWORK_COLUMNS = ("dimension", "component", "indicator_id", "indicator_name", "unit", "higher_is_better",
                            "best", "worst", "weight", "transform")
# what the ward seed adds: where each indicator comes from
WARD_FRAMEWORK_COLUMNS = FRAMEWORK_COLUMNS + ("source_name", "source_measure")
VALUES_COLUMNS = ("area_code", "area_name", "period", "indicator_id", "value")
# Published frameworks give weights to 4 decimal places, so a component may sum to 1 +- a few 1e-4.
WEIGHT_TOLERANCE = 1e-3
# no input value of the project comes near this; beyond it sums can overflow to infinity
MAX_ABS_VALUE = 1e15
_TEXT_COLUMNS = ("indicator_id", "dimension", "component", "transform", "higher_is_better", "source_name",
                 "source_measure")


def number(text: str | None) -> float | None:
    """A float from text, or None (empty or not a number)."""
    try:
        return float(text) if text is not None and text.strip() != "" else None
    except ValueError:
        return None


def value_problem(name: str, text: str) -> tuple[str, str] | None:
    """(rule, message) if `text` is not a usable number: not a number, not finite, or out of range."""
    value = number(text)
    if value is None:
        return "column-type", f"'{name}' must be a number, found '{text}'"
    if not math.isfinite(value):
        return "value-not-finite", f"'{name}' is '{text}' (not a finite number); leave it empty if missing"
    if abs(value) > MAX_ABS_VALUE:
        return "value-out-of-range", (f"'{name}' is {text}, beyond +-{MAX_ABS_VALUE:g}: no indicator is that "
                                      "large, and sums of such values overflow; check the unit")
    return None


def check_columns(header: Iterable[str], required: Iterable[str], file: str) -> list[ValidationError]:
    present = set(header)
    return [ValidationError(file, "column-missing", f"required column '{column}' is missing", line=1)
            for column in required if column not in present]


@dataclass(frozen=True)
class FrameworkIndicator:
    """What the values check needs to know about one indicator of a valid framework."""

    indicator_id: str
    transform: str


def check_framework_rows(
    rows: list[Mapping[str, str]],
    file: str,
    components: Mapping[str, str] | None = WARD_COMPONENTS,
    provided: Mapping[str, set[str] | None] | None = None,
    lines: list[int] | None = None,
) -> list[ValidationError]:
    """Every broken framework rule. `components` maps the allowed components to their dimension (None: any,
    each in one dimension); `provided` maps each source_name to the measures it provides (None for a source
    whose list is unknown); `lines` gives each row's CSV line (default: row index + 2)."""
    errors: list[ValidationError] = []
    seen: dict[str, int] = {}
    weights: dict[str, float] = defaultdict(float)
    first_line: dict[str, int] = {}
    dimension_of: dict[str, tuple[str, int]] = {}
    if not rows:
        return [ValidationError(file, "framework-empty", "the framework has no indicator", line=1)]
    for index, row in enumerate(rows):
        line = lines[index] if lines else index + 2
        indicator = row.get("indicator_id") or ""
        key = f"indicator_id {indicator.strip()}" if indicator.strip() else None

        def error(rule: str, message: str, line: int = line, key: str | None = key) -> None:
            errors.append(ValidationError(file, rule, message, line=line, key=key))

        for column in _TEXT_COLUMNS:
            text = row.get(column)
            if text is not None and text != text.strip():
                error("framework-whitespace", f"'{column}' is '{text}' with space at its start or end; the models "
                      "match it exactly: remove the space")
        indicator = indicator.strip()
        if not indicator:
            error("framework-indicator-missing", "indicator_id is empty")
        elif indicator in seen:
            error("framework-indicator-duplicate", f"indicator_id '{indicator}' is already defined on line {seen[indicator]}")
        else:
            seen[indicator] = line
        component = (row.get("component") or "").strip()
        dimension = (row.get("dimension") or "").strip()
        if not component or not dimension:
            error("framework-component-missing", "dimension and component must both be given")
        elif components is not None:
            if component not in components:
                error("framework-component-unknown", f"component '{component}' is not one of the 12 SPI components of "
                      f"the ward framework ({', '.join(components)})")
            elif components[component] != dimension:
                error("framework-dimension-mismatch", f"component '{component}' belongs to dimension "
                      f"'{components[component]}', not '{dimension}'")
        elif component in dimension_of and dimension_of[component][0] != dimension:
            known, known_line = dimension_of[component]
            error("framework-dimension-mismatch", f"component '{component}' is in dimension '{dimension}' here but "
                  f"in '{known}' on line {known_line}")
        else:
            dimension_of.setdefault(component, (dimension, line))
        best, worst, weight = (number(row.get(name)) for name in ("best", "worst", "weight"))
        for name in ("best", "worst", "weight"):
            problem = value_problem(name, row.get(name) or "")
            if problem:
                error("framework-number", f"'{name}' must be a finite number, found '{row.get(name)}'"
                      if problem[0] != "value-out-of-range" else problem[1])
        if weight is not None and weight < 0:
            error("framework-weight-negative", f"weight {row.get('weight')} is below 0")
        if best is not None and worst is not None and best == worst:
            error("framework-bounds-equal", f"best and worst are both {row.get('best')}: the score would divide by zero")
        transform = (row.get("transform") or "").strip()
        if transform not in TRANSFORMS:
            error("framework-transform-unknown", f"transform '{transform}' is not one of {', '.join(TRANSFORMS)}")
        elif transform in ("sqrt", "log") and best is not None and worst is not None:
            low = min(best, worst)
            if low < 0 or (transform == "log" and low <= 0):
                error("framework-transform-domain", f"transform '{transform}' cannot take the bound {low:g}")
        direction = (row.get("higher_is_better") or "").strip().lower()
        if direction not in ("true", "false"):
            error("framework-direction", f"higher_is_better must be true or false, found '{row.get('higher_is_better')}'")
        elif best is not None and worst is not None and best != worst and (best > worst) != (direction == "true"):
            error("framework-direction", f"higher_is_better is {direction} but best ({row.get('best')}) is "
                  f"{'below' if best < worst else 'above'} worst ({row.get('worst')})")
        # the weights of the default (ICB) index sum to 1; an England-only row (regions 'england') weighs
        # relative to them and every build renormalises (release_rules.england_only_weights)
        if weight is not None and math.isfinite(weight) and scored_in(row, "icb"):
            weights[component] += weight
            first_line.setdefault(component, line)
        if provided is not None and "source_name" in row:
            source_name, measure = (row.get("source_name") or "").strip(), (row.get("source_measure") or "").strip()
            if source_name not in provided:
                error("framework-source-unknown", f"source_name '{source_name}' is not a source of the project "
                      f"({', '.join(sorted(provided))})")
            elif provided[source_name] is not None and measure not in (provided[source_name] or set()):
                error("framework-measure-unknown", f"source '{source_name}' has no measure '{measure}'")
    for component, total in weights.items():
        if abs(total - 1) > WEIGHT_TOLERANCE:
            errors.append(ValidationError(file, "framework-weights-sum", f"weights of component '{component}' sum to "
                                          f"{total:.6g}, not 1 (tolerance {WEIGHT_TOLERANCE:g})",
                                          line=first_line[component], key=f"component {component}"))
    return sorted(errors, key=lambda found: found.line or 0)


def check_values_rows(
    rows: list[Mapping[str, str]],
    file: str,
    indicators: Mapping[str, str] | set[str],
    lines: list[int] | None = None,
    whole_years: bool = False,
) -> list[ValidationError]:
    """Every broken rule of a values file (area_code, period, indicator_id, value) against a framework.

    `indicators` maps indicator_id to its transform (or is a set of ids); `whole_years` accepts only YYYY
    periods (the engine's)."""
    transform_of = indicators if isinstance(indicators, Mapping) else dict.fromkeys(indicators, "none")
    errors: list[ValidationError] = []
    seen: dict[tuple[str, str, str], int] = {}
    allowed = "YYYY" if whole_years else FORMS
    # a plain loop without per-row closures: engine values files have 100,000s of rows
    for index, row in enumerate(rows):
        line = lines[index] if lines else index + 2
        area = (row.get("area_code") or "").strip()
        period = (row.get("period") or "").strip()
        indicator = (row.get("indicator_id") or "").strip()
        found: list[tuple[str, str]] = []
        if not area:
            found.append(("key-missing", "area_code is empty"))
        parsed = parse_period(period)
        if parsed is None:
            found.append(("period-format", f"period '{period}' does not parse ({allowed})"))
        elif whole_years and parsed.kind != "year":
            found.append(("period-format", f"period '{period}' is not a whole year (YYYY), as `spi score` needs"))
        transform = transform_of.get(indicator)
        if transform is None:
            found.append(("values-indicator-unknown", f"indicator '{indicator}' is not defined in the framework"))
        text = row.get("value")
        if text is not None and text.strip() != "":
            problem = value_problem("value", text)
            if problem:
                found.append(problem)
            elif transform == "log" and float(text) <= 0:
                found.append(("value-outside-transform", f"value {text.strip()} of log indicator '{indicator}' is not "
                              "above 0"))
            elif transform == "sqrt" and float(text) < 0:
                found.append(("value-outside-transform",
                              f"value {text.strip()} of sqrt indicator '{indicator}' is below 0"))
        key = (area, period, indicator)
        first = seen.setdefault(key, line)
        if first != line:
            found.append(("key-duplicate", f"duplicate key: already on line {first}"))
        if found:
            shown_key = f"area_code {area}, period {period}, indicator_id {indicator}"
            errors.extend(ValidationError(file, rule, message, line=line, key=shown_key) for rule, message in found)
    return errors


def check_framework(path: Path, components: Mapping[str, str] | None = None,
                    required: tuple[str, ...] = ENGINE_FRAMEWORK_COLUMNS,
                    provided: Mapping[str, set[str] | None] | None = None,
                    ) -> tuple[list[ValidationError], list[FrameworkIndicator]]:
    """Check a framework file; return (errors, indicators). The indicators are only meaningful without errors."""
    table, errors = read_csv_table(Path(path), list(required))
    if table is None:
        return errors, []
    shown = display_path(path)
    missing = check_columns(table.header, required, shown)
    if missing:
        return missing, []
    rows = table.rows()
    errors = check_framework_rows([row for _, row in rows], shown, components=components, provided=provided,
                                  lines=[line for line, _ in rows])
    indicators = [FrameworkIndicator((row.get("indicator_id") or "").strip(),
                                     (row.get("transform") or "").strip()) for _, row in rows]
    return errors, indicators


def check_values(path: Path, indicators: list[FrameworkIndicator]) -> list[ValidationError]:
    """Check an engine values file against a valid framework's indicators: DuckDB first proves a clean file
    clean in a fraction of a second (spi.framework.values_screen); any other file gets the full check here."""
    transform_of = {indicator.indicator_id: indicator.transform for indicator in indicators}
    if values_file_is_clean(Path(path), transform_of, VALUES_COLUMNS, MAX_ABS_VALUE):
        return []
    table, errors = read_csv_table(Path(path), list(VALUES_COLUMNS))
    if table is None:
        return errors
    shown = display_path(path)
    missing = check_columns(table.header, VALUES_COLUMNS, shown)
    if missing:
        return missing
    rows = table.rows()
    return check_values_rows([row for _, row in rows], shown, transform_of,
                             lines=[line for line, _ in rows], whole_years=True)


def check_files(framework: Path, values: Path) -> list[ValidationError]:
    """Check both files of `spi score`; the values are only checked against a framework without errors."""
    errors, indicators = check_framework(framework)
    if errors:
        return errors
    return check_values(values, indicators)
