"""Web Mercator maths of the work map."""
from __future__ import annotations

import pytest

from veeduria_app.domain import map_projection as mp


def test_projection_round_trips_and_matches_osm_tile_numbers():
    x, y = mp.world_px(10.4236, -75.5478, 16)
    # slippy-map formula of the OSM wiki (asinh form): x = 19014, y = 30859 for the Torre del Reloj
    assert (int(x // 256), int(y // 256)) == (19014, 30859)
    lat, lon = mp.px_to_latlon(x, y, 16)
    assert (lat, lon) == (pytest.approx(10.4236, abs=1e-9), pytest.approx(-75.5478, abs=1e-9))


def test_metres_per_pixel_and_fit_zoom():
    assert mp.metres_per_px(0, 0) == pytest.approx(156_543.03, rel=1e-6)
    assert mp.metres_per_px(10.42, 17) == pytest.approx(1.1749, rel=1e-3)
    zoom = mp.fit_zoom(10.42, 2 * 300 * 1.2, 500)  # a 300 m radius in a 500 px map
    assert 720 / mp.metres_per_px(10.42, zoom) <= 500 < 720 / mp.metres_per_px(10.42, zoom + 1)


@pytest.mark.parametrize("metres, expected", [(730, 500), (199, 100), (2400, 2000), (0.7, 0.5), (5000, 5000)])
def test_scale_bar_lengths_are_round(metres, expected):
    assert mp.nice_scale_length(metres) == expected


def test_scale_labels_and_tiles_covering():
    assert mp.scale_label(500) == "500 m" and mp.scale_label(2000) == "2 km" and mp.scale_label(1500) == "1,5 km"
    assert mp.tiles_covering(0, 0, 511, 255, 2) == [(0, 0), (1, 0)]
    assert mp.tiles_covering(-50, -50, 10, 10, 1) == [(0, 0)]


def test_extent_leaves_out_far_points():
    site = (10.3965, -75.4995)
    centre, extent = mp.extent_around(site, 300, [(10.4042, -75.4995), (40.4, -3.7)], 20_000)
    assert centre == site
    assert extent == pytest.approx(2 * 856 * 1.2, rel=0.01)  # the 856 m photo counts, Madrid does not
