"""The works list: search and filters that stay smooth with 10,000 works.

It is the first screen, so on a quick start it shows the start-up snapshot and switches to
the services when they are ready (its buttons wait for them). It is painted before anything
touches PySide's `Qt` namespace (ui/qt_values.py), which is why its sort arrow is set as below.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from veeduria_app.domain.spanish import count_noun
from veeduria_app.domain.work_kinds import WORK_STATUSES, WORK_TYPES
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.works_dto import WorkDTO, WorkFilter
from veeduria_app.ui.compact import compact_combo, fill_ucg_filter
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.works_model import WorkListFilter, WorksTableModel, table_model

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from veeduria_app.domain.territory import Territory

_STATE_HEAD = bytes.fromhex("000000ff" "00000000")  # QHeaderView.saveState(): version marker, version 0
_ORDER_AT = slice(12, 16)  # then the orientation and the sort order, as big-endian ints
_DESCENDING, _ASCENDING = (1).to_bytes(4, "big"), (0).to_bytes(4, "big")


def show_ascending_sort(header: QHeaderView) -> None:
    """Turn the header's sort arrow (a new header's is descending) to ascending, without Qt.SortOrder.

    `setSortIndicator(0, Qt.SortOrder.AscendingOrder)` would build the whole Qt namespace before
    the first frame (ui/qt_values.py); the header's own saved state carries the order as a plain
    int, so it is restored with that int set to ascending. tests/ui/test_first_frame.py checks
    that the header then reads AscendingOrder, so a Qt that lays its state out otherwise fails there.
    """
    state = bytearray(header.saveState().data())
    if state.startswith(_STATE_HEAD) and state[_ORDER_AT] == _DESCENDING:
        state[_ORDER_AT] = _ASCENDING
        header.restoreState(QByteArray(bytes(state)))


class WorksPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = WorksTableModel(self)
        self._build()
        if ctx.ready:
            self.reload()
        else:
            self._show_snapshot()
            ctx.services_ready.connect(self._services_ready)
        ctx.data_changed.connect(self._data_changed)

    def _territory(self) -> "Territory":
        if self.ctx.ready or self.ctx.startup is None:
            return self.ctx.services.territory.get()
        return self.ctx.startup.territory

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Buscar por nombre, barrio, dirección, entidad o BPIN…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Buscar obras"))
        self.localidad = QComboBox()
        self.ucg = QComboBox()
        self.type = QComboBox()
        self.status = QComboBox()
        self.archived = QCheckBox(self.tr("Inc&luir archivadas"))
        territory = self._territory()
        self.localidad.addItem(self.tr("Todas las localidades"), "")
        for name in territory.localidad_names:
            self.localidad.addItem(name, name)
        self.type.addItem(self.tr("Todos los tipos"), "")
        for code, label in WORK_TYPES.items():
            self.type.addItem(self.tr(label), code)
        self.status.addItem(self.tr("Todos los estados"), "")
        for code, label in WORK_STATUSES.items():
            self.status.addItem(self.tr(label), code)
        self._fill_ucgs()
        for combo, name in ((self.localidad, "Filtrar por localidad"), (self.ucg, "Filtrar por UCG"),
                            (self.type, "Filtrar por tipo"), (self.status, "Filtrar por estado")):
            combo.setAccessibleName(self.tr(name))
            compact_combo(combo, 12)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.localidad.currentIndexChanged.connect(self._fill_ucgs)
        self.search.textChanged.connect(self.apply_filter)
        self.archived.toggled.connect(self.apply_filter)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setModel(table_model(self.model, self))  # its indexes, not self.model's, go to the table
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)  # the arrow; table_model's own sort does nothing
        show_ascending_sort(self.table.horizontalHeader())  # the model starts by name, A to Z
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: smooth with 10,000 works
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((0, 330), (1, 120), (2, 95), (3, 185), (4, 85), (5, 110), (6, 170)):
            header.resizeSection(column, width)
        self.table.setAccessibleName(self.tr("Lista de obras"))
        self.table.activated.connect(self.open_selected)  # Intro, and a double click (doubleClicked too opened twice)

        self.count = QLabel()
        self.count.setWordWrap(True)  # the first-start hint must not push «Nueva obra…» off a small screen
        self.new_button = QPushButton(self.tr("&Nueva obra…"))
        self.open_button = QPushButton(self.tr("A&brir"))
        self.archive_button = QPushButton(self.tr("Arc&hivar / restaurar"))
        self.new_button.clicked.connect(self.new_work)
        self.open_button.clicked.connect(self.open_selected)
        self.archive_button.clicked.connect(self.toggle_archive)

        filters = QHBoxLayout()
        filters.addWidget(self.localidad, 2)
        filters.addWidget(self.ucg, 1)
        filters.addWidget(self.type, 1)
        filters.addWidget(self.status, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.archived)
        actions.addWidget(self.archive_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.new_button)
        title = QLabel(self.tr("<h2>Obras vigiladas</h2>"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _sort_changed(self, column: int, order: "Qt.SortOrder") -> None:
        self.model.sort(column, order)

    def _fill_ucgs(self) -> None:
        fill_ucg_filter(self.ucg, self._territory(), self.localidad.currentData() or "",
                        self.tr("Todas las UCG"))

    # -- behaviour ------------------------------------------------------------------------
    def reload(self) -> None:
        works = self.ctx.services.works.list(WorkFilter(include_archived=True))
        if works != self.model.works:  # unchanged since the snapshot: keep the selection and scroll
            self.model.set_works(works)
        self.apply_filter()

    def _show_snapshot(self) -> None:
        assert self.ctx.startup is not None, "a context without services carries the start-up snapshot"
        self.model.set_works(self.ctx.startup.works)
        self.apply_filter()
        for button in (self.new_button, self.archive_button):
            button.setEnabled(False)  # they write: they wait for the services

    def _services_ready(self) -> None:
        for button in (self.new_button, self.archive_button):
            button.setEnabled(True)
        self.reload()

    def _data_changed(self, what: str) -> None:
        if affects(what, "works"):
            self.reload()

    def apply_filter(self) -> None:
        self.model.set_filter(WorkListFilter(
            text=self.search.text(), localidad=self.localidad.currentData() or "", ucg=self.ucg.currentData() or "",
            type=self.type.currentData() or "", status=self.status.currentData() or "",
            include_archived=self.archived.isChecked()))
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:
            self.count.setText(self.tr("Aún no hay obras. Use «Nueva obra…» para registrar la primera."))
        else:
            self.count.setText(self.tr("{0} de {1}").format(
                f"{shown:,}".replace(",", "."), count_noun(total, self.tr("obra"), self.tr("obras"))))

    def selected_work(self) -> Optional[WorkDTO]:
        rows = self.table.selectionModel().selectedRows()
        return self.model.work_at(rows[0].row()) if rows else None

    def open_selected(self, *_args) -> None:
        work = self.selected_work()
        if work is not None:
            self.ctx.open_work.emit(work.id)

    def new_work(self) -> None:
        from veeduria_app.ui.work_form import NewWorkDialog

        dialog = NewWorkDialog(self.ctx, self)
        if dialog.exec() and dialog.result_work is not None:
            row = self.model.row_of(dialog.result_work.id)
            if row >= 0:
                self.table.selectRow(row)

    def toggle_archive(self) -> None:
        work = self.selected_work()
        if work is None:
            return
        from PySide6.QtWidgets import QMessageBox  # loaded on first use, not at start-up

        verb = self.tr("restaurar") if work.archived else self.tr("archivar")
        answer = QMessageBox.question(self, self.tr("Confirmar"),
                                      self.tr("¿Desea {0} la obra «{1}»? No se borra ningún dato.").format(verb, work.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            if work.archived:
                self.ctx.services.works.restore(work.id)
            else:
                self.ctx.services.works.archive(work.id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("works")
