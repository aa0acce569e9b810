"""The findings tab with real data: the photo picker (thumbnails, time taken, alerts in words,
checkboxes, a usable size) and evidence shown without internal codes."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from veeduria_app.domain.findings import FindingFields
from veeduria_app.domain.inspections import InspectionFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.evidence.checks import FLAG_TITLES
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.findings_tab import FindingsTab, PhotoPicker
from veeduria_app.ui.photo_panel import InlineExecutor
from veeduria_app.ui.tasks import SyncPool, TaskRunner

SITE = (10.3965, -75.4995)


@pytest.fixture
def work_with_photos(services, samples_dir):
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2",
                                            lat=str(SITE[0]), lon=str(SITE[1]), radius_m="300"))
    visit = services.inspections.create(work.id, InspectionFields(visit_date=dt.date(2026, 11, 25)))
    photos = samples_dir / "photos"
    services.photos.import_paths(visit.id, [photos / "goexif_Samsung_SM-N920T_gps.jpg",
                                            photos / "ianare_Apple_iPhone6_hdr_YES.jpg"])
    services.findings.create(work.id, FindingFields(title="Fotos del canal"))
    return work.id


def test_photo_picker_shows_thumbnails_time_taken_and_flag_titles(qtbot, services, work_with_photos):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    picker = PhotoPicker(ctx, work_with_photos, pool=InlineExecutor())
    qtbot.addWidget(picker)
    picker.show()
    assert picker.width() >= 480 and picker.height() >= 320  # not a 270×190 box
    assert picker.width() <= 1366 and picker.height() <= 768
    texts = [picker.list.item(r).text() for r in range(picker.list.count())]
    samsung = next(t for t in texts if t.startswith("goexif_Samsung_SM-N920T_gps.jpg\n"))
    assert "Tomada: 28/04/2018 21:23 · visita del 25/11/2026" in samsung
    for code in ("lejos_de_obra", "fecha_inconsistente", "editada"):
        assert FLAG_TITLES[code] in samsung and code not in samsung
    for row in range(picker.list.count()):
        item = picker.list.item(row)
        assert item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        image = item.icon().pixmap(picker.list.iconSize()).toImage()
        assert image.pixelColor(image.width() // 2, image.height() // 2) != QColor(225, 225, 225)  # real thumbnail
    picker.list.item(0).setCheckState(Qt.CheckState.Checked)
    picker.list.itemActivated.emit(picker.list.item(1))  # a double click ticks too
    assert len(picker.chosen()) == 2 and "2 foto(s)" in picker.count_label.text()
    name_width = picker.list.fontMetrics().horizontalAdvance("goexif_Samsung_SM-N920T_gps.jpg")
    assert picker.list.viewport().width() > picker.list.iconSize().width() + name_width  # names not cut


def test_photo_picker_enter_links_exactly_the_ticked_photos_and_space_ticks(qtbot, services, work_with_photos):
    """QA: with photos ticked and the highlight on another one, Enter linked that one too (Enter
    both ticked the current row and accepted). Enter accepts what is ticked; Space ticks."""
    ctx = AppContext(services, TaskRunner(SyncPool()))
    picker = PhotoPicker(ctx, work_with_photos, pool=InlineExecutor())
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.list.setFocus()
    picker.list.setCurrentRow(1)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # Space ticks the highlighted photo…
    assert picker.list.item(1).checkState() == Qt.CheckState.Checked
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # …and unticks it
    assert picker.list.item(1).checkState() == Qt.CheckState.Unchecked
    picker.list.item(0).setCheckState(Qt.CheckState.Checked)
    ticked = picker.chosen()
    assert len(ticked) == 1 and picker.list.currentRow() == 1
    with qtbot.waitSignal(picker.accepted, timeout=1000):
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.chosen() == ticked  # the highlighted, unticked photo is not linked
    assert picker.list.item(1).checkState() == Qt.CheckState.Unchecked


def test_photo_picker_thumbnails_arrive_from_a_worker_thread(qtbot, services, work_with_photos):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    picker = PhotoPicker(ctx, work_with_photos)  # the real thread pool
    qtbot.addWidget(picker)

    def loaded() -> bool:
        image = picker.list.item(0).icon().pixmap(picker.list.iconSize()).toImage()
        return image.pixelColor(image.width() // 2, image.height() // 2) != QColor(225, 225, 225)

    qtbot.waitUntil(loaded, timeout=5000)
    picker.reject()
    assert not picker.isVisible()


def test_editing_a_communicated_finding_asks_first(qtbot, services, monkeypatch):
    """The entity already has its text: a change is confirmed, never silent."""
    from PySide6.QtWidgets import QMessageBox

    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2"))
    finding = services.findings.create(work.id, FindingFields(title="Tubería expuesta", cause="Sin señalización"))
    services.findings.set_status(finding.id, "comunicado", on=dt.date.today())
    tab = FindingsTab(AppContext(services, TaskRunner(SyncPool())), work.id)
    qtbot.addWidget(tab)
    tab.reload(select_id=finding.id)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or answer[0])
    tab.texts["cause"].setPlainText("Falta de control de la interventoría")
    tab.save()
    assert asked and "H-01 ya fue comunicado" in asked[0]
    assert services.findings.get(finding.id).cause == "Sin señalización" and "No se guardó" in tab.message.text()
    answer[0] = QMessageBox.StandardButton.Yes
    tab.save()
    assert services.findings.get(finding.id).cause == "Falta de control de la interventoría"
