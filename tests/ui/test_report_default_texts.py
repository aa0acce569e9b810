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


@pytest.mark.parametrize("name,findings,conclusions_say,requests_say,never", [
    ("Parque sin hallazgos", 0, ["no registró hallazgos", "«Parque sin hallazgos»"], [],
     ["hallazgos de este informe", "cada uno de los hallazgos"]),
    ("Canal con un hallazgo", 1, ["el hallazgo de este informe"], ["frente al hallazgo presentado"], ["hallazgos"]),
])
def test_the_placeholders_are_worded_for_the_works_findings(qtbot, ctx, services, name, findings, conclusions_say,
                                                           requests_say, never):
    work = services.works.create(WorkFields(name=name, type="parque", localidad="1"))
    for number in range(findings):
        services.findings.create(work.id, FindingFields(title=f"Tubería expuesta {number}", condition="Sin señalizar."))
    conclusions, requests = _placeholders(_tab(qtbot, ctx, work.id))
    assert (conclusions, requests) == services.reports.default_texts(name, findings=findings)
    assert all(text in conclusions for text in conclusions_say) and all(text in requests for text in requests_say)
    assert not any(text in conclusions or text in requests for text in never)


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
