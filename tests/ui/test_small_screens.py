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


def test_dialogs_open_no_bigger_than_a_small_screen(qtbot, demo_services, monkeypatch):
    """Dialogs have a preferred size for big screens; on a 1366×768 laptop at 150 % they shrink."""
    from PySide6.QtCore import QRect

    from veeduria_app.ui import compact
    from veeduria_app.ui.analysis_settings_dialog import AnalysisSettingsDialog
    from veeduria_app.ui.backup_dialogs import BackupDialog
    from veeduria_app.ui.contract_detail import ContractDetailDialog
    from veeduria_app.ui.welcome import RegisterDialog, WelcomeDialog
    from veeduria_app.ui.work_form import NewWorkDialog

    small = QRect(0, 0, int(MAX_WIDTH), int(MAX_HEIGHT))
    monkeypatch.setattr(compact, "available_area", lambda _widget: small)
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    contract = demo_services.contracts.list()[0]
    dialogs = [ContractDetailDialog(ctx, contract.id), NewWorkDialog(ctx), WelcomeDialog(), RegisterDialog(ctx),
               BackupDialog(ctx), AnalysisSettingsDialog(ctx)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        size = dialog.size()
        assert size.width() <= small.width() - compact.FRAME_WIDTH, f"{type(dialog).__name__}: {size.width()}"
        assert size.height() <= small.height() - compact.FRAME_HEIGHT, f"{type(dialog).__name__}: {size.height()}"


def test_on_a_big_screen_dialogs_keep_their_preferred_size(qtbot, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialog

    from veeduria_app.ui import compact

    monkeypatch.setattr(compact, "available_area", lambda _widget: QRect(0, 0, 1920, 1040))
    dialog = QDialog()
    qtbot.addWidget(dialog)
    compact.fit_to_screen(dialog, 980, 680)
    assert (dialog.width(), dialog.height()) == (980, 680)


def test_comparison_actions_are_in_view_without_scrolling_at_1366x768(window, demo_services):
    """«Crear hallazgo» and «Marcar revisada…» sat under the alerts list, below the fold of the
    work's card on a 1366×768 laptop; now they are in the alerts' title row."""
    work = next(w for w in demo_services.works.list() if "Gaviotas" in w.name)
    window.show()
    window.resize(1366, 740)
    window.show_work(work.id)
    tab = window.detail.show_tab("comparison")
    for button in (tab.finding_button, tab.review_button):
        bottom = button.mapTo(window, button.rect().bottomLeft()).y()
        assert button.isVisible() and bottom < window.height() - window.statusBar().height(), bottom


@pytest.mark.parametrize("key", [spec.key for spec in PAGES])
def test_each_page_fits_at_150_percent_on_a_fresh_install(qtbot, services, key):
    """Empty lists show first-start hints instead of rows: they must wrap, not widen the page
    past a small screen (the hint «Use Nueva obra…» pushed that very button off it)."""
    ctx = AppContext(services, TaskRunner(SyncPool()))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page(key)
    window.show()
    own = window.page(key).minimumSizeHint()
    assert own.width() <= PAGE_WIDTH and own.height() <= PAGE_HEIGHT, f"{key}: página {own.width()}×{own.height()}"
