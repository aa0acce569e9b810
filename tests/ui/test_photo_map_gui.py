"""The work map with the demo's photos: «Ajustar» frames the points it shows at the tightest
zoom, labels never hide the site marker or each other, and the work's name is never cut."""
from __future__ import annotations

from PySide6.QtCore import QRectF

from veeduria_app.domain import map_projection as mp
from veeduria_app.services.demo_steps.foundation import demo_work_ids
from veeduria_app.ui.photo_map import FIT_MARGIN_PX, MapPoint, PhotoMapWidget


def _map(qtbot, services, width: int, height: int) -> tuple[PhotoMapWidget, str]:
    work = services.works.get(demo_work_ids()["obra01"])
    points = [MapPoint(p.id, p.lat, p.lon, str(n), p.flags, p.original_name)
              for n, p in enumerate(services.photos.list_for_work(work.id), start=1) if p.lat is not None]
    widget = PhotoMapWidget(None)
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.set_data((work.lat, work.lon), work.radius_m, points, site_label=work.name)
    widget.grab()  # paints: fits at the real size and places the labels
    return widget, work.name


def _everything_inside(widget: PhotoMapWidget, margin: float) -> bool:
    area = QRectF(widget.rect()).adjusted(margin, margin, -margin, -margin)
    centre = widget.to_screen(*widget.site)
    r = widget.radius_m / mp.metres_per_px(widget.center[0], widget.zoom)
    circle = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
    return area.contains(circle) and all(area.contains(widget.to_screen(p.lat, p.lon)) for p in widget.points)


def test_fit_frames_points_within_a_kilometre_at_the_tightest_zoom(qtbot, demo_services):
    widget, _ = _map(qtbot, demo_services, 860, 500)  # the Mapa tab at 1366×768
    farthest = max(mp.haversine_m(*widget.site, p.lat, p.lon) for p in widget.points)
    assert 800 < farthest < 1000  # the demo's far photo, about 860 m from the site
    assert _everything_inside(widget, FIT_MARGIN_PX - 1)
    assert widget.scale_text in {"200 m", "500 m"}  # not «2 km» for points within 1 km
    widget.zoom += 1  # one step closer, something would be cut: the fit is the tightest
    assert not _everything_inside(widget, 0)


def test_labels_avoid_the_site_marker_and_each_other_and_the_name_is_whole(qtbot, demo_services):
    widget, name = _map(qtbot, demo_services, 860, 500)
    assert widget.site_label_text == name == "Canalización del canal Las Gaviotas, tramo 2"
    inside = QRectF(widget.rect())
    assert inside.contains(widget.site_label_rect)
    rects = list(widget.label_rects.values())
    assert len(rects) == len(widget.points)
    markers = {p.key: widget.to_screen(p.lat, p.lon) for p in widget.points}
    for key, rect in widget.label_rects.items():
        assert inside.contains(rect)
        assert not rect.intersects(widget.site_marker_rect), key
        assert not rect.intersects(widget.site_label_rect), key
        assert not any(rect.intersects(other) for other in rects if other is not rect), key
        assert not any(rect.contains(pos) for other, pos in markers.items() if other != key), key
    reused = next(p for p in widget.points if "reutilizada" in p.codes)
    assert widget.point_label(reused).endswith("reutilizada")

    widget.resize(300, 240)  # very narrow: the name is elided inside the map, not cut at its edge
    widget.grab()
    assert "…" in widget.site_label_text and inside.intersected(QRectF(widget.rect())).contains(widget.site_label_rect)


def test_the_visits_tab_gives_the_map_the_whole_name(qtbot, demo_services):
    from veeduria_app.ui.context import AppContext
    from veeduria_app.ui.inspections_tab import InspectionsTab
    from veeduria_app.ui.photo_panel import InlineExecutor
    from veeduria_app.ui.tasks import SyncPool, TaskRunner

    demo_services.settings.set("map.online_tiles", False)
    tab = InspectionsTab(AppContext(demo_services, TaskRunner(SyncPool())), demo_work_ids()["obra01"])
    tab.photos.pool = InlineExecutor()
    qtbot.addWidget(tab)
    assert tab.map.site_label == "Canalización del canal Las Gaviotas, tramo 2"  # was cut at 40 characters
