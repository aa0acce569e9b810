"""What a person typed or chose in a form, to tell whether leaving it would lose anything.

Why a generic reading of the inputs: a dialog whose `fields()` refuses half-typed money
(«1.2a») must still know that something was typed, and every dialog can use it unchanged."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget


def form_state(root: QWidget) -> tuple:
    """The value of every input under `root`, in a stable order."""
    values: list = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
    return tuple(values)
