"""The "Visitas" tab of a work: its visits, the act of the selected one, its photos and a map."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
    QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from veeduria_app.domain import formats
from veeduria_app.evidence.checks import FLAG_TITLES
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.inspections import InspectionDTO
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.inspection_form import InspectionForm
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.photo_map import MapPoint, PhotoMapWidget
from veeduria_app.ui.photo_panel import PhotoPanel, taken_text


class InspectionsTab(QWidget):
    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        self.visits: list[InspectionDTO] = []
        self.visit_list = QListWidget()
        self.visit_list.setAccessibleName(self.tr("Visitas de la obra"))
        # at 150 % text the pane is narrow: entries wrap to its width instead of scrolling sideways
        self.visit_list.setWordWrap(True)
        self.visit_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.visit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.visit_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.visit_list.setSpacing(2)
        self.visit_list.currentRowChanged.connect(self._visit_selected)
        self.new_button = QPushButton(self.tr("&Nueva visita"))
        self.new_button.setAccessibleName(self.tr("Registrar una nueva visita"))
        self.new_button.clicked.connect(self.new_visit)
        self.template_button = QPushButton(self.tr("Plantilla de chequeo…"))
        self.template_button.setAccessibleName(self.tr("Editar la plantilla de la lista de chequeo"))
        self.template_button.clicked.connect(self.edit_template)
        self.verify_button = QPushButton(self.tr("Verificar foto&s…"))
        self.verify_button.setAccessibleName(self.tr("Verificar que ninguna foto guardada haya sido alterada"))
        self.verify_button.clicked.connect(self.verify_store)
        self.form = InspectionForm(ctx, work_id)
        self.form.saved.connect(self._saved)
        self.photos = PhotoPanel(ctx)
        self.photos.changed.connect(self._photos_changed)
        self.map = PhotoMapWidget(ctx.services.photos.map_tiles)
        self.map.point_activated.connect(self._map_point)
        self.all_visits = QCheckBox(self.tr("Fotos de todas las visitas"))
        self.all_visits.setAccessibleName(self.tr("Mostrar en el mapa las fotos de todas las visitas"))
        self.all_visits.toggled.connect(lambda _checked: self._refresh_map())
        zoom_in, zoom_out, fit = QPushButton("+"), QPushButton("−"), QPushButton(self.tr("Ajustar"))
        zoom_in.setAccessibleName(self.tr("Acercar el mapa"))
        zoom_out.setAccessibleName(self.tr("Alejar el mapa"))
        fit.setAccessibleName(self.tr("Ajustar el mapa a la obra y las fotos"))
        zoom_in.clicked.connect(lambda: self.map.zoom_by(1))
        zoom_out.clicked.connect(lambda: self.map.zoom_by(-1))
        fit.clicked.connect(self.map.reset_view)
        map_page = QWidget()
        map_bar = QHBoxLayout()
        map_bar.addWidget(self.all_visits, 1)
        for button in (zoom_in, zoom_out, fit):
            map_bar.addWidget(button)
        map_layout = QVBoxLayout(map_page)
        map_layout.addLayout(map_bar)
        map_layout.addWidget(self.map, 1)
        self.details = QTabWidget()
        self.details.setAccessibleName(self.tr("Detalle de la visita"))
        self.details.addTab(self.form, self.tr("Ac&ta"))
        self.details.addTab(self.photos, self.tr("F&otos"))
        self.details.addTab(map_page, self.tr("&Mapa"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Visitas</b>")))
        left_layout.addWidget(self.visit_list, 1)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.template_button)
        left_layout.addWidget(self.verify_button)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.details)
        split.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        ctx.data_changed.connect(self._data_changed)
        self.reload()

    # -- data -----------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.form.has_unsaved_changes()

    def reload(self, select_id: Optional[str] = None) -> None:
        current = select_id or (self.form.inspection.id if self.form.inspection else None)
        try:
            self.visits = self.ctx.services.inspections.list(self.work_id)
        except ServiceError as error:
            show_error(self, error)
            return
        self.visit_list.blockSignals(True)
        self.visit_list.clear()
        for visit in self.visits:
            item = QListWidgetItem(self._visit_text(visit))
            item.setData(Qt.ItemDataRole.UserRole, visit.id)
            self.visit_list.addItem(item)
        self.visit_list.blockSignals(False)
        index = next((i for i, v in enumerate(self.visits) if v.id == current), 0 if self.visits else -1)
        if index >= 0:
            self.visit_list.setCurrentRow(index)
            self._visit_selected(index)
        else:
            self.new_visit()

    def _visit_text(self, visit: InspectionDTO) -> str:
        """An entry of the list: the date and state, then the progress, then the photos, each on
        its own line (the list wraps a line still too long for a narrow pane, never hides it)."""
        photos = f"{visit.photo_count} {self.tr('fotos')}"
        if visit.flagged_photo_count:
            photos += f" ({visit.flagged_photo_count} {self.tr('con alertas')})"
        return (f"{formats.short_date(visit.visit_date)} · {self.tr(visit.status_label)}\n"
                f"{self.tr('avance')} {formats.percent(visit.observed_progress)}\n{photos}")

    def _data_changed(self, what: str) -> None:
        if affects(what, "works", "inspections"):
            self._refresh_map()

    def _visit_selected(self, row: int) -> None:
        if not 0 <= row < len(self.visits):
            return
        visit = self.visits[row]
        self.form.load(visit)
        self.photos.set_inspection(visit.id, visit.is_closed)
        self._refresh_map()

    def new_visit(self) -> None:
        self.visit_list.clearSelection()
        self.form.load_new()
        self.photos.set_inspection(None, False)
        self.details.setCurrentWidget(self.form)
        self._refresh_map()

    def _saved(self, visit: InspectionDTO) -> None:
        self.reload(select_id=visit.id)

    def _photos_changed(self) -> None:
        current = self.form.inspection.id if self.form.inspection else None
        self.visits = self.ctx.services.inspections.list(self.work_id)
        for row, visit in enumerate(self.visits):
            if visit.id == current and self.visit_list.item(row) is not None:
                self.visit_list.item(row).setText(self._visit_text(visit))
        self._refresh_map()

    def _refresh_map(self) -> None:
        try:
            work = self.ctx.services.works.get(self.work_id)
            if self.all_visits.isChecked():
                photos = self.ctx.services.photos.list_for_work(self.work_id)
            elif self.form.inspection is not None:
                photos = self.ctx.services.photos.list(self.form.inspection.id)
            else:
                photos = []
        except ServiceError:
            return
        points = []
        for number, photo in enumerate(photos, start=1):
            if photo.lat is None or photo.lon is None:
                continue
            lines = [f"{number}. {photo.original_name}", taken_text(photo.taken_at)]
            if photo.distance_m is not None:
                lines.append(self.tr("a %1 de la obra").replace("%1", formats.distance(photo.distance_m)))
            lines += [FLAG_TITLES.get(c, c) for c in photo.flags]
            points.append(MapPoint(photo.id, photo.lat, photo.lon, str(number), photo.flags, "\n".join(lines)))
        site = (work.lat, work.lon) if work.lat is not None and work.lon is not None else None
        self.map.set_data(site, work.radius_m, points, site_label=work.name,
                          without_gps=sum(1 for p in photos if p.lat is None))

    def _map_point(self, photo_id: str) -> None:
        try:
            photo = self.ctx.services.photos.get(photo_id)
        except ServiceError:
            return
        row = next((i for i, v in enumerate(self.visits) if v.id == photo.inspection_id), -1)
        if row >= 0:
            self.visit_list.setCurrentRow(row)
        self.details.setCurrentWidget(self.photos)
        self.photos.select(photo_id)

    def verify_store(self) -> None:
        """Re-hash every stored original in the background and say plainly what was found."""
        photos = self.ctx.services.photos

        def done(report) -> None:
            self.last_verify = report
            if report.ok:
                QMessageBox.information(self, self.tr("Verificación de evidencias"), self.tr(
                    "Las %1 fotos guardadas coinciden con su huella SHA-256: ninguna fue alterada.")
                    .replace("%1", str(report.checked)))
                return
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Verificación de evidencias"), self.tr(
                "Se encontraron %1 problemas en la carpeta de evidencias. Restaure esos archivos desde una "
                "copia de seguridad; no los reemplace a mano.").replace("%1", str(len(report.problems))),
                QMessageBox.StandardButton.Ok, self)
            box.setDetailedText("\n".join(p.message for p in report.problems))
            box.exec()

        self.verify_task = self.ctx.tasks.run(photos.verify, title=self.tr("Verificando fotos…"), parent=self,
                                              on_done=done, on_error=lambda error: show_error(self, error))

    def edit_template(self) -> None:
        dialog = ChecklistTemplateDialog(self.ctx, self)
        dialog.exec()


class ChecklistTemplateDialog(QDialog):
    """One question per line; new visits start with these (existing acts keep theirs)."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Plantilla de la lista de chequeo"))
        self.editor = QPlainTextEdit("\n".join(ctx.services.inspections.checklist_template()))
        self.editor.setAccessibleName(self.tr("Preguntas de la lista de chequeo, una por línea"))
        self.editor.setTabChangesFocus(True)  # Tab reaches «Guardar»; the questions never hold a tab
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Una pregunta por línea. Las visitas nuevas empiezan con estas preguntas.")))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.ctx.services.inspections.set_checklist_template(self.editor.toPlainText().splitlines())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.accept()


def create_tab(ctx: AppContext, work_id: str) -> QWidget:
    return InspectionsTab(ctx, work_id)
