"""Contract detail: data with its source, a timeline of modifications, payments and milestones,
bill of quantities, schedule, reported progress, budget allocations (typed and corrected here)
and the works it is linked to (link/unlink)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.services.contracts import ContractDTO
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.works import WorkFilter
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contract_budget import BudgetPanel
from veeduria_app.ui.contract_form import SUPERVISION_KINDS, ContractFormDialog
from veeduria_app.ui.messages import show_error


def _table(headers: list[str], rows: list[list[str]], name: str, money_cols: tuple[int, ...] = ()) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in money_cols:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _milestone_money(value, currency: str | None) -> str:
    if value is None:
        return ""
    return formats.money(value) if currency in (None, "COP") else f"{currency} {formats.number(value)}"


def timeline_rows(c: ContractDTO) -> list[list[str]]:
    """Signature, start, modifications, payments, milestones (OCDS) and planned end in date order."""
    events: list[tuple] = []
    if c.signed_date:
        events.append((c.signed_date, 0, "Firma", formats.money(c.initial_value), "", c.source.label))
    if c.start_date:
        events.append((c.start_date, 1, "Inicio", "", "", ""))
    for m in c.modifications:
        days = f"{m.days_change} días" if m.days_change else (formats.short_date(m.new_end_date) if m.new_end_date else "")
        events.append((m.date, 2, m.kind_label, formats.money(m.value_change), days,
                       " · ".join(x for x in (m.act_number, m.reason, m.source.label) if x)))
    for p in c.payments:
        events.append((p.date, 3, p.kind_label, formats.money(p.amount), "",
                       " · ".join(x for x in (p.document, p.source.label) if x)))
    for h in c.milestones:
        state = h.status_label
        if h.date_met:
            state = f"{state} el {formats.short_date(h.date_met)}".strip()
        detail = " · ".join(x for x in (h.type_label, h.description if h.description != h.title else "",
                                        h.source.label) if x)
        events.append((h.due_date or h.date_met, 3.5, f"Hito: {h.title or h.source_id or ''}",
                       _milestone_money(h.value, h.currency), state, detail))
    if c.end_date:
        events.append((c.end_date, 4, "Terminación prevista (firmada)", "", "", ""))
    if c.current_end_date and c.current_end_date != c.end_date:
        events.append((c.current_end_date, 5, "Terminación actual (con prórrogas y suspensiones)", "", "", ""))
    if c.liquidation_date:
        events.append((c.liquidation_date, 6, "Liquidación", "", "", ""))
    import datetime as dt
    events.sort(key=lambda e: (e[0] or dt.date.min, e[1]))
    return [[formats.short_date(e[0]) or "sin fecha", e[2], e[3], e[4], e[5]] for e in events]


class ContractDetailDialog(QDialog):
    def __init__(self, ctx: AppContext, contract_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id = contract_id
        self.setWindowTitle(self.tr("Contrato"))
        fit_to_screen(self, 980, 680)
        self.layout_ = QVBoxLayout(self)
        self.reload()

    def reload(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        c = self.ctx.services.contracts.get(self.contract_id)
        self.contract = c
        self.setWindowTitle(self.tr("Contrato ") + (c.number or c.secop_id or ""))
        header = QWidget()
        form = QFormLayout(header)
        money = (lambda v: formats.money(v)) if c.currency in (None, "COP") else (lambda v: f"{c.currency} {formats.number(v)}" if v is not None else "")
        pct = f" (adiciones: {formats.percent(c.additions_pct)})" if c.additions_pct else ""
        kind = c.supervision_kind or ""
        kind = self.tr(SUPERVISION_KINDS[kind]) if kind in SUPERVISION_KINDS else kind  # never the raw code
        for label, value in (
            ("Número / ID SECOP", " · ".join(x for x in (c.number, c.secop_id) if x)),
            ("Entidad", f"{c.entity or ''}  NIT {c.entity_nit_display}"),
            ("Contratista", f"{c.contractor or ''}  {c.contractor_id or ''}"),
            ("Objeto", c.object or ""),
            ("Valor inicial / actual / pagado", f"{money(c.initial_value)} / {money(c.current_value)}{pct} / {money(c.paid_value)}"),
            ("Plazo", f"{formats.short_date(c.start_date)} a {formats.short_date(c.end_date)}; fin actual "
                      f"{formats.short_date(c.current_end_date)}"),
            ("Estado", c.status or ""),
            ("Supervisión", " · ".join(x for x in (kind, c.supervisor) if x)),
            ("BPIN", c.bpin or ""),
            ("Fuente de los datos", c.source.label),
        ):
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(self.tr(label))
            form.addRow(self.tr(label), text)
        if c.url:
            link = QLabel(f'<a href="{c.url}">{self.tr("Ver en SECOP")}</a>')
            link.setOpenExternalLinks(True)
            link.setTextInteractionFlags(  # a Tab stop, opened with Intro: not for the mouse alone
                Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            link.setAccessibleName(self.tr("Enlace a SECOP"))
            form.addRow("", link)
        self.layout_.addWidget(header)

        tabs = QTabWidget()
        tabs.setAccessibleName(self.tr("Detalle del contrato"))
        self.timeline = _table([self.tr("Fecha"), self.tr("Evento"), self.tr("Valor"), self.tr("Plazo"), self.tr("Detalle y fuente")],
                               timeline_rows(c), self.tr("Línea de tiempo de modificaciones, pagos e hitos"), (2,))
        tabs.addTab(self.timeline, self.tr("Línea de tiempo"))
        boq = self.ctx.services.contracts.boq(c.id)
        self.boq_table = _table(
            [self.tr("Ítem"), self.tr("Descripción"), self.tr("Unidad"), self.tr("Cantidad"), self.tr("Valor unitario"), self.tr("Valor total")],
            [[b.code, b.description, b.unit or "", formats.number(b.quantity, 2) if b.quantity is not None else "",
              formats.money(b.unit_price), formats.money(b.total)] for b in boq],
            self.tr("Presupuesto de obra"), (3, 4, 5))
        tabs.addTab(self.boq_table, self.tr("Presupuesto de obra ({n})").replace("{n}", str(len(boq))))
        schedule = self.ctx.services.contracts.schedule(c.id)
        tabs.addTab(_table([self.tr("Fecha"), self.tr("% programado acumulado")],
                           [[formats.short_date(p.date), formats.percent(p.planned_percent)] for p in schedule],
                           self.tr("Programación de obra")), self.tr("Programación"))
        reports = self.ctx.services.contracts.progress_reports(c.id)
        tabs.addTab(_table([self.tr("Fecha"), self.tr("Tipo"), self.tr("Programado"), self.tr("Real"), self.tr("Fuente")],
                           [[formats.short_date(r.date), r.kind, formats.percent(r.planned_percent),
                             formats.percent(r.actual_percent), r.source.label] for r in reports],
                           self.tr("Avance reportado")), self.tr("Avance reportado"))
        self.budget_panel = BudgetPanel(self.ctx, c)
        tabs.addTab(self.budget_panel, self.tr("Presupuesto asignado ({n})").replace("{n}", str(len(c.budget))))
        self.budget_panel.on_change = lambda: tabs.setTabText(
            tabs.indexOf(self.budget_panel), self.tr("Presupuesto asignado ({n})").replace(
                "{n}", str(sum(1 for b in self.budget_panel.allocations if not b.archived))))
        tabs.addTab(self._works_panel(c), self.tr("Obras vinculadas"))
        self.tabs = tabs
        self.layout_.addWidget(tabs)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("&Editar…"))
        self.edit_button.setAccessibleName(self.tr("Editar contrato"))
        self.edit_button.clicked.connect(self.edit)
        close = QPushButton(self.tr("&Cerrar"))
        close.setAccessibleName(self.tr("Cerrar detalle"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.edit_button)
        self.modification_button = QPushButton(self.tr("Registrar &modificación…"))
        self.modification_button.setAccessibleName(self.tr("Registrar una modificación del contrato"))
        self.modification_button.clicked.connect(self.add_modification)
        self.payment_button = QPushButton(self.tr("Registrar &pago…"))
        self.payment_button.setAccessibleName(self.tr("Registrar un pago del contrato"))
        self.payment_button.clicked.connect(self.add_payment)
        self.boq_button = QPushButton(self.tr("&Importar presupuesto…"))
        self.boq_button.setAccessibleName(self.tr("Importar presupuesto de obra o programación"))
        self.boq_button.clicked.connect(self.import_boq)
        for button in (self.modification_button, self.payment_button, self.boq_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        holder = QWidget()
        holder.setLayout(buttons)
        self.layout_.addWidget(holder)

    def _works_panel(self, c: ContractDTO) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        self.works_list = QListWidget()
        self.works_list.setAccessibleName(self.tr("Obras vinculadas al contrato"))
        works = {w.id: w for w in self.ctx.services.works.list(WorkFilter(include_archived=True))}
        for wid in c.work_ids:
            item = QListWidgetItem(works[wid].name if wid in works else wid)
            item.setData(Qt.ItemDataRole.UserRole, wid)
            self.works_list.addItem(item)
        self.work_choice = QComboBox()
        self.work_choice.setAccessibleName(self.tr("Obra para vincular"))
        for w in works.values():
            if w.id not in c.work_ids and not w.archived:
                self.work_choice.addItem(w.name, w.id)
        self.link_button = QPushButton(self.tr("&Vincular"))
        self.link_button.setAccessibleName(self.tr("Vincular a la obra elegida"))
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button = QPushButton(self.tr("&Desvincular"))
        self.unlink_button.setAccessibleName(self.tr("Desvincular la obra seleccionada"))
        self.unlink_button.clicked.connect(self.unlink_selected)
        row = QHBoxLayout()
        row.addWidget(self.work_choice, 1)
        row.addWidget(self.link_button)
        row.addWidget(self.unlink_button)
        layout.addWidget(self.works_list)
        layout.addLayout(row)
        return panel

    def link_selected(self) -> None:
        work_id = self.work_choice.currentData()
        if not work_id:
            return
        try:
            self.ctx.services.contracts.link(self.contract_id, work_id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("contracts")
        self.reload()
        self.tabs.setCurrentIndex(self.tabs.count() - 1)

    def unlink_selected(self) -> None:
        item = self.works_list.currentItem()
        if item is None:
            return
        try:
            self.ctx.services.contracts.unlink(self.contract_id, item.data(Qt.ItemDataRole.UserRole))
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("contracts")
        self.reload()
        self.tabs.setCurrentIndex(self.tabs.count() - 1)

    def add_modification(self) -> None:
        from veeduria_app.ui.contract_acts import ModificationDialog

        if ModificationDialog(self.ctx, self.contract_id, self).exec():
            self.reload()

    def add_payment(self) -> None:
        from veeduria_app.ui.contract_acts import PaymentDialog

        if PaymentDialog(self.ctx, self.contract_id, self).exec():
            self.reload()

    def import_boq(self) -> None:
        from veeduria_app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, contract_id=self.contract_id, parent=self)
        dialog.format.setCurrentIndex(dialog.format.findData("boq"))
        dialog.exec()
        self.reload()

    def edit(self) -> None:
        dialog = ContractFormDialog(self.ctx, self.contract, parent=self)
        if dialog.exec():
            self.reload()
