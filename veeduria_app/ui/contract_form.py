"""Manual entry and editing of a contract, with NIT validation done by the service."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from veeduria_app.services.contracts import ContractDTO, ContractFields, format_nit
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.date_field import DateField
from veeduria_app.ui.form_state import form_state
from veeduria_app.ui.messages import confirm_discard, show_error

# What people read for the two kinds the service accepts (services/contracts.py); empty = unknown.
SUPERVISION_KINDS = {"supervisor": "Supervisor", "interventor": "Interventor"}


def parse_pesos(text: str) -> Optional[Decimal]:
    """`$ 1.234.567` or `1234567,50` as typed in Colombia; None when empty."""
    clean = text.replace("$", "").replace(" ", "").strip()
    if not clean:
        return None
    clean = clean.replace(".", "").replace(",", ".")
    try:
        return Decimal(clean)
    except InvalidOperation:
        raise ValueError(text) from None


class ContractFormDialog(QDialog):
    """Create (contract=None) or edit a contract; `result_contract` holds what was saved."""

    def __init__(self, ctx: AppContext, contract: Optional[ContractDTO] = None, work_id: Optional[str] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx, self.contract, self.work_id = ctx, contract, work_id
        self.result_contract: Optional[ContractDTO] = None
        self.setWindowTitle(self.tr("Editar contrato") if contract else self.tr("Nuevo contrato"))
        form = QFormLayout()
        self.number = QLineEdit()
        self.secop_id = QLineEdit()
        self.entity = QLineEdit()
        self.entity_nit = QLineEdit()
        self.entity_nit.setPlaceholderText("890.480.184-4")
        self.contractor = QLineEdit()
        self.contractor_id_type = QComboBox()
        for code, label in (("NIT", "NIT"), ("CC", "Cédula de ciudadanía"), ("CE", "Cédula de extranjería")):
            self.contractor_id_type.addItem(label, code)
        self.contractor_id = QLineEdit()
        self.object = QPlainTextEdit()
        self.object.setFixedHeight(70)
        self.object.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else
        self.contract_type = QLineEdit()
        self.modality = QLineEdit()
        self.initial_value = QLineEdit()
        self.initial_value.setPlaceholderText("$ 0")
        self.advance_value = QLineEdit()
        self.signed_date, self.start_date, self.end_date = DateField(), DateField(), DateField()
        self.liquidation_date = DateField()
        self.status = QLineEdit()
        self.supervision_kind = QComboBox()
        self.supervision_kind.addItem(self.tr("(sin dato)"), "")  # unknown stays unknown when saved
        for code, label in SUPERVISION_KINDS.items():
            self.supervision_kind.addItem(self.tr(label), code)
        self.supervisor = QLineEdit()
        self.funding_sources = QLineEdit()
        self.bpin = QLineEdit()
        self.url = QLineEdit()
        rows = [
            ("Número del contrato", self.number), ("ID en SECOP", self.secop_id), ("Entidad contratante", self.entity),
            ("NIT de la entidad", self.entity_nit), ("Contratista", self.contractor),
            ("Tipo de documento", self.contractor_id_type), ("NIT o cédula del contratista", self.contractor_id),
            ("Objeto", self.object), ("Tipo de contrato", self.contract_type), ("Modalidad", self.modality),
            ("Valor inicial (pesos)", self.initial_value), ("Anticipo pactado (pesos)", self.advance_value),
            ("Fecha de firma", self.signed_date), ("Fecha de inicio", self.start_date),
            ("Terminación prevista", self.end_date), ("Fecha de liquidación", self.liquidation_date),
            ("Estado", self.status), ("Supervisión", self.supervision_kind), ("Supervisor o interventor", self.supervisor),
            ("Fuentes de financiación", self.funding_sources), ("BPIN", self.bpin), ("Enlace SECOP", self.url),
        ]
        for label, widget in rows:
            widget.setAccessibleName(self.tr(label))
            form.addRow(self.tr(label), widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000")
        self.message.setAccessibleName(self.tr("Mensaje de validación"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Guardar"))
        self.save_button.setAccessibleName(self.tr("Guardar contrato"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if contract:
            self._fill(contract)
        self._pristine = form_state(self)

    def reject(self) -> None:
        """Escape, «Cancelar» or the window's close button: typed data is dropped only on request."""
        if form_state(self) != self._pristine and not confirm_discard(self, [self.tr("el contrato")]):
            return
        super().reject()

    def _fill(self, c: ContractDTO) -> None:
        for name in ("number", "secop_id", "entity", "contractor", "contract_type", "modality", "status", "supervisor",
                     "funding_sources", "bpin", "url"):
            getattr(self, name).setText(getattr(c, name) or "")
        self.entity_nit.setText(format_nit(c.entity_nit))
        self.contractor_id.setText(c.contractor_id or "")
        index = self.contractor_id_type.findData((c.contractor_id_type or "NIT")[:3].upper().strip())
        self.contractor_id_type.setCurrentIndex(max(0, index))
        self.object.setPlainText(c.object or "")
        self.initial_value.setText(f"{c.initial_value:,.0f}".replace(",", ".") if c.initial_value is not None else "")
        self.advance_value.setText(f"{c.advance_value:,.0f}".replace(",", ".") if c.advance_value is not None else "")
        for name in ("signed_date", "start_date", "end_date", "liquidation_date"):
            getattr(self, name).set_value(getattr(c, name))
        self.supervision_kind.setCurrentIndex(max(0, self.supervision_kind.findData(c.supervision_kind or "")))

    def fields(self) -> ContractFields:
        try:
            value = parse_pesos(self.initial_value.text())
        except ValueError:
            raise ValueError(self.tr("El valor inicial no es un número (ejemplo: 1.234.567).")) from None
        try:
            advance = parse_pesos(self.advance_value.text())
        except ValueError:
            raise ValueError(self.tr("El anticipo no es un número (ejemplo: 1.234.567).")) from None
        return ContractFields(
            number=self.number.text(), secop_id=self.secop_id.text(), url=self.url.text(), entity=self.entity.text(),
            entity_nit=self.entity_nit.text(), contractor=self.contractor.text(),
            contractor_id=self.contractor_id.text(), contractor_id_type=self.contractor_id_type.currentData(),
            object=self.object.toPlainText(), modality=self.modality.text(), contract_type=self.contract_type.text(),
            initial_value=value, advance_value=advance, signed_date=self.signed_date.value(),
            start_date=self.start_date.value(), end_date=self.end_date.value(),
            liquidation_date=self.liquidation_date.value(), status=self.status.text(),
            supervisor=self.supervisor.text(), supervision_kind=self.supervision_kind.currentData() or "",
            funding_sources=self.funding_sources.text(), bpin=self.bpin.text(),
            process_id=self.contract.process_id or "" if self.contract else "",
        )

    def save(self) -> None:
        try:
            fields = self.fields()
        except ValueError as problem:
            self.message.setText(str(problem))
            return
        try:
            if self.contract:
                self.result_contract = self.ctx.services.contracts.update(self.contract.id, fields,
                                                                          expected_version=self.contract.version)
            else:
                self.result_contract = self.ctx.services.contracts.create(fields, work_id=self.work_id)
        except ServiceError as error:
            self.message.setText(str(error))
            if error.__class__.__name__ == "ConflictError":
                show_error(self, error)
            return
        self.ctx.notify("contracts")
        self.accept()
