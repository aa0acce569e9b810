"""«Hallazgos» tab of a work: list, the auditor's fields, linked evidence and status path."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
    QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTableWidget, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.domain.findings import NATURES, STATUS_ORDER, STATUSES, FindingFields
from veeduria_app.evidence.checks import FLAG_TITLES
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.findings import FindingDTO, FindingLinkDTO
from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.comparison_tab import _cell, from_qdate, to_qdate
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.photo_panel import load_thumbnail, show_thumbnail, taken_text
from veeduria_app.ui.worker_queue import ResultPump

PICKER_THUMB = 72

TEXT_FIELDS = [
    ("condition", "Condición (lo que se encontró)"),
    ("criterion", "Criterio (norma o cláusula)"),
    ("cause", "Causa"),
    ("effect", "Efecto"),
    ("recommendation", "Recomendación o solicitud"),
]


def link_text(link: FindingLinkDTO) -> str:
    """What a person reads for a piece of evidence. Links to alerts were stored as
    «CODE: title» (create_from_alert); the internal code is left out."""
    text = link.label or link.target
    if link.kind == "alerta" and text.startswith(f"{link.target}: "):
        text = text[len(link.target) + 2:]
    return text


class PhotoPicker(QDialog):
    """Choose photos of this work's visits to attach as evidence: each with its thumbnail, when
    it was taken and its alerts in words, ticked with a checkbox."""

    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None, *,
                 pool: Optional[Any] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vincular fotos"))
        self.setMinimumSize(480, 320)
        fit_to_screen(self, 760, 560)
        self.ctx = ctx
        self.pool = pool or ThreadPoolExecutor(max_workers=2, thread_name_prefix="miniaturas")
        self._thumbs = ResultPump(self._thumbnail_ready, self)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Fotos de las visitas de la obra"))
        self.list.setIconSize(QSize(PICKER_THUMB, PICKER_THUMB))
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(self._toggle)  # a double click; Space ticks by itself
        self.list.installEventFilter(self)  # Enter accepts the dialog, never ticks as well
        placeholder = QPixmap(PICKER_THUMB, PICKER_THUMB)
        placeholder.fill(QColor(225, 225, 225))
        for photo in ctx.services.photos.list_for_work(work_id):
            lines = [photo.original_name,
                     self.tr("Tomada: {0} · visita del {1}").format(taken_text(photo.taken_at),
                                                                    formats.short_date(photo.visit_date))]
            if photo.flags:
                lines.append("⚠ " + " · ".join(self.tr(FLAG_TITLES.get(code, code)) for code in photo.flags))
            item = QListWidgetItem(QIcon(placeholder), "\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, (photo.id, photo.original_name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip("\n\n".join(f"{f.title}: {f.explanation}" for f in photo.flag_details)
                            or self.tr("Sin alertas"))
            if photo.flags:
                item.setForeground(QColor(170, 60, 0))
            self.list.addItem(item)
            self._thumbs.expect(1)
            self.pool.submit(load_thumbnail, ctx.services, photo.id, photo.sha256, self._thumbs)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Fotos marcadas"))
        self.list.itemChanged.connect(lambda *_: self._count())
        self._count()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Vincular"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Marque las fotos que sirven de evidencia del hallazgo.") if self.list.count()
                      else self.tr("La obra aún no tiene fotos de visitas."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

    def done(self, result: int) -> None:  # noqa: D102 - Qt API
        shutdown = getattr(self.pool, "shutdown", None)
        if shutdown is not None:
            shutdown(wait=False, cancel_futures=True)  # thumbnails nobody will see any more
        super().done(result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Enter on the list links the ticked photos. Left to the list, it also activated the
        highlighted row, which ticked a photo the user had not chosen, and then accepted."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def _toggle(self, item: QListWidgetItem) -> None:
        """A double click ticks or unticks, like the checkbox itself."""
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _count(self) -> None:
        self.count_label.setText(self.tr("{0} foto(s) marcada(s)").format(len(self.chosen())))

    def _thumbnail_ready(self, photo_id: str, data: Optional[bytes]) -> None:
        show_thumbnail(self.list, photo_id, data, key=lambda stored: stored[0])

    def chosen(self) -> list[tuple[str, str]]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in
                (self.list.item(row) for row in range(self.list.count()))
                if item.checkState() == Qt.CheckState.Checked]


class FindingsTab(QWidget):
    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.findings: list[FindingDTO] = []
        self.current: Optional[FindingDTO] = None
        self._build()
        self.reload()
        ctx.data_changed.connect(self._data_changed)

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Código"), self.tr("Título"), self.tr("Estado"),
                                              self.tr("Naturaleza")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Hallazgos de la obra"))
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button = QPushButton(self.tr("&Nuevo hallazgo"))
        self.new_button.clicked.connect(self.new_finding)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.new_button)

        self.heading = QLabel()
        self.heading.setWordWrap(True)  # «H-01 · <a long title>» wraps instead of widening the editor
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Título del hallazgo"))
        self.texts: dict[str, QPlainTextEdit] = {}
        self.nature = QComboBox()
        for code, label in NATURES.items():
            self.nature.addItem(self.tr(label), code)
        self.nature.setAccessibleName(self.tr("Naturaleza presunta"))
        self.found_on = QDateEdit()
        self.found_on.setCalendarPopup(True)
        self.found_on.setDisplayFormat("dd/MM/yyyy")
        self.found_on.setAccessibleName(self.tr("Fecha del hallazgo"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Estado del hallazgo"))
        form = QFormLayout()
        # each label above its field: the long labels («Condición (lo que se encontró):») beside the
        # fields pushed them past the right edge of the pane at 1366×768 and 150 %
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("&Título:"), self.title)
        for name, label in TEXT_FIELDS:
            edit = QPlainTextEdit()
            edit.setAccessibleName(self.tr(label))
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            self.texts[name] = edit
            form.addRow(self.tr(label) + ":", edit)
        form.addRow(self.tr("Naturaleza pre&sunta:"), self.nature)
        form.addRow(self.tr("Fec&ha:"), self.found_on)
        form.addRow(self.tr("Estado:"), self.status_label)

        self.links = QListWidget()
        self.links.setAccessibleName(self.tr("Evidencia vinculada"))
        self.links.setMaximumHeight(110)
        self.links.setWordWrap(True)
        self.photo_button = QPushButton(self.tr("Vincular f&otos…"))
        self.doc_button = QPushButton(self.tr("Vincular doc&umento…"))
        self.alert_button = QPushButton(self.tr("Vincular a&lerta…"))
        self.alert_button.clicked.connect(self.link_alert)
        self.unlink_button = QPushButton(self.tr("&Quitar vínculo"))
        self.photo_button.clicked.connect(self.link_photos)
        self.doc_button.clicked.connect(self.link_document)
        self.unlink_button.clicked.connect(self.unlink)
        link_buttons = QGridLayout()  # two by two: four in a row were wider than the pane at 150 %
        for index, button in enumerate((self.photo_button, self.alert_button, self.doc_button, self.unlink_button)):
            link_buttons.addWidget(button, index // 2, index % 2)
        link_buttons.setColumnStretch(2, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Mensaje"))
        self.save_button = QPushButton(self.tr("&Guardar"))
        self.save_button.clicked.connect(self.save)
        self.next_status = QComboBox()
        self.next_status.setAccessibleName(self.tr("Siguiente estado"))
        self.status_date = QDateEdit(to_qdate(self.ctx.services.findings.today()))
        self.status_date.setCalendarPopup(True)
        self.status_date.setDisplayFormat("dd/MM/yyyy")
        self.status_date.setAccessibleName(self.tr("Fecha del cambio de estado"))
        self.advance_button = QPushButton(self.tr("Cambiar &estado"))
        self.advance_button.clicked.connect(self.advance)
        self.archive_button = QPushButton(self.tr("A&rchivar"))
        self.archive_button.clicked.connect(self.archive)
        # two short rows instead of one that was wider than the pane: saving, then the status path
        actions = QVBoxLayout()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        save_row.addWidget(self.archive_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.next_status)
        status_row.addWidget(self.status_date)
        status_row.addWidget(self.advance_button)
        status_row.addStretch(1)
        actions.addLayout(save_row)
        actions.addLayout(status_row)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.heading)
        editor_layout.addLayout(form)
        links_heading = QLabel(self.tr("<b>Evidencia vinculada</b> (fotos, alertas, documentos)"))
        links_heading.setWordWrap(True)
        editor_layout.addWidget(links_heading)
        editor_layout.addWidget(self.links)
        editor_layout.addLayout(link_buttons)
        editor_layout.addWidget(self.message)
        editor_layout.addLayout(actions)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(editor)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([360, 620])
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("<p>Redacte cada hallazgo como lo hace un auditor: condición, criterio, "
                               "causa y efecto. La veeduría presenta observaciones y solicitudes, no "
                               "órdenes (Ley 850 de 2003, art. 20).</p>"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

    # -- data -------------------------------------------------------------------------------
    def _data_changed(self, what: str) -> None:
        if what in ("all", "findings"):
            self.reload()

    def reload(self, select_id: Optional[str] = None) -> None:
        keep = select_id or (self.current.id if self.current else None)
        self.findings = self.ctx.services.findings.list(self.work_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.findings))
        for row, f in enumerate(self.findings):
            self.table.setItem(row, 0, _cell(f.code))
            title = _cell(f.title)
            title.setToolTip(f.title)  # the column may be narrower than the title; the editor shows it whole
            self.table.setItem(row, 1, title)
            self.table.setItem(row, 2, _cell(self.tr(f.status_label)))
            self.table.setItem(row, 3, _cell(self.tr(f.nature_label)))
        self.table.resizeColumnToContents(0)
        self.table.blockSignals(False)
        row = next((i for i, f in enumerate(self.findings) if f.id == keep), 0 if self.findings else -1)
        if row >= 0:
            self.table.selectRow(row)
            self._selected()
        else:
            self.show_finding(None)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.show_finding(self.findings[rows[0].row()] if rows else None)

    def show_finding(self, finding: Optional[FindingDTO]) -> None:
        self.current = finding
        editable = finding is None or finding.status != "cerrado"
        self.heading.setText(self.tr("<h3>{0}</h3>").format(
            f"{finding.code} · {finding.title}" if finding else self.tr("Nuevo hallazgo")))
        self.title.setText(finding.title if finding else "")
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(finding, name) if finding else "")
            edit.setReadOnly(not editable)
        self.title.setReadOnly(not editable)
        self.nature.setCurrentIndex(max(0, self.nature.findData(finding.nature if finding else "ninguna")))
        self.found_on.setDate(to_qdate(finding.found_on if finding else self.ctx.services.findings.today()))
        self.save_button.setEnabled(editable)
        self.links.clear()
        self.next_status.clear()
        if finding is None:
            self.status_label.setText(self.tr("Borrador (al guardar)"))
        else:
            dates = [(self.tr("comunicado"), finding.communicated_on), (self.tr("respuesta"), finding.answered_on),
                     (self.tr("cierre"), finding.closed_on)]
            extra = ", ".join(f"{label} {formats.short_date(day)}" for label, day in dates if day)
            self.status_label.setText(self.tr(finding.status_label) + (f" ({extra})" if extra else ""))
            for link in finding.links:
                item = QListWidgetItem(f"{self.tr(link.kind_label)}: {link_text(link)}")
                item.setData(Qt.ItemDataRole.UserRole, link.id)
                self.links.addItem(item)
            for status in STATUS_ORDER[STATUS_ORDER.index(finding.status) + 1:]:
                self.next_status.addItem(self.tr(STATUSES[status]), status)
        for widget in (self.photo_button, self.alert_button, self.doc_button, self.unlink_button,
                       self.archive_button):
            widget.setEnabled(finding is not None)
        has_next = finding is not None and self.next_status.count() > 0
        for widget in (self.next_status, self.status_date, self.advance_button):
            widget.setEnabled(has_next)
        self.message.clear()

    def fields(self) -> FindingFields:
        return FindingFields(
            title=self.title.text(), nature=self.nature.currentData() or "ninguna",
            found_on=from_qdate(self.found_on.date()),
            **{name: edit.toPlainText() for name, edit in self.texts.items()})

    # -- actions ----------------------------------------------------------------------------
    def new_finding(self) -> None:
        self.table.clearSelection()
        self.show_finding(None)
        self.title.setFocus()

    def _run(self, action, success: str) -> Optional[FindingDTO]:
        try:
            result = action()
        except ServiceError as error:
            self.message.setText(str(error))
            return None
        self.reload(select_id=result.id)
        self.ctx.notify("findings")  # other views (reports, petitions) list findings too
        self.message.setText(success)
        return result

    def save(self) -> None:
        if self.current is None:
            self._run(lambda: self.ctx.services.findings.create(self.work_id, self.fields()),
                      self.tr("Hallazgo registrado como borrador."))
        else:
            current = self.current
            if current.status != "borrador" and QMessageBox.question(
                    self, self.tr("Hallazgo ya comunicado"),
                    self.tr("{0} ya fue comunicado a la entidad ({1}). El cambio quedará en la bitácora y el "
                            "próximo informe mostrará el texto nuevo, distinto del que la entidad recibió. "
                            "¿Guardar de todos modos?").format(current.code, self.tr(STATUSES[current.status])),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
                self.message.setText(self.tr("No se guardó: el hallazgo comunicado queda como estaba."))
                return
            self._run(lambda: self.ctx.services.findings.update(current.id, self.fields(),
                                                               expected_version=current.version),
                      self.tr("Cambios guardados."))

    def advance(self) -> None:
        if self.current is None or not self.next_status.currentData():
            return
        current, target = self.current, self.next_status.currentData()
        self._run(lambda: self.ctx.services.findings.set_status(current.id, target,
                                                               on=from_qdate(self.status_date.date())),
                  self.tr("Estado actualizado: {0}.").format(self.tr(STATUSES[target])))

    def link_photos(self) -> None:
        if self.current is None:
            return
        picker = PhotoPicker(self.ctx, self.work_id, self)
        accepted = picker.exec()
        chosen = picker.chosen()
        picker.deleteLater()  # a child of the tab: do not keep one per use
        if accepted:
            self.attach_photos(chosen)

    def attach_photos(self, photos: list[tuple[str, str]]) -> None:
        current = self.current
        if current is None:
            return
        for photo_id, name in photos:
            if self._run(lambda: self.ctx.services.findings.add_link(current.id, "foto", photo_id, name),
                         self.tr("Evidencia vinculada.")) is None:
                return

    def pick_alert(self, labels: list[str]) -> tuple[str, bool]:
        """Separate so tests can answer without a modal dialog."""
        return QInputDialog.getItem(self, self.tr("Vincular alerta"), self.tr("Alerta de la obra:"), labels, 0, False)

    def link_alert(self) -> None:
        if self.current is None:
            return
        try:
            alerts = self.ctx.services.analysis.alerts(self.work_id, include_reviewed=True)
        except ServiceError as error:
            self.message.setText(str(error))
            return
        if not alerts:
            self.message.setText(self.tr("La obra no tiene alertas a la fecha."))
            return
        labels = [f"{a.title} ({self.tr(a.severity_label).lower()})" for a in alerts]  # no internal codes
        choice, ok = self.pick_alert(labels)
        if not ok or choice not in labels:
            return
        alert = alerts[labels.index(choice)]
        current = self.current
        self._run(lambda: self.ctx.services.findings.add_link(current.id, "alerta", alert.code, alert.title),
                  self.tr("Alerta vinculada."))

    def link_document(self) -> None:
        if self.current is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Vincular documento"),
                                        self.tr("Documento (por ejemplo «Acta de pago n.º 3» o un enlace de SECOP):"))
        if ok:
            current = self.current
            self._run(lambda: self.ctx.services.findings.add_link(current.id, "documento", text, text),
                      self.tr("Documento vinculado."))

    def unlink(self) -> None:
        item = self.links.currentItem()
        if self.current is None or item is None:
            return
        current, link_id = self.current, item.data(Qt.ItemDataRole.UserRole)
        self._run(lambda: self.ctx.services.findings.remove_link(current.id, link_id), self.tr("Vínculo quitado."))

    def archive(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(self, self.tr("Archivar hallazgo"),
                                      self.tr("¿Archivar el hallazgo {0}? No se borra; deja de aparecer en la lista "
                                              "y en los informes.").format(self.current.code))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.services.findings.archive(self.current.id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.current = None
        self.reload()
