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
    Figure("indicators", "indicators in the framework", _query("select count(*) from {marts}.dim_indicators")),
    Figure("indicators_real", "indicators on real or official modelled data",
           _query("select count(*) from {marts}.dim_indicators where not is_synthetic")),
    Figure("indicators_synthetic", "indicators on synthetic data",
           _query("select count(*) from {marts}.dim_indicators where is_synthetic")),
    Figure("indicators_scored", "indicators scored in the build's region",
           _query("select count(*) from {marts}.dim_indicators where is_scored_in_region")),
    Figure("components_scored", "components scored in the build's region",
           _query("select count(distinct component) from {marts}.dim_indicators where is_scored_in_region")),
    Figure("indicators_own_2019", "indicators with 2019 data of their own",
           _query("select count(distinct indicator_id) from {marts}.fct_ward_indicators "
                  "where period = 2019 and not is_carried_over")),
    Figure("indicators_carried_over", "indicators carried over into 2019",
           _query("select count(distinct indicator_id) from {marts}.fct_ward_indicators "
                  "where period = 2019 and is_carried_over")),
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
