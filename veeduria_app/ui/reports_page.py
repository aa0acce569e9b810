"""«Informes» page: rendición de cuentas for the assembly, «Verificar PDF», every issued document."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFrame, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from veeduria_app.domain.spanish import count_noun
from veeduria_app.services.reports import IssuedReportDTO, VerifyResult
from veeduria_app.ui.context import WHOLE_FOLDER, AppContext, affects
from veeduria_app.ui.issued_reports_panel import IssuedReportsPanel
from veeduria_app.ui.messages import show_error


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_verification: Optional[VerifyResult] = None
        self.localidad = QComboBox()
        self.localidad.setAccessibleName(self.tr("Localidad de la rendición de cuentas"))
        self.ucg = QComboBox()
        self.ucg.setAccessibleName(self.tr("UCG de la rendición de cuentas"))
        self.localidad.currentIndexChanged.connect(self._fill_ucgs)
        self.accountability_button = QPushButton(self.tr("Generar &rendición de cuentas"))
        self.accountability_button.setAccessibleName(self.tr("Generar el informe de rendición de cuentas"))
        self.accountability_button.clicked.connect(self.generate_accountability)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Localidad:")))
        row.addWidget(self.localidad, 2)
        row.addWidget(QLabel(self.tr("UCG:")))
        row.addWidget(self.ucg, 1)
        row.addWidget(self.accountability_button)
        box = QGroupBox(self.tr("Informe de rendición de cuentas a la comunidad"))
        box.setLayout(row)

        self.verify_button = QPushButton(self.tr("Verificar &PDF…"))
        self.verify_button.setAccessibleName(self.tr("Verificar si un PDF fue emitido por esta veeduría"))
        self.verify_button.clicked.connect(self.choose_and_verify)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        self.verify_result.setAccessibleName(self.tr("Resultado de la verificación"))
        verify_row = QHBoxLayout()
        verify_row.addWidget(self.verify_button)
        verify_row.addWidget(self.verify_result, 1)
        verify_box = QGroupBox(self.tr("Verificación de documentos"))
        verify_box.setLayout(verify_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Mensaje"))
        self.panel = IssuedReportsPanel(ctx)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(box)
        inner.addWidget(verify_box)
        inner.addWidget(self.message)
        self.panel.setMinimumHeight(380)
        inner.addWidget(self.panel, 1)
        scroll = QScrollArea()  # fits a 1366×768 laptop at 150 % text size
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._fill_localidades()
        ctx.data_changed.connect(self._data_changed)

    def _fill_localidades(self) -> None:
        self.localidad.clear()
        self.localidad.addItem(self.tr("Todas las localidades"), "")
        try:
            territory = self.ctx.services.territory.get()
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
            return
        for name in territory.localidad_names:
            self.localidad.addItem(name, name)

    def _fill_ucgs(self) -> None:
        self.ucg.clear()
        self.ucg.addItem(self.tr("Todas"), "")
        name = self.localidad.currentData()
        if name:
            for ucg in self.ctx.services.territory.get().ucgs_for(name):
                self.ucg.addItem(ucg, ucg)

    def _data_changed(self, what: str) -> None:
        if affects(what, "reports", "works"):
            self.panel.reload()
        if what in WHOLE_FOLDER:  # a verification shown for the folder as it was no longer applies
            self.message.clear()  # nor «Emitido RDC-…» of a document that may be gone
            self.verify_result.clear()
            self.last_verification = None

    def generate_accountability(self) -> None:
        localidad, ucg = self.localidad.currentData() or "", self.ucg.currentData() or ""
        reports = self.ctx.services.reports
        self.ctx.tasks.run(
            lambda progress, cancel: reports.issue_accountability(localidad=localidad, ucg=ucg, progress=progress,
                                                                  cancel=cancel),
            title=self.tr("Generando la rendición de cuentas…"), parent=self, on_done=self._issued,
            on_error=lambda error: show_error(self, error),
            on_cancel=lambda: self.message.setText(self.tr("Generación cancelada; no se emitió ningún documento.")))

    def _issued(self, dto: IssuedReportDTO) -> None:
        self.message.setText(self.tr("Emitido {0}: {1}.").format(dto.display_code, count_noun(dto.page_count, "página")))
        self.ctx.notify("reports")
        self.panel.reload(select_id=dto.id)
        self.panel.show_preview(dto)

    def choose_and_verify(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Verificar PDF"), str(Path.home()),
                                              self.tr("Documento PDF (*.pdf)"))
        if path:
            self.verify(Path(path))

    def verify(self, path: Path) -> None:
        reports = self.ctx.services.reports
        self.ctx.tasks.run(lambda progress, cancel: reports.verify(path, progress=progress, cancel=cancel),
                           title=self.tr("Verificando {0}…").format(path.name), parent=self,
                           on_done=self._verified, on_error=lambda error: show_error(self, error))

    def _verified(self, result: VerifyResult) -> None:
        self.last_verification = result
        self.verify_result.setText(result.message)
        if result.ok:
            QMessageBox.information(self, self.tr("Documento válido"), result.message)
        else:
            QMessageBox.warning(self, self.tr("Documento no válido"), result.message)
