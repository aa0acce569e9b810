"""Login on a shared laptop: at start, and to unlock after the idle lock.

Errors (wrong password, waiting after repeated failures) appear in the dialog itself, in
Spanish, so the person can simply try again. After a coordinator reset the password, the
person chooses a new one right away.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from veeduria_app.services.container import Services
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.messages import show_error


class LoginDialog(QDialog):
    def __init__(self, services: Services, parent: Optional[QWidget] = None, *, locked: bool = False) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Veeduría bloqueada") if locked else self.tr("Ingresar a Veeduría"))
        intro = QLabel(self.tr(
            "La sesión se bloqueó por inactividad. Escriba su usuario y clave para continuar; otra persona "
            "también puede ingresar con su propia cuenta.") if locked else self.tr(
            "Este equipo es compartido: cada persona ingresa con su propio usuario y clave, y la bitácora "
            "registra quién hace cada cambio."))
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("Usuario"))
        if locked and services.identity.actor.username != "sin-sesion":
            self.username.setText(services.identity.actor.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Clave"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        self.message.setAccessibleName(self.tr("Mensaje de ingreso"))
        form = QFormLayout()
        form.addRow(self.tr("&Usuario:"), self.username)
        form.addRow(self.tr("&Clave:"), self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("&Ingresar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("&Salir de Veeduría"), QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setAccessibleName(self.tr("Ingresar"))
        self.quit_button.setAccessibleName(self.tr("Salir de Veeduría"))
        self.login_button.setDefault(True)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def try_login(self) -> None:
        try:
            self.services.accounts.login(self.username.text(), self.password.text())
        except ServiceError as error:
            self.message.setText(str(error))
            self.password.clear()
            self.password.setFocus()
            return
        account = self.services.accounts.current()
        if account is not None and account.must_change_password:
            ChangePasswordDialog(self.services, self, old_password=self.password.text(), forced=True).exec()
        self.password.clear()
        self.accept()

    def reject(self) -> None:  # Esc or «Salir»: only leaving the app, never skipping the login
        super().reject()


class ChangePasswordDialog(QDialog):
    def __init__(self, services: Services, parent: Optional[QWidget] = None, *, old_password: str = "",
                 forced: bool = False) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Cambiar mi clave"))
        self.old = QLineEdit(old_password)
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit, name in ((self.old, "Clave actual"), (self.new, "Clave nueva"), (self.repeat, "Repita la clave nueva")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(self.tr(name))
        form = QFormLayout(self)
        if forced:
            note = QLabel(self.tr("Su clave fue restablecida por coordinación: elija ahora una clave propia."))
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(self.tr("Clave &actual:"), self.old)
        form.addRow(self.tr("Clave &nueva:"), self.new)
        form.addRow(self.tr("&Repita la clave nueva:"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            QMessageBox.warning(self, self.tr("Cambiar mi clave"), self.tr("Las dos claves nuevas no coinciden."))
            return
        try:
            self.services.accounts.change_own_password(self.old.text(), self.new.text())
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            show_error(self, error)
            return
        self.accept()
