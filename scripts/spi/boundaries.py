"""The WD25 ward boundaries of England (ONS, generalised clipped; GeoParquet, CRS84) for the built wards.

One reader for the maps of `spi export` (GeoJSON) and `spi report` (SVG). DuckDB reads the Parquet; the
geometry column is kept as its well-known binary (the spatial extension cannot be installed offline) and
decoded with shapely. Some ONS shapes are invalid as published: each is repaired with make_valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import shapely
from shapely.geometry.base import BaseGeometry

from spi.errors import InputError
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
        raise InputError(f"{path}: ward boundary file missing; restore it from its source (data/provenance.csv)")
    codes = sorted(set(ward_codes))
    if not codes:
        return {}
    connection = duckdb.connect()
    try:
        rows = _boundary_rows(connection, path, codes)
    except duckdb.Error as problem:
        first = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
        raise InputError(f"{path}: not a readable GeoParquet boundary file ({first}); restore it from its source "
                         "(data/provenance.csv)") from None
    finally:
        connection.close()
    found: dict[str, WardBoundary] = {}
    for code, name, wkb in rows:
        try:
            geometry = shapely.from_wkb(bytes(wkb))
        except (shapely.errors.GEOSException, TypeError, ValueError):
            raise InputError(f"{path}: the geometry of ward {code} is not valid well-known binary (damaged file); "
                             "restore it from its source (data/provenance.csv)") from None
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        found[code] = WardBoundary(ward_code=code, ward_name=name, geometry=geometry)
    return found


def _boundary_rows(connection: duckdb.DuckDBPyConnection, path: Path, codes: list[str]) -> list[tuple[Any, ...]]:
    """(code, name, WKB) of the wanted wards."""
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
    return rows
