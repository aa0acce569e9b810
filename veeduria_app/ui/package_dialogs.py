"""Data packages from the GUI: export all or one work, import with a summary, decide conflicts."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton, QRadioButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.services.contracts import FIELD_LABELS as CONTRACT_FIELD_LABELS
from veeduria_app.services.package_format import FIELD_LABELS, TABLE_LABELS
from veeduria_app.services.package_merge import ConflictDTO
from veeduria_app.services.packages import ExportResult, ImportSummary
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None, *, work_id: Optional[str] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_export: Optional[ExportResult] = None
        self.setWindowTitle(self.tr("Exportar paquete .veeduria"))
        self.all_data = QRadioButton(self.tr("&Todos los datos"))
        self.one_work = QRadioButton(self.tr("Solo &una obra:"))
        group = QButtonGroup(self)
        group.addButton(self.all_data)
        group.addButton(self.one_work)
        self.work = QComboBox()
        self.work.setAccessibleName(self.tr("Obra a exportar"))
        for work in ctx.services.works.list():
            self.work.addItem(work.name, work.id)
        if work_id and self.work.findData(work_id) >= 0:
            self.work.setCurrentIndex(self.work.findData(work_id))
            self.one_work.setChecked(True)
        else:
            self.all_data.setChecked(True)
        self.personal = QCheckBox(self.tr("Incluir documentos de identidad y contactos de los integrantes"))
        self.personal.setAccessibleName(self.tr("Incluir datos personales"))
        note = QLabel(self.tr("Ley 1581 de 2012: márquelo solo si los integrantes lo autorizaron y quien recibe el "
                              "paquete los necesita. Las cuentas y claves nunca salen de este equipo."))
        note.setWordWrap(True)
        self.out = QLineEdit(str(Path.home() / f"veeduria-{dt.date.today():%Y%m%d}.veeduria"))
        self.out.setAccessibleName(self.tr("Archivo de destino"))
        browse = QPushButton(self.tr("&Examinar…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(self.tr("E&xportar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setAccessibleName(self.tr("Exportar"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.all_data)
        form.addRow(self.one_work, self.work)
        form.addRow(self.personal)
        form.addRow(note)
        form.addRow(self.tr("Guardar en:"), row)
        form.addRow(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar paquete"), self.out.text(),
                                              self.tr("Paquetes de Veeduría (*.veeduria)"))
        if name:
            self.out.setText(name)

    def start(self) -> None:
        work_id = self.work.currentData() if self.one_work.isChecked() else None
        out, personal = Path(self.out.text().strip()), self.personal.isChecked()
        packages = self.ctx.services.packages
        self.ctx.tasks.run(
            lambda progress, cancel: packages.export(out, work_id=work_id, include_personal_data=personal,
                                                     progress=progress, cancel=cancel),
            title=self.tr("Exportando el paquete…"), parent=self, on_done=self._done,
            on_error=lambda e: show_error(self, e))

    def _done(self, result: ExportResult) -> None:
        self.result_export = result
        text = self.tr("Paquete guardado en:\n{0}\n\n{1} registros y {2} archivos de evidencia.").format(
            result.path, result.records, result.evidence_files)
        if result.missing_evidence:
            text += self.tr("\n\n{0} fotos registradas faltan en la carpeta de evidencias y no viajan.").format(
                len(result.missing_evidence))
        QMessageBox.information(self, self.tr("Exportar paquete"), text)
        self.accept()


def start_import(ctx: AppContext, parent: QWidget, path: Optional[Path] = None) -> None:
    """Choose a package, import it in the background, then show the summary and conflicts."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, parent.tr("Importar paquete"), "",
                                              parent.tr("Paquetes de Veeduría (*.veeduria);;Todos los archivos (*)"))
        if not name:
            return
        path = Path(name)

    def done(summary: ImportSummary) -> None:
        ctx.notify("all")
        ImportSummaryDialog(ctx, summary, parent).exec()

    ctx.tasks.run(lambda progress, cancel: ctx.services.packages.import_package(path, progress=progress,
                                                                               cancel=cancel),
                  title=parent.tr("Importando el paquete…"), parent=parent, on_done=done,
                  on_error=lambda e: show_error(parent, e))


class ConflictsWidget(QWidget):
    """Conflicts side by side: field, this laptop's value, the package's value; a person decides."""

    def __init__(self, ctx: AppContext, conflicts: list[ConflictDTO], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conflicts = list(conflicts)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conflictos por decidir"))
        self.detail = QTableWidget(0, 3)
        self.detail.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.detail.setHorizontalHeaderLabels([self.tr("Campo"), self.tr("En este equipo"), self.tr("En el paquete")])
        self.detail.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().setVisible(False)
        self.detail.setAccessibleName(self.tr("Diferencias del conflicto"))
        self.keep_local = QPushButton(self.tr("Conservar la versión de &este equipo"))
        self.keep_package = QPushButton(self.tr("Usar la versión del &paquete"))
        for button, choice in ((self.keep_local, "local"), (self.keep_package, "paquete")):
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _=False, c=choice: self.decide(c))
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_local)
        buttons.addWidget(self.keep_package)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.reason)
        layout.addWidget(self.detail, 1)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._show)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for conflict in self.conflicts:
            kind = TABLE_LABELS.get(conflict.table, conflict.table)
            self.list.addItem(f"{self.tr(kind)}: {conflict.label or conflict.record_key}")
        self.list.setCurrentRow(0 if self.conflicts else -1)
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        enabled = 0 <= row < len(self.conflicts)
        self.keep_local.setEnabled(enabled)
        self.keep_package.setEnabled(enabled)
        if not enabled:
            self.detail.setRowCount(0)
            self.reason.setText(self.tr("No hay conflictos pendientes."))
            return
        conflict = self.conflicts[row]
        self.reason.setText(conflict.reason)
        fields = [k for k in conflict.incoming_values
                  if k not in ("version", "updated_at", "created_at")
                  and conflict.incoming_values.get(k) != conflict.local_values.get(k)]
        self.detail.setRowCount(len(fields))
        for i, name in enumerate(fields):
            label = FIELD_LABELS.get(name) or CONTRACT_FIELD_LABELS.get(name, "").capitalize() or name
            self.detail.setItem(i, 0, QTableWidgetItem(self.tr(label)))
            self.detail.setItem(i, 1, QTableWidgetItem(_text(conflict.local_values.get(name))))
            self.detail.setItem(i, 2, QTableWidgetItem(_text(conflict.incoming_values.get(name))))

    def decide(self, keep: str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        try:
            self.ctx.services.packages.resolve_conflict(self.conflicts[row].id, keep)
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            show_error(self, error)
            return
        del self.conflicts[row]
        self.ctx.notify("all")
        self._fill()


class ImportSummaryDialog(QDialog):
    def __init__(self, ctx: AppContext, summary: ImportSummary, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Paquete importado"))
        fit_to_screen(self, 720, 480)
        self.summary = summary
        head = QLabel(self.tr("Paquete de {0}: {1}").format(summary.author, summary.text))
        head.setWordWrap(True)
        head.setAccessibleName(self.tr("Resumen de la importación"))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        pending = [c for c in summary.conflicts if c.status == "pendiente"]
        self.conflicts = ConflictsWidget(ctx, pending, self)
        layout.addWidget(self.conflicts, 1)
        for lines, name, title in (
                (summary.renumbered, self.tr("Hallazgos renumerados"),
                 self.tr("Hallazgos con un código nuevo (el suyo ya lo usaba otro hallazgo de la obra):")),
                (summary.skipped, self.tr("Registros omitidos"),
                 self.tr("Omitidos (no se pudieron combinar sin dañar otros datos):"))):
            if lines:
                listed = QListWidget()
                listed.setAccessibleName(name)
                listed.addItems(list(lines))
                layout.addWidget(QLabel(title))
                layout.addWidget(listed)
        close = QDialogButtonBox()
        close.addButton(self.tr("&Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.accept)
        layout.addWidget(close)


class ConflictsDialog(QDialog):
    """Pending conflicts from earlier imports (menu Datos)."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conflictos por decidir"))
        fit_to_screen(self, 720, 440)
        self.conflicts = ConflictsWidget(ctx, ctx.services.packages.conflicts(), self)
        close = QDialogButtonBox()
        close.addButton(self.tr("&Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(close)


def _text(value: object) -> str:
    if value is None:
        return "—"
    return str(value)

