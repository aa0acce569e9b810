"""Who is at the keyboard: the login at start and the lock after some idle minutes.

The idle timer is restarted by any key, click, wheel or touch anywhere in the application (an
event filter on QApplication). When it fires and the folder has accounts, the window hides its
content, the services drop the person's rights, and the login dialog asks again. The minutes
come from the setting `accounts.idle_minutes` (10 by default).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from veeduria_app.services.accounts import DEFAULT_IDLE_MINUTES, IDLE_MINUTES_SETTING
from veeduria_app.ui.login_dialog import LoginDialog

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin, QEvent.Type.MouseMove}


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without user input anywhere in the application."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timer.setInterval(max(int(timeout_ms), 50))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class SessionGuard(QObject):
    """Attached to the main window: login at start when the folder has accounts, idle lock."""

    unlocked = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.ctx.services  # type: ignore[attr-defined]
        self.dialog: Optional[LoginDialog] = None
        self.locked = False
        self.watcher = IdleWatcher(self.idle_minutes() * 60_000, self)
        self.watcher.idle.connect(self.lock)
        if self.services.accounts.login_required() and not self.services.identity.authenticated:
            self._ask(locked=False)

    def idle_minutes(self) -> int:
        try:
            return max(1, int(self.services.settings.get(IDLE_MINUTES_SETTING, DEFAULT_IDLE_MINUTES)))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES

    def lock(self) -> None:
        """Hide everything and ask for a login; only when the folder has accounts."""
        if self.locked or not self.services.accounts.login_required():
            self.watcher.timer.start()
            return
        self.services.accounts.lock()
        self._ask(locked=True)

    def _ask(self, *, locked: bool) -> None:
        self.locked = True
        self.window.centralWidget().setVisible(False)
        self.window.menuBar().setEnabled(False)
        self.dialog = LoginDialog(self.services, self.window, locked=locked)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self.window.close)
        self.dialog.open()

    def _unlocked(self) -> None:
        self.locked = False
        self.dialog = None
        self.window.centralWidget().setVisible(True)
        self.window.menuBar().setEnabled(True)
        actor = self.services.identity.actor
        self.window.statusBar().showMessage(self.tr("Sesión de {0}").format(actor.display_name))
        self.watcher.set_timeout_ms(self.idle_minutes() * 60_000)
        self.window.ctx.notify("all")  # type: ignore[attr-defined]
        self.unlocked.emit()
