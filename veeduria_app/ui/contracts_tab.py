"""The "Contratos" tab of a work: its contracts, money and term at a glance, suggestions of
contracts to link (same BPIN or words of the work's name), manual entry and import."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.spanish import count_noun
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.contract_detail import ContractDetailDialog
from veeduria_app.ui.contract_form import ContractFormDialog
from veeduria_app.ui.import_dialog import ImportDialog
from veeduria_app.ui.messages import show_error

HEADERS = ["Número", "Contratista", "Valor inicial", "Valor actual", "Pagado", "Inicio", "Fin actual", "Estado"]


class ContractsTab(QWidget):
    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx, self.work_id = ctx, work_id
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setAccessibleName(self.tr("Contratos de la obra"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Ctrl+A, Mayús+clic
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.table.activated.connect(lambda index: self.open_contract(index.row()))
        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName(self.tr("Contratos sugeridos para vincular"))
        self.suggestions.setMaximumHeight(110)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (
            ("open", "A&brir", lambda: self.open_contract(self.table.currentRow())),
            ("link", "Vincular s&ugerido", self.link_suggestion),
            ("unlink", "De&svincular", self.unlink_selected),
            ("new", "&Nuevo contrato…", self.new_contract),
            ("import", "&Importar…", self.import_file),
        ):
            button = QPushButton(self.tr(text))
            button.setAccessibleName(self.tr(text.replace("&", "").replace("…", "")))
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Resumen de contratos"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Sugerencias (mismo BPIN o palabras del nombre de la obra):")))
        layout.addWidget(self.suggestions)
        layout.addLayout(buttons)
        self.reload()
        ctx.data_changed.connect(self._data_changed)  # a method, not a lambda: Qt drops it with the tab

    def _data_changed(self, what: str) -> None:
        if affects(what, "contracts", "works"):
            self.reload()

    def reload(self) -> None:
        self.contracts = self.ctx.services.contracts.for_work(self.work_id)
        self.table.setRowCount(len(self.contracts))
        for r, c in enumerate(self.contracts):
            values = [c.number or c.secop_id or "", c.contractor or "", formats.money(c.initial_value),
                      formats.money(c.current_value), formats.money(c.paid_value), formats.short_date(c.start_date),
                      formats.short_date(c.current_end_date), c.status or ""]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if 2 <= col <= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        total = sum((c.current_value or 0 for c in self.contracts), 0)
        paid = sum((c.paid_value or 0 for c in self.contracts), 0)
        self.summary.setText(self.tr("{n} · valor actual {v} · pagado {p}")
                             .replace("{n}", count_noun(len(self.contracts), self.tr("contrato"), self.tr("contratos")))
                             .replace("{v}", formats.money(total))
                             .replace("{p}", formats.money(paid)))
        self.suggestions.clear()
        try:
            suggested = self.ctx.services.contracts.suggestions_for_work(self.work_id)
        except ServiceError:
            suggested = []
        for row, reason in suggested:
            item = QListWidgetItem(f"{row.number or row.secop_id} · {row.contractor or ''} · {reason}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.suggestions.addItem(item)

    def open_contract(self, row: int) -> None:
        if 0 <= row < len(self.contracts):
            ContractDetailDialog(self.ctx, self.contracts[row].id, self).exec()

    def link_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if item is None:
            return
        try:
            self.ctx.services.contracts.link(item.data(Qt.ItemDataRole.UserRole), self.work_id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("contracts")

    def unlink_selected(self) -> None:
        """Unlink every selected contract (one question for several: a wrong import can link many)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()
                       if 0 <= index.row() < len(self.contracts)})
        if not rows:
            return
        if len(rows) > 1 and QMessageBox.question(
                self, self.tr("Desvincular contratos"),
                self.tr("¿Desvincular de esta obra los {0} contratos seleccionados? Los contratos no se borran.")
                .format(len(rows))) != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.services.contracts.unlink_many([self.contracts[row].id for row in rows], self.work_id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("contracts")

    def new_contract(self) -> None:
        ContractFormDialog(self.ctx, work_id=self.work_id, parent=self).exec()

    def import_file(self) -> None:
        ImportDialog(self.ctx, work_id=self.work_id, parent=self).exec()
