"""Web Mercator maths for the work map: the same pixel grid as OpenStreetMap tiles.

Drawing in tile pixels means the offline map (plain grid) and the online one (tiles) put every
point in exactly the same place, and metres per pixel give an honest scale bar.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

TILE_SIZE = 256
MIN_ZOOM, MAX_ZOOM = 2, 19
EARTH_CIRCUMFERENCE_M = 40_075_016.686


def world_px(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Global pixel coordinates of a point at a zoom level (origin top-left, y down)."""
    lat = max(min(lat, 85.05112878), -85.05112878)
    n = TILE_SIZE * (2 ** zoom)
    x = (lon + 180.0) / 360.0 * n
    rad = math.radians(lat)
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * n
    return x, y


def px_to_latlon(x: float, y: float, zoom: int) -> tuple[float, float]:
    n = TILE_SIZE * (2 ** zoom)
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lat, lon


def metres_per_px(lat: float, zoom: int) -> float:
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / (TILE_SIZE * 2 ** zoom)


def fit_zoom(lat: float, extent_m: float, viewport_px: int) -> int:
    """Largest zoom at which `extent_m` (a diameter around the centre) fits the viewport."""
    extent_m = max(extent_m, 20.0)
    viewport_px = max(viewport_px, 64)
    for zoom in range(MAX_ZOOM, MIN_ZOOM - 1, -1):
        if extent_m / metres_per_px(lat, zoom) <= viewport_px:
            return zoom
    return MIN_ZOOM


def nice_scale_length(max_metres: float) -> float:
    """1, 2 or 5 × 10^n metres, the longest not above `max_metres` (for the scale bar)."""
    if max_metres <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(max_metres))
    for step in (5, 2, 1):
        if step * power <= max_metres:
            return float(step * power)
    return float(power)


def scale_label(metres: float) -> str:
    return f"{metres / 1000:g} km".replace(".", ",") if metres >= 1000 else f"{metres:g} m"


def tiles_covering(x0: float, y0: float, x1: float, y1: float, zoom: int) -> list[tuple[int, int]]:
    """Tile indices (x, y) that cover a pixel rectangle at a zoom (no wrap-around)."""
    n = 2 ** zoom
    tx0, ty0 = max(0, int(x0 // TILE_SIZE)), max(0, int(y0 // TILE_SIZE))
    tx1, ty1 = min(n - 1, int(x1 // TILE_SIZE)), min(n - 1, int(y1 // TILE_SIZE))
    return [(tx, ty) for ty in range(ty0, ty1 + 1) for tx in range(tx0, tx1 + 1)]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


def extent_around(site: Optional[tuple[float, float]], radius_m: float,
                  points: Iterable[tuple[float, float]], max_distance_m: float) -> tuple[tuple[float, float], float]:
    """Centre and diameter (m) to show: the site and its radius plus every point nearer than
    `max_distance_m`; far-away points are left out (they are listed instead)."""
    pts = list(points)
    if site is None:
        if not pts:
            return (10.4236, -75.5478), 2000.0  # Cartagena's centre when nothing is known
        site = pts[0]
    reach = radius_m
    for lat, lon in pts:
        d = haversine_m(site[0], site[1], lat, lon)
        if d <= max_distance_m:
            reach = max(reach, d)
    return site, reach * 2 * 1.2
