"""The seed of sources per period gives every framework indicator a source in 2019, honestly flagged."""

from __future__ import annotations

import csv
import pytest

from spi.framework.release_rules import scored_in
from spi.project import PROJECT_DIR

pytestmark = pytest.mark.unit


SEEDS = PROJECT_DIR / "seeds" / "framework"


def read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_indicator_has_one_2019_source() -> None:
    # earlier periods are scored for the ICB only (int_ward_indicator_values_aggregated), so the rows the ICB
    # scores; England-only stand-ins (regions 'england', issue 14) have the 2025 period only
    framework = {row["indicator_id"] for row in read("ward_framework.csv") if scored_in(row, "icb")}
    periods = read("indicator_period_sources.csv")
    assert sorted(row["indicator_id"] for row in periods if row["period"] == "2019") == sorted(framework)
    assert all(row["period"] != "2025" for row in periods), "the framework row is the 2025 source"


def test_carried_over_rows_reuse_the_framework_source_and_others_do_not() -> None:
    framework = {row["indicator_id"]: row for row in read("ward_framework.csv")}
    for row in read("indicator_period_sources.csv"):
        same_source = (row["source_name"], row["source_measure"]) == (
            framework[row["indicator_id"]]["source_name"],
            framework[row["indicator_id"]]["source_measure"],
        )
        assert same_source == (row["is_carried_over"] == "true"), row["indicator_id"]
        assert row["note"].strip(), row["indicator_id"]
        if row["is_carried_over"] == "false":
            assert row["source_name"] == "iod2019_indicators", row["indicator_id"]
