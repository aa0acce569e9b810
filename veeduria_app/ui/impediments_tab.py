"""Work tab: each member's declaration of no impediment for this work (Ley 850 art. 19)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from veeduria_app.domain.formats import short_date
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.impediments import DECLARATION_TEXT
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.messages import show_error


class ImpedimentsTab(QWidget):
    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        text = QLabel(self.tr(DECLARATION_TEXT))
        text.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr("Integrante"), self.tr("Declaración"), self.tr("Fecha")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 160)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Declaraciones de impedimento de los integrantes"))
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("Observación (opcional)"))
        self.notes.setAccessibleName(self.tr("Observación de la declaración"))
        self.no_button = QPushButton(self.tr("Declara &no tener impedimento"))
        self.yes_button = QPushButton(self.tr("Declara &tener impedimento"))
        self.no_button.clicked.connect(lambda: self.declare(False))
        self.yes_button.clicked.connect(lambda: self.declare(True))
        row = QHBoxLayout()
        row.addWidget(self.notes, 1)
        row.addWidget(self.no_button)
        row.addWidget(self.yes_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._ids: list[str] = []
        self.reload()
        ctx.data_changed.connect(self._data_changed)  # a method, not a lambda: Qt drops it with the tab

    def _data_changed(self, what: str) -> None:
        if affects(what, "profile"):
            self.reload()

    def reload(self) -> None:
        rows = self.ctx.services.impediments.for_work(self.work_id)
        self._ids = [r.member_id for r in rows]
        self.table.setRowCount(len(rows))
        for index, r in enumerate(rows):
            for column, value in enumerate((r.member_name, self.tr(r.status_label), short_date(r.declared_on))):
                self.table.setItem(index, column, QTableWidgetItem(value))

    def declare(self, has_impediment: bool) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            show_error(self, ServiceError(self.tr("Seleccione primero al integrante que declara.")))
            return
        try:
            self.ctx.services.impediments.declare(self._ids[rows[0].row()], self.work_id,
                                                  has_impediment=has_impediment, notes=self.notes.text())
        except ServiceError as error:
            show_error(self, error)
            return
        self.notes.clear()
        self.reload()
