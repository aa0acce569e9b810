"""Location sketch: the site, its radius, where each photo was taken, scale bar, north arrow.

Drawn in a local Web-Mercator projection (the same one map tiles use) so cached OpenStreetMap
tiles, when a folder `z/x/y.png` is available, line up under the drawing. Without tiles it is
still a correct, scaled plan.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from PIL import Image as PILImage
from reportlab.graphics.shapes import Circle, Drawing, Group, Image as ShapeImage, Line, Polygon, Rect, String
from reportlab.lib import colors

from veeduria_app.domain.formats import distance
from veeduria_app.domain.map_projection import scale_label
from veeduria_app.reporting.fonts import SANS, SANS_BOLD, register_fonts

EARTH_RADIUS_M = 6_378_137.0
TILE_SIZE = 256
_NICE_LENGTHS = (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)


@dataclass(frozen=True)
class SketchPoint:
    """A photo location with the label printed beside it (the photo's number in the annex)."""

    label: str
    lat: float
    lon: float


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    x = EARTH_RADIUS_M * math.radians(lon)
    y = EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), enough for a sketch."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _nice_length(max_m: float) -> float:
    best = _NICE_LENGTHS[0]
    for length in _NICE_LENGTHS:
        if length <= max_m:
            best = length
    return best


def _tile_background(tiles_dir: Path, lat0: float, half_extent_merc: float, cx: float, cy: float,
                     width_pt: float) -> Optional[PILImage.Image]:
    """Stitch cached tiles covering the square, at the best zoom the cache holds completely.

    The map screen caches whatever zooms the person looked at, so the ideal zoom (about two
    tile pixels per point) is tried first, then coarser and finer ones; None if none is complete.
    """
    world = 2 * math.pi * EARTH_RADIUS_M
    ideal = max(0, min(19, int(math.log2(width_pt * 2 * world / (2 * half_extent_merc * TILE_SIZE)))))
    for zoom in (ideal, ideal - 1, ideal + 1, ideal - 2, ideal + 2, ideal - 3):
        if 0 <= zoom <= 19:
            image = _mosaic(tiles_dir, zoom, half_extent_merc, cx, cy)
            if image is not None:
                return image
    return None


def _mosaic(tiles_dir: Path, zoom: int, half_extent_merc: float, cx: float, cy: float) -> Optional[PILImage.Image]:
    world = 2 * math.pi * EARTH_RADIUS_M
    scale = (2 ** zoom) * TILE_SIZE / world  # pixels per mercator metre

    def to_px(mx: float, my: float) -> tuple[float, float]:
        return (mx + world / 2) * scale, (world / 2 - my) * scale

    x0, y0 = to_px(cx - half_extent_merc, cy + half_extent_merc)
    x1, y1 = to_px(cx + half_extent_merc, cy - half_extent_merc)
    tx0, ty0, tx1, ty1 = int(x0 // TILE_SIZE), int(y0 // TILE_SIZE), int(x1 // TILE_SIZE), int(y1 // TILE_SIZE)
    if (tx1 - tx0 + 1) * (ty1 - ty0 + 1) > 36 or x1 - x0 < 64:
        return None  # too many tiles to stitch, or too coarse to show anything
    mosaic = PILImage.new("L", ((tx1 - tx0 + 1) * TILE_SIZE, (ty1 - ty0 + 1) * TILE_SIZE), 255)
    for tx in range(tx0, tx1 + 1):
        for ty in range(ty0, ty1 + 1):
            path = tiles_dir / str(zoom) / str(tx) / f"{ty}.png"
            if not path.is_file():
                return None
            try:
                with PILImage.open(path) as tile:
                    mosaic.paste(tile.convert("L"), ((tx - tx0) * TILE_SIZE, (ty - ty0) * TILE_SIZE))
            except OSError:
                return None
    box = (round(x0 - tx0 * TILE_SIZE), round(y0 - ty0 * TILE_SIZE),
           round(x1 - tx0 * TILE_SIZE), round(y1 - ty0 * TILE_SIZE))
    # Faded grey so the black symbols stay legible on a black-and-white printer.
    return mosaic.crop(box).point(lambda v: 120 + v * 135 // 255)


def location_sketch(site_lat: float, site_lon: float, radius_m: float, points: Sequence[SketchPoint],
                    size_pt: float, *, site_label: str = "Obra",
                    tiles_dir: Optional[Path] = None, max_extent_m: float = 3000) -> Drawing:
    """A square plan centred on the site.

    The frame grows to show every photo point up to `max_extent_m`; points farther away are
    drawn on the edge with an arrow-like marker and their distance, so a photo "taken 850 m
    away" is visible at a glance without shrinking the site to a dot.
    """
    register_fonts()
    lat_scale = math.cos(math.radians(site_lat))  # ground metres per mercator metre
    cx, cy = _mercator(site_lat, site_lon)
    ground = [distance_m(site_lat, site_lon, p.lat, p.lon) for p in points]
    # Show the neighbourhood of the site (up to 3 radii); farther points go on the edge.
    near_limit = min(max_extent_m, max(radius_m * 3, 150.0))
    needed = max([radius_m * 1.35, 60.0] + [d * 1.15 for d in ground if d <= near_limit])
    half_ground = min(needed, max_extent_m)
    half_merc = half_ground / lat_scale
    legend_h = 0.0
    drawing = Drawing(size_pt, size_pt + legend_h)
    k = (size_pt / 2) / half_merc  # points per mercator metre

    def place(lat: float, lon: float) -> tuple[float, float]:
        mx, my = _mercator(lat, lon)
        return size_pt / 2 + (mx - cx) * k, size_pt / 2 + (my - cy) * k

    drawing.add(Rect(0, 0, size_pt, size_pt, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.8))
    attribution = ""
    if tiles_dir is not None and tiles_dir.is_dir():
        background = _tile_background(tiles_dir, site_lat, half_merc, cx, cy, size_pt)
        if background is not None:
            buffer = io.BytesIO()
            background.save(buffer, "PNG")
            drawing.add(ShapeImage(0, 0, size_pt, size_pt, PILImage.open(io.BytesIO(buffer.getvalue()))))
            attribution = "Mapa base: © colaboradores de OpenStreetMap"
    # Radius (dashed) and the site.
    radius_pt = radius_m / lat_scale * k
    drawing.add(Circle(size_pt / 2, size_pt / 2, radius_pt, fillColor=None, strokeColor=colors.black,
                       strokeWidth=1, strokeDashArray=[4, 3]))
    s = 6
    c = size_pt / 2
    drawing.add(Polygon([c, c + s, c + s, c, c, c - s, c - s, c], fillColor=colors.black, strokeColor=colors.white,
                        strokeWidth=0.6))
    drawing.add(String(c + s + 3, c + 3, site_label, fontName=SANS_BOLD, fontSize=8))
    drawing.add(String(c + s + 3, c - 7, f"radio {distance(radius_m)}", fontName=SANS, fontSize=6.5))
    # Photo points: open circles with their number; outside the frame, pinned to the edge.
    used_labels: list[tuple[float, float]] = [(c + s + 3, c + 3), (c + s + 3, c - 7)]
    for point, dist in zip(points, ground):
        x, y = place(point.lat, point.lon)
        outside = not (6 <= x <= size_pt - 6 and 6 <= y <= size_pt - 6)
        if outside:
            dx, dy = x - c, y - c
            factor = (c - 8) / max(abs(dx), abs(dy), 1e-9)
            x, y = c + dx * factor, c + dy * factor
            drawing.add(Rect(x - 3.5, y - 3.5, 7, 7, fillColor=colors.black, strokeColor=colors.white))
            text = f"{point.label} ({distance(dist)})"
        else:
            drawing.add(Circle(x, y, 3.2, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.1))
            text = point.label
        anchor = "end" if x > size_pt - 50 else "start"
        lx, ly = x + (-5 if anchor == "end" else 5), (y + 3 if y < size_pt - 14 else y - 10)
        while any(abs(lx - ux) < 14 and abs(ly - uy) < 8 for ux, uy in used_labels) and ly > 10:
            ly -= 8
        used_labels.append((lx, ly))
        if abs(ly - (y + 3)) > 1:  # a leader line ties a moved label to its point
            drawing.add(Line(x, y, lx, ly + 2, strokeWidth=0.4, strokeColor=colors.black))
        drawing.add(String(lx, ly, text, fontName=SANS_BOLD, fontSize=7,
                           textAnchor=anchor, fillColor=colors.black))
    # Scale bar (bottom left), alternating black and white halves.
    bar_m = _nice_length(half_ground * 0.8)
    bar_pt = bar_m / lat_scale * k
    x0, y0 = 10, 12
    drawing.add(Rect(x0 - 4, y0 - 4, bar_pt + 8, 20, fillColor=colors.white, strokeColor=None))
    drawing.add(Rect(x0, y0, bar_pt / 2, 4, fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.5))
    drawing.add(Rect(x0 + bar_pt / 2, y0, bar_pt / 2, 4, fillColor=colors.white, strokeColor=colors.black,
                     strokeWidth=0.5))
    label = scale_label(bar_m)
    drawing.add(String(x0, y0 + 6, "0", fontName=SANS, fontSize=6.5))
    drawing.add(String(x0 + bar_pt, y0 + 6, label, fontName=SANS, fontSize=6.5, textAnchor="middle"))
    # North arrow (top right).
    nx, ny = size_pt - 18, size_pt - 34
    north = Group(
        Polygon([nx, ny + 18, nx - 6, ny, nx, ny + 5], fillColor=colors.black, strokeColor=colors.black),
        Polygon([nx, ny + 18, nx + 6, ny, nx, ny + 5], fillColor=colors.white, strokeColor=colors.black),
        String(nx, ny + 21, "N", fontName=SANS_BOLD, fontSize=9, textAnchor="middle"),
    )
    drawing.add(north)
    if attribution:
        drawing.add(String(size_pt - 4, 3, attribution, fontName=SANS, fontSize=5.5, textAnchor="end"))
    return drawing
