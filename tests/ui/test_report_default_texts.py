"""The «Informes» tab's placeholder conclusions and requests are what the informe prints when
nothing is written: worded for the work's actual number of findings (none, one, several)."""
from __future__ import annotations

import pytest

from veeduria_app.domain.findings import FindingFields
from veeduria_app.domain.works import WorkFields
from veeduria_app.ui.context import AppContext
from veeduria_app.ui.reports_tab import ReportsTab
from veeduria_app.ui.tasks import SyncPool, TaskRunner


@pytest.fixture
def ctx(services) -> AppContext:
    return AppContext(services, TaskRunner(SyncPool()))


def _tab(qtbot, ctx, work_id: str) -> ReportsTab:
    tab = ReportsTab(ctx, work_id)
    qtbot.addWidget(tab)
    return tab


def _placeholders(tab: ReportsTab) -> tuple[str, str]:
    return tab.conclusions.placeholderText(), tab.requests.placeholderText()


def test_a_work_without_findings_gets_the_no_findings_wording(qtbot, ctx, services):
    work = services.works.create(WorkFields(name="Parque sin hallazgos", type="parque", localidad="1"))
    conclusions, requests = _placeholders(_tab(qtbot, ctx, work.id))
    assert (conclusions, requests) == services.reports.default_texts("Parque sin hallazgos", findings=0)
    assert "no registró hallazgos" in conclusions and "«Parque sin hallazgos»" in conclusions
    assert "hallazgos de este informe" not in conclusions and "cada uno de los hallazgos" not in requests


def test_a_work_with_one_finding_speaks_of_the_finding(qtbot, ctx, services):
    work = services.works.create(WorkFields(name="Canal con un hallazgo", type="canal_drenaje", localidad="2"))
    services.findings.create(work.id, FindingFields(title="Tubería expuesta", condition="Sin señalizar."))
    conclusions, requests = _placeholders(_tab(qtbot, ctx, work.id))
    assert (conclusions, requests) == services.reports.default_texts("Canal con un hallazgo", findings=1)
    assert "el hallazgo de este informe" in conclusions and "frente al hallazgo presentado" in requests
    assert "hallazgos" not in conclusions and "hallazgos" not in requests


def test_the_wording_follows_findings_as_they_are_recorded(qtbot, ctx, services):
    work = services.works.create(WorkFields(name="Vía en obra", type="parque", localidad="1"))
    tab = _tab(qtbot, ctx, work.id)
    assert "no registró hallazgos" in tab.conclusions.placeholderText()
    first = services.findings.create(work.id, FindingFields(title="Andén roto", condition="Roto."))
    ctx.notify("findings")  # as the «Hallazgos» tab does after saving
    assert _placeholders(tab) == services.reports.default_texts("Vía en obra", findings=1)
    services.findings.create(work.id, FindingFields(title="Sin valla", condition="No hay valla."))
    ctx.notify("findings")
    assert "cada uno de los hallazgos" in tab.requests.placeholderText()
    services.findings.archive(first.id)
    ctx.notify("findings")
    assert _placeholders(tab) == services.reports.default_texts("Vía en obra", findings=1)
