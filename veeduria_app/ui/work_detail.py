"""A work's detail view: its card (editable) plus one tab per capability (ui/work_tabs.py)."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from veeduria_app.ui.compact import scrollable
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.messages import confirm_discard
from veeduria_app.ui.work_form import WorkForm
from veeduria_app.ui.work_tabs import WORK_TABS


class WorkDetail(QWidget):
    back = Signal()

    def __init__(self, ctx: AppContext, work_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_id = work_id
        work = ctx.services.works.get(work_id)
        self.title = QLabel()
        self.title.setWordWrap(True)
        back = QPushButton(self.tr("← &Volver a la lista"))
        back.setAccessibleName(self.tr("Volver a la lista de obras"))
        back.clicked.connect(self.go_back)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Secciones de la obra"))
        self.form = WorkForm(ctx, work)
        self.form.saved.connect(lambda w: self._set_title(w.name, w.localidad, w.status_label))
        self.tabs.addTab(self.form, self.tr("&Ficha"))
        self._tab_widgets: dict[str, QWidget] = {"ficha": self.form}
        for spec in WORK_TABS:
            widget = spec.factory(ctx, work_id)
            self._tab_widgets[spec.key] = widget
            self.tabs.addTab(scrollable(widget), self.tr(spec.title))  # scrolls on tiny screens
        comparison = self._tab_widgets.get("comparison")
        if hasattr(comparison, "finding_created") and "findings" in self._tab_widgets:
            comparison.finding_created.connect(self.open_finding)
        header = QHBoxLayout()
        header.addWidget(back)
        header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self._set_title(work.name, work.localidad, work.status_label)

    def unsaved_sections(self) -> list[str]:
        """The sections holding typed data nobody saved (tabs with `has_unsaved_changes`)."""
        labels = {"ficha": self.tr("la ficha de la obra"), "visits": self.tr("el acta de la visita")}
        return [labels.get(key, key) for key, widget in self._tab_widgets.items()
                if getattr(widget, "has_unsaved_changes", lambda: False)()]

    def go_back(self) -> None:
        """Back to the list; typed data is dropped only when the person says so."""
        unsaved = self.unsaved_sections()
        if unsaved and not confirm_discard(self, unsaved):
            return
        self.back.emit()

    def tab(self, key: str) -> QWidget:
        """The widget of a tab by its WorkTabSpec key ("ficha" for the card)."""
        return self._tab_widgets[key]

    def show_tab(self, key: str) -> QWidget:
        widget = self._tab_widgets[key]
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is widget or getattr(page, "widget", lambda: None)() is widget:
                self.tabs.setCurrentIndex(index)
        return widget

    def open_finding(self, finding_id: str) -> None:
        """The Hallazgos tab with that finding selected (one just made from an alert)."""
        tab = self.show_tab("findings")
        if hasattr(tab, "reload"):
            tab.reload(select_id=finding_id)

    def _set_title(self, name: str, localidad: str, status: str) -> None:
        self.title.setText(f"<h2>{html.escape(name)}</h2>{html.escape(localidad)} · {html.escape(status)}")
        self.title.setAccessibleName(name)
