"""Helpers that keep screens usable on 1366×768 laptops at 150 % text scaling."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFrame, QScrollArea, QWidget


def compact_combo(combo: QComboBox, chars: int = 14) -> QComboBox:
    """A combo box no wider than `chars` characters; long items still show in its popup."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def scrollable(widget: QWidget) -> QScrollArea:
    """Wrap a page so a screen smaller than its minimum size scrolls instead of clipping."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setAccessibleName(widget.accessibleName() or widget.windowTitle())
    return area
