"""A work's tabs are destroyed when the person goes back to the list, but the app context lives
on: a tab that connected a lambda to `ctx.data_changed` stayed connected, and the next change
(an import of a bill of quantities after reopening the work) ran the lambda on a deleted
QTableWidget: «RuntimeError: Internal C++ object (QTableWidget) already deleted»."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from veeduria_app.domain.works import WorkFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.work_tabs import WORK_TABS

UI_DIR = Path(__file__).resolve().parents[2] / "veeduria_app" / "ui"
CONTEXT_SIGNALS = {"data_changed", "services_ready", "open_work"}


def _delete(widget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()


@pytest.mark.parametrize("key", ["contracts", "impediments"])
def test_a_deleted_tab_ignores_later_changes(qtbot, services, key):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    work_id = services.works.create(WorkFields(name="Vía Olaya Herrera", type="via", localidad="1")).id
    spec = next(t for t in WORK_TABS if t.key == key)
    first = spec.factory(ctx, work_id)  # the work opened, then «Volver a la lista»
    _delete(first)
    second = spec.factory(ctx, work_id)  # reopened
    qtbot.addWidget(second)
    with qtbot.captureExceptions() as exceptions:
        for what in ("contracts", "profile", "works", "all"):
            ctx.notify(what)
        QCoreApplication.processEvents()
    assert [str(e[1]) for e in exceptions] == []


@pytest.mark.parametrize("spec", WORK_TABS, ids=lambda s: s.key)
def test_no_work_tab_outlives_its_widget(qtbot, services, spec):
    ctx = AppContext(services, TaskRunner(SyncPool()))
    work_id = services.works.create(WorkFields(name="Parque de Olaya", type="parque", localidad="1")).id
    _delete(spec.factory(ctx, work_id))
    with qtbot.captureExceptions() as exceptions:
        for what in ("contracts", "profile", "inspections", "findings", "reports", "petitions", "works", "all"):
            ctx.notify(what)
        QCoreApplication.processEvents()
    assert [str(e[1]) for e in exceptions] == []


def _lambda_connections(source: str) -> list[int]:
    """Lines where a lambda (or partial) is connected to one of the context's signals: Qt cannot
    tell whose it is, so it is never disconnected when the widget goes."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in CONTEXT_SIGNALS
                and node.args and (isinstance(node.args[0], ast.Lambda)
                                   or (isinstance(node.args[0], ast.Call)
                                       and getattr(node.args[0].func, "id", getattr(node.args[0].func, "attr", ""))
                                       == "partial"))):
            lines.append(node.lineno)
    return lines


def test_no_ui_module_connects_a_lambda_to_the_context():
    offenders = {path.name: lines for path in sorted(UI_DIR.glob("*.py"))
                 if (lines := _lambda_connections(path.read_text(encoding="utf-8")))}
    assert offenders == {}
