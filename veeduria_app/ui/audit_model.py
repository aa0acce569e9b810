"""Table model of audit entries (newest first) and the old/new values of one entry."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from veeduria_app.domain.formats import short_date
from veeduria_app.services.audit import AuditEntryDTO

ACTION_LABELS = {
    "create": "creó", "update": "modificó", "archive": "archivó", "restore": "restauró", "login": "ingresó",
    "login_failed": "ingreso fallido", "reset_password": "restableció clave", "change_password": "cambió su clave",
    "deactivate": "desactivó", "reactivate": "reactivó", "backup": "copia de seguridad",
    "export_package": "exportó paquete", "import_package": "importó paquete", "import_create": "recibió (paquete)",
    "import_update": "actualizó (paquete)", "import_conflict": "conflicto (paquete)",
    "resolve_conflict": "resolvió conflicto",
}
HEADERS = ("Fecha y hora", "Persona", "Acción", "Registro", "Resumen")


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def value_rows(entry: AuditEntryDTO) -> list[tuple[str, str, str]]:
    """(field, old, new) for every field the entry mentions, old and new side by side."""
    old, new = entry.old_values or {}, entry.new_values or {}
    return [(name, _value(old.get(name)) if name in old else "—", _value(new.get(name)) if name in new else "—")
            for name in list(dict.fromkeys([*old, *new]))]


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntryDTO] = []

    def set_entries(self, entries: list[AuditEntryDTO]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> AuditEntryDTO:
        return self.entries[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            local = entry.at.astimezone()
            return f"{short_date(local.date())} {local:%H:%M:%S}"
        if column == 1:
            return f"{entry.actor_name} ({entry.actor})" if entry.actor_name else entry.actor
        if column == 2:
            return ACTION_LABELS.get(entry.action, entry.action)
        if column == 3:
            return f"{entry.entity_type} {entry.entity_id[:8]}" if role == Qt.ItemDataRole.DisplayRole \
                else f"{entry.entity_type} {entry.entity_id}"
        return entry.summary
