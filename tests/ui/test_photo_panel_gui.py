"""The photo grid and details pane with real camera files: captions fit their cells (also at
150 % text), and the details pane wraps its texts and the SHA-256 instead of scrolling sideways."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont

from veeduria_app.domain.inspections import InspectionFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.photo_panel import CAPTION_LINES, CELL_TEXT_MARGIN, InlineExecutor, PhotoPanel
from veeduria_app.ui.tasks import SyncPool, TaskRunner

SITE = (10.3965, -75.4995)
# far away, taken years before the visit, re-saved by an editor: three flags; and others
SAMPLES = ["goexif_Samsung_SM-N920T_gps.jpg", "ianare_Apple_iPhone6_hdr_YES.jpg", "ianare_Jolla_phone.jpg",
           "ianare_Canon_40D_gps_version_only.jpg", "ianare_HMD_Nokia_8.3_5G.jpg"]


@pytest.fixture
def panel(qtbot, services, samples_dir):
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2",
                                            lat=str(SITE[0]), lon=str(SITE[1]), radius_m="300"))
    visit = services.inspections.create(work.id, InspectionFields(visit_date=dt.date(2026, 11, 25)))
    services.photos.import_paths(visit.id, [samples_dir / "photos" / name for name in SAMPLES])
    widget = PhotoPanel(AppContext(services, TaskRunner(SyncPool())), pool=InlineExecutor())
    qtbot.addWidget(widget)
    widget.resize(930, 560)  # what the Fotos tab gets in a 1366×768 window
    widget.show()
    widget.set_inspection(visit.id, closed=False)
    return widget


def _check_cells(grid) -> None:
    cell = grid.gridSize()
    metrics = grid.fontMetrics()
    rects: list[QRect] = []
    for row in range(grid.count()):
        item = grid.item(row)
        lines = item.text().split("\n")
        assert len(lines) <= CAPTION_LINES, lines
        assert all(metrics.horizontalAdvance(line) <= cell.width() - CELL_TEXT_MARGIN for line in lines), lines
        hint = grid.sizeHintForIndex(grid.indexFromItem(item))
        assert hint.height() <= cell.height() and hint.width() <= cell.width(), (lines, hint, cell)
        rect = grid.visualItemRect(item)
        assert not any(rect.intersects(other) for other in rects), f"{lines[0]} overlaps another cell"
        rects.append(rect)


def test_grid_captions_fit_their_cells_even_at_150_percent(panel):
    grid = panel.grid
    assert grid.count() == len(SAMPLES) and not grid.wordWrap()
    texts = {panel.photos[grid.item(r).data(256)].original_name: grid.item(r).text() for r in range(grid.count())}
    busy = texts["goexif_Samsung_SM-N920T_gps.jpg"].split("\n")
    assert len(busy) == 4 and busy[3] == "⚠ Lejos de la obra +2"  # one line of flags, the rest counted
    assert "…" in busy[0]  # a long file name is elided, the full one is in the tooltip
    assert "goexif_Samsung_SM-N920T_gps.jpg" in grid.item(0).toolTip()
    _check_cells(grid)
    normal_height = grid.gridSize().height()

    bigger = QFont(panel.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    panel.setFont(bigger)
    panel.refresh()
    assert grid.gridSize().height() >= normal_height + 2 * CAPTION_LINES  # cells grew with the text
    _check_cells(grid)
    assert "a 1.863 km de la obra" in grid.item(0).text()  # still readable, not "a 1.863 km de l…"


def test_details_pane_wraps_explanations_and_the_hash_without_a_horizontal_scrollbar(panel, qtbot):
    panel.select(next(p.id for p in panel.photos.values() if len(p.flags) >= 3))
    photo = panel.selected()
    assert "fuera del radio de 300 m" in panel.flags.text()
    scroll = panel.details_scroll
    for width in (420, 320):  # the pane at 1366×768, and narrower still after moving the splitter
        scroll.parentWidget().setSizes([panel.width() - width, width])
        qtbot.wait(10)
        viewport = scroll.viewport().width()
        assert not scroll.horizontalScrollBar().isVisible()
        assert scroll.widget().minimumSizeHint().width() <= viewport, width
        for label in (panel.info, panel.flags, panel.hash):
            assert label.wordWrap() and label.width() <= viewport
    assert "".join(panel.hash.text().split("<br>")[-1].split("</span>")[0].split(">")[-1].split()) == photo.sha256
    assert panel.hash.toolTip() == photo.sha256
    assert photo.sha256 not in panel.info.text()  # never one unbreakable 64-character word


def test_thumbnail_worker_hands_back_bytes_not_qt_objects(panel, services):
    """Workers never touch Qt: the thumbnail step reads bytes, the GUI thread decodes them."""
    from veeduria_app.ui.photo_panel import load_thumbnail, thumbnail_image

    class Pump:
        def __init__(self):
            self.items = []

        def put(self, *item):
            self.items.append(item)

    photo = next(iter(panel.photos.values()))
    pump = Pump()
    load_thumbnail(services, photo.id, photo.sha256, pump)
    [(photo_id, data)] = pump.items
    assert photo_id == photo.id and isinstance(data, bytes) and data[:2] == b"\xff\xd8"
    image = thumbnail_image(data)
    assert image is not None and max(image.width(), image.height()) <= 320  # thumbnails are 320 px
    assert thumbnail_image(None) is None and thumbnail_image(b"no es una imagen") is None
