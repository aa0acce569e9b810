"""Comparison tab, findings tab and dashboard with qtbot on a real data folder."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from veeduria_app.domain import alerts as A
from veeduria_app.ui.comparison_tab import ComparisonTab
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.dashboard_page import DashboardPage
from veeduria_app.ui.findings_tab import FindingsTab
from veeduria_app.ui.pages import PAGES
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_tabs import WORK_TABS

from analysis_data import add_contract, add_visit, make_work

d = dt.date
AS_OF = d(2026, 6, 1)


@pytest.fixture
def ctx(services, monkeypatch) -> AppContext:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    return AppContext(services, TaskRunner(SyncPool()))


@pytest.fixture
def work(services):
    """Rosa's canal: 74 % paid, 35 % built, term over, additions of 62 %, no sign."""
    work_id = make_work(services)
    add_contract(services, work_id, mods=[("adicion", d(2026, 2, 1), "62000000", None)],
                 payments=[(d(2026, 3, 1), "119880000", "acta_parcial")])
    add_visit(services, work_id, d(2026, 2, 20), "20", sign=True)
    add_visit(services, work_id, d(2026, 5, 20), "35", sign=False)
    return work_id


def test_registered_in_side_bar_and_work_tabs():
    assert "dashboard" in [p.key for p in PAGES]
    keys = [t.key for t in WORK_TABS]
    assert keys.index("comparison") < keys.index("findings")


def test_comparison_tab_shows_table_curve_timeline_and_alerts(qtbot, ctx, work):
    tab = ComparisonTab(ctx, work)
    qtbot.addWidget(tab)
    tab.date.setDate(QDate(2026, 6, 1))
    table = {tab.table.item(r, 0).text(): tab.table.item(r, 1).text() for r in range(tab.table.rowCount())}
    assert table["Valor inicial"] == "$ 100.000.000" and table["Valor actual"] == "$ 162.000.000"
    assert table["Avance observado"] == "35,0 %" and table["Avance financiero"] == "74,0 %"
    assert table["Plazo vigente"] == "11/04/2026"
    assert "Pagado 74,0 % (por obra 74,0 %)" in tab.headline.text() and "observado 35,0 %" in tab.headline.text()
    names = tab.chart.series_names
    assert names[:3] == ["Programado", "Observado", "Financiero"]
    assert {"Visitas", "Pagos", "Modificaciones"} <= set(names)
    events = [tab.timeline.item(r, 1).text() for r in range(tab.timeline.rowCount())]
    assert "Adición por $ 62.000.000" in events and "Pago de $ 119.880.000" in events
    titles = [tab.alerts.item(r, 1).text() for r in range(tab.alerts.rowCount())]
    assert A.KINDS[A.PAGOS_SUPERAN_AVANCE].title in titles and A.KINDS[A.SIN_VALLA].title in titles
    severities = [tab.alerts.item(r, 0).text() for r in range(tab.alerts.rowCount())]
    assert severities[0] == "Alta"
    tab.alerts.selectRow(titles.index(A.KINDS[A.ADICIONES_SUPERAN_50].title))
    assert "Ley 80 de 1993" in tab.detail.toPlainText() and "$ 62.000.000" in tab.detail.toPlainText()
    assert "Gravedad: Alta" in tab.detail.toPlainText()
    assert A.ADICIONES_SUPERAN_50 not in tab.detail.toPlainText()  # the internal code is not for people


def test_create_finding_from_alert_then_edit_it_in_findings_tab(qtbot, ctx, services, work):
    tab = ComparisonTab(ctx, work)
    findings_tab = FindingsTab(ctx, work)
    qtbot.addWidget(tab)
    qtbot.addWidget(findings_tab)
    tab.date.setDate(QDate(2026, 6, 1))
    titles = [tab.alerts.item(r, 1).text() for r in range(tab.alerts.rowCount())]
    row = titles.index(A.KINDS[A.PAGOS_SUPERAN_AVANCE].title)
    assert row > 0  # not the first alert: the selection must not jump back to row 0
    tab.alerts.selectRow(row)
    qtbot.mouseClick(tab.finding_button, Qt.MouseButton.LeftButton)
    assert "Hallazgo H-01" in tab.message.text() and "creado como borrador" in tab.message.text()
    assert [i.row() for i in tab.alerts.selectionModel().selectedRows()] == [row]
    assert tab.selected_alert().code == A.PAGOS_SUPERAN_AVANCE
    assert A.KINDS[A.PAGOS_SUPERAN_AVANCE].title in tab.detail.toPlainText()  # its explanation still shown
    assert findings_tab.table.rowCount() == 1  # refreshed through data_changed
    assert "74,0 %" in findings_tab.texts["condition"].toPlainText()
    assert findings_tab.nature.currentData() == "fiscal"
    findings_tab.texts["cause"].setPlainText("El supervisor aprobó actas sin verificar en campo.")
    qtbot.mouseClick(findings_tab.save_button, Qt.MouseButton.LeftButton)
    assert findings_tab.message.text() == "Cambios guardados."
    stored = services.findings.list(work)[0]
    assert stored.cause.startswith("El supervisor") and stored.source_alert_code == A.PAGOS_SUPERAN_AVANCE
    links = [findings_tab.links.item(i).text() for i in range(findings_tab.links.count())]
    assert links == [f"Alerta: {A.KINDS[A.PAGOS_SUPERAN_AVANCE].title}"]  # no internal code


def test_review_hides_the_alert_with_reason(qtbot, ctx, services, work):
    tab = ComparisonTab(ctx, work)
    qtbot.addWidget(tab)
    tab.date.setDate(QDate(2026, 6, 1))
    before = tab.alerts.rowCount()
    titles = [tab.alerts.item(r, 1).text() for r in range(before)]
    tab.alerts.selectRow(titles.index(A.KINDS[A.SIN_VALLA].title))
    tab.ask_reason = lambda alert: ("La valla está en la entrada norte (foto 12).", True)
    qtbot.mouseClick(tab.review_button, Qt.MouseButton.LeftButton)
    assert tab.alerts.rowCount() == before - 1
    tab.show_reviewed.setChecked(True)
    texts = [tab.alerts.item(r, 0).text() for r in range(tab.alerts.rowCount())]
    assert "Baja (revisada)" in texts
    assert [e.action for e in services.audit.list(entity_type="alert")] == ["review"]
    tab.alerts.selectRow(texts.index("Baja (revisada)"))
    assert tab.reopen_button.isVisibleTo(tab) and not tab.review_button.isEnabled()
    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    assert tab.alerts.rowCount() == before and "Baja (revisada)" not in [
        tab.alerts.item(r, 0).text() for r in range(tab.alerts.rowCount())]


def test_findings_tab_new_finding_validation_status_and_document(qtbot, ctx, services, work, monkeypatch):
    tab = FindingsTab(ctx, work)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0 and not tab.photo_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "título" in tab.message.text() and services.findings.list(work) == []
    qtbot.keyClicks(tab.title, "Sin valla informativa")
    tab.nature.setCurrentIndex(tab.nature.findData("administrativa"))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "Hallazgo registrado como borrador."
    assert tab.table.item(0, 0).text() == "H-01" and tab.table.item(0, 2).text() == "Borrador"
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Acta de pago n.º 3", True))
    qtbot.mouseClick(tab.doc_button, Qt.MouseButton.LeftButton)
    assert tab.links.item(0).text() == "Documento: Acta de pago n.º 3"
    offered: list[str] = []
    tab.pick_alert = lambda labels: (offered.extend(labels), next(l for l in labels if l.startswith("Sin valla")), True)[1:]
    qtbot.mouseClick(tab.alert_button, Qt.MouseButton.LeftButton)
    assert "Sin valla informativa (baja)" in offered and not any("_" in label for label in offered)  # no codes
    assert tab.links.item(1).text() == "Alerta: Sin valla informativa"
    assert services.findings.list(work)[0].links[1].target == "SIN_VALLA"  # the code stays in the record
    tab.status_date.setDate(QDate.currentDate())
    tab.next_status.setCurrentIndex(tab.next_status.findData("comunicado"))
    qtbot.mouseClick(tab.advance_button, Qt.MouseButton.LeftButton)
    assert tab.table.item(0, 2).text() == "Comunicado"
    assert [tab.next_status.itemData(i) for i in range(tab.next_status.count())] == ["con_respuesta", "cerrado"]
    tab.next_status.setCurrentIndex(tab.next_status.findData("cerrado"))
    qtbot.mouseClick(tab.advance_button, Qt.MouseButton.LeftButton)
    assert not tab.save_button.isEnabled() and tab.title.isReadOnly()
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 0


def test_dashboard_lights_filters_and_navigation(qtbot, ctx, services, work):
    green = make_work(services, name="Parque verde", status="planeada", localidad="2")
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.date.setDate(QDate(2026, 6, 1))
    rows = {page.table.item(r, 1).text(): r for r in range(page.table.rowCount())}
    red_row, green_row = rows["Canal Las Gaviotas"], rows["Parque verde"]
    assert page.table.item(red_row, 0).text() == "Rojo: alertas altas"
    assert page.table.item(green_row, 0).text() == "Verde: sin alertas"
    assert int(page.table.item(red_row, 5).text()) >= 3
    assert red_row == 0  # sorted by light, red first
    assert "2 obras · rojo 1" in page.summary.text()
    opened: list[str] = []
    ctx.open_work.connect(opened.append)
    page.table.selectRow(green_row)
    page.open_selected_work()
    page.alerts.selectRow(0)
    page.open_selected_alert()
    assert opened == [green, work]
    assert page.alerts.item(0, 0).text() == "Alta"
    page.status.setCurrentIndex(page.status.findData("planeada"))
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "Parque verde"
    page.status.setCurrentIndex(0)
    page.localidad.setCurrentIndex(page.localidad.findData(services.works.get(work).localidad))
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] == ["Canal Las Gaviotas"]


def test_dashboard_recomputes_on_show_after_changes_while_hidden(qtbot, ctx, services, work):
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.date.setDate(QDate(2026, 6, 1))
    assert page.table.rowCount() == 1
    make_work(services, name="Obra nueva")
    ctx.notify("works")  # hidden: nothing recomputed yet
    assert page.table.rowCount() == 1
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    ctx.notify("works")  # visible: recomputed at once
    assert page.table.rowCount() == 2


def test_settings_dialog_changes_thresholds_and_wages(qtbot, ctx, services, work):
    from veeduria_app.services.identity import Actor
    from veeduria_app.ui.analysis_settings_dialog import AnalysisSettingsDialog

    dialog = AnalysisSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.fields["delay_points"].value() == 20 and dialog.wages.item(0, 0).text() == "2026"
    assert dialog.wages.item(0, 1).text() == "$ 1.750.905"
    dialog.year.setText("2027")
    dialog.wage.setText("abc")
    qtbot.mouseClick(dialog.add_wage, Qt.MouseButton.LeftButton)
    assert "no válido" in dialog.message.text()
    dialog.wage.setText("1.900.000")
    qtbot.mouseClick(dialog.add_wage, Qt.MouseButton.LeftButton)
    assert dialog.wages.item(0, 0).text() == "2027" and services.analysis.smmlv_table().for_year(2027) == 1900000
    dialog.fields["visit_max_days"].setValue(30)
    dialog.save_thresholds()
    assert services.analysis.thresholds().visit_max_days == 30
    services.identity.set(Actor("ana", "Ana", "integrante"))
    other = AnalysisSettingsDialog(ctx)
    qtbot.addWidget(other)
    other.fields["visit_max_days"].setValue(10)
    other.save_thresholds()
    assert "permiso" in other.message.text() and services.analysis.thresholds().visit_max_days == 30


def test_photo_picker_lists_visit_photos_and_links_them(qtbot, ctx, services, work):
    from veeduria_app.db.models.inspections import EvidenceFile, Inspection, InspectionPhoto
    from veeduria_app.domain.findings import FindingFields
    from veeduria_app.ui.findings_tab import PhotoPicker
    from veeduria_app.ui.photo_panel import InlineExecutor

    with services.db.transaction() as s:
        visit = s.query(Inspection).filter_by(work_id=work).order_by(Inspection.visit_date).first()
        s.add(EvidenceFile(sha256="b" * 64, extension="jpg", media_format="jpeg", size_bytes=3,
                           original_name="IMG_0001.jpg"))
        s.flush()
        s.add(InspectionPhoto(inspection_id=visit.id, sha256="b" * 64, original_name="IMG_0001.jpg",
                              flags=["sin_gps"], flag_details=[]))
    services.findings.create(work, FindingFields(title="Fotos del canal"))
    tab = FindingsTab(ctx, work)
    qtbot.addWidget(tab)
    picker = PhotoPicker(ctx, work, pool=InlineExecutor())
    qtbot.addWidget(picker)
    assert picker.list.count() == 1
    assert picker.list.item(0).text() == "IMG_0001.jpg\nTomada: sin fecha · visita del 20/02/2026\n⚠ Sin ubicación GPS"
    assert picker.chosen() == []
    picker.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert "1 foto(s)" in picker.count_label.text()
    tab.attach_photos(picker.chosen())
    assert [tab.links.item(i).text() for i in range(tab.links.count())] == ["Foto: IMG_0001.jpg"]
    tab.links.setCurrentRow(0)
    qtbot.mouseClick(tab.unlink_button, Qt.MouseButton.LeftButton)
    assert tab.links.count() == 0 and services.findings.list(work)[0].links == ()


def test_double_click_on_an_alert_opens_its_work_on_the_comparison_tab(qtbot, services, work):
    from veeduria_app.ui.main_window import MainWindow

    ctx = AppContext(services, TaskRunner(SyncPool()))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("dashboard")
    page = window.page("dashboard")
    page.date.setDate(QDate(2026, 6, 1))
    row = next(r for r, a in enumerate(page.alert_rows) if a.code == A.SIN_VALLA)
    page.alerts.selectRow(row)
    page.open_selected_alert()
    assert window.detail is not None and window.detail.work_id == work
    tab = window.detail.show_tab("comparison")
    assert window.detail.tabs.currentWidget() in (tab, tab.parentWidget(), tab.parentWidget().parentWidget())
    assert tab.selected_alert() is not None and tab.selected_alert().code == A.SIN_VALLA
