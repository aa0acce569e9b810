"""Tabs inside a work's detail view, in order. A capability adds one WorkTabSpec here.

The factory gets the app context and the work id and returns the tab's widget; the tab
refreshes itself when ctx.data_changed fires.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QWidget

from veeduria_app.ui.context import AppContext


@dataclass(frozen=True)
class WorkTabSpec:
    key: str
    title: str
    factory: Callable[[AppContext, str], QWidget]


WORK_TABS: list[WorkTabSpec] = []
