"""Helpers that keep screens usable on 1366×768 laptops at 150 % text scaling, and shared filters."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
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


FRAME_WIDTH, FRAME_HEIGHT = 16, 40  # the window manager's border and title bar


def available_area(widget: QWidget) -> Optional[QRect]:
    """The part of the widget's screen not taken by task bars (None without a screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open a dialog at its preferred size, but never bigger than the screen it is on.

    At 150 % a 1366×768 laptop offers about 910×480 logical pixels: a dialog sized for a big
    screen would hide its buttons below the task bar.
    """
    area = available_area(window)
    if area is not None:
        width = min(width, area.width() - FRAME_WIDTH)
        height = min(height, area.height() - FRAME_HEIGHT)
    window.resize(width, height)


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
