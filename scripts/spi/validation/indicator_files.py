"""Validate the analyst indicator files in data/indicators/ before dbt reads them.

Each file is data/indicators/<name>.csv, one indicator, long format:

    geography,area_code,period,value,numerator,denominator
    lsoa21,E01029795,2024,12.5,25,200

geography is one of lsoa21, lsoa11, msoa21, msoa11, ward, the same on every row, and must agree with the
code prefix (E01 LSOA, E02 MSOA, E05 ward); an LSOA 2021, LSOA 2011 or ward code must be in the project's
lookup of that geography (a code outside it would be dropped without a word). numerator and denominator are
optional (both or neither). period is one of the forms of spi.validation.periods, one kind per file (the
newest is scored, by time). dbt reads every *.csv of the folder: a file whose name starts with "_" (the
header-only _template.csv) is checked too and must hold no rows. Every problem is a ValidationError
(`<file>, line <n> (<key>): <message> [rule: <rule>]`), the style of every other input check.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from spi.framework.files import value_problem
from spi.validation.errors import ValidationError, display_path
from spi.validation.file_checks import read_csv_table
from spi.validation.geography import GEOGRAPHIES
from spi.validation.periods import FORMS, parse_period
from spi.validation.table_checks import load_as_text, quote_identifier

GEOGRAPHY_PREFIX = {"lsoa21": "E01", "lsoa11": "E01", "msoa21": "E02", "msoa11": "E02", "ward": "E05"}
REQUIRED_COLUMNS = ("geography", "area_code", "period", "value")
OPTIONAL_COLUMNS = ("numerator", "denominator")
AREA_CODE = re.compile(r"^E0[125]\d{6}$")
FILE_STEM = re.compile(r"^_?[a-z][a-z0-9_]*$")
FRAMEWORK_SOURCE_NAME = "indicator_files"


def indicator_files(folder: Path) -> list[Path]:
    """Every file dbt reads (its source globs *.csv), templates included."""
    return sorted(folder.glob("*.csv"))


def is_template(path: Path) -> bool:
    return path.name.startswith("_")


def _known_codes(members: dict[str, Path]) -> dict[str, set[str]]:
    """geography -> every code of its lookup (where the project has one)."""
    known: dict[str, set[str]] = {}
    connection = duckdb.connect()
    try:
        for name, path in members.items():
            lookup = GEOGRAPHIES[name].lookup
            if lookup is None:
                continue
            load_as_text(connection, path, "lookup_rows")
            known[name] = {code for (code,) in connection.execute(
                f"select distinct {quote_identifier(lookup[1])} from lookup_rows").fetchall()}
    finally:
        connection.close()
    return known


def validate_file(path: Path, label: str | None = None, known_codes: dict[str, set[str]] | None = None,
                  root: Path | None = None) -> list[ValidationError]:
    """Every problem in one indicator file, each naming file, line and rule."""
    name = label or display_path(path)
    problems: list[ValidationError] = []

    def problem(line: int, rule: str, message: str, key: str | None = None) -> None:
        problems.append(ValidationError(name, rule, message, line=line, key=key))

    if not FILE_STEM.match(path.stem):
        problem(1, "file-name", f"'{path.stem}' must be lowercase snake_case (it becomes the source_measure)")
    table, errors = read_csv_table(path, list(REQUIRED_COLUMNS), root=root or path.parent)
    if table is None:
        header_only = [error for error in errors if error.rule == "file-empty" and error.line == 1
                       and "no data rows" in error.message]
        if header_only and is_template(path):
            return problems  # a template: a header and nothing else, as it should be
        return problems + [ValidationError(name, error.rule, error.message, line=error.line) for error in errors]
    # Names exactly as written: dbt reads the files by column name, so ' value' or 'Value' would not match.
    columns = table.header
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    unknown = [column for column in columns if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        problem(1, "columns", f"header must be {','.join(REQUIRED_COLUMNS)}[,numerator,denominator]; "
                + "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "",
                                          "unknown " + ", ".join(f"'{column}'" for column in unknown) if unknown
                                          else ""])))
        return problems
    if is_template(path):
        problem(2, "template-has-rows", f"a file whose name starts with '_' is a template, but dbt reads every *.csv "
                f"of the folder and this one has {len(table.records)} row(s): rename it without the '_' to make it an "
                "indicator, or delete its rows")
        return problems
    geographies: set[str] = set()
    kinds: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    outside: list[tuple[int, str, str]] = []
    for line, row in table.rows():
        row = {key: (value or "").strip() for key, value in row.items()}
        geography, code, period = row["geography"].lower(), row["area_code"], row["period"]
        key = f"area_code {code}, period {period}"
        if geography not in GEOGRAPHY_PREFIX:
            problem(line, "geography", f"geography '{row['geography']}' is not one of {', '.join(GEOGRAPHY_PREFIX)}",
                    key)
        else:
            geographies.add(geography)
        if not AREA_CODE.match(code):
            problem(line, "area-code-format", f"area_code '{code}' is not an English LSOA (E01), MSOA (E02) or "
                    "ward (E05) code of 9 characters", key)
        elif geography in GEOGRAPHY_PREFIX and not code.startswith(GEOGRAPHY_PREFIX[geography]):
            problem(line, "area-code-format", f"area_code '{code}' is not a {geography} code (expected prefix "
                    f"{GEOGRAPHY_PREFIX[geography]})", key)
        elif known_codes and geography in known_codes and code not in known_codes[geography]:
            outside.append((line, code, key))
        parsed = parse_period(period)
        if parsed is None:
            problem(line, "period-format", f"period '{period}' does not parse ({FORMS})", key)
        else:
            kinds.setdefault(parsed.kind, line)
        found = value_problem("value", row["value"])
        if found:
            problem(line, *found, key=key)
        numerator_text, denominator_text = row.get("numerator", ""), row.get("denominator", "")
        for column, text in (("numerator", numerator_text), ("denominator", denominator_text)):
            found = value_problem(column, text) if text else None
            if found:
                problem(line, *found, key=key)
        if bool(numerator_text) != bool(denominator_text):
            problem(line, "numerator-denominator", "give both numerator and denominator, or neither", key)
        elif numerator_text and not value_problem("n", numerator_text) and not value_problem("d", denominator_text):
            numerator, denominator = float(numerator_text), float(denominator_text)
            if numerator < 0 or denominator <= 0:
                problem(line, "numerator-denominator", "numerator must be >= 0 and denominator > 0", key)
            elif numerator > denominator:
                problem(line, "numerator-denominator",
                        f"numerator {numerator_text} is greater than denominator {denominator_text}", key)
        if (code, period) in seen:
            problem(line, "key-duplicate", f"duplicate key: already on line {seen[(code, period)]}", key)
        else:
            seen[(code, period)] = line
    for line, code, key in outside[:20]:
        known = GEOGRAPHIES[next(iter(geographies))]
        problem(line, "area-code-in-geography", f"area_code '{code}' is not {known.article} {known.label} "
                f"code in {known.lookup_label}: the row would be dropped", key)
    if len(outside) > 20:
        problem(outside[20][0], "area-code-in-geography", f"... and {len(outside) - 20} more area codes outside the "
                "lookup")
    if len(geographies) > 1:
        problem(1, "geography", f"one geography per file, found {', '.join(sorted(geographies))}")
    if len(kinds) > 1:
        described = ", ".join(f"{kind.replace('_', ' ')} (line {line})" for kind, line in sorted(kinds.items()))
        problem(1, "period-mixed", f"one kind of period per file, found {described}: the newest could not be told")
    return sorted(problems, key=lambda error: (error.line or 0))


def framework_measures(framework_csv: Path) -> list[tuple[int, str, str]]:
    """(line, indicator_id, source_measure) of the framework rows that read an indicator file."""
    with framework_csv.open(newline="", encoding="utf-8") as handle:
        return [
            (line, row.get("indicator_id") or "", row.get("source_measure") or "")
            for line, row in enumerate(csv.DictReader(handle), start=2)
            if (row.get("source_name") or "") == FRAMEWORK_SOURCE_NAME
        ]


def validate_indicator_folder(folder: Path, framework_csv: Path,
                              members: dict[str, Path] | None = None) -> list[ValidationError]:
    """Every problem in the indicator files, plus framework rows that name a file that is not there.

    `members` (geography -> lookup file, as spi.validation.runner finds them) turns on the lookup check."""
    problems: list[ValidationError] = []
    stems = set()
    files = indicator_files(folder)
    # the lookups cost a read per build: only an indicator file (a template never has rows) is checked against them
    known = _known_codes(members) if members and not all(is_template(path) for path in files) else None
    for path in files:
        stems.add(path.stem)
        problems.extend(validate_file(path, label=str(path), known_codes=known, root=folder))
    try:
        measures = framework_measures(framework_csv)
    except (OSError, UnicodeDecodeError, csv.Error):
        measures = []  # the framework's own check reports an unreadable framework file
    for line, indicator_id, measure in measures:
        if measure not in stems or is_template(folder / f"{measure}.csv"):
            problems.append(ValidationError(
                str(framework_csv), "missing-file", f"indicator {indicator_id} reads source_measure '{measure}' from "
                f"indicator_files, but {folder / (measure + '.csv')} does not exist", line=line,
                key=f"indicator_id {indicator_id}"))
    return problems
