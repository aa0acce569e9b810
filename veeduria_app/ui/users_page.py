"""Accounts page (coordination only): add people, reset a password, deactivate, idle minutes.

The rules live in the accounts service; this page only hides what a role cannot do and shows
the service's Spanish message when something is refused.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from veeduria_app.domain.formats import short_date
from veeduria_app.services.accounts import DEFAULT_IDLE_MINUTES, IDLE_MINUTES_SETTING, AccountDTO
from veeduria_app.services.errors import ServiceError
from veeduria_app.services.identity import ROLE_LABELS, Permission
from veeduria_app.ui.context import AppContext, affects
from veeduria_app.ui.messages import show_error


class NewAccountDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None, *, first: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created: Optional[AccountDTO] = None
        self.setWindowTitle(self.tr("Crear la cuenta de coordinación") if first else self.tr("Nueva cuenta"))
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for code, label in ROLE_LABELS.items():
            if not first or code == "coordinador":
                self.role.addItem(self.tr(label), code)
        self.member = QComboBox()
        self.member.addItem(self.tr("— sin vincular —"), None)
        for member in ctx.services.profile.members():
            self.member.addItem(member.full_name, member.id)
        self.member.currentIndexChanged.connect(self._member_chosen)
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in ((self.username, "Usuario"), (self.display_name, "Nombre completo"), (self.role, "Rol"),
                             (self.member, "Integrante de la veeduría"), (self.password, "Clave"),
                             (self.repeat, "Repita la clave")):
            widget.setAccessibleName(self.tr(name))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        form = QFormLayout(self)
        if first:
            note = QLabel(self.tr("Al crear la primera cuenta, Veeduría pedirá usuario y clave cada vez que se abra y "
                                  "tras un rato sin uso. Esta cuenta administra las demás."))
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(self.tr("&Usuario:"), self.username)
        form.addRow(self.tr("&Nombre completo:"), self.display_name)
        form.addRow(self.tr("&Rol:"), self.role)
        form.addRow(self.tr("&Integrante:"), self.member)
        form.addRow(self.tr("&Clave (mínimo 8):"), self.password)
        form.addRow(self.tr("R&epita la clave:"), self.repeat)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("Crear cuen&ta"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Crear cuenta"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _member_chosen(self) -> None:
        if self.member.currentData() and not self.display_name.text().strip():
            self.display_name.setText(self.member.currentText())

    def save(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("Las dos claves no coinciden."))
            return
        try:
            self.created = self.ctx.services.accounts.create(
                self.username.text(), self.password.text(), role=self.role.currentData(),
                display_name=self.display_name.text(), member_id=self.member.currentData())
        except ServiceError as error:
            self.message.setText(str(error))
            return
        self.accept()


class PasswordDialog(QDialog):
    """A coordinator types a temporary password for someone who forgot theirs."""

    def __init__(self, username: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restablecer la clave de {0}").format(username))
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for edit, name in ((self.password, "Clave temporal"), (self.repeat, "Repita la clave temporal")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(self.tr(name))
        form = QFormLayout(self)
        note = QLabel(self.tr("La persona deberá cambiarla por una propia al ingresar."))
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.tr("Clave &temporal:"), self.password)
        form.addRow(self.tr("&Repita la clave:"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.password.text() != self.repeat.text():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Las dos claves no coinciden."))
            return
        self.accept()


class UsersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accounts: list[AccountDTO] = []
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Estado de las cuentas"))
        self.table = QTableWidget(0, 5)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move inside it)
        self.table.setHorizontalHeaderLabels([self.tr("Usuario"), self.tr("Nombre"), self.tr("Rol"), self.tr("Estado"),
                                              self.tr("Último ingreso")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Cuentas de este equipo"))
        self.add_button = QPushButton(self.tr("A&gregar cuenta…"))
        self.reset_button = QPushButton(self.tr("&Restablecer clave…"))
        self.active_button = QPushButton(self.tr("Desac&tivar"))
        for button in (self.add_button, self.reset_button, self.active_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" minutos"))
        self.idle.setAccessibleName(self.tr("Minutos sin uso antes de bloquear"))
        self.idle.editingFinished.connect(self.save_idle)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Bloquear tras")))
        buttons.addWidget(self.idle)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        ctx.data_changed.connect(self._data_changed)  # a method, not a lambda: Qt drops it with the page
        self.reload()

    def _data_changed(self, what: str) -> None:
        if affects(what, "accounts"):
            self.reload()

    def reload(self) -> None:
        services = self.ctx.services
        required = services.accounts.login_required()
        allowed = services.identity.can(Permission.MANAGE_ACCOUNTS)
        self.accounts = services.accounts.list() if allowed else []
        if not required:
            self.notice.setText(self.tr("Esta carpeta de datos está abierta: no pide clave. Cree la cuenta de "
                                        "coordinación para que cada persona ingrese con su usuario y clave."))
            self.add_button.setText(self.tr("Crear la cuenta de coordi&nación…"))
        elif allowed:
            self.notice.setText(self.tr("Cada persona ingresa con su cuenta; la bitácora registra quién hace cada "
                                        "cambio. Las cuentas no se borran: se desactivan."))
            self.add_button.setText(self.tr("A&gregar cuenta…"))
        else:
            self.notice.setText(self.tr("Solo una cuenta de coordinación puede administrar las cuentas."))
        for widget in (self.table, self.add_button, self.reset_button, self.active_button, self.idle):
            widget.setEnabled(allowed)
        self.idle.setValue(int(services.settings.get(IDLE_MINUTES_SETTING, DEFAULT_IDLE_MINUTES) or DEFAULT_IDLE_MINUTES))
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            last = short_date(account.last_login_at.astimezone().date()) if account.last_login_at else self.tr("nunca")
            values = (account.username, account.display_name, self.tr(account.role_label),
                      self.tr("activa") if account.active else self.tr("desactivada"), last)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._selection_changed()

    def selected(self) -> Optional[AccountDTO]:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        account = self.selected()
        self.reset_button.setEnabled(account is not None)
        self.active_button.setEnabled(account is not None)
        self.active_button.setText(self.tr("Reac&tivar") if account and not account.active else self.tr("Desac&tivar"))

    # -- actions --------------------------------------------------------------------------
    def add_account(self) -> None:
        dialog = NewAccountDialog(self.ctx, self, first=not self.ctx.services.accounts.login_required())
        if dialog.exec():
            self.ctx.notify("accounts")

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = PasswordDialog(account.username, self)
        if not dialog.exec():
            return
        try:
            self.ctx.services.accounts.reset_password(account.username, dialog.password.text())
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            show_error(self, error)
            return
        QMessageBox.information(self, self.tr("Clave restablecida"), self.tr(
            "{0} deberá cambiar la clave temporal al ingresar.").format(account.display_name))
        self.reload()

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        try:
            self.ctx.services.accounts.set_active(account.username, not account.active)
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            show_error(self, error)
        self.reload()

    def save_idle(self) -> None:
        try:
            self.ctx.services.settings.set(IDLE_MINUTES_SETTING, self.idle.value(), permission=Permission.ADMIN)
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            show_error(self, error)
