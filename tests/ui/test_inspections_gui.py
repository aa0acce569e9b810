"""The Visitas tab with qtbot: fill and close an act, amend it, import photos (progress, results
table, thumbnails, flags), drag and drop, captions, and the offline map."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox

from veeduria_app.domain.works import WorkFields
from veeduria_app.evidence.checks import COLOMBIA_TZ
from veeduria_app.evidence.synthetic import make_photo, make_plain_jpeg
from veeduria_app.ui.context import AppContext
from veeduria_app.ui import inspection_form
from veeduria_app.ui.inspection_form import AmendmentDialog
from veeduria_app.ui.inspections_tab import InspectionsTab
from veeduria_app.ui.photo_panel import ImportResultsDialog, InlineExecutor
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_tabs import WORK_TABS

SITE = (10.3965, -75.4995)


@pytest.fixture
def tab(qtbot, services, monkeypatch):
    services.settings.set("map.online_tiles", False)  # tests never touch the network
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje", localidad="2",
                                            lat=str(SITE[0]), lon=str(SITE[1]), radius_m="300"))
    ctx = AppContext(services, TaskRunner(SyncPool()))
    monkeypatch.setattr(ImportResultsDialog, "open", lambda self: None)
    widget = InspectionsTab(ctx, work.id)
    widget.photos.pool = InlineExecutor()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    return widget


def fill_and_save(qtbot, tab):
    form = tab.form
    form.observed.setText("35")
    form.start.setText("8:30")
    form.add_members.click()
    form.attendees.add_row(["recibio", "Ing. Carlos Diaz", "Residente de obra", "Consorcio"])
    combo = form.checklist.table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("no"))
    form.observations.add_row(["Vecina", "Tienda", "Se inunda cuando llueve"])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_the_tab_is_registered_for_every_work():
    assert "visits" in [spec.key for spec in WORK_TABS]


def test_create_visit_close_and_amend(qtbot, tab, services, monkeypatch):
    assert tab.form.inspection is None and tab.form.checklist.table.rowCount() == 7
    fill_and_save(qtbot, tab)
    visits = services.inspections.list(tab.work_id)
    assert len(visits) == 1 and tab.visit_list.count() == 1
    visit = visits[0]
    assert visit.observed_progress == 35 and visit.start_time == "08:30"
    assert visit.checklist[0].answer == "no" and visit.observations[0].text == "Se inunda cuando llueve"
    assert [a.name for a in visit.attendees] == ["Ing. Carlos Diaz"]
    assert tab.form.close_button.isVisible() is False or tab.form.close_button.isVisibleTo(tab.form)

    tab.form.observed.setText("500")
    qtbot.mouseClick(tab.form.save_button, Qt.MouseButton.LeftButton)
    assert "entre 0 y 100" in tab.form.message.text()
    assert services.inspections.get(visit.id).observed_progress == 35

    tab.form.observed.setText("35")
    asked: list[str] = []

    def press_enter(box: QMessageBox) -> None:  # the question before an irreversible step
        asked.append(box.text())
        box.defaultButton().click()

    monkeypatch.setattr(QMessageBox, "exec", press_enter)
    tab.form.close_act()  # Enter out of habit cancels: the acta stays open
    assert "¿Cerrar el acta ahora?" in asked[-1] and not services.inspections.get(visit.id).is_closed
    monkeypatch.setattr(QMessageBox, "exec", lambda box: [b for b in box.buttons() if b.text() == "Cerrar el acta"][0].click())
    tab.form.close_act()
    assert services.inspections.get(visit.id).is_closed
    assert not tab.form.observed.isEnabled() and tab.form.amend_button.isVisibleTo(tab.form)
    assert "Acta cerrada" in tab.form.banner.text()
    assert not tab.photos.add_files.isEnabled()

    dialog = AmendmentDialog(tab.ctx, services.inspections.get(visit.id), tab)
    qtbot.addWidget(dialog)
    dialog.field.setCurrentIndex(dialog.field.findData("observed_progress"))
    dialog.value.setText("38")
    dialog.submit()
    assert "motivo" in dialog.message.text()
    dialog.reason.setPlainText("Se midió de nuevo")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.inspections.get(visit.id).amendments[0].new_value == "38.00"


def test_import_folder_shows_thumbnails_flags_and_results(qtbot, tab, services, tmp_path):
    fill_and_save(qtbot, tab)
    folder = tmp_path / "DCIM"
    folder.mkdir()
    # phone clocks keep Colombian time: a shot "today at 9:00" by the machine's date would lie in
    # Colombia's future from 19:00 on (UTC machines), and be flagged as such
    shot = dt.datetime.now(COLOMBIA_TZ).replace(tzinfo=None) - dt.timedelta(hours=1)
    (folder / "IMG_1.jpg").write_bytes(make_photo(800, 600, seed=1, lat=SITE[0] + 0.0004, lon=SITE[1],
                                                  taken_at=shot - dt.timedelta(minutes=5)))
    (folder / "IMG_2.jpg").write_bytes(make_photo(800, 600, seed=2, lat=SITE[0] + 0.0077, lon=SITE[1],
                                                  taken_at=shot))
    (folder / "WA0001.jpg").write_bytes(make_plain_jpeg(seed=3))
    (folder / "roto.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    tab.photos.import_paths([folder])
    report = tab.photos.last_report
    assert report is not None and report.count("imported") == 3 and report.count("rejected") == 1
    results = ImportResultsDialog(report, tab)
    qtbot.addWidget(results)
    assert results.table.rowCount() == 4
    statuses = {results.table.item(r, 0).text(): results.table.item(r, 1).text() for r in range(4)}
    assert statuses["roto.jpg"] == "Rechazada" and statuses["IMG_1.jpg"] == "Importada"
    assert tab.photos.grid.count() == 3
    texts = {tab.photos.grid.item(r).text().split("\n")[0]: tab.photos.grid.item(r).text() for r in range(3)}
    assert "Lejos de la obra" in texts["IMG_2.jpg"] and "Sin ubicación GPS" in texts["WA0001.jpg"]
    icon = tab.photos.grid.item(0).icon().pixmap(150, 150).toImage()
    assert icon.pixelColor(75, 75).name() != "#e1e1e1"  # the real thumbnail replaced the grey placeholder

    tab.photos.select(next(p.id for p in tab.photos.photos.values() if p.original_name == "WA0001.jpg"))
    assert "WhatsApp" in tab.photos.flags.text()
    tab.photos.caption.setText("Foto reenviada: pedir original")
    tab.photos.include.setChecked(False)
    qtbot.mouseClick(tab.photos.save_caption, Qt.MouseButton.LeftButton)
    stored = [p for p in services.photos.list(tab.form.inspection.id) if p.original_name == "WA0001.jpg"][0]
    assert stored.caption == "Foto reenviada: pedir original" and stored.include_in_report is False
    assert "3 fotos (2 con alertas)" in tab.visit_list.item(0).text()

    # the map places the two GPS photos, says one has no GPS and draws offline (no tiles)
    tab.details.setCurrentIndex(2)
    tab.map.resize(800, 600)
    tab.map.reset_view()
    image = tab.map.grab().toImage()
    assert len(tab.map.points) == 2 and tab.map.without_gps == 1 and tab.map.tiles_drawn == 0
    far = next(p for p in tab.map.points if "lejos_de_obra" in p.codes)
    pos = tab.map.to_screen(far.lat, far.lon)
    assert 0 < pos.x() < 800 and 0 < pos.y() < 600
    colour = image.pixelColor(int(pos.x()), int(pos.y()))
    assert colour.red() > 150 and colour.green() < 80  # red marker for "lejos de la obra"
    assert tab.map.scale_text in {"200 m", "500 m", "1 km"}  # a map framing a point 850 m away


def test_drop_a_file_imports_it(qtbot, tab, services, tmp_path):
    fill_and_save(qtbot, tab)
    path = tmp_path / "arrastrada.jpg"
    path.write_bytes(make_photo(400, 300, seed=9, lat=SITE[0], lon=SITE[1]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tab.photos.dropEvent(event)
    assert [p.original_name for p in services.photos.list(tab.form.inspection.id)] == ["arrastrada.jpg"]


def test_demo_work_tab_opens_with_visits(qtbot, demo_services):
    demo_services.settings.set("map.online_tiles", False)
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    from veeduria_app.services.demo_steps.foundation import demo_work_ids

    widget = InspectionsTab(ctx, demo_work_ids()["obra01"])
    widget.photos.pool = InlineExecutor()
    qtbot.addWidget(widget)
    assert widget.visit_list.count() == 2 and widget.form.inspection.is_closed
    assert widget.photos.grid.count() == 6
    widget.all_visits.setChecked(True)
    assert len(widget.map.points) == 7 and widget.map.without_gps == 2


def test_import_runs_on_a_worker_thread_with_progress_and_cancel(qtbot, services, tmp_path):
    """The real (threaded) path: the GUI stays responsive, results arrive through the queue."""
    import threading

    from veeduria_app.services.jobs import CancelToken
    from veeduria_app.ui.tasks import ThreadStarter

    threads: list[str] = []
    done: list[object] = []
    messages: list[tuple[int, int]] = []

    def job(progress, cancel: CancelToken):
        threads.append(threading.current_thread().name)
        for i in range(5):
            progress(i + 1, 5, f"foto {i}")
            messages.append((i + 1, 5))
        return "listo"

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(ThreadStarter())
    task = runner.run(job, title="Importando", parent=parent, on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == ["listo"] and threads == ["veeduria-tarea"] and messages[-1] == (5, 5)
    assert task.finished and task.dialog is None

    cancelled: list[bool] = []

    def slow(progress, cancel: CancelToken):
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.01)

    task = runner.run(slow, title="Importando", parent=parent, on_done=done.append, on_error=done.append,
                      on_cancel=lambda: cancelled.append(True))
    task.token.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert task.finished


def test_observed_quantities_link_to_the_bill_of_quantities(qtbot, demo_services):
    """Rows loaded from the work's bill keep the item id, which the comparison uses."""
    demo_services.settings.set("map.online_tiles", False)
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    work_id = next((w.id for w in demo_services.works.list()
                    if any(demo_services.contracts.boq(c.id) for c in demo_services.contracts.for_work(w.id))), None)
    if work_id is None:
        pytest.skip("la demostración no trae presupuesto de obra")
    widget = InspectionsTab(ctx, work_id)
    widget.photos.pool = InlineExecutor()
    qtbot.addWidget(widget)
    widget.new_visit()
    widget.form.load_boq.click()
    table = widget.form.quantities.table
    assert table.rowCount() > 0
    table.item(0, 2).setText("12,5")
    boq_id = widget.form.quantities.row_data(0)
    widget.form.save()
    stored = widget.form.inspection
    assert stored is not None and len(stored.quantities) == 1
    assert stored.quantities[0].boq_item_id == boq_id and float(stored.quantities[0].quantity) == 12.5


def test_verify_button_reports_an_altered_photo(qtbot, tab, services, tmp_path, monkeypatch):
    import os
    import stat

    fill_and_save(qtbot, tab)
    path = tmp_path / "a.jpg"
    path.write_bytes(make_photo(300, 200, seed=11, lat=SITE[0], lon=SITE[1]))
    tab.photos.import_paths([path])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    tab.verify_store()
    assert tab.last_verify.ok and "coinciden" in shown[-1]
    stored = services.photos.list(tab.form.inspection.id)[0].file_path
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(stored.read_bytes())
    data[200] ^= 0x10
    stored.write_bytes(bytes(data))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()))
    tab.verify_store()
    assert not tab.last_verify.ok and "1 problemas" in shown[-1]


def test_closing_saves_pending_changes_first_and_refuses_bad_ones(qtbot, tab, services, monkeypatch):
    fill_and_save(qtbot, tab)
    visit_id = tab.form.inspection.id
    monkeypatch.setattr(inspection_form, "ask_irreversible", lambda *_args: True)
    tab.form.observed.setText("abc")
    tab.form.close_act()
    assert not services.inspections.get(visit_id).is_closed and "no es un número" in tab.form.message.text()
    tab.form.observed.setText("41")
    tab.form.close_act()
    stored = services.inspections.get(visit_id)
    assert stored.is_closed and float(stored.observed_progress) == 41.0


def test_progress_figures_stay_readable_in_a_narrow_window(qtbot, tab):
    """At 150 % on 1366×768 the acta gets about 700 px: «35,0» and «50,0» used to read «5,0» and «0,0»."""
    tab.resize(620, 480)
    tab.show()
    for field, text in ((tab.form.observed, "35,0"), (tab.form.reported, "100,0")):
        field.setText(text)
        qtbot.waitUntil(lambda f=field: f.isVisible())
        margins = field.textMargins()
        room = field.contentsRect().width() - margins.left() - margins.right()
        assert room >= field.fontMetrics().horizontalAdvance(text), f"{text}: {room} px"
