"""The optional date entry: typing into the empty field, and where its calendar opens."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt

from veeduria_app.ui.date_field import DateField


def test_empty_until_set_and_back(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.value() is None
    field.set_value(dt.date(2025, 3, 15))
    assert field.value() == dt.date(2025, 3, 15) and field.text() == "15/03/2025"
    field.set_value(None)
    assert field.value() is None


def test_typing_digits_into_the_empty_field_gives_that_date(qtbot):
    """A person clicks the empty field and types 15032025 (or 15/03/2025): that is the date,
    not text appended to «Sin fecha»."""
    for typed in ("15032025", "15/03/2025", "15-03-2025", "15/3/2025"):
        field = DateField()
        field.setSpecialValueText("Sin fecha")
        qtbot.addWidget(field)
        field.show()
        field.setFocus()
        qtbot.keyClicks(field, typed)
        field.interpretText()
        assert field.value() == dt.date(2025, 3, 15), (typed, field.text())


def test_calendar_of_an_empty_field_opens_on_this_month(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.resize(160, field.sizeHint().height())
    field.show()
    qtbot.waitExposed(field)
    arrow = QPoint(field.width() - 6, field.height() // 2)  # the drop-down button
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert field.value() is None  # opening the calendar is not choosing a date
    calendar.window().hide()
