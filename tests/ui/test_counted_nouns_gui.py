"""Counts a person reads agree with their noun: «1 obra», «1 contrato», never «1 obras»."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.contracts import ContractFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.contracts_page import ContractsPage
from veeduria_app.ui.contracts_tab import ContractsTab
from veeduria_app.ui.dashboard_page import DashboardPage
from veeduria_app.ui.tasks import SyncPool, TaskRunner
from veeduria_app.ui.works_page import WorksPage


def _ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


def _work(services, name: str) -> str:
    return services.works.create(WorkFields(name=name, type="via", localidad="1")).id


def _contract(services, work_id: str, number: str) -> None:
    contract = services.contracts.create(ContractFields(number=number, contractor="Consorcio Vías 2026", entity="Distrito de Cartagena",
                                                        object="Pavimentación de la vía",
                                                        initial_value=Decimal("1000000")))
    services.contracts.link(contract.id, work_id)


def test_works_list_and_dashboard_count_one_work_and_two(qtbot, services):
    ctx = _ctx(services)
    _work(services, "Vía Olaya Herrera")
    page = WorksPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter()
    assert page.count.text() == "1 de 1 obra"
    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    dashboard.date.setDate(QDate(2026, 6, 1))
    assert dashboard.summary.text().startswith("1 obra · ")
    assert "1 obras" not in dashboard.summary.text()
    _work(services, "Parque de Olaya")
    ctx.notify("works")
    page.apply_filter()
    assert page.count.text() == "2 de 2 obras"
    dashboard.date.setDate(QDate(2026, 6, 2))
    assert dashboard.summary.text().startswith("2 obras · ")


def test_contracts_tab_and_page_count_one_contract_and_two(qtbot, services):
    ctx = _ctx(services)
    work_id = _work(services, "Vía Olaya Herrera")
    _contract(services, work_id, "LP-001-2026")
    tab = ContractsTab(ctx, work_id)
    qtbot.addWidget(tab)
    page = ContractsPage(ctx)
    qtbot.addWidget(page)
    assert tab.summary.text().startswith("1 contrato · valor actual")
    page.apply_filter()
    assert page.count_label.text() == "1 contrato"
    _contract(services, work_id, "LP-002-2026")
    ctx.notify("contracts")
    page.apply_filter()
    assert tab.summary.text().startswith("2 contratos · valor actual")
    assert page.count_label.text() == "2 contratos"
