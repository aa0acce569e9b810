"""Old shared laptops: every page and every work tab fits 1366×768 at 150 % text scaling.

At 150 % a 1366×768 screen offers about 910×512 logical pixels, less a task bar; a window
whose minimum size is larger cannot be used there. Keyboard use needs a focusable control
on each page.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.main_window import MainWindow
from veeduria_app.ui.pages import PAGES
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_tabs import WORK_TABS

MAX_WIDTH, MAX_HEIGHT = 1366 / 1.5, 768 / 1.5 - 30
# What a page gets inside the window: minus the side bar, menu, banner and status bar.
PAGE_WIDTH, PAGE_HEIGHT = MAX_WIDTH - 190, MAX_HEIGHT - 110


def _focusable(widget: QWidget) -> bool:
    return any(w.focusPolicy() & Qt.FocusPolicy.TabFocus for w in widget.findChildren(QWidget))


@pytest.fixture
def window(qtbot, demo_services):
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_each_page_fits_at_150_percent(window, key):
    window.show_page(key)
    window.show()
    hint = window.minimumSizeHint()
    assert hint.width() <= MAX_WIDTH and hint.height() <= MAX_HEIGHT, f"{key}: {hint.width()}×{hint.height()}"
    page = window.page(key)
    own = page.minimumSizeHint()
    assert own.width() <= PAGE_WIDTH and own.height() <= PAGE_HEIGHT, f"{key}: página {own.width()}×{own.height()}"
    assert _focusable(page)


def test_work_detail_with_every_tab_fits_at_150_percent(window, demo_services):
    work = demo_services.works.list()[0]
    window.show_work(work.id)
    window.show()
    tabs = window.detail.tabs
    assert tabs.count() == 1 + len(WORK_TABS)
    for key in ["ficha"] + [spec.key for spec in WORK_TABS]:
        widget = window.detail.show_tab(key)
        hint = window.minimumSizeHint()
        assert hint.width() <= MAX_WIDTH and hint.height() <= MAX_HEIGHT, f"{key}: {hint.width()}×{hint.height()}"
        own = widget.minimumSizeHint()
        assert own.width() <= PAGE_WIDTH and own.height() <= PAGE_HEIGHT - 60, (
            f"pestaña {key}: {own.width()}×{own.height()}")
        assert _focusable(widget)
