"""Table model for the contracts list, fetched from the service page by page.

With 100,000 contracts the list cannot hold every row: the model asks the service for the
count, then for pages of 200 rows as the view scrolls (canFetchMore/fetchMore), so opening
the page and typing a search cost one COUNT and one small SELECT each.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from veeduria_app.domain import formats
from veeduria_app.services.contracts import ContractQuery, ContractRowDTO, format_nit

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("ContractsTableModel", text)


COLUMNS: list[tuple[str, str]] = [
    ("number", "Número"),
    ("secop_id", "ID SECOP"),
    ("entity", "Entidad"),
    ("contractor", "Contratista"),
    ("contractor_id", "NIT / documento"),
    ("object", "Objeto"),
    ("initial_value", "Valor inicial"),
    ("current_value", "Valor actual"),
    ("paid_value", "Pagado"),
    ("start_date", "Inicio"),
    ("end_date", "Fin previsto"),
    ("status", "Estado"),
]
MONEY = {"initial_value", "current_value", "paid_value"}
DATES = {"start_date", "end_date"}


class ContractsTableModel(QAbstractTableModel):
    """Lazy rows: `count` and `page` come from ContractService (or any callables alike)."""

    def __init__(self, count: Callable[[ContractQuery], int],
                 page: Callable[[ContractQuery, int, int], list[ContractRowDTO]], parent=None) -> None:
        super().__init__(parent)
        self._count_fn, self._page_fn = count, page
        self._query = ContractQuery()
        self._total = 0
        self._rows: list[ContractRowDTO] = []

    # -- loading ---------------------------------------------------------------------------
    def set_query(self, query: ContractQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._total = self._count_fn(query)
        self._rows = self._page_fn(query, 0, PAGE)
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._query)

    @property
    def total(self) -> int:
        """Rows matching the search (the view may have loaded fewer so far)."""
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if parent.isValid():
            return
        more = self._page_fn(self._query, len(self._rows), PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def contract_at(self, row: int) -> Optional[ContractRowDTO]:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if key in MONEY:
                return formats.money(value) if (row.currency in (None, "COP")) else f"{row.currency} {formats.number(value)}"
            if key in DATES:
                return formats.short_date(value)
            if key == "object" and value and len(value) > 120:
                return value[:117] + "…"
            if key == "contractor_id":
                return format_nit(value) if value and len(value) >= 9 else (value or "")
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole and key == "object":
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and key in MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
