"""Rules for a framework file (one row per indicator) and a values file (area, period, indicator, value).

Each function takes the rows as read by csv.DictReader (strings) and returns every broken rule at once,
so the ward seed, `spi validate` and the engine's framework/values files share them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from spi.validation.errors import ValidationError

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
FRAMEWORK_COLUMNS = ("indicator_id", "dimension", "component", "higher_is_better", "best", "worst", "weight",
                     "transform")
VALUES_COLUMNS = ("area_code", "period", "indicator_id", "value")
WEIGHT_TOLERANCE = 1e-6
_PERIOD = re.compile(r"^\d{4}(?:[-/]\d{2}(?:\d{2})?)?$")


def _number(text: str | None) -> float | None:
    try:
        number = float(text) if text is not None and text.strip() != "" else None
    except ValueError:
        return None
    return number


def check_columns(header: Iterable[str], required: Iterable[str], file: str) -> list[ValidationError]:
    present = set(header)
    return [ValidationError(file, "column-missing", f"required column '{column}' is missing", line=1)
            for column in required if column not in present]


def check_framework_rows(
    rows: list[Mapping[str, str]],
    file: str,
    components: Mapping[str, str] | None = WARD_COMPONENTS,
    provided: Mapping[str, set[str] | None] | None = None,
) -> list[ValidationError]:
    """Every broken framework rule. `components` maps the allowed components to their dimension (None: any);
    `provided` maps each source_name to the measures it provides (None for a source whose list is unknown)."""
    errors: list[ValidationError] = []
    seen: dict[str, int] = {}
    weights: dict[str, float] = defaultdict(float)
    first_line: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        indicator = (row.get("indicator_id") or "").strip()
        key = f"indicator_id {indicator}" if indicator else None

        def error(rule: str, message: str, line: int = line, key: str | None = key) -> None:
            errors.append(ValidationError(file, rule, message, line=line, key=key))

        if not indicator:
            error("framework-indicator-missing", "indicator_id is empty")
        elif indicator in seen:
            error("framework-indicator-duplicate", f"indicator_id '{indicator}' is already defined on line {seen[indicator]}")
        else:
            seen[indicator] = line
        component = (row.get("component") or "").strip()
        dimension = (row.get("dimension") or "").strip()
        if components is not None:
            if component not in components:
                error("framework-component-unknown", f"component '{component}' is not one of the 12 SPI components of "
                      f"the ward framework ({', '.join(components)})")
            elif components[component] != dimension:
                error("framework-dimension-mismatch", f"component '{component}' belongs to dimension "
                      f"'{components[component]}', not '{dimension}'")
        best, worst, weight = (_number(row.get(name)) for name in ("best", "worst", "weight"))
        for name, number in (("best", best), ("worst", worst), ("weight", weight)):
            if number is None or not math.isfinite(number):
                error("framework-number", f"'{name}' must be a finite number, found '{row.get(name)}'")
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
        if weight is not None and math.isfinite(weight):
            weights[component] += weight
            first_line.setdefault(component, line)
        if provided is not None and "source_name" in row:
            source_name, measure = (row.get("source_name") or "").strip(), (row.get("source_measure") or "").strip()
            if source_name not in provided:
                error("framework-source-unknown", f"source_name '{source_name}' is not a source of the project "
                      f"({', '.join(sorted(provided))})")
            elif (measures := provided[source_name]) is not None and measure not in measures:
                error("framework-measure-unknown", f"source '{source_name}' has no measure '{measure}'")
    for component, total in weights.items():
        if abs(total - 1) > WEIGHT_TOLERANCE:
            errors.append(ValidationError(file, "framework-weights-sum", f"weights of component '{component}' sum to "
                                          f"{total:.6g}, not 1", line=first_line[component],
                                          key=f"component {component}"))
    return errors


def check_values_rows(rows: list[Mapping[str, str]], file: str, indicator_ids: set[str]) -> list[ValidationError]:
    """Every broken rule of a values file (area_code, period, indicator_id, value) against a framework."""
    errors: list[ValidationError] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        area, period, indicator = ((row.get(name) or "").strip() for name in ("area_code", "period", "indicator_id"))
        key = f"area_code {area}, period {period}, indicator_id {indicator}"

        def error(rule: str, message: str, line: int = line, key: str | None = key) -> None:
            errors.append(ValidationError(file, rule, message, line=line, key=key))

        if not area:
            error("key-missing", "area_code is empty")
        if not _PERIOD.match(period):
            error("period-format", f"period '{period}' does not parse (YYYY, YYYY-YY, YYYY/YY or YYYY-YYYY)")
        if indicator not in indicator_ids:
            error("values-indicator-unknown", f"indicator '{indicator}' is not defined in the framework")
        text = row.get("value")
        if text is not None and text.strip() != "":
            number = _number(text)
            if number is None:
                error("column-type", f"'value' must be a number, found '{text}'")
            elif not math.isfinite(number):
                error("value-not-finite", f"'value' is '{text}' (not a finite number); leave it empty if missing")
        if (area, period, indicator) in seen:
            error("key-duplicate", f"duplicate key: already on line {seen[(area, period, indicator)]}")
        else:
            seen[(area, period, indicator)] = line
    return errors
