"""Contracts page: searchable list that stays smooth with 100,000 contracts, plus import,
manual entry and the detail view."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from veeduria_app.domain.spanish import count_noun
from veeduria_app.services.contracts import ContractQuery
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.contract_detail import ContractDetailDialog
from veeduria_app.ui.contract_form import ContractFormDialog
from veeduria_app.ui.contracts_model import ContractsTableModel
from veeduria_app.ui.import_dialog import ImportDialog


class ContractsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        contracts = ctx.services.contracts
        self.model = ContractsTableModel(contracts.count, lambda q, o, n: contracts.page(q, o, n), self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Buscar por número, contratista, NIT, entidad u objeto…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Buscar contratos"))
        self.archived = QCheckBox(self.tr("Incluir arc&hivados"))
        self.archived.setAccessibleName(self.tr("Incluir contratos archivados"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.archived.toggled.connect(self.apply_filter)
        self.import_button = QPushButton(self.tr("&Importar…"))
        self.import_button.setAccessibleName(self.tr("Importar archivo de contratos"))
        self.import_button.clicked.connect(self.open_import)
        self.new_button = QPushButton(self.tr("&Nuevo contrato…"))
        self.new_button.setAccessibleName(self.tr("Registrar un contrato a mano"))
        self.new_button.clicked.connect(self.new_contract)
        self.open_button = QPushButton(self.tr("A&brir"))
        self.open_button.setAccessibleName(self.tr("Abrir el contrato seleccionado"))
        self.open_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.archived)
        top.addWidget(self.import_button)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Lista de contratos"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Cantidad de contratos"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.apply_filter()
        ctx.data_changed.connect(self._data_changed)

    def query(self) -> ContractQuery:
        return ContractQuery(text=self.search.text(), include_archived=self.archived.isChecked())

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.query())
        self.count_label.setText(count_noun(self.model.total, self.tr("contrato"), self.tr("contratos")))

    def _data_changed(self, what: str) -> None:
        if affects(what, "contracts", "works"):
            self.apply_filter()

    def selected_id(self) -> Optional[str]:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.contract_at(rows[0].row())
        return row.id if row else None

    def open_row(self, row: int) -> None:
        item = self.model.contract_at(row)
        if item is not None:
            ContractDetailDialog(self.ctx, item.id, self).exec()

    def open_selected(self) -> None:
        cid = self.selected_id()
        if cid:
            ContractDetailDialog(self.ctx, cid, self).exec()

    def open_import(self) -> None:
        ImportDialog(self.ctx, parent=self).exec()

    def new_contract(self) -> None:
        ContractFormDialog(self.ctx, parent=self).exec()
