"""Ward boundaries as SVG paths: national WD25 boundaries (lon/lat) -> equirectangular projection ->
simplified path strings, for the built wards of any area (spi.boundaries reads them)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from spi.boundaries import read_ward_boundaries

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


def _rings(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    """Every ring (exterior and holes) of the polygons of a geometry; lines and points (left by repairing an
    invalid shape) are not area and are dropped."""
    if isinstance(geometry, Polygon):
        polygons = [geometry]
    elif isinstance(geometry, MultiPolygon):
        polygons = list(geometry.geoms)
    elif hasattr(geometry, "geoms"):
        polygons = [part for part in geometry.geoms if isinstance(part, (Polygon, MultiPolygon))]
        return [ring for part in polygons for ring in _rings(part)]
    else:
        raise ValueError(f"unsupported geometry type {geometry.geom_type!r} (Polygon or MultiPolygon expected)")
    rings = []
    for polygon in polygons:
        rings.append([(x, y) for x, y, *_ in polygon.exterior.coords])
        rings.extend([(x, y) for x, y, *_ in interior.coords] for interior in polygon.interiors)
    return rings


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


def ward_map(ward_codes: Iterable[str], tolerance: float = TOLERANCE, source: Path | None = None) -> WardMap:
    """Project the boundary of every given ward into one SVG coordinate space (north up, metres-true aspect)."""
    boundaries = read_ward_boundaries(ward_codes, source)
    if not boundaries:
        raise ValueError("no ward boundaries found for the built wards (see data/provenance.csv)")
    all_rings = {code: (boundary.ward_name, _rings(boundary.geometry)) for code, boundary in boundaries.items()}
    lons = [point[0] for _, rings in all_rings.values() for ring in rings for point in ring]
    lats = [point[1] for _, rings in all_rings.values() for ring in rings for point in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # equirectangular: a degree of longitude is cos(latitude) as long as a degree of latitude
    x_factor = math.cos(math.radians((south + north) / 2))
    scale = MAP_HEIGHT / (north - south)
    width = round((east - west) * x_factor * scale, 1)
    shapes = []
    for code, (name, rings) in all_rings.items():
        projected = [
            simplify([((lon - west) * x_factor * scale, (north - lat) * scale) for lon, lat in ring], tolerance)
            for ring in rings
        ]
        shapes.append(WardShape(ward_code=code, ward_name=name, path=_path_data(projected)))
    return WardMap(width=width, height=MAP_HEIGHT, shapes=sorted(shapes, key=lambda shape: shape.ward_code))
