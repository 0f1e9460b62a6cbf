"""The GeoJSON of `spi export`: the real WD25 ward boundaries with each ward's scores and attributes.

Any built area: the boundaries of the built wards come from the national WD25 GeoParquet (spi.boundaries,
full generalised-clipped detail, no further simplification); one Feature per scored ward that the boundary
file holds, its properties the ward's row of dim_wards joined to its latest fct_ward_spi row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import shapely.geometry

from spi.boundaries import ATTRIBUTION as BOUNDARY_ATTRIBUTION
from spi.boundaries import read_ward_boundaries
from spi.project import MART_SCHEMA

SYNTHETIC_NOTICE = (
    "Wards with has_synthetic_inputs = true have scores that use synthetic data made by this project's "
    "generator: not real figures."
)
ATTRIBUTION = BOUNDARY_ATTRIBUTION + " Scores: Ward Social Progress Index (this project)."


def _ward_properties(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """dim_wards joined to each ward's latest SPI row, keyed by ward code; SPI columns win on a shared name."""
    result = connection.execute(
        f"""
        with latest_spi as (
            select *
            from {MART_SCHEMA}.fct_ward_spi
            qualify period = max(period) over ()
        )

        select wards.*, latest_spi.* exclude (ward_code)
        from {MART_SCHEMA}.dim_wards as wards
        inner join latest_spi on wards.ward_code = latest_spi.ward_code
        order by wards.ward_code
        """
    )
    columns = [column[0] for column in result.description]
    properties: dict[str, dict[str, Any]] = {}
    for row in result.fetchall():
        record: dict[str, Any] = {}
        for name, value in zip(columns, row, strict=True):
            # a name in both marts (ward_name, lad_code...) holds the same value; the later one is kept
            record[name] = value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
        properties[record["ward_code"]] = record
    return properties


def write_ward_geojson(connection: duckdb.DuckDBPyConnection, path: Path, framework_version: str) -> int:
    """Write the boundaries with scores; returns the number of features (wards) written."""
    properties = _ward_properties(connection)
    boundaries = read_ward_boundaries(properties)
    features = [
        {
            "type": "Feature",
            "properties": properties[code],
            "geometry": shapely.geometry.mapping(boundaries[code].geometry),
        }
        for code in sorted(boundaries)
    ]
    missing = sorted(set(properties) - set(boundaries))
    collection = {
        "type": "FeatureCollection",
        "name": "ward_spi",
        "framework_version": framework_version,
        "synthetic_notice": SYNTHETIC_NOTICE,
        "attribution": ATTRIBUTION,
        "wards_without_boundary": missing,
        "features": features,
    }
    path.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    return len(features)
