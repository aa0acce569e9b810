"""«Informes» tab of a work: issue the informe de veeduría or a visit's acta, and their history.

Generation runs through the TaskRunner (progress and Cancel); the new document is shown in the
preview as soon as it is issued, ready to print or save.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout, QCheckBox, QComboBox, QDateEdit, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel,
    QPlainTextEdit, QPushButton, QScrollArea, QStyle, QVBoxLayout, QWidget,
)

from veeduria_app.domain.spanish import count_noun
from veeduria_app.domain import formats
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.reports import IssuedReportDTO
from veeduria_app.ui.context import WHOLE_FOLDER, AppContext, affects
from veeduria_app.ui.issued_reports_panel import IssuedReportsPanel
from veeduria_app.ui.messages import show_error


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ReportsTab(QWidget):
    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self._warmed = False
        self._build()
        self.reload_choices()
        ctx.data_changed.connect(self._data_changed)

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.ctx.services.reports.today()
        self.whole_period = QCheckBox(self.tr("Todo el periodo registrado"))
        self.whole_period.setChecked(True)
        self.whole_period.setAccessibleName(self.tr("Informe de todo el periodo registrado"))
        self.date_from = QDateEdit(_qdate(today.replace(month=1, day=1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, "Inicio del periodo"), (self.date_to, "Fin del periodo")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(self.tr(name))
            edit.setEnabled(False)
        self.whole_period.toggled.connect(lambda whole: [e.setEnabled(not whole)
                                                         for e in (self.date_from, self.date_to)])
        period = QHBoxLayout()
        period.addWidget(self.whole_period)
        period.addWidget(QLabel(self.tr("del")))
        period.addWidget(self.date_from)
        period.addWidget(QLabel(self.tr("al")))
        period.addWidget(self.date_to)
        period.addStretch(1)
        self.conclusions = QPlainTextEdit()
        self.requests = QPlainTextEdit()
        self.refresh_default_texts()
        for edit, name in ((self.conclusions, "Conclusiones del informe"),
                           (self.requests, "Solicitudes del informe, una por línea")):
            edit.setAccessibleName(self.tr(name))
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(80)
        self.corrects = QComboBox()
        self.corrects.setAccessibleName(self.tr("Informe que se corrige"))
        self.informe_button = QPushButton(self.tr("Generar i&nforme de veeduría"))
        self.informe_button.setAccessibleName(self.tr("Generar el informe de veeduría de esta obra"))
        self.informe_button.clicked.connect(self.generate_informe)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels go on top when narrow
        form.addRow(self.tr("Periodo:"), period)
        form.addRow(self.tr("Conc&lusiones:"), self.conclusions)
        form.addRow(self.tr("&Solicitudes (una por línea):"), self.requests)
        form.addRow(self.tr("Corrige a:"), self.corrects)
        form.addRow("", self.informe_button)
        informe_box = QGroupBox(self.tr("Informe de veeduría"))
        informe_box.setLayout(form)

        self.visit = QComboBox()
        # as wide as its longest visit: «Visita del 21/11/2026 (Cerrada)» is never cut short
        self.visit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.visit.setAccessibleName(self.tr("Visita para el acta"))
        self.acta_button = QPushButton(self.tr("G&enerar acta de visita"))
        self.acta_button.setAccessibleName(self.tr("Generar el acta de la visita seleccionada"))
        self.acta_button.clicked.connect(self.generate_acta)
        acta_layout = QVBoxLayout()
        acta_layout.addWidget(QLabel(self.tr("Visita:")))
        acta_layout.addWidget(self.visit)
        acta_layout.addWidget(self.acta_button)
        acta_layout.addStretch(1)
        self.informe_box = informe_box
        self.acta_box = acta_box = QGroupBox(self.tr("Acta de visita"))
        acta_box.setLayout(acta_layout)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Mensaje"))
        self.panel = IssuedReportsPanel(self.ctx, self.work_id)
        self.panel.issued.connect(self._say_issued)
        # side by side when both fit; on a narrow screen (1366×768 at 150 %) the acta goes below
        # the informe instead of off the right edge (_reflow)
        self.boxes = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(informe_box, 3)
        top.addWidget(acta_box, 2)
        content = QWidget()
        self.content_layout = inner = QVBoxLayout(content)
        inner.addLayout(top)
        inner.addWidget(self.message)
        # The list of documents with its preview fits the width it gets (on a narrow screen the
        # preview goes below the list): it grows the tab's height, which scrolls, never its width.
        self.panel.setMinimumHeight(380)
        inner.addWidget(self.panel, 1)
        # One scroll area for the whole tab: on a 1366×768 laptop at 150 % it still fits.
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        """Both boxes in one row only when the width the tab has holds them at their size hints."""
        margins = self.content_layout.contentsMargins()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.width() - bar - margins.left() - margins.right()
        needed = (self.informe_box.minimumSizeHint().width() + self.boxes.spacing()
                  + max(self.acta_box.sizeHint().width(), self.acta_box.minimumSizeHint().width()))
        direction = QBoxLayout.Direction.LeftToRight if needed <= available else QBoxLayout.Direction.TopToBottom
        if self.boxes.direction() != direction:
            self.boxes.setDirection(direction)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        """The first time the tab is seen, prepare print copies of the photos in the background."""
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            reports = self.ctx.services.reports
            self.ctx.tasks.run(lambda progress, cancel: reports.warm_print_cache(self.work_id, cancel=cancel),
                               title=self.tr("Preparando fotos para imprimir"), parent=self, show_dialog=False,
                               on_error=lambda error: None)  # a cache: the report prepares photos anyway

    # -- data ---------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        self.corrects.clear()
        self.corrects.addItem(self.tr("Ninguno (informe nuevo)"), None)
        self.visit.clear()
        try:
            informes = self.ctx.services.reports.history(self.work_id, kind="informe")
            visits = self.ctx.services.inspections.list(self.work_id)
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
            return
        latest: dict[str, IssuedReportDTO] = {}
        for dto in informes:
            if dto.code not in latest or dto.revision > latest[dto.code].revision:
                latest[dto.code] = dto
        for dto in latest.values():
            self.corrects.addItem(self.tr("{0} del {1}").format(dto.display_code, formats.short_date(dto.issued_at)),
                                  dto.id)
        for visit in visits:
            label = self.tr("Visita del {0} ({1})").format(formats.short_date(visit.visit_date), visit.status_label)
            self.visit.addItem(label, visit.id)
        self.acta_button.setEnabled(self.visit.count() > 0)
        if not self.visit.count():
            self.visit.addItem(self.tr("La obra aún no tiene visitas registradas"), None)
        self._reflow()  # a longer visit label may no longer fit beside the informe

    def refresh_default_texts(self) -> None:
        """The placeholders show what the informe prints when nothing is written, true to the
        work's name and to its number of findings (none, one or several word it differently)."""
        try:
            conclusions, requests = self.ctx.services.reports.default_texts_for(self.work_id)
        except ServiceError:  # the work just went away (a reset): the tab keeps the texts it showed
            return
        self.conclusions.setPlaceholderText(conclusions)
        self.requests.setPlaceholderText(requests)

    def _data_changed(self, what: str) -> None:
        if affects(what, "reports", "inspections", "works"):
            self.reload_choices()
            self.panel.reload()
        if affects(what, "findings", "works"):
            self.refresh_default_texts()
        if what in WHOLE_FOLDER:  # «Emitido INF-…» spoke of a document the reset or restore removed
            self.message.clear()

    # -- actions ------------------------------------------------------------------------------
    def generate_informe(self) -> None:
        period_from = period_to = None
        if not self.whole_period.isChecked():
            period_from, period_to = _date(self.date_from.date()), _date(self.date_to.date())
        conclusions, requests = self.conclusions.toPlainText(), self.requests.toPlainText()
        corrects = self.corrects.currentData()
        reports = self.ctx.services.reports
        self.message.setText(self.tr("Generando el informe…"))
        self.ctx.tasks.run(
            lambda progress, cancel: reports.issue_informe(self.work_id, period_from=period_from, period_to=period_to,
                                                           conclusions=conclusions, requests=requests,
                                                           corrects=corrects, progress=progress, cancel=cancel),
            title=self.tr("Generando el informe de veeduría…"), parent=self, on_done=self._issued,
            on_error=self._failed, on_cancel=lambda: self.message.setText(
                self.tr("Generación cancelada; no se emitió ningún documento.")))

    def generate_acta(self) -> None:
        visit_id = self.visit.currentData()
        if not visit_id:
            return
        reports = self.ctx.services.reports
        self.message.setText(self.tr("Generando el acta…"))
        self.ctx.tasks.run(lambda progress, cancel: reports.issue_acta(visit_id, progress=progress, cancel=cancel),
                           title=self.tr("Generando el acta de visita…"), parent=self, on_done=self._issued,
                           on_error=self._failed, on_cancel=lambda: self.message.setText(
                               self.tr("Generación cancelada; no se emitió ningún documento.")))

    def _issued(self, dto: IssuedReportDTO) -> None:
        self._say_issued(dto)
        self.ctx.notify("reports")
        self.panel.reload(select_id=dto.id)
        self.panel.show_preview(dto)

    def _say_issued(self, dto: IssuedReportDTO) -> None:
        self.message.setText(self.tr("Emitido {0}: {1}. Código y huella registrados.")
                             .format(dto.display_code, count_noun(dto.page_count, "página")))

    def _failed(self, error: Exception) -> None:
        self.message.setText(str(error))
        show_error(self, error)
