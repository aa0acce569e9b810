"""The mouse wheel scrolls forms; it never changes a value the user did not pick.

Qt's combos, spin boxes, date edits and sliders take the wheel whenever the pointer passes over
them: scrolling down a long form («Registrar obra», a visit's checklist) silently changed a
localidad or an acta's answer. One application-wide filter (installed by `app.launch`) lets such
a control take the wheel only while it has the keyboard focus, which the user gives it on
purpose (click or Tab): the wheel then travels on to the parents, so the form scrolls as if the
control were not there. The controls also get `StrongFocus` instead of Qt's `WheelFocus`,
because Qt hands the focus to a wheeled widget before any filter sees the event.

`app.py` installs it when a main window has painted its first frame: before that nothing may
build PySide's `Qt` namespace (ui/qt_values.py), which reading a focus policy does, and a
Python filter would cost a call for every event of the start-up.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDial, QSlider, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QSlider, QDial)  # QDateEdit and DateField are spin boxes
WHEEL = QEvent.Type.Wheel
POLISH = QEvent.Type.Polish


def _calm(widget: QWidget) -> None:
    """Focus by click or Tab, never by the wheel."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:  # a control made NoFocus on purpose stays so
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """Application event filter; see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == WHEEL:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                self._pass_on(watched, event)  # type: ignore[arg-type]
                return True
        elif kind == POLISH and isinstance(watched, GUARDED):
            _calm(watched)  # type: ignore[arg-type]
        return False

    @staticmethod
    def _pass_on(control: QWidget, event: QWheelEvent) -> None:
        """Deliver the wheel to the control's parents, nearest first, as Qt does with a wheel no one
        takes, until one takes it (the scroll area's viewport). Done here rather than by ignoring the
        event because Qt propagates only wheels that come from the mouse itself."""
        position = event.position()
        widget: Optional[QWidget] = control
        while widget is not None and not widget.isWindow():
            position = widget.mapToParent(position)
            widget = widget.parentWidget()
            if widget is None:
                break
            relayed = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                  event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                                  event.source(), event.pointingDevice())
            QApplication.sendEvent(widget, relayed)
            if relayed.isAccepted() or widget.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
                break
        event.accept()


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the filter once on `app`, and calm the controls that already exist."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    for widget in app.allWidgets():
        if isinstance(widget, GUARDED):
            _calm(widget)
    return guard


def remove_wheel_guard(app: QApplication) -> None:
    guard = app.findChild(WheelGuard)
    if guard is not None:
        app.removeEventFilter(guard)
        guard.setParent(None)
