"""Top-level pages in the side bar, in order. A capability adds one PageSpec here."""
from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtWidgets import QWidget

from veeduria_app.ui.context import AppContext


class PageSpec(NamedTuple):  # not a dataclass: building one costs the first frame ~3× more
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def _works(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.works_page import WorksPage

    return WorksPage(ctx)


def _profile(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.profile_page import ProfilePage

    return ProfilePage(ctx)


def _dashboard(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.dashboard_page import DashboardPage

    return DashboardPage(ctx)


def _petitions(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.petitions_page import PetitionsPage

    return PetitionsPage(ctx)


def _contracts(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.contracts_page import ContractsPage

    return ContractsPage(ctx)


def _server(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.server_page import ServerPage

    return ServerPage(ctx)


def _reports(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.reports_page import ReportsPage

    return ReportsPage(ctx)


def _users(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.users_page import UsersPage

    return UsersPage(ctx)


def _audit(ctx: AppContext) -> QWidget:
    from veeduria_app.ui.audit_page import AuditPage

    return AuditPage(ctx)


PAGES: list[PageSpec] = [
    PageSpec("works", "Obras", _works),
    PageSpec("contracts", "Contratos", _contracts),
    PageSpec("dashboard", "Tablero", _dashboard),
    PageSpec("profile", "Mi veeduría", _profile),
    PageSpec("petitions", "Peticiones", _petitions),
    PageSpec("reports", "Informes", _reports),
    PageSpec("server", "Servidor central", _server),
    PageSpec("audit", "Bitácora", _audit),
    PageSpec("users", "Cuentas", _users),
]
