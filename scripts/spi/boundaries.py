"""The WD25 ward boundaries of England (ONS, generalised clipped; GeoParquet, CRS84) for the built wards.

One reader for the maps of `spi export` (GeoJSON) and `spi report` (SVG). DuckDB reads the Parquet; the
geometry column is kept as its well-known binary (the spatial extension cannot be installed offline) and
decoded with shapely. Some ONS shapes are invalid as published: each is repaired with make_valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import shapely
from shapely.geometry.base import BaseGeometry

from spi.project import raw_data_dir

BOUNDARIES = Path("national") / "geography" / "boundaries_wd25_england_bgc.geo.parquet"
ATTRIBUTION = (
    "Ward boundaries: ONS Wards (December 2025) Boundaries EN BGC via drkane/geo-lookups; Source: Office for "
    "National Statistics licensed under the Open Government Licence v3.0; Contains OS data (c) Crown copyright "
    "and database right 2025."
)


@dataclass(frozen=True)
class WardBoundary:
    ward_code: str
    ward_name: str
    geometry: BaseGeometry  # Polygon or MultiPolygon, lon/lat (CRS84)


def boundaries_path() -> Path:
    return raw_data_dir() / BOUNDARIES


def read_ward_boundaries(ward_codes: Iterable[str], source: Path | None = None) -> dict[str, WardBoundary]:
    """The boundary of every given ward code the file holds, keyed by code (codes it lacks are left out)."""
    path = source or boundaries_path()
    if not path.exists():
        raise FileNotFoundError(f"{path}: ward boundary file missing (see data/provenance.csv)")
    codes = sorted(set(ward_codes))
    if not codes:
        return {}
    connection = duckdb.connect()
    try:
        # keep the geometry as WKB bytes (without the spatial extension DuckDB cannot export GEOMETRY)
        connection.execute("set enable_geoparquet_conversion = false")
        connection.execute("create temp table wanted (ward_code varchar)")
        connection.executemany("insert into wanted values (?)", [(code,) for code in codes])
        rows = connection.execute(
            "select boundaries.WD25CD, boundaries.WD25NM, boundaries.geometry "
            "from read_parquet(?) as boundaries inner join wanted on boundaries.WD25CD = wanted.ward_code "
            "order by boundaries.WD25CD",
            [str(path)],
        ).fetchall()
    finally:
        connection.close()
    found: dict[str, WardBoundary] = {}
    for code, name, wkb in rows:
        geometry = shapely.from_wkb(bytes(wkb))
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        found[code] = WardBoundary(ward_code=code, ward_name=name, geometry=geometry)
    return found
