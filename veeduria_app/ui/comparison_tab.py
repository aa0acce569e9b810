"""«Comparación» tab of a work: contract against observation, S-curve, timeline and alerts.

Everything shown comes from one `analysis.comparison(work, date)` call; the tab only lays
it out. Alerts can become a draft finding or be marked reviewed with a reason from here.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDateEdit, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.alerts import SEVERITY_LABELS, describe_figures
from veeduria_app.services.analysis import AlertDTO, ComparisonDTO
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.scurve_chart import SCurveView, to_qdate

if TYPE_CHECKING:
    from veeduria_app.services.findings import FindingDTO

SEVERITY_COLORS = {"alta": "#b3261e", "media": "#9a6700", "baja": "#3b5b8c"}


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _cell(text: str, *, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _RowsFollowWidth(QObject):
    """Long texts wrap inside their cell and the rows grow to show them whole, again whenever the
    table changes width: a stretched column gets its width only once the tab is laid out, so rows
    sized while filling stayed one line tall and cut the alert titles short at 150 %."""

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self.table = table
        table.setWordWrap(True)
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(lambda *_: table.resizeRowsToContents())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            # after the header has stretched its last column (it does so on a zero timer too)
            QTimer.singleShot(0, self.table.resizeRowsToContents)
        return False


class ComparisonTab(QWidget):
    finding_created = Signal(str)  # id of a finding just made from an alert (the work detail shows it)

    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.data: Optional[ComparisonDTO] = None
        self._shown: list[AlertDTO] = []
        self._build()
        self.reload()
        ctx.data_changed.connect(self._data_changed)

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.date = QDateEdit(to_qdate(self.ctx.services.analysis.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setAccessibleName(self.tr("Fecha de corte del análisis"))
        self.date.dateChanged.connect(self.reload)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(self.tr("Resumen del avance"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Fecha de corte:")))
        top.addWidget(self.date)
        top.addWidget(self.headline, 1)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Concepto"), self.tr("Contrato / observado"), self.tr("Detalle")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Contrato frente a lo observado"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.chart = SCurveView()

        self.alerts = QTableWidget(0, 2)
        self.alerts.setHorizontalHeaderLabels([self.tr("Gravedad"), self.tr("Alerta")])
        self.alerts.verticalHeader().setVisible(False)
        self.alerts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.alerts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alerts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alerts.setAccessibleName(self.tr("Alertas de la obra"))
        self.alerts.itemSelectionChanged.connect(self._show_alert)
        _RowsFollowWidth(self.alerts)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Explicación de la alerta"))
        self.show_reviewed = QCheckBox(self.tr("Mostrar las &revisadas"))
        self.show_reviewed.toggled.connect(self._fill_alerts)
        self.finding_button = QPushButton(self.tr("Crear &hallazgo"))
        self.finding_button.setAccessibleName(self.tr("Crear un hallazgo desde la alerta seleccionada"))
        self.finding_button.clicked.connect(self.create_finding)
        self.review_button = QPushButton(self.tr("Marcar revi&sada…"))
        self.review_button.setAccessibleName(self.tr("Marcar la alerta seleccionada como revisada"))
        self.review_button.clicked.connect(self.review)
        self.reopen_button = QPushButton(self.tr("Volver a &mostrar"))
        self.reopen_button.setAccessibleName(self.tr("Quitar la revisión de la alerta seleccionada"))
        self.reopen_button.clicked.connect(self.reopen)
        self.reopen_button.setVisible(False)
        # beside the buttons, so the confirmation is in view where «Crear hallazgo» was clicked
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Resultado de la última acción"))
        # The actions sit in the alerts' title row, not under the list: at 1366×768 a row below
        # the list fell under the fold of the work's card and needed scrolling.
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("<b>Alertas</b>")))
        buttons.addWidget(self.show_reviewed)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.finding_button)
        alerts_box = QWidget()
        alerts_layout = QVBoxLayout(alerts_box)
        alerts_layout.setContentsMargins(0, 0, 0, 0)
        alerts_layout.addLayout(buttons)
        alerts_split = QSplitter(Qt.Orientation.Horizontal)
        alerts_split.addWidget(self.alerts)
        alerts_split.addWidget(self.detail)
        alerts_split.setSizes([340, 460])
        alerts_layout.addWidget(alerts_split, 1)

        self.timeline = QTableWidget(0, 2)
        self.timeline.setHorizontalHeaderLabels([self.tr("Fecha"), self.tr("Evento")])
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.timeline.setAccessibleName(self.tr("Línea de tiempo de la obra"))
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        _RowsFollowWidth(self.timeline)
        timeline_box = QWidget()
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addWidget(QLabel(self.tr("<b>Línea de tiempo</b>")))
        timeline_layout.addWidget(self.timeline, 1)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.table)
        upper.addWidget(self.chart)
        upper.setSizes([440, 540])
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(alerts_box)
        lower.addWidget(timeline_box)
        lower.setSizes([640, 340])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(lower)
        body.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    # -- data -------------------------------------------------------------------------------
    def as_of(self) -> dt.date:
        return from_qdate(self.date.date())

    def _data_changed(self, what: str) -> None:
        if what in ("all", "works", "contracts", "inspections", "photos", "alerts", "findings", "imports"):
            self.reload()

    def reload(self) -> None:
        try:
            self.data = self.ctx.services.analysis.comparison(self.work_id, self.as_of())
        except ServiceError as error:
            self.headline.setText(html.escape(str(error)))
            return
        self._fill_table()
        self.chart.show_curve(self.data)
        self._fill_timeline()
        self._fill_alerts()

    def _fill_table(self) -> None:
        assert self.data is not None
        s = self.data.progress.snapshot
        pct = formats.percent
        rows: list[tuple[str, str, str]] = []
        if s.has_contract:
            number = self.data.progress.contract_number
            rows += [
                (self.tr("Valor inicial"), formats.money(s.initial_value), self.tr("Contrato {0}").format(number) if number else ""),
                (self.tr("Valor actual"), formats.money(s.current_value),
                 self.tr("Adiciones: {0}").format(formats.money(s.additions_value)) if s.additions_value else self.tr("Sin adiciones")),
                (self.tr("Plazo inicial"),
                 f"{formats.short_date(s.start_date)} – {formats.short_date(s.initial_end_date)}" if s.start_date else "—",
                 self.tr("{0} días").format(s.initial_term_days) if s.initial_term_days is not None else ""),
                (self.tr("Plazo vigente"), f"{formats.short_date(s.current_end_date)}" if s.current_end_date else "—",
                 self.tr("Prórrogas: {0} días · suspendido: {1} días{2}").format(
                     s.extension_days, s.suspended_days, self.tr(" (suspendido hoy)") if s.suspended_now else "")),
                (self.tr("Pagado"), formats.money(s.paid_value),
                 self.tr("{0} del valor actual · por obra: {1} · anticipo: {2} ({3})").format(
                     pct(s.paid_pct), formats.money(s.paid_work_value), formats.money(s.advance_value),
                     pct(s.advance_pct))),
            ]
        else:
            rows.append((self.tr("Contrato"), self.tr("Sin contrato vinculado"),
                         self.tr("Vincule el contrato en la pestaña de contratos para comparar")))
        rows += [
            (self.tr("Tiempo transcurrido"), pct(s.time_pct), self.tr("Sin contar días de suspensión")),
            (self.tr("Avance programado"), pct(s.planned_pct),
             {"cronograma": self.tr("Según el cronograma"), "lineal": self.tr("Lineal en el plazo vigente")}.get(
                 s.planned_method or "", "")),
            (self.tr("Avance observado"), pct(s.physical_pct),
             self.tr("Visita del {0}{1}").format(
                 formats.short_date(s.physical_date),
                 self.tr(", por cantidades de obra") if s.physical_method == "cantidades" else "")
             if s.physical_date else self.tr("Sin visitas cerradas")),
            (self.tr("Avance reportado"), pct(s.reported_pct),
             formats.reported_by(s.reported_source, s.reported_date)),
            (self.tr("Avance financiero"), pct(s.financial_pct),
             self.tr("Pagos por obra (sin anticipo) sobre el valor actual")),
        ]
        self.table.setRowCount(len(rows))
        for row, (label, value, detail) in enumerate(rows):
            self.table.setItem(row, 0, _cell(label))
            self.table.setItem(row, 1, _cell(value or "—", align_right=True))
            self.table.setItem(row, 2, _cell(detail))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        parts = [self.tr("Pagado {0} (por obra {1})").format(pct(s.paid_pct), pct(s.financial_pct))
                 if s.financial_pct is not None else "",
                 self.tr("observado {0}").format(pct(s.physical_pct)) if s.physical_pct is not None else "",
                 self.tr("plazo transcurrido {0}").format(pct(s.time_pct)) if s.time_pct is not None else "",
                 self.tr("plazo vencido hace {0} días").format(s.days_overdue) if s.days_overdue else ""]
        count = len(self.data.alerts)
        parts.append(self.tr("{0} alertas").format(count) if count != 1 else self.tr("1 alerta"))
        self.headline.setText(" · ".join(p for p in parts if p))

    def _fill_timeline(self) -> None:
        assert self.data is not None
        events = self.data.timeline
        self.timeline.setRowCount(len(events))
        for row, event in enumerate(events):
            self.timeline.setItem(row, 0, _cell(formats.short_date(event.date)))
            self.timeline.setItem(row, 1, _cell(event.label))
        self.timeline.resizeColumnToContents(0)

    def _fill_alerts(self) -> None:
        if self.data is None:
            return
        previous = self.selected_alert()
        keep = previous.code if previous is not None else None
        self._shown = list(self.data.alerts) + (list(self.data.reviewed) if self.show_reviewed.isChecked() else [])
        self.alerts.blockSignals(True)  # one _show_alert at the end, for the alert kept selected
        self.alerts.setRowCount(len(self._shown))
        for row, alert in enumerate(self._shown):
            severity = _cell(SEVERITY_LABELS[alert.severity] + (self.tr(" (revisada)") if alert.reviewed else ""))
            severity.setForeground(QBrush(QColor(SEVERITY_COLORS[alert.severity])))
            self.alerts.setItem(row, 0, severity)
            title = _cell(alert.title)
            title.setToolTip(alert.message)
            self.alerts.setItem(row, 1, title)
        self.alerts.resizeColumnToContents(0)
        self.alerts.resizeRowsToContents()
        # a refresh (e.g. after «Crear hallazgo») keeps the alert the person was working on
        row = next((i for i, a in enumerate(self._shown) if a.code == keep), 0)
        self.alerts.clearSelection()
        if self._shown:
            self.alerts.selectRow(row)
        self.alerts.blockSignals(False)
        if not self._shown:
            self.detail.setHtml(self.tr("<p>Sin alertas a la fecha de corte.</p>"))
        self._show_alert()

    def select_alert(self, code: str) -> None:
        """Select (and explain) the alert with this code, if the work has it."""
        row = next((i for i, a in enumerate(self._shown) if a.code == code), -1)
        if row >= 0:
            self.alerts.selectRow(row)

    def selected_alert(self) -> Optional[AlertDTO]:
        rows = self.alerts.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._shown):
            return None
        return self._shown[rows[0].row()]

    def _show_alert(self) -> None:
        alert = self.selected_alert()
        self.finding_button.setEnabled(alert is not None)
        self.review_button.setEnabled(alert is not None and not alert.reviewed)
        self.reopen_button.setVisible(alert is not None and alert.reviewed)
        if alert is None:
            return
        figures = "".join(f"<li>{html.escape(label)}: {html.escape(value).replace('$ ', '$&nbsp;')}</li>"
                          for label, value in describe_figures(alert.data))
        reviewed = ""
        if alert.reviewed:
            reviewed = self.tr("<p><i>Revisada por {0}: {1}</i></p>").format(
                html.escape(alert.reviewed_by), html.escape(alert.review_reason))
        def text(value: str) -> str:
            return html.escape(value).replace("$ ", "$&nbsp;")

        self.detail.setHtml(
            f"<h3>{html.escape(alert.title)}</h3>"
            f"<p><b>{self.tr('Gravedad')}:</b> {self.tr(SEVERITY_LABELS[alert.severity])}</p>"
            f"<p>{text(alert.message)}</p>"
            f"<p><b>{self.tr('Fundamento')}:</b> {text(alert.basis)}</p>{reviewed}"
            f"<p><b>{self.tr('Cifras')}:</b></p><ul>{figures}</ul>")

    # -- actions ----------------------------------------------------------------------------
    def create_finding(self) -> None:
        alert = self.selected_alert()
        if alert is None:
            return
        try:
            existing = self.ctx.services.findings.from_alert(self.work_id, alert.code)
            if existing and not self.confirm_another(alert, existing):
                self.message.setText(self.tr("No se creó otro hallazgo: {0} «{1}» ya viene de esta alerta.")
                                     .format(existing[0].code, existing[0].title))
                return
            finding = self.ctx.services.findings.create_from_alert(self.work_id, alert.code, as_of=self.as_of())
        except ServiceError as error:
            show_error(self, error)
            return
        self.last_finding_id = finding.id
        self.ctx.notify("findings")
        self.finding_created.emit(finding.id)
        self.message.setText(self.tr("Hallazgo {0} «{1}» creado como borrador desde esta alerta: complételo en la "
                                     "pestaña «Hallazgos».").format(finding.code, finding.title))

    def confirm_another(self, alert: AlertDTO, existing: list["FindingDTO"]) -> bool:
        """This alert already became a finding: a second one is usually a slip, so ask."""
        first = existing[0]
        others = "" if len(existing) == 1 else self.tr(" (y {0} más)").format(len(existing) - 1)
        answer = QMessageBox.question(
            self, self.tr("La alerta ya tiene un hallazgo"),
            self.tr("Desde la alerta «{0}» ya se creó el hallazgo {1} «{2}»{3}. ¿Crear otro hallazgo de todos "
                    "modos?").format(alert.title, first.code, first.title, others),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, alert: AlertDTO) -> tuple[str, bool]:
        """Separate so tests can answer without a modal dialog."""
        return QInputDialog.getMultiLineText(
            self, self.tr("Marcar alerta como revisada"),
            self.tr("¿Por qué la alerta «{0}» no requiere acción? El motivo queda en el registro de cambios; "
                    "la alerta vuelve a mostrarse si sus cifras cambian.").format(alert.title))

    def review(self) -> None:
        alert = self.selected_alert()
        if alert is None:
            return
        reason, ok = self.ask_reason(alert)
        if not ok:
            return
        try:
            self.ctx.services.analysis.review_alert(self.work_id, alert.code, reason, as_of=self.as_of())
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("alerts")

    def reopen(self) -> None:
        alert = self.selected_alert()
        if alert is None or not alert.reviewed:
            return
        try:
            self.ctx.services.analysis.reopen_alert(self.work_id, alert.code)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("alerts")
