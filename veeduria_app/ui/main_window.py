"""Main window: side bar of pages, the training banner, menus. Pages do the work.

On a quick start the window opens before the services exist (see AppContext): the works page
shows the start-up snapshot, and whatever else the user asks for in that half second (another
page, a work's detail, the data menu) waits for `services_ready`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QVBoxLayout, QWidget,
)

from veeduria_app import __version__
from veeduria_app.logs import log_path
from veeduria_app.ui.compact import scrollable
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.data_menu import install_data_menu
from veeduria_app.ui.messages import ask_irreversible, confirm_discard, show_error
from veeduria_app.ui.pages import PAGES
from veeduria_app.ui.qt_values import ALIGN_CENTER, USER_ROLE  # not Qt.…: see ui/qt_values.py

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from veeduria_app.ui.session import SessionGuard
    from veeduria_app.ui.work_detail import WorkDetail


def _action(text: str, parent: QWidget) -> QAction:
    """A menu action. Not `QAction(text, parent)`: resolving that overload builds PySide's QIcon
    type with its 151 theme-icon enum members, about 2 % of a cold start spent on no icon."""
    action = QAction(parent)
    action.setText(text)
    return action


BANNER_STYLE = ("background: #ffd400; color: #000; font-weight: bold; padding: 6px; "
                "border-bottom: 3px dashed #000;")


class MainWindow(QMainWindow):
    switch_folder = Signal(str)  # "training" or "real": handled by the app controller
    closing = Signal()
    first_frame = Signal()  # the window has been painted once: heavy start-up work may begin
    _painted = False  # a class default: Qt delivers events while __init__ is still running

    def __init__(self, ctx: AppContext, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        folder = ctx.folder
        self.setWindowTitle(self.tr("Veeduría — seguimiento ciudadano a obras públicas"))
        self.banner = QLabel(self.tr("MODO CAPACITACIÓN — datos ficticios de práctica; se pueden restablecer "
                                     "y nunca se mezclan con los datos reales."))
        if folder.is_training:  # a style sheet costs the first frame, and only the training banner shows
            self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setProperty("alignment", ALIGN_CENTER)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Modo capacitación activo"))
        self.banner.setVisible(folder.is_training)

        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Secciones"))
        self.nav.setMaximumWidth(170)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self._frames: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[AppContext], QWidget]] = {}
        for spec in PAGES:
            item = QListWidgetItem(self.tr(spec.title))
            item.setData(USER_ROLE, spec.key)
            self.nav.addItem(item)
            self._factories[spec.key] = spec.factory
        self.nav.currentItemChanged.connect(self._nav_changed)
        self._detail: Optional[WorkDetail] = None
        self._waiting: Optional[tuple[str, str]] = None  # ("page" | "work", key) asked for before ready
        self.loading = QLabel(self.tr("Abriendo la carpeta de datos…"))
        self.loading.setProperty("alignment", ALIGN_CENTER)
        self.stack.addWidget(self.loading)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self._build_menus()
        install_data_menu(self)
        self.statusBar().showMessage(self.tr("Carpeta de datos: {0}").format(folder.path))
        ctx.open_work.connect(self.show_work)
        self.nav.setCurrentRow(0)
        self.resize(1280, 720)
        self.session: Optional[SessionGuard] = None
        if ctx.ready:
            self._services_ready()
        else:
            self.data_menu.setEnabled(False)
            ctx.services_ready.connect(self._services_ready)

    def _services_ready(self) -> None:
        from veeduria_app.ui.session import SessionGuard

        self.data_menu.setEnabled(True)
        self.reset_action.setEnabled(self.ctx.folder.is_training)
        self.session = SessionGuard(self)  # login at start when the folder has accounts; idle lock
        waiting, self._waiting = self._waiting, None
        if waiting and waiting[0] == "work":
            self.show_work(waiting[1])
        elif waiting:
            self._nav_changed(self.nav.currentItem())

    # -- menus ----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        training = self.ctx.folder.is_training
        file_menu = self.menuBar().addMenu(self.tr("&Archivo"))
        self.switch_action = _action(
            self.tr("Volver a mis datos &reales") if training else self.tr("Abrir modo &capacitación"), self)
        self.switch_action.triggered.connect(lambda: self.switch_folder.emit("real" if training else "training"))
        file_menu.addAction(self.switch_action)
        file_menu.addSeparator()
        quit_action = _action(self.tr("&Salir"), self)
        self.quit_action = quit_action
        self.first_frame.connect(self._give_quit_its_keys)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.training_menu = self.menuBar().addMenu(self.tr("&Capacitación"))
        self.reset_action = _action(self.tr("&Restablecer la demostración…"), self)
        self.reset_action.setEnabled(training and self.ctx.ready)
        self.reset_action.triggered.connect(self.reset_demo)
        self.training_menu.addAction(self.reset_action)
        help_menu = self.menuBar().addMenu(self.tr("A&yuda"))
        about = _action(self.tr("&Acerca de Veeduría"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _give_quit_its_keys(self) -> None:
        """= setShortcut(QKeySequence.StandardKey.Quit): the platform's first binding (Ctrl+Q, none on
        Windows), without the overload that builds the Qt namespace (ui/qt_values.py). Given with
        the first frame, before which no key can be pressed: QKeySequence's enums cost it ~1 %."""
        from PySide6.QtGui import QKeySequence

        self.quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)[:1])

    # -- navigation -----------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        if key not in self._pages:
            widget = self._factories[key](self.ctx)
            self._pages[key] = widget
            self._frames[key] = scrollable(widget)
            self.stack.addWidget(self._frames[key])
        return self._pages[key]

    def show_page(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(USER_ROLE) == key:
                self.nav.setCurrentRow(row)
                return

    def _nav_changed(self, current: Optional[QListWidgetItem], _previous=None) -> None:
        if current is None:
            return
        key = current.data(USER_ROLE)
        if not self.ctx.ready and key != "works" and key not in self._pages:
            self._waiting = ("page", key)
            self.stack.setCurrentWidget(self.loading)
            return
        self.page(key)
        self.stack.setCurrentWidget(self._frames[key])

    def show_work(self, work_id: str) -> None:
        from veeduria_app.ui.work_detail import WorkDetail

        if not self.ctx.ready:
            self._waiting = ("work", work_id)
            self.stack.setCurrentWidget(self.loading)
            return
        self._close_detail()
        try:
            self._detail = WorkDetail(self.ctx, work_id)
        except Exception as error:  # noqa: BLE001 - shown in Spanish
            self._detail = None
            show_error(self, error)
            return
        self._detail.back.connect(self._back_to_works)
        self.stack.addWidget(self._detail)
        self.stack.setCurrentWidget(self._detail)

    def _close_detail(self, *, at_once: bool = False) -> None:
        """Drop the work's card. `at_once` deletes it now rather than on the next pass of the event
        loop, so that none of its tabs hears a notification about data that no longer exists."""
        if self._detail is not None:
            self.stack.removeWidget(self._detail)
            if at_once:
                import shiboken6

                shiboken6.delete(self._detail)
            else:
                self._detail.deleteLater()
            self._detail = None

    def _back_to_works(self) -> None:
        self.show_page("works")
        self.page("works")
        self.stack.setCurrentWidget(self._frames["works"])

    @property
    def detail(self) -> Optional[WorkDetail]:
        return self._detail

    # -- actions --------------------------------------------------------------------------
    def reset_demo(self) -> None:
        if not ask_irreversible(  # what was practised cannot come back: Enter cancels
                self, self.tr("Restablecer la demostración"),
                self.tr("Se borrará todo lo practicado en esta carpeta de capacitación y se cargará de nuevo la "
                        "demostración. Los datos reales no se tocan."),
                self.tr("Borrar lo practicado y restablecer")):
            return
        self._close_detail(at_once=True)  # the work on screen may be a practice one the reset deletes
        self._back_to_works()
        self.ctx.tasks.run(
            lambda progress, cancel: self.ctx.services.demo.load(reset=True),
            title=self.tr("Restableciendo la demostración…"), parent=self,
            on_done=lambda _n: self.ctx.notify("all"), on_error=lambda e: show_error(self, e))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        folder = self.ctx.folder
        QMessageBox.about(self, self.tr("Acerca de Veeduría"), self.tr(
            "<h3>Veeduría {0}</h3><p>Seguimiento ciudadano a obras públicas (Ley 850 de 2003). "
            "Software libre nacido del plan de acción OGP Local de Cartagena de Indias.</p>"
            "<p><b>Carpeta de datos:</b> {1}<br><b>Registro técnico:</b> {2}</p>").format(
                __version__, folder.path, log_path()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """The window's own background is drawn first in every frame. Not `event()`: that would run
        Python for every event the window receives, and build PySide's 180-member QEvent.Type."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_frame.emit)  # once this frame is on screen

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        unsaved = self._detail.unsaved_sections() if self._detail is not None else []
        if unsaved and not confirm_discard(self, unsaved):
            event.ignore()  # the person keeps editing
            return
        self.closing.emit()
        super().closeEvent(event)
