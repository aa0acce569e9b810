"""Retrying a save after the shared server's connection dropped, without clearing the form.

A ConnectionLost means the whole transaction was rolled back, so trying the same save again
is safe. The form keeps its fields, says what happened and calls `retry` after a growing
pause (3 s, 5 s, 10 s, 20 s, 30 s); after the last one the person retries with the button.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox


class ConnectionRetry(QObject):
    delays_ms: tuple[int, ...] = (3000, 5000, 10000, 20000, 30000)

    def __init__(self, retry: Callable[[], object], parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._retry = retry
        self._attempt = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)

    def schedule(self) -> Optional[int]:
        """Plan the next automatic attempt; returns its delay in seconds, or None when giving up."""
        if self._attempt >= len(self.delays_ms):
            return None
        delay = self.delays_ms[self._attempt]
        self._attempt += 1
        self.timer.start(delay)
        return max(1, round(delay / 1000))

    def reset(self) -> None:
        """The save went through (or the person started over): forget earlier failures."""
        self._attempt = 0
        self.timer.stop()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def _fire(self) -> None:
        self._retry()


def ask_retry_connection(error: Exception) -> bool:
    """At start-up the server did not answer: ask whether to try again (True) or close (False)."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("retry", text)

    box = QMessageBox(QMessageBox.Icon.Warning, tr("Sin conexión con el servidor"), str(error))
    box.setInformativeText(tr("Si el servidor no volverá pronto, un coordinador puede volver a la base de datos "
                              "local de este equipo con «veeduria db server --local»."))
    retry = box.addButton(tr("&Reintentar"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("&Cerrar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry
