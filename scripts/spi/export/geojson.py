"""The GeoJSON of `spi export`: the real WD25 ward boundaries with each ward's scores and attributes.

Plain Python json (the DuckDB spatial extension cannot be installed here): one Feature per scored ward that
the boundary file holds, its properties the ward's row of dim_wards joined to its latest fct_ward_spi row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from spi.project import MART_SCHEMA, raw_data_dir

BOUNDARIES = Path("icb") / "wards_wd25_ssot.geojson"
BOUNDARY_CODE = "WD25CD"
SYNTHETIC_NOTICE = (
    "Wards with has_synthetic_inputs = true have scores that use synthetic data made by this project's "
    "generator: not real figures."
)
ATTRIBUTION = (
    "Ward boundaries: ONS Wards (May 2025) via drkane/geo-lookups; Source: Office for National Statistics "
    "licensed under the Open Government Licence v3.0; Contains OS data (c) Crown copyright and database right "
    "2025. Scores: Ward Social Progress Index (this project)."
)


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
    source = raw_data_dir() / BOUNDARIES
    if not source.exists():
        raise FileNotFoundError(f"{source}: ward boundary file missing (see data/provenance.csv)")
    boundaries = json.loads(source.read_text())
    properties = _ward_properties(connection)
    features = []
    for feature in sorted(boundaries["features"], key=lambda item: item["properties"][BOUNDARY_CODE]):
        ward_code = feature["properties"][BOUNDARY_CODE]
        if ward_code in properties:
            features.append({"type": "Feature", "properties": properties[ward_code], "geometry": feature["geometry"]})
    missing = sorted(set(properties) - {feature["properties"]["ward_code"] for feature in features})
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
