"""«Informes» tab and page with qtbot: generate, history, preview, save as, oficio, verify, print."""
from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from report_setup import build_world
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.issued_reports_panel import OficioDialog
from veeduria_app.ui.pages import PAGES
from veeduria_app.ui.pdf_preview import letter_printer, print_to
from veeduria_app.ui.reports_page import ReportsPage
from veeduria_app.ui.reports_tab import ReportsTab
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_tabs import WORK_TABS


@pytest.fixture
def boxes(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@pytest.fixture
def ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


@pytest.fixture
def world(services, tmp_path):
    return build_world(services, tmp_path / "fotos")


def test_registered_as_work_tab_and_page():
    assert "reports" in [t.key for t in WORK_TABS]
    assert "reports" in [p.key for p in PAGES]


def test_generate_informe_preview_and_save_copy(qtbot, ctx, world, services, tmp_path, monkeypatch, boxes):
    tab = ReportsTab(ctx, world.work_id)
    qtbot.addWidget(tab)
    assert tab.visit.count() == 1 and tab.acta_button.isEnabled()
    tab.requests.setPlainText("Informar el avance real.\nRemitir el informe de interventoría.")
    tab.informe_button.click()
    assert "Emitido INF-2026-0001 v1" in tab.message.text()
    panel = tab.panel
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "INF-2026-0001 v1"
    issued = services.reports.history(world.work_id)[0]
    assert len(panel.preview.page_labels) == issued.page_count  # preview rendered every page
    assert panel.preview.page_labels[0].pixmap().width() > 500
    assert panel.oficio_button.isEnabled()
    target = tmp_path / "copia.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "pdf"))
    panel.save_button.click()
    assert target.read_bytes() == issued.file_path.read_bytes()
    assert boxes and boxes[-1][0] == "Copia guardada"
    # The corrections combo now offers the issued informe; a correction becomes v2.
    assert tab.corrects.count() == 2
    tab.corrects.setCurrentIndex(1)
    tab.informe_button.click()
    assert "Emitido INF-2026-0001 v2" in tab.message.text()


def test_acta_and_oficio_from_the_tab(qtbot, ctx, world, services, monkeypatch):
    tab = ReportsTab(ctx, world.work_id)
    qtbot.addWidget(tab)
    tab.acta_button.click()
    assert "Emitido ACT-2026-0001 v1" in tab.message.text()
    tab.whole_period.setChecked(False)
    tab.informe_button.click()
    panel = tab.panel
    informe_row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text().startswith("INF"))
    panel.table.selectRow(informe_row)

    def fill(dialog: OficioDialog) -> QDialog.DialogCode:
        dialog.title.setCurrentText("Doctora")
        dialog.name.setText("María José Pérez")
        dialog.copies.setText("Personería Distrital de Cartagena; Contraloría Distrital de Cartagena")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OficioDialog, "exec", fill)
    panel.oficio_button.click()
    kinds = [r.kind for r in services.reports.history(world.work_id)]
    assert sorted(kinds) == ["acta", "informe", "oficio"]
    oficio = next(r for r in services.reports.history(world.work_id) if r.kind == "oficio")
    assert oficio.related_code == "INF-2026-0001 v1"
    assert f"Emitido {oficio.display_code}" in tab.message.text()  # not still the informe's line
    assert oficio.page_count == 1 and f"Emitido {oficio.display_code}: 1 página." in tab.message.text()


def test_failure_is_shown_in_spanish_and_nothing_issued(qtbot, ctx, world, services, boxes):
    tab = ReportsTab(ctx, world.work_id)
    qtbot.addWidget(tab)
    tab.whole_period.setChecked(False)
    tab.date_from.setDate(tab.date_to.date().addDays(5))
    tab.informe_button.click()
    assert "periodo no es válido" in tab.message.text()
    assert boxes and "periodo no es válido" in boxes[-1][1]
    assert services.reports.history() == []


def test_page_accountability_and_verify(qtbot, ctx, world, services, tmp_path, boxes):
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    index = next(i for i in range(page.localidad.count()) if "Industrial" in page.localidad.itemText(i))
    page.localidad.setCurrentIndex(index)
    page.accountability_button.click()
    assert "Emitido RDC-2026-0001 v1" in page.message.text()
    issued = services.reports.history(kind="rendicion")[0]
    assert "Industrial y de la Bahía" in issued.scope
    page.verify(issued.file_path)
    assert page.last_verification is not None and page.last_verification.ok
    assert boxes[-1][0] == "Documento válido"
    altered = bytearray(issued.file_path.read_bytes())
    altered[len(altered) // 2] ^= 1
    (tmp_path / "alterado.pdf").write_bytes(bytes(altered))
    page.verify(tmp_path / "alterado.pdf")
    assert page.last_verification.status == "alterado" and boxes[-1][0] == "Documento no válido"
    assert "ALTERADO" in page.verify_result.text()


def test_print_renders_every_page_into_the_printer(qtbot, services, world, tmp_path):
    issued = services.reports.issue_acta(world.visit_id)
    printer = letter_printer("Acta")  # what the print dialog starts from
    printer.setResolution(96)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "impreso.pdf"))
    print_to(printer, issued.file_path)
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "impreso.pdf").pages
    assert len(pages) == issued.page_count
    assert [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages] == \
        [(612, 792)] * issued.page_count  # carta, as issued; never A4


def test_missing_archive_file_is_explained(qtbot, ctx, world, services, boxes):
    issued = services.reports.issue_acta(world.visit_id)
    issued.file_path.unlink()
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.panel.table.selectRow(0)
    page.panel.preview_button.click()
    assert boxes and "No se encuentra el archivo de ACT-2026-0001 v1" in boxes[-1][1]
    assert "pida una copia a quien lo emitió" in boxes[-1][1]  # the usual case on a second laptop
    assert page.panel.preview.page_labels == []
    page.panel.save_button.click()  # no save dialog for a file that is not there
    assert "No se encuentra el archivo de ACT-2026-0001 v1" in boxes[-1][1] and len(boxes) == 2


def test_opening_the_tab_prepares_print_copies(qtbot, ctx, world, services):
    tab = ReportsTab(ctx, world.work_id)
    qtbot.addWidget(tab)
    tab.show()
    assert len(list((services.data_folder.thumbnails_dir / "impresion").rglob("*.jpg"))) == 3


def test_print_button_sends_every_page_through_the_task_runner(qtbot, ctx, world, services, tmp_path, monkeypatch):
    import veeduria_app.ui.issued_reports_panel as panel_module

    issued = services.reports.issue_acta(world.visit_id)

    def fake_dialog(parent, title):  # the dialog needs a person; the printer writes a PDF file
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "desde_boton.pdf"))
        return printer

    monkeypatch.setattr(panel_module, "ask_printer", fake_dialog)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.panel.table.selectRow(0)
    page.panel.print_button.click()
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "desde_boton.pdf").pages) == issued.page_count


def test_whole_folder_change_reloads_the_lists(qtbot, ctx, world, services, boxes):
    """A demo reset or a package import says "all": the report lists must not keep documents
    that no longer exist (or miss new ones), nor an old verification result."""
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    assert page.panel.table.rowCount() == 0
    issued = services.reports.issue_acta(world.visit_id)  # issued elsewhere, no notice yet
    page.verify(issued.file_path)
    assert page.verify_result.text()
    ctx.notify("all")
    assert page.panel.table.rowCount() == 1 and page.panel.table.item(0, 0).text() == "ACT-2026-0001 v1"
    assert page.verify_result.text() == "" and page.last_verification is None


def test_oficio_dialog_is_wide_enough_for_an_address(qtbot, ctx, world, services):
    """It opened about 360 px wide, clipping the entity's address and the copies."""
    informe = services.reports.issue_informe(world.work_id)
    dialog = OficioDialog(informe)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() >= 600 and dialog.address.width() >= 450


def test_demo_reset_leaves_no_ghost_of_an_issued_document(qtbot, demo_services, boxes):
    """After «Restablecer la demostración» the tab of the open work still said «Emitido INF-… v1:
    7 páginas» and previewed the informe the reset had deleted."""
    services = demo_services
    ctx = AppContext(services, TaskRunner(SyncPool()))
    work = services.works.list()[0]
    tab = ReportsTab(ctx, work.id)
    qtbot.addWidget(tab)
    tab.informe_button.click()
    assert "Emitido INF-" in tab.message.text() and tab.panel.preview.page_labels
    services.demo.load(reset=True)
    assert services.works.get(work.id)  # the demo's works come back with the same ids: the tab stays open
    ctx.notify("all")
    assert tab.panel.table.rowCount() == 0
    assert tab.message.text() == ""
    assert tab.panel.preview.page_labels == [] and tab.panel.preview.placeholder.isVisibleTo(tab.panel.preview)
    # A document the reset did not touch stays in the preview through an ordinary change.
    tab.informe_button.click()
    ctx.notify("works")
    assert tab.panel.preview.page_labels and "Emitido INF-" in tab.message.text()


def test_whole_folder_change_clears_the_page_message(qtbot, ctx, world, services, boxes):
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.message.setText("Emitido RDC-2026-0001 v1: 3 páginas.")
    ctx.notify("reports")
    assert page.message.text()
    ctx.notify("all")
    assert page.message.text() == ""


def test_oficio_dialog_warns_when_the_entity_has_nowhere_to_answer(qtbot, ctx, world, services, monkeypatch):
    """Ley 1755: without an address or e-mail in «Mi veeduría» the authority cannot answer."""
    from veeduria_app.services.profile import ProfileFields

    informe = services.reports.issue_informe(world.work_id)
    seen: list[bool] = []
    monkeypatch.setattr(OficioDialog, "exec",
                        lambda dialog: seen.append(dialog.contact_notice.isVisibleTo(dialog)) or QDialog.DialogCode.Rejected)
    tab = ReportsTab(ctx, world.work_id)
    qtbot.addWidget(tab)
    row = next(r for r in range(tab.panel.table.rowCount()) if tab.panel.table.item(r, 0).text().startswith("INF"))
    tab.panel.table.selectRow(row)
    tab.panel.oficio_button.click()  # the world's veeduría has an address and an e-mail
    profile = services.profile.get()
    services.profile.save(ProfileFields(name=profile.name, registration_number=profile.registration_number,
                                        phone="300 123 4567"))
    tab.panel.oficio_button.click()
    assert seen == [False, True]
    assert "Mi veeduría" in OficioDialog(informe, reply_contact=False).contact_notice.text()
