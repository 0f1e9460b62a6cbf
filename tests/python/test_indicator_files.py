"""Adding an indicator without SQL: a CSV in data/indicators/ plus one framework row, validated and scored."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from project_copy import copy_dbt_project

from spi.cli import main
from spi.validation.indicator_files import validate_file, validate_indicator_folder
from spi.project import PROJECT_DIR

HEADER = "geography,area_code,period,value,numerator,denominator\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _messages(path: Path, **options) -> list[str]:
    return [str(problem) for problem in validate_file(path, label=path.name, **options)]


@pytest.mark.unit
def test_valid_file_has_no_problems(tmp_path: Path) -> None:
    good = _write(
        tmp_path / "good_rate.csv", HEADER + "lsoa21,E01029795,2024,12.5,25,200\nlsoa21,E01029796,2024,10,,\n"
    )
    assert validate_file(good) == []
    half = _write(tmp_path / "half_counts.csv", HEADER + "msoa11,E02001234,2024,12.5,25,\n")
    assert _messages(half) == [
        "half_counts.csv, line 2 (area_code E02001234, period 2024): give both numerator and denominator, or neither "
        "[rule: numerator-denominator]"
    ]
    only_values = _write(tmp_path / "ward_score.csv", "geography,area_code,period,value\nward,E05008000,2023/24,3\n")
    assert validate_file(only_values) == []


@pytest.mark.unit
def test_each_rule_names_file_line_and_rule(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "bad_rate.csv",
        HEADER
        + "lsoa21,E01029795,2024,12.5,25,200\n"
        + "lsoa21,X01029795,2024,12.5,25,200\n"  # 3: not a GSS code
        + "lsoa21,E02001234,2024,12.5,25,200\n"  # 4: MSOA code in an LSOA file
        + "lsoa21,E01029796,2024,n/a,25,200\n"  # 5: value not numeric
        + "lsoa21,E01029797,2024,120,240,200\n"  # 6: numerator > denominator
        + "lsoa21,E01029795,2024,12.5,25,200\n"  # 7: duplicate of line 2
        + "lsoa 2021,E01029798,2024,1,1,2\n",  # 8: unknown geography
    )
    assert _messages(bad) == [
        "bad_rate.csv, line 3 (area_code X01029795, period 2024): area_code 'X01029795' is not an English LSOA (E01), "
        "MSOA (E02) or ward (E05) code of 9 characters [rule: area-code-format]",
        "bad_rate.csv, line 4 (area_code E02001234, period 2024): area_code 'E02001234' is not a lsoa21 code "
        "(expected prefix E01) [rule: area-code-format]",
        "bad_rate.csv, line 5 (area_code E01029796, period 2024): 'value' must be a number, found 'n/a' "
        "[rule: column-type]",
        "bad_rate.csv, line 6 (area_code E01029797, period 2024): numerator 240 is greater than denominator 200 "
        "[rule: numerator-denominator]",
        "bad_rate.csv, line 7 (area_code E01029795, period 2024): duplicate key: already on line 2 "
        "[rule: key-duplicate]",
        "bad_rate.csv, line 8 (area_code E01029798, period 2024): geography 'lsoa 2021' is not one of lsoa21, lsoa11, "
        "msoa21, msoa11, ward [rule: geography]",
    ]


@pytest.mark.unit
def test_header_and_name_rules(tmp_path: Path) -> None:
    no_geography = _write(tmp_path / "Bad Name.csv", "area_code,period,value,notes\nE01029795,2024,1,x\n")
    assert _messages(no_geography) == [
        "Bad Name.csv, line 1: 'Bad Name' must be lowercase snake_case (it becomes the source_measure) "
        "[rule: file-name]",
        "Bad Name.csv, line 1: header must be geography,area_code,period,value[,numerator,denominator]; "
        "missing geography; unknown 'notes' [rule: columns]",
    ]
    spaced = _write(tmp_path / "spaced.csv", "geography, area_code,period,Value\nward,E05008000,2024,1\n")
    assert _messages(spaced) == [
        "spaced.csv, line 1: header must be geography,area_code,period,value[,numerator,denominator]; "
        "missing area_code, value; unknown ' area_code', 'Value' [rule: columns]"
    ]
    mixed = _write(tmp_path / "mixed.csv", HEADER + "lsoa21,E01029795,2024,1,,\nlsoa11,E01029796,2024,1,,\n")
    assert ("mixed.csv, line 1: one geography per file, found lsoa11, lsoa21 [rule: geography]"
            in _messages(mixed))


@pytest.mark.unit
def test_template_is_checked_and_framework_rows_need_their_file(tmp_path: Path) -> None:
    folder = tmp_path / "indicators"
    folder.mkdir()
    _write(folder / "_template.csv", HEADER)
    framework = _write(
        tmp_path / "framework.csv",
        "indicator_id,source_name,source_measure\nx,census21,y\nnew_one,indicator_files,not_there\n",
    )
    assert [str(problem) for problem in validate_indicator_folder(folder, framework)] == [
        f"{framework}, line 3 (indicator_id new_one): indicator new_one reads source_measure 'not_there' from "
        f"indicator_files, but {folder / 'not_there.csv'} does not exist [rule: missing-file]"
    ]
    # dbt reads every *.csv, so a template with rows is an error, not a silent extra indicator
    _write(folder / "_template.csv", HEADER + "lsoa21,E01029795,2024,1,,\n")
    assert [str(problem) for problem in validate_indicator_folder(folder, framework)][0] == (
        f"{folder / '_template.csv'}, line 2: a file whose name starts with '_' is a template, but dbt reads every "
        "*.csv of the folder and this one has 1 row(s): rename it without the '_' to make it an indicator, or delete "
        "its rows [rule: template-has-rows]")
    framework_csv = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
    shipped = validate_indicator_folder(PROJECT_DIR / "data" / "indicators", framework_csv)
    assert shipped == []


@pytest.mark.build  # validates every source file first (about 40 s on a busy machine)
def test_spi_build_refuses_an_invalid_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "broken.csv", HEADER + "lsoa21,E01029795,2024,abc,,\n")
    monkeypatch.setenv("SPI_INDICATOR_DIR", str(tmp_path))
    assert main(["build", "--database", str(tmp_path / "never.duckdb"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert (f"{tmp_path / 'broken.csv'}, line 2 (area_code E01029795, period 2024): 'value' must be a number, "
            "found 'abc' [rule: column-type]") in err
    assert not (tmp_path / "never.duckdb").exists()


# --- the analyst's steps, end to end, on a copy of the project --------------------------------------------


def _add_framework_rows(framework_csv: Path, new_rows: list[dict[str, str]]) -> None:
    """Append indicators; each new one takes a quarter of its component's weight (the others keep 3/4 of theirs)."""
    with framework_csv.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for new_row in new_rows:
        for row in rows:
            if row["component"] == new_row["component"]:
                row["weight"] = repr(float(row["weight"]) * 0.75)
        rows.append(new_row)
    with framework_csv.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _framework_row(indicator_id: str, component: str, dimension: str, best: float, worst: float,
                   higher_is_better: bool) -> dict[str, str]:
    return {
        "indicator_id": indicator_id, "indicator_name": indicator_id.replace("_", " "), "dimension": dimension,
        "component": component, "unit": "test units", "higher_is_better": str(higher_is_better).lower(),
        "best": str(best), "worst": str(worst), "weight": "0.25", "transform": "none",
        "source_name": "indicator_files", "source_measure": indicator_id, "source": "test file",
        "data_period": "2024", "data_status": "synthetic", "is_synthetic": "true",
        "bounds_rationale": "test bounds", "regions": "icb;england",
        "source_family": "indicator_files", "is_outcome": "true", "rule_exception_reason": "",
    }


def _score(value: float, best: float, worst: float) -> float:
    return min(100.0, max(0.0, 100.0 * (value - worst) / (best - worst)))


@pytest.mark.build
def test_adding_an_indicator_file_scores_it(
    built_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = duckdb.connect(str(built_database))
    lsoa_wards = before.execute(
        "select lsoa21_code, ward_code from intermediate.int_lsoa21_wards_mapped order by lsoa21_code"
    ).fetchall()
    dimensions = dict(before.execute("select distinct component, dimension from marts.fct_ward_indicators").fetchall())
    old_components = {
        (ward, component): score
        for ward, component, score in before.execute(
            "select ward_code, component, score from marts.fct_ward_component_scores where period = 2025"
        ).fetchall()
    }
    before.close()
    wards = sorted({ward for _lsoa, ward in lsoa_wards})

    project = copy_dbt_project(tmp_path / "project")
    folder = project / "data" / "indicators"
    # An LSOA 2021 rate with counts, two periods (only the newest is scored) and one LSOA outside the region.
    lines = [HEADER.strip()]
    numerators, denominators = defaultdict(float), defaultdict(float)
    for number, (lsoa, ward) in enumerate(lsoa_wards):
        numerator, denominator = 3 + number % 37, 100 + number % 53
        numerators[ward] += numerator
        denominators[ward] += denominator
        lines.append(f"lsoa21,{lsoa},2024,{100 * numerator / denominator},{numerator},{denominator}")
        lines.append(f"lsoa21,{lsoa},2019,99,99,100")
    lines.append("lsoa21,E01000001,2024,50,50,100")
    (folder / "damp_homes_percent.csv").write_text("\n".join(lines) + "\n")
    # A ward-level score, no counts.
    ward_values = {ward: round(1 + (number * 7 % 90) / 10, 1) for number, ward in enumerate(wards)}
    (folder / "green_space_score.csv").write_text(
        "geography,area_code,period,value\n"
        + "".join(f"ward,{ward},2024,{value}\n" for ward, value in ward_values.items())
    )
    _add_framework_rows(project / "seeds" / "framework" / "ward_framework.csv", [
        _framework_row("damp_homes_percent", "Shelter", dimensions["Shelter"], best=0, worst=50,
                       higher_is_better=False),
        _framework_row("green_space_score", "Access to Advanced Education",
                       dimensions["Access to Advanced Education"], best=10, worst=0, higher_is_better=True),
    ])

    monkeypatch.setenv("SPI_PROJECT_DIR", str(project))
    monkeypatch.setenv("SPI_INDICATOR_DIR", str(folder))
    database = tmp_path / "with_indicator.duckdb"
    # the test's made-up values are labelled synthetic, so they enter the index only when asked for (the
    # framework's synthetic health indicators with them, as every framework row is scored)
    assert main(["build", "--database", str(database), "--quiet", "--include-synthetic-health"]) == 0

    after = duckdb.connect(str(database))
    indicator_rows = after.execute(
        "select indicator_id, ward_code, value, score, is_synthetic from marts.fct_ward_indicators "
        "where indicator_id in ('damp_homes_percent', 'green_space_score') and period = 2025"
    ).fetchall()
    new_components = {
        (ward, component): score
        for ward, component, score in after.execute(
            "select ward_code, component, score from marts.fct_ward_component_scores where period = 2025"
        ).fetchall()
    }
    after.close()

    by_indicator = defaultdict(dict)
    for indicator_id, ward, value, score, is_synthetic in indicator_rows:
        by_indicator[indicator_id][ward] = (value, score)
        assert is_synthetic is True
    assert set(by_indicator["damp_homes_percent"]) == set(wards)
    assert set(by_indicator["green_space_score"]) == set(wards)
    for ward in wards:
        damp_value, damp_score = by_indicator["damp_homes_percent"][ward]
        assert damp_value == pytest.approx(100 * numerators[ward] / denominators[ward], abs=1e-9)
        assert damp_score == pytest.approx(_score(damp_value, best=0, worst=50), abs=1e-8)
        green_value, green_score = by_indicator["green_space_score"][ward]
        assert green_value == pytest.approx(ward_values[ward], abs=1e-9)
        assert green_score == pytest.approx(_score(green_value, best=10, worst=0), abs=1e-8)
        # The component's other indicators keep 3/4 of their weight; the new one has 1/4.
        for component, indicator_id in (("Shelter", "damp_homes_percent"),
                                        ("Access to Advanced Education", "green_space_score")):
            expected = 0.75 * old_components[(ward, component)] + 0.25 * by_indicator[indicator_id][ward][1]
            assert new_components[(ward, component)] == pytest.approx(expected, abs=1e-6), (ward, component)
        # Components the new files do not touch are unchanged.
        assert new_components[(ward, "Personal Safety")] == pytest.approx(old_components[(ward, "Personal Safety")])
