"""A generic check of Alt+letter mnemonics: within one window, no two visible controls (buttons,
labels, group boxes, tab titles) and no menu-bar title may share a letter. With a shared letter
Qt gives Alt+letter to the first one (often a menu), or only moves the focus between them."""
from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QTabBar, QWidget

MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Letter → the visible texts under `root` (and its menu bar) that claim it."""
    claims: dict[str, list[str]] = defaultdict(list)

    def claim(text: str) -> None:
        letter = _letter(text)
        if letter:
            claims[letter].append(text)

    def shown(widget: QWidget) -> bool:
        return widget.isVisibleTo(root) and widget.window() is root.window()

    for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if shown(widget):
            claim(widget.text())
    for box in root.findChildren(QGroupBox):
        if shown(box):
            claim(box.title())
    for bar in root.findChildren(QTabBar):
        if shown(bar):
            for index in range(bar.count()):
                if bar.isTabVisible(index):
                    claim(bar.tabText(index))
    if isinstance(root, QMainWindow) and root.menuBar() is not None:
        for action in root.menuBar().actions():
            if action.isVisible():
                claim(action.text())
    return dict(claims)


def clashes(root: QWidget) -> dict[str, list[str]]:
    """The letters claimed more than once: empty when every Alt+letter is unambiguous."""
    return {letter: texts for letter, texts in mnemonics(root).items() if len(texts) > 1}


def clashes_on_every_tab(root: QWidget) -> dict[str, list[str]]:
    """`clashes` with each page of every tab widget under `root` shown in turn."""
    from PySide6.QtWidgets import QTabWidget

    found = dict(clashes(root))
    for tabs in root.findChildren(QTabWidget):
        current = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            found.update({f"{letter} ({tabs.tabText(index)})": texts for letter, texts in clashes(root).items()})
        tabs.setCurrentIndex(current)
    return found
