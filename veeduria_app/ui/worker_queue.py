"""Results from worker threads delivered on the GUI thread, without Qt in the workers.

Workers append plain Python messages to a deque (its appends and pops are thread-safe; the
`queue` module would load two more extension modules before the first frame); a QTimer on the
GUI thread drains it. The TaskRunner (ui/tasks.py) and the photo screens' thumbnail and map-tile
loaders use it, so no worker thread ever emits a Qt signal. (It also sidesteps PySide6 6.12.0's reference leak
on Python Signal.emit, which pyproject.toml now excludes.)
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QTimer


log = logging.getLogger("veeduria.ui.workers")


class ResultPump(QObject):
    """Calls `handler(*message)` on the GUI thread for each message put by any thread."""

    def __init__(self, handler: Callable[..., None], parent: Optional[QObject] = None, interval_ms: int = 40) -> None:
        super().__init__(parent)
        self._handler = handler
        self._queue: deque[tuple] = deque()
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
        self._queue.append((final, message))
        if threading.current_thread() is threading.main_thread():
            self.drain()

    def drain(self) -> None:
        while True:
            try:
                final, message = self._queue.popleft()
            except IndexError:
                break
            if final:
                self._pending = max(0, self._pending - 1)
            try:
                self._handler(*message)
            except Exception:  # noqa: BLE001 - a slot error must not stop later messages
                log.exception("Error al entregar un resultado en la interfaz")
        if self._pending == 0:
            self._timer.stop()
