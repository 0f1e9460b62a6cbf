"""Validate the analyst indicator files in data/indicators/ before dbt reads them.

Each file is data/indicators/<name>.csv, one indicator, long format:

    geography,area_code,period,value,numerator,denominator
    lsoa21,E01029795,2024,12.5,25,200

geography is one of lsoa21, lsoa11, msoa21, msoa11, ward, the same on every row, and must agree with the
code prefix (E01 LSOA, E02 MSOA, E05 ward). numerator and denominator are optional (both or neither).
Files whose name starts with "_" (the header-only _template.csv) are documentation, not indicators.
Every problem is reported as `<file>:<line>: [<rule>] <message>`.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

GEOGRAPHY_PREFIX = {"lsoa21": "E01", "lsoa11": "E01", "msoa21": "E02", "msoa11": "E02", "ward": "E05"}
REQUIRED_COLUMNS = ("geography", "area_code", "period", "value")
OPTIONAL_COLUMNS = ("numerator", "denominator")
AREA_CODE = re.compile(r"^E0[125]\d{6}$")
FILE_STEM = re.compile(r"^[a-z][a-z0-9_]*$")
FRAMEWORK_SOURCE_NAME = "indicator_files"


def indicator_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*.csv") if not path.name.startswith("_"))


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def validate_file(path: Path, label: str | None = None) -> list[str]:
    """Every problem in one indicator file, each naming file, line and rule."""
    name = label or path.name
    problems: list[str] = []

    def problem(line: int, rule: str, message: str) -> None:
        problems.append(f"{name}:{line}: [{rule}] {message}")

    if not FILE_STEM.match(path.stem):
        problem(1, "file-name", f"'{path.stem}' must be lowercase snake_case (it becomes the source_measure)")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        # Names exactly as written: dbt reads the files by column name, so ' value' or 'Value' would not match.
        columns = list(reader.fieldnames or [])
        missing = [column for column in REQUIRED_COLUMNS if column not in columns]
        unknown = [column for column in columns if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if missing or unknown:
            problem(1, "columns", f"header must be {','.join(REQUIRED_COLUMNS)}[,numerator,denominator]; "
                    + "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "",
                                              "unknown " + ", ".join(f"'{column}'" for column in unknown) if unknown else ""])))
            return problems
        geographies: set[str] = set()
        seen: dict[tuple[str, str], int] = {}
        rows = 0
        for line, row in enumerate(reader, start=2):
            rows += 1
            row = {key: (value or "").strip() for key, value in row.items() if key is not None}
            geography, code, period = row["geography"].lower(), row["area_code"], row["period"]
            if geography not in GEOGRAPHY_PREFIX:
                problem(line, "geography", f"geography '{row['geography']}' is not one of "
                        f"{', '.join(GEOGRAPHY_PREFIX)}")
            else:
                geographies.add(geography)
            if not AREA_CODE.match(code):
                problem(line, "area-code", f"area_code '{code}' is not an English LSOA (E01), MSOA (E02) or "
                        "ward (E05) code of 9 characters")
            elif geography in GEOGRAPHY_PREFIX and not code.startswith(GEOGRAPHY_PREFIX[geography]):
                problem(line, "area-code", f"area_code '{code}' is not a {geography} code "
                        f"(expected prefix {GEOGRAPHY_PREFIX[geography]})")
            if not period:
                problem(line, "period", "period is empty")
            value = _number(row["value"])
            if value is None:
                problem(line, "value-not-numeric", f"value '{row['value']}' is not a number")
            numerator_text, denominator_text = row.get("numerator", ""), row.get("denominator", "")
            numerator = _number(numerator_text) if numerator_text else None
            denominator = _number(denominator_text) if denominator_text else None
            if numerator_text and numerator is None:
                problem(line, "value-not-numeric", f"numerator '{numerator_text}' is not a number")
            if denominator_text and denominator is None:
                problem(line, "value-not-numeric", f"denominator '{denominator_text}' is not a number")
            if bool(numerator_text) != bool(denominator_text):
                problem(line, "numerator-denominator", "give both numerator and denominator, or neither")
            if numerator is not None and denominator is not None:
                if numerator < 0 or denominator <= 0:
                    problem(line, "numerator-denominator", "numerator must be >= 0 and denominator > 0")
                elif numerator > denominator:
                    problem(line, "numerator-denominator",
                            f"numerator {numerator_text} is greater than denominator {denominator_text}")
            key = (code, period)
            if key in seen:
                problem(line, "duplicate-key", f"area_code {code} period {period} already on line {seen[key]}")
            else:
                seen[key] = line
        if rows == 0:
            problem(1, "empty", "the file has a header but no rows")
        if len(geographies) > 1:
            problem(1, "geography", f"one geography per file, found {', '.join(sorted(geographies))}")
    return problems


def framework_measures(framework_csv: Path) -> list[tuple[int, str, str]]:
    """(line, indicator_id, source_measure) of the framework rows that read an indicator file."""
    with framework_csv.open(newline="", encoding="utf-8") as handle:
        return [
            (line, row["indicator_id"], row["source_measure"])
            for line, row in enumerate(csv.DictReader(handle), start=2)
            if row["source_name"] == FRAMEWORK_SOURCE_NAME
        ]


def validate_indicator_folder(folder: Path, framework_csv: Path) -> list[str]:
    """Every problem in the indicator files, plus framework rows that name a file that is not there."""
    problems: list[str] = []
    stems = set()
    for path in indicator_files(folder):
        stems.add(path.stem)
        problems.extend(validate_file(path, label=str(path)))
    for line, indicator_id, measure in framework_measures(framework_csv):
        if measure not in stems:
            problems.append(
                f"{framework_csv}:{line}: [missing-file] indicator {indicator_id} reads source_measure "
                f"'{measure}' from indicator_files, but {folder / (measure + '.csv')} does not exist"
            )
    return problems
