"""Contract detail and form show Spanish labels, never internal codes, and keep an unknown
supervision type unknown when the form is saved."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from veeduria_app.services.contracts import ContractFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_detail import ContractDetailDialog
from veeduria_app.ui.contract_form import ContractFormDialog
from veeduria_app.ui.tasks import SyncPool, TaskRunner


def _contract(services, **extra) -> str:
    return services.contracts.create(ContractFields(
        number="LP-1-2026", entity="Distrito", object="Vía", initial_value=Decimal(100_000_000),
        start_date=dt.date(2026, 1, 15), end_date=dt.date(2026, 6, 15), **extra)).id


def _supervision(dialog) -> str:
    return next(label.text() for label in dialog.findChildren(QLabel) if label.accessibleName() == "Supervisión")


def test_detail_shows_the_supervision_type_in_words(qtbot, services):
    contract_id = _contract(services, supervision_kind="supervisor", supervisor="Ing. Ana Pérez")
    dialog = ContractDetailDialog(AppContext(services, TaskRunner(SyncPool())), contract_id)
    qtbot.addWidget(dialog)
    assert _supervision(dialog) == "Supervisor · Ing. Ana Pérez"


def test_saving_the_form_keeps_an_unknown_supervision_type_empty(qtbot, services):
    contract_id = _contract(services)
    ctx = AppContext(services, TaskRunner(SyncPool()))
    dialog = ContractFormDialog(ctx, services.contracts.get(contract_id))
    qtbot.addWidget(dialog)
    assert dialog.supervision_kind.currentText() == "(sin dato)" and dialog.supervision_kind.currentData() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_contract is not None
    assert services.contracts.get(contract_id).supervision_kind is None  # not silently «supervisor»

    dialog = ContractFormDialog(ctx, services.contracts.get(contract_id))
    qtbot.addWidget(dialog)
    dialog.supervision_kind.setCurrentIndex(dialog.supervision_kind.findData("interventor"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.contracts.get(contract_id).supervision_kind == "interventor"
    detail = ContractDetailDialog(ctx, contract_id)
    qtbot.addWidget(detail)
    assert _supervision(detail) == "Interventor"
