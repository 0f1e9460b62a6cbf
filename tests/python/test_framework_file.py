"""Every rule of the framework and values file checks of `spi score`, with its exact message (file, CSV line,
key, rule): the same rule set and message style as `spi validate` (spi.framework.files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spi.framework.files import ENGINE_FRAMEWORK_COLUMNS, check_files, check_framework, check_values

pytestmark = pytest.mark.unit

HEADER = ",".join(ENGINE_FRAMEWORK_COLUMNS)
GOOD_ROWS = [
    "D,C1,a,A,%,true,100,0,0.5,none",
    "D,C1,b,B,%,false,0,50,0.5,sqrt",
    "D,C2,c,C,%,true,1000,10,1,log",
]
VALUES_HEADER = "area_code,area_name,period,indicator_id,value"


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def framework_errors(tmp_path: Path, rows: list[str]) -> list[str]:
    errors, _ = check_framework(write(tmp_path, "framework.csv", [HEADER, *rows]))
    return [str(error) for error in errors]


def test_a_good_framework_and_values_pass(tmp_path: Path) -> None:
    framework = write(tmp_path, "framework.csv", [HEADER, *GOOD_ROWS])
    values = write(tmp_path, "values.csv", [VALUES_HEADER, "X,Ex,2024,a,50", "X,Ex,2024,b,", "X,Ex,2024,c,20"])
    assert check_files(framework, values) == []


def test_equal_bounds(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], "D,C1,b,B,%,false,3,3,0.5,none", GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 3 (indicator_id b): best and worst are both 3: the score would divide by zero "
        "[rule: framework-bounds-equal]"]


def test_weights_not_summing_to_one(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], "D,C1,b,B,%,false,0,50,0.4,sqrt", GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 2 (component C1): weights of component 'C1' sum to 0.9, not 1 (tolerance 0.001) "
        "[rule: framework-weights-sum]"]


def test_weights_within_tolerance_pass(tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0].replace(",0.5,", ",0.5004,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == []


def test_unknown_transform(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",none", ",log10"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 2 (indicator_id a): transform 'log10' is not one of none, sqrt, log "
        "[rule: framework-transform-unknown]"]


def test_duplicate_indicator(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [*GOOD_ROWS, "D,C3,a,A again,%,true,1,0,1,none"]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 5 (indicator_id a): indicator_id 'a' is already defined on line 2 "
        "[rule: framework-indicator-duplicate]"]


def test_component_in_two_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace("D,C1", "E,C1"), GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 3 (indicator_id b): component 'C1' is in dimension 'E' here but in 'D' on line 2 "
        "[rule: framework-dimension-mismatch]"]


def test_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "framework.csv", ["dimension,component,indicator_id,best,worst", "D,C,a,1,0"])
    errors, _ = check_framework(path)
    assert [str(error) for error in errors] == [
        f"{path}, line 1: required column '{column}' is missing [rule: column-missing]"
        for column in ("indicator_name", "unit", "higher_is_better", "weight", "transform")]


def test_not_a_number_and_not_a_boolean(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",true,100,", ",yes,high,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 2 (indicator_id a): 'best' must be a finite number, found 'high' [rule: framework-number]",
        f"{path}, line 2 (indicator_id a): higher_is_better must be true or false, found 'yes' "
        "[rule: framework-direction]"]


def test_direction_must_agree_with_the_bounds(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",true,", ",false,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 2 (indicator_id a): higher_is_better is false but best (100) is above worst (0) "
        "[rule: framework-direction]"]


def test_log_bounds_must_be_positive(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], "D,C2,c,C,%,true,1000,0,1,log"]
    assert framework_errors(tmp_path, rows) == [
        f"{path}, line 4 (indicator_id c): transform 'log' cannot take the bound 0 [rule: framework-transform-domain]"]


def test_all_errors_are_listed_at_once_in_line_order(tmp_path: Path) -> None:
    rows = [
        "D,C1,a,A,%,true,5,5,0.5,none",
        "D,C1,b,B,%,false,0,50,0.2,cube",
        "D,C2,a,C,%,true,1000,10,1,log",
    ]
    errors, _ = check_framework(write(tmp_path, "framework.csv", [HEADER, *rows]))
    assert [(error.line, error.rule) for error in errors] == [
        (2, "framework-bounds-equal"),
        (2, "framework-weights-sum"),
        (3, "framework-transform-unknown"),
        (4, "framework-indicator-duplicate"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X,Ex,2024,zz,1", "(area_code X, period 2024, indicator_id zz): indicator 'zz' is not defined in the "
         "framework [rule: values-indicator-unknown]"),
        ("X,Ex,2024,a,lots", "(area_code X, period 2024, indicator_id a): 'value' must be a number, found 'lots' "
         "[rule: column-type]"),
        ("X,Ex,twenty,a,1", "(area_code X, period twenty, indicator_id a): period 'twenty' does not parse (YYYY) "
         "[rule: period-format]"),
        ("X,Ex,2023/24,a,1", "(area_code X, period 2023/24, indicator_id a): period '2023/24' is not a whole year "
         "(YYYY), as `spi score` needs [rule: period-format]"),
        ("Y,Why,2024,c,0", "(area_code Y, period 2024, indicator_id c): value 0 of log indicator 'c' is not above 0 "
         "[rule: value-outside-transform]"),
        ("X,Ex,2024,b,-1", "(area_code X, period 2024, indicator_id b): value -1 of sqrt indicator 'b' is below 0 "
         "[rule: value-outside-transform]"),
        ("X,Ex,2024,c,5", "(area_code X, period 2024, indicator_id c): duplicate key: already on line 2 "
         "[rule: key-duplicate]"),
        ("X,Ex,2024,a,1e300", "(area_code X, period 2024, indicator_id a): 'value' is 1e300, beyond +-1e+15: no "
         "indicator is that large, and sums of such values overflow; check the unit [rule: value-out-of-range]"),
    ],
)

def test_values_rules(tmp_path: Path, row: str, message: str) -> None:
    framework = write(tmp_path, "framework.csv", [HEADER, *GOOD_ROWS])
    values = write(tmp_path, "values.csv", [VALUES_HEADER, "X,Ex,2024,c,20", row])
    _, indicators = check_framework(framework)
    assert [str(error) for error in check_values(values, indicators)] == [f"{values}, line 3 {message}"]


def test_values_missing_columns(tmp_path: Path) -> None:
    framework = write(tmp_path, "framework.csv", [HEADER, *GOOD_ROWS])
    values = write(tmp_path, "values.csv", ["area_code,period,indicator_id", "X,2024,a"])
    assert [str(error) for error in check_files(framework, values)] == [
        f"{values}, line 1: required column '{column}' is missing [rule: column-missing]"
        for column in ("area_name", "value")]
