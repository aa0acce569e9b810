"""Intro opens a row of every list exactly as a double click does, and a double click still
opens it once (Qt also emits `activated` on a double click: connecting both opened twice).

Covered: the Contratos page, a work's Contratos tab, Peticiones, the members of «Mi veeduría»
and the budget of a contract (inside the contract's dialog, where Intro must not also press the
dialog's default button). The dialogs are the real ones; only their `exec` is replaced, to
record which row they were opened for instead of waiting for a person.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.tasks import SyncPool, TaskRunner


@pytest.fixture
def ctx(demo_services):
    return AppContext(demo_services, TaskRunner(SyncPool()))


def _record(monkeypatch, dialog_class, what) -> list:
    """Each time a `dialog_class` is run, append `what(dialog)`; it closes at once, cancelled."""
    opened: list = []

    def fake_exec(dialog) -> int:
        opened.append(what(dialog))
        return 0

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return opened


def _show(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _enter_on(qtbot, view: QAbstractItemView, row: int, key=Qt.Key.Key_Return) -> None:
    """Put the keyboard on `row` (as the arrows would) and press Intro on the list."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 0))
    assert view.selectionModel().isRowSelected(row)
    qtbot.keyClick(view, key)


def _double_click(qtbot, view: QAbstractItemView, row: int) -> None:
    """What a double click sends: press, release, then press-as-double-click and release. (QTest's
    mouseDClick alone sends only the second half, which a view takes as a mere press.)"""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _intro_then_double_click(qtbot, view: QAbstractItemView, opened: list, id_at, enter_row: int,
                             click_row: int = 0) -> None:
    """Intro on `enter_row` opens that row; then a double click on `click_row` opens it, once."""
    _enter_on(qtbot, view, enter_row)
    assert opened == [id_at(enter_row)]
    opened.clear()
    _double_click(qtbot, view, click_row)
    assert opened == [id_at(click_row)]  # once, not twice


def test_contracts_page_opens_a_contract_with_intro_and_once_with_a_double_click(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.contract_detail import ContractDetailDialog
    from veeduria_app.ui.contracts_page import ContractsPage

    opened = _record(monkeypatch, ContractDetailDialog, lambda d: d.contract_id)
    page = _show(qtbot, ContractsPage(ctx))
    assert page.model.rowCount() >= 2
    first, second = page.model.contract_at(0).id, page.model.contract_at(1).id
    _enter_on(qtbot, page.table, 1)
    assert opened == [second]
    qtbot.keyClick(page.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Intro too
    assert opened == [second, second]
    opened.clear()
    _double_click(qtbot, page.table, 0)
    assert opened == [first]  # once, not twice


def test_work_contracts_tab_opens_a_contract_with_intro_and_once_with_a_double_click(qtbot, ctx, demo_services,
                                                                                     monkeypatch):
    from veeduria_app.ui.contract_detail import ContractDetailDialog
    from veeduria_app.ui.contracts_tab import ContractsTab

    opened = _record(monkeypatch, ContractDetailDialog, lambda d: d.contract_id)
    work = next(w for w in demo_services.works.list() if demo_services.contracts.for_work(w.id))
    tab = _show(qtbot, ContractsTab(ctx, work.id))
    assert tab.table.rowCount() >= 1
    _intro_then_double_click(qtbot, tab.table, opened, lambda row: tab.contracts[row].id, tab.table.rowCount() - 1)


def test_petitions_open_with_intro_and_once_with_a_double_click(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.petition_dialogs import PetitionFormDialog
    from veeduria_app.ui.petitions_page import PetitionsPanel

    opened = _record(monkeypatch, PetitionFormDialog, lambda d: d.petition.id)
    panel = _show(qtbot, PetitionsPanel(ctx))
    drafts = [row for row, item in enumerate(panel.items) if item.filed_on is None]
    assert drafts, "la demo tiene una petición sin radicar"
    _intro_then_double_click(qtbot, panel.table, opened, lambda row: panel.items[row].id, drafts[0], drafts[0])


def test_a_filed_petition_says_so_once_with_intro_or_a_double_click(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from veeduria_app.ui.petitions_page import PetitionsPanel

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, _text, *a, **k: said.append(title))
    panel = _show(qtbot, PetitionsPanel(ctx))
    row = next(row for row, item in enumerate(panel.items) if item.filed_on is not None)
    _enter_on(qtbot, panel.table, row)
    assert said == ["Petición radicada"]
    _double_click(qtbot, panel.table, row)
    assert said == ["Petición radicada"] * 2


def test_members_open_with_intro_and_once_with_a_double_click(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.profile_page import MemberDialog, ProfilePage

    opened = _record(monkeypatch, MemberDialog, lambda d: d.editing.id)
    page = _show(qtbot, ProfilePage(ctx))
    assert page.members.rowCount() >= 2
    _intro_then_double_click(qtbot, page.members, opened, lambda row: page.member_list[row].id, 1)


def test_contract_budget_opens_with_intro_once_and_leaves_the_contract_open(qtbot, ctx, demo_services, monkeypatch):
    """Inside the contract's dialog: Intro on an allocation corrects that allocation and does
    nothing else (the key used to reach the dialog, which pressed its default button)."""
    from veeduria_app.ui.contract_acts import _ActDialog
    from veeduria_app.ui.contract_budget import BudgetDialog
    from veeduria_app.ui.contract_detail import ContractDetailDialog

    opened = _record(monkeypatch, _ActDialog, lambda d: (type(d).__name__, getattr(getattr(d, "allocation", None), "id", None)))
    contract = next(c for c in demo_services.contracts.list() if demo_services.contracts.budget(c.id))
    detail = ContractDetailDialog(ctx, contract.id)
    detail.finished.connect(lambda result: opened.append(("cerrado", result)))
    _show(qtbot, detail)
    detail.tabs.setCurrentWidget(detail.budget_panel)
    detail.activateWindow()
    qtbot.waitActive(detail)
    panel = detail.budget_panel
    table = panel.table
    _enter_on(qtbot, table, 0)
    assert opened == [(BudgetDialog.__name__, panel.allocations[0].id)]
    assert detail.isVisible() and QApplication.activeModalWidget() is None
    opened.clear()
    _double_click(qtbot, table, 0)
    assert opened == [(BudgetDialog.__name__, panel.allocations[0].id)]
    assert detail.isVisible()


def test_dashboard_opens_a_work_or_an_alert_once_with_a_double_click_and_with_intro(qtbot, ctx):
    """The dashboard already opened with Intro, but connected doubleClicked too: a double click
    opened the work twice (two page switches, and the alert's tab chosen twice)."""
    from veeduria_app.ui.dashboard_page import DashboardPage

    opened: list[str] = []
    ctx.open_work.connect(opened.append)
    page = _show(qtbot, DashboardPage(ctx))
    assert page.table.rowCount() >= 2 and page.alerts.rowCount() >= 1
    _double_click(qtbot, page.table, 1)
    assert opened == [page.work_id_at(1)]
    opened.clear()
    _enter_on(qtbot, page.table, 0)
    assert opened == [page.work_id_at(0)]
    opened.clear()
    _double_click(qtbot, page.alerts, 0)
    assert opened == [page.alert_rows[0].work_id]
    opened.clear()
    _enter_on(qtbot, page.alerts, 0)
    assert opened == [page.alert_rows[0].work_id]


def test_issued_documents_preview_with_intro_and_once_with_a_double_click(qtbot, ctx, monkeypatch):
    from veeduria_app.ui.issued_reports_panel import IssuedReportsPanel

    previewed: list[str] = []
    monkeypatch.setattr(IssuedReportsPanel, "show_preview", lambda panel, dto: previewed.append(dto.id))
    panel = _show(qtbot, IssuedReportsPanel(ctx))
    assert panel.table.rowCount() >= 1
    _intro_then_double_click(qtbot, panel.table, previewed, lambda row: panel.rows[row].id, panel.table.rowCount() - 1)


def test_works_page_opens_a_work_with_intro_and_once_with_a_double_click(qtbot, ctx):
    from veeduria_app.ui.works_page import WorksPage

    page = _show(qtbot, WorksPage(ctx))
    opened: list[str] = []
    ctx.open_work.connect(opened.append)
    # once: the second signal connected to a double click built the work's whole detail twice
    _intro_then_double_click(qtbot, page.table, opened, lambda row: page.model.work_at(row).id, 1)
