"""Budget allocations in the contract detail (qtbot, offscreen): typed through the form with
Spanish validation, listed with es-CO money, corrected, retired and restored; OCDS milestones
in the timeline; the dialog and the panel fit 1366×768 at 150 %."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from PySide6.QtCore import Qt

from veeduria_app.services.contracts import BudgetFields, ContractFields
from veeduria_app.ui import contract_budget
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_budget import BudgetDialog
from veeduria_app.ui.contract_detail import ContractDetailDialog
from veeduria_app.ui.tasks import SyncPool, TaskRunner

MAX_WIDTH, MAX_HEIGHT = 1366 / 1.5, 768 / 1.5 - 30


def _ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


def _contract(services):
    return services.contracts.create(ContractFields(number="LP-9-2026", entity="Distrito", object="Canal Calicanto",
                                                    initial_value=Decimal(640_000_000)))


def _cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def _save_and_wait(qtbot, dialog):
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_add_through_the_form_validates_and_lists(qtbot, services, monkeypatch):
    contract = _contract(services)
    detail = ContractDetailDialog(_ctx(services), contract.id)
    qtbot.addWidget(detail)
    panel = detail.budget_panel
    assert panel.table.rowCount() == 0
    assert detail.tabs.tabText(detail.tabs.indexOf(panel)) == "Presupuesto asignado (0)"
    opened = []

    def fill_and_save(dialog_self):
        opened.append(dialog_self)
        dialog = dialog_self
        dialog.vigencia.setText("20X6")
        dialog.funding.setCurrentIndex(dialog.funding.findData("regalias"))
        dialog.rubro.setText("2.3.2.02.02.005 Canales")
        dialog.cdp_number.setText("CDP-311")
        dialog.cdp_amount.setText("640.000.000")
        dialog.rp_number.setText("RP-877")
        dialog.rp_amount.setText("-5")
        _save_and_wait(qtbot, dialog)
        messages = [dialog.message.text()]
        dialog.rp_amount.setText("seiscientos")
        _save_and_wait(qtbot, dialog)
        messages.append(dialog.message.text())
        dialog.rp_amount.setText("$ 600.000.000")
        _save_and_wait(qtbot, dialog)
        messages.append(dialog.message.text())
        dialog.vigencia.setText("2026")
        _save_and_wait(qtbot, dialog)
        dialog_self.messages = messages
        return dialog.result()

    monkeypatch.setattr(BudgetDialog, "exec", fill_and_save)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [dialog] = opened
    assert dialog.messages == [
        "La vigencia «20X6» no es un año: escriba cuatro cifras, p. ej. 2026.",
        "El valor del RP no es un número (ejemplo: $ 1.234.567).",
        "La vigencia «20X6» no es un año: escriba cuatro cifras, p. ej. 2026.",
    ]
    assert dialog.saved is not None
    panel = detail.budget_panel
    assert panel.table.rowCount() == 1
    cells = _cells(panel.table, 0)
    assert cells[:8] == ["2026", "Regalías", "2.3.2.02.02.005 Canales", "", "CDP-311", "$ 640.000.000", "RP-877",
                         "$ 600.000.000"]
    assert cells[8].startswith("digitado por")
    assert "CDP $ 640.000.000 · RP $ 600.000.000 · valor actual del contrato $ 640.000.000" in panel.summary.text()
    assert detail.tabs.tabText(detail.tabs.indexOf(panel)) == "Presupuesto asignado (1)"
    [stored] = services.contracts.get(contract.id).budget
    assert (stored.vigencia, stored.funding_source, stored.rp_amount) == (2026, "regalias", Decimal(600_000_000))


def test_negative_amount_is_refused_by_the_form_and_nothing_is_saved(qtbot, services):
    contract = _contract(services)
    dialog = BudgetDialog(_ctx(services), contract.id)
    qtbot.addWidget(dialog)
    dialog.vigencia.setText("2026")
    dialog.cdp_amount.setText("-1.000")
    _save_and_wait(qtbot, dialog)
    assert dialog.message.text() == "El valor del CDP no puede ser negativo."
    assert services.contracts.budget(contract.id, include_archived=True) == []
    dialog.cdp_amount.setText("1234567")
    dialog.cdp_amount.editingFinished.emit()
    assert dialog.cdp_amount.text() == "$ 1.234.567"  # shown back in es-CO format
    _save_and_wait(qtbot, dialog)
    assert dialog.result() and services.contracts.budget(contract.id)[0].cdp_amount == Decimal(1_234_567)


def test_correct_retire_and_restore(qtbot, services, monkeypatch):
    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, BudgetFields(vigencia=2025, funding_source="sgp",
                                                                    rubro="Agua potable", amount=Decimal(100_000_000)))
    ctx = _ctx(services)
    detail = ContractDetailDialog(ctx, contract.id)
    qtbot.addWidget(detail)
    panel = detail.budget_panel
    assert not panel.edit_button.isEnabled() and not panel.remove_button.isEnabled()
    panel.table.selectRow(0)
    assert panel.edit_button.isEnabled()

    def correct(dialog):
        assert dialog.rubro.text() == "Agua potable" and dialog.amount.text() == "$ 100.000.000"
        assert dialog.funding.currentData() == "sgp" and dialog.vigencia.text() == "2025"
        dialog.amount.setText("$ 110.000.000")
        _save_and_wait(qtbot, dialog)
        return dialog.result()

    monkeypatch.setattr(BudgetDialog, "exec", correct)
    panel.edit_button.click()
    assert _cells(panel.table, 0)[3] == "$ 110.000.000"
    assert services.contracts.budget(contract.id)[0].version == added.version + 1

    answers = []
    monkeypatch.setattr(contract_budget, "confirm", lambda *a: answers.append(a) or False)
    panel.table.selectRow(0)
    panel.remove_button.click()
    assert len(services.contracts.budget(contract.id)) == 1  # said no: nothing retired
    monkeypatch.setattr(contract_budget, "confirm", lambda *a: True)
    panel.remove_button.click()
    assert panel.table.rowCount() == 0 and services.contracts.budget(contract.id) == []
    panel.show_archived.setChecked(True)
    assert panel.table.rowCount() == 1 and "(retirada)" in _cells(panel.table, 0)[1]
    panel.table.selectRow(0)
    assert not panel.edit_button.isEnabled() and panel.remove_button.text().replace("&", "") == "Restaurar"
    panel.remove_button.click()
    assert [b.id for b in services.contracts.budget(contract.id)] == [added.id]


def test_milestones_appear_in_the_timeline(qtbot, services, tmp_path):
    release = {"ocid": "ocds-x-1", "id": "r1", "date": "2026-01-02T00:00:00Z", "tag": ["contract"],
               "contracts": [{"id": "C-1", "value": {"amount": 500000000, "currency": "COP"},
                              "dateSigned": "2026-01-05T00:00:00Z",
                              "milestones": [{"id": "1", "title": "Entrega de la placa", "type": "delivery",
                                              "status": "met", "dueDate": "2026-04-30T00:00:00Z",
                                              "dateMet": "2026-05-04T00:00:00Z",
                                              "value": {"amount": 120000000, "currency": "COP"}}]}]}
    path = tmp_path / "hitos.json"
    path.write_text(json.dumps(release), encoding="utf-8")
    services.imports.import_file(path)
    contract = services.contracts.find("ocds-x-1/C-1")
    detail = ContractDetailDialog(_ctx(services), contract.id)
    qtbot.addWidget(detail)
    rows = [_cells(detail.timeline, r) for r in range(detail.timeline.rowCount())]
    assert [r[1] for r in rows] == ["Firma", "Hito: Entrega de la placa"]
    assert rows[1][:4] == ["30/04/2026", "Hito: Entrega de la placa", "$ 120.000.000", "Cumplido el 04/05/2026"]
    assert "Entrega" in rows[1][4] and "hitos.json" in rows[1][4]


def test_detail_budget_tab_and_dialog_fit_small_screens(qtbot, demo_services):
    contract = demo_services.contracts.find("SIP-LP-009-2025")
    detail = ContractDetailDialog(_ctx(demo_services), contract.id)
    qtbot.addWidget(detail)
    detail.show()
    detail.tabs.setCurrentWidget(detail.budget_panel)
    assert detail.budget_panel.table.rowCount() >= 2  # the demo's allocations
    hint = detail.minimumSizeHint()
    assert hint.width() <= MAX_WIDTH and hint.height() <= MAX_HEIGHT, f"{hint.width()}×{hint.height()}"
    dialog = BudgetDialog(_ctx(demo_services), contract.id, detail.budget_panel.allocations[0])
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.minimumSizeHint()
    assert hint.width() <= MAX_WIDTH and hint.height() <= MAX_HEIGHT, f"{hint.width()}×{hint.height()}"
    assert all(w.accessibleName() for w in (dialog.vigencia, dialog.funding, dialog.rubro, dialog.amount,
                                             dialog.cdp_number, dialog.cdp_amount, dialog.rp_number,
                                             dialog.rp_amount, dialog.description))
