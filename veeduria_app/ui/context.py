"""What every page needs, passed in (no globals): services, the task runner, app-wide signals."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from veeduria_app.services.container import Services
from veeduria_app.ui.tasks import TaskRunner


class AppContext(QObject):
    data_changed = Signal(str)  # what changed: "works", "contracts", "inspections", ...
    open_work = Signal(str)  # a page asks the main window to open a work's detail

    def __init__(self, services: Services, tasks: TaskRunner) -> None:
        super().__init__()
        self.services = services
        self.tasks = tasks

    def notify(self, what: str) -> None:
        self.data_changed.emit(what)
