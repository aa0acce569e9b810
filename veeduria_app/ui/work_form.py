"""The work form: one widget for registering a new work and editing an existing one."""
from __future__ import annotations

import uuid
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from veeduria_app.domain.coordinates import parse_coordinates
from veeduria_app.domain.works import DEFAULT_RADIUS_M, WORK_STATUSES, WORK_TYPES, WorkFields
from veeduria_app.services.errors import ConnectionLost, NotFoundError, ServiceError
from veeduria_app.services.works import WorkDTO, WorkService
from veeduria_app.ui.compact import compact_combo, fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.form_state import form_state
from veeduria_app.ui.messages import confirm_discard, show_error
from veeduria_app.ui.retry import ConnectionRetry


class WorkForm(QWidget):
    """Fields of a work with inline validation messages; emits `saved` with the stored work."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, work: Optional[WorkDTO] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work = work
        self._pending_id: Optional[str] = None
        self._retry = ConnectionRetry(self.save, self)
        self._build()
        if work is not None:
            self.load(work)
        self._pristine = form_state(self)

    def has_unsaved_changes(self) -> bool:
        """Whether the fields differ from the work as loaded or last saved."""
        return form_state(self) != self._pristine

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit()
        self.type = QComboBox()
        for code, label in WORK_TYPES.items():
            self.type.addItem(self.tr(label), code)
        self.status = QComboBox()
        for code, label in WORK_STATUSES.items():
            self.status.addItem(self.tr(label), code)
        self.entity = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.bpin = QLineEdit()
        self.plan = QLineEdit()
        self.population = QSpinBox()
        self.population.setRange(0, 10_000_000)
        self.population.setSpecialValueText(self.tr("Sin dato"))
        self.population.setGroupSeparatorShown(True)
        self.groups = QLineEdit()
        self.localidad = QComboBox()
        self.ucg = QComboBox()
        self.ucg.setEditable(False)
        self.barrio = QComboBox()
        self.barrio.setEditable(True)
        self.address = QLineEdit()
        self.lat = QLineEdit()
        self.lat.setPlaceholderText("10.4236")
        self.lon = QLineEdit()
        self.lon.setPlaceholderText("-75.5253")
        self.paste = QLineEdit()
        self.paste.setPlaceholderText(self.tr("Pegue aquí un enlace de mapa o «10.42, -75.55»"))
        self.paste_button = QPushButton(self.tr("Usar ubicación"))
        self.radius = QSpinBox()
        self.radius.setRange(10, 20000)
        self.radius.setSuffix(" m")
        self.radius.setValue(DEFAULT_RADIUS_M)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("&Guardar obra"))
        self.save_button.setDefault(True)

        territory = self.ctx.services.territory.get()
        self.localidad.addItem(self.tr("— Elija la localidad —"), "")
        for name in territory.localidad_names:
            self.localidad.addItem(name, name)
        self.localidad.currentIndexChanged.connect(self._localidad_changed)
        self.paste_button.clicked.connect(self._use_pasted_location)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows = [
            (self.tr("&Nombre de la obra *"), self.name, "name"),
            (self.tr("&Tipo"), self.type, "type"),
            (self.tr("&Estado"), self.status, "status"),
            (self.tr("Entidad e&jecutora"), self.entity, "entity"),
            (self.tr("De&scripción"), self.description, "description"),
            (self.tr("Código &BPIN"), self.bpin, "bpin"),
            (self.tr("Progra&ma del Plan de Desarrollo"), self.plan, "plan_programme"),
            (self.tr("&Población beneficiada"), self.population, "population_served"),
            (self.tr("G&rupos de población"), self.groups, "population_groups"),
            (self.tr("&Localidad *"), self.localidad, "localidad"),
            (self.tr("&UCG o área rural"), self.ucg, "ucg"),
            (self.tr("Barri&o"), self.barrio, "barrio"),
            (self.tr("D&irección"), self.address, "address"),
            (self.tr("Latitud"), self.lat, "lat"),
            (self.tr("Longitud"), self.lon, "lon"),
        ]
        self._fields: dict[str, QWidget] = {}
        for combo in (self.type, self.status, self.localidad, self.ucg, self.barrio):
            compact_combo(combo, 18)
        for text, widget, key in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").replace(" *", ""))
            form.addRow(label, widget)
            self._fields[key] = widget
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.paste, 1)
        paste_row.addWidget(self.paste_button)
        self.paste.setAccessibleName(self.tr("Enlace de mapa o coordenadas para pegar"))
        self.paste_button.setAccessibleName(self.tr("Usar la ubicación pegada"))
        form.addRow(self.tr("Ubicación desde el teléfono"), paste_row)
        radius_label = QLabel(self.tr("Radio de vigilancia"))  # Alt+V is «Volver a la lista» in the work's card
        radius_label.setBuddy(self.radius)
        self.radius.setAccessibleName(self.tr("Radio de vigilancia en metros"))
        form.addRow(radius_label, self.radius)
        self._fields["radius_m"] = self.radius

        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        # a button box, so a dialog hosting the form adds «Cancelar» to this same row, in the
        # platform's usual order (NewWorkDialog)
        self.buttons = QDialogButtonBox(self)  # parented first: a host dialog then knows its default button
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        self._localidad_changed()

    def _localidad_changed(self) -> None:
        territory = self.ctx.services.territory.get()
        name = self.localidad.currentData() or ""
        current_ucg, current_barrio = self.ucg.currentText(), self.barrio.currentText()
        self.ucg.clear()
        self.ucg.addItem(self.tr("— Sin especificar —"), "")
        for ucg in territory.ucgs_for(name):
            self.ucg.addItem(ucg, ucg)
        self.barrio.clear()
        self.barrio.addItems([""] + territory.barrios_for(name))
        self._select(self.ucg, current_ucg)
        self.barrio.setEditText(current_barrio)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index < 0:
            index = combo.findText(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _use_pasted_location(self) -> None:
        parsed = parse_coordinates(self.paste.text())
        if parsed is None:
            self._show_message(self.tr("No se reconocen coordenadas en el texto pegado. Ejemplos válidos: "
                                       "«10.4236, -75.5253» o un enlace de Google Maps u OpenStreetMap."), error=True)
            return
        self.lat.setText(f"{parsed[0]:.6f}")
        self.lon.setText(f"{parsed[1]:.6f}")
        self._show_message(self.tr("Ubicación tomada del enlace."), error=False)

    # -- data -----------------------------------------------------------------------------
    def load(self, work: WorkDTO) -> None:
        self.work = work
        self.name.setText(work.name)
        self._select(self.type, work.type)
        self._select(self.status, work.status)
        self.entity.setText(work.entity)
        self.description.setPlainText(work.description)
        self.bpin.setText(work.bpin)
        self.plan.setText(work.plan_programme)
        self.population.setValue(work.population_served or 0)
        self.groups.setText(work.population_groups)
        self._select(self.localidad, work.localidad)
        self._localidad_changed()
        self._select(self.ucg, work.ucg)
        self.barrio.setEditText(work.barrio)
        self.address.setText(work.address)
        self.lat.setText("" if work.lat is None else f"{work.lat:.6f}")
        self.lon.setText("" if work.lon is None else f"{work.lon:.6f}")
        self.radius.setValue(work.radius_m)
        self._show_message("\n".join(work.warnings), error=False)
        self._pristine = form_state(self)

    def fields(self) -> WorkFields:
        return WorkFields(
            name=self.name.text(), type=self.type.currentData(), status=self.status.currentData(),
            entity=self.entity.text(), description=self.description.toPlainText(), bpin=self.bpin.text(),
            plan_programme=self.plan.text(), population_served=self.population.value() or None,
            population_groups=self.groups.text(), localidad=self.localidad.currentData() or "",
            ucg=self.ucg.currentData() or "", barrio=self.barrio.currentText(), address=self.address.text(),
            lat=self.lat.text() or None, lon=self.lon.text() or None, radius_m=self.radius.value(),
        )

    def save(self) -> Optional[WorkDTO]:
        works = self.ctx.services.works
        try:
            if self.work is None:
                saved = self._create(works)
            else:
                saved = works.update(self.work.id, self.fields(), expected_version=self.work.version)
        except ConnectionLost as error:  # nothing was saved; keep the fields and try again shortly
            delay = self._retry.schedule()
            self._show_message(str(error) + " " + (
                self.tr("Reintento automático en {0} s.").format(delay) if delay
                else self.tr("Pulse «Guardar obra» para reintentar.")), error=True)
            return None
        except ServiceError as error:
            self._show_message(str(error), error=True)
            widget = self._fields.get(error.field or "")
            if widget is not None:
                widget.setFocus()
            if not error.field:
                show_error(self, error)
            return None
        except Exception as error:  # noqa: BLE001 - shown as a Spanish dialog, logged
            show_error(self, error)
            return None
        self.work = saved
        self._pristine = form_state(self)
        self._pending_id = None
        self._retry.reset()
        self._show_message("\n".join(saved.warnings) or self.tr("Obra guardada."), error=False)
        self.ctx.notify("works")
        self.saved.emit(saved)
        return saved

    def _create(self, works: WorkService) -> WorkDTO:
        """Create under an id chosen here, so a retry after a lost answer never makes a duplicate."""
        if self._pending_id is not None:
            try:
                return works.get(self._pending_id)  # the dropped connection may have hidden a save that happened
            except NotFoundError:
                pass
        else:
            self._pending_id = str(uuid.uuid4())
        return works.create(self.fields(), work_id=self._pending_id)

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;" if error else "")
        self.message.setAccessibleDescription(text)


class NewWorkDialog(QDialog):
    """Register a new work; closes when it is saved."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Registrar obra"))
        self.form = WorkForm(ctx, parent=self)
        self.result_work: Optional[WorkDTO] = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        # «Cancelar» beside «Guardar obra» (the default button), on the form's one button row
        self.cancel_button = self.form.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancelar"))
        self.form.buttons.rejected.connect(self.reject)
        self.form.save_button.setDefault(True)  # Enter saves, as before
        self.form.saved.connect(self._saved)
        fit_to_screen(self, 640, 620)

    def reject(self) -> None:
        """Escape, «Cancelar» or the window's close button: typed data is dropped only on request."""
        if self.form.has_unsaved_changes() and not confirm_discard(self, [self.tr("el registro de la obra")]):
            return
        super().reject()

    def _saved(self, work: WorkDTO) -> None:
        self.result_work = work
        if work.warnings:
            QMessageBox.information(self, self.tr("Obra guardada con avisos"), "\n".join(work.warnings))
        self.accept()
