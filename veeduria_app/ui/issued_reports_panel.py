"""History of issued documents with preview, print, save-as, oficio remisorio and verification.

Shared by a work's «Informes» tab (its documents) and the «Informes» page (all documents).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.services.errors import NotFoundError
from veeduria_app.services.reports import IssuedReportDTO, Recipient
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.pdf_preview import PREVIEW_DPI, PdfPreview, ask_printer, print_to, render_pages

AUTHORITIES = (
    ("Alcaldía Mayor de Cartagena de Indias", "Secretario(a) de Infraestructura"),
    ("Personería Distrital de Cartagena", "Personero(a) Distrital"),
    ("Contraloría Distrital de Cartagena", "Contralor(a) Distrital"),
)


class OficioDialog(QDialog):
    """Who receives the informe: title, NAME, position, entity, address, copies."""

    def __init__(self, informe: IssuedReportDTO, parent: Optional[QWidget] = None, *,
                 reply_contact: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Oficio remisorio de {0}").format(informe.display_code))
        # Ley 1755: the entity answers at the veeduría's address or e-mail («Mi veeduría»).
        self.contact_notice = QLabel(self.tr(
            "La veeduría no tiene dirección ni correo electrónico registrados en «Mi veeduría»: el oficio "
            "pedirá responder a quienes firman, pero la entidad no sabrá a dónde enviar la respuesta. "
            "Regístrelos antes de emitir."))
        self.contact_notice.setWordWrap(True)
        self.contact_notice.setStyleSheet("color: #a05a00;")
        self.contact_notice.setVisible(not reply_contact)
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems([self.tr("Doctor"), self.tr("Doctora"), self.tr("Ingeniero"), self.tr("Ingeniera"),
                             self.tr("Señor"), self.tr("Señora")])
        self.name = QLineEdit()
        self.position = QLineEdit(AUTHORITIES[0][1])
        self.entity = QComboBox()
        self.entity.setEditable(True)
        self.entity.addItems([entity for entity, _ in AUTHORITIES])
        self.entity.currentIndexChanged.connect(self._entity_changed)
        self.address = QLineEdit()
        self.copies = QLineEdit()
        self.copies.setPlaceholderText(self.tr("Entidades separadas por punto y coma"))
        for widget, name in ((self.title, "Tratamiento"), (self.name, "Nombre del destinatario"),
                             (self.position, "Cargo del destinatario"), (self.entity, "Entidad"),
                             (self.address, "Dirección de la entidad"), (self.copies, "Con copia a")):
            widget.setAccessibleName(self.tr(name))
        form = QFormLayout(self)
        if not reply_contact:
            form.addRow(self.contact_notice)
        form.addRow(self.tr("&Tratamiento:"), self.title)
        form.addRow(self.tr("&Nombre:"), self.name)
        form.addRow(self.tr("&Cargo:"), self.position)
        form.addRow(self.tr("&Entidad:"), self.entity)
        form.addRow(self.tr("&Dirección:"), self.address)
        form.addRow(self.tr("C&on copia a:"), self.copies)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Emitir oficio"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fit_to_screen(self, 640, self.sizeHint().height())  # room for an entity's address and its copies

    def _entity_changed(self, index: int) -> None:
        if 0 <= index < len(AUTHORITIES):
            self.position.setText(AUTHORITIES[index][1])

    def recipient(self) -> Recipient:
        return Recipient(title=self.title.currentText().strip(), name=self.name.text().strip(),
                         position=self.position.text().strip(), entity=self.entity.currentText().strip(),
                         address=self.address.text().strip())

    def copy_list(self) -> tuple[str, ...]:
        return tuple(x.strip() for x in self.copies.text().split(";") if x.strip())


class IssuedReportsPanel(QWidget):
    issued = Signal(object)  # an IssuedReportDTO this panel issued (the oficio remisorio)
    """The registry as a table; the selected document can be previewed, printed or saved."""

    COLUMNS = ("Código", "Documento", "Emitido", "Páginas", "Por", "Título")

    def __init__(self, ctx: AppContext, work_id: Optional[str] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.rows: list[IssuedReportDTO] = []
        self.previewed_id: Optional[str] = None  # the document the preview shows
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Documentos emitidos"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # Intro or a double click (Qt emits `activated` for both: connecting itemDoubleClicked too opened twice)
        self.table.activated.connect(lambda _index: self.preview_selected())
        self.preview_button = QPushButton(self.tr("Vis&ta previa"))
        self.print_button = QPushButton(self.tr("&Imprimir…"))
        self.save_button = QPushButton(self.tr("&Guardar como…"))
        self.oficio_button = QPushButton(self.tr("&Oficio remisorio…"))
        self.preview_button.clicked.connect(self.preview_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.oficio_button.clicked.connect(self.oficio_for_selected)
        for button, name in ((self.preview_button, "Vista previa del documento seleccionado"),
                             (self.print_button, "Imprimir el documento seleccionado"),
                             (self.save_button, "Guardar una copia del documento seleccionado"),
                             (self.oficio_button, "Emitir el oficio remisorio del informe seleccionado")):
            button.setAccessibleName(self.tr(name))
        # one row on a wide screen, two rows of two when narrow (_reflow)
        self.buttons = buttons = QGridLayout()
        buttons.setColumnStretch(4, 1)
        self._buttons_in_row: Optional[bool] = None
        self.preview = PdfPreview()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("<b>Documentos emitidos</b> (nunca se sobrescriben; una corrección es una "
                                 "versión nueva)"))
        heading.setWordWrap(True)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        self.left = left
        # the preview beside the list when both fit; below it on a narrow screen (1366×768 at
        # 150 %), never off the right edge (_reflow)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self._floor_height: Optional[int] = None  # the minimum height the page gave the panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._arrange_buttons(in_row=True)
        self._set_stacked(False)
        self.reload()

    # -- layout -------------------------------------------------------------------------------
    PREVIEW_WIDTH = 360  # beside the list: a letter page still readable
    PREVIEW_HEIGHT = 320  # below the list

    def _button_list(self) -> tuple[QPushButton, ...]:
        return self.preview_button, self.print_button, self.save_button, self.oficio_button

    def _arrange_buttons(self, in_row: bool) -> None:
        if self._buttons_in_row == in_row:
            return
        self._buttons_in_row = in_row
        for index, button in enumerate(self._button_list()):  # Tab order stays the creation order
            self.buttons.removeWidget(button)
            row, column = (0, index) if in_row else divmod(index, 2)
            self.buttons.addWidget(button, row, column)

    def _buttons_width(self, in_row: bool) -> int:
        widths = [b.sizeHint().width() for b in self._button_list()]
        spacing = max(0, self.buttons.horizontalSpacing())
        if in_row:
            return sum(widths) + 3 * spacing
        return max(widths[0], widths[2]) + spacing + max(widths[1], widths[3])

    def _set_stacked(self, stacked: bool) -> None:
        """The preview below the list (stacked) or beside it; stacked, the panel asks for the
        height of both, since it no longer needs their widths side by side."""
        orientation = Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        if self._floor_height is None and stacked:
            self._floor_height = self.minimumHeight()
        if stacked:
            self.preview.setMinimumSize(0, self.PREVIEW_HEIGHT)
        else:
            self.preview.setMinimumSize(self.PREVIEW_WIDTH, 0)
        if self.splitter.orientation() == orientation:
            return
        self.splitter.setOrientation(orientation)
        if stacked:
            list_height = max(self._floor_height or 0, self.left.minimumSizeHint().height() + 160)
            self.setMinimumHeight(list_height + self.splitter.handleWidth() + self.PREVIEW_HEIGHT)
            self.splitter.setSizes([list_height, self.PREVIEW_HEIGHT])
        else:
            if self._floor_height is not None:
                self.setMinimumHeight(self._floor_height)
            half = max(1, self.width() // 2)
            self.splitter.setSizes([half, half])

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the list with its buttons in two rows and the preview below it: the
        panel then rearranges itself to the width it gets instead of scrolling sideways."""
        hint = super().minimumSizeHint()
        margins = self.left.layout().contentsMargins()
        narrow = self._buttons_width(in_row=False) + margins.left() + margins.right()
        return QSize(max(narrow, 200), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        width = self.width()
        handle = self.splitter.handleWidth()
        if width >= self._buttons_width(in_row=True) + handle + self.PREVIEW_WIDTH:
            self._arrange_buttons(in_row=True)
            self._set_stacked(False)
        elif width >= self._buttons_width(in_row=False) + handle + self.PREVIEW_WIDTH:
            self._arrange_buttons(in_row=False)
            self._set_stacked(False)
        else:
            self._arrange_buttons(in_row=False)
            self._set_stacked(True)

    # -- data ---------------------------------------------------------------------------------
    def reload(self, select_id: Optional[str] = None) -> None:
        try:
            self.rows = self.ctx.services.reports.history(self.work_id)
        except Exception as error:  # noqa: BLE001 - shown to the person, never raised into Qt
            show_error(self, error)
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for row, dto in enumerate(self.rows):
            values = (dto.display_code, dto.kind_label, formats.short_datetime(dto.issued_at.astimezone()),
                      str(dto.page_count), dto.issued_by_name or dto.issued_by, dto.title)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            if select_id and dto.id == select_id:
                self.table.selectRow(row)
        if self.previewed_id and all(dto.id != self.previewed_id for dto in self.rows):
            self.preview.clear()  # its document is gone (a demo reset, a restored backup): never show a ghost
            self.previewed_id = None
        self._update_buttons()

    def selected(self) -> Optional[IssuedReportDTO]:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        current = self.selected()
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(current is not None)
        self.oficio_button.setEnabled(current is not None and current.kind == "informe")

    # -- actions ------------------------------------------------------------------------------
    def preview_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        self.show_preview(current)

    def _file_missing(self, dto: IssuedReportDTO) -> bool:
        """Say why a document's PDF is not here (True) — including the usual reason on a second
        laptop: packages carry the registry of issued documents, not their PDFs."""
        if dto.file_path.is_file():
            return False
        show_error(self, NotFoundError(self.tr(
            "No se encuentra el archivo de {0} ({1}). Si el documento se emitió en otro equipo y llegó aquí en "
            "un paquete, su PDF no viaja con los datos: pida una copia a quien lo emitió (la verificación la "
            "reconoce por su huella). Si se emitió en este equipo, pudo ser borrado o movido fuera de la "
            "aplicación.").format(dto.display_code, dto.file_path)))
        return True

    def show_preview(self, dto: IssuedReportDTO) -> None:
        path = dto.file_path
        if self._file_missing(dto):
            return
        self.ctx.tasks.run(lambda progress, cancel: render_pages(path, PREVIEW_DPI, progress, cancel),
                           title=self.tr("Vista previa de {0}").format(dto.display_code), parent=self,
                           on_done=lambda images: self._show_pages(images, dto),
                           on_error=lambda error: show_error(self, error))

    def _show_pages(self, images: list, dto: IssuedReportDTO) -> None:
        self.preview.show_pages(images, dto.display_code)
        self.previewed_id = dto.id

    def print_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        if self._file_missing(current):
            return
        printer = ask_printer(self, current.display_code)
        if printer is None:
            return
        path = current.file_path
        self.ctx.tasks.run(lambda progress, cancel: print_to(printer, path, progress, cancel),
                           title=self.tr("Imprimiendo {0}…").format(current.display_code), parent=self,
                           on_error=lambda error: show_error(self, error))

    def save_selected(self) -> None:
        current = self.selected()
        if current is None or self._file_missing(current):
            return
        suggested = str(Path.home() / f"{current.code}-v{current.revision}.pdf")
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar copia de {0}").format(current.display_code),
                                                suggested, self.tr("Documento PDF (*.pdf)"))
        if not target:
            return
        try:
            saved = self.ctx.services.reports.save_copy(current.id, Path(target))
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
            return
        QMessageBox.information(self, self.tr("Copia guardada"),
                                self.tr("Se guardó una copia idéntica de {0} en {1}.").format(current.display_code,
                                                                                            saved))

    def oficio_for_selected(self) -> None:
        current = self.selected()
        if current is None or current.kind != "informe":
            return
        profile = self.ctx.services.profile.get()
        dialog = OficioDialog(current, self, reply_contact=bool(profile and profile.has_contact))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        recipient, copies = dialog.recipient(), dialog.copy_list()
        self.ctx.tasks.run(
            lambda progress, cancel: self.ctx.services.reports.issue_oficio(current.id, recipient, copies=copies,
                                                                            cancel=cancel),
            title=self.tr("Emitiendo el oficio remisorio…"), parent=self, on_done=self._issued,
            on_error=lambda error: show_error(self, error))

    def _issued(self, dto: IssuedReportDTO) -> None:
        self.ctx.notify("reports")
        self.reload(select_id=dto.id)
        self.show_preview(dto)
        self.issued.emit(dto)
