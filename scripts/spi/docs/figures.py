"""The figures the README quotes, each computed from a built warehouse (never typed in by hand).

A figure is a name, a query over the marts and a format. `spi docs --update-readme` writes them into the
README's marked blocks; tests/python/test_readme_figures.py checks every block against the session's build.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from spi.project import MART_SCHEMA
from spi.storage.queries import scalar


@dataclass(frozen=True)
class Figure:
    name: str
    description: str
    compute: Callable[[duckdb.DuckDBPyConnection, Path], object]
    number_format: str = "{:,}"

    def text(self, connection: duckdb.DuckDBPyConnection, database: Path) -> str:
        return self.number_format.format(self.compute(connection, database))


def _query(sql: str) -> Callable[[duckdb.DuckDBPyConnection, Path], object]:
    def compute(connection: duckdb.DuckDBPyConnection, database: Path) -> object:
        return scalar(connection, sql.format(marts=MART_SCHEMA))

    return compute


def _report_megabytes(connection: duckdb.DuckDBPyConnection, database: Path) -> float:
    from spi.report.render import write_report  # the report's own code, only when this figure is asked for

    with tempfile.TemporaryDirectory(prefix="spi-docs-") as folder:
        out = Path(folder) / "report.html"
        write_report(database, out)
        return out.stat().st_size / 1_000_000


FIGURES: tuple[Figure, ...] = (
    Figure("wards", "wards scored", _query("select count(*) from {marts}.dim_wards")),
    Figure("indicators", "indicators the index scores",
           _query("select count(*) from {marts}.dim_indicators where is_in_index")),
    Figure("indicators_framework", "indicators in the framework release",
           _query("select count(*) from {marts}.dim_indicators")),
    Figure("indicators_real", "indicators in the index on real data (data_status real)",
           _query("select count(*) from {marts}.dim_indicators where is_in_index and data_status = 'real'")),
    Figure("indicators_official_modelled", "indicators in the index on official modelled estimates",
           _query("select count(*) from {marts}.dim_indicators where is_in_index and data_status = 'modelled'")),
    Figure("indicators_project_modelled", "indicators in the index on real practice data apportioned by the project",
           _query("select count(*) from {marts}.dim_indicators where is_in_index and data_status = 'project_modelled'")),
    Figure("indicators_synthetic", "synthetic indicators of the framework (out of the default index)",
           _query("select count(*) from {marts}.dim_indicators where is_synthetic")),
    Figure("indicators_synthetic_in_index", "synthetic indicators in the index",
           _query("select count(*) from {marts}.dim_indicators where is_synthetic and is_in_index")),
    Figure("indicators_scored", "indicators scored in the build's region",
           _query("select count(*) from {marts}.dim_indicators where is_scored_in_region")),
    Figure("components_scored", "components scored in the build's region",
           _query("select count(distinct component) from {marts}.dim_indicators where is_in_index")),
    Figure("indicators_like_for_like", "indicators compared like for like between 2019 and 2025",
           _query("select count(distinct indicator_id) from {marts}.fct_ward_indicator_changes "
                  "where comparison_status = 'like_for_like'")),
    Figure("spi_imd_pearson", "Pearson correlation of the ward SPI with the IMD 2025 score",
           _query("select spi_imd_pearson from {marts}.fct_framework_index_diagnostics"), "{:.3f}"),
    Figure("largest_family_share", "largest source family's share of the effective weight, %",
           _query("select 100 * largest_source_family_weight_share from {marts}.fct_framework_index_diagnostics"),
           "{:.1f}"),
    Figure("population", "Census 2021 usual residents of the wards",
           _query("select sum(usual_residents) from {marts}.dim_wards")),
    Figure("rank_interval_median", "median width of the 5th-95th percentile rank interval (latest period)",
           _query("select median(rank_interval_width) from {marts}.fct_ward_spi_rank_intervals "
                  "where period = (select max(period) from {marts}.fct_ward_spi_rank_intervals)"), "{:,.0f}"),
    Figure("rank_interval_widest", "widest 5th-95th percentile rank interval (latest period)",
           _query("select max(rank_interval_width) from {marts}.fct_ward_spi_rank_intervals "
                  "where period = (select max(period) from {marts}.fct_ward_spi_rank_intervals)"), "{:,.0f}"),
    Figure("report_size_mb", "size of `spi report`'s HTML file in MB", _report_megabytes, "{:.1f}"),
)
FIGURES_BY_NAME = {figure.name: figure for figure in FIGURES}


def compute_figures(database: Path, names: set[str] | None = None) -> dict[str, str]:
    """The formatted figures (all, or those named) from the database."""
    # the same configuration as the report's connection, which the report-size figure opens beside this one
    connection = duckdb.connect(str(database))
    try:
        return {
            figure.name: figure.text(connection, database)
            for figure in FIGURES
            if names is None or figure.name in names
        }
    finally:
        connection.close()
