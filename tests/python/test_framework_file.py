"""Every rule of the framework and values file checks, with its exact message (file, CSV line, rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spi.framework.files import FRAMEWORK_COLUMNS, check_files, check_framework, check_values

pytestmark = pytest.mark.unit


HEADER = ",".join(FRAMEWORK_COLUMNS)
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
    assert framework_errors(tmp_path, rows) == [f"{path}:3: equal-bounds: best and worst are both 3.0 (indicator 'b')"]


def test_weights_not_summing_to_one(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], "D,C1,b,B,%,false,0,50,0.4,sqrt", GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:3: weights-sum: the weights of component 'C1' (lines 2, 3) sum to 0.9, not 1 (tolerance 0.001)"
    ]


def test_weights_within_tolerance_pass(tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0].replace(",0.5,", ",0.5004,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == []


def test_unknown_transform(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",none", ",log10"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:2: unknown-transform: transform 'log10' is not one of none, sqrt, log"
    ]


def test_duplicate_indicator(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [*GOOD_ROWS, "D,C3,a,A again,%,true,1,0,1,none"]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:5: duplicate-indicator: indicator 'a' is already defined at line 2"
    ]


def test_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "framework.csv", ["dimension,component,indicator_id,best,worst", "D,C,a,1,0"])
    errors, _ = check_framework(path)
    assert [str(error) for error in errors] == [
        f"{path}:1: missing-column: the header lacks indicator_name, unit, higher_is_better, weight, transform"
    ]


def test_not_a_number_and_not_a_boolean(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",true,100,", ",yes,high,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:2: not-a-number: best 'high' is not a number",
        f"{path}:2: not-a-boolean: higher_is_better 'yes' is not true or false",
    ]


def test_direction_must_agree_with_the_bounds(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0].replace(",true,", ",false,"), GOOD_ROWS[1], GOOD_ROWS[2]]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:2: direction-mismatch: higher_is_better is false but best 100.0 is above worst 0.0 "
        "(direction is in the bounds)"
    ]


def test_log_bounds_must_be_positive(tmp_path: Path) -> None:
    path = tmp_path / "framework.csv"
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], "D,C2,c,C,%,true,1000,0,1,log"]
    assert framework_errors(tmp_path, rows) == [
        f"{path}:4: bound-outside-transform: a log transform needs best and worst above 0"
    ]


def test_all_errors_are_listed_at_once_in_line_order(tmp_path: Path) -> None:
    rows = [
        "D,C1,a,A,%,true,5,5,0.5,none",
        "D,C1,b,B,%,false,0,50,0.2,cube",
        "D,C2,a,C,%,true,1000,10,1,log",
    ]
    errors = framework_errors(tmp_path, rows)
    assert [error.split(": ")[1] for error in errors] == [
        "equal-bounds",
        "unknown-transform",
        "weights-sum",
        "duplicate-indicator",
    ]
    assert [int(error.split(":")[1]) for error in errors] == [2, 3, 3, 4]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X,Ex,2024,zz,1", "unknown-indicator: indicator 'zz' is not in the framework"),
        ("X,Ex,2024,a,lots", "not-a-number: value 'lots' is not a number"),
        ("X,Ex,twenty,a,1", "not-an-integer: period 'twenty' is not an integer"),
        ("Y,Why,2024,c,0", "value-outside-transform: value 0.0 of log indicator 'c' is not above 0"),
        ("X,Ex,2024,b,-1", "value-outside-transform: value -1.0 of sqrt indicator 'b' is below 0"),
        ("X,Ex,2024,c,5", "duplicate-value: area 'X', period 2024, indicator 'c' already has a value at line 2"),
    ],
)

def test_values_rules(tmp_path: Path, row: str, message: str) -> None:
    framework = write(tmp_path, "framework.csv", [HEADER, *GOOD_ROWS])
    values = write(tmp_path, "values.csv", [VALUES_HEADER, "X,Ex,2024,c,20", row])
    _, indicators = check_framework(framework)
    assert [str(error) for error in check_values(values, indicators)] == [f"{values}:3: {message}"]


def test_values_missing_columns(tmp_path: Path) -> None:
    framework = write(tmp_path, "framework.csv", [HEADER, *GOOD_ROWS])
    values = write(tmp_path, "values.csv", ["area_code,period,indicator_id", "X,2024,a"])
    assert [str(error) for error in check_files(framework, values)] == [
        f"{values}:1: missing-column: the header lacks area_name, value"
    ]
