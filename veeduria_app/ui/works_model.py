"""Table model for the works list: filtering in plain Python over precomputed keys.

A QSortFilterProxyModel calls back into Python once per row per keystroke; with 10,000 works
that is too slow on old laptops. Here a filter is one list comprehension, and Qt only asks
for the rows on screen.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from veeduria_app.services.works_dto import WorkDTO, WorkFilter

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
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

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
        column, order = self._sort
        attr = COLUMNS[column][0]
        visible.sort(key=lambda i: fold(str(getattr(rows[i], attr) or "")),
                     reverse=order == Qt.SortOrder.DescendingOrder)
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

    @property
    def works(self) -> list[WorkDTO]:
        """Every work the model holds, filtered or not (a copy)."""
        return list(self._rows)

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        work = self._rows[self._visible[index.row()]]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(work, COLUMNS[index.column()][0]) or ""
            if index.column() == 3 and role == Qt.ItemDataRole.DisplayRole:
                value = value.replace("Localidad ", "")  # "2 - De la Virgen y Turística"
            if index.column() == 0 and work.archived:
                value = f"{value} (archivada)"
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return work.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._visible = self._compute_visible()
        self.layoutChanged.emit()
