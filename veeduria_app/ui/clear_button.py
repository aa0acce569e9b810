"""The «×» Qt draws inside a line edit, reachable from the keyboard.

Qt makes that button mouse-only (no focus, no focus mark). For a date field it is the one way
to say "no date" besides Ctrl+A and Supr, so a keyboard or screen-reader user must find it:
it becomes a Tab stop right after its field while there is something to clear, says its name,
clears with Espacio or Intro (Intro must not fall through to a dialog's default button) and
then hands the focus back to the field. A focus frame shows where the focus is.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QFocusFrame, QLineEdit, QToolButton, QWidget

PRESS_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class KeyboardClearButton(QObject):
    """Gives `line`'s clear button a name, a Tab stop and keys; `owner` gets the focus back."""

    def __init__(self, line: QLineEdit, owner: QWidget, name: str, tip: str) -> None:
        super().__init__(owner)
        self._owner = owner
        line.setClearButtonEnabled(True)
        action = line.findChild(QAction, "_q_qlineeditclearaction")
        if action is not None:
            action.setText(name)
            action.setToolTip(tip)
        self.button: Optional[QToolButton] = line.findChild(QToolButton)
        if self.button is None:  # a Qt without the built-in button: Ctrl+A and Supr still work
            return
        self.button.setAccessibleName(name)
        self.button.setToolTip(tip)
        self.button.installEventFilter(self)
        self._frame = QFocusFrame(owner)
        self._frame.setWidget(self.button)
        self.set_reachable(bool(line.text().strip()))

    def set_reachable(self, reachable: bool) -> None:
        """A Tab stop only while there is something to clear."""
        if self.button is not None:
            self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus if reachable else Qt.FocusPolicy.NoFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.button and event.type() == QEvent.Type.KeyPress and self.button is not None:
            if isinstance(event, QKeyEvent) and event.key() in PRESS_KEYS and not event.isAutoRepeat():
                self.button.click()
                self._owner.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
