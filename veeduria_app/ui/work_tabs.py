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


def _impediments_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.impediments_tab import ImpedimentsTab

    return ImpedimentsTab(ctx, work_id)


def _visits_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.inspections_tab import InspectionsTab

    return InspectionsTab(ctx, work_id)


def _comparison_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.comparison_tab import ComparisonTab

    return ComparisonTab(ctx, work_id)


def _findings_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.findings_tab import FindingsTab

    return FindingsTab(ctx, work_id)


def _petitions_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.petitions_page import PetitionsPanel

    return PetitionsPanel(ctx, work_id)


def _contracts_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.contracts_tab import ContractsTab

    return ContractsTab(ctx, work_id)


def _reports_tab(ctx: AppContext, work_id: str) -> QWidget:
    from veeduria_app.ui.reports_tab import ReportsTab

    return ReportsTab(ctx, work_id)


WORK_TABS: list[WorkTabSpec] = [
    WorkTabSpec("contracts", "Contratos", _contracts_tab),
    WorkTabSpec("visits", "Visitas", _visits_tab),
    WorkTabSpec("comparison", "Comparación", _comparison_tab),
    WorkTabSpec("findings", "Hallazgos", _findings_tab),
    WorkTabSpec("reports", "Informes", _reports_tab),
    WorkTabSpec("petitions", "Peticiones", _petitions_tab),
    WorkTabSpec("impediments", "Impedimentos", _impediments_tab),
]
