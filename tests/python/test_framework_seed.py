"""The ward framework seed keeps the SPI's shape and the brief's rules."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from spi.framework.release_rules import england_only_weights, scored_in
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


# Release 2026.1 (issue 13): a component may hold a single indicator where the only fresh, non-duplicated,
# non-economic ward-level source is one (Environmental Quality: the IoD 2025 outdoors sub-domain, whose
# ingredients cannot sit beside it; Personal Freedom and Choice: unpaid care; Access to Advanced Education:
# degree-level qualifications, since entry to higher education is an ingredient of the children and young
# people sub-domain). Most components still hold two or more.
SINGLE_INDICATOR_COMPONENTS = {"Environmental Quality", "Personal Freedom and Choice", "Access to Advanced Education"}


def test_at_least_40_indicators_in_every_component(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 40
    per_component = Counter(row["component"] for row in rows)
    assert len(per_component) == 12
    assert {component for component, count in per_component.items() if count < 2} <= SINGLE_INDICATOR_COMPONENTS
    assert len({row["indicator_id"] for row in rows}) == len(rows)


def test_none_synthetic_at_least_95_percent_real_or_official_modelled(rows: list[dict[str, str]]) -> None:
    assert all((row["data_status"] == "synthetic") == (row["is_synthetic"] == "true") for row in rows)
    # the synthetic rows are opt-in (--include-synthetic-health): the default index is the rest
    rows = [row for row in rows if row["is_synthetic"] == "false"]
    assert len(rows) >= 40
    # project_modelled: real published practice data apportioned with the real registrations (method in `source`)
    real = [row for row in rows if row["data_status"] in {"real", "modelled", "project_modelled"}]
    assert len(real) / len(rows) >= 0.95


def test_weights_sum_to_one_within_each_component(rows: list[dict[str, str]]) -> None:
    # over the rows of the default (ICB) index, synthetic opt-in rows included; England-only rows (issue 14)
    # carry the mean weight of their component's shared rows and every build renormalises
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        if scored_in(row, "icb"):
            totals[row["component"]] += float(row["weight"])
    assert all(abs(total - 1) < 1e-9 for total in totals.values()), totals
    assert len(totals) == 12


def test_england_only_rows_weigh_as_an_average_shared_row(rows: list[dict[str, str]]) -> None:
    england_only = {row["indicator_id"]: float(row["weight"]) for row in rows if row["regions"] == "england"}
    assert england_only, "the national indicator set has England-only rows (issue 14)"
    expected = england_only_weights(rows)
    assert set(expected) == set(england_only)
    assert all(abs(england_only[key] - expected[key]) < 5e-7 for key in england_only), (england_only, expected)


def test_bounds_agree_with_direction(rows: list[dict[str, str]]) -> None:
    for row in rows:
        best, worst = float(row["best"]), float(row["worst"])
        assert best != worst, row["indicator_id"]
        assert (best > worst) == (row["higher_is_better"] == "true"), row["indicator_id"]
        assert row["transform"] in {"none", "sqrt", "log"}
        assert row["bounds_rationale"].strip()
