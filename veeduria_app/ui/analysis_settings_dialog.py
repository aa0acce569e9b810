"""Dialog to adjust alert thresholds and the minimum-wage table (coordinators only).

The minimum wage changes by decree every December; the thresholds are the issue's defaults
and a veeduría may tighten or relax them. Both are stored as audited settings.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.alerts import THRESHOLD_LABELS, AlertThresholds
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.compact import fit_to_screen, scrollable
from veeduria_app.ui.comparison_tab import _cell
from veeduria_app.ui.context import AppContext


class AnalysisSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Umbrales de alerta y salario mínimo"))
        current = ctx.services.analysis.thresholds()
        defaults = AlertThresholds()
        self.fields: dict[str, QSpinBox | QDoubleSpinBox] = {}
        form = QFormLayout()
        for name, label in THRESHOLD_LABELS.items():
            value = getattr(current, name)
            if isinstance(value, int):
                box: QSpinBox | QDoubleSpinBox = QSpinBox()
                box.setRange(0, 3650)
                box.setValue(value)
            else:
                box = QDoubleSpinBox()
                box.setRange(0, 1000)
                box.setDecimals(2)
                box.setValue(float(value))
            box.setAccessibleName(self.tr(label))
            box.setToolTip(self.tr("Valor por defecto: {0}").format(getattr(defaults, name)))
            self.fields[name] = box
            form.addRow(self.tr(label) + ":", box)
        thresholds = QGroupBox(self.tr("Umbrales (una cifra igual al umbral no genera alerta)"))
        thresholds.setLayout(form)

        self.wages = QTableWidget(0, 2)
        self.wages.setHorizontalHeaderLabels([self.tr("Año"), self.tr("Salario mínimo mensual")])
        self.wages.verticalHeader().setVisible(False)
        self.wages.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.wages.setAccessibleName(self.tr("Salario mínimo por año"))
        self.year = QLineEdit()
        self.year.setPlaceholderText(self.tr("Año"))
        self.year.setAccessibleName(self.tr("Año del salario mínimo"))
        self.wage = QLineEdit()
        self.wage.setPlaceholderText(self.tr("Valor, por ejemplo 1.750.905"))
        self.wage.setAccessibleName(self.tr("Valor del salario mínimo"))
        self.add_wage = QPushButton(self.tr("&Agregar o corregir"))
        self.add_wage.clicked.connect(self.save_wage)
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(self.wage, 1)
        row.addWidget(self.add_wage)
        wages = QGroupBox(self.tr("Salario mínimo (SMMLV) para medir las adiciones en salarios del año de cada acto"))
        wages_layout = QVBoxLayout(wages)
        wages_layout.addWidget(self.wages)
        wages_layout.addLayout(row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Mensaje"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save_thresholds)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(thresholds)
        body_layout.addWidget(wages, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrollable(body), 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 640)
        self._fill_wages()

    def _fill_wages(self) -> None:
        table = self.ctx.services.analysis.smmlv_table()
        items = sorted(table.values.items(), reverse=True)
        self.wages.setRowCount(len(items))
        for r, (year, value) in enumerate(items):
            self.wages.setItem(r, 0, _cell(str(year)))
            self.wages.setItem(r, 1, _cell(formats.money(value), align_right=True))

    def save_wage(self) -> None:
        try:
            self.ctx.services.analysis.set_smmlv(self.year.text(), self.wage.text())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.message.setText(self.tr("Salario mínimo de {0} guardado.").format(self.year.text().strip()))
        self.year.clear()
        self.wage.clear()
        self._fill_wages()
        self.ctx.notify("alerts")

    def save_thresholds(self) -> None:
        values = {name: (box.value() if isinstance(box, QSpinBox) else Decimal(str(round(box.value(), 2))))
                  for name, box in self.fields.items()}
        try:
            self.ctx.services.analysis.set_thresholds(values)
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("alerts")
        self.accept()
