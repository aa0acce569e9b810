"""Registering the veeduría from the GUI: no made-up registration date, NIT formatted."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.profile_page import ProfileForm
from veeduria_app.ui.tasks import SyncPool, TaskRunner


def test_new_profile_saves_no_date_until_one_is_chosen(qtbot, services):
    form = ProfileForm(AppContext(services, TaskRunner(SyncPool())))
    qtbot.addWidget(form)
    assert form.date.text() == "Sin fecha"
    form.name.setText("Veeduría Las Gaviotas")
    form.nit.setText("8904801844")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = services.profile.get()
    assert saved.registration_date is None and saved.nit == "890.480.184-4"
    form.date.setDate(QDate(2025, 3, 14))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert services.profile.get().registration_date == dt.date(2025, 3, 14)
