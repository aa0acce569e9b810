"""Peticiones: dashboard of derechos de petición by status, reminders, and every follow-up step.

The same panel serves the top-level page (all petitions) and the «Peticiones» tab of a work
(only that work's petitions).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QListWidget, QListWidgetItem, QMenu, QMessageBox, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain.formats import short_date
from veeduria_app.domain.petitions import PetitionStatus
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.petitions import PetitionDTO
from veeduria_app.ui.compact import compact_combo
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.petition_dialogs import (
    ATTACHMENT_FILTER, AnswerDialog, NonBusinessDaysDialog, ExtendDialog, FileDialog, ForwardDialog, HistoryView, LetterPreviewDialog,
    PetitionFormDialog, save_letter,
)

COLUMNS = ("Código", "Estado", "Vence", "Días hábiles", "Asunto", "Entidad", "Tipo", "Radicada")
SUBJECT_COLUMN = 4
URGENT = QColor(255, 226, 226)
SOON = QColor(255, 243, 205)
NEXT_STEP_LABELS = (
    ("recordatorio", "Recordatorio a la entidad"),
    ("queja_personeria", "Queja ante la Personería"),
    ("queja_procuraduria", "Queja ante la Procuraduría"),
)


class PetitionsPanel(QWidget):
    def __init__(self, ctx: AppContext, work_id: Optional[str] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.items: list[PetitionDTO] = []
        self._build()
        self.reload()
        ctx.data_changed.connect(self._data_changed)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        # One compact line of counts by status (wraps on narrow screens).
        self.status_labels: dict[str, QLabel] = {}
        counts = QHBoxLayout()
        counts.setSpacing(4)
        for status in PetitionStatus:
            label = QLabel()
            label.setAccessibleName(self.tr("Peticiones en estado {0}").format(status.label))
            label.setFrameShape(QLabel.Shape.StyledPanel)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setMinimumWidth(40)
            self.status_labels[status.value] = label
            counts.addWidget(label, 1)

        self.status_filter = compact_combo(QComboBox(), 16)
        self.status_filter.setAccessibleName(self.tr("Filtrar por estado"))
        self.status_filter.addItem(self.tr("Todos los estados"), "")
        for status in PetitionStatus:
            self.status_filter.addItem(self.tr(status.label), status.value)
        self.status_filter.currentIndexChanged.connect(self._fill_table)
        self.archived = QCheckBox(self.tr("Incluir archivadas"))
        self.archived.setAccessibleName(self.tr("Incluir peticiones archivadas"))
        self.archived.toggled.connect(self.reload)

        self.reminders = QListWidget()
        self.reminders.setAccessibleName(self.tr("Recordatorios de términos"))
        self.reminders.setMaximumHeight(110)
        self.reminders.setMinimumHeight(36)
        self.reminders.setWordWrap(True)
        self.reminders.itemActivated.connect(self._reminder_chosen)
        self.reminders.itemClicked.connect(self._reminder_chosen)
        reminders_box = QGroupBox(self.tr("Recordatorios: por vencer (3 días hábiles o menos) y vencidas"))
        QVBoxLayout(reminders_box).addWidget(self.reminders)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setMinimumSize(240, 90)
        self.table.setAccessibleName(self.tr("Lista de peticiones"))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.table.activated.connect(lambda *_: self.edit_selected())

        self.history = HistoryView()
        self.history.setMinimumWidth(160)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.new_button = self._button(self.tr("&Nueva petición…"), self.new_petition, "Nueva petición")
        self.edit_button = self._button(self.tr("&Editar…"), self.edit_selected, "Editar petición")
        self.file_button = self._button(self.tr("&Radicar…"), self.file_selected, "Registrar radicación")
        self.extend_button = self._button(self.tr("&Prórroga…"), self.extend_selected, "Registrar prórroga")
        self.forward_button = self._button(self.tr("&Traslado…"), self.forward_selected, "Registrar traslado")
        self.answer_button = self._button(self.tr("Resp&uesta…"), self.answer_selected, "Registrar respuesta")
        self.preview_button = self._button(self.tr("V&ista previa"), self.preview_selected, "Vista previa de la carta")
        self.pdf_button = self._button(self.tr("&Guardar PDF…"), self.save_selected, "Guardar carta en PDF")
        self.next_button = self._button(self.tr("&Siguiente paso"), lambda: None, "Redactar siguiente paso")
        self.next_menu = QMenu(self)
        for step, label in NEXT_STEP_LABELS:
            action = self.next_menu.addAction(self.tr(label))
            action.triggered.connect(lambda _=False, s=step: self.draft_next_step(s))
        self.next_button.setMenu(self.next_menu)
        self.documents_button = self._button(self.tr("D&ocumentos"), lambda: None, "Documentos de la petición")
        self.documents_menu = QMenu(self)
        self.open_stamped_action = self.documents_menu.addAction(self.tr("Abrir la copia sellada"))
        self.open_stamped_action.triggered.connect(lambda: self.open_document("sellada"))
        self.open_answer_action = self.documents_menu.addAction(self.tr("Abrir el documento de respuesta"))
        self.open_answer_action.triggered.connect(lambda: self.open_document("respuesta"))
        self.open_letter_action = self.documents_menu.addAction(self.tr("Abrir la última carta emitida"))
        self.open_letter_action.triggered.connect(self.open_letter)
        self.documents_menu.addSeparator()
        self.attach_action = self.documents_menu.addAction(self.tr("Adjuntar foto o escaneo de la copia sellada…"))
        self.attach_action.triggered.connect(self.attach_stamped)
        self.documents_button.setMenu(self.documents_menu)
        self.archive_button = self._button(self.tr("Arc&hivar / restaurar"), self.toggle_archive,
                                           "Archivar o restaurar petición")

        top = QHBoxLayout()
        top.addWidget(self.status_filter)
        top.addWidget(self.archived)
        top.addStretch(1)
        top.addWidget(self.new_button)
        # Follow-up actions on one row, letter actions on another: fits 1366×768 at 150 %.
        actions = QVBoxLayout()
        actions.setSpacing(2)
        for group in ((self.edit_button, self.file_button, self.extend_button, self.forward_button,
                       self.answer_button),
                      (self.preview_button, self.pdf_button, self.next_button, self.documents_button,
                       self.archive_button)):
            row = QHBoxLayout()
            for button in group:
                row.addWidget(button)
            row.addStretch(1)
            actions.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(counts)
        layout.addWidget(reminders_box)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(self.tr(name))
        button.clicked.connect(slot)
        return button

    # -- data -----------------------------------------------------------------------------
    def _data_changed(self, what: str) -> None:
        if affects(what, "petitions", "works"):
            self.reload()

    def reload(self) -> None:
        selected = self.selected()
        service = self.ctx.services.petitions
        self.items = service.list(work_id=self.work_id, include_archived=self.archived.isChecked())
        counts = {s.value: 0 for s in PetitionStatus}
        for p in self.items:
            if not p.archived:
                counts[p.status.value] += 1
        for status in PetitionStatus:
            self.status_labels[status.value].setText(f"{self.tr(status.label)}: <b>{counts[status.value]}</b>")
        self.reminders.clear()
        for reminder in service.reminders(work_id=self.work_id):
            item = QListWidgetItem(f"{reminder.code} — {reminder.message} ({reminder.to_entity}: {reminder.subject})")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, reminder.petition_id)
            item.setBackground(QBrush(URGENT if reminder.status is PetitionStatus.VENCIDA else SOON))
            self.reminders.addItem(item)
        if self.reminders.count() == 0:
            self.reminders.addItem(self.tr("Ninguna petición por vencer ni vencida."))
        self._fill_table(select_id=selected.id if selected else None)

    def _fill_table(self, *_args, select_id: Optional[str] = None) -> None:
        wanted = self.status_filter.currentData() or ""
        shown = [p for p in self.items if not wanted or p.status.value == wanted]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(shown))
        for row, p in enumerate(shown):
            t = p.terms
            values = (p.code,
                      t.status.label + (self.tr(" · aceptada por silencio") if t.deemed_accepted else ""),
                      short_date(t.due), "" if t.days_left is None else str(t.days_left),
                      p.subject, p.to_entity,
                      p.letter_type_label if p.letter_type != "peticion" else self.tr(p.kind.capitalize()),
                      short_date(p.filed_on))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setToolTip(value)
                if t.status is PetitionStatus.VENCIDA:
                    item.setBackground(QBrush(URGENT))
                elif t.status is PetitionStatus.POR_VENCER:
                    item.setBackground(QBrush(SOON))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            if column != SUBJECT_COLUMN and header.sectionSize(column) > 200:
                header.resizeSection(column, 200)
        header.setSectionResizeMode(SUBJECT_COLUMN, QHeaderView.ResizeMode.Stretch)
        if select_id:
            self.select(select_id)
        self._selection_changed()

    def select(self, petition_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == petition_id:
                self.table.selectRow(row)
                return

    def selected(self) -> Optional[PetitionDTO]:
        if not hasattr(self, "table"):
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        petition_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.items if p.id == petition_id), None)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        detail = self.ctx.services.petitions.get(chosen.id) if chosen else None
        self.history.show_petition(detail)
        status = chosen.status if chosen else None
        filed = chosen is not None and chosen.filed_on is not None
        open_ = filed and status not in (PetitionStatus.RESPONDIDA,)
        self.edit_button.setEnabled(chosen is not None and not filed)
        self.file_button.setEnabled(chosen is not None and not filed)
        self.extend_button.setEnabled(open_ and chosen is not None and chosen.extended_due is None)
        self.forward_button.setEnabled(open_ and chosen is not None and chosen.forwarded_on is None)
        self.answer_button.setEnabled(open_)
        self.preview_button.setEnabled(chosen is not None)
        self.pdf_button.setEnabled(chosen is not None)
        self.next_button.setEnabled(status is PetitionStatus.VENCIDA)
        self.archive_button.setEnabled(chosen is not None)
        self.documents_button.setEnabled(chosen is not None)
        self.open_stamped_action.setEnabled(bool(chosen and chosen.stamped_copy_sha256))
        self.open_answer_action.setEnabled(bool(chosen and chosen.answer_sha256))
        self.open_letter_action.setEnabled(bool(chosen and chosen.letter_path))
        self.attach_action.setEnabled(filed)

    def _reminder_chosen(self, item: QListWidgetItem) -> None:
        petition_id = item.data(Qt.ItemDataRole.UserRole)
        if petition_id:
            self.status_filter.setCurrentIndex(0)
            self.select(petition_id)

    # -- actions --------------------------------------------------------------------------
    def new_petition(self) -> None:
        dialog = PetitionFormDialog(self.ctx, work_id=self.work_id, parent=self)
        if dialog.exec() and dialog.result_petition is not None:
            self.select(dialog.result_petition.id)

    def _run_dialog(self, cls) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = cls(self.ctx, self.ctx.services.petitions.get(chosen.id), parent=self)
        if dialog.exec() and dialog.result_petition is not None:
            self.select(dialog.result_petition.id)

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if chosen.filed_on is not None:
            QMessageBox.information(self, self.tr("Petición radicada"),
                                    self.tr("La petición ya fue radicada: su texto es el que recibió la entidad y no "
                                            "se modifica. Use los botones de seguimiento."))
            return
        dialog = PetitionFormDialog(self.ctx, petition=self.ctx.services.petitions.get(chosen.id), parent=self)
        if dialog.exec() and dialog.result_petition is not None:
            self.select(dialog.result_petition.id)

    def file_selected(self) -> None:
        self._run_dialog(FileDialog)

    def extend_selected(self) -> None:
        self._run_dialog(ExtendDialog)

    def forward_selected(self) -> None:
        self._run_dialog(ForwardDialog)

    def answer_selected(self) -> None:
        self._run_dialog(AnswerDialog)

    def preview_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            text = self.ctx.services.petitions.letter_text(chosen.id)
        except ServiceError as error:
            show_error(self, error)
            return
        LetterPreviewDialog(self.ctx, chosen, text, parent=self).exec()

    def save_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            save_letter(self.ctx, chosen, self)

    def draft_next_step(self, step: str) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            drafted = self.ctx.services.petitions.draft_next_step(chosen.id, step)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("petitions")
        self.select(drafted.id)
        QMessageBox.information(self, self.tr("Borrador creado"),
                                self.tr("Se redactó {0} {1} a partir de {2}. Revíselo, genere la carta y regístrela "
                                        "cuando la radique.").format(drafted.letter_type_label.lower(), drafted.code,
                                                                     chosen.code))

    def open_document(self, which: str) -> None:
        """Open the stored original (byte for byte as received) with the system viewer."""
        chosen = self.selected()
        if chosen is None:
            return
        try:
            path = self.ctx.services.petitions.attachment_path(chosen.id, which)
        except ServiceError as error:
            show_error(self, error)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_letter(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.letter_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(chosen.letter_path))

    def attach_stamped(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Copia sellada"), "", self.tr(ATTACHMENT_FILTER))
        if not name:
            return
        try:
            self.ctx.services.petitions.attach_stamped_copy(chosen.id, Path(name))
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("petitions")

    def toggle_archive(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            if chosen.archived:
                self.ctx.services.petitions.restore(chosen.id)
            else:
                self.ctx.services.petitions.archive(chosen.id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("petitions")


class PetitionsPage(QWidget):
    """Top-level «Peticiones» page: every petition of the veeduría."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("<h2>Derechos de petición</h2>"))
        title.setToolTip(self.tr("Términos en días hábiles (Ley 1755 de 2015): general 15, documentos 10, "
                                 "consulta 30, contados desde el día siguiente a la radicación, sin fines de "
                                 "semana ni festivos."))
        self.ctx = ctx
        self.panel = PetitionsPanel(ctx, parent=self)
        self.days_button = QPushButton(self.tr("Días no hábi&les…"))
        self.days_button.setAccessibleName(self.tr("Días no hábiles adicionales (suspensión de términos)"))
        self.days_button.clicked.connect(self.edit_non_business_days)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.days_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(header)
        layout.addWidget(self.panel, 1)

    def edit_non_business_days(self) -> None:
        NonBusinessDaysDialog(self.ctx, self).exec()
