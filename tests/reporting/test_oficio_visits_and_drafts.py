"""The oficio and the rendición de cuentas tell the truth about visits and draft findings.

- The oficio speaks of «lo observado por la veeduría en N visitas» only when visits were recorded
  in the informe's period (the demo colegio work has none), counting them right.
- Findings still «Borrador» (domain.findings.is_draft) are not counted silently as hallazgos: the
  oficio says how many are unconfirmed drafts, and the rendición de cuentas marks them
  «(borrador, sin confirmar)» as the informe does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from analysis_data import add_contract, make_work
from pdf_helpers import all_text
from report_setup import build_world
from veeduria_app.domain.findings import FindingFields
from veeduria_app.reporting.accountability import build_accountability
from veeduria_app.services.reports import Recipient

import reporting_samples as samples

MARK = "(borrador, sin confirmar)"
RECIPIENT = Recipient(title="Ingeniera", name="Laura Patricia Julio Marrugo", position="Secretaria de Infraestructura",
                      entity="Alcaldía Mayor de Cartagena de Indias")


def _oficio_text(findings: int, visits: int, drafts: int = 0) -> str:
    return samples.oficio_text(findings, visits, drafts)


# -- visits -------------------------------------------------------------------------------------
def test_oficio_with_findings_but_no_visits_does_not_speak_of_our_visits() -> None:
    text = _oficio_text(findings=2, visits=0)
    assert "visitas a la obra," not in text and "nuestras visitas" not in text and "observado" not in text
    assert ("la comparación entre lo contratado y la información contractual pública revisada por la veeduría, "
            "las alertas identificadas con su fundamento y 2 hallazgos con sus recomendaciones. En el periodo del "
            "informe la veeduría no registró visitas a la obra.") in text


@pytest.mark.parametrize("visits,phrase", [
    (1, "lo observado por la veeduría en una visita a la obra, las alertas"),
    (2, "lo observado por la veeduría en 2 visitas a la obra, las alertas"),
])
def test_oficio_counts_the_visits(visits: int, phrase: str) -> None:
    text = _oficio_text(findings=1, visits=visits)
    assert phrase in text
    assert "no registró visitas" not in text and "nuestras visitas" not in text


# -- drafts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("findings,drafts,sentence", [
    (1, 1, "Ese hallazgo está aún en borrador, sin confirmar, y así lo señala el informe."),
    (3, 3, "Esos hallazgos están aún en borrador"),
    (3, 1, "3 hallazgos con sus recomendaciones. De ellos, uno está aún en borrador"),
    (3, 2, "3 hallazgos con sus recomendaciones. De ellos, 2 están aún en borrador"),
])
def test_oficio_says_how_many_findings_are_drafts(findings: int, drafts: int, sentence: str) -> None:
    text = _oficio_text(findings=findings, visits=1, drafts=drafts)
    assert sentence in text
    assert text.count("borrador") == 1  # one short sentence: the letter must stay on one page


def test_oficio_without_drafts_says_nothing_of_drafts() -> None:
    assert "borrador" not in _oficio_text(findings=2, visits=1, drafts=0)
    assert "borrador" not in _oficio_text(findings=0, visits=0, drafts=0)


# -- rendición de cuentas ----------------------------------------------------------------------
def test_accountability_marks_draft_findings() -> None:
    data = samples.accountability()
    work = replace(data.works[0], findings=("Pagos superiores al avance físico", "Sin valla informativa"),
                   findings_draft=(False, True))
    text = all_text(build_accountability(replace(data, works=(work, *data.works[1:]))))
    assert f"Hallazgos: Pagos superiores al avance físico; Sin valla informativa {MARK}" in text
    assert "Hallazgos presentados" not in text  # a draft was never presented to anyone


def test_accountability_without_drafts_is_unchanged() -> None:
    text = all_text(build_accountability(samples.accountability()))
    assert "Hallazgos presentados: Pagos superiores al avance físico" in text and "borrador" not in text


# -- through the services -----------------------------------------------------------------------
def test_issued_oficio_counts_visits_and_drafts(services, tmp_path) -> None:
    """build_world: one closed visit and one finding still «Borrador»."""
    world = build_world(services, tmp_path / "fotos")
    informe = services.reports.issue_informe(world.work_id, out=tmp_path / "informe.pdf")
    out = tmp_path / "oficio.pdf"
    services.reports.issue_oficio(informe.id, RECIPIENT, out=out)
    text = all_text(out.read_bytes())
    assert "lo observado por la veeduría en una visita a la obra" in text
    assert "y 1 hallazgo con sus recomendaciones. Ese hallazgo está aún en borrador" in text
    finding = services.findings.list(world.work_id)[0]
    services.findings.set_status(finding.id, "comunicado", on=dt.date(2026, 5, 22))
    services.reports.issue_oficio(informe.id, RECIPIENT, out=out)
    assert "borrador" not in all_text(out.read_bytes())


def test_issued_documents_of_a_work_without_visits(services, tmp_path) -> None:
    """Like the demo colegio: a contract and a finding, no visit recorded."""
    world = build_world(services, tmp_path / "fotos")  # the veeduría, its members and another work
    work = make_work(services, name="Ampliación del colegio Manuela Beltrán, El Bosque", localidad="3")
    add_contract(services, work, number="LP-COL-2026")
    services.findings.create(work, FindingFields(title="Contrato sin publicar en SECOP", condition="No aparece.",
                                                 criterion="Ley 1150 de 2007, art. 3.", found_on=dt.date(2026, 5, 1)))
    informe_pdf = tmp_path / "informe.pdf"
    informe = services.reports.issue_informe(work, out=informe_pdf)
    text = all_text(informe_pdf.read_bytes())
    assert "realizó visitas" not in text and "observó en sus visitas" not in text
    assert "En el periodo del informe la veeduría no registró visitas a la obra." in text
    oficio_pdf = tmp_path / "oficio.pdf"
    services.reports.issue_oficio(informe.id, RECIPIENT, out=oficio_pdf)
    text = all_text(oficio_pdf.read_bytes())
    assert "nuestras visitas" not in text and "en una visita" not in text
    assert "En el periodo del informe la veeduría no registró visitas a la obra." in text
    assert "Ese hallazgo está aún en borrador" in text
    rendicion_pdf = tmp_path / "rendicion.pdf"
    services.reports.issue_accountability(out=rendicion_pdf)
    text = all_text(rendicion_pdf.read_bytes())
    assert f"Contrato sin publicar en SECOP {MARK}" in text
    assert f"{world.finding_title} {MARK}" in text  # build_world's finding is a draft too
