"""The veeduría's registration data and its members (with Ley 1581 consent)."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QTableWidget,
    QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from veeduria_app.services.errors import ServiceError
from veeduria_app.services.profile import (
    REGISTRATION_BODIES, TERRITORIAL_LEVELS, MemberDTO, MemberFields, ProfileDTO, ProfileFields,
)
from veeduria_app.ui.compact import compact_combo
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.date_field import DateField
from veeduria_app.ui.messages import show_error


class ProfileForm(QWidget):
    """Registration data of the veeduría (Ley 850 art. 3)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = QLineEdit()
        self.body = QComboBox()
        for code, label in REGISTRATION_BODIES.items():
            self.body.addItem(label, code)
        self.number = QLineEdit()
        self.date = DateField()  # may stay empty: never store a made-up registration date
        self.date.setSpecialValueText(self.tr("Sin fecha"))
        self.nit = QLineEdit()
        self.nit.setPlaceholderText(self.tr("Opcional (solo inscripción en Cámara de Comercio)"))
        self.objeto = QPlainTextEdit()
        self.objeto.setTabChangesFocus(True)
        self.objeto.setFixedHeight(80)
        self.level = QComboBox()
        for code, label in TERRITORIAL_LEVELS.items():
            self.level.addItem(label, code)
        self.duration = QLineEdit()
        self.duration.setPlaceholderText(self.tr("Ej.: dos (2) años, o hasta terminar la obra"))
        # Where the authorities answer oficios and petitions (Ley 1755): printed on every letterhead.
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Ej.: Calle 30 # 18-25, barrio Olaya Herrera"))
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("Ej.: veeduria.olaya@gmail.com"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("Ej.: 300 123 4567"))
        self.address.setToolTip(self.tr("Las entidades responden los oficios y peticiones a esta dirección o "
                                        "al correo; se imprimen en el encabezado de los documentos."))
        self._loaded: Optional[ProfileDTO] = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Guardar datos de la veeduría"))
        self.save_button.clicked.connect(self.save)
        compact_combo(self.body, 18)
        compact_combo(self.level, 18)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, widget in (
            (self.tr("&Nombre de la veeduría *"), self.name),
            (self.tr("&Inscrita en"), self.body),
            (self.tr("Nú&mero de inscripción"), self.number),
            (self.tr("&Fecha de inscripción"), self.date),
            (self.tr("NI&T"), self.nit),
            (self.tr("Ob&jeto de vigilancia"), self.objeto),
            (self.tr("Ni&vel territorial"), self.level),
            (self.tr("D&uración"), self.duration),
            (self.tr("Dirección de corres&pondencia"), self.address),
            (self.tr("Corr&eo electrónico"), self.email),
            (self.tr("Te&léfono"), self.phone),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").replace(" *", ""))
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self._shown = self.fields()
        self.reload()

    def reload(self) -> None:
        """Show the stored registration, unless the person has unsaved changes in the form."""
        if self.fields() != self._shown:
            return
        profile = self.ctx.services.profile.get()
        if profile:
            self.load(profile)

    def load(self, p: ProfileDTO) -> None:
        self.name.setText(p.name)
        self.body.setCurrentIndex(max(self.body.findData(p.registration_body), 0))
        self.number.setText(p.registration_number)
        self.date.set_value(p.registration_date)
        self.nit.setText(p.nit or "")
        self.objeto.setPlainText(p.objeto_vigilancia)
        self.level.setCurrentIndex(max(self.level.findData(p.territorial_level), 0))
        self.duration.setText(p.duration)
        self.address.setText(p.address)
        self.email.setText(p.email)
        self.phone.setText(p.phone)
        self._loaded = p
        self._shown = self.fields()

    def fields(self) -> ProfileFields:
        return ProfileFields(
            name=self.name.text(), registration_body=self.body.currentData(), registration_number=self.number.text(),
            registration_date=self.date.value(), nit=self.nit.text() or None,
            objeto_vigilancia=self.objeto.toPlainText(), territorial_level=self.level.currentData(),
            duration=self.duration.text(), address=self.address.text(), email=self.email.text(),
            phone=self.phone.text(),
            # not on this form: kept as stored (the CLI sets them), never reset to the defaults
            city=self._loaded.city if self._loaded else ProfileFields.city,
            renewal_date=self._loaded.renewal_date if self._loaded else None)

    def save(self) -> Optional[ProfileDTO]:
        fields = self.fields()
        try:
            saved = self.ctx.services.profile.save(fields)
        except ServiceError as error:
            self.message.setText(str(error))
            self.message.setStyleSheet("color: #a00000; font-weight: bold;")
            return None
        self.load(saved)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Datos guardados."))
        self.ctx.notify("profile")
        self.saved.emit(saved)
        return saved


class MemberDialog(QDialog):
    """Add a member, or correct one (`member`); personal data only with the consent box ticked."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None, member: Optional[MemberDTO] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editing = member
        self.setWindowTitle(self.tr("Corregir datos del integrante") if member else self.tr("Agregar integrante"))
        self.full_name = QLineEdit()
        self.document = QLineEdit()
        self.role = QLineEdit(self.tr("Integrante"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.consent = QCheckBox(self.tr(
            "La persona autoriza el tratamiento de sus datos personales para los fines de la veeduría "
            "(Ley 1581 de 2012). Fecha: hoy."))
        self.consent.setStyleSheet("QCheckBox { spacing: 8px; }")
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        for text, widget in ((self.tr("&Nombre completo *"), self.full_name), (self.tr("&Cédula"), self.document),
                             (self.tr("&Rol"), self.role), (self.tr("&Teléfono"), self.phone),
                             (self.tr("Correo &electrónico"), self.email)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").replace(" *", ""))
            form.addRow(label, widget)
        self.consent.setAccessibleName(self.tr("Autorización de tratamiento de datos personales"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.member: Optional[MemberDTO] = None
        if member is not None:
            self.full_name.setText(member.full_name)
            self.document.setText(member.document_number)
            self.role.setText(member.role)
            self.phone.setText(member.phone)
            self.email.setText(member.email)
            self.consent.setChecked(member.consent_given)

    def save(self) -> None:
        old = self.editing
        fields = MemberFields(
            full_name=self.full_name.text(), document_number=self.document.text(), role=self.role.text(),
            phone=self.phone.text(), email=self.email.text(), consent_given=self.consent.isChecked(),
            document_type=old.document_type if old else "CC", address=old.address if old else "",
            active=old.active if old else True)
        profile = self.ctx.services.profile
        try:
            self.member = profile.update_member(old.id, fields) if old else profile.add_member(fields)
        except ServiceError as error:
            self.message.setText(str(error))
            self.message.setStyleSheet("color: #a00000; font-weight: bold;")
            return
        self.accept()


class ProfilePage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = ProfileForm(ctx)
        self.members = QTableWidget(0, 4)
        self.members.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.members.setHorizontalHeaderLabels([self.tr("Nombre"), self.tr("Rol"), self.tr("Cédula"),
                                                self.tr("Autorización de datos")])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.setAccessibleName(self.tr("Integrantes de la veeduría"))
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.itemSelectionChanged.connect(self._update_member_buttons)
        # Intro or a double click (Qt emits `activated` for both: connecting doubleClicked too opened twice)
        self.members.activated.connect(lambda _index: self.edit_member())
        self.show_retired = QCheckBox(self.tr("Mo&strar retirados"))
        self.show_retired.toggled.connect(lambda _on: self.reload_members())
        add = QPushButton(self.tr("Ag&regar integrante…"))
        add.clicked.connect(self.add_member)
        self.edit_button = QPushButton(self.tr("C&orregir datos…"))
        self.edit_button.clicked.connect(self.edit_member)
        self.retire_button = QPushButton(self.tr("Retirar de la veeduría"))
        self.retire_button.clicked.connect(self.retire_member)
        self.consent_button = QPushButton(self.tr("Retirar autorización de datos…"))
        self.consent_button.setToolTip(self.tr("Ley 1581 de 2012: se borran su documento y sus datos de contacto; "
                                               "el nombre queda en las actas que firmó."))
        self.consent_button.clicked.connect(self.withdraw_consent)
        box = QGroupBox(self.tr("Integrantes"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.members)
        row = QHBoxLayout()
        row.addWidget(self.show_retired)
        row.addStretch(1)
        for button in (self.edit_button, self.retire_button, self.consent_button, add):
            row.addWidget(button)
        box_layout.addLayout(row)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(QLabel(self.tr("<h2>Mi veeduría</h2>")))
        inner_layout.addWidget(self.form)
        inner_layout.addWidget(box, 1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.reload_members()
        ctx.data_changed.connect(self._data_changed)

    def _data_changed(self, what: str) -> None:
        """The registration dialog of the first start (or a package) changed what this page shows."""
        if affects(what, "profile"):
            self.form.reload()
            self.reload_members()

    def reload_members(self) -> None:
        self.member_list = self.ctx.services.profile.members(include_inactive=self.show_retired.isChecked())
        self.members.setRowCount(len(self.member_list))
        for row, m in enumerate(self.member_list):
            consent = self.tr("Sí, {0}").format(m.consent_date.strftime("%d/%m/%Y")) if m.consent_given and m.consent_date else self.tr("No")
            name = m.full_name if m.active else self.tr("{0} (retirado)").format(m.full_name)
            for col, text in enumerate((name, m.role, m.document_number or "—", consent)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.members.setItem(row, col, item)
        self._update_member_buttons()

    def selected_member(self) -> Optional[MemberDTO]:
        row = self.members.currentRow()
        selected = row >= 0 and self.members.selectionModel().isRowSelected(row)
        return self.member_list[row] if selected and row < len(self.member_list) else None

    def _update_member_buttons(self) -> None:
        member = self.selected_member()
        for button in (self.edit_button, self.retire_button, self.consent_button):
            button.setEnabled(member is not None)
        if member is not None:
            self.retire_button.setText(self.tr("Retirar de la veeduría") if member.active else self.tr("Reincorporar"))
            self.consent_button.setEnabled(member.consent_given or bool(member.document_number or member.phone
                                                                        or member.email or member.address))

    def add_member(self) -> None:
        dialog = MemberDialog(self.ctx, self)
        if dialog.exec():
            self.ctx.notify("profile")

    def edit_member(self) -> None:
        member = self.selected_member()
        if member is not None and MemberDialog(self.ctx, self, member).exec():
            self.ctx.notify("profile")

    def retire_member(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._member_action(lambda: self.ctx.services.profile.retire_member(member.id, retired=member.active))

    def withdraw_consent(self) -> None:
        member = self.selected_member()
        if member is None or QMessageBox.question(
                self, self.tr("Retirar autorización de datos"),
                self.tr("{0} retira su autorización para el tratamiento de sus datos personales (Ley 1581 de "
                        "2012). Se borrarán su documento y sus datos de contacto; su nombre queda en las actas y "
                        "los informes que firmó. ¿Continuar?").format(member.full_name)) != QMessageBox.StandardButton.Yes:
            return
        self._member_action(lambda: self.ctx.services.profile.withdraw_consent(member.id))

    def _member_action(self, action: Callable[[], object]) -> None:
        """Run one member change; a refusal is shown in Spanish, a success refreshes every view."""
        try:
            action()
        except ServiceError as error:
            show_error(self, error)
            return
        self.ctx.notify("profile")


__all__ = ["ProfilePage", "ProfileForm", "MemberDialog", "show_error"]
