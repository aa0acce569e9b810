"""The visit form (acta de visita): who was there, what was checked, seen, measured and said.

While the act is open it is edited directly; once closed, every field is read-only and the
only way to change it is an amendment (with its reason), which the service audits.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QStackedWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.inspections import (
    AMENDABLE_FIELDS, ANSWERS, ATTENDEE_KINDS, PROGRESS_SOURCES, RECEIVER_ROLES, Attendee, ChecklistAnswer,
    InspectionFields, Observation, Quantity,
)
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.inspections import InspectionDTO
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.form_state import form_state
from veeduria_app.ui.messages import ask_irreversible, show_error

WEATHER = ("Soleado", "Parcialmente nublado", "Nublado", "Lluvia ligera", "Lluvia fuerte")


def _item(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class EditableTable(QWidget):
    """A small table with Agregar / Quitar buttons; combo columns use cell widgets."""

    def __init__(self, headers: list[str], combos: Optional[dict[int, dict[str, str]]] = None,
                 accessible: str = "", parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.combos = combos or {}
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(accessible)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton(self.tr("Agregar"))
        self.add_button.setAccessibleName(self.tr("Agregar fila a: ") + accessible)
        self.remove_button = QPushButton(self.tr("Quitar"))
        self.remove_button.setAccessibleName(self.tr("Quitar fila seleccionada de: ") + accessible)
        self.add_button.clicked.connect(lambda: self.add_row([]))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: list[str], fixed_first: bool = False, data: Optional[str] = None) -> None:
        """Append a row; `data` is kept hidden with it (e.g. the bill-of-quantities item id)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(self.table.columnCount()):
            value = values[col] if col < len(values) else ""
            if col in self.combos:
                combo = QComboBox()
                combo.setAccessibleName(self.table.horizontalHeaderItem(col).text())
                for code, label in self.combos[col].items():
                    combo.addItem(label, code)
                index = combo.findData(value)
                combo.setCurrentIndex(max(index, 0))
                self.table.setCellWidget(row, col, combo)
            else:
                self.table.setItem(row, col, _item(value, editable=not (fixed_first and col == 0)))
        if data is not None and self.table.item(row, 0) is not None:
            self.table.item(row, 0).setData(Qt.ItemDataRole.UserRole, data)
        self._fit_height()

    def _fit_height(self) -> None:
        """Show every row: the form scrolls as a whole, tables never hide rows in a tiny box."""
        rows = max(self.table.rowCount(), 1)
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth() + 4
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount())) or self.table.verticalHeader().defaultSectionSize() * rows
        self.table.setFixedHeight(max(height, 60))

    def row_data(self, row: int) -> Optional[str]:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _remove(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._fit_height()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self._fit_height()

    def values(self) -> list[list[str]]:
        result = []
        for row in range(self.table.rowCount()):
            values = []
            for col in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    values.append(widget.currentData() or "")
                else:
                    item = self.table.item(row, col)
                    values.append(item.text().strip() if item else "")
            result.append(values)
        return result

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.AllEditTriggers)
        for row in range(self.table.rowCount()):
            for col in self.combos:
                widget = self.table.cellWidget(row, col)
                if widget is not None:
                    widget.setEnabled(not read_only)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)


class InspectionForm(QWidget):
    """Create or edit one visit; emits `saved` with the stored InspectionDTO."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.inspection: Optional[InspectionDTO] = None
        self._build()
        self.load_new()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Estado del acta"))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setAccessibleName(self.tr("Fecha de la visita"))
        self.start = QLineEdit()
        self.start.setPlaceholderText("08:30")
        self.start.setAccessibleName(self.tr("Hora de inicio"))
        self.end = QLineEdit()
        self.end.setPlaceholderText("10:00")
        self.end.setAccessibleName(self.tr("Hora de finalización"))
        self.weather = QComboBox()
        self.weather.setEditable(True)
        self.weather.addItems([""] + [self.tr(w) for w in WEATHER])
        self.weather.setAccessibleName(self.tr("Clima"))
        self.observed = QLineEdit()
        self.observed.setPlaceholderText(self.tr("p. ej. 35"))
        self.observed.setAccessibleName(self.tr("Avance físico observado en porcentaje"))
        self.reported = QLineEdit()
        self.reported.setAccessibleName(self.tr("Avance informado en obra en porcentaje"))
        self.source = QComboBox()
        for code, label in PROGRESS_SOURCES.items():
            self.source.addItem(self.tr(label), code)
        self.source.setAccessibleName(self.tr("Quién informó el avance"))
        self.attendees = EditableTable(
            [self.tr("Tipo"), self.tr("Nombre"), self.tr("Cargo o rol"), self.tr("Entidad o empresa")],
            {0: {k: self.tr(v) for k, v in ATTENDEE_KINDS.items()}}, self.tr("Asistentes"))
        self.add_members = QPushButton(self.tr("Agregar integrantes de la veeduría"))
        self.add_members.setAccessibleName(self.tr("Agregar a todos los integrantes activos como asistentes"))
        self.add_members.clicked.connect(self._add_members)
        self.attendees.layout().itemAt(1).layout().insertWidget(2, self.add_members)
        self.checklist = EditableTable([self.tr("Pregunta"), self.tr("Respuesta"), self.tr("Comentario")],
                                       {1: {k: self.tr(v) for k, v in ANSWERS.items()}}, self.tr("Lista de chequeo"))
        self.observations = EditableTable([self.tr("Quién"), self.tr("Rol (vecino, comerciante…)"), self.tr("Qué dijo")],
                                          accessible=self.tr("Observaciones de la comunidad"))
        self.quantities = EditableTable([self.tr("Ítem del presupuesto"), self.tr("Unidad"), self.tr("Cantidad observada"),
                                         self.tr("Nota")], accessible=self.tr("Cantidades observadas"))
        self.load_boq = QPushButton(self.tr("Cargar ítems del presupuesto"))
        self.load_boq.setAccessibleName(self.tr("Agregar una fila por cada ítem del presupuesto de obra"))
        self.load_boq.clicked.connect(self._load_boq)
        self.quantities.layout().itemAt(1).layout().insertWidget(2, self.load_boq)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        self.notes.setAccessibleName(self.tr("Notas"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        self.message.setAccessibleName(self.tr("Mensaje del formulario"))
        self.save_button = QPushButton(self.tr("&Guardar visita"))
        self.save_button.setAccessibleName(self.tr("Guardar visita"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Ce&rrar acta…"))
        self.close_button.setAccessibleName(self.tr("Cerrar acta de visita"))
        self.close_button.clicked.connect(self.close_act)
        self.amend_button = QPushButton(self.tr("Agregar &enmienda…"))
        self.amend_button.setAccessibleName(self.tr("Agregar enmienda al acta cerrada"))
        self.amend_button.clicked.connect(self.amend)
        self.amendments = QLabel()
        self.amendments.setWordWrap(True)
        self.amendments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amendments.setAccessibleName(self.tr("Enmiendas del acta"))

        general = QFormLayout()
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel(self.tr("a")))
        times.addWidget(self.end)
        general.addRow(self.tr("Fec&ha:"), self.date)
        general.addRow(self.tr("Hora:"), times)
        general.addRow(self.tr("C&lima:"), self.weather)
        for percent in (self.observed, self.reported):  # «100,0» stays readable however narrow the window
            percent.setMinimumWidth(percent.fontMetrics().horizontalAdvance("100,0") + 24)
        observed = QHBoxLayout()
        observed.addWidget(self.observed)
        observed.addWidget(QLabel("%"), 1)
        general.addRow(self.tr("Avance físico observado:"), observed)
        reported = QHBoxLayout()
        reported.addWidget(self.reported)
        reported.addWidget(QLabel(self.tr("% por")))
        reported.addWidget(self.source, 1)
        general.addRow(self.tr("Avance informado en obra:"), reported)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.banner)
        layout.addLayout(general)
        for title, widget in ((self.tr("Asistentes y quién los recibió"), self.attendees),
                              (self.tr("Lista de chequeo"), self.checklist),
                              (self.tr("Cantidades observadas por ítem del presupuesto"), self.quantities),
                              (self.tr("Observaciones de la comunidad"), self.observations)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("Notas:")))
        layout.addWidget(self.notes)
        layout.addWidget(self.amendments)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

    # -- loading --------------------------------------------------------------------------
    def load_new(self, day: Optional[dt.date] = None) -> None:
        self.inspection = None
        day = day or dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        for widget in (self.start, self.end, self.observed, self.reported):
            widget.clear()
        self.weather.setCurrentIndex(0)
        self.source.setCurrentIndex(0)
        self.notes.clear()
        for table in (self.attendees, self.checklist, self.observations, self.quantities):
            table.clear()
        for label in self.ctx.services.inspections.checklist_template():
            self.checklist.add_row([label, "", ""], fixed_first=True)
        self.amendments.clear()
        self.banner.setText(self.tr("<b>Nueva visita.</b> Complete el acta y guárdela; podrá agregar fotos después."))
        self._set_read_only(False)
        self.message.clear()
        self._pristine = form_state(self)

    def has_unsaved_changes(self) -> bool:
        """Whether the acta's fields differ from the visit as loaded or last saved (a new one: empty)."""
        return form_state(self) != self._pristine

    def load(self, inspection: InspectionDTO) -> None:
        self.inspection = inspection
        d = inspection.visit_date
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.start.setText(inspection.start_time or "")
        self.end.setText(inspection.end_time or "")
        self.weather.setEditText(inspection.weather)
        self.observed.setText(formats.number(inspection.observed_progress, 1) if inspection.observed_progress is not None else "")
        self.reported.setText(formats.number(inspection.reported_progress, 1) if inspection.reported_progress is not None else "")
        self.source.setCurrentIndex(max(0, self.source.findData(inspection.reported_progress_source)))
        self.notes.setPlainText(inspection.notes)
        for table in (self.attendees, self.checklist, self.observations, self.quantities):
            table.clear()
        for a in inspection.attendees:
            self.attendees.add_row([a.kind, a.name, a.role, a.organization])
        for c in inspection.checklist:
            self.checklist.add_row([c.label, c.answer, c.comment], fixed_first=True)
        for o in inspection.observations:
            self.observations.add_row([o.speaker, o.speaker_role, o.text])
        for q in inspection.quantities:
            self.quantities.add_row([q.item_label, q.unit, formats.number(q.quantity, 2), q.note],
                                    fixed_first=q.boq_item_id is not None, data=q.boq_item_id)
        if inspection.is_closed:
            self.banner.setText(self.tr("<b>Acta cerrada</b> el %1 por %2. No se puede editar: cada corrección "
                                        "se agrega como enmienda, con su motivo, y queda en el registro de cambios.")
                                .replace("%1", formats.short_datetime(inspection.closed_at.astimezone()))
                                .replace("%2", inspection.closed_by))
        else:
            self.banner.setText(self.tr("<b>Acta abierta.</b> Al terminar la visita, ciérrela para que no pueda "
                                        "modificarse sin dejar rastro."))
        lines = [self.tr("<b>Enmiendas:</b>")] if inspection.amendments else []
        for a in inspection.amendments:
            lines.append(f"{formats.short_datetime(a.created_at.astimezone())} · {a.author_name or a.author} · "
                         f"{a.field_label}: {a.old_value if a.old_value is not None else '—'} → {a.new_value} "
                         f"({self.tr('motivo')}: {a.reason})")
        self.amendments.setText("<br>".join(lines))
        self._set_read_only(inspection.is_closed)
        self.message.clear()
        self._pristine = form_state(self)

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (self.date, self.start, self.end, self.weather, self.observed, self.reported, self.source):
            widget.setEnabled(not read_only)
        self.notes.setReadOnly(read_only)
        for table in (self.attendees, self.checklist, self.observations, self.quantities):
            table.set_read_only(read_only)
        self.add_members.setVisible(not read_only)
        self.load_boq.setVisible(not read_only)
        self.save_button.setVisible(not read_only)
        self.close_button.setVisible(self.inspection is not None and not read_only)
        self.amend_button.setVisible(read_only)

    # -- actions --------------------------------------------------------------------------
    def fields(self) -> InspectionFields:
        q = self.date.date()
        return InspectionFields(
            visit_date=dt.date(q.year(), q.month(), q.day()), start_time=self.start.text(), end_time=self.end.text(),
            weather=self.weather.currentText(), observed_progress=self.observed.text(),
            reported_progress=self.reported.text(), reported_progress_source=self.source.currentData() or "",
            notes=self.notes.toPlainText(),
            attendees=[Attendee(k, n, r, o) for k, n, r, o in self.attendees.values()],
            checklist=[ChecklistAnswer(label, answer, comment) for label, answer, comment in self.checklist.values()],
            observations=[Observation(who, text, role) for who, role, text in self.observations.values()],
            quantities=[Quantity(item, qty, unit, self.quantities.row_data(row), note)
                        for row, (item, unit, qty, note) in enumerate(self.quantities.values()) if qty.strip()],
        )

    def save(self) -> bool:
        """Create or update the visit; a refused value is shown under the form and nothing is saved."""
        try:
            if self.inspection is None:
                stored = self.ctx.services.inspections.create(self.work_id, self.fields())
            else:
                stored = self.ctx.services.inspections.update(self.inspection.id, self.fields(),
                                                              expected_version=self.inspection.version)
        except ServiceError as error:
            self.message.setStyleSheet("color: #a00000;")
            self.message.setText(str(error))
            return False
        self.load(stored)
        self.message.setStyleSheet("color: #006000;")
        self.message.setText(self.tr("Visita guardada."))
        self.saved.emit(stored)
        self.ctx.notify("inspections")
        return True

    def close_act(self, *, confirm: bool = True) -> None:
        if self.inspection is None:
            return
        if confirm:
            if not ask_irreversible(
                    self, self.tr("Cerrar acta"),
                    self.tr("Se guardarán los cambios del formulario y se cerrará el acta: después ya no se podrá "
                            "editar ni agregarle fotos, y cada corrección quedará como enmienda. ¿Cerrar el acta ahora?"),
                    self.tr("Cerrar el acta")):
                return
        if not self.save():
            return  # the pending changes were refused: the act stays open
        try:
            closed = self.ctx.services.inspections.close(self.inspection.id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.load(closed)
        self.saved.emit(closed)
        self.ctx.notify("inspections")

    def amend(self) -> None:
        if self.inspection is None:
            return
        dialog = AmendmentDialog(self.ctx, self.inspection, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_inspection is not None:
            self.load(dialog.result_inspection)
            self.saved.emit(dialog.result_inspection)
            self.ctx.notify("inspections")

    def _load_boq(self) -> None:
        """One row per bill-of-quantities item of the work's contracts (rows left empty are ignored)."""
        contracts = getattr(self.ctx.services, "contracts", None)
        if contracts is None:
            return
        present = {self.quantities.row_data(row) for row in range(self.quantities.table.rowCount())}
        added = 0
        for contract in contracts.for_work(self.work_id):
            for item in contracts.boq(contract.id):
                if item.id in present:
                    continue
                label = f"{item.code} {item.description}".strip()
                self.quantities.add_row([label, item.unit or "", "", ""], fixed_first=True, data=item.id)
                added += 1
        if not added and not present - {None}:
            self.message.setText(self.tr("Esta obra no tiene presupuesto (ítems de cantidades) registrado."))

    def _add_members(self) -> None:
        present = {name for _k, name, _r, _o in self.attendees.values()}
        for member in self.ctx.services.profile.members():
            if member.full_name not in present:
                self.attendees.add_row(["integrante", member.full_name, member.role, ""])


class AmendmentDialog(QDialog):
    """Choose what to correct or add, give the new value and the reason."""

    def __init__(self, ctx: AppContext, inspection: InspectionDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = inspection
        self.result_inspection: Optional[InspectionDTO] = None
        self.setWindowTitle(self.tr("Enmienda al acta del %1").replace("%1", formats.short_date(inspection.visit_date)))
        self.field = QComboBox()
        self.field.setAccessibleName(self.tr("Qué se enmienda"))
        for code, label in AMENDABLE_FIELDS.items():
            self.field.addItem(self.tr(label), code)
        self.pages = QStackedWidget()
        self.value = QLineEdit()
        self.value.setAccessibleName(self.tr("Nuevo valor"))
        self.pages.addWidget(self.value)  # 0: simple values
        self.question = QComboBox()
        self.question.setAccessibleName(self.tr("Pregunta de la lista de chequeo"))
        self.question.addItems([c.label for c in inspection.checklist])
        self.answer = QComboBox()
        self.answer.setAccessibleName(self.tr("Respuesta"))
        for code, label in ANSWERS.items():
            self.answer.addItem(self.tr(label), code)
        self.answer_comment = QLineEdit()
        self.answer_comment.setAccessibleName(self.tr("Comentario"))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("Pregunta:"), self.question)
        form.addRow(self.tr("Respuesta:"), self.answer)
        form.addRow(self.tr("Comentario:"), self.answer_comment)
        self.pages.addWidget(page)  # 1: checklist
        self.who = QLineEdit()
        self.who.setAccessibleName(self.tr("Nombre"))
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems([""] + list(RECEIVER_ROLES))
        self.role.setAccessibleName(self.tr("Rol"))
        self.text = QLineEdit()
        self.text.setAccessibleName(self.tr("Texto, o cantidad y unidad"))
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("Quién / ítem:"), self.who)
        form.addRow(self.tr("Rol / unidad:"), self.role)
        form.addRow(self.tr("Qué dijo / cantidad:"), self.text)
        self.pages.addWidget(page)  # 2: observation, attendee, quantity
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Motivo de la enmienda"))
        self.reason.setFixedHeight(70)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Agregar enmienda"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(self.tr("&Campo:"), self.field)
        layout.addRow(self.pages)
        layout.addRow(self.tr("&Motivo (obligatorio):"), self.reason)
        layout.addRow(self.message)
        layout.addRow(buttons)
        self.field.currentIndexChanged.connect(self._switch)
        self._switch()

    def _switch(self) -> None:
        code = self.field.currentData()
        self.pages.setCurrentIndex(1 if code == "checklist" else 2 if code in ("observation", "attendee", "quantity") else 0)

    def value_for(self, code: str):
        if code == "checklist":
            return ChecklistAnswer(self.question.currentText(), self.answer.currentData() or "", self.answer_comment.text())
        if code == "observation":
            return Observation(self.who.text(), self.text.text(), self.role.currentText())
        if code == "attendee":
            return Attendee("invitado", self.who.text(), self.role.currentText())
        if code == "quantity":
            return Quantity(self.who.text(), self.text.text(), self.role.currentText())
        return self.value.text()

    def submit(self) -> None:
        code = self.field.currentData()
        try:
            self.result_inspection = self.ctx.services.inspections.amend(
                self.inspection.id, code, self.value_for(code), self.reason.toPlainText())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.accept()
