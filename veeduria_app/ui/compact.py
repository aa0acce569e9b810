"""Helpers that keep screens usable on 1366×768 laptops at 150 % text scaling, and shared filters."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFrame, QScrollArea, QWidget

if TYPE_CHECKING:
    from veeduria_app.domain.territory import Territory


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


def fill_ucg_filter(combo: QComboBox, territory: "Territory", localidad: str, all_label: str) -> None:
    """List the UCGs of a localidad (all of them when none is chosen), keeping the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, "")
    names = territory.ucgs_for(localidad) if localidad else [u for l in territory.localidades for u in l.ucgs]
    for name in dict.fromkeys(names):
        combo.addItem(name, name)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
