"""What a person typed or chose in a form, to tell whether leaving it would lose anything.

Why a generic reading of the inputs: a dialog whose `fields()` refuses half-typed money
(«1.2a») must still know that something was typed, and every form (work card, acta, contract)
uses the same rule: a snapshot when loaded or saved, compared when the person leaves."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTableWidget, QWidget,
)


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
        elif isinstance(widget, QTableWidget):  # editable tables (an acta's attendees, observations…)
            values.append(tuple((item.text() if item is not None else "")
                                for row in range(widget.rowCount()) for column in range(widget.columnCount())
                                for item in (widget.item(row, column),)))
    return tuple(values)
