"""Backups from the GUI: the automatic copies, a manual copy to a USB stick, and restore."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain.formats import short_date
from veeduria_app.services.backups import SERVER_MESSAGE, RestoreResult
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error


class BackupDialog(QDialog):
    """List of copies in the data folder; make a copy elsewhere; restore one."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None,
                 *, after_restore: Optional[Callable[[RestoreResult], None]] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.after_restore = after_restore
        self.setWindowTitle(self.tr("Copias de seguridad"))
        fit_to_screen(self, 760, 420)
        backups = ctx.services.backups
        intro = QLabel(self.tr(
            "Veeduría guarda una copia de la base de datos cada vez que se cierra y antes de cada actualización "
            "(se conservan las de los últimos 10 días y una de cada uno de los últimos 12 meses). Haga además "
            "copias en una memoria USB. Las fotos no van en la copia: para llevarlas a otro equipo use "
            "«Exportar paquete».") if backups.available else self.tr(SERVER_MESSAGE))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr("Fecha"), self.tr("Motivo"), self.tr("Archivo")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Copias guardadas en la carpeta de datos"))
        self.backup_button = QPushButton(self.tr("Hacer una copia &en…"))
        self.restore_button = QPushButton(self.tr("&Restaurar la copia seleccionada…"))
        self.restore_file_button = QPushButton(self.tr("Restaurar desde un &archivo…"))
        close = QPushButton(self.tr("&Cerrar"))
        for button in (self.backup_button, self.restore_button, self.restore_file_button, close):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setEnabled(backups.available or button is close)
        self.backup_button.clicked.connect(self.backup_to_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        items = self.ctx.services.backups.list() if self.ctx.services.backups.available else []
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            when = QTableWidgetItem(f"{short_date(item.created_at.date())} {item.created_at:%H:%M}")
            when.setData(Qt.ItemDataRole.UserRole, str(item.path))
            self.table.setItem(row, 0, when)
            self.table.setItem(row, 1, QTableWidgetItem(self.tr(item.kind_label)))
            self.table.setItem(row, 2, QTableWidgetItem(item.path.name))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)

    def selected_path(self) -> Optional[Path]:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return Path(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    # -- actions --------------------------------------------------------------------------
    def backup_to_folder(self, folder: Optional[str] = None) -> None:
        folder = folder or QFileDialog.getExistingDirectory(self, self.tr("Carpeta para la copia (por ejemplo la USB)"))
        if not folder:
            return
        self.ctx.tasks.run(lambda progress, cancel: self.ctx.services.backups.backup(Path(folder)),
                           title=self.tr("Haciendo la copia de seguridad…"), parent=self,
                           on_done=self._backup_done, on_error=lambda e: show_error(self, e))

    def _backup_done(self, path: Path) -> None:
        self.last_backup = path
        QMessageBox.information(self, self.tr("Copia de seguridad"),
                                self.tr("Copia guardada y verificada:\n{0}").format(path))

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            QMessageBox.information(self, self.tr("Restaurar"), self.tr("Seleccione primero una copia de la lista."))
            return
        self.restore(path)

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Copia de seguridad a restaurar"), "",
                                              self.tr("Copias de Veeduría (*.sqlite3);;Todos los archivos (*)"))
        if name:
            self.restore(Path(name))

    def restore(self, path: Path, *, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(self, self.tr("Restaurar copia de seguridad"), self.tr(
                "Se reemplazarán los datos actuales por los de la copia «{0}». Antes se guarda una copia del estado "
                "actual, por si necesita volver atrás. ¿Continuar?").format(path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.tasks.run(lambda progress, cancel: self.ctx.services.backups.restore(path),
                           title=self.tr("Restaurando la copia…"), parent=self,
                           on_done=self._restored, on_error=lambda e: show_error(self, e))

    def _restored(self, result: RestoreResult) -> None:
        self.last_restore = result
        self.reload()
        text = self.tr("Datos restaurados desde «{0}». El estado anterior quedó guardado en «{1}».").format(
            result.restored_from.name, result.previous_state.name)
        if result.missing_evidence:
            text += self.tr("\n\nAtención: {0} fotos de la copia no están en la carpeta de evidencias de este "
                            "equipo.").format(result.missing_evidence)
        QMessageBox.information(self, self.tr("Restaurar copia de seguridad"), text)
        if self.after_restore is not None:
            self.after_restore(result)
