"""Background work for the photo screens with no per-item Python signal emissions.

Measured with PySide6 6.12.0 on CPython 3.11: every Python-side `Signal.emit()` drops one
reference to `True` (and every `processEvents()` one to `None`); `True` starts with a few
hundred references, so a few hundred emits (progress per photo, one signal per thumbnail or
map tile) abort the process with "bool_dealloc". Python 3.12+ makes these objects immortal,
but the laptops we target may run 3.10/3.11. Workers here therefore put plain Python messages
on a thread-safe queue and a QTimer on the GUI thread (a C++ signal, no leak) drains it. The
same design also never emits a Qt signal from a worker thread.
"""
from __future__ import annotations

import logging
import queue
import threading
import traceback
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from veeduria_app.services.errors import ServiceError
from veeduria_app.services.jobs import CancelToken, Cancelled

log = logging.getLogger("veeduria.ui.workers")


class ResultPump(QObject):
    """Calls `handler(*message)` on the GUI thread for each message put by any thread."""

    def __init__(self, handler: Callable[..., None], parent: Optional[QObject] = None, interval_ms: int = 40) -> None:
        super().__init__(parent)
        self._handler = handler
        self._queue: "queue.SimpleQueue[tuple]" = queue.SimpleQueue()
        self._pending = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.drain)

    def expect(self, count: int = 1) -> None:
        """GUI thread: `count` more final messages will come; poll until they have."""
        self._pending += count
        if self._pending > 0 and not self._timer.isActive():
            self._timer.start()

    def put(self, *message: Any, final: bool = True) -> None:
        """Any thread. On the GUI thread itself (inline executors in tests) deliver at once."""
        self._queue.put((final, message))
        if threading.current_thread() is threading.main_thread():
            self.drain()

    def drain(self) -> None:
        while True:
            try:
                final, message = self._queue.get_nowait()
            except queue.Empty:
                break
            if final:
                self._pending = max(0, self._pending - 1)
            try:
                self._handler(*message)
            except Exception:  # noqa: BLE001 - a slot error must not stop later messages
                log.exception("Error al entregar un resultado en la interfaz")
        if self._pending == 0:
            self._timer.stop()


class PolledTask(QObject):
    """Runs fn(progress, cancel) on a Python thread with a progress dialog and Cancel button.

    `synchronous=True` runs it inline (tests), exactly like the TaskRunner's SyncPool.
    """

    def __init__(self, parent: QWidget, title: str, fn: Callable[[Callable[[int, int, str], None], CancelToken], Any],
                 *, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                 on_cancel: Optional[Callable[[], None]] = None, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.fn, self.on_done, self.on_error, self.on_cancel = fn, on_done, on_error, on_cancel
        self.token = CancelToken()
        self.finished = False
        self.dialog: Optional[QProgressDialog] = None
        if synchronous:
            self._finish(*self._call(lambda *a: None))
            return
        self.dialog = QProgressDialog(title, self.tr("Cancelar"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.token.cancel)
        self.pump = ResultPump(self._message, self)
        self.pump.expect(1)
        self.thread = threading.Thread(target=self._work, name="veeduria-tarea", daemon=True)
        self.thread.start()

    def _call(self, progress: Callable[[int, int, str], None]) -> tuple:
        try:
            return ("done", self.fn(progress, self.token))
        except Cancelled:
            return ("cancelled", None)
        except BaseException as error:  # noqa: BLE001 - reported to the GUI thread, never lost
            if not isinstance(error, ServiceError):
                log.error("Tarea fallida:\n%s", traceback.format_exc())
            return ("error", error)

    def _work(self) -> None:
        def progress(done: int, total: int, message: str) -> None:
            self.pump.put("progress", done, total, message, final=False)

        self.pump.put(*self._call(progress))

    def _message(self, kind: str, *args: Any) -> None:
        if kind == "progress":
            done, total, message = args
            if self.dialog is not None and not self.finished:
                self.dialog.setMaximum(max(total, 0))
                self.dialog.setValue(min(done, total) if total else 0)
                if message:
                    self.dialog.setLabelText(message)
            return
        self._finish(kind, *args)

    def _finish(self, kind: str, payload: Any) -> None:
        self.finished = True
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if kind == "done":
            self.on_done(payload)
        elif kind == "cancelled":
            if self.on_cancel:
                self.on_cancel()
        else:
            self.on_error(payload)
