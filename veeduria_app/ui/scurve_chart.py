"""The S-curve of a work's «Comparación» tab: planned, observed and financial progress with
visits, payments and contract changes marked, and a legend that wraps.

QtCharts draws its legend on one line and cuts every name short («Pr…», «O…») when the chart is
narrow, as on a 1366×768 laptop at 150 %; the legend here is a wrapping label under the chart.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import Optional

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from veeduria_app.domain.progress import CurvePoint
from veeduria_app.services.analysis import ComparisonDTO

# what each kind of line or marker looks like in the legend (the chart's dash style or shape)
LINE_SYMBOLS = {Qt.PenStyle.DashLine: "╌╌╌", Qt.PenStyle.SolidLine: "━━━", Qt.PenStyle.DotLine: "┈┈┈"}
MARKER_SYMBOLS = {QScatterSeries.MarkerShape.MarkerShapeCircle: "●",
                  QScatterSeries.MarkerShape.MarkerShapeRectangle: "■",
                  QScatterSeries.MarkerShape.MarkerShapeTriangle: "▲"}


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _msecs(day: dt.date) -> float:
    return float(QDateTime(to_qdate(day), QTime(12, 0)).toMSecsSinceEpoch())


def legend_html(entries: list[tuple[str, str, str]]) -> str:
    """«symbol name» pairs that never break inside, separated by spaces where the label may wrap."""
    return " &nbsp; ".join(f"<span style='color:{color}'>{symbol}</span>&nbsp;{html.escape(name).replace(' ', '&nbsp;')}"
                           for name, symbol, color in entries)


class SCurveView(QWidget):
    """Planned, observed and financial progress with visits, payments and acts marked.

    Lines differ by dash style and markers by shape, so the chart reads in black and white.
    """

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("Curva S: avance programado, observado y financiero"))
        self.view.setMinimumHeight(130)  # fits a 1366×768 laptop at 150 %; grows with the window
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.legend.setAccessibleName(self.tr("Leyenda de la curva S"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.series_names: list[str] = []
        self._legend: list[tuple[str, str, str]] = []

    def chart(self) -> QChart:
        return self.view.chart()

    def _set_chart(self, chart: QChart) -> None:
        chart.legend().hide()  # its one line elides the names: the wrapping label below replaces it
        self.view.setChart(chart)
        self.legend.setText(legend_html(self._legend))
        self.legend.setVisible(bool(self._legend))

    def show_curve(self, data: ComparisonDTO) -> None:
        curve = data.curve
        chart = QChart()
        chart.setTitle(self.tr("Curva S"))
        self.series_names = []
        self._legend = []
        if curve.start is None:
            chart.setTitle(self.tr("Curva S: sin contrato ni visitas todavía"))
            self._set_chart(chart)
            return
        axis_x = QDateTimeAxis()
        axis_x.setFormat("MM/yyyy")
        axis_x.setTitleText(self.tr("Fecha"))
        top = max([100.0] + [float(p.pct) for p in curve.planned + curve.observed + curve.financial])
        axis_y = QValueAxis()
        axis_y.setRange(0, top)
        axis_y.setLabelFormat("%d %%")
        axis_y.setTitleText(self.tr("Avance"))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)

        def line(name: str, points: tuple[CurvePoint, ...], color: str, style: Qt.PenStyle) -> None:
            if not points:
                return
            series = QLineSeries()
            series.setName(name)
            for p in points:
                series.append(_msecs(p.date), float(p.pct))
            pen = QPen(QColor(color))
            pen.setWidth(2)
            pen.setStyle(style)
            series.setPen(pen)
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
            self.series_names.append(name)
            self._legend.append((name, LINE_SYMBOLS.get(style, "───"), color))

        line(self.tr("Programado"), curve.planned, "#1f4e79", Qt.PenStyle.DashLine)
        line(self.tr("Observado"), curve.observed, "#2e7d32", Qt.PenStyle.SolidLine)
        line(self.tr("Financiero"), curve.financial, "#b3261e", Qt.PenStyle.DotLine)

        def level(points: tuple[CurvePoint, ...], day: dt.date) -> float:
            known = [p for p in points if p.date <= day]
            return float(known[-1].pct) if known else 0.0

        groups = [
            (self.tr("Visitas"), {"visita"}, QScatterSeries.MarkerShape.MarkerShapeCircle, "#2e7d32", curve.observed),
            (self.tr("Pagos"), {"pago", "anticipo"}, QScatterSeries.MarkerShape.MarkerShapeRectangle, "#b3261e",
             curve.financial),
            (self.tr("Modificaciones"), {"adicion", "prorroga", "suspension", "reinicio", "cesion", "otrosi"},
             QScatterSeries.MarkerShape.MarkerShapeTriangle, "#1f4e79", curve.planned),
        ]
        for name, kinds, shape, color, base in groups:
            events = [e for e in curve.markers if e.kind in kinds]
            if not events:
                continue
            scatter = QScatterSeries()
            scatter.setName(name)
            scatter.setMarkerShape(shape)
            scatter.setMarkerSize(10)
            scatter.setBrush(QBrush(QColor(color)))
            for event in events:
                scatter.append(_msecs(event.date), level(base, event.date))
            chart.addSeries(scatter)
            scatter.attachAxis(axis_x)
            scatter.attachAxis(axis_y)
            self.series_names.append(name)
            self._legend.append((name, MARKER_SYMBOLS.get(shape, "●"), color))
        axis_x.setRange(QDateTime(to_qdate(curve.start), QTime(0, 0)),
                        QDateTime(to_qdate(curve.end or curve.start), QTime(23, 59)))
        self._set_chart(chart)
