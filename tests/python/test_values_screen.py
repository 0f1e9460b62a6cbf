"""The DuckDB screen of `spi score`'s values files (spi.framework.values_screen) never calls a file clean that
the full rule set (spi.framework.files) finds an error in, and does call the clean files of the project clean
(else every run would pay for the full Python check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spi.framework.files import MAX_ABS_VALUE, VALUES_COLUMNS, check_framework, check_values
from spi.framework.values_screen import values_file_is_clean
from spi.project import PROJECT_DIR

pytestmark = pytest.mark.unit

FRAMEWORK = ("dimension,component,indicator_id,indicator_name,unit,higher_is_better,best,worst,weight,transform\n"
             "D,C1,a,A,%,true,100,0,0.5,none\nD,C1,b,B,%,false,0,50,0.5,sqrt\nD,C2,c,C,%,true,1000,10,1,log\n")
HEADER = "area_code,area_name,period,indicator_id,value"
GOOD = ["X,Ex,2024,a,50", "X,Ex,2024,b,", "X,Ex,2024,c,20", 'Z,"Zed, the",2024,a,+.5e1']
# each breaks a rule of the full check; the screen must send it there
BROKEN = [
    "Z,Ex,2024,zz,1", "Z,Ex,2024,a,lots", "Z,Ex,twenty,a,1", "Z,Ex,2023/24,a,1", "Z,Ex,2024,c,0", "Z,Ex,2024,b,-1",
    "X,Ex,2024,c,5", "Z,Ex,2024,a,1e300", "Z,Ex,2024,a,1e16", "Z,Ex,2024,a,inf", "Z,Ex,2024,a,nan", " ,Ex,2024,a,1",
    ",Ex,2024,a,1", "\u00a0,Ex,2024,a,1", "Z,Ex,2024,a,1e400", "Z,Ex,2024,c,-0", "Z,Ex,2024,c,1e-400", "Z,Ex,2024,a",
    "Z,Ex,2024,a,1,extra", "Z,Ex,2024,a," + "9" * 100_001,
]


def _files(tmp_path: Path, rows: list[str], header: str = HEADER) -> tuple[Path, dict[str, str]]:
    framework = tmp_path / "framework.csv"
    framework.write_text(FRAMEWORK)
    _, indicators = check_framework(framework)
    values = tmp_path / "values.csv"
    values.write_text("\n".join([header, *rows]) + "\n")
    return values, {indicator.indicator_id: indicator.transform for indicator in indicators}


@pytest.mark.parametrize("row", BROKEN)
@pytest.mark.parametrize("position", [0, 4])
def test_a_broken_row_is_never_screened_clean(tmp_path: Path, row: str, position: int) -> None:
    values, transform_of = _files(tmp_path, [*GOOD[:position], row, *GOOD[position:]])
    assert not values_file_is_clean(values, transform_of, VALUES_COLUMNS, MAX_ABS_VALUE)
    _, indicators = check_framework(tmp_path / "framework.csv")
    assert check_values(values, indicators), "the full check finds the error"


@pytest.mark.parametrize("header", [HEADER.replace("value", "value,value"), "\ufeff" + HEADER,
                                    HEADER.replace(",", ";"), HEADER.replace(",value", "")])
def test_a_broken_header_is_never_screened_clean(tmp_path: Path, header: str) -> None:
    values, transform_of = _files(tmp_path, GOOD, header=header)
    assert not values_file_is_clean(values, transform_of, VALUES_COLUMNS, MAX_ABS_VALUE)


def test_clean_files_are_screened_clean(tmp_path: Path) -> None:
    values, transform_of = _files(tmp_path, GOOD)
    assert values_file_is_clean(values, transform_of, VALUES_COLUMNS, MAX_ABS_VALUE)
    kit = PROJECT_DIR / "tests" / "fixtures" / "spi2024"
    _, indicators = check_framework(kit / "framework.csv")
    assert values_file_is_clean(kit / "values.csv", {indicator.indicator_id: indicator.transform
                                                    for indicator in indicators}, VALUES_COLUMNS, MAX_ABS_VALUE)
