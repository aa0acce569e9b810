"""The audit trail: who changed what and when, filtered by person, record and dates, with
the old and new values of the selected change shown side by side."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGridLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from veeduria_app.ui.audit_model import AuditTableModel, value_rows
from veeduria_app.ui.context import AppContext

LIMIT = 2000


class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AuditTableModel(self)
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Filtrar por persona"))
        self.entity_type = QComboBox()
        self.entity_type.setAccessibleName(self.tr("Filtrar por tipo de registro"))
        self.record = QLineEdit()
        self.record.setPlaceholderText(self.tr("identificador del registro (opcional)"))
        self.record.setAccessibleName(self.tr("Filtrar por identificador de registro"))
        self.use_dates = QCheckBox(self.tr("&Entre fechas:"))
        self.use_dates.setAccessibleName(self.tr("Filtrar por fechas"))
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit, name in ((self.since, "Desde"), (self.until, "Hasta")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(self.tr(name))
        self.apply_button = QPushButton(self.tr("&Filtrar"))
        self.apply_button.setAccessibleName(self.tr("Filtrar"))
        self.apply_button.clicked.connect(self.apply_filter)
        self.count = QLabel("")
        self.count.setAccessibleName(self.tr("Cantidad de cambios"))
        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("Persona:")), 0, 0)
        filters.addWidget(self.person, 0, 1)
        filters.addWidget(QLabel(self.tr("Registro:")), 0, 2)
        filters.addWidget(self.entity_type, 0, 3)
        filters.addWidget(self.record, 0, 4)
        filters.addWidget(self.use_dates, 1, 0)
        filters.addWidget(self.since, 1, 1)
        filters.addWidget(QLabel(self.tr("y")), 1, 2)
        filters.addWidget(self.until, 1, 3)
        filters.addWidget(self.apply_button, 1, 4)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((0, 140), (1, 200), (2, 130), (3, 150)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.setAccessibleName(self.tr("Bitácora de cambios"))
        self.values = QTableWidget(0, 3)
        self.values.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.values.setHorizontalHeaderLabels([self.tr("Campo"), self.tr("Valor anterior"), self.tr("Valor nuevo")])
        self.values.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.values.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.values.verticalHeader().setVisible(False)
        self.values.setAccessibleName(self.tr("Valores anteriores y nuevos"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.values)
        splitter.setSizes([400, 180])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self.show_values(current.row()))
        ctx.data_changed.connect(self._data_changed)  # a method, not a lambda: Qt drops it with the page
        self.reload()

    def _data_changed(self, _what: str) -> None:
        self.reload()

    def reload(self) -> None:
        """Refill the person and record-type lists from the trail, then apply the filters."""
        everything = self.ctx.services.audit.list(limit=LIMIT * 5)
        current_person, current_type = self.person.currentData(), self.entity_type.currentData()
        for combo, label, values in (
                (self.person, self.tr("Todas las personas"),
                 {e.actor: (f"{e.actor_name} ({e.actor})" if e.actor_name else e.actor) for e in everything}),
                (self.entity_type, self.tr("Todos los tipos"), {e.entity_type: e.entity_type for e in everything})):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, "")
            for key, text in sorted(values.items(), key=lambda kv: kv[1].lower()):
                combo.addItem(text, key)
            combo.blockSignals(False)
        for combo, value in ((self.person, current_person), (self.entity_type, current_type)):
            index = combo.findData(value) if value else 0
            combo.setCurrentIndex(max(index, 0))
        self.apply_filter()

    def apply_filter(self) -> None:
        since = until = None
        if self.use_dates.isChecked():
            start, end = self.since.date().toPython(), self.until.date().toPython()
            since = dt.datetime.combine(start, dt.time.min).astimezone()
            until = dt.datetime.combine(end, dt.time.max).astimezone()
        entries = self.ctx.services.audit.list(
            actor=self.person.currentData() or None, entity_type=self.entity_type.currentData() or None,
            entity_id=self.record.text().strip() or None, since=since, until=until, limit=LIMIT)
        self.model.set_entries(entries)
        self.count.setText(self.tr("{0} cambios").format(len(entries)) if len(entries) < LIMIT
                           else self.tr("Se muestran los {0} cambios más recientes; use los filtros.").format(LIMIT))
        self.show_values(0 if entries else -1)
        if entries:
            self.table.selectRow(0)

    def show_values(self, row: int) -> None:
        rows = value_rows(self.model.entry_at(row)) if 0 <= row < self.model.rowCount() else []
        self.values.setRowCount(len(rows))
        for i, (name, old, new) in enumerate(rows):
            for column, text in enumerate((name, old, new)):
                self.values.setItem(i, column, QTableWidgetItem(text))
