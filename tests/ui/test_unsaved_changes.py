"""Nothing typed is dropped silently: leaving a work with a half-written acta or card, or
closing «Registrar obra» with Escape, asks first; Enter keeps editing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from veeduria_app.domain.works import WorkFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_detail import WorkDetail
from veeduria_app.ui.work_form import NewWorkDialog


@pytest.fixture
def ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


class Answers:
    """Stands in for the person in front of the question: records it, presses a button."""

    def __init__(self, monkeypatch, button: str) -> None:
        self.asked: list[str] = []
        self.button = button
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _exec(self, box: QMessageBox) -> None:
        self.asked.append(box.text())
        if self.button == "Enter":
            box.defaultButton().click()
        else:
            next(b for b in box.buttons() if b.text() == self.button).click()


def _detail(qtbot, ctx) -> WorkDetail:
    work = ctx.services.works.create(WorkFields(name="Canal Las Gaviotas, tramo 2", type="canal_drenaje",
                                                localidad="2"))
    detail = WorkDetail(ctx, work.id)
    qtbot.addWidget(detail)
    return detail


def test_going_back_with_a_half_written_acta_asks_and_enter_keeps_it(qtbot, ctx, monkeypatch):
    detail = _detail(qtbot, ctx)
    visits = detail.tab("visits")
    answers = Answers(monkeypatch, "Enter")
    assert detail.unsaved_sections() == []  # nothing typed yet


    visits.form.weather.setEditText("Lluvioso, calles con barro")
    visits.form.observed.setText("40")
    assert detail.unsaved_sections() == ["el acta de la visita"]
    with qtbot.assertNotEmitted(detail.back):
        detail.go_back()
    assert "el acta de la visita" in answers.asked[-1]
    assert visits.form.weather.currentText() == "Lluvioso, calles con barro"  # still there

    answers.button = "Descartar lo escrito"
    with qtbot.waitSignal(detail.back, timeout=1000):
        detail.go_back()


def test_a_line_added_to_one_of_the_actas_tables_counts_as_typed(qtbot, ctx):
    detail = _detail(qtbot, ctx)
    detail.tab("visits").form.observations.add_row(["Vecina del sector", "", "Se inunda cuando llueve"])
    assert detail.unsaved_sections() == ["el acta de la visita"]


def test_a_saved_acta_and_card_leave_without_a_question(qtbot, ctx, monkeypatch):
    detail = _detail(qtbot, ctx)
    answers = Answers(monkeypatch, "Enter")
    form = detail.tab("visits").form
    form.observed.setText("35")
    assert form.save()
    detail.form.address.setText("Cra. 17 # 30-15")
    assert detail.unsaved_sections() == ["la ficha de la obra"]
    assert detail.form.save() is not None
    with qtbot.waitSignal(detail.back, timeout=1000):
        detail.go_back()
    assert answers.asked == []


def test_escape_on_a_half_filled_new_work_asks_before_closing(qtbot, ctx, monkeypatch):
    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    answers = Answers(monkeypatch, "Enter")
    dialog.form.name.setText("Andén de la avenida Pedro de Heredia")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "el registro de la obra" in answers.asked[-1]
    assert dialog.form.name.text() == "Andén de la avenida Pedro de Heredia"
    answers.button = "Descartar lo escrito"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_on_an_untouched_new_work_closes_at_once(qtbot, ctx, monkeypatch):
    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    answers = Answers(monkeypatch, "Enter")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers.asked == []


def test_escape_on_a_half_typed_contract_asks_even_when_its_money_does_not_parse(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.contract_form import ContractFormDialog

    dialog = ContractFormDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    answers = Answers(monkeypatch, "Enter")
    dialog.contractor.setText("Obras del Sur S.A.S.")
    dialog.initial_value.setText("1.2a")  # half-typed: fields() would refuse it
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "el contrato" in answers.asked[-1]
    answers.button = "Descartar lo escrito"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closing_the_app_with_a_half_written_acta_asks_first(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.main_window import MainWindow

    work = ctx.services.works.create(WorkFields(name="Canal Las Gaviotas, tramo 2", type="canal_drenaje",
                                                localidad="2"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_work(work.id)
    window.detail.tab("visits").form.notes.setPlainText("Los vecinos dicen que el canal se desborda")
    answers = Answers(monkeypatch, "Enter")
    with qtbot.assertNotEmitted(window.closing):
        window.close()
    assert window.isVisible() and "el acta de la visita" in answers.asked[-1]
    answers.button = "Descartar lo escrito"
    with qtbot.waitSignal(window.closing, timeout=1000):
        window.close()
