"""Rendición de cuentas says only what its visits support.

- «Cómo leer este informe» (and the intro) speak of what «vimos… en nuestras visitas» only when some
  work of the report had visits or a measured progress; otherwise the «_sin_visitas» variants.
- A work with visits but no measured progress (acta still open, or none recorded) no longer shows a
  bare «Visitas de la veeduría: 1» beside «aún no hemos medido el avance en una visita».
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pdf_helpers import all_text
from veeduria_app.reporting.accountability import build_accountability
from veeduria_app.services import reports_data as rd

import reporting_samples as samples


def _text(*works) -> str:  # noqa: ANN002
    data = samples.accountability()
    return all_text(build_accountability(replace(data, works=tuple(works))))


def _unvisited(work):  # noqa: ANN001, ANN202
    return replace(work, visits=0, physical_progress=None, plain_summary="")


def test_no_visited_work_does_not_speak_of_our_visits() -> None:
    base = samples.accountability().works
    text = _text(*(_unvisited(w) for w in base))
    assert "vimos construido en nuestras visitas" not in text
    assert "cuánto se ha construido, cuánto se ha pagado" not in text
    assert "no registramos visitas en el periodo del informe" in text
    assert "aún no decimos cuánto se ha construido" in text


def test_some_visited_work_keeps_the_visits_definition() -> None:
    base = samples.accountability().works
    text = _text(base[0], _unvisited(base[1]))
    assert "«Avance observado» es lo que vimos construido en nuestras visitas" in text
    assert "no registramos visitas en el periodo del informe" not in text


def test_measured_progress_without_visits_in_period_counts_as_visited() -> None:
    """A progress measured in a visit before the period: the definition of «vimos» stays true."""
    base = samples.accountability().works
    text = _text(replace(base[0], visits=0))
    assert "«Avance observado» es lo que vimos construido en nuestras visitas" in text


@pytest.mark.parametrize("visits, shown", [
    (1, "Visitas de la veeduría: 1 (sin avance medido en un acta cerrada)"),
    (2, "Visitas de la veeduría: 2 (ninguna con avance medido en un acta cerrada)"),
])
def test_visits_without_measured_progress_are_explained(visits: int, shown: str) -> None:
    base = samples.accountability().works
    work = replace(base[0], visits=visits, physical_progress=None)
    assert shown in _text(work)


def test_visits_with_measured_progress_have_no_note() -> None:
    text = _text(*samples.accountability().works)
    assert "Visitas de la veeduría: 2 Se ha pagado" in text
    assert "avance medido en un acta cerrada" not in text


def test_visits_in_a_period_are_labelled_as_such() -> None:
    import datetime as dt
    data = replace(samples.accountability(), period_from=dt.date(2026, 1, 1), period_to=dt.date(2026, 11, 26))
    text = all_text(build_accountability(data))
    assert "Visitas de la veeduría en el periodo: 2" in text


def test_summary_does_not_deny_a_recorded_visit() -> None:
    summary = rd.plain_summary(None, Decimal("10"), 0, visits=1)
    assert "aún no hemos medido el avance en una visita" not in summary
    assert "lo registre un acta de visita cerrada" in summary
    assert rd.plain_summary(None, Decimal("10"), 0) == \
        "Se ha pagado el 10,0 % del contrato; aún no hemos medido el avance en una visita."


def test_accountability_work_with_a_visit_but_no_measured_progress() -> None:
    """The demo case: one visit whose acta is still open, so no progress figure yet."""
    from types import SimpleNamespace
    row = SimpleNamespace(name="Redes de Chambacú", localidad="1", ucg="UCG 1", status_label="En ejecución",
                          physical_pct=None, financial_pct=Decimal("10"), alerts=())
    work = rd.accountability_work(row, (), 1, Decimal("620000000"))
    text = _text(work)
    assert "aún no hemos medido el avance en una visita" not in text
    assert "Visitas de la veeduría: 1 (sin avance medido en un acta cerrada)" in text


def test_report_without_works_does_not_say_works_were_not_visited() -> None:
    text = _text()
    assert "No hay obras vigiladas" in text
    assert "no registramos visitas" not in text
