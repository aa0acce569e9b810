"""Composition root of the GUI: data folder → services → task runner → main window.

The controller owns one window at a time; switching between real data and the training
sandbox closes one set of services and opens the other, so they can never mix.

A normal start is a *quick start*: the window and the works list appear from a plain read of
the SQLite file (services/startup.py) and the services load off the GUI thread, because
importing the database layer costs several times more than opening the window itself. Only
what the first window needs is imported at module level here.
"""
from __future__ import annotations

import sys
from types import SimpleNamespace as Namespace
from typing import TYPE_CHECKING, Optional, Sequence

# The modules without Qt first: once PySide6.QtCore is loaded, its import hook reads the source of
# every module an import statement names (looking for `from __feature__`), which costs several
# milliseconds of start-up for the modules that these ones bring in.
from veeduria_app.logs import configure_logging
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import ConnectionLost, ServiceError
from veeduria_app.services.startup import StartupSnapshot, read_startup_snapshot
import veeduria_app.ui  # noqa: E402,I001 - loads QtCore and answers its import hook ahead (ui/__init__.py)

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator  # noqa: E402,I001 - after the above
from PySide6.QtWidgets import QApplication  # noqa: E402

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.main_window import MainWindow
from veeduria_app.ui.messages import show_error
from veeduria_app.ui.tasks import SyncPool, TaskRunner

if TYPE_CHECKING:
    import argparse

    from veeduria_app.services.container import Services

FIRST_FRAME_WAIT_MS = 300  # a hidden or minimised window never paints: load the services anyway


class AppController:
    """Opens a data folder in a main window; handles first start and training mode."""

    def __init__(self, real_folder: DataFolder, db_url: Optional[str] = None, *,
                 pool: Optional[SyncPool] = None, ask_welcome: bool = True) -> None:
        self.real_folder = real_folder
        self.db_url = db_url
        self.pool = pool
        self.ask_welcome = ask_welcome
        self.services: Optional[Services] = None
        self.window: Optional[MainWindow] = None
        self.ctx: Optional[AppContext] = None

    def start(self) -> Optional[MainWindow]:
        snapshot = read_startup_snapshot(self.real_folder, self.db_url)
        if snapshot is not None:
            return self._quick_start(snapshot)
        services = self._open(self.real_folder, self.db_url)
        if services is None:
            return None
        if self.ask_welcome and not self.real_folder.is_training and services.demo.is_empty() \
                and not services.accounts.login_required():  # with accounts, the login comes first
            from veeduria_app.ui.welcome import REGISTER, TRAINING, WelcomeDialog, first_registration

            welcome = WelcomeDialog()
            if not welcome.exec():
                services.close()
                return None
            if welcome.choice == TRAINING:
                services.close()
                return self.open_training()
            window = self._show(services)
            if welcome.choice == REGISTER:
                window.show_page("profile")
                first_registration(window.ctx, window)
            return window
        return self._show(services)

    def open_training(self) -> Optional[MainWindow]:
        folder = self.real_folder.training_folder()
        folder.mark_training()
        services = self._open(folder, None)  # the sandbox is always a local SQLite file
        if services is None:
            return None
        window = self._show(services)
        if services.demo.is_empty():
            window.ctx.tasks.run(lambda progress, cancel: services.demo.load(),
                                 title=window.tr("Preparando la demostración…"), parent=window,
                                 on_done=lambda _n: window.ctx.notify("all"),
                                 on_error=lambda e: show_error(window, e))
        return window

    def open_real(self) -> Optional[MainWindow]:
        services = self._open(self.real_folder, self.db_url)
        return self._show(services) if services else None

    @property
    def ready(self) -> bool:
        """True once the current window has its services (at once, except on a quick start)."""
        return self.services is not None

    # -- internals ------------------------------------------------------------------------
    def _quick_start(self, snapshot: StartupSnapshot) -> MainWindow:
        self._close_current()
        tasks = TaskRunner(self.pool)
        self.ctx = AppContext(None, tasks, folder=self.real_folder, startup=snapshot)
        window = self._present(MainWindow(self.ctx))
        folder, url = self.real_folder, self.db_url

        def build(_progress, _cancel) -> "Services":
            from veeduria_app.services.container import build_services

            return build_services(folder, url)

        def load_services() -> None:
            if started or self.window is not window:  # once, and not for a window already closed
                return
            started.append(True)
            tasks.run(build, title=window.tr("Abriendo la carpeta de datos…"), parent=window, show_dialog=False,
                      on_done=lambda services: self._attach(window, services),
                      on_error=lambda error: self._quick_start_failed(window, error))

        started: list[bool] = []
        if tasks.synchronous:
            load_services()
        else:  # after the first frame, so loading the database layer does not delay it (or soon anyway)
            window.first_frame.connect(load_services)
            QTimer.singleShot(FIRST_FRAME_WAIT_MS, load_services)
        return window

    def _attach(self, window: MainWindow, services: "Services") -> None:
        if self.window is not window:  # closed or switched away meanwhile
            services.close()
            return
        self.services = services
        window.ctx.attach(services)

    def _quick_start_failed(self, window: MainWindow, error: Exception) -> None:
        show_error(window, error, "No se pudo abrir la carpeta de datos")
        if self.window is window:
            window.close()

    def _open(self, folder: DataFolder, db_url: Optional[str]) -> Optional["Services"]:
        from veeduria_app.services.container import build_services
        from veeduria_app.ui import retry as retry_ui

        while True:
            try:
                folder.path.mkdir(parents=True, exist_ok=True)
                return build_services(folder, db_url)
            except ConnectionLost as error:  # the shared server is down or unreachable: offer to retry
                if not retry_ui.ask_retry_connection(error):
                    return None
            except ServiceError as error:
                show_error(None, error, "No se pudo abrir la carpeta de datos")
                return None
            except Exception as error:  # noqa: BLE001 - reported in Spanish, details in the log
                show_error(None, error, "No se pudo abrir la carpeta de datos")
                return None

    def _show(self, services: "Services") -> MainWindow:
        self._close_current()
        self.services = services
        tasks = TaskRunner(self.pool)
        self.ctx = AppContext(services, tasks)
        return self._present(MainWindow(self.ctx))

    def _present(self, window: MainWindow) -> MainWindow:
        window.switch_folder.connect(self._switch)
        window.closing.connect(self._on_close)
        window.first_frame.connect(_guard_the_wheel)  # not earlier: see ui/wheel_guard.py
        self.window = window
        screen = window.screen().availableGeometry()
        window.resize(min(1280, screen.width()), min(760, screen.height()))
        if screen.width() <= 1440 or screen.height() <= 800:
            window.showMaximized()  # old 1366×768 laptops: use every pixel
        else:
            window.show()
        return window

    def _switch(self, target: str) -> None:
        if target == "training":
            self.open_training()
        else:
            self.open_real()

    def _on_close(self) -> None:
        hook = getattr(self.services, "on_app_close", None)
        if callable(hook):
            try:
                hook()
            except Exception as error:  # noqa: BLE001 - a failed backup must not block closing
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(None, "Veeduría", f"No se pudo completar la copia de cierre: {error}")

    def _close_current(self) -> None:
        if self.window is not None:
            self.window.closing.disconnect(self._on_close)
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.ctx is not None:
            self.ctx.tasks.wait()
        if self.services is not None:
            self.services.close()
            self.services = None


def _guard_the_wheel() -> None:
    """Scrolling a form never changes a combo, spin box or date the user has not focused."""
    from veeduria_app.ui.wheel_guard import install_wheel_guard

    install_wheel_guard(QApplication.instance())  # type: ignore[arg-type]


def _install_translations(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Colombia))
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


GUI_OPTIONS = {"--data-dir": "data_dir", "--db-url": "db_url"}


def parse_args(argv: Sequence[str]) -> Namespace:
    """The window's options. The usual forms are read directly: argparse's first use loads
    gettext and locale (a few milliseconds of every start); help and mistakes go to argparse."""
    usual = _usual_arguments(argv)
    return usual if usual is not None else Namespace(**vars(_argument_parser().parse_args(argv)))


def _usual_arguments(argv: Sequence[str]) -> Optional[Namespace]:
    values: dict[str, object] = {"data_dir": None, "db_url": None, "training": False}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        option, equals, value = arg.partition("=")
        if arg == "--training":
            values["training"] = True
        elif option in GUI_OPTIONS and equals:
            values[GUI_OPTIONS[option]] = value
        elif arg in GUI_OPTIONS and rest and not rest[0].startswith("-"):
            values[GUI_OPTIONS[arg]] = rest.pop(0)
        else:  # --help, an abbreviation, a missing value, anything unknown: argparse says what to do
            return None
    return Namespace(**values)


def _argument_parser() -> "argparse.ArgumentParser":
    from veeduria_app.cli import SpanishArgumentParser  # the command's own parser, in Spanish

    parser = SpanishArgumentParser(prog="veeduria-gui", description="Veeduría (aplicación de escritorio)")
    parser.add_argument("--data-dir", default=None, metavar="CARPETA",
                        help="carpeta de datos (por defecto la del usuario; también VEEDURIA_DATA_DIR)")
    parser.add_argument("--db-url", default=None, metavar="URL",
                        help="base de datos SQLAlchemy, por ejemplo el servidor PostgreSQL de la red")
    parser.add_argument("--training", action="store_true", help="abrir directamente el modo capacitación")
    return parser


def launch(argv: Optional[Sequence[str]] = None, *,
           pool: Optional[SyncPool] = None) -> tuple[QApplication, AppController, Optional[MainWindow]]:
    """Everything `main` does before the event loop (the start-up benchmark times exactly this)."""
    configure_logging()
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Veeduría")
    app.setOrganizationName("Veeduria")
    _install_translations(app)  # type: ignore[arg-type]
    controller = AppController(DataFolder.open(args.data_dir), args.db_url, pool=pool)
    window = controller.open_training() if args.training else controller.start()
    return app, controller, window  # type: ignore[return-value]


def main(argv: Optional[Sequence[str]] = None) -> int:
    app, controller, window = launch(argv)
    if window is None:
        return 0
    code = app.exec()
    controller._close_current()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
