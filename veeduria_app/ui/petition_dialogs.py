"""Dialogs of the petitions page: the petition form, filing, extension, forwarding, answer,
and the letter preview. Slots read widgets, call the petitions service and show the result.
"""
from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QDate, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
    QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from veeduria_app.domain.formats import short_date
from veeduria_app.domain.petitions import PetitionKind
from veeduria_app.reporting.petition_letters import Signer, default_legal_basis
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.petitions import NonBusinessDay, PetitionDraft, PetitionDTO
from veeduria_app.services.works import WorkFilter
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error

ATTACHMENT_FILTER = "Documentos e imágenes (*.pdf *.jpg *.jpeg *.png *.heic *.tif *.tiff);;Todos (*)"


def _date_edit(value: Optional[dt.date], name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    day = value or dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.setAccessibleName(name)
    return edit


def _to_date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class FileChooser(QWidget):
    """A path field with a «Examinar…» button; empty means no file."""

    def __init__(self, caption: str, accessible: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("(ningún archivo)"))
        self.path.setAccessibleName(accessible)
        browse = QPushButton(self.tr("Examinar…"))
        browse.setAccessibleName(self.tr("Examinar: ") + accessible)
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.caption, "", self.tr(ATTACHMENT_FILTER))
        if name:
            self.path.setText(name)

    def value(self) -> Optional[Path]:
        text = self.path.text().strip()
        return Path(text) if text else None


class RequestsEditor(QWidget):
    """The numbered requests: add, edit in place, remove, move up and down."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Peticiones numeradas"))
        self.list.setWordWrap(True)
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText(self.tr("Escriba una petición y pulse «Agregar»…"))
        self.new_text.setAccessibleName(self.tr("Texto de la nueva petición"))
        self.new_text.returnPressed.connect(self.add_current)
        buttons = []
        for text, slot, name in ((self.tr("Ag&regar"), self.add_current, "Agregar petición"),
                                 (self.tr("&Quitar"), self.remove_selected, "Quitar petición"),
                                 (self.tr("Subir"), lambda: self.move(-1), "Subir petición"),
                                 (self.tr("Bajar"), lambda: self.move(1), "Bajar petición")):
            button = QPushButton(text)
            button.setAccessibleName(self.tr(name))
            button.clicked.connect(slot)
            buttons.append(button)
        self.add_button, self.remove_button, self.up_button, self.down_button = buttons
        row = QHBoxLayout()
        row.addWidget(self.new_text, 1)
        for button in buttons:
            row.addWidget(button)
        hint = QLabel(self.tr("Doble clic sobre una petición para corregirla. El orden es el de la carta."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(hint)

    def set_requests(self, requests: tuple[str, ...]) -> None:
        self.list.clear()
        for text in requests:
            self._append(text)
        self._renumber()

    def requests(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) or self.list.item(i).text()
                     for i in range(self.list.count()))

    def _append(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(Qt.ItemDataRole.UserRole, text)
        self.list.addItem(item)

    def _renumber(self) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setToolTip(self.tr("Petición {0}").format(i + 1))
        self.list.blockSignals(False)

    def add_current(self) -> None:
        text = " ".join(self.new_text.text().split())
        if text:
            self._append(text)
            self.new_text.clear()
            self._renumber()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._renumber()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._renumber()

    def sync_edits(self) -> None:
        """Items edited in place keep their new text as the request."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setData(Qt.ItemDataRole.UserRole, item.text().strip())


class PetitionFormDialog(QDialog):
    """Create or edit a draft petition: addressee, kind, subject, numbered requests, basis."""

    def __init__(self, ctx: AppContext, petition: Optional[PetitionDTO] = None,
                 work_id: Optional[str] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.petition = petition
        self.result_petition: Optional[PetitionDTO] = None
        self.setWindowTitle(self.tr("Editar petición") if petition else self.tr("Nueva petición"))
        fit_to_screen(self, 760, 640)
        draft = petition.draft if petition else None
        self._build(draft, work_id)

    def _build(self, draft: Optional[PetitionDraft], work_id: Optional[str]) -> None:
        tabs = QTabWidget()
        tabs.setAccessibleName(self.tr("Secciones de la petición"))
        # -- content
        content = QWidget()
        form = QFormLayout(content)
        self.work = QComboBox()
        self.work.setAccessibleName(self.tr("Obra relacionada"))
        self.work.addItem(self.tr("(sin obra)"), None)
        for work in self.ctx.services.works.list(WorkFilter()):
            self.work.addItem(work.name, work.id)
        chosen = (draft.work_id if draft else None) or work_id
        if chosen:
            self.work.setCurrentIndex(max(self.work.findData(chosen), 0))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Tipo de petición"))
        for kind in PetitionKind:
            self.kind.addItem(self.tr(kind.label), kind.value)
        if draft:
            self.kind.setCurrentIndex(max(self.kind.findData(draft.kind), 0))
        self.subject = QLineEdit(draft.subject if draft else "")
        self.subject.setAccessibleName(self.tr("Asunto"))
        self.subject.setPlaceholderText(self.tr("Ej.: Copia del contrato de obra y de las actas de pago"))
        self.intro = QPlainTextEdit(draft.intro if draft else "")
        self.intro.setAccessibleName(self.tr("Texto introductorio"))
        self.intro.setPlaceholderText(self.tr("Opcional: si lo deja vacío se usa el texto de la plantilla."))
        self.intro.setMaximumHeight(90)
        self.intro.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else
        self.requests = RequestsEditor()
        self.requests.set_requests(draft.requests if draft else ())
        form.addRow(self.tr("&Obra:"), self.work)
        form.addRow(self.tr("&Tipo:"), self.kind)
        form.addRow(self.tr("&Asunto:"), self.subject)
        form.addRow(self.tr("&Introducción:"), self.intro)
        form.addRow(self.tr("&Peticiones:"), self.requests)
        tabs.addTab(content, self.tr("Contenido"))
        # -- addressee
        addressee = QWidget()
        aform = QFormLayout(addressee)
        self.to_entity = QLineEdit(draft.to_entity if draft else "")
        self.to_office = QLineEdit(draft.to_office if draft else "")
        self.to_title = QComboBox()
        self.to_title.setEditable(True)
        self.to_title.addItems(["", "Doctor", "Doctora", "Ingeniero", "Ingeniera", "Señor", "Señora"])
        self.to_title.setCurrentText(draft.to_title if draft else "")
        self.to_name = QLineEdit(draft.to_name if draft else "")
        self.to_position = QLineEdit(draft.to_position if draft else "")
        self.to_address = QLineEdit(draft.to_address if draft else "")
        self.to_city = QLineEdit(draft.to_city if draft else "")
        self.to_city.setPlaceholderText("Cartagena de Indias")
        self.to_email = QLineEdit(draft.to_email if draft else "")
        for label, widget, name in (
            ("&Entidad:", self.to_entity, "Entidad destinataria"),
            ("&Dependencia:", self.to_office, "Dependencia"),
            ("T&ratamiento:", self.to_title, "Tratamiento"),
            ("&Nombre:", self.to_name, "Nombre del destinatario"),
            ("&Cargo:", self.to_position, "Cargo del destinatario"),
            ("D&irección:", self.to_address, "Dirección del destinatario"),
            ("Ci&udad:", self.to_city, "Ciudad del destinatario"),
            ("C&orreo:", self.to_email, "Correo del destinatario"),
        ):
            widget.setAccessibleName(self.tr(name))
            aform.addRow(self.tr(label), widget)
        tabs.addTab(addressee, self.tr("Destinatario"))
        # -- basis, annexes, copies, signatures
        extra = QWidget()
        eform = QFormLayout(extra)
        self.legal_basis = QPlainTextEdit(draft.legal_basis if draft else default_legal_basis(
            self.kind.currentData()))
        self.legal_basis.setAccessibleName(self.tr("Fundamentos de derecho"))
        self._basis_is_default = draft is None
        self.legal_basis.textChanged.connect(self._basis_edited)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.annexes = QPlainTextEdit("\n".join(draft.annexes) if draft else "")
        self.annexes.setAccessibleName(self.tr("Anexos, uno por línea"))
        self.copies = QPlainTextEdit("\n".join(draft.copies) if draft else "")
        self.copies.setAccessibleName(self.tr("Con copia a, uno por línea"))
        self.signers = QPlainTextEdit("\n".join(f"{s.name} — {s.role}" for s in draft.signers) if draft else "")
        self.signers.setAccessibleName(self.tr("Firmantes: nombre — cargo, uno por línea"))
        self.signers.setPlaceholderText(self.tr("Rosa Martínez — Coordinadora\n(vacío: quien coordina la veeduría)"))
        for widget in (self.annexes, self.copies, self.signers):
            widget.setMaximumHeight(80)
        for widget in (self.legal_basis, self.annexes, self.copies, self.signers):
            widget.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else
        eform.addRow(self.tr("&Fundamentos:"), self.legal_basis)
        eform.addRow(self.tr("A&nexos:"), self.annexes)
        eform.addRow(self.tr("Co&pias:"), self.copies)
        eform.addRow(self.tr("Fir&mas:"), self.signers)
        tabs.addTab(extra, self.tr("Fundamentos, anexos y firmas"))
        # -- links to findings and photos of the work
        links = QWidget()
        lbox = QVBoxLayout(links)
        self.findings = QListWidget()
        self.findings.setAccessibleName(self.tr("Hallazgos que cita la petición"))
        self.photos = QListWidget()
        self.photos.setAccessibleName(self.tr("Fotografías que se anexan con su huella SHA-256"))
        self.links_hint = QLabel()
        self.links_hint.setWordWrap(True)
        lbox.addWidget(QLabel(self.tr("<b>Hallazgos</b> (se citan en la carta)")))
        lbox.addWidget(self.findings, 1)
        lbox.addWidget(QLabel(self.tr("<b>Fotografías</b> (se listan como anexos con su huella SHA-256)")))
        lbox.addWidget(self.photos, 1)
        lbox.addWidget(self.links_hint)
        tabs.addTab(links, self.tr("Hallazgos y fotos"))
        self._chosen_findings = set(draft.finding_ids) if draft else set()
        self._chosen_photos = set(draft.evidence_ids) if draft else set()
        self.work.currentIndexChanged.connect(self._fill_links)
        self._fill_links()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Guardar borrador"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        self.message.setAccessibleName(self.tr("Mensaje de validación"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _fill_links(self) -> None:
        """Offer the findings and photos of the chosen work, keeping what was ticked."""
        self._chosen_findings |= set(self._checked(self.findings))
        self._chosen_photos |= set(self._checked(self.photos))
        work_id = self.work.currentData()
        self.findings.clear()
        self.photos.clear()
        if not work_id:
            self.links_hint.setText(self.tr("Elija una obra para citar sus hallazgos y fotografías."))
            return
        findings, photos = self.ctx.services.petitions.link_options(work_id)
        for widget, options, chosen in ((self.findings, findings, self._chosen_findings),
                                        (self.photos, photos, self._chosen_photos)):
            for option in options:
                item = QListWidgetItem(option.label)
                item.setData(Qt.ItemDataRole.UserRole, option.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if option.id in chosen else Qt.CheckState.Unchecked)
                widget.addItem(item)
        self.links_hint.setText("" if findings or photos else
                                self.tr("Esta obra aún no tiene hallazgos ni fotografías registradas."))

    @staticmethod
    def _checked(widget: QListWidget) -> tuple[str, ...]:
        return tuple(widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                     if widget.item(i).checkState() == Qt.CheckState.Checked)

    def _basis_edited(self) -> None:
        self._basis_is_default = False

    def _kind_changed(self) -> None:
        if self._basis_is_default:
            self.legal_basis.blockSignals(True)
            self.legal_basis.setPlainText(default_legal_basis(self.kind.currentData()))
            self.legal_basis.blockSignals(False)

    def draft(self) -> PetitionDraft:
        self.requests.sync_edits()
        signers = []
        for line in _lines(self.signers):
            name, _, role = line.replace(" - ", " — ").partition("—")
            signers.append(Signer(name.strip(), role.strip()))
        return PetitionDraft(
            kind=self.kind.currentData(), subject=self.subject.text(), to_entity=self.to_entity.text(),
            work_id=self.work.currentData(), to_title=self.to_title.currentText(),
            to_name=self.to_name.text(), to_position=self.to_position.text(),
            to_office=self.to_office.text(), to_address=self.to_address.text(),
            to_city=self.to_city.text(), to_email=self.to_email.text(),
            intro=self.intro.toPlainText(), requests=self.requests.requests(),
            legal_basis=self.legal_basis.toPlainText(), annexes=_lines(self.annexes),
            copies=_lines(self.copies), signers=tuple(signers),
            finding_ids=self._checked(self.findings),
            evidence_ids=self._checked(self.photos),
        )

    def save(self) -> None:
        service = self.ctx.services.petitions
        try:
            if self.petition is None:
                self.result_petition = service.create(self.draft())
            else:
                self.result_petition = service.update(self.petition.id, self.draft(),
                                                      expected_version=self.petition.version)
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("petitions")
        self.accept()


class _ActionDialog(QDialog):
    """Base for the small follow-up dialogs: a form, a note, Save/Cancel."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, title: str,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.petition = petition
        self.result_petition: Optional[PetitionDTO] = None
        self.setWindowTitle(f"{title} — {petition.code}")
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Información del término"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        self.message.setAccessibleName(self.tr("Mensaje de validación"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Guardar"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        header = QLabel(f"<b>{petition.code}</b> · {petition.to_entity}<br>{petition.subject}")
        header.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def perform(self) -> PetitionDTO:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.result_petition = self.perform()
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("petitions")
        self.accept()


class FileDialog(_ActionDialog):
    """Filing: date, radicado, channel and the stamped copy's photo or scan."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, petition, self.tr("Registrar radicación"), parent)
        self.date = _date_edit(ctx.services.petitions.today(), self.tr("Fecha de radicación"))
        self.radicado = QLineEdit()
        self.radicado.setAccessibleName(self.tr("Número de radicado"))
        self.channel = QComboBox()
        self.channel.setEditable(True)
        self.channel.addItems([self.tr("Ventanilla de correspondencia"), self.tr("Correo electrónico"),
                               self.tr("Formulario web (PQRSD)"), self.tr("Correo certificado")])
        self.channel.setAccessibleName(self.tr("Medio de radicación"))
        self.scan = FileChooser(self.tr("Copia sellada"), self.tr("Foto o escaneo de la copia sellada"))
        self.form.addRow(self.tr("&Fecha:"), self.date)
        self.form.addRow(self.tr("&Radicado:"), self.radicado)
        self.form.addRow(self.tr("&Medio:"), self.channel)
        self.form.addRow(self.tr("&Copia sellada:"), self.scan)
        self.date.dateChanged.connect(self._preview)
        self._preview()

    def _preview(self) -> None:
        try:
            due = self.ctx.services.petitions.preview_due(self.petition.kind, _to_date(self.date))
        except ServiceError as error:
            self.note.setText(str(error))
            return
        self.note.setText(self.tr("Término de {0} días hábiles contados desde el día siguiente: vence el {1}.")
                          .format(self.petition.terms.term_days, short_date(due)))

    def perform(self) -> PetitionDTO:
        return self.ctx.services.petitions.file(
            self.petition.id, _to_date(self.date), self.radicado.text(),
            channel=self.channel.currentText(), stamped_copy=self.scan.value())


class ExtendDialog(_ActionDialog):
    """The authority's extension: new date (at most double the term) and when it was notified."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, petition, self.tr("Registrar prórroga"), parent)
        t = petition.terms
        self.new_due = _date_edit(t.max_extension_due, self.tr("Nueva fecha de respuesta"))
        self.notified = _date_edit(min(ctx.services.petitions.today(), t.due or ctx.services.petitions.today()),
                                   self.tr("Fecha del aviso de prórroga"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Motivo de la prórroga"))
        self.reason.setMaximumHeight(80)
        self.reason.setTabChangesFocus(True)
        self.form.addRow(self.tr("&Nueva fecha:"), self.new_due)
        self.form.addRow(self.tr("&Avisada el:"), self.notified)
        self.form.addRow(self.tr("&Motivo:"), self.reason)
        self.note.setText(self.tr("Vencimiento original: {0}. La prórroga debe avisarse antes de esa fecha y no "
                                  "puede pasar del {1} (doble del término).")
                          .format(short_date(t.original_due), short_date(t.max_extension_due)))

    def perform(self) -> PetitionDTO:
        return self.ctx.services.petitions.extend(self.petition.id, _to_date(self.new_due),
                                                  _to_date(self.notified), self.reason.toPlainText())


class ForwardDialog(_ActionDialog):
    """Forwarding by competence (art. 21): to whom, when, and when it was received there."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, petition, self.tr("Registrar traslado"), parent)
        today = ctx.services.petitions.today()
        self.to = QLineEdit()
        self.to.setAccessibleName(self.tr("Autoridad competente"))
        self.forwarded = _date_edit(today, self.tr("Fecha del traslado"))
        self.received = _date_edit(today, self.tr("Fecha de recepción por la autoridad competente"))
        self.form.addRow(self.tr("&Trasladada a:"), self.to)
        self.form.addRow(self.tr("&Fecha del traslado:"), self.forwarded)
        self.form.addRow(self.tr("&Recibida allí el:"), self.received)
        self.note.setText(self.tr("La entidad debía trasladarla a más tardar el {0} (5 días). El término vuelve a "
                                  "contarse desde la recepción por la autoridad competente.")
                          .format(short_date(petition.terms.forwarding_due)))

    def perform(self) -> PetitionDTO:
        return self.ctx.services.petitions.forward(self.petition.id, self.to.text(), _to_date(self.forwarded),
                                                   _to_date(self.received))


class AnswerDialog(_ActionDialog):
    """The answer: date, complete or partial, summary and the document received."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, parent: Optional[QWidget] = None) -> None:
        super().__init__(ctx, petition, self.tr("Registrar respuesta"), parent)
        self.date = _date_edit(ctx.services.petitions.today(), self.tr("Fecha de la respuesta"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Completa: resolvió todas las peticiones"), "completa")
        self.kind.addItem(self.tr("Parcial: faltan puntos por responder"), "parcial")
        self.kind.setAccessibleName(self.tr("Tipo de respuesta"))
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Resumen de la respuesta"))
        self.summary.setMaximumHeight(90)
        self.summary.setTabChangesFocus(True)
        self.document = FileChooser(self.tr("Documento de respuesta"), self.tr("Documento de respuesta"))
        self.form.addRow(self.tr("&Fecha:"), self.date)
        self.form.addRow(self.tr("&Respuesta:"), self.kind)
        self.form.addRow(self.tr("Re&sumen:"), self.summary)
        self.form.addRow(self.tr("&Documento:"), self.document)
        if petition.terms.due:
            self.note.setText(self.tr("El término vencía el {0}.").format(short_date(petition.terms.due)))

    def perform(self) -> PetitionDTO:
        return self.ctx.services.petitions.answer(self.petition.id, _to_date(self.date),
                                                  kind=self.kind.currentData(),
                                                  summary=self.summary.toPlainText(),
                                                  document=self.document.value())


class LetterPreviewDialog(QDialog):
    """The letter's text as it will be printed, with «Guardar PDF…» and «Abrir PDF»."""

    def __init__(self, ctx: AppContext, petition: PetitionDTO, text: str,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.petition = petition
        self.issued_path: Optional[Path] = None
        self.setWindowTitle(self.tr("Vista previa de la carta — {0}").format(petition.code))
        fit_to_screen(self, 720, 760)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Texto de la carta"))
        font = QFont("DejaVu Serif")
        font.setPointSize(11)
        self.view.setFont(font)
        self.view.setPlainText(text)
        self.save_button = QPushButton(self.tr("&Guardar PDF…"))
        self.save_button.setAccessibleName(self.tr("Guardar la carta en PDF"))
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("&Cerrar"))
        close.setAccessibleName(self.tr("Cerrar la vista previa"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Papel carta, formato GTC 185. El PDF registra su huella SHA-256.")), 1)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def save_pdf(self) -> None:
        save_letter(self.ctx, self.petition, self, on_saved=self._saved)

    def _saved(self, path: Path) -> None:
        self.issued_path = path


def save_letter(ctx: AppContext, petition: PetitionDTO, parent: QWidget, *, on_saved=None,
                target: Optional[Path] = None) -> None:
    """Ask where to save, build the PDF off the GUI thread, record its hash, offer to open it."""
    if target is None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(documents or Path.home()) / f"{petition.code}.pdf")
        name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Guardar carta en PDF"), suggested,
                                              parent.tr("PDF (*.pdf)"))
        if not name:
            return
        target = Path(name if name.lower().endswith(".pdf") else name + ".pdf")

    def job(progress, cancel):
        return ctx.services.petitions.issue_letter(petition.id, target, progress=progress, cancel=cancel)

    def done(issued) -> None:
        ctx.notify("petitions")
        if on_saved:
            on_saved(issued.path)
        box = QMessageBox(QMessageBox.Icon.Information, parent.tr("Carta guardada"),
                          parent.tr("Carta {0} guardada en:\n{1}\n\nSHA-256: {2}")
                          .format(issued.code, issued.path, issued.sha256), QMessageBox.StandardButton.Ok, parent)
        open_button = box.addButton(parent.tr("Abrir PDF"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(issued.path)))

    ctx.tasks.run(job, title=parent.tr("Generando la carta…"), parent=parent, on_done=done,
                  on_error=lambda error: show_error(parent, error))


class NonBusinessDaysDialog(QDialog):
    """Dates when authorities suspended terms; every due date is recomputed with them."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Días no hábiles adicionales"))
        fit_to_screen(self, 560, 420)
        intro = QLabel(self.tr("Los festivos nacionales ya se descuentan solos. Registre aquí los días en que las "
                               "entidades suspendieron términos o cerraron (con el decreto o la resolución): los "
                               "vencimientos de todas las peticiones se recalculan."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Días no hábiles adicionales"))
        self.date = _date_edit(ctx.services.petitions.today(), self.tr("Fecha no hábil"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Motivo de la suspensión"))
        self.reason.setPlaceholderText(self.tr("Ej.: Decreto 0123 de 2026, cierre de ventanillas"))
        self.add_button = QPushButton(self.tr("&Agregar"))
        self.add_button.setAccessibleName(self.tr("Agregar día no hábil"))
        self.add_button.clicked.connect(self.add_day)
        self.remove_button = QPushButton(self.tr("&Quitar"))
        self.remove_button.setAccessibleName(self.tr("Quitar día no hábil"))
        self.remove_button.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.reason, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;")
        self.message.setAccessibleName(self.tr("Mensaje de validación"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for day in ctx.services.petitions.non_business_days():
            self._append(day.date, day.reason)

    def _append(self, day: dt.date, reason: str) -> None:
        item = QListWidgetItem(f"{short_date(day)} — {reason}")
        item.setData(Qt.ItemDataRole.UserRole, (day.isoformat(), reason))
        self.list.addItem(item)

    def add_day(self) -> None:
        self._append(_to_date(self.date), self.reason.text().strip())
        self.reason.clear()

    def days(self) -> list[NonBusinessDay]:
        result = []
        for i in range(self.list.count()):
            iso, reason = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            result.append(NonBusinessDay(dt.date.fromisoformat(iso), reason))
        return result

    def save(self) -> None:
        try:
            self.ctx.services.petitions.set_non_business_days(self.days())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.ctx.notify("petitions")
        self.accept()


class HistoryView(QGroupBox):
    """The selected petition's details and status history."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Detalle e historial"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("Detalle e historial de la petición"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def show_petition(self, p: Optional[PetitionDTO]) -> None:
        if p is None:
            self.text.setHtml(self.tr("<i>Seleccione una petición.</i>"))
            return
        t = p.terms
        rows = [f"<b>{p.code}</b> · {p.letter_type_label} · {p.kind_label}",
                f"<b>{self.tr('Para')}:</b> {_h(p.to_entity)}", f"<b>{self.tr('Asunto')}:</b> {_h(p.subject)}"]
        if p.parent_code:
            rows.append(f"<b>{self.tr('Deriva de')}:</b> {p.parent_code}")
        if p.work_name:
            rows.append(f"<b>{self.tr('Obra')}:</b> {_h(p.work_name)}")
        rows.append(f"<b>{self.tr('Estado')}:</b> {t.status.label}")
        if p.filed_on:
            rows.append(f"<b>{self.tr('Radicada')}:</b> {short_date(p.filed_on)} · {self.tr('radicado')} "
                        f"{_h(p.radicado or self.tr('sin número'))}")
            rows.append(f"<b>{self.tr('Vence')}:</b> {short_date(t.due)}"
                        + (f" ({self.tr('prorrogada; original')} {short_date(t.original_due)})" if p.extended_due else ""))
        if p.extended_due:
            rows.append(f"<b>{self.tr('Prórroga')}:</b> {self.tr('avisada el')} {short_date(p.extension_notified_on)}"
                        f" {_h(p.extension_reason)}")
        if p.forwarded_on:
            rows.append(f"<b>{self.tr('Trasladada a')}:</b> {_h(p.forwarded_to)} {self.tr('el')} "
                        f"{short_date(p.forwarded_on)} ({self.tr('recibida el')} {short_date(p.forwarded_received_on)})")
        if p.stamped_copy_sha256:
            rows.append(f"<b>{self.tr('Copia sellada')}:</b> {_h(p.stamped_copy_name)} "
                        f"(SHA-256 {p.stamped_copy_sha256[:16]}…)")
        if t.days_left is not None and t.days_left < 0:
            rows.append(f"<b>{self.tr('Vencida hace')}:</b> {-t.days_left} {self.tr('días hábiles')}")
        elif t.days_left is not None:
            rows.append(f"<b>{self.tr('Días hábiles restantes')}:</b> {t.days_left}")
        if t.reminder:
            rows.append(f"<b>⚠ {_h(t.reminder)}</b>")
        if p.answered_on:
            late = self.tr(" (fuera de término)") if t.answered_late else ""
            rows.append(f"<b>{self.tr('Respuesta')}:</b> {short_date(p.answered_on)}{late} {_h(p.answer_summary)}")
            if p.answer_sha256:
                rows.append(f"<b>{self.tr('Documento de respuesta')}:</b> {_h(p.answer_file_name)} "
                            f"(SHA-256 {p.answer_sha256[:16]}…)")
        if p.letter_sha256:
            rows.append(f"<b>{self.tr('Carta emitida')}:</b> SHA-256 {p.letter_sha256}")
        requests = "".join(f"<li>{_h(r)}</li>" for r in p.draft.requests)
        history = "".join(
            f"<li>{short_date(e.on_date or e.at.astimezone())} — {e.label}: {_h(e.detail)} <i>({_h(e.actor)})</i></li>"
            for e in p.events)
        self.text.setHtml("<br>".join(rows) + f"<p><b>{self.tr('Peticiones')}</b></p><ol>{requests}</ol>"
                          f"<p><b>{self.tr('Historial')}</b></p><ul>{history}</ul>")


def _h(text: str) -> str:
    return escape(text or "")
