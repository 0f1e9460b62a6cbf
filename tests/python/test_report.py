"""`spi report`: one self-contained HTML file; data right (population weights, optional marts); ward shapes."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from spi.cli import main
from spi.report.data import load_report_data, pick_column
from spi.report.geometry import simplify, ward_map
from spi.report.render import attribution_html, render_report


WARDS = 185


@pytest.mark.unit
def test_simplify_keeps_the_ends_and_drops_points_within_tolerance() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 5.0), (4.0, 0.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, -0.01), (3.0, 5.0), (4.0, 0.0)]
    assert simplify(line, 10.0) == [(0.0, 0.0), (4.0, 0.0)]


def _icb_ward_codes() -> list[str]:
    """The ICB's 185 WD25 wards, from the ICB's own ward list (not the national lookups the map reads)."""
    path = Path(__file__).resolve().parents[2] / "data" / "raw" / "icb" / "wards_wd25_ssot.csv"
    return [row[0] for row in duckdb.execute("select WD25CD from read_csv(?)", [str(path)]).fetchall()]


@pytest.mark.unit
def test_ward_map_projects_every_ward_into_the_view_box() -> None:
    shapes = ward_map(_icb_ward_codes())
    assert len(shapes.shapes) == WARDS
    assert len({shape.ward_code for shape in shapes.shapes}) == WARDS
    # the ICB is taller than wide once longitude is scaled by cos(latitude)
    assert 0.5 < shapes.width / shapes.height < 0.8
    for shape in shapes.shapes:
        assert re.fullmatch(r"(M[-0-9. ]+Z)+", shape.path), shape.ward_code
        numbers = [float(number) for number in re.findall(r"-?[0-9.]+", shape.path)]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0 and max(xs) <= shapes.width + 0.1, shape.ward_code
        assert min(ys) >= 0 and max(ys) <= shapes.height + 0.1, shape.ward_code


@pytest.mark.unit
def test_pick_column_prefers_named_candidates_then_pattern() -> None:
    assert pick_column(["ward_code", "CI_Lower", "lower"], ["ci_lower"]) == "CI_Lower"
    assert pick_column(["ward_code", "rank_pct_05_lower"], ["rank_p05"], r"rank.*lower") == "rank_pct_05_lower"
    assert pick_column(["ward_code"], ["rank_p05"], r"rank") is None
    # the rank-interval mart may name its ends plainly
    assert pick_column(["ward_code", "period", "p05", "p95"], ["rank_p05"], r"(^|_)(p0?5|lower)(_|$)") == "p05"


@pytest.mark.unit
def test_attribution_comes_from_the_data_readme() -> None:
    text = attribution_html()
    assert "Open Government Licence v3.0" in text
    assert "&copy; Crown copyright" in text
    assert "Social Progress Imperative" in text


@pytest.mark.build
def test_report_command_writes_one_self_contained_file(built_database: Path, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "spi_report.html"
    assert main(["report", "--database", str(built_database), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 3_000_000
    assert len(re.findall(r"<path [^>]*data-ward-code=\"E05\d{6}\"", page)) == WARDS
    # nothing is fetched: no external scripts, styles, fonts, images or frames
    assert not re.search(r"<(script|img|iframe|link)[^>]+(src|href)=", page, flags=re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    assert "Contains OS data" in page and "Methods and sources" in page
    assert not list(out.parent.glob(".*.partial")), "the partial file was left behind"


@pytest.mark.unit
def test_report_command_fails_clearly_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", "--database", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]) == 1
    assert "run `spi build` first" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.build
def test_local_authority_means_are_population_weighted(marts: duckdb.DuckDBPyConnection, built_database: Path) -> None:
    data = load_report_data(marts, built_database)
    summary = {row["lad_code"]: row for row in data["by_period"][data["latest_period"]]["la_summary"]}
    rows = marts.execute(
        "select wards.lad_code, wards.usual_residents, spi.spi_score from marts.fct_ward_spi as spi "
        "inner join marts.dim_wards as wards on spi.ward_code = wards.ward_code "
        "where spi.period = ? and spi.spi_score is not null",
        [int(data["latest_period"])],
    ).fetchall()
    lads = {lad for lad, _, _ in rows}
    assert set(summary) == lads | {"all"}
    differs_from_unweighted = False
    for lad in lads:
        members = [(people, score) for code, people, score in rows if code == lad]
        weighted = sum(people * score for people, score in members) / sum(people for people, _ in members)
        unweighted = sum(score for _, score in members) / len(members)
        assert summary[lad]["spi_score"] == pytest.approx(weighted, abs=1e-3), lad
        assert summary[lad]["min_spi"] == pytest.approx(min(score for _, score in members), abs=1e-3)
        differs_from_unweighted |= abs(weighted - unweighted) > 0.01
    assert differs_from_unweighted, "weighted and unweighted means agree everywhere: the test cannot tell them apart"
    assert summary["all"]["population"] == 1_134_443


@pytest.mark.build
def test_optional_marts_and_columns_are_used_when_present(variant_database: Path) -> None:
    connection = duckdb.connect(str(variant_database))
    try:
        data = load_report_data(connection, variant_database)
    finally:
        connection.close()
    assert data["periods"] == ["2019", "2025"] and data["latest_period"] == "2025"
    assert data["features"] == {"ci": True, "suppressed": True, "rank_intervals": True, "scorecards": True}
    # the variant marks acute_morbidity synthetic; framework 2026.1 itself holds no synthetic indicator
    assert data["has_synthetic"] and data["synthetic_indicators"] == ["acute_morbidity"]
    latest = data["by_period"]["2025"]
    ward = next(code for code, entry in latest["scores"].items() if entry["rank"] == 1)
    connection = duckdb.connect(str(variant_database))
    try:
        interval = connection.execute(
            "select rank_p05, rank_p95, rank_median from marts.fct_ward_spi_rank_intervals "
            "where ward_code = ? and period = 2025", [ward]).fetchone()
    finally:
        connection.close()
    assert latest["rank_intervals"][ward] == {"lower": interval[0], "upper": interval[1], "median": interval[2]}
    assert latest["scorecards"][ward]["strength"]
    page, summary = render_report(variant_database)
    assert 'id="synthetic-banner"' in page and "Contains SYNTHETIC data" in page
    assert summary.periods == ["2019", "2025"]


@pytest.mark.build
def test_synthetic_banner_appears_exactly_when_an_indicator_is_synthetic(
    built_database: Path, marts: duckdb.DuckDBPyConnection
) -> None:
    synthetic = marts.execute("select bool_or(is_synthetic and is_in_index) from marts.dim_indicators").fetchone()[0]
    page, summary = render_report(built_database)
    assert summary.has_synthetic == synthetic
    assert ('id="synthetic-banner"' in page) == synthetic
