"""Nothing clips its text on a 1366×768 laptop at 150 % text scaling (about 910×482 logical
pixels), with the demo's real data: what a label or control needs (its font metrics, size hint
or height for its width) fits in the geometry it actually gets, and nothing hides sideways."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from veeduria_app.ui.context import AppContext
from veeduria_app.ui.main_window import MainWindow
from veeduria_app.ui.tasks import SyncPool, TaskRunner

WIDTH, HEIGHT = 910, 482  # 1366×768 at 150 %, less a task bar (as in test_small_screens)


@pytest.fixture
def ctx(demo_services) -> AppContext:
    return AppContext(demo_services, TaskRunner(SyncPool()))


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(WIDTH, HEIGHT)
    win.show()
    return win


def _work_tab(window: MainWindow, demo_services, key: str) -> QWidget:
    work = next(w for w in demo_services.works.list() if "Gaviotas" in w.name)
    window.show_work(work.id)
    tab = window.detail.show_tab(key)
    QApplication.processEvents()
    assert window.width() <= WIDTH and window.height() <= HEIGHT
    return tab


def _right_edge_in(widget: QWidget, area: QScrollArea) -> int:
    """Where the widget ends, in the coordinates of the scroll area's visible part."""
    return widget.mapTo(area.viewport(), widget.rect().topRight()).x()


def test_new_work_dialog_has_save_and_cancel_on_one_row(qtbot, ctx):
    from PySide6.QtWidgets import QPushButton

    from veeduria_app.ui.work_form import NewWorkDialog

    dialog = NewWorkDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(WIDTH - 16, HEIGHT - 40)
    dialog.show()
    QApplication.processEvents()
    save = dialog.form.save_button
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancelar"]
    assert len(cancel) == 1, "one «Cancelar» button"
    cancel_button = cancel[0]
    save_top = save.mapTo(dialog, save.rect().topLeft())
    cancel_top = cancel_button.mapTo(dialog, cancel_button.rect().topLeft())
    assert save_top.y() == cancel_top.y(), (save_top, cancel_top)  # one row, not two
    assert save.isDefault() and save.isVisible() and cancel_button.isVisible()
    assert save_top.x() > dialog.width() // 2 and cancel_top.x() > dialog.width() // 2  # on the right
    assert abs(save_top.x() - cancel_top.x()) < save.width() + cancel_button.width() + 20  # side by side
    cancel_button.click()
    assert not dialog.isVisible()


def test_reports_tab_shows_the_acta_box_whole(window, demo_services):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGroupBox

    tab = _work_tab(window, demo_services, "reports")
    area = tab.findChild(QScrollArea, options=Qt.FindChildOption.FindDirectChildrenOnly)  # the tab's own
    viewport = area.viewport().width()
    assert area.horizontalScrollBar().maximum() == 0, "the tab scrolls sideways"
    boxes = {box.title(): box for box in tab.findChildren(QGroupBox)}
    for title in ("Informe de veeduría", "Acta de visita"):
        assert boxes[title].isVisible() and _right_edge_in(boxes[title], area) <= viewport, title
    assert tab.visit.count() >= 1 and tab.visit.currentText().startswith("Visita del")
    for control in (tab.visit, tab.acta_button, tab.informe_button):  # no text cut short
        assert control.width() >= control.sizeHint().width(), (control.accessibleName(), control.width())
        assert _right_edge_in(control, area) <= viewport, control.accessibleName()
    window.resize(1366, 740)  # a big screen keeps the two boxes side by side
    QApplication.processEvents()
    assert boxes["Acta de visita"].y() == boxes["Informe de veeduría"].y()
    assert area.horizontalScrollBar().maximum() == 0


def _plain(label) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def test_photo_details_pane_shows_its_texts_and_controls_whole(window, demo_services):
    visits = _work_tab(window, demo_services, "visits")
    visits.details.setCurrentWidget(visits.photos)
    QApplication.processEvents()
    panel = visits.photos
    photo = panel.selected()
    assert photo is not None and photo.original_name in panel.info.text()
    area = panel.details_scroll
    viewport = area.viewport().width()
    assert area.horizontalScrollBar().maximum() == 0, "the details scroll sideways"
    for label in (panel.info, panel.hash, panel.flags):
        assert _right_edge_in(label, area) <= viewport, label.accessibleName()
        assert label.height() >= label.heightForWidth(label.width()), label.accessibleName()
        widest = max(label.fontMetrics().horizontalAdvance(word) for word in _plain(label).split())
        assert widest <= label.width(), (label.accessibleName(), widest, label.width())  # e.g. the file name
    for control in (panel.caption, panel.include, panel.save_caption, panel.open_original, panel.remove):
        assert _right_edge_in(control, area) <= viewport, control.accessibleName()
        assert control.width() >= control.sizeHint().width(), control.accessibleName()
    assert panel.caption.width() >= viewport - 30  # the caption is typed across the whole pane
    assert panel.grid.width() >= panel.grid.gridSize().width()  # the grid still shows a whole photo


def _scroll_area_of(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def _check_texts_fit(root: QWidget, area: QScrollArea) -> None:
    """Every visible label, button and field under `root` ends inside the visible part of `area`;
    labels and buttons get the width (or, when wrapping, the height) their text needs."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    viewport = area.viewport().width()
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QLabel, QAbstractButton, QLineEdit, QPlainTextEdit)):
            continue
        name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
        assert _right_edge_in(widget, area) <= viewport, f"{name!r} ends past the right edge"
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.height() >= widget.heightForWidth(widget.width()), f"{name!r} cut at the bottom"
        elif isinstance(widget, (QLabel, QAbstractButton)):
            assert widget.width() >= widget.sizeHint().width(), f"{name!r} cut short"


def test_finding_editor_fields_fit_the_pane(window, demo_services):
    from PySide6.QtWidgets import QLabel

    tab = _work_tab(window, demo_services, "findings")
    assert tab.current is not None and tab.current.condition  # a finding of the demo, written out
    area = _scroll_area_of(tab.title)
    viewport = area.viewport().width()
    assert area.horizontalScrollBar().maximum() == 0, "the editor scrolls sideways"
    for field in [tab.title, *tab.texts.values()]:
        assert _right_edge_in(field, area) <= viewport and field.width() >= viewport // 2, field.accessibleName()
    heading = tab.heading
    assert isinstance(heading, QLabel) and tab.current.title in heading.text()
    _check_texts_fit(area.widget(), area)


def test_comparison_alert_titles_and_curve_legend_are_whole(window, demo_services):
    from PySide6.QtCharts import QChartView
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QLabel

    tab = _work_tab(window, demo_services, "comparison")
    alerts = tab.alerts
    assert alerts.rowCount() >= 5
    column = alerts.columnWidth(1)
    metrics = alerts.fontMetrics()
    for row in range(alerts.rowCount()):
        title = alerts.item(row, 1).text()
        needed = alerts.sizeHintForRow(row)  # the row's texts wrapped to the columns' widths
        assert alerts.rowHeight(row) >= needed, f"«{title}» cut: {alerts.rowHeight(row)} < {needed}"
        assert max(metrics.horizontalAdvance(word) for word in title.split()) <= column, title
    assert alerts.rowHeight(0) > metrics.lineSpacing() * 1.5  # at this width the first title does wrap

    view = tab.findChild(QChartView)
    names = tab.chart.series_names
    assert len(names) >= 5  # the demo work has lines and markers
    legend = view.chart().legend()
    if legend.isVisible():  # QtCharts' own legend: one line, each name with its marker
        fm = QFontMetrics(legend.font())
        needed = sum(fm.horizontalAdvance(name) + fm.height() + 12 for name in names)
        assert needed <= legend.geometry().width(), f"legend cut: needs {needed}, has {legend.geometry().width()}"
    else:  # a legend of its own that wraps
        [label] = [w for w in tab.findChildren(QLabel) if w.accessibleName() == "Leyenda de la curva S"]
        text = _plain(label)
        assert label.isVisible() and all(name in text for name in names), text
        assert label.height() >= label.heightForWidth(label.width())
        assert label.mapTo(tab, label.rect().topRight()).x() <= tab.width()
        widest = max(label.fontMetrics().horizontalAdvance(f"━━━ {name}") for name in names)
        assert widest <= label.width(), "one legend entry wider than the chart"


def test_visit_list_entries_are_read_whole(window, demo_services):
    from PySide6.QtCore import QRect, Qt

    tab = _work_tab(window, demo_services, "visits")
    visits = tab.visit_list
    assert visits.count() >= 2 and any("con alerta" in visits.item(i).text() for i in range(visits.count()))
    viewport = visits.viewport().width()
    assert visits.horizontalScrollBar().maximum() == 0, "the list of visits scrolls sideways"
    metrics = visits.fontMetrics()
    for row in range(visits.count()):
        item = visits.item(row)
        rect = visits.visualItemRect(item)
        assert rect.left() >= 0 and rect.right() < viewport, (item.text(), rect, viewport)
        needed = metrics.boundingRect(QRect(0, 0, rect.width(), 10_000), Qt.TextFlag.TextWordWrap, item.text())
        assert needed.width() <= rect.width(), f"«{item.text()}» wider than its entry"
        assert needed.height() <= rect.height(), f"«{item.text()}» cut at the bottom"
        assert max(metrics.horizontalAdvance(word) for word in item.text().split()) <= rect.width(), item.text()


def _check_issued_panel_fits(panel, outer: QScrollArea) -> None:
    """The issued documents' panel: nothing past the visible width, nothing scrolled sideways, the
    four buttons and the preview's hint whole."""
    from PySide6.QtCore import Qt

    QApplication.processEvents()
    viewport = outer.viewport().width()
    assert outer.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
    area = _scroll_area_of(panel)
    assert area.horizontalScrollBar().maximum() == 0, "the documents' panel scrolls sideways"
    assert _right_edge_in(panel, outer) <= viewport, (panel.width(), viewport)
    if area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:  # no way to reach a cut bottom
        assert panel.height() <= area.viewport().height(), "the documents' panel cut at the bottom"
    assert panel.preview.isVisible() and _right_edge_in(panel.preview, outer) <= viewport
    hint = panel.preview.placeholder
    assert hint.isVisible() and hint.text().startswith("Seleccione un documento emitido")
    assert hint.width() >= max(hint.fontMetrics().horizontalAdvance(w) for w in hint.text().split())
    assert _right_edge_in(hint, outer) <= viewport, "the preview's hint ends past the right edge"
    for button in (panel.preview_button, panel.print_button, panel.save_button, panel.oficio_button):
        assert button.isVisible() and button.width() >= button.sizeHint().width(), button.accessibleName()
    _check_texts_fit(panel, outer)
    assert panel.table.isVisible() and panel.table.height() >= 4 * panel.table.verticalHeader().defaultSectionSize()
    assert panel.preview.height() >= 200 and panel.preview.width() >= 200  # room for a page


def test_issued_documents_panel_fits_the_work_tab(window, demo_services):
    tab = _work_tab(window, demo_services, "reports")
    assert tab.panel.table.rowCount() >= 1  # the demo issued documents
    _check_issued_panel_fits(tab.panel, tab.scroll)
    window.resize(1366, 740)  # a big screen keeps the preview beside the list, the buttons in a row
    QApplication.processEvents()
    panel = tab.panel
    assert panel.preview.mapTo(panel, panel.preview.rect().topLeft()).y() == 0
    assert panel.oficio_button.y() == panel.preview_button.y()
    _check_issued_panel_fits(panel, tab.scroll)


def test_issued_documents_panel_fits_the_reports_page(window):
    window.show_page("reports")
    page = window.page("reports")
    QApplication.processEvents()
    assert page.panel.table.rowCount() >= 1
    _check_issued_panel_fits(page.panel, _scroll_area_of(page.panel))
