"""Typing the acts the entity sends on paper: a modification (adición, prórroga, suspensión,
reinicio, cesión, otrosí) or a payment (anticipo, acta parcial, acta final)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from veeduria_app.services.contracts import MODIFICATION_LABELS, PAYMENT_LABELS, TERM_FIELDS
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_form import parse_pesos
from veeduria_app.ui.date_field import DateField


class _ActDialog(QDialog):
    def __init__(self, ctx: AppContext, contract_id: str, title: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx, self.contract_id = ctx, contract_id
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000")
        self.message.setAccessibleName(self.tr("Mensaje de validación"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Guardar"))
        self.save_button.setAccessibleName(title)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def add_row(self, label: str, widget: QWidget) -> None:
        widget.setAccessibleName(self.tr(label))
        self.form.addRow(self.tr(label), widget)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ModificationDialog(_ActDialog):
    def __init__(self, ctx: AppContext, contract_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, contract_id, self.tr("Registrar modificación"), parent)
        self.kind = QComboBox()
        for code, label in MODIFICATION_LABELS.items():
            self.kind.addItem(self.tr(label), code)
        self.date = DateField()
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("$ 0 (negativo si reduce el valor)"))
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.new_end = DateField()
        self.end = DateField()
        self.act = QLineEdit()
        self.reason = QLineEdit()
        for label, widget in (("Tipo", self.kind), ("Fecha del acto", self.date), ("Valor adicionado (pesos)", self.value),
                              ("Días prorrogados", self.days), ("Nueva fecha de terminación", self.new_end),
                              ("Fin de la suspensión (si el acta lo fija)", self.end), ("Número del acto", self.act),
                              ("Justificación", self.reason)):
            self.add_row(label, widget)
        self._term_fields = {"days_change": self.days, "new_end_date": self.new_end, "end_date": self.end}
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Only the term fields the chosen kind carries can be filled (domain.progress.TERM_FIELDS)."""
        carried = TERM_FIELDS.get(self.kind.currentData(), frozenset())
        for name, widget in self._term_fields.items():
            widget.setEnabled(name in carried)

    def save(self) -> None:
        try:
            value = parse_pesos(self.value.text().replace("-", "")) if self.value.text().strip() else None
        except ValueError:
            self.message.setText(self.tr("El valor no es un número (ejemplo: 150.000.000)."))
            return
        if value is not None and self.value.text().strip().startswith("-"):
            value = -value
        if self.date.value() is None:
            self.message.setText(self.tr("Escriba la fecha del acto de modificación."))
            return
        try:
            self.ctx.services.contracts.add_modification(
                self.contract_id, self.kind.currentData(), self.date.value(), value_change=value,
                days_change=(self.days.value() or None) if self.days.isEnabled() else None,
                new_end_date=self.new_end.value() if self.new_end.isEnabled() else None,
                end_date=self.end.value() if self.end.isEnabled() else None,
                act_number=self.act.text().strip(), reason=self.reason.text().strip())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("contracts")
        self.accept()


class PaymentDialog(_ActDialog):
    def __init__(self, ctx: AppContext, contract_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, contract_id, self.tr("Registrar pago"), parent)
        self.kind = QComboBox()
        for code, label in PAYMENT_LABELS.items():
            self.kind.addItem(self.tr(label), code)
        self.date = DateField()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("$ 0")
        self.document = QLineEdit()
        for label, widget in (("Tipo de pago", self.kind), ("Fecha", self.date), ("Valor (pesos)", self.amount),
                              ("Documento soporte (orden de pago, acta)", self.document)):
            self.add_row(label, widget)

    def save(self) -> None:
        try:
            amount = parse_pesos(self.amount.text())
        except ValueError:
            self.message.setText(self.tr("El valor no es un número (ejemplo: 45.000.000)."))
            return
        if self.date.value() is None:
            self.message.setText(self.tr("Escriba la fecha del pago."))
            return
        try:
            self.ctx.services.contracts.add_payment(self.contract_id, self.date.value(), amount, self.kind.currentData(),
                                                    self.document.text().strip())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("contracts")
        self.accept()
