"""The one background-task helper: long work off the GUI thread, with progress and Cancel.

`fn(progress, cancel)` runs on a worker thread. The worker never touches Qt: its progress
and its outcome travel as plain Python messages through a queue (worker_queue.ResultPump)
that a timer drains on the GUI thread, where the progress dialog and the callbacks live.
Tests swap the thread starter for `SyncPool`, which runs each job inline, deterministically.
"""
from __future__ import annotations

import logging
import threading
import traceback
from typing import TYPE_CHECKING, Any, Callable, Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from veeduria_app.services.errors import ServiceError
from veeduria_app.services.jobs import CancelToken, Cancelled
from veeduria_app.ui.worker_queue import ResultPump

if TYPE_CHECKING:  # the dialog's class loads with the first task that shows one, not at start-up
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger("veeduria.tasks")
Job = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class ThreadStarter:
    """Starts each job on its own daemon thread and can wait for all of them."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def start(self, work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, name="veeduria-tarea", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self, timeout: Optional[float] = None) -> None:
        for thread in list(self._threads):
            thread.join(timeout)


class SyncPool:
    """Drop-in for ThreadStarter that runs jobs immediately on the calling thread (tests)."""

    def start(self, work: Callable[[], None]) -> None:
        work()

    def wait(self, timeout: Optional[float] = None) -> None:
        return None


class Task(QObject):
    """One running job: its cancel token, its progress dialog, its outcome callbacks."""

    def __init__(self, fn: Job, title: str, parent: Optional[QWidget], *, show_dialog: bool,
                 on_done: Optional[Callable[[Any], None]], on_error: Optional[Callable[[Exception], None]],
                 on_cancel: Optional[Callable[[], None]]) -> None:
        super().__init__(parent)
        self.fn, self.on_done, self.on_error, self.on_cancel = fn, on_done, on_error, on_cancel
        self.token = CancelToken()
        self.finished = False
        self.dialog: Optional[QProgressDialog] = None
        if show_dialog:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QProgressDialog

            self.dialog = QProgressDialog(title, self.tr("Cancelar"), 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setAccessibleName(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.token.cancel)
        self.pump = ResultPump(self._message, self)

    def cancel(self) -> None:
        self.token.cancel()

    def work(self) -> None:
        """Worker side: run the job, report progress and the outcome as queued messages."""

        def progress(done: int, total: int, message: str) -> None:
            self.pump.put("progress", done, total, message, final=False)

        try:
            outcome: tuple = ("done", self.fn(progress, self.token))
        except Cancelled:
            outcome = ("cancelled", None)
        except Exception as error:  # reported to the GUI thread, never lost
            if not isinstance(error, ServiceError):
                log.error("Tarea fallida:\n%s", traceback.format_exc())
            outcome = ("error", error)
        self.pump.put(*outcome)

    def _message(self, kind: str, *args: Any) -> None:
        if kind == "progress":
            done, total, message = args
            if self.dialog is not None and not self.finished:
                self.dialog.setMaximum(max(total, 0))
                self.dialog.setValue(min(done, total) if total else 0)
                if message:
                    self.dialog.setLabelText(message)
            return
        self.finished = True
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        payload = args[0]
        if kind == "done" and self.on_done:
            self.on_done(payload)
        elif kind == "cancelled" and self.on_cancel:
            self.on_cancel()
        elif kind == "error":
            if self.on_error:
                self.on_error(payload)
            else:
                log.error("Tarea fallida sin manejador: %s", payload)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread with a modal progress dialog and a Cancel button."""

    def __init__(self, pool: Optional[ThreadStarter | SyncPool] = None, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.pool = pool if pool is not None else ThreadStarter()
        self._active: list[Task] = []

    @property
    def synchronous(self) -> bool:
        return isinstance(self.pool, SyncPool)

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
    ) -> Task:
        task = Task(fn, title, parent, show_dialog=show_dialog and not self.synchronous,
                    on_done=self._forget_then(on_done), on_error=self._forget_then(on_error),
                    on_cancel=self._forget_then(on_cancel))
        self._active.append(task)
        if not self.synchronous:
            task.pump.expect(1)
        self.pool.start(task.work)
        return task

    def _forget_then(self, callback: Optional[Callable]) -> Callable:
        def call(*args: Any) -> None:
            self._active[:] = [t for t in self._active if not t.finished]
            if callback:
                callback(*args)
        return call

    @property
    def busy(self) -> bool:
        return any(not task.finished for task in self._active)

    def wait(self) -> None:
        """Block until every started job has returned (used when switching data folders)."""
        self.pool.wait()
        for task in list(self._active):
            task.pump.drain()
