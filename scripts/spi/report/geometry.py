"""Ward boundaries as SVG paths: GeoJSON lon/lat -> equirectangular projection -> simplified path strings."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spi.project import RAW_DATA_DIR

WARD_BOUNDARIES = RAW_DATA_DIR / "icb" / "wards_wd25_ssot.geojson"
MAP_HEIGHT = 1000.0  # SVG user units; the width follows from the region's shape
TOLERANCE = 0.6  # Douglas-Peucker tolerance in SVG units (about 0.06% of the map height)

Point = tuple[float, float]


@dataclass(frozen=True)
class WardShape:
    ward_code: str
    ward_name: str
    path: str  # SVG path data


@dataclass(frozen=True)
class WardMap:
    width: float
    height: float
    shapes: list[WardShape]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry type {geometry['type']!r} (Polygon or MultiPolygon expected)")


def _perpendicular_distance(point: Point, start: Point, end: Point) -> float:
    dx, dy = end[0] - start[0], end[1] - start[1]
    if dx == 0 and dy == 0:
        return math.hypot(point[0] - start[0], point[1] - start[1])
    return abs(dy * point[0] - dx * point[1] + end[0] * start[1] - end[1] * start[0]) / math.hypot(dx, dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker (iterative); keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            candidate = _perpendicular_distance(points[index], points[first], points[last])
            if candidate > distance:
                farthest, distance = index, candidate
        if distance > tolerance:
            keep[farthest] = True
            stack.append((first, farthest))
            stack.append((farthest, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _path_data(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        coords = " ".join(f"{x:.1f} {y:.1f}" for x, y in ring)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def ward_map(geojson: Path = WARD_BOUNDARIES, tolerance: float = TOLERANCE) -> WardMap:
    """Project every ward polygon of `geojson` into one SVG coordinate space (north up, metres-true aspect)."""
    features = json.loads(geojson.read_text())["features"]
    if not features:
        raise ValueError(f"{geojson}: no features")
    all_rings = {}
    lons: list[float] = []
    lats: list[float] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = properties.get("WD25CD")
        if not code:
            raise ValueError(f"{geojson}: feature {number} has no WD25CD property")
        rings = _rings(feature["geometry"])
        all_rings[code] = (properties.get("WD25NM", code), rings)
        for ring in rings:
            lons.extend(point[0] for point in ring)
            lats.extend(point[1] for point in ring)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # equirectangular: a degree of longitude is cos(latitude) as long as a degree of latitude
    x_factor = math.cos(math.radians((south + north) / 2))
    scale = MAP_HEIGHT / (north - south)
    width = round((east - west) * x_factor * scale, 1)
    shapes = []
    for code, (name, rings) in all_rings.items():
        projected = [
            simplify([((lon - west) * x_factor * scale, (north - lat) * scale) for lon, lat, *_ in ring], tolerance)
            for ring in rings
        ]
        shapes.append(WardShape(ward_code=code, ward_name=name, path=_path_data(projected)))
    return WardMap(width=width, height=MAP_HEIGHT, shapes=sorted(shapes, key=lambda shape: shape.ward_code))
