"""The mouse wheel scrolls a form and never changes a combo, spin box, date or slider the user has
not focused (ui/wheel_guard.py): QA saw «Registrar obra» lose its localidad/UCG and a visit's
checklist answer turn from «Sin responder» to «Sí» with one notch while scrolling."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import (
    QApplication, QComboBox, QScrollArea, QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from veeduria_app.domain.works import WorkFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.date_field import DateField
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.wheel_guard import WheelGuard, install_wheel_guard, remove_wheel_guard


@pytest.fixture
def guard(qapp):
    installed = install_wheel_guard(qapp)
    yield installed
    remove_wheel_guard(qapp)


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One turn of the wheel over the middle of `widget` (negative: scroll down)."""
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def long_form(qtbot):
    """A scroll area whose content is taller than itself, with one control of each kind."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    combo = QComboBox()
    combo.addItems(["Sin responder", "Sí", "No"])
    spin = QSpinBox()
    spin.setValue(5)
    date = DateField()
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setValue(50)
    for control in (combo, spin, date, slider):
        layout.addWidget(control)
        layout.addSpacing(400)
    area.setWidget(inner)
    area.resize(300, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, (combo, spin, date, slider)


def values(controls) -> tuple:
    combo, spin, date, slider = controls
    return combo.currentIndex(), spin.value(), date.value(), slider.value()


def test_the_wheel_scrolls_past_unfocused_controls_and_changes_nothing(qtbot, guard):
    area, controls = long_form(qtbot)
    before = values(controls)
    bar = area.verticalScrollBar()
    for control in controls:
        assert control.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not grab the focus
        scrolled = bar.value()
        wheel(control)
        assert bar.value() > scrolled, control  # the form scrolled instead
    assert values(controls) == before


def test_a_focused_control_still_takes_the_wheel(qtbot, guard):
    area, (combo, *_rest) = long_form(qtbot)
    area.activateWindow()
    qtbot.waitActive(area)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() == 1


def test_the_checklist_and_the_work_form_keep_their_answers(qtbot, guard, services):
    from veeduria_app.ui.inspection_form import InspectionForm
    from veeduria_app.ui.work_form import NewWorkDialog

    work = services.works.create(WorkFields(name="Canal Las Gaviotas", localidad="2"))
    ctx = AppContext(services, TaskRunner(SyncPool()))
    form = InspectionForm(ctx, work.id)
    qtbot.addWidget(form)
    form.resize(900, 500)
    form.show()
    qtbot.waitExposed(form)
    answer = form.checklist.table.cellWidget(0, 1)
    assert isinstance(answer, QComboBox)
    before = answer.currentText()
    wheel(answer)
    assert answer.currentText() == before

    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = dialog.form
    fields.localidad.setCurrentIndex(fields.localidad.findData("Localidad 2 - De la Virgen y Turística"))
    fields.ucg.setCurrentIndex(fields.ucg.findData("UCG 5"))
    for combo in (fields.localidad, fields.ucg):
        wheel(combo)
        wheel(combo, 1)
        wheel(combo)
    assert (fields.localidad.currentData(), fields.ucg.currentData()) == (
        "Localidad 2 - De la Virgen y Turística", "UCG 5")


def test_the_app_installs_the_guard_after_the_first_frame(qtbot, data_folder, qapp):
    from veeduria_app.app import launch

    from veeduria_app.services.container import build_services

    services = build_services(data_folder)
    try:
        services.works.create(WorkFields(name="Canal Calicanto", localidad="2"))  # no welcome dialog
    finally:
        services.close()
    remove_wheel_guard(qapp)
    app, controller, window = launch(["--data-dir", str(data_folder.path)], pool=SyncPool())
    try:
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: app.findChild(WheelGuard) is not None)  # once the first frame is painted
    finally:
        controller._close_current()
        remove_wheel_guard(app)
