"""The informe marks findings still «Borrador» and says how many there are.

A formal report filed with the Alcaldía must not present an unconfirmed draft silently as a
finding. The rule (which status is a draft) lives in domain/findings.py; the report data built
by the services carries it; the builder only prints the mark and the count.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pdf_helpers import all_text
from report_setup import build_world
from veeduria_app.domain import findings as F
from veeduria_app.reporting.data import FindingInfo
from veeduria_app.reporting.informe import build_informe

import reporting_samples as samples

MARK = "(borrador, sin confirmar)"


def _finding(number: str, title: str, draft: bool) -> FindingInfo:
    return FindingInfo(number, title, condition="Condición observada.", criterion="Criterio.",
                       recommendation="Solicitamos a la entidad informar.", draft=draft)


def _informe_text(*findings: FindingInfo) -> str:
    return all_text(build_informe(replace(samples.informe(), findings=tuple(findings))))


def test_only_borrador_is_a_draft() -> None:
    assert F.is_draft("borrador")
    assert not any(F.is_draft(status) for status in F.STATUSES if status != "borrador")


def test_draft_finding_is_marked_beside_its_code_and_confirmed_ones_are_not() -> None:
    text = _informe_text(_finding("H-01", "Pagos van por delante de la obra", draft=False),
                         _finding("H-02", "Sin valla informativa", draft=True))
    assert f"Hallazgo H-02 {MARK}. Sin valla informativa" in text
    assert "Hallazgo H-01. Pagos van por delante de la obra" in text
    assert text.count(MARK) == 2  # the heading of H-02 and the summary line that explains the mark
    summary = ("De los 2 hallazgos de este informe, uno está en estado de borrador: la veeduría aún no lo ha "
               f"confirmado y por eso lleva junto a su código la anotación {MARK}.")
    assert summary in text
    assert text.index(summary) < text.index("Hallazgo H-01.")  # the summary opens the section


@pytest.mark.parametrize("drafts,total,summary", [
    (1, 1, "El único hallazgo de este informe está en estado de borrador: la veeduría aún no lo ha confirmado"),
    (3, 3, "Los 3 hallazgos de este informe están en estado de borrador: la veeduría aún no los ha confirmado"),
    (2, 3, "De los 3 hallazgos de este informe, 2 están en estado de borrador: la veeduría aún no los ha confirmado"),
])
def test_draft_summary_agrees_with_the_counts(drafts: int, total: int, summary: str) -> None:
    findings = [_finding(f"H-0{n}", f"Hallazgo de prueba {n}", draft=n <= drafts) for n in range(1, total + 1)]
    text = _informe_text(*findings)
    assert summary in text
    assert text.count(MARK) == drafts + 1


def test_no_draft_no_mark_and_no_summary() -> None:
    text = _informe_text(_finding("H-01", "Pagos van por delante de la obra", draft=False))
    assert "borrador" not in text


def test_issued_informe_marks_the_draft_until_it_is_communicated(services, tmp_path) -> None:
    """Through the services: a new finding is «Borrador»; once communicated it is no longer marked."""
    world = build_world(services, tmp_path / "fotos")
    out = tmp_path / "informe.pdf"
    services.reports.issue_informe(world.work_id, out=out)
    text = all_text(out.read_bytes())
    assert f"Hallazgo H-01 {MARK}. {world.finding_title}" in text
    assert "El único hallazgo de este informe está en estado de borrador" in text
    finding = services.findings.list(world.work_id)[0]
    services.findings.set_status(finding.id, "comunicado", on=dt.date(2026, 5, 22))
    services.reports.issue_informe(world.work_id, out=out)
    text = all_text(out.read_bytes())
    assert f"Hallazgo H-01. {world.finding_title}" in text and MARK not in text
