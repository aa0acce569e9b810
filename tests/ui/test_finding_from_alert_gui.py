"""«Crear hallazgo» on an alert that already has a finding (the demo's H-01): ask first, and
after creating show the NEW finding on the Hallazgos tab."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from veeduria_app.domain import alerts as A
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_detail import WorkDetail


@pytest.fixture
def detail(qtbot, services):
    services.demo.load()
    existing = next(f for f in services.findings.list() if f.source_alert_code == A.PAGOS_SUPERAN_AVANCE)
    widget = WorkDetail(AppContext(services, TaskRunner(SyncPool())), existing.work_id)
    qtbot.addWidget(widget)
    comparison = widget.show_tab("comparison")
    comparison.select_alert(A.PAGOS_SUPERAN_AVANCE)
    assert comparison.selected_alert().code == A.PAGOS_SUPERAN_AVANCE
    findings = widget.tab("findings")
    findings.reload(select_id=existing.id)  # the member had looked at H-01 before
    return widget, existing


def _answer(monkeypatch, button):
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button
    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_asks_with_the_existing_finding_and_no_creates_nothing(qtbot, services, detail, monkeypatch):
    widget, existing = detail
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    before = [f.id for f in services.findings.list(existing.work_id)]
    comparison = widget.tab("comparison")
    qtbot.mouseClick(comparison.finding_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and existing.code in asked[0] and existing.title in asked[0]
    assert [f.id for f in services.findings.list(existing.work_id)] == before
    assert "No se creó" in comparison.message.text() and existing.code in comparison.message.text()
    assert widget.tabs.currentWidget() not in _pages(widget, "findings")


def test_yes_creates_another_and_the_findings_tab_shows_the_new_one(qtbot, services, detail, monkeypatch):
    widget, existing = detail
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    comparison = widget.tab("comparison")
    qtbot.mouseClick(comparison.finding_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    created = services.findings.get(comparison.last_finding_id)
    assert created.id != existing.id and created.source_alert_code == A.PAGOS_SUPERAN_AVANCE
    findings = widget.tab("findings")
    assert widget.tabs.currentWidget() in _pages(widget, "findings")
    assert findings.current is not None and findings.current.id == created.id
    rows = findings.table.selectionModel().selectedRows()
    assert [findings.table.item(r.row(), 0).text() for r in rows] == [created.code]


def test_an_alert_without_a_finding_is_not_asked_about(qtbot, services, detail, monkeypatch):
    widget, existing = detail
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    comparison = widget.tab("comparison")
    free = next((a for a in comparison._shown
                 if not services.findings.from_alert(existing.work_id, a.code)), None)
    if free is None:
        pytest.skip("la obra de la demostración no tiene otra alerta sin hallazgo")
    comparison.select_alert(free.code)
    qtbot.mouseClick(comparison.finding_button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert widget.tab("findings").current.id == comparison.last_finding_id
    assert widget.tab("findings").current.source_alert_code == free.code


def _pages(widget, key):
    tab = widget.tab(key)
    return (tab, tab.parentWidget(), tab.parentWidget().parentWidget())
