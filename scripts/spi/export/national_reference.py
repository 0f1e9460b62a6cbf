"""The national reference: every ward score of an England build, which area builds place their wards in.

DERIVED by this project (not official): `spi build --region england --write-national-reference` writes it
from the build's engine output (intermediate.int_area_scores_unioned: indicator, component, dimension and SPI
scores of all English wards) with the framework version and variant, to data/reference/. An area build reads
it through the dbt source national_reference.ward_scores and uses only rows of its own framework version.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from spi.project import national_reference_path

SCORES_TABLE = "intermediate.int_area_scores_unioned"


def write_national_reference(database: Path, framework_version: str, path: Path | None = None) -> int:
    """Write the England build's scores (all levels) to the reference file, whole or not at all; returns rows."""
    target = path or national_reference_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    connection = duckdb.connect(str(database), read_only=True)
    try:
        connection.execute(
            f"""
            copy (
                select
                    cast(? as varchar) as framework_version,
                    'england' as framework_variant,
                    'wd25' as ward_vintage,
                    cast(period as integer) as period,
                    level,
                    name,
                    area_code,
                    score
                from {SCORES_TABLE}
                order by level, name, period, area_code
            ) to '{partial}' (format parquet, compression zstd)
            """,
            [framework_version],
        )
        rows = connection.execute(f"select count(*) from read_parquet('{partial}')").fetchone()
    finally:
        connection.close()
    partial.replace(target)
    return int(rows[0]) if rows else 0
