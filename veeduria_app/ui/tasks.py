"""The one background-task helper: long work off the GUI thread, with progress and Cancel.

`fn(progress, cancel)` runs in a worker; results and errors come back to the GUI thread through
queued signals. Tests swap the thread pool for `SyncPool`, which runs the job inline.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from veeduria_app.services.errors import ServiceError
from veeduria_app.services.jobs import CancelToken, Cancelled

log = logging.getLogger("veeduria.tasks")
Job = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Job, signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self.fn, self.signals, self.token = fn, signals, token
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as error:  # reported to the GUI thread, never lost
            if not isinstance(error, ServiceError):
                log.error("Tarea fallida:\n%s", traceback.format_exc())
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class SyncPool:
    """Drop-in for QThreadPool that runs jobs immediately (deterministic tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, _msecs: int = -1) -> bool:  # noqa: N802 - Qt naming
        return True


class TaskRunner(QObject):
    """Runs jobs in a pool and shows a modal progress dialog with a Cancel button."""

    def __init__(self, pool: Optional[QThreadPool | SyncPool] = None, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self._active: list[_Signals] = []

    def run(
        self,
        fn: Job,
        *,
        title: str,
        parent: Optional[QWidget] = None,
        on_done: Optional[Callable[[Any], None]] = None,
        on_error: Optional[Callable[[Exception], None]] = None,
        on_cancel: Optional[Callable[[], None]] = None,
        show_dialog: bool = True,
    ) -> CancelToken:
        token = CancelToken()
        signals = _Signals()
        self._active.append(signals)
        dialog: Optional[QProgressDialog] = None
        if show_dialog:
            dialog = QProgressDialog(title, self.tr("Cancelar"), 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setAccessibleName(title)
            dialog.canceled.connect(token.cancel)

        def finish() -> None:
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            if signals in self._active:
                self._active.remove(signals)

        def progress(done: int, total: int, message: str) -> None:
            if dialog is not None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)
                if message:
                    dialog.setLabelText(message)

        def ok(result: Any) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(error: Exception) -> None:
            finish()
            if on_error:
                on_error(error)

        def cancelled() -> None:
            finish()
            if on_cancel:
                on_cancel()

        signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection if not isinstance(self.pool, SyncPool) else Qt.ConnectionType.DirectConnection)
        signals.done.connect(ok)
        signals.failed.connect(failed)
        signals.cancelled.connect(cancelled)
        if dialog is not None and not isinstance(self.pool, SyncPool):
            dialog.show()
        self.pool.start(_Runnable(fn, signals, token))
        return token

    def wait(self) -> None:
        self.pool.waitForDone(-1)
