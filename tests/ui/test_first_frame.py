"""The first frame is painted without PySide building its `Qt` namespace (ui/qt_values.py), and
what that asked of the works list (a C++ header, the sort arrow set from the header's state,
plain role numbers) behaves as before: titles, arrow, sorting by the header, keyboard, Quit."""
from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from veeduria_app.ui import qt_values
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.works_model import COLUMNS, fold
from veeduria_app.ui.works_page import WorksPage


def test_the_plain_values_are_qt_values(qtbot):
    assert qt_values.DISPLAY_ROLE == Qt.ItemDataRole.DisplayRole.value
    assert qt_values.TOOLTIP_ROLE == Qt.ItemDataRole.ToolTipRole.value
    assert qt_values.USER_ROLE == Qt.ItemDataRole.UserRole.value
    label = QLabel("x")
    qtbot.addWidget(label)
    assert label.setProperty("alignment", qt_values.ALIGN_CENTER)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter


FIRST_FRAME = """
import enum, gc, json, os, sys
from veeduria_app.app import launch


def qt_namespace_built() -> bool:
    return any(isinstance(o, enum.EnumMeta) and o.__qualname__ == "Qt.Key" for o in gc.get_objects())


app, controller, window = launch(["--data-dir", sys.argv[1]]); app.processEvents()
page = window.page("works")
out = {"built_at_first_frame": qt_namespace_built(), "rows": page.model.rowCount()}
from PySide6.QtCore import QPoint, Qt  # from here on the test itself needs the namespace
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

out["detector_sees_it"] = qt_namespace_built()
quit_action = next(a for a in window.actions() + [a for m in window.menuBar().actions() for a in m.menu().actions()]
                   if a.text() == "&Salir")
out["quit_keys"] = [k.toString() for k in quit_action.shortcuts()]
out["standard_quit"] = [QKeySequence(QKeySequence.StandardKey.Quit).toString()]
header = page.table.horizontalHeader()
out["arrow"] = [header.sortIndicatorSection(), header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder]
QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 5, 5))
out["statuses_after_click"] = [page.model.work_at(r).status_label for r in range(page.model.rowCount())]
QTest.keyClicks(page.search, "gaviotas")
out["rows_after_typing"] = page.model.rowCount()
print(json.dumps(out))
os._exit(0)
"""


def test_the_first_frame_leaves_the_qt_namespace_unbuilt_and_the_window_works_at_once(demo_path):
    """A fresh interpreter, as a user starts the app: after the first frame no `Qt.Key` enum exists
    yet (the detector does see it once the namespace is touched), and at that very moment a click
    on a column title sorts and typing filters."""
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, demo_path], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["built_at_first_frame"] is False and out["detector_sees_it"] is True
    assert out["rows"] >= 12
    assert out["quit_keys"] == [k for k in out["standard_quit"] if k]  # what setShortcut(StandardKey.Quit) gives
    assert out["arrow"] == [0, True]
    assert out["statuses_after_click"] == sorted(out["statuses_after_click"], key=fold)
    assert len(set(out["statuses_after_click"])) > 1
    assert out["rows_after_typing"] == 1


def test_works_table_titles_arrow_and_sorting(qtbot, demo_services):
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    page = WorksPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    shown, header = page.table.model(), page.table.horizontalHeader()
    titles = [shown.headerData(c, Qt.Orientation.Horizontal) for c in range(shown.columnCount())]
    assert titles == [title for _key, title in COLUMNS] == page.model.header_labels()
    assert titles == [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)
    names = [page.model.work_at(r).name for r in range(page.model.rowCount())]
    assert names == sorted(names, key=fold)
    assert [shown.index(r, 0).data() for r in range(shown.rowCount())] == [page.model.index(r, 0).data()
                                                                          for r in range(page.model.rowCount())]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # what a second click on «Nombre» does
    assert [page.model.work_at(r).name for r in range(page.model.rowCount())] == names[::-1]
    page.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    barrios = [shown.index(r, 5).data() for r in range(shown.rowCount())]
    assert barrios == sorted(barrios, key=fold) and len(set(barrios)) > 1


def test_the_header_still_highlights_the_selected_row_and_opens_it(qtbot, demo_services):
    """The header reads the table's own selection (bold titles for a selected row), and the row a
    person selects is the work that opens."""
    ctx = AppContext(demo_services, TaskRunner(SyncPool()))
    page = WorksPage(ctx)
    qtbot.addWidget(page)
    header = page.table.horizontalHeader()
    assert header.highlightSections() and header.selectionModel() is page.table.selectionModel()
    page.table.selectRow(3)
    opened: list[str] = []
    ctx.open_work.connect(opened.append)
    page.open_selected()
    assert opened == [page.model.work_at(3).id]


def test_quit_has_the_platform_quit_keys(qtbot, demo_services):
    from veeduria_app.ui.main_window import MainWindow

    window = MainWindow(AppContext(demo_services, TaskRunner(SyncPool())))
    qtbot.addWidget(window)
    quit_action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "&Salir")
    assert quit_action.shortcuts() == []  # given with the first frame, before which no key can be pressed
    with qtbot.waitSignal(window.first_frame, timeout=5000):
        window.show()
    assert quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert len(quit_action.shortcuts()) <= 1
    assert quit_action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)[:1]
