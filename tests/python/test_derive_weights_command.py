"""`spi derive-weights` on the built ward data, and the seed rewrite that keeps every other byte."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from spi.cli import main
from spi.framework.release_rules import england_only_weights, scored_in
from spi.framework.seed import DIAGNOSTICS_SEED, FRAMEWORK_SEED, read_rows, replace_column


@pytest.mark.unit
def test_replace_column_changes_only_the_named_fields(tmp_path: Path) -> None:
    seed = tmp_path / "framework.csv"
    # quoted commas, doubled quotes, a quoted newline, CRLF endings and no final newline must all survive
    original = (
        'id,name,weight,note\r\n'
        'a,"Water, Sanitation",0.5,"say ""hi"""\r\n'
        'b,plain,0.500000,"two\nlines"\r\n'
        'c,untouched,1,x'
    )
    seed.write_bytes(original.encode("utf-8"))
    changed = replace_column(seed, "id", "weight", {"a": "0.250000", "b": "0.750000"})
    assert changed == 2
    assert seed.read_bytes().decode("utf-8") == original.replace(",0.5,", ",0.250000,").replace(
        ",0.500000,", ",0.750000,"
    )


@pytest.mark.unit
def test_replace_column_names_a_missing_key(tmp_path: Path) -> None:
    seed = tmp_path / "framework.csv"
    seed.write_text("id,weight\na,1\n")
    with pytest.raises(ValueError, match="no row with id = zz"):
        replace_column(seed, "id", "weight", {"zz": "1"})


@pytest.fixture()
def seed_copies(tmp_path: Path) -> tuple[Path, Path]:
    framework = tmp_path / "ward_framework.csv"
    shutil.copyfile(FRAMEWORK_SEED, framework)
    return framework, tmp_path / "diagnostics.csv"


def _run(built_database: Path, seed_copies: tuple[Path, Path], *extra: str) -> int:
    framework, diagnostics = seed_copies
    return main(
        [
            "derive-weights",
            "--database",
            str(built_database),
            "--framework",
            str(framework),
            "--diagnostics",
            str(diagnostics),
            *extra,
        ]
    )


@pytest.mark.build
def test_report_lists_every_component_with_alpha_and_kmo(
    built_database: Path, seed_copies: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(built_database, seed_copies) == 0
    report = capsys.readouterr().out
    components = {row["component"] for row in read_rows(FRAMEWORK_SEED)}
    assert all(component in report for component in components)
    assert "alpha" in report and "KMO" in report and "var1" in report
    assert seed_copies[0].read_bytes() == FRAMEWORK_SEED.read_bytes(), "without --apply nothing is written"
    assert not seed_copies[1].exists()


@pytest.mark.build
def test_apply_writes_only_the_weight_column_and_the_diagnostics(
    built_database: Path, seed_copies: tuple[Path, Path]
) -> None:
    framework, diagnostics = seed_copies
    assert _run(built_database, seed_copies, "--method", "equal", "--apply") == 0
    before, after = read_rows(FRAMEWORK_SEED), read_rows(framework)
    assert [{**row, "weight": ""} for row in before] == [{**row, "weight": ""} for row in after]
    assert len(FRAMEWORK_SEED.read_bytes().splitlines()) == len(framework.read_bytes().splitlines())
    # the default (ICB) index's rows sum to 1 per component; England-only rows (issue 14) take the mean of
    # their component's shared rows
    sizes: dict[str, int] = {}
    for row in after:
        if scored_in(row, "icb"):
            sizes[row["component"]] = sizes.get(row["component"], 0) + 1
    for component, size in sizes.items():
        units = [round(float(row["weight"]) * 1_000_000) for row in after
                 if row["component"] == component and scored_in(row, "icb")]
        assert sum(units) == 1_000_000, component
        assert max(units) - min(units) <= size, component  # equal up to the rounding remainder
    expected = england_only_weights(after)
    assert expected and all(abs(float(row["weight"]) - expected[row["indicator_id"]]) < 5e-7
                            for row in after if row["indicator_id"] in expected)
    with diagnostics.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["component"] for row in rows} == set(sizes)
    assert all(row["method"] == "equal" and row["derived_from_period"] for row in rows)
    assert all(float(row["kmo"]) == 0.5 for row in rows if row["n_indicators"] == "2")


@pytest.mark.build
def test_committed_weights_are_the_derived_ones(
    built_database: Path, seed_copies: tuple[Path, Path]
) -> None:
    """The framework release carries the weights and diagnostics `spi derive-weights --apply` gives on the
    current data (the default index; the synthetic rows keep their weights); after adding indicators, re-run
    it (and rebuild) to refresh them."""
    framework, diagnostics = seed_copies
    assert _run(built_database, seed_copies, "--apply") == 0
    assert framework.read_bytes() == FRAMEWORK_SEED.read_bytes(), "run `spi derive-weights --apply`"
    assert diagnostics.read_bytes() == DIAGNOSTICS_SEED.read_bytes(), "run `spi derive-weights --apply`"


@pytest.mark.unit
def test_missing_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["derive-weights", "--database", str(tmp_path / "none.duckdb")]) == 1
    assert "run `spi build` first" in capsys.readouterr().err


@pytest.mark.build
def test_an_indicator_not_yet_built_is_named(
    built_database: Path, seed_copies: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    framework, _ = seed_copies
    lines = framework.read_text().splitlines(keepends=True)
    # a copy of a row the default index scores (the first; the last rows are England-only, issue 14)
    framework.write_text("".join(lines) + lines[1].replace(lines[1].split(",")[0], "new_synthetic_indicator", 1))
    assert _run(built_database, seed_copies) == 1
    assert "new_synthetic_indicator" in capsys.readouterr().err
