"""Petitions GUI with qtbot: form with numbered requests, filing, dashboard, reminders,
answer, next step and the letter saved to PDF (read back)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from veeduria_app.domain.petitions import PetitionStatus
from veeduria_app.services.profile import ProfileFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.petition_dialogs import AnswerDialog, FileDialog, PetitionFormDialog, save_letter
from veeduria_app.ui.petitions_page import PetitionsPage, PetitionsPanel
from veeduria_app.ui.tasks import SyncPool, TaskRunner

TODAY = dt.date(2026, 7, 27)


@pytest.fixture
def ctx(services, monkeypatch) -> AppContext:
    services.profile.save(ProfileFields(name="Veeduría Ciudadana Canal Las Gaviotas", registration_number="0457",
                                        address="Calle 31 # 70-15", email="gaviotas@example.org"))
    services.petitions.today = lambda: TODAY
    # Modal confirmations would block an offscreen test: record them instead.
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    context = AppContext(services, TaskRunner(SyncPool()))
    context.shown = shown  # type: ignore[attr-defined]
    return context


def _fill_form(qtbot, dialog: PetitionFormDialog) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("documentos"))
    qtbot.keyClicks(dialog.subject, "Copia del contrato y de las actas de pago")
    # The addressee fields live on a tab that is not shown: type into them directly.
    dialog.to_entity.setText("Alcaldía Mayor de Cartagena de Indias")
    dialog.to_name.setText("Claudia Herrera Villalba")
    for text in ("Copia del contrato de obra y sus otrosíes.", "Copia de las actas de pago parcial."):
        dialog.requests.new_text.setText(text)
        qtbot.mouseClick(dialog.requests.add_button, Qt.MouseButton.LeftButton)
    # Reorder: the second request goes first.
    dialog.requests.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.requests.up_button, Qt.MouseButton.LeftButton)


def test_form_validates_inline_and_saves_numbered_requests(qtbot, ctx, services) -> None:
    dialog = PetitionFormDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "asunto" in dialog.message.text().lower()
    assert services.petitions.list() == []
    _fill_form(qtbot, dialog)
    assert "Ley 1712" in dialog.legal_basis.toPlainText()  # default basis follows the kind
    dialog.save()
    assert dialog.result_petition is not None
    stored = services.petitions.get(dialog.result_petition.id)
    assert stored.draft.requests == ("Copia de las actas de pago parcial.", "Copia del contrato de obra y sus otrosíes.")
    assert stored.draft.to_name == "Claudia Herrera Villalba"
    assert stored.status is PetitionStatus.BORRADOR


def test_dashboard_filing_reminders_answer_and_letter(qtbot, ctx, services, tmp_path) -> None:
    page = PetitionsPage(ctx)
    qtbot.addWidget(page)
    panel = page.panel
    dialog = PetitionFormDialog(ctx, parent=panel)
    qtbot.addWidget(dialog)
    _fill_form(qtbot, dialog)
    dialog.save()
    petition_id = dialog.result_petition.id
    assert panel.table.rowCount() == 1
    panel.select(petition_id)
    assert panel.file_button.isEnabled() and not panel.answer_button.isEnabled()

    filing = FileDialog(ctx, services.petitions.get(petition_id), parent=panel)
    qtbot.addWidget(filing)
    filing.date.setDate(QDate(2026, 7, 1))
    assert "16/07/2026" in filing.note.text()  # 10 business days, 13 July is a holiday
    qtbot.keyClicks(filing.radicado, "EXT-AMC-26-0045871")
    filing.save()
    assert filing.result_petition is not None and filing.message.text() == ""

    # Lapsed documents request: red row, reminder with deemed acceptance, next step enabled.
    panel.select(petition_id)
    row_texts = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert "16/07/2026" in row_texts and "-6" in row_texts  # 17, 21, 22, 23, 24, 27 July
    assert any("aceptada por silencio" in t for t in row_texts)
    assert "Vencida" in panel.status_labels["vencida"].text() and "<b>1</b>" in panel.status_labels["vencida"].text()
    assert panel.reminders.count() == 1 and "aceptada por silencio" in panel.reminders.item(0).text()
    assert panel.next_button.isEnabled() and not panel.edit_button.isEnabled()
    assert "EXT-AMC-26-0045871" in panel.history.text.toPlainText()

    # Draft the reminder letter from the menu.
    panel.next_menu.actions()[0].trigger()
    reminder = next(p for p in services.petitions.list() if p.letter_type == "recordatorio")
    assert panel.selected().id == reminder.id
    assert any(reminder.code in text for text in ctx.shown)

    # Save its PDF through the task runner and read it back.
    target = tmp_path / "recordatorio.pdf"
    save_letter(ctx, reminder, panel, target=target)
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(target).pages).split())
    assert "Recordatorio — derecho de petición radicado EXT-AMC-26-0045871" in text
    assert "1. Copia de las actas de pago parcial." in text
    assert services.petitions.get(reminder.id).letter_sha256

    # The answer arrives: the original leaves the reminders.
    answer = AnswerDialog(ctx, services.petitions.get(petition_id), parent=panel)
    qtbot.addWidget(answer)
    answer.date.setDate(QDate(2026, 7, 24))
    answer.kind.setCurrentIndex(answer.kind.findData("parcial"))
    answer.save()
    assert services.petitions.get(petition_id).status is PetitionStatus.RESPONDIDA_PARCIAL
    assert panel.reminders.item(0).text() == "Ninguna petición por vencer ni vencida."


def test_answer_in_the_future_is_refused_inline(qtbot, ctx, services) -> None:
    from veeduria_app.services.petitions import PetitionDraft

    p = services.petitions.create(PetitionDraft(kind="general", subject="Cronograma", to_entity="EDURBE S.A.",
                                                requests=("Cronograma vigente.",)))
    services.petitions.file(p.id, dt.date(2026, 7, 1), "R-1")
    dialog = AnswerDialog(ctx, services.petitions.get(p.id))
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2026, 8, 3))
    dialog.save()
    assert "futuro" in dialog.message.text()
    assert services.petitions.get(p.id).answered_on is None


def test_work_tab_shows_only_that_work(qtbot, demo_services) -> None:
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    everything = PetitionsPanel(ctx)
    qtbot.addWidget(everything)
    work_id = demo_services.petitions.list()[0].work_id
    tab = PetitionsPanel(ctx, work_id)
    qtbot.addWidget(tab)
    assert everything.table.rowCount() >= 7
    assert 1 <= tab.table.rowCount() < everything.table.rowCount()
    statuses = {p.status for p in demo_services.petitions.list()}
    assert {PetitionStatus.BORRADOR, PetitionStatus.RADICADA, PetitionStatus.POR_VENCER, PetitionStatus.VENCIDA,
            PetitionStatus.RESPONDIDA, PetitionStatus.RESPONDIDA_PARCIAL} <= statuses
    assert any(p.terms.deemed_accepted for p in demo_services.petitions.list())


def test_form_links_findings_and_photos_of_the_work(qtbot, demo_services) -> None:
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    service = demo_services.petitions
    work_id = next(w.id for w in demo_services.works.list() if all(service.link_options(w.id)))
    dialog = PetitionFormDialog(ctx, work_id=work_id)
    qtbot.addWidget(dialog)
    assert dialog.findings.count() >= 1 and dialog.photos.count() >= 1
    dialog.findings.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.photos.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.subject.setText("Soportes del hallazgo")
    dialog.to_entity.setText("Alcaldía Mayor de Cartagena de Indias")
    dialog.requests.new_text.setText("Explicar la diferencia entre pagos y avance.")
    dialog.requests.add_current()
    dialog.save()
    assert dialog.message.text() == ""
    saved = service.get(dialog.result_petition.id)
    assert saved.draft.finding_ids == (dialog.findings.item(0).data(Qt.ItemDataRole.UserRole),)
    assert saved.draft.evidence_ids == (dialog.photos.item(0).data(Qt.ItemDataRole.UserRole),)
    # Choosing no work empties the offer (links belong to the work).
    dialog.work.setCurrentIndex(0)
    assert dialog.findings.count() == 0 and "Elija una obra" in dialog.links_hint.text()


def test_documents_menu_attaches_and_opens_the_stamped_copy(qtbot, ctx, services, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from veeduria_app.services.petitions import PetitionDraft

    p = services.petitions.create(PetitionDraft(kind="general", subject="Cronograma", to_entity="EDURBE S.A.",
                                                requests=("Cronograma vigente.",)))
    panel = PetitionsPanel(ctx)
    qtbot.addWidget(panel)
    panel.select(p.id)
    assert not panel.attach_action.isEnabled()  # a draft has no stamped copy yet
    services.petitions.file(p.id, dt.date(2026, 7, 1), "R-1")
    ctx.notify("petitions")
    panel.select(p.id)
    scan = tmp_path / "sello.png"
    from PIL import Image

    Image.new("RGB", (40, 30), (10, 20, 30)).save(scan)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    panel.attach_action.trigger()
    panel.select(p.id)
    assert panel.open_stamped_action.isEnabled()
    panel.open_stamped_action.trigger()
    assert Path(opened[0]).read_bytes() == scan.read_bytes()


def test_non_business_days_dialog_moves_due_dates(qtbot, ctx, services) -> None:
    from veeduria_app.services.petitions import PetitionDraft
    from veeduria_app.ui.petition_dialogs import NonBusinessDaysDialog

    p = services.petitions.create(PetitionDraft(kind="general", subject="Cronograma", to_entity="EDURBE S.A.",
                                                requests=("Cronograma vigente.",)))
    services.petitions.file(p.id, dt.date(2026, 7, 1), "R-1")
    page = PetitionsPage(ctx)
    qtbot.addWidget(page)
    dialog = NonBusinessDaysDialog(ctx, page)
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2026, 7, 22))
    dialog.add_day()  # no reason: refused inline, nothing saved
    dialog.save()
    assert "motivo" in dialog.message.text() and services.petitions.non_business_days() == []
    dialog.list.clear()
    dialog.date.setDate(QDate(2026, 7, 22))
    dialog.reason.setText("Decreto 0456 de 2026: cierre por inventario")
    dialog.add_day()
    dialog.save()
    assert [d.date for d in services.petitions.non_business_days()] == [dt.date(2026, 7, 22)]
    panel = page.panel
    panel.select(p.id)
    row = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert "27/07/2026" in row  # was 24/07/2026
