"""Budget allocations of a contract (vigencia, fuente, rubro, CDP and RP), typed from the
papers the entity sends: the panel in the contract detail lists them and opens the form to add
or correct one; removing archives it (the service keeps it and audits the change)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable, Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.services.contracts import FUNDING_LABELS, BudgetAllocationDTO, BudgetFields, ContractDTO
from veeduria_app.services.errors import ConflictError, ServiceError
from veeduria_app.ui.compact import compact_combo
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_acts import _ActDialog
from veeduria_app.ui.contract_form import parse_pesos
from veeduria_app.ui.messages import show_error


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask yes/no (a module function so GUI tests can answer it)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class MoneyEdit(QLineEdit):
    """A peso amount as Colombians type it; shown back as `$ 1.234.567` when it is a number."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("$ 0")
        self.editingFinished.connect(self._reformat)

    def set_value(self, value: Optional[Decimal]) -> None:
        self.setText(formats.money(value, decimals=value is not None and value != value.to_integral_value()))

    def value(self) -> Optional[Decimal]:
        """The amount, None when empty; ValueError when it is not a number."""
        return parse_pesos(self.text().replace("−", "-"))

    def _reformat(self) -> None:
        try:
            value = self.value()
        except ValueError:
            return  # left as typed: saving explains what is wrong
        if value is not None:
            self.set_value(value)


class BudgetDialog(_ActDialog):
    """Add (allocation=None) or correct a budget allocation; `saved` holds the result."""

    def __init__(self, ctx: AppContext, contract_id: str, allocation: Optional[BudgetAllocationDTO] = None,
                 parent: Optional[QWidget] = None) -> None:
        title = self.tr("Corregir asignación presupuestal") if allocation else self.tr("Registrar asignación presupuestal")
        super().__init__(ctx, contract_id, title, parent)
        self.allocation = allocation
        self.saved: Optional[BudgetAllocationDTO] = None
        self.setMinimumWidth(520)  # room for a rubro's code and name; still fits 1366×768 at 150 %
        self.vigencia = QLineEdit(str(dt.date.today().year))
        self.vigencia.setMaxLength(4)
        self.vigencia.setPlaceholderText(self.tr("Año, p. ej. 2026"))
        self.funding = compact_combo(QComboBox())
        for code, label in FUNDING_LABELS.items():
            self.funding.addItem(self.tr(label), code)
        self.rubro = QLineEdit()
        self.rubro.setPlaceholderText(self.tr("Código y nombre del rubro"))
        self.amount = MoneyEdit()
        self.cdp_number = QLineEdit()
        self.cdp_amount = MoneyEdit()
        self.rp_number = QLineEdit()
        self.rp_amount = MoneyEdit()
        self.description = QLineEdit()
        self.money_fields = ((self.amount, self.tr("valor asignado")), (self.cdp_amount, self.tr("valor del CDP")),
                             (self.rp_amount, self.tr("valor del RP")))
        for label, widget in (("Vigencia", self.vigencia), ("Fuente de financiación", self.funding),
                              ("Rubro presupuestal", self.rubro), ("Valor asignado (pesos)", self.amount),
                              ("Número del CDP", self.cdp_number), ("Valor del CDP (pesos)", self.cdp_amount),
                              ("Número del RP", self.rp_number), ("Valor del RP (pesos)", self.rp_amount),
                              ("Descripción", self.description)):
            self.add_row(label, widget)
        if allocation:
            self._fill(allocation)

    def _fill(self, b: BudgetAllocationDTO) -> None:
        self.vigencia.setText(str(b.vigencia or ""))
        self.funding.setCurrentIndex(max(0, self.funding.findData(b.funding_source)))
        for widget, value in ((self.rubro, b.rubro), (self.cdp_number, b.cdp_number), (self.rp_number, b.rp_number),
                              (self.description, b.description)):
            widget.setText(value or "")
        for widget, value in ((self.amount, b.amount), (self.cdp_amount, b.cdp_amount), (self.rp_amount, b.rp_amount)):
            widget.set_value(value)

    def fields(self) -> BudgetFields:
        """What the form says; ValueError with a Spanish message when an amount is not a number."""
        amounts = []
        for widget, label in self.money_fields:
            try:
                amounts.append(widget.value())
            except ValueError:
                raise ValueError(self.tr("El {label} no es un número (ejemplo: $ 1.234.567).").replace("{label}", label)) from None
        return BudgetFields(vigencia=self.vigencia.text(), funding_source=self.funding.currentData(),
                            rubro=self.rubro.text(), amount=amounts[0], cdp_number=self.cdp_number.text(),
                            cdp_amount=amounts[1], rp_number=self.rp_number.text(), rp_amount=amounts[2],
                            description=self.description.text())

    def save(self) -> None:
        try:
            fields = self.fields()
        except ValueError as problem:
            self.message.setText(str(problem))
            return
        contracts = self.ctx.services.contracts
        try:
            if self.allocation:
                self.saved = contracts.update_budget(self.allocation.id, fields, expected_version=self.allocation.version)
            else:
                self.saved = contracts.add_budget(self.contract_id, fields)
        except ServiceError as error:
            self.message.setText(str(error))
            if isinstance(error, ConflictError):
                show_error(self, error)
            return
        self.ctx.notify("contracts")
        self.accept()


class BudgetPanel(QWidget):
    """The contract's allocations with totals next to the contract value, and their buttons."""

    HEADERS = ("Vigencia", "Fuente", "Rubro", "Valor asignado", "CDP", "Valor CDP", "RP", "Valor RP", "Origen del dato")
    MONEY_COLUMNS = (3, 5, 7)

    def __init__(self, ctx: AppContext, contract: ContractDTO, on_change: Optional[Callable[[], None]] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx, self.contract, self.on_change = ctx, contract, on_change
        self.allocations: list[BudgetAllocationDTO] = []
        self.setAccessibleName(self.tr("Presupuesto asignado"))
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.setAccessibleName(self.tr("Asignaciones presupuestales del contrato"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.installEventFilter(self)  # Intro stays in the list (see eventFilter)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Totales del presupuesto asignado"))
        self.show_archived = QCheckBox(self.tr("Ver retiradas"))
        self.show_archived.setAccessibleName(self.tr("Mostrar también las asignaciones retiradas"))
        self.show_archived.toggled.connect(self.reload)
        self.add_button = QPushButton(self.tr("&Añadir…"))
        self.add_button.setAccessibleName(self.tr("Registrar una asignación presupuestal"))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Co&rregir…"))
        self.edit_button.setAccessibleName(self.tr("Corregir la asignación seleccionada"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Re&tirar"))
        self.remove_button.setAccessibleName(self.tr("Retirar o restaurar la asignación seleccionada"))
        self.remove_button.clicked.connect(self.toggle_selected)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.show_archived)
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Intro on an allocation corrects it and goes no further. Left to the list, the key also
        reached the contract's dialog around the panel, which pressed its default button
        («Añadir…»): Intro opened a new allocation instead of the chosen one."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = self.table.currentIndex()
            if index.isValid():
                self.table.activated.emit(index)
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        try:
            self.allocations = self.ctx.services.contracts.budget(self.contract.id,
                                                                  include_archived=self.show_archived.isChecked())
        except ServiceError as error:
            show_error(self, error)
            return
        self.table.setRowCount(len(self.allocations))
        for r, b in enumerate(self.allocations):
            label = b.funding_label + (self.tr(" (retirada)") if b.archived else "")
            texts = (str(b.vigencia or ""), label, b.rubro or b.description or "", formats.money(b.amount),
                     b.cdp_number or "", formats.money(b.cdp_amount), b.rp_number or "", formats.money(b.rp_amount),
                     b.source.label)
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.id)
                if c in self.MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if b.archived:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        active = [b for b in self.allocations if not b.archived]
        total = lambda name: sum((getattr(b, name) or Decimal(0) for b in active), Decimal(0))  # noqa: E731
        self.summary.setText(
            self.tr("{n} asignaciones · CDP {cdp} · RP {rp} · valor actual del contrato {value}")
            .replace("{n}", str(len(active))).replace("{cdp}", formats.money(total("cdp_amount")))
            .replace("{rp}", formats.money(total("rp_amount")))
            .replace("{value}", formats.money(self.contract.current_value) or self.tr("sin valor")))
        self._selection_changed()

    def selected(self) -> Optional[BudgetAllocationDTO]:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.allocations[rows[0].row()]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None and not chosen.archived)
        self.remove_button.setEnabled(chosen is not None)
        self.remove_button.setText(self.tr("Res&taurar") if chosen and chosen.archived else self.tr("Re&tirar"))

    def _changed(self) -> None:
        self.reload()
        if self.on_change:
            self.on_change()

    def add(self) -> None:
        if BudgetDialog(self.ctx, self.contract.id, parent=self).exec():
            self._changed()

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.archived:
            return
        if BudgetDialog(self.ctx, self.contract.id, chosen, parent=self).exec():
            self._changed()

    def toggle_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not chosen.archived and not confirm(
                self, self.tr("Retirar asignación"),
                self.tr("¿Retirar la asignación {fuente} {vigencia} de este contrato? Queda guardada en el "
                        "historial y puede restaurarse con «Ver retiradas».")
                .replace("{fuente}", chosen.funding_label).replace("{vigencia}", str(chosen.vigencia or ""))):
            return
        try:
            self.ctx.services.contracts.archive_budget(chosen.id, archived=not chosen.archived)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("contracts")
        self._changed()
