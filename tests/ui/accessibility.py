"""A generic check of keyboard and screen-reader use: every visible control a person can act on
under a window has a name a screen reader says, and Tab reaches it.

A name is what Qt's accessibility bridge really reports (checked against Qt 6.11):
- the control's accessibleName();
- a button's or check box's own text;
- the text of a QLabel whose buddy it is. QFormLayout.addRow("Texto:", field) sets that buddy;
  addRow(QLabel(...), field) does NOT, and Qt then says nothing: a form row with a label widget
  needs `label.setBuddy(field)` (or an accessibleName) to count.
A combo box with no name is announced by its current item («Todas»), which is not a name, so the
item text does not count. A parent group box's title, which Qt falls back to, does not count
either: every field of the group would get the same name.

Each offender is reported with the source file that built it (the nearest ancestor whose class
is the app's, above the control) and the attribute that holds it there, when there is one.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QScrollBar, QTabBar, QTabWidget, QTextEdit, QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit,
               QAbstractItemView, QAbstractSlider)


@dataclass(frozen=True)
class Offender:
    screen: str
    problem: str  # "sin nombre", "fuera de Tab" or "Tab escribe un tabulador"
    source: str  # the ui module that built the control, e.g. "work_form.py"
    control: str  # class, attribute or object name, and a hint of what it shows
    widget_id: int  # the same control seen on several screens is one offender

    def __str__(self) -> str:
        return f"{self.screen}: {self.problem}: {self.source}: {self.control}"


def _part_of_another_control(widget: QWidget) -> bool:
    """Pieces Qt builds inside a control: they are named and reached through that control.

    - the line edit of a spin box, date edit or editable combo (its focus proxy is the owner);
    - a table's or list's header (Qt gives it no focus; the table's own keys move through it)
      and the corner button that selects all (Ctrl+A does that from the keyboard);
    - a tab bar's scroll arrows (Ctrl+Tab and the arrow keys move between tabs);
    - scroll bars (the view scrolls with the keys);
    - the «×» of a plain text box: selecting the text and Supr does the same with the keys. The
      «×» of a date field is NOT excluded while it has a date to clear: emptying a date is not
      ordinary text editing. On an empty date it has nothing to do and is rightly no Tab stop.
    """
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return True
    if isinstance(widget, (QHeaderView, QScrollBar)):
        return True
    class_name = widget.metaObject().className()
    if class_name == "QTableCornerButton" or isinstance(parent, QTabBar):
        return True
    if class_name == "QLineEditIconButton":
        owner = parent.parentWidget() if parent is not None else None
        if isinstance(owner, QAbstractSpinBox):
            return owner.specialValueText() != "" and owner.text() == owner.specialValueText()
        return True
    return False


def _is_link(widget: QWidget) -> bool:
    """A label with a link is a control too: it opens something."""
    return isinstance(widget, QLabel) and (widget.openExternalLinks() or "<a " in widget.text())


def controls(root: QWidget) -> Iterator[QWidget]:
    """The interactive controls under `root` a person sees now (tabs not shown are skipped)."""
    for widget in root.findChildren(QWidget):
        if ((isinstance(widget, INTERACTIVE) or _is_link(widget)) and widget.isVisibleTo(root)
                and widget.window() is root.window() and not _part_of_another_control(widget)):
            yield widget


def _labelled_by_buddy(widget: QWidget) -> str:
    parent = widget.parentWidget()
    siblings = parent.children() if parent is not None else []  # where Qt looks for the buddy
    for label in siblings:
        if isinstance(label, QLabel) and label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def screen_reader_name(widget: QWidget) -> str:
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    if isinstance(widget, QLabel):
        return re.sub(r"<[^>]*>", "", widget.text())  # a link says its words
    return _labelled_by_buddy(widget)


def reachable_by_tab(widget: QWidget) -> bool:
    target = widget.focusProxy() or widget
    if isinstance(widget, QLabel) and not widget.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard:
        return False  # Tab may stop on it, but Intro would not open the link
    return bool(target.focusPolicy() & Qt.FocusPolicy.TabFocus)


def traps_tab(widget: QWidget) -> bool:
    """An editable text box that takes Tab as a character: Tab never leaves it (only Ctrl+Tab,
    which nobody is told about). Read-only boxes let Tab through."""
    return (isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.isReadOnly()
            and not widget.tabChangesFocus())


def _app_ancestor(widget: QWidget) -> Optional[QObject]:
    parent = widget.parent()
    while parent is not None:
        if type(parent).__module__.startswith("veeduria_app."):
            return parent
        parent = parent.parent()
    return None


def describe(widget: QWidget) -> tuple[str, str]:
    """(source file, control) for a report: where to fix it and which one it is."""
    owner = _app_ancestor(widget)
    source = inspect.getsourcefile(type(owner)).rsplit("/", 1)[-1] if owner is not None else "?"
    attribute = next((f"{type(owner).__name__}.{name}" for name, value in vars(owner).items()
                      if value is widget), "") if owner is not None else ""
    hint = ""
    for getter in ("placeholderText", "toolTip", "currentText", "toPlainText", "text"):
        text = getattr(widget, getter)() if hasattr(widget, getter) else ""
        if text and text.strip():
            hint = f"{getter}={text.strip()[:40]!r}"
            break
    parts = [widget.metaObject().className(), attribute or (f"objectName={widget.objectName()}"
                                                             if widget.objectName() else f"en {type(owner).__name__}"), hint]
    return source, " ".join(part for part in parts if part)


def offenders(root: QWidget, screen: str) -> list[Offender]:
    found = []
    for widget in controls(root):
        source, control = describe(widget)
        if not screen_reader_name(widget).strip():
            found.append(Offender(screen, "sin nombre", source, control, id(widget)))
        if not reachable_by_tab(widget):
            found.append(Offender(screen, "fuera de Tab", source, control, id(widget)))
        if traps_tab(widget):
            found.append(Offender(screen, "Tab escribe un tabulador", source, control, id(widget)))
    return found


def offenders_on_every_tab(root: QWidget, screen: str) -> list[Offender]:
    """`offenders` with each page of every tab widget under `root` shown in turn."""
    found = offenders(root, screen)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisibleTo(root):
            continue
        current = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            found += offenders(root, f"{screen} › {tabs.tabText(index).replace('&', '')}")
        tabs.setCurrentIndex(current)
    return found
