"""Progress and cancellation for long work, without Qt.

Services that take long (imports, reports, verification) accept a progress callback and a
cancel token. The GUI's TaskRunner wires them to a progress bar and a Cancel button; the CLI
passes nothing. Raising `Cancelled` inside a transaction rolls it back, so a cancelled job
writes nothing.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, message). total may be 0 when unknown."""


class Cancelled(Exception):
    """Raised by long work when the user pressed Cancel."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return "Operación cancelada por el usuario; no se guardó nada."


class CancelToken:
    """Thread-safe flag set by the GUI thread and polled by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: Optional[ProgressCallback], done: int, total: int, message: str = "") -> None:
    """Call the callback if there is one (keeps call sites short)."""
    if progress is not None:
        progress(done, total, message)


def check(cancel: Optional[CancelToken]) -> None:
    """Raise Cancelled if the token was cancelled (no-op without a token)."""
    if cancel is not None:
        cancel.raise_if_cancelled()
