"""`spi score` on a small hand-made framework (tests/fixtures/engine_small/), every score computed by hand.

Framework: Needs = {Food: fed (none, 0..100, w 0.5), meals (log, 10..1000, w 0.5);
                    Shelter: crowding (lower is better, best 0, worst 20, w 0.25), housed (sqrt, 0..100, w 0.75)};
           Opportunity = {Rights: voice (0..10, w 0.4), repression (lower is better, best 0, worst 10, w 0.6)}.
Area D has no value for meals: the areas with a whole Food component (A, B, C, E) lie on
meals score = 2 x fed score - 20, so D's meals score is imputed as 2 x 45 - 20 = 70.
Area E has neither Shelter indicator: Shelter, Needs and the SPI stay empty and unranked.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from spi.cli import main
from spi.project import PROJECT_DIR

pytestmark = pytest.mark.build


SMALL = PROJECT_DIR / "tests" / "fixtures" / "engine_small"

# (area, level, name) -> score computed by hand
EXPECTED = {
    # meals, log: 100 x (ln x - ln 10) / (ln 1000 - ln 10): 10 -> 0, 100 -> 50, 1000 -> 100
    ("A", "indicator", "meals"): 0.0,
    ("B", "indicator", "meals"): 50.0,
    ("C", "indicator", "meals"): 100.0,
    ("D", "indicator", "meals"): 70.0,  # imputed
    # housed, sqrt: 100 x sqrt(x) / 10: 25 -> 50, 64 -> 80, 100 -> 100, 4 -> 20
    ("A", "indicator", "housed"): 50.0,
    ("D", "indicator", "housed"): 20.0,
    # crowding, lower is better: 100 x (x - 20) / (0 - 20); 25 is beyond worst -> 0
    ("A", "indicator", "crowding"): 75.0,
    ("C", "indicator", "crowding"): 0.0,
    # Food = 0.5 fed + 0.5 meals
    ("A", "component", "Food"): 5.0,
    ("B", "component", "Food"): 42.5,
    ("C", "component", "Food"): 80.0,
    ("D", "component", "Food"): 57.5,
    ("E", "component", "Food"): 5.0,
    # Shelter = 0.25 crowding + 0.75 housed
    ("A", "component", "Shelter"): 56.25,
    ("B", "component", "Shelter"): 72.5,
    ("C", "component", "Shelter"): 75.0,
    ("D", "component", "Shelter"): 40.0,
    ("E", "component", "Shelter"): None,
    # Rights = 0.4 voice + 0.6 repression
    ("C", "component", "Rights"): 68.0,
    ("E", "component", "Rights"): 10.0,
    ("A", "dimension", "Needs"): 30.625,
    ("D", "dimension", "Needs"): 48.75,
    ("E", "dimension", "Needs"): None,
    ("A", "spi", "Social Progress Index"): 35.3125,
    ("B", "spi", "Social Progress Index"): 53.75,
    ("C", "spi", "Social Progress Index"): 72.75,
    ("D", "spi", "Social Progress Index"): 64.375,
    ("E", "spi", "Social Progress Index"): None,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], dict[str, str]]:
    out = tmp_path_factory.mktemp("small")
    database = out / "kept.duckdb"
    exit_code = main(
        [
            "score",
            "--quiet",
            "--framework",
            str(SMALL / "framework.csv"),
            "--values",
            str(SMALL / "values.csv"),
            "--out",
            str(out),
            "--database",
            str(database),
        ]
    )
    assert exit_code == 0
    assert database.exists(), "--database keeps the DuckDB file"
    assert (out / "scores.parquet").exists()
    with (out / "scores.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["area_code", "period", "level", "name", "score", "rank", "is_imputed", "n_indicators_imputed"]
    return {(row["area_code"], row["level"], row["name"]): row for row in rows}


def test_scores_match_the_hand_computation(scores: dict) -> None:
    assert len(scores) == 5 * (6 + 3 + 2 + 1)
    for key, expected in EXPECTED.items():
        got = scores[key]["score"]
        if expected is None:
            assert got == "", key
        else:
            assert float(got) == pytest.approx(expected, abs=1e-9), key
    assert {row["period"] for row in scores.values()} == {"2024"}


def test_imputed_score_is_flagged_up_to_the_spi(scores: dict) -> None:
    flagged = {key for key, row in scores.items() if row["is_imputed"] == "true"}
    assert flagged == {
        ("D", "indicator", "meals"),
        ("D", "component", "Food"),
        ("D", "dimension", "Needs"),
        ("D", "spi", "Social Progress Index"),
    }
    assert scores[("D", "component", "Food")]["n_indicators_imputed"] == "1"


def test_partial_area_is_unranked_and_ranks_are_per_level_and_name(scores: dict) -> None:
    spi_ranks = {area: scores[(area, "spi", "Social Progress Index")]["rank"] for area in "ABCDE"}
    assert spi_ranks == {"C": "1", "D": "2", "B": "3", "A": "4", "E": ""}
    assert scores[("E", "component", "Shelter")]["rank"] == ""
    # A and E tie on Food (5.0): same rank
    assert scores[("A", "component", "Food")]["rank"] == scores[("E", "component", "Food")]["rank"] == "4"


def test_invalid_files_are_rejected_before_scoring(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    framework = tmp_path / "framework.csv"
    lines = (SMALL / "framework.csv").read_text().splitlines()
    lines[1] = lines[1].replace(",100,0,0.5,none", ",7,7,0.5,none")  # equal bounds
    lines[2] = lines[2].replace(",log", ",cube")  # unknown transform
    framework.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    exit_code = main(
        ["score", "--framework", str(framework), "--values", str(SMALL / "values.csv"), "--out", str(out)]
    )
    assert exit_code == 1  # an input error (README "Exit codes")
    errors = capsys.readouterr().err
    assert (f"{framework}, line 2 (indicator_id fed): best and worst are both 7: the score would divide by zero "
            "[rule: framework-bounds-equal]") in errors
    assert (f"{framework}, line 3 (indicator_id " in errors
            and "transform 'cube' is not one of none, sqrt, log [rule: framework-transform-unknown]" in errors)
    assert not out.exists(), "nothing is written when the files are invalid"
