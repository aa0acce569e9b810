"""What every page needs, passed in (no globals): services, the task runner, app-wide signals.

On a quick start the window appears before the services exist: `services` is None, `startup`
holds what the first screen shows, and `services_ready` fires once `attach()` hands them over.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QObject, Signal

from veeduria_app.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the services' modules pull in the database layer; start-up must not wait for it
    from veeduria_app.services.container import Services
    from veeduria_app.services.data_folder import DataFolder
    from veeduria_app.services.startup import StartupSnapshot


WHOLE_FOLDER = ("all", "demo", "")
"""data_changed notices that concern every page: the demo loaded or reset, a package imported..."""


def affects(what: str, *topics: str) -> bool:
    """Whether a `data_changed(what)` notice concerns a page that shows `topics`."""
    return what in WHOLE_FOLDER or what in topics


class AppContext(QObject):
    data_changed = Signal(str)  # what changed: "works", "contracts", "inspections", ...
    open_work = Signal(str)  # a page asks the main window to open a work's detail
    services_ready = Signal()  # a quick start's services have been attached

    def __init__(self, services: Optional["Services"], tasks: TaskRunner, *,
                 folder: Optional["DataFolder"] = None, startup: Optional["StartupSnapshot"] = None) -> None:
        super().__init__()
        if services is None and folder is None:
            raise ValueError("A context without services needs its data folder.")
        self.services: "Services" = services  # type: ignore[assignment] - None only until attach()
        self.tasks = tasks
        self.startup = startup
        self._folder = folder

    @property
    def ready(self) -> bool:
        return self.services is not None

    @property
    def folder(self) -> "DataFolder":
        return self.services.data_folder if self.services is not None else self._folder  # type: ignore[return-value]

    def attach(self, services: "Services") -> None:
        self.services = services
        self.startup = None  # the snapshot is stale from now on
        self.services_ready.emit()

    def notify(self, what: str) -> None:
        self.data_changed.emit(what)
