"""Table model for the works list: filtering in plain Python over precomputed keys.

A QSortFilterProxyModel calls back into Python once per row per keystroke; with 10,000 works
that is too slow on old laptops. Here a filter is one list comprehension, and Qt only asks
for the rows on screen.

The table shows it through `table_model` (a C++ header over these rows) and nothing here
touches PySide's `Qt` namespace before the first frame: see ui/qt_values.py.
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, Optional, Sequence

from PySide6.QtCore import (
    QAbstractTableModel, QConcatenateTablesProxyModel, QModelIndex, QObject, QPersistentModelIndex,
)
from PySide6.QtGui import QStandardItemModel

from veeduria_app.services.works_dto import WorkDTO, WorkFilter
from veeduria_app.ui.qt_values import DISPLAY_ROLE, TOOLTIP_ROLE, USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Index = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """Lower-case without accents, so "via" finds "Vía"."""
    normal = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in normal if not unicodedata.combining(c)).lower()


WorkListFilter = WorkFilter  # the same filter the service applies in SQL, applied here in memory


COLUMNS: list[tuple[str, str]] = [
    ("name", "Nombre de la obra"),
    ("type_label", "Tipo"),
    ("status_label", "Estado"),
    ("localidad", "Localidad"),
    ("ucg", "UCG / área"),
    ("barrio", "Barrio"),
    ("entity", "Entidad ejecutora"),
    ("bpin", "BPIN"),
]


class WorksTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[WorkDTO] = []
        self._keys: list[str] = []
        self._visible: list[int] = []
        self._filter = WorkListFilter()
        self._sort: tuple[int, bool] = (0, False)  # (column, descending): by name, A to Z

    # -- data -----------------------------------------------------------------------------
    def set_works(self, works: Sequence[WorkDTO]) -> None:
        self.beginResetModel()
        self._rows = list(works)
        self._keys = [fold(" ".join((w.name, w.barrio, w.address, w.entity, w.bpin, w.type_label,
                                     w.localidad, w.ucg))) for w in self._rows]
        self._visible = self._compute_visible()
        self.endResetModel()

    def set_filter(self, flt: WorkListFilter) -> None:
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._visible = self._compute_visible()
        self.endResetModel()

    def _compute_visible(self) -> list[int]:
        f = self._filter
        words = fold(f.text).split()
        rows, keys = self._rows, self._keys
        visible = [
            i for i in range(len(rows))
            if (f.include_archived or not rows[i].archived)
            and (not f.localidad or rows[i].localidad == f.localidad)
            and (not f.ucg or rows[i].ucg == f.ucg)
            and (not f.type or rows[i].type == f.type)
            and (not f.status or rows[i].status == f.status)
            and all(word in keys[i] for word in words)
        ]
        column, descending = self._sort
        attr = COLUMNS[column][0]
        visible.sort(key=lambda i: fold(str(getattr(rows[i], attr) or "")), reverse=descending)
        return visible

    def work_at(self, row: int) -> Optional[WorkDTO]:
        if 0 <= row < len(self._visible):
            return self._rows[self._visible[row]]
        return None

    def row_of(self, work_id: str) -> int:
        for row, index in enumerate(self._visible):
            if self._rows[index].id == work_id:
                return row
        return -1

    @property
    def total(self) -> int:
        return len(self._rows)

    def header_labels(self) -> list[str]:
        """The column titles, translated."""
        return [self.tr(title) for _key, title in COLUMNS]

    @property
    def works(self) -> list[WorkDTO]:
        """Every work the model holds, filtered or not (a copy)."""
        return list(self._rows)

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        work = self._rows[self._visible[index.row()]]
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            value = getattr(work, COLUMNS[index.column()][0]) or ""
            if index.column() == 3 and role == DISPLAY_ROLE:
                value = value.replace("Localidad ", "")  # "2 - De la Virgen y Turística"
            if index.column() == 0 and work.archived:
                value = f"{value} (archivada)"
            return str(value)
        if role == USER_ROLE:
            return work.id
        return None

    def headerData(self, section: int, orientation: "Qt.Orientation", role: int = DISPLAY_ROLE) -> Any:  # noqa: N802
        """For callers of the model itself; the table takes its titles from `table_model`."""
        from PySide6.QtCore import Qt

        if role == DISPLAY_ROLE and orientation == Qt.Orientation.Horizontal:
            return self.header_labels()[section]
        return None

    def sort(self, column: int, order: "Optional[Qt.SortOrder]" = None) -> None:
        """Sort by a column (ascending when no order is given); the header's clicks arrive here."""
        from PySide6.QtCore import Qt

        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._visible = self._compute_visible()
        self.layoutChanged.emit()


def table_model(model: WorksTableModel, parent: Optional[QObject] = None) -> QConcatenateTablesProxyModel:
    """What the works table shows: the model's rows under column titles held by a C++ model.

    A header painted from a Python `headerData` is handed a Qt.Orientation, and converting it
    builds PySide's whole Qt namespace before the first frame (ui/qt_values.py). A
    QConcatenateTablesProxyModel takes its horizontal header from its first model (an empty
    QStandardItemModel with the titles) and its rows from the next (the works); screen readers
    and the header's highlight of the selection go through it as through any model. Its `sort`
    does nothing: WorksPage passes the header's sort indicator on to `model.sort`.
    """
    shown = QConcatenateTablesProxyModel(parent)
    titles = QStandardItemModel(0, len(COLUMNS), shown)  # lives as long as the proxy
    titles.setHorizontalHeaderLabels(model.header_labels())
    shown.addSourceModel(titles)
    shown.addSourceModel(model)
    return shown
