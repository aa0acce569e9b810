"""A date entry that may stay empty, for dates the papers may not give (registration, signing,
liquidation...): empty is never stored as a made-up date.

Qt's QDateEdit cannot be empty, so the empty value is its minimum date shown as a special text
(«Sin fecha»). Two things make that usable: typing a digit into the empty field starts from
today with the day selected, so «15032025» gives 15/03/2025 instead of being appended to the
special text; and the calendar opens on this month, not on the sentinel's January 1900.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

NO_DATE = QDate(1900, 1, 1)
SEPARATORS = ("/", "-", ".")


class DateField(QDateEdit):
    """dd/MM/yyyy with a calendar; `value()` is a date or None."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(" ")
        self.setDate(NO_DATE)
        self.calendarWidget().installEventFilter(self)

    def value(self) -> Optional[dt.date]:
        return None if self.date() == NO_DATE else self.date().toPython()

    def set_value(self, value: Optional[dt.date]) -> None:
        self.setDate(QDate(value) if value else NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if self.date() == NO_DATE and text.isdigit():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateTimeEdit.Section.DaySection)
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        elif text in SEPARATORS and self._just_advanced():
            event.accept()  # «15/03/2025»: Qt already moved on after «15»; a second jump would skip the month
            return
        super().keyPressEvent(event)

    def _just_advanced(self) -> bool:
        line = self.lineEdit()
        position = line.cursorPosition()
        return position > 0 and line.text()[position - 1:position] == "/"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.date() == NO_DATE:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)
