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


def form_with(qtbot, field: DateField):
    """The field between two text boxes in an active window, so Tab and focus behave as for a user."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    layout = QVBoxLayout(window)
    before, after = QLineEdit(), QLineEdit()
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    field.window_keeper = window  # qtbot holds the window weakly
    return before, after


def leave(qtbot, after) -> None:
    after.setFocus()
    qtbot.waitUntil(after.hasFocus)


def test_an_optional_date_can_be_emptied_and_stays_empty(qtbot):
    """QA: Ctrl+A then Supr showed an empty field but `value()` kept the old date, which came back
    when the focus left and was saved (and printed in an informe)."""
    field = DateField()
    before, after = form_with(qtbot, field)
    field.set_value(dt.date(2026, 5, 1))
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.value() is None
    leave(qtbot, after)
    assert field.value() is None and field.text().strip() == ""
    field.set_value(dt.date(2026, 5, 1))
    from PySide6.QtWidgets import QToolButton

    clear = field.lineEdit().findChild(QToolButton)  # the «×» inside the field, for the mouse
    assert clear.accessibleName() == "Quitar la fecha" and clear.isVisible()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert field.value() is None


def test_typing_over_a_filled_date_after_a_click_replaces_it(qtbot):
    """Clicking into a filled date (no part selected) and typing 21/11/2026 used to change nothing."""
    for typed in ("21/11/2026", "21112026"):
        field = DateField()
        _before, after = form_with(qtbot, field)
        field.set_value(dt.date(2025, 3, 15))
        year = QPoint(field.lineEdit().width() - 12, field.lineEdit().height() // 2)
        qtbot.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton, pos=year)
        qtbot.waitUntil(field.hasFocus)
        assert not field.lineEdit().hasSelectedText()
        qtbot.keyClicks(field, typed)
        leave(qtbot, after)
        assert field.value() == dt.date(2026, 11, 21), (typed, field.text())


def test_letters_and_stray_digits_never_make_a_date(qtbot):
    """Tab into the field and type words: nothing is set, and digits typed among the letters or
    without a year do not leave a date made up from today's month and year."""
    field = DateField()
    before, after = form_with(qtbot, field)
    for typed in ("Calle 12", "abc", "15", "1503202"):  # the last: a year not finished
        before.setFocus()
        qtbot.waitUntil(before.hasFocus)
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        qtbot.waitUntil(field.hasFocus)
        qtbot.keyClicks(field, typed)
        leave(qtbot, after)
        assert field.value() is None, (typed, field.text())
    field.set_value(dt.date(2025, 3, 15))
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "ab")
    assert field.value() == dt.date(2025, 3, 15)
    qtbot.keyClicks(field, "20")  # Tab selected the day: digits still change it
    leave(qtbot, after)
    assert field.value() == dt.date(2025, 3, 20)


def test_the_clear_button_is_reachable_and_usable_from_the_keyboard(qtbot):
    """The «×» was mouse-only: a keyboard user had to know Ctrl+A then Supr. Now Tab after the
    year reaches «Quitar la fecha»; Espacio or Intro empties the field and gives the focus back."""
    from PySide6.QtWidgets import QApplication

    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        field = DateField()
        before, after = form_with(qtbot, field)
        field.set_value(dt.date(2026, 5, 1))
        for _part in ("día", "mes", "año", "×"):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        clear = QApplication.focusWidget()
        assert clear.accessibleName() == "Quitar la fecha", clear
        qtbot.keyClick(clear, key)
        assert field.value() is None and field.hasFocus()
        qtbot.keyClick(field, Qt.Key.Key_Tab)  # nothing left to clear: the «×» is no longer a stop
        assert after.hasFocus()
        assert not clear.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_tab_leaves_an_empty_date_field(qtbot):
    """Qt kept Tab inside a QDateEdit showing its special text: an empty date trapped the keyboard."""
    field = DateField()
    before, after = form_with(qtbot, field)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert after.hasFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backtab)
    assert before.hasFocus() and field.value() is None
