"""Import dialog: choose a file (SECOP, OCDS, OC4IDS, bill of quantities), run the import in
the background with progress and Cancel, and show what happened with every rejected row.

For a bill of quantities whose columns are not recognised, the column-mapping dialog opens;
the mapping is remembered per header layout, so the next file from the same contractor
imports straight away.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.services.errors import ServiceError
from veeduria_app.services.imports import ImportResult, TableLayoutDTO
from veeduria_app.services.works import WorkFilter
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error

FORMAT_CHOICES = [
    ("auto", "Reconocer automáticamente"),
    ("secop2", "SECOP II (Contratos, Adiciones, Ejecución, Procesos)"),
    ("secop1", "SECOP I"),
    ("ocds", "OCDS (Open Contracting)"),
    ("oc4ids", "OC4IDS (proyectos de infraestructura)"),
    ("boq", "Presupuesto de obra o programación (CSV/XLSX)"),
]
BOQ_FIELDS = [
    ("code", "Ítem (código)"), ("description", "Descripción"), ("unit", "Unidad"), ("quantity", "Cantidad"),
    ("unit_price", "Valor unitario"), ("total", "Valor total"),
]


class BoqMappingDialog(QDialog):
    """Say which column holds each field of the bill of quantities."""

    def __init__(self, layout_info: TableLayoutDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Columnas del presupuesto de obra"))
        self.layout_info = layout_info
        form = QFormLayout()
        intro = QLabel(self.tr("Indique qué columna del archivo corresponde a cada dato. "
                               "La elección se recordará para los archivos con las mismas columnas."))
        intro.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        proposal = layout_info.mapping
        for key, label in BOQ_FIELDS:
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Columna para ") + self.tr(label))
            combo.addItem(self.tr("(no está en el archivo)"), "")
            for column in layout_info.header:
                if column:
                    combo.addItem(column, column)
            index = combo.findData(proposal.get(key, ""))
            combo.setCurrentIndex(max(0, index))
            self.combos[key] = combo
            form.addRow(self.tr(label), combo)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000")
        self.message.setAccessibleName(self.tr("Mensaje"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("Usar estas columnas"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}

    def _accept(self) -> None:
        chosen = self.mapping()
        missing = [label for key, label in BOQ_FIELDS[:2] + [BOQ_FIELDS[3]] if key not in chosen]
        if "unit_price" not in chosen and "total" not in chosen:
            missing.append(self.tr("Valor unitario o Valor total"))
        if missing:
            self.message.setText(self.tr("Falta indicar: ") + ", ".join(missing))
            return
        self.accept()


class ImportDialog(QDialog):
    """Run one import; `result` keeps the ImportResult for the caller (and tests)."""

    def __init__(self, ctx: AppContext, work_id: Optional[str] = None, contract_id: Optional[str] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: Optional[ImportResult] = None
        self.setWindowTitle(self.tr("Importar contratos o presupuesto"))
        fit_to_screen(self, 820, 560)
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Archivo a importar"))
        self.path.setPlaceholderText(self.tr("CSV, XLSX o JSON descargado de SECOP, datos.gov.co u Open Contracting"))
        browse = QPushButton(self.tr("&Examinar…"))
        browse.setAccessibleName(self.tr("Elegir archivo"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.format = QComboBox()
        self.format.setAccessibleName(self.tr("Formato del archivo"))
        for code, label in FORMAT_CHOICES:
            self.format.addItem(self.tr(label), code)
        self.work = QComboBox()
        self.work.setAccessibleName(self.tr("Obra a vincular"))
        self.work.addItem(self.tr("(ninguna)"), "")
        for w in ctx.services.works.list(WorkFilter()):
            self.work.addItem(w.name, w.id)
        if work_id:
            self.work.setCurrentIndex(max(0, self.work.findData(work_id)))
        self.contract = QComboBox()
        self.contract.setAccessibleName(self.tr("Contrato del presupuesto"))
        self.contract.addItem(self.tr("(el único contrato de la obra)"), "")
        if work_id:
            for c in ctx.services.contracts.for_work(work_id):
                self.contract.addItem(f"{c.number or c.secop_id} · {c.contractor or ''}", c.id)
        if contract_id:
            index = self.contract.findData(contract_id)
            if index < 0:
                c = ctx.services.contracts.get(contract_id)
                self.contract.addItem(f"{c.number or c.secop_id} · {c.contractor or ''}", c.id)
                index = self.contract.count() - 1
            self.contract.setCurrentIndex(index)
        form = QFormLayout()
        holder = QWidget()
        holder.setLayout(row)
        form.addRow(self.tr("Archivo"), holder)
        form.addRow(self.tr("Formato"), self.format)
        form.addRow(self.tr("Vincular a la obra"), self.work)
        form.addRow(self.tr("Contrato (solo presupuesto de obra)"), self.contract)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Resumen de la importación"))
        self.results = QTableWidget(0, 2)
        self.results.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.results.setHorizontalHeaderLabels([self.tr("Fila"), self.tr("Motivo del rechazo")])
        self.results.setAccessibleName(self.tr("Filas rechazadas"))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.import_button = QPushButton(self.tr("&Importar"))
        self.import_button.setAccessibleName(self.tr("Importar el archivo"))
        self.import_button.clicked.connect(self.start)
        close = QPushButton(self.tr("&Cerrar"))
        close.setAccessibleName(self.tr("Cerrar"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Elegir archivo"), "",
                                              self.tr("Datos (*.csv *.txt *.json *.xlsx);;Todos (*)"))
        if name:
            self.path.setText(name)

    def _boq_mapping(self, path: Path) -> Optional[dict] | bool:
        """None when not a spreadsheet bill; a mapping, or False if the user cancelled."""
        if self.format.currentData() not in ("auto", "boq") or path.suffix.lower() == ".json":
            return None
        try:
            info = self.ctx.services.imports.table_layout(path)
        except ServiceError:
            return None  # the import itself will explain what is wrong
        if info.detected_format and not info.detected_format.startswith("boq"):
            return None
        if info.detected_format is None and self.format.currentData() == "auto":
            return None  # unknown columns: the import explains; choosing «Presupuesto» opens the mapping
        if info.detected_format in ("boq", "boq-programacion") and self.format.currentData() == "auto":
            return dict(info.remembered) if info.remembered else None
        if info.remembered:
            return dict(info.remembered)
        dialog = BoqMappingDialog(info, self)
        if not dialog.exec():
            return False
        mapping = dialog.mapping()
        self.ctx.services.imports.remember_mapping(info.signature, mapping)
        return mapping

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.summary.setText(self.tr("Elija primero el archivo que va a importar."))
            return
        path = Path(text)
        mapping = self._boq_mapping(path)
        if mapping is False:
            self.summary.setText(self.tr("No se importó nada: falta indicar qué columna es cada dato del "
                                         "presupuesto. Vuelva a pulsar «Importar» cuando quiera hacerlo."))
            return
        fmt = "boq" if mapping else self.format.currentData()
        work_id = self.work.currentData() or None
        contract_id = self.contract.currentData() or None
        imports = self.ctx.services.imports
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importando…"))

        def job(progress, cancel):
            return imports.import_file(path, fmt, work_id=work_id, contract_id=contract_id, boq_mapping=mapping,
                                       progress=progress, cancel=cancel)

        self.ctx.tasks.run(job, title=self.tr("Importando ") + path.name, parent=self,
                           on_done=self._done, on_error=self._failed, on_cancel=self._cancelled)

    def _done(self, result: ImportResult) -> None:
        self.result = result
        self.import_button.setEnabled(True)
        self.summary.setText(result.summary())  # «1 leído, 2 nuevos…»: the service agrees the nouns
        shown = result.rejected[:5000]
        self.results.setRowCount(len(shown))
        for r, error in enumerate(shown):
            self.results.setItem(r, 0, QTableWidgetItem(str(error.row)))
            self.results.setItem(r, 1, QTableWidgetItem(error.reason))
        self.ctx.notify("contracts")

    def _failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self.summary.setText(str(error) if isinstance(error, ServiceError) else self.tr("Error inesperado; no se importó nada."))
        show_error(self, error, self.tr("No se pudo importar"))

    def _cancelled(self) -> None:
        self.import_button.setEnabled(True)
        self.summary.setText(self.tr("Importación cancelada: no se guardó nada."))
