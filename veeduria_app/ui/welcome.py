"""First start: register the veeduría, or try the training sandbox."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from veeduria_app.ui.compact import fit_to_screen
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import ask
from veeduria_app.ui.profile_page import ProfileForm

REGISTER = "register"
TRAINING = "training"


class WelcomeDialog(QDialog):
    """Two clear choices for someone who has never used the app."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.choice: Optional[str] = None
        self.setWindowTitle(self.tr("Bienvenida a Veeduría"))
        intro = QLabel(self.tr(
            "<h1>Bienvenida a Veeduría</h1>"
            "<p>Esta aplicación ayuda a las veedurías ciudadanas (Ley 850 de 2003) a vigilar obras públicas: "
            "registrar la obra y su contrato, anotar cada visita con sus fotos, ver dónde no coinciden el "
            "contrato y lo observado, y presentar un informe formal a la Alcaldía.</p>"
            "<p>Funciona sin internet. ¿Qué desea hacer?</p>"))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        register = QPushButton(self.tr("&Registrar mi veeduría\n(datos reales)"))
        training = QPushButton(self.tr("&Modo capacitación\n(práctica con obras de ejemplo de Cartagena)"))
        for button, name in ((register, "Registrar mi veeduría"), (training, "Modo capacitación")):
            button.setMinimumHeight(64)
            button.setAccessibleName(self.tr(name))
        register.clicked.connect(lambda: self._choose(REGISTER))
        training.clicked.connect(lambda: self._choose(TRAINING))
        note = QLabel(self.tr("El modo capacitación usa una carpeta aparte: nada de lo que se practique "
                              "toca los datos reales, y se puede restablecer cuando se quiera."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(register)
        layout.addWidget(training)
        layout.addWidget(note)
        register.setDefault(True)
        fit_to_screen(self, 560, 420)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class RegisterDialog(QDialog):
    """The veeduría's registration data, asked once on first start."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Registrar mi veeduría"))
        self.form = ProfileForm(ctx, self)
        self.form.saved.connect(lambda _p: self.accept())
        hint = QLabel(self.tr("Escriba los datos del acta de constitución y de la inscripción. "
                              "Después podrá agregar a los integrantes en «Mi veeduría»."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Más tarde"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 560)


def first_registration(ctx: AppContext, parent: Optional[QWidget] = None) -> None:
    """The veeduría's registration, then the offer of the coordinator's account: until it exists
    the shared laptop opens without a password, with the members' documents and phones in it
    (Ley 1581). Declining leaves it for later, in «Cuentas»."""
    if not RegisterDialog(ctx, parent).exec() or ctx.services.accounts.login_required():
        return
    if not ask(parent, QCoreApplication.translate("welcome", "Proteger los datos"),
               QCoreApplication.translate(
                   "welcome", "La veeduría quedó registrada. Este equipo todavía abre sin clave, y guardará "
                   "los documentos y teléfonos de los integrantes. ¿Crear ahora la cuenta de coordinación? "
                   "Desde entonces Veeduría pedirá usuario y clave al abrirse."),
               QCoreApplication.translate("welcome", "Crear la cuenta ahora"),
               other=QCoreApplication.translate("welcome", "Más tarde (en «Cuentas»)"),
               default_action=True, icon="Question"):
        return
    from veeduria_app.ui.users_page import NewAccountDialog

    if NewAccountDialog(ctx, parent, first=True).exec():
        ctx.notify("accounts")
