"""«Tablero»: every work with its traffic light and alert counts; from any alert to its work.

The light is always written out ("Rojo: alertas altas") next to its colour, so it reads
on a black-and-white printout and for colour-blind members. Loading runs in the task runner.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.alerts import AMARILLO, LIGHT_LABELS, ROJO, SEVERITY_LABELS, VERDE
from veeduria_app.domain.spanish import count_noun
from veeduria_app.domain.works import WORK_STATUSES
from veeduria_app.services.analysis import AlertDTO, DashboardRow
from veeduria_app.ui.compact import compact_combo, fill_ucg_filter
from veeduria_app.ui.comparison_tab import SEVERITY_COLORS, _cell, from_qdate, to_qdate
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error

LIGHT_COLORS = {ROJO: "#f4c7c3", AMARILLO: "#fce8b2", VERDE: "#c8e6c9"}
LIGHT_ORDER = {ROJO: 0, AMARILLO: 1, VERDE: 2}
COLUMNS = ["Semáforo", "Obra", "Localidad", "UCG", "Estado", "Alta", "Media", "Baja", "Observado", "Financiero"]


class _SortItem(QTableWidgetItem):
    """Sorts by a hidden key (light order, numbers) instead of the shown text."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:  # type: ignore[override]
        if isinstance(other, _SortItem):
            return (self.key is None, self.key) < (other.key is None, other.key)  # type: ignore[operator]
        return super().__lt__(other)


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[DashboardRow] = []
        self.alert_rows: list[AlertDTO] = []
        self._stale = False
        self._build()
        self.reload()
        ctx.data_changed.connect(self._data_changed)

    def _build(self) -> None:
        territory = self.ctx.services.territory.get()
        self.localidad = QComboBox()
        self.localidad.addItem(self.tr("Todas las localidades"), "")
        for name in territory.localidad_names:
            self.localidad.addItem(name, name)
        self.ucg = QComboBox()
        self.status = QComboBox()
        self.status.addItem(self.tr("Todos los estados"), "")
        for code, label in WORK_STATUSES.items():
            self.status.addItem(self.tr(label), code)
        self.date = QDateEdit(to_qdate(self.ctx.services.analysis.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self._fill_ucgs()
        for widget, name in ((self.localidad, "Filtrar por localidad"), (self.ucg, "Filtrar por UCG"),
                             (self.status, "Filtrar por estado"), (self.date, "Fecha de corte")):
            widget.setAccessibleName(self.tr(name))
        self.localidad.currentIndexChanged.connect(self._fill_ucgs)
        for combo in (self.localidad, self.ucg, self.status):
            compact_combo(combo, 12)
            combo.currentIndexChanged.connect(self.reload)
        self.date.dateChanged.connect(self.reload)
        self.refresh = QPushButton(self.tr("Ac&tualizar"))
        self.refresh.clicked.connect(self.reload)
        self.settings_button = QPushButton(self.tr("&Umbrales y salario mínimo…"))
        self.settings_button.setAccessibleName(self.tr("Ajustar los umbrales de las alertas y el salario mínimo"))
        self.settings_button.clicked.connect(self.open_settings)
        filters = QHBoxLayout()
        filters.addWidget(self.localidad, 2)
        filters.addWidget(self.ucg, 1)
        filters.addWidget(self.status, 1)
        cutoff = QHBoxLayout()
        cutoff.addWidget(QLabel(self.tr("Fecha de corte:")))
        cutoff.addWidget(self.date)
        cutoff.addWidget(self.refresh)
        cutoff.addStretch(1)
        cutoff.addWidget(self.settings_button)

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Resumen del tablero"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in range(4, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Obras con semáforo y alertas"))
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.table.activated.connect(self.open_selected_work)

        self.alerts = QTableWidget(0, 3)
        self.alerts.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.alerts.setHorizontalHeaderLabels([self.tr("Gravedad"), self.tr("Obra"), self.tr("Alerta")])
        self.alerts.verticalHeader().setVisible(False)
        self.alerts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.alerts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alerts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alerts.setAccessibleName(self.tr("Todas las alertas; Intro o doble clic abre la obra"))
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.alerts.activated.connect(self.open_selected_alert)
        self.open_button = QPushButton(self.tr("A&brir obra"))
        self.open_button.clicked.connect(self._open_focused)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        alerts_box = QWidget()
        box = QVBoxLayout(alerts_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("<b>Alertas</b> (doble clic para ir a la obra)")))
        box.addWidget(self.alerts, 1)
        split.addWidget(alerts_box)
        split.setSizes([420, 240])
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h2>Tablero de obras</h2>")))
        layout.addLayout(filters)
        layout.addLayout(cutoff)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

    def _fill_ucgs(self) -> None:
        fill_ucg_filter(self.ucg, self.ctx.services.territory.get(), self.localidad.currentData() or "",
                        self.tr("Todas las UCG"))

    # -- data -------------------------------------------------------------------------------
    def _data_changed(self, what: str) -> None:
        """Recompute now if shown, else on the next show (thousands of works take seconds)."""
        if what in ("findings", "petitions", "reports", "profile", "accounts"):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        analysis = self.ctx.services.analysis
        as_of = from_qdate(self.date.date())
        localidad, ucg, status = self.localidad.currentData() or "", self.ucg.currentData() or "", \
            self.status.currentData() or ""

        def job(progress, cancel):
            return analysis.dashboard(as_of=as_of, localidad=localidad, ucg=ucg, status=status,
                                      progress=progress, cancel=cancel)

        self.ctx.tasks.run(job, title=self.tr("Calculando alertas de las obras…"), parent=self,
                           on_done=self._show, on_error=lambda e: show_error(self, e))

    def _show(self, rows: list[DashboardRow]) -> None:
        self.rows = rows
        alerts = [a for row in rows for a in row.alerts]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            light = _SortItem(self.tr(LIGHT_LABELS[row.light]), LIGHT_ORDER[row.light])
            light.setBackground(QBrush(QColor(LIGHT_COLORS[row.light])))
            light.setData(Qt.ItemDataRole.UserRole, row.work_id)
            cells = [light, _SortItem(row.name, row.name.lower()), _SortItem(row.localidad, row.localidad),
                     _SortItem(row.ucg, row.ucg), _SortItem(self.tr(row.status_label), row.status_label)]
            for severity in ("alta", "media", "baja"):
                count = row.counts.get(severity, 0)
                cells.append(_SortItem(str(count), count))
            for value in (row.physical_pct, row.financial_pct):
                cells.append(_SortItem(formats.percent(value), float(value) if value is not None else None))
            for c, item in enumerate(cells):
                if c >= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnToContents(0)
        order = {"alta": 0, "media": 1, "baja": 2}
        self.alert_rows = sorted(alerts, key=lambda a: (order[a.severity], a.work_name, a.code))
        self.alerts.setRowCount(len(self.alert_rows))
        for r, alert in enumerate(self.alert_rows):
            severity = _cell(SEVERITY_LABELS[alert.severity])
            severity.setForeground(QBrush(QColor(SEVERITY_COLORS[alert.severity])))
            self.alerts.setItem(r, 0, severity)
            self.alerts.setItem(r, 1, _cell(alert.work_name))
            self.alerts.setItem(r, 2, _cell(f"{alert.title}: {alert.message}"))
        self.alerts.resizeColumnToContents(0)
        lights = {k: sum(1 for row in self.rows if row.light == k) for k in (ROJO, AMARILLO, VERDE)}
        self.summary.setText(self.tr("{0} · rojo {1} · amarillo {2} · verde {3} · {4}").format(
            count_noun(len(self.rows), self.tr("obra"), self.tr("obras")), lights[ROJO], lights[AMARILLO],
            lights[VERDE], count_noun(len(self.alert_rows), self.tr("alerta"), self.tr("alertas"))))

    def open_settings(self) -> None:
        from veeduria_app.ui.analysis_settings_dialog import AnalysisSettingsDialog

        AnalysisSettingsDialog(self.ctx, self).exec()

    # -- navigation -------------------------------------------------------------------------
    def work_id_at(self, row: int) -> Optional[str]:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_selected_work(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        work_id = self.work_id_at(rows[0].row()) if rows else None
        if work_id:
            self.ctx.open_work.emit(work_id)

    def open_selected_alert(self, *_args) -> None:
        """Open the alert's work on its Comparación tab with that alert selected."""
        rows = self.alerts.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.alert_rows):
            return
        alert = self.alert_rows[rows[0].row()]
        self.ctx.open_work.emit(alert.work_id)
        detail = getattr(self.window(), "detail", None)
        if detail is not None and getattr(detail, "work_id", None) == alert.work_id:
            tab = detail.show_tab("comparison")
            if hasattr(tab, "select_alert"):
                tab.select_alert(alert.code)

    def _open_focused(self) -> None:
        if self.alerts.hasFocus() and self.alerts.selectionModel().selectedRows():
            self.open_selected_alert()
        else:
            self.open_selected_work()
