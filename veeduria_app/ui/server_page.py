"""«Servidor central»: point this laptop at a network's shared PostgreSQL database, or back.

The page only reads widgets and calls services/server.py; connecting and migrating run off
the GUI thread (a server on a slow network may take seconds to answer).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from veeduria_app.services import server as server_service
from veeduria_app.services.errors import ServiceError
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import show_error


class ServerPage(QWidget):
    """Shows which database this data folder uses; tests, chooses or leaves a central server."""

    reopen_requested = Signal()
    """Emitted after the choice changed: the window must reopen the data folder on it."""

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = ctx.services.data_folder
        self._build()
        self.refresh()
        self.reopen_requested.connect(self._ask_window_to_reopen)

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>Servidor central (red de veedurías)</h2>"))
        intro = QLabel(self.tr(
            "Varias veedurías o la Personería pueden compartir una base de datos PostgreSQL. Cada comité guarda "
            "sus datos aparte en el servidor (su propio esquema). Sin servidor, todo queda en este computador."))
        intro.setWordWrap(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setAccessibleName(self.tr("Base de datos en uso"))

        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql+psycopg://usuario@servidor:5432/red_veedurias")
        self.committee = QLineEdit()
        self.committee.setPlaceholderText(self.tr("Veeduría Bocagrande"))
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(self.tr("Opcional: carpeta compartida, por ejemplo \\\\servidor\\evidencias"))
        self.browse = QPushButton(self.tr("&Examinar…"))
        self.browse.setAccessibleName(self.tr("Elegir la carpeta compartida de evidencias"))
        self.browse.clicked.connect(self._browse)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence, 1)
        evidence_row.addWidget(self.browse)

        form = QFormLayout()
        for text, widget, name in ((self.tr("Di&rección del servidor"), self.url, self.tr("Dirección del servidor")),
                                   (self.tr("Co&mité"), self.committee, self.tr("Comité en el servidor")),
                                   (self.tr("Carpeta de e&videncias"), self.evidence,
                                    self.tr("Carpeta compartida de evidencias"))):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, evidence_row if widget is self.evidence else widget)

        self.test_button = QPushButton(self.tr("&Probar conexión"))
        self.use_button = QPushButton(self.tr("&Usar este servidor"))
        self.local_button = QPushButton(self.tr("Volver a la base de datos &local"))
        for button in (self.test_button, self.use_button, self.local_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self.test_button.clicked.connect(self.test_connection)
        self.use_button.clicked.connect(self.use_server)
        self.local_button.clicked.connect(self.use_local)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        buttons.addWidget(self.local_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Resultado"))

        box = QGroupBox(self.tr("Conectar a un servidor"))
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.message)
        self.box = box

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addWidget(box)
        layout.addStretch(1)

    # -- state ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.folder.is_training:
            self.current.setText(self.tr("Modo capacitación: la práctica usa siempre una base de datos local, "
                                         "aparte de los datos reales y de cualquier servidor."))
            self.box.setEnabled(False)
            return
        try:
            config = server_service.load_config(self.folder)
        except ServiceError as error:
            self.current.setText(str(error))
            return
        if config is None:
            self.current.setText(self.tr("Esta carpeta usa su base de datos local: {0}").format(self.folder.db_path))
            self.local_button.setEnabled(False)
            return
        self.current.setText(self.tr("Esta carpeta usa el servidor {0} (comité «{1}»). Evidencias: {2}").format(
            server_service.server.display_url(config.url), config.committee or "-",
            config.evidence_dir or self.folder.evidence_dir))
        self.url.setText(config.url)
        self.committee.setText(config.committee)
        self.evidence.setText(config.evidence_dir)
        self.local_button.setEnabled(True)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Carpeta compartida de evidencias"))
        if folder:
            self.evidence.setText(folder)

    def _config(self) -> Optional[server_service.ServerConfig]:
        try:
            return server_service.validate_config(self.url.text(), self.committee.text(), self.evidence.text())
        except ServiceError as error:
            self._say(str(error), error=True)
            widget = {"url": self.url, "committee": self.committee, "evidence_dir": self.evidence}.get(error.field or "")
            if widget is not None:
                widget.setFocus()
            return None

    # -- actions --------------------------------------------------------------------------
    def test_connection(self) -> None:
        config = self._config()
        if config is None:
            return
        self._say(self.tr("Conectando con el servidor…"), error=False)
        self.ctx.tasks.run(lambda progress, cancel: server_service.check(config.effective_url),
                           title=self.tr("Probando la conexión…"), parent=self,
                           on_done=lambda status: self._say(status.summary(), error=False),
                           on_error=lambda error: self._say(str(error), error=True)
                           if isinstance(error, ServiceError) else show_error(self, error))

    def use_server(self) -> None:
        config = self._config()
        if config is None:
            return

        def job(progress, cancel):  # noqa: ANN001 - TaskRunner's job signature
            _before, after = server_service.upgrade(config.effective_url)
            server_service.save_config(self.folder, config)
            return after

        self.ctx.tasks.run(job, title=self.tr("Preparando el servidor…"), parent=self,
                           on_done=self._switched, on_error=lambda error: self._say(str(error), error=True)
                           if isinstance(error, ServiceError) else show_error(self, error))

    def use_local(self) -> None:
        server_service.clear_config(self.folder)
        self._say(self.tr("Esta carpeta vuelve a usar su base de datos local."), error=False)
        self.reopen_requested.emit()

    def _switched(self, status: server_service.SchemaStatus) -> None:
        self._say(self.tr("Listo: {0} Se abrirán los datos del servidor.").format(status.summary()), error=False)
        self.reopen_requested.emit()

    def _ask_window_to_reopen(self) -> None:
        """The main window's controller reopens the real data folder (deferred: this page is closed by it)."""
        window = self.window()
        signal = getattr(window, "switch_folder", None)
        if signal is not None:
            QTimer.singleShot(0, lambda: signal.emit("real"))

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a00000; font-weight: bold;" if error else "")
        self.message.setAccessibleDescription(text)
