"""The work map with the demo's photos: «Ajustar» frames the points it shows at the tightest
zoom, labels never hide the site marker or each other, and the work's name is never cut."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

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


# -- keyboard: every mouse action of the map has a key --------------------------------------

def _shown_map(qtbot, services) -> PhotoMapWidget:
    widget, _ = _map(qtbot, services, 860, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    widget.grab()
    return widget


def test_the_map_is_a_tab_stop_that_tells_its_keys(qtbot, demo_services):
    from PySide6.QtCore import Qt

    widget, _ = _map(qtbot, demo_services, 860, 500)
    assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert widget.accessibleName() == "Mapa de la obra y de las fotos"
    description = widget.accessibleDescription()
    for words in ("+", "−", "flechas", "Av Pág", "Re Pág", "Intro", "Espacio", "Inicio"):
        assert words in description, words


def test_plus_and_minus_zoom_with_or_without_ctrl(qtbot, demo_services):
    from PySide6.QtCore import Qt

    widget = _shown_map(qtbot, demo_services)
    start = widget.zoom
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert widget.zoom == start + 1
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert widget.zoom == start - 1
    qtbot.keyClick(widget, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert widget.zoom == start + 1
    qtbot.keyClick(widget, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert widget.zoom == start
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    qtbot.keyClick(widget, Qt.Key.Key_Home)  # «Ajustar», as a double click on an empty spot
    assert widget.zoom == start


def test_arrow_keys_move_the_view(qtbot, demo_services):
    from PySide6.QtCore import Qt

    widget = _shown_map(qtbot, demo_services)
    site = widget.to_screen(*widget.site)
    zoom = widget.zoom
    qtbot.keyClick(widget, Qt.Key.Key_Right)  # look east: the site moves left on screen
    moved = widget.to_screen(*widget.site)
    assert moved.x() < site.x() - 30 and abs(moved.y() - site.y()) < 1
    qtbot.keyClick(widget, Qt.Key.Key_Down)  # look south: the site moves up
    moved2 = widget.to_screen(*widget.site)
    assert moved2.y() < moved.y() - 30 and abs(moved2.x() - moved.x()) < 1
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    qtbot.keyClick(widget, Qt.Key.Key_Up)
    back = widget.to_screen(*widget.site)
    assert abs(back.x() - site.x()) < 1 and abs(back.y() - site.y()) < 1
    assert widget.zoom == zoom


def test_page_keys_select_a_photo_with_a_visible_ring_and_bring_it_into_view(qtbot, demo_services):
    from PySide6.QtCore import Qt

    widget = _shown_map(qtbot, demo_services)
    assert widget.selected_key is None and widget.selection_rect.isNull()
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    first = widget.points[0]
    assert widget.selected_key == first.key
    assert first.title in widget.accessibleDescription()  # a screen reader hears which photo
    widget.grab()
    assert widget.selection_rect.contains(widget.to_screen(first.lat, first.lon))  # the ring is drawn there
    ring = widget.grab().toImage().pixelColor((widget.selection_rect.center() + QPointF(14, 0)).toPoint())
    assert ring.red() < 100 and ring.blue() > 120, ring.name()  # the blue ring, not the map's paper
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert widget.selected_key == widget.points[1].key
    qtbot.keyClick(widget, Qt.Key.Key_PageUp)
    qtbot.keyClick(widget, Qt.Key.Key_PageUp)  # wraps to the last one
    assert widget.selected_key == widget.points[-1].key

    for _ in range(5):
        qtbot.keyClick(widget, Qt.Key.Key_Plus)  # so close that most photos are off the map
    inside = QRectF(widget.rect())
    hidden = [p for p in widget.points if not inside.contains(widget.to_screen(p.lat, p.lon))]
    assert hidden
    while widget.selected_key != hidden[0].key:
        qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert inside.contains(widget.to_screen(hidden[0].lat, hidden[0].lon))  # brought into view


def _visits_tab(qtbot, services):
    from veeduria_app.ui.context import AppContext
    from veeduria_app.ui.inspections_tab import InspectionsTab
    from veeduria_app.ui.photo_panel import InlineExecutor
    from veeduria_app.ui.tasks import SyncPool, TaskRunner

    services.settings.set("map.online_tiles", False)
    tab = InspectionsTab(AppContext(services, TaskRunner(SyncPool())), demo_work_ids()["obra01"])
    tab.photos.pool = InlineExecutor()
    qtbot.addWidget(tab)
    tab.resize(1100, 650)
    tab.all_visits.setChecked(True)
    tab.details.setCurrentIndex(2)  # «Mapa»
    tab.show()
    qtbot.waitExposed(tab)
    tab.map.grab()
    return tab


def test_intro_and_space_open_the_selected_photo_as_a_double_click_does(qtbot, demo_services):
    from PySide6.QtCore import Qt

    tab = _visits_tab(qtbot, demo_services)
    points = tab.map.points
    assert len(points) >= 2
    # the mouse: a double click on the second point opens that photo in «Fotos»
    qtbot.mouseDClick(tab.map, Qt.MouseButton.LeftButton, pos=tab.map.to_screen(points[1].lat, points[1].lon).toPoint())
    assert tab.details.currentWidget() is tab.photos and tab.photos.selected().id == points[1].key

    tab.details.setCurrentIndex(2)
    tab.map.setFocus()
    opened = []
    tab.map.point_activated.connect(opened.append)
    qtbot.keyClick(tab.map, Qt.Key.Key_PageDown)
    assert tab.details.currentIndex() == 2 and opened == []  # choosing opens nothing yet
    qtbot.keyClick(tab.map, Qt.Key.Key_Return)
    assert opened == [points[0].key]  # once
    assert tab.details.currentWidget() is tab.photos and tab.photos.selected().id == points[0].key

    tab.details.setCurrentIndex(2)
    tab.map.setFocus()
    qtbot.keyClick(tab.map, Qt.Key.Key_PageDown)
    qtbot.keyClick(tab.map, Qt.Key.Key_Space)
    assert opened == [points[0].key, points[1].key]
    assert tab.details.currentWidget() is tab.photos and tab.photos.selected().id == points[1].key


def test_tab_reaches_the_map_and_leaves_it(qtbot, demo_services):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    tab = _visits_tab(qtbot, demo_services)
    tab.activateWindow()
    qtbot.waitActive(tab)
    tab.all_visits.setFocus()
    qtbot.waitUntil(tab.all_visits.hasFocus)
    for _ in range(4):  # the check box, +, −, Ajustar, then the map
        assert QApplication.focusWidget() is not None
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is tab.map:
            break
    assert QApplication.focusWidget() is tab.map
    qtbot.keyClick(tab.map, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not tab.map  # Tab is not kept by the map
