"""A catalogue of bad inputs: each small file made here breaks one rule, and the exact error is asserted
(file, line or key, rule, words). Runs on a test source declared like a real one."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb
import pytest

from spi.framework.files import check_framework_rows, check_values_rows
from spi.validation.runner import ValidationReport, validate_framework, validate_source
from spi.validation.specs import SourceSpec

pytestmark = pytest.mark.unit  # no dbt build: the whole catalogue runs in seconds

HEADER = "lsoa21_code,households,fuel_poor,pct,prop,period"
GOOD = ["E01000001,100,10,10.0,0.1,2021", "E01000002,200,50,25.0,0.25,2020/21"]
SPEC = SourceSpec(
    source="test",
    table="rates",
    location="{{ env_var('SPI_RAW_DATA_DIR', 'data/raw') }}/rates.csv",
    geography="lsoa21",
    columns={"lsoa21_code": "varchar", "households": "bigint", "fuel_poor": "bigint", "pct": "double",
             "prop": "double", "period": "varchar"},
    key=("lsoa21_code",),
    area_column="lsoa21_code",
    counts=("households", "fuel_poor"),
    pairs=(("fuel_poor", "households"),),
    percentages=("pct",),
    proportions=("prop",),
    period="2021",
    period_column="period",
)


# (case id, file name, file content (str, bytes or None for no file), expected errors after "<file>")
SOURCE_CASES = [
    ("missing-file", "rates.csv", None,
     [": file not found; the sources yml names this file (meta.external_location) [rule: file-missing]"]),
    ("excel-file", "rates.xlsx", b"PK\x03\x04",
     [": '.xlsx' is not a format the project reads; save it as .csv (UTF-8, comma-separated) or .parquet "
      "[rule: file-format]"]),
    ("zero-bytes", "rates.csv", b"", [": file is empty (0 bytes) [rule: file-empty]"]),
    ("header-only", "rates.csv", HEADER + "\n", [", line 1: file has a header but no data rows [rule: file-empty]"]),
    ("utf8-bom", "rates.csv", b"\xef\xbb\xbf" + "\n".join([HEADER, *GOOD]).encode(),
     [", line 1: file starts with a UTF-8 byte-order mark (BOM), as Excel's 'CSV UTF-8' writes; the first column "
      "name would not match. Fix: save as plain UTF-8 without BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`) "
      "[rule: file-encoding-bom]"]),
    ("windows-1252", "rates.csv", "\n".join([HEADER, *GOOD, "E01000003,1,1,1,0.1,2021 \u2013 note"]).encode("cp1252"),
     [", line 4: byte 0x96 is not UTF-8; it looks like Windows-1252 (Excel's 'CSV' on Windows). Fix: re-save as "
      "UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`) [rule: file-encoding]"]),
    ("semicolons", "rates.csv", "\n".join(line.replace(",", ";") for line in [HEADER, *GOOD]),
     [", line 1: columns are separated by semicolons, not commas. Fix: save as comma-separated CSV "
      "[rule: file-delimiter]"]),
    ("tabs", "rates.csv", "\n".join(line.replace(",", "\t") for line in [HEADER, *GOOD]),
     [", line 1: columns are separated by tabs, not commas. Fix: save as comma-separated CSV [rule: file-delimiter]"]),
    ("csv-named-parquet", "rates.parquet", "\n".join([HEADER, *GOOD]), None),  # message from DuckDB: checked by rule
    ("column-missing", "rates.csv", "\n".join(["lsoa21_code,households,fuel_poor,pct,period",
                                               "E01000001,100,10,10.0,2021"]),
     [", line 1: required column 'prop' is missing (the staging model of test.rates reads it); the file has: "
      "lsoa21_code, households, fuel_poor, pct, period [rule: column-missing]"]),
    ("key-empty", "rates.csv", "\n".join([HEADER, GOOD[0], ",5,1,20,0.2,2021"]),
     [", line 3 (lsoa21_code ''): key column 'lsoa21_code' is empty [rule: key-missing]"]),
    ("text-in-number", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,n/a,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): 'pct' must be a number, found 'n/a' [rule: column-type]"]),
    ("fraction-in-integer", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200.5,50,25,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): count 'households' must be a whole number of 0 or more, found '200.5' "
      "[rule: count-non-negative-integer]",
      ", line 3 (lsoa21_code E01000002): 'households' must be a whole number, found '200.5' [rule: column-type]"]),
    ("nan", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,NaN,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): 'pct' is 'NaN' (not a finite number); leave it empty if missing "
      "[rule: value-not-finite]"]),
    ("infinity", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,inf,2021"]),
     [", line 3 (lsoa21_code E01000002): 'prop' is 'inf' (not a finite number); leave it empty if missing "
      "[rule: value-not-finite]"]),
    ("negative-count", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,-200,0,25,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): count 'households' must be a whole number of 0 or more, found '-200' "
      "[rule: count-non-negative-integer]"]),
    ("numerator-above-denominator", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,250,25,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): 'fuel_poor' (250 > 200) is larger than its denominator 'households' "
      "[rule: numerator-above-denominator]"]),
    ("percentage-over-100", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,125,0.25,2021"]),
     [", line 3 (lsoa21_code E01000002): 'pct' is a percentage and must be between 0 and 100, found '125' "
      "[rule: percentage-range]"]),
    ("proportion-as-percent", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,25,2021"]),
     [", line 3 (lsoa21_code E01000002): 'prop' is a proportion and must be between 0 and 1, found '25' "
      "[rule: proportion-range]"]),
    ("duplicate-key", "rates.csv", "\n".join([HEADER, *GOOD, GOOD[0]]),
     [", line 4 (lsoa21_code E01000001): duplicate key: already on line 2 [rule: key-duplicate]"]),
    ("not-a-gss-code", "rates.csv", "\n".join([HEADER, GOOD[0], "E0100002,200,50,25,0.25,2021"]),
     [", line 3 (lsoa21_code E0100002): area code 'E0100002' is not a GSS code (a letter E or W and 8 digits) "
      "[rule: area-code-format]"]),
    ("msoa-code-in-lsoa-file", "rates.csv", "\n".join([HEADER, GOOD[0], "E02000002,200,50,25,0.25,2021"]),
     [", line 3 (lsoa21_code E02000002): area code 'E02000002' is not an LSOA 2021 code (those start E01 or W01) "
      "[rule: area-code-format]"]),
    ("code-not-in-lookup", "rates.csv", "\n".join([HEADER, GOOD[0], "E01099999,200,50,25,0.25,2021"]),
     [", line 3 (lsoa21_code E01099999): area code 'E01099999' is not an LSOA 2021 code in the ONS LSOA 2021 to "
      "ward lookup [rule: area-code-in-geography]"]),
    ("period-does-not-parse", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,0.25,last year"]),
     [", line 3 (lsoa21_code E01000002): period 'last year' in 'period' does not parse (YYYY, YYYY/YY, YYYY-YY, "
      "YYYY-YYYY, 'Qn YYYY' or 'YYYY Qn') [rule: period-format]"]),
    ("every-error-listed", "rates.csv", "\n".join([HEADER, "E01000001,100,10,abc,0.1,2021",
                                                   "E01000002,-1,0,10,0.1,2021", GOOD[0]]),
     [", line 2 (lsoa21_code E01000001): 'pct' must be a number, found 'abc' [rule: column-type]",
      ", line 3 (lsoa21_code E01000002): count 'households' must be a whole number of 0 or more, found '-1' "
      "[rule: count-non-negative-integer]",
      ", line 4 (lsoa21_code E01000001): duplicate key: already on line 2 [rule: key-duplicate]"]),
]


def _write(path: Path, content: str | bytes | None) -> None:
    if content is None:
        return
    if isinstance(content, str):
        content = (content if content.endswith("\n") else content + "\n").encode()
    path.write_bytes(content)


def _validate(tmp_path: Path, name: str, content: str | bytes | None) -> tuple[Path, ValidationReport]:
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("lsoa21_code\nE01000001\nE01000002\nE01000003\nE02000002\n")
    path = tmp_path / name
    _write(path, content)
    spec = SourceSpec(**{**SPEC.__dict__, "location": "{{ env_var('SPI_RAW_DATA_DIR', 'data/raw') }}/" + name})
    report = ValidationReport()
    validate_source(spec, tmp_path, {"lsoa21": lookup}, report)
    return path, report


@pytest.mark.parametrize("name,content,expected", [case[1:] for case in SOURCE_CASES],
                         ids=[case[0] for case in SOURCE_CASES])
def test_bad_source_file_gives_its_exact_errors(tmp_path: Path, name: str, content, expected) -> None:
    path, report = _validate(tmp_path, name, content)
    if expected is None:
        assert [error.rule for error in report.errors] == ["file-unreadable"]
        assert str(report.errors[0]).startswith(f"{path}: not a readable Parquet file (")
        return
    assert sorted(str(error) for error in report.errors) == sorted(str(path) + line for line in expected)


def test_good_file_passes(tmp_path: Path) -> None:
    _, report = _validate(tmp_path, "rates.csv", "\n".join([HEADER, *GOOD]))
    assert report.errors == [] and report.files_checked == 1


def test_parquet_errors_name_the_row(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("\n".join([HEADER, *GOOD, GOOD[1]]) + "\n")
    parquet = tmp_path / "rates.parquet"
    duckdb.sql(f"copy (select * from read_csv('{source}', all_varchar = true)) to '{parquet}' (format parquet)")
    path, report = _validate(tmp_path, "rates.parquet", parquet.read_bytes())
    assert [str(error) for error in report.errors] == [
        f"{path}, row 3 (lsoa21_code E01000002): duplicate key: already on row 2 [rule: key-duplicate]"
    ]


def test_quarantine_policy_sets_bad_rows_aside_instead_of_failing(tmp_path: Path) -> None:
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("lsoa21_code\nE01000001\nE01000002\n")
    (tmp_path / "rates.csv").write_text("\n".join([HEADER, *GOOD, "E01000009,5,9,10,0.1,2021"]) + "\n")
    spec = SourceSpec(**{**SPEC.__dict__, "location": "{{ env_var('SPI_RAW_DATA_DIR', 'x') }}/rates.csv",
                         "on_error": "quarantine"})
    report = ValidationReport()
    validate_source(spec, tmp_path, {"lsoa21": lookup}, report)
    assert report.ok
    assert sorted((row.line, row.key, row.rule) for row in report.rejected) == [
        (4, "E01000009", "area-code-in-geography"), (4, "E01000009", "numerator-above-denominator")]
    assert report.rejected[0].raw["lsoa21_code"] == "E01000009"


# --- framework and values files ---------------------------------------------------------------------
FRAMEWORK_HEADER = ["indicator_id", "dimension", "component", "higher_is_better", "best", "worst", "weight",
                    "transform", "source_name", "source_measure"]
GOOD_FRAMEWORK = [
    ["a", "Basic Human Needs", "Shelter", "false", "0", "40", "0.5", "none", "s1", "m1"],
    ["b", "Basic Human Needs", "Shelter", "true", "90", "10", "0.5", "sqrt", "s1", "m2"],
]
PROVIDED = {"s1": {"m1", "m2"}, "s2": None}


def _framework(*changes: tuple[int, str, str], extra: list[list[str]] | None = None) -> list[dict[str, str]]:
    rows = [dict(zip(FRAMEWORK_HEADER, row, strict=True)) for row in GOOD_FRAMEWORK + (extra or [])]
    for index, column, value in changes:
        rows[index][column] = value
    return rows


FRAMEWORK_CASES = [
    ("unknown-component", _framework((1, "component", "Housing"), (0, "weight", "1"), (1, "weight", "1")),
     ["f.csv, line 3 (indicator_id b): component 'Housing' is not one of the 12 SPI components of the ward framework "
      "(Nutrition and Basic Medical Care, Water, Sanitation and Utilities, Shelter, Personal Safety, Access to Basic "
      "Knowledge, Access to Information and Communications, Health and Wellness, Environmental Quality, Personal "
      "Rights, Personal Freedom and Choice, Inclusiveness, Access to Advanced Education) "
      "[rule: framework-component-unknown]"]),
    ("component-in-wrong-dimension", _framework((0, "dimension", "Opportunity"), (1, "dimension", "Opportunity")),
     ["f.csv, line 2 (indicator_id a): component 'Shelter' belongs to dimension 'Basic Human Needs', not "
      "'Opportunity' [rule: framework-dimension-mismatch]",
      "f.csv, line 3 (indicator_id b): component 'Shelter' belongs to dimension 'Basic Human Needs', not "
      "'Opportunity' [rule: framework-dimension-mismatch]"]),
    ("duplicate-indicator", _framework((1, "indicator_id", "a")),
     ["f.csv, line 3 (indicator_id a): indicator_id 'a' is already defined on line 2 "
      "[rule: framework-indicator-duplicate]"]),
    ("weights-not-one", _framework((1, "weight", "0.4")),
     ["f.csv, line 2 (component Shelter): weights of component 'Shelter' sum to 0.9, not 1 (tolerance 0.001) "
      "[rule: framework-weights-sum]"]),
    ("equal-bounds", _framework((0, "worst", "0")),
     ["f.csv, line 2 (indicator_id a): best and worst are both 0: the score would divide by zero "
      "[rule: framework-bounds-equal]"]),
    ("unknown-transform", _framework((1, "transform", "log10")),
     ["f.csv, line 3 (indicator_id b): transform 'log10' is not one of none, sqrt, log "
      "[rule: framework-transform-unknown]"]),
    ("log-of-zero", _framework((0, "transform", "log")),
     ["f.csv, line 2 (indicator_id a): transform 'log' cannot take the bound 0 [rule: framework-transform-domain]"]),
    ("direction-disagrees-with-bounds", _framework((0, "higher_is_better", "true")),
     ["f.csv, line 2 (indicator_id a): higher_is_better is true but best (0) is below worst (40) "
      "[rule: framework-direction]"]),
    ("bound-not-a-number", _framework((1, "best", "ninety")),
     ["f.csv, line 3 (indicator_id b): 'best' must be a finite number, found 'ninety' [rule: framework-number]"]),
    ("unknown-source", _framework((1, "source_name", "s9")),
     ["f.csv, line 3 (indicator_id b): source_name 's9' is not a source of the project (s1, s2) "
      "[rule: framework-source-unknown]"]),
    ("unknown-measure", _framework((1, "source_measure", "m9")),
     ["f.csv, line 3 (indicator_id b): source 's1' has no measure 'm9' [rule: framework-measure-unknown]"]),
]


@pytest.mark.parametrize("rows,expected", [case[1:] for case in FRAMEWORK_CASES],
                         ids=[case[0] for case in FRAMEWORK_CASES])
def test_bad_framework_gives_its_exact_errors(rows, expected) -> None:
    assert [str(error) for error in check_framework_rows(rows, "f.csv", provided=PROVIDED)] == expected


def test_good_framework_passes() -> None:
    assert check_framework_rows(_framework(), "f.csv", provided=PROVIDED) == []


def test_framework_file_with_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column for column in FRAMEWORK_HEADER if column != "weight"])
        writer.writerow([value for column, value in zip(FRAMEWORK_HEADER, GOOD_FRAMEWORK[0], strict=True) if column != "weight"])
    report = ValidationReport()
    validate_framework(path, report)
    assert [str(error) for error in report.errors] == [
        f"{path}, line 1: required column 'weight' is missing [rule: column-missing]"]


def test_values_for_undefined_indicators_and_bad_values() -> None:
    rows = [
        {"area_code": "E05000001", "period": "2025", "indicator_id": "a", "value": "1"},
        {"area_code": "E05000001", "period": "2025", "indicator_id": "zz", "value": "2"},
        {"area_code": "E05000001", "period": "2025", "indicator_id": "a", "value": "inf"},
        {"area_code": "E05000002", "period": "25", "indicator_id": "b", "value": "x"},
    ]
    assert [str(error) for error in check_values_rows(rows, "v.csv", {"a", "b"})] == [
        "v.csv, line 3 (area_code E05000001, period 2025, indicator_id zz): indicator 'zz' is not defined in the "
        "framework [rule: values-indicator-unknown]",
        "v.csv, line 4 (area_code E05000001, period 2025, indicator_id a): 'value' is 'inf' (not a finite number); "
        "leave it empty if missing [rule: value-not-finite]",
        "v.csv, line 4 (area_code E05000001, period 2025, indicator_id a): duplicate key: already on line 2 "
        "[rule: key-duplicate]",
        "v.csv, line 5 (area_code E05000002, period 25, indicator_id b): period '25' does not parse (YYYY, YYYY/YY, "
        "YYYY-YY, YYYY-YYYY, 'Qn YYYY' or 'YYYY Qn') [rule: period-format]",
        "v.csv, line 5 (area_code E05000002, period 25, indicator_id b): 'value' must be a number, found 'x' "
        "[rule: column-type]",
    ]


def test_validate_command_lists_every_error_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spi.cli import main
    from spi.validation.specs import load_specs

    assert main(["validate", "--raw-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    # the raw files are all missing; the generated health extracts live elsewhere and are found
    specs = [spec for spec in load_specs() if "SPI_RAW_DATA_DIR" in spec.location]
    assert err.count("[rule: file-missing]") == len(specs) >= 17
    for spec in specs:
        assert f"{spec.path(tmp_path)}: file not found" in err
    assert f"{len(specs)} error(s), 0 row(s) quarantined" in err


def test_validate_checks_the_regions_health_extracts(monkeypatch: pytest.MonkeyPatch) -> None:
    import spi.commands.validate as validate_command
    from spi.cli import main
    from spi.project import HEALTH_DIR_FROM_REGION, health_data_dir

    for name in ("SPI_HEALTH_DATA_DIR", HEALTH_DIR_FROM_REGION):
        monkeypatch.delenv(name, raising=False)  # restored after the test: validate exports them
    generated: list[tuple[Path, str]] = []
    validated: list[str] = []
    monkeypatch.setattr(validate_command, "ensure_generated", lambda folder, region: generated.append((folder, region)))

    def fake_validate_inputs(raw_dir: Path, framework: Path, cache: bool = False) -> ValidationReport:
        validated.append(os.environ["SPI_HEALTH_DATA_DIR"])  # what the sources' env_var() locations resolve to
        return ValidationReport()

    monkeypatch.setattr(validate_command, "validate_inputs", fake_validate_inputs)
    assert main(["validate", "--region", "england"]) == 0
    assert generated == [(health_data_dir("england"), "england")]
    assert validated == [str(health_data_dir("england"))]


# --- issue 15: hostile and damaged inputs, each class with its exact message ----------------------------
HOSTILE_CASES = [
    ("duplicate-column", "rates.csv", "\n".join(["lsoa21_code,households,fuel_poor,pct,prop,period,PCT",
                                                 "E01000001,100,10,10.0,0.1,2021,99"]),
     [", line 1: column name(s) appear more than once: 'pct' (columns 4, 7); one reader would take one copy and "
      "another the other: keep one column of each name [rule: column-duplicate]"]),
    ("ragged-record", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,0.25,2021,extra"]),
     [", line 3: has 7 field(s) but the header has 6; a comma inside a value must be quoted (\"a, b\"), and every "
      "line needs every column [rule: file-ragged]"]),
    ("gzip-named-csv", "rates.csv", b"\x1f\x8b\x08\x00" + b"\x00" * 20,
     [": is gzip-compressed (.gz), not a CSV text file; decompress it (or save it from Excel as CSV UTF-8) and keep "
      "the .csv name [rule: file-compressed]"]),
    ("quoted-newline-keeps-line-numbers", "rates.csv",
     "lsoa21_code,households,fuel_poor,pct,prop,period\n"
     "E01000001,100,10,10.0,0.1,\"2021\"\nE01000002,200,50,\"25\",0.25,\"2020/21\"\n"
     "E01000003,1,1,\"1\n\",0.1,2021\nE01000003,1,1,1,0.1,2021",
     # the record on line 4 spans two lines: the next one starts on line 6 (not 5, as rowid + 2 would say)
     [", line 6 (lsoa21_code E01000003): duplicate key: already on line 4 [rule: key-duplicate]"]),
    ("huge-finite-value", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,1e300,2021"]),
     [", line 3 (lsoa21_code E01000002): 'prop' is a proportion and must be between 0 and 1, found '1e300' "
      "[rule: proportion-range]",
      ", line 3 (lsoa21_code E01000002): 'prop' is 1e300, beyond +-1e+15: no indicator is that large, and sums of "
      "such values overflow; check the unit [rule: value-out-of-range]"]),
    ("field-of-200k-characters", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,0.25," + "9" * 200_000]),
     [", line 3: a field is longer than 100,000 characters; an unclosed quote (\") swallows the lines after it "
      "[rule: field-too-long]"]),
    ("quarter-period", "rates.csv", "\n".join([HEADER, GOOD[0], "E01000002,200,50,25,0.25,Q5 2024"]),
     [", line 3 (lsoa21_code E01000002): period 'Q5 2024' in 'period' does not parse (YYYY, YYYY/YY, YYYY-YY, "
      "YYYY-YYYY, 'Qn YYYY' or 'YYYY Qn') [rule: period-format]"]),
]


@pytest.mark.parametrize("name,content,expected", [case[1:] for case in HOSTILE_CASES],
                         ids=[case[0] for case in HOSTILE_CASES])
def test_hostile_source_file_gives_its_exact_errors(tmp_path: Path, name: str, content, expected) -> None:
    path, report = _validate(tmp_path, name, content)
    assert sorted(str(error) for error in report.errors) == sorted(str(path) + line for line in expected)


def test_symlink_out_of_the_data_folder_is_refused_without_naming_its_target(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("lsoa21_code,households\nE01000001,1\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "lookup.csv").write_text("lsoa21_code\nE01000001\n")
    (raw / "rates.csv").symlink_to(secret)
    spec = SourceSpec(**{**SPEC.__dict__, "location": "{{ env_var('SPI_RAW_DATA_DIR', 'x') }}/rates.csv"})
    report = ValidationReport()
    validate_source(spec, raw, {"lsoa21": raw / "lookup.csv"}, report)
    assert [str(error) for error in report.errors] == [
        f"{raw / 'rates.csv'}: is a symbolic link to a file outside the data folder; links are not followed: copy the "
        "file itself into the data folder [rule: file-symlink]"]
    assert "secret" not in str(report.errors[0])


def test_code_columns_refuse_a_path_as_a_local_authority_code(tmp_path: Path) -> None:
    spec = SourceSpec(**{**SPEC.__dict__, "columns": {**SPEC.columns, "lad_code": "varchar"},
                         "code_columns": (("lad_code", "la"),)})
    (tmp_path / "lookup.csv").write_text("lsoa21_code\nE01000001\nE01000002\n")
    (tmp_path / "rates.csv").write_text(
        "\n".join([HEADER + ",lad_code", GOOD[0] + ",E06000021", GOOD[1] + ",../../etc"]) + "\n")
    report = ValidationReport()
    validate_source(SourceSpec(**{**spec.__dict__, "location": "{{ env_var('SPI_RAW_DATA_DIR', 'x') }}/rates.csv"}),
                    tmp_path, {"lsoa21": tmp_path / "lookup.csv"}, report)
    assert [str(error) for error in report.errors] == [
        f"{tmp_path / 'rates.csv'}, line 3 (lsoa21_code E01000002): 'lad_code' is '../../etc', not a local authority "
        "GSS code (a letter E or W and 8 digits, starting E06 or E07 or E08 or E09 or W06) [rule: area-code-format]"]


def test_framework_trailing_space_and_duplicate_column(tmp_path: Path) -> None:
    rows = _framework((0, "component", "Shelter "))
    assert [str(error) for error in check_framework_rows(rows, "f.csv", provided=PROVIDED)] == [
        "f.csv, line 2 (indicator_id a): 'component' is 'Shelter ' with space at its start or end; the models match "
        "it exactly: remove the space [rule: framework-whitespace]"]
    path = tmp_path / "framework.csv"
    path.write_text(",".join(FRAMEWORK_HEADER + ["weight"]) + "\n" + ",".join(GOOD_FRAMEWORK[0] + ["0.9"]) + "\n")
    report = ValidationReport()
    validate_framework(path, report)
    assert [str(error) for error in report.errors] == [
        f"{path}, line 1: column name(s) appear more than once: 'weight' (columns 7, 11); one reader would take one "
        "copy and another the other: keep one column of each name [rule: column-duplicate]"]


def test_periods_are_typed_and_compared_by_time() -> None:
    from spi.validation.periods import parse_period

    assert parse_period("Q4 2023") < parse_period("Q1 2024") < parse_period("2024 Q2")
    assert parse_period("2023/24").sort_key == 202304 and parse_period("2023-24").kind == "financial_year"
    assert parse_period("2021-2023").kind == "years" and parse_period("2024").sort_key == 202401
    for text in ("2023/25", "2011-12-01", "Q0 2024", "24", "2024-2023", "last year", ""):
        assert parse_period(text) is None, text


def test_indicator_file_outside_the_lookup_and_mixed_periods(tmp_path: Path) -> None:
    from spi.validation.indicator_files import validate_file

    path = tmp_path / "rate.csv"
    path.write_text("geography,area_code,period,value\nlsoa21,E01000001,2024,1\nlsoa21,E01099999,2024,2\n"
                    "lsoa21,E01000001,Q1 2024,3\n")
    assert [str(error) for error in validate_file(path, label="rate.csv", known_codes={"lsoa21": {"E01000001"}})] == [
        "rate.csv, line 1: one kind of period per file, found quarter (line 4), year (line 2): the newest could not "
        "be told [rule: period-mixed]",
        "rate.csv, line 3 (area_code E01099999, period 2024): area_code 'E01099999' is not an LSOA 2021 code in the "
        "ONS LSOA 2021 to ward lookup: the row would be dropped [rule: area-code-in-geography]",
    ]


def test_truncated_geojson_and_quoted_folder(tmp_path: Path) -> None:
    from spi.validation.runner import check_folder_paths, check_geojson

    boundaries = tmp_path / "wards.geojson"
    boundaries.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "prop')
    assert [str(error) for error in check_geojson(boundaries)] == [
        f"{boundaries}, line 1: not valid JSON (Unterminated string starting at): the file is truncated or damaged; "
        "restore it from its source (data/provenance.csv) [rule: geojson-invalid]"]
    quoted = tmp_path / "o'brien"
    assert [str(error) for error in check_folder_paths({"raw data": quoted})] == [
        f"{quoted}: the raw data folder's path contains a quote or backslash, which the SQL dbt generates cannot "
        "hold; move or rename the folder [rule: path-quote]"]


@pytest.mark.parametrize("values,expected", [
    ("area_code,area_name,period,indicator_id,value\nX,Caf\xe9,2024,a,1\n".encode("latin-1"),
     ", line 2: byte 0xe9 is not UTF-8; it looks like Windows-1252 (Excel's 'CSV' on Windows). Fix: re-save as UTF-8 "
     "(e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`) [rule: file-encoding]"),
    (("area_code,area_name,period,indicator_id,value\nX," + "n" * 200_000 + ",2024,a,1\n").encode(),
     ", line 2: a field is longer than 100,000 characters; an unclosed quote (\") swallows the lines after it "
     "[rule: field-too-long]"),
], ids=["latin-1", "200k-field"])
def test_spi_score_reports_bad_files_in_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      values: bytes, expected: str) -> None:
    from spi.cli import main

    framework = tmp_path / "framework.csv"
    framework.write_text("dimension,component,indicator_id,indicator_name,unit,higher_is_better,best,worst,weight,"
                         "transform\nD,C,a,A,%,true,100,0,1,none\n")
    values_path = tmp_path / "values.csv"
    values_path.write_bytes(values)
    assert main(["score", "--framework", str(framework), "--values", str(values_path),
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err == f"spi score: 1 error(s) in the input files, nothing scored:\n  {values_path}{expected}\n"
    assert "Traceback" not in err
