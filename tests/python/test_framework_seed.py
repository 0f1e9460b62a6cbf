"""The ward framework seed keeps the SPI's shape and the brief's rules."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from spi.project import PROJECT_DIR

pytestmark = pytest.mark.unit


FRAMEWORK = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
DIMENSIONS = {"Basic Human Needs", "Foundations of Wellbeing", "Opportunity"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with FRAMEWORK.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_three_dimensions_of_four_components(rows: list[dict[str, str]]) -> None:
    components = defaultdict(set)
    for row in rows:
        components[row["dimension"]].add(row["component"])
    assert set(components) == DIMENSIONS
    assert all(len(names) == 4 for names in components.values())


def test_at_least_40_indicators_two_per_component(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 40
    assert min(Counter(row["component"] for row in rows).values()) >= 2
    assert len({row["indicator_id"] for row in rows}) == len(rows)


def test_at_least_70_percent_real(rows: list[dict[str, str]]) -> None:
    real = [row for row in rows if row["is_synthetic"] == "false"]
    assert len(real) / len(rows) >= 0.7
    assert all((row["data_status"] == "synthetic") == (row["is_synthetic"] == "true") for row in rows)


def test_weights_sum_to_one_within_each_component(rows: list[dict[str, str]]) -> None:
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        totals[row["component"]] += float(row["weight"])
    assert all(abs(total - 1) < 1e-9 for total in totals.values()), totals


def test_bounds_agree_with_direction(rows: list[dict[str, str]]) -> None:
    for row in rows:
        best, worst = float(row["best"]), float(row["worst"])
        assert best != worst, row["indicator_id"]
        assert (best > worst) == (row["higher_is_better"] == "true"), row["indicator_id"]
        assert row["transform"] in {"none", "sqrt", "log"}
        assert row["bounds_rationale"].strip()
