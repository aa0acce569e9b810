"""A date entry that may stay empty, for dates the papers may not give (registration, signing,
liquidation...): empty is never stored as a made-up date.

Qt's QDateEdit cannot be empty, so the empty value is its minimum date shown as a special text
(«Sin fecha»). What makes that usable:

- typing a digit into the empty field starts from today with the day selected, so «15032025»
  gives 15/03/2025 instead of being appended to the special text;
- typing a digit into a filled field where no part is selected (after a click) starts the date
  over from the day, so «21/11/2026» replaces it (Qt alone refused digits into a full part);
- emptying the text (Ctrl+A then Supr, or the «×» button inside the field) empties the value:
  Qt alone kept the old date behind the empty text and put it back when the focus left. The «×»
  («Quitar la fecha») is also a Tab stop after the year while there is a date, and Espacio or
  Intro on it empties the field (ui/clear_button.py);
- Tab leaves an empty field: Qt kept the focus in a field showing its special text;
- letters are refused and abandon what was being typed, and a date started from empty that was
  left without its year goes back to empty: no date is made up from stray digits;
- the calendar opens on this month, not on the sentinel's January 1900.

A date a form requires is checked by the form on saving, with its own message.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from veeduria_app.ui.clear_button import KeyboardClearButton

NO_DATE = QDate(1900, 1, 1)
SEPARATORS = ("/", "-", ".")
DAY = QDateTimeEdit.Section.DaySection
YEAR = QDateTimeEdit.Section.YearSection
SHORTCUT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


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
        self._typing_from: Optional[QDate] = None  # the date before the digits being typed
        self._year_digits = 0
        line = self.lineEdit()
        self.clear_button = KeyboardClearButton(  # the «×» Qt draws in the field
            line, self, self.tr("Quitar la fecha"),
            self.tr("Quitar la fecha (con el teclado: Tab hasta este botón y Espacio, o Ctrl+A y Supr)"))
        self.setAccessibleDescription(self.tr("Día, mes y año. Para dejarla sin fecha: Ctrl+A y Supr, "
                                              "o el botón «Quitar la fecha» que sigue."))
        line.textChanged.connect(self._text_changed)
        self.dateChanged.connect(self._date_changed)

    def value(self) -> Optional[dt.date]:
        return None if self.date() == NO_DATE else self.date().toPython()

    def set_value(self, value: Optional[dt.date]) -> None:
        self._typing_from = None
        self.setDate(QDate(value) if value else NO_DATE)

    def clear_value(self) -> None:
        self.set_value(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.date() == NO_DATE:
            self._leave_by_tab(event)  # Qt keeps Tab inside a field showing its special text
            return
        text = event.text()
        if text.isdigit():
            self._start_typing()
        elif text in SEPARATORS:
            if self._just_advanced():
                event.accept()  # «15/03/2025»: Qt already moved on after «15»; a second jump would skip the month
                return
        elif text.isprintable() and text and not event.modifiers() & SHORTCUT_MODIFIERS:
            self._abandon_typing()  # a letter: this is not a date being typed
            event.accept()
            return
        into_year = text.isdigit() and self.currentSection() == YEAR  # before Qt moves on to the next part
        super().keyPressEvent(event)
        if into_year and self._typing_from is not None:
            self._year_digits += 1

    def _leave_by_tab(self, event: QKeyEvent) -> None:
        event.accept()
        backwards = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        QWidget.focusNextPrevChild(self, not backwards)

    @Slot(QDate)
    def _date_changed(self, date: QDate) -> None:
        self.clear_button.set_reachable(date != NO_DATE)

    def _start_typing(self) -> None:
        if self._typing_from is not None:
            return  # the rest of a date being typed
        self._typing_from, self._year_digits = self.date(), 0
        line = self.lineEdit()
        if self.date() == NO_DATE:
            self.setDate(QDate.currentDate())
            self._select_day()
        elif not line.hasSelectedText() or "/" in line.selectedText():
            self._select_day()  # after a click (or Ctrl+A) the typed date replaces the whole date

    def _select_day(self) -> None:
        self.setCurrentSection(DAY)
        self.setSelectedSection(DAY)

    def _abandon_typing(self) -> None:
        if self._typing_from is not None:
            before, self._typing_from = self._typing_from, None
            self.setDate(before)

    @Slot(str)  # a Qt slot: disconnected when the field is destroyed (its line edit is cleared after)
    def _text_changed(self, text: str) -> None:
        if not any(ch.isdigit() for ch in text) and self.date() != NO_DATE:
            self._typing_from = None
            self.setDate(NO_DATE)  # the user emptied the field: no date

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        started_empty = self._typing_from == NO_DATE
        if started_empty and self._year_digits < 4:
            self.setDate(NO_DATE)  # a day typed without its year: never guess the rest from today
        self._typing_from = None
        super().focusOutEvent(event)

    def _just_advanced(self) -> bool:
        line = self.lineEdit()
        position = line.cursorPosition()
        return position > 0 and line.text()[position - 1:position] == "/"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.date() == NO_DATE:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)
