"""`spi score` reproduces the published Social Progress Index 2024 (the kit in tests/fixtures/spi2024/)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from spi.cli import main
from spi.project import PROJECT_DIR

pytestmark = pytest.mark.build


KIT = PROJECT_DIR / "tests" / "fixtures" / "spi2024"
TOLERANCE = 0.05


@pytest.fixture(scope="module")
def kit_scores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit")
    exit_code = main(
        [
            "score",
            "--quiet",
            "--framework",
            str(KIT / "framework.csv"),
            "--values",
            str(KIT / "values.csv"),
            "--out",
            str(out),
        ]
    )
    assert exit_code == 0
    return out


def test_every_expected_score_is_reproduced_within_tolerance(kit_scores: Path, capsys: pytest.CaptureFixture) -> None:
    connection = duckdb.connect()
    # Only the published rows are compared: scores.csv also has indicator scores, imputed and partial areas.
    per_level = connection.execute(
        f"""
        select
            expected.level,
            count(*) as n_expected,
            count(scores.score) as n_scored,
            max(abs(scores.score - expected.score)) as max_abs_error,
            count(case when abs(scores.score - expected.score) > {TOLERANCE} then 1 end) as n_beyond_tolerance
        from read_csv('{KIT / "expected.csv"}', header = true) as expected
        left join read_csv('{kit_scores / "scores.csv"}', header = true) as scores
            on
                expected.area_code = scores.area_code
                and expected.period = scores.period
                and expected.level = scores.level
                and expected.name = scores.name
        group by expected.level
        order by expected.level
        """
    ).fetchall()
    with capsys.disabled():
        print("\nSPI 2024 kit: maximum absolute error per level (tolerance 0.05)")
        for level, n_expected, _n_scored, max_abs_error, n_beyond in per_level:
            print(f"  {level:<10} {n_expected:>6} rows  max abs error {max_abs_error:.4f}  beyond tolerance {n_beyond}")
    assert {row[0] for row in per_level} == {"component", "dimension", "spi"}
    for level, n_expected, n_scored, max_abs_error, n_beyond in per_level:
        assert n_scored == n_expected, f"{level}: {n_expected - n_scored} expected rows have no score"
        assert n_beyond == 0 and max_abs_error <= TOLERANCE, f"{level}: max abs error {max_abs_error}"


def test_parquet_has_the_same_scores_as_csv(kit_scores: Path) -> None:
    connection = duckdb.connect()
    differences = connection.execute(
        f"""
        select count(*) from (
            select area_code, period, level, name, score, rank from read_parquet('{kit_scores / "scores.parquet"}')
            except
            select area_code, period, level, name, score, rank from read_csv('{kit_scores / "scores.csv"}', header = true)
        )
        """
    ).fetchone()[0]
    assert differences == 0
