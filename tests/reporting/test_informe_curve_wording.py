"""The informe's S-curve explanation speaks of «lo observado por la veeduría» only when visits were
recorded in the period; without them («intro_curva_sin_visitas») it says what the curve then shows:
the programmed and paid progress against the contract with its modifications, no observed points
in the period («intro_curva_visitas_anteriores» when the curve still draws progress observed in
visits before the period).

Chosen like the methodology variants (test_informe_truthful_wording.py), and a wording file edited
for an older version, without the new section, still prints «intro_curva».
"""
from __future__ import annotations

from dataclasses import replace

from pdf_helpers import all_text
from veeduria_app.reporting.informe import build_informe
from veeduria_app.reporting.wording import load_wording, parse_wording

import reporting_samples as samples

OBSERVED = "lo observado por la veeduría"
NO_VISITS = "no tiene puntos de avance observado"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _data(visits: int, *, observed_before: bool = False):
    """The sample informe with that many visits in the period; its «Observado» series (drawn from
    visits before the period) only if observed_before or there are visits."""
    data = samples.informe()
    data = replace(data, visits=tuple(replace(data.visits[0], id=f"v{n}") for n in range(visits)))
    if not visits and not observed_before:
        data = replace(data, curve=tuple(s for s in data.curve if s.kind != "physical"))
    return data


def _text(visits: int, *, observed_before: bool = False) -> str:
    return _flat(all_text(build_informe(_data(visits, observed_before=observed_before))))


def test_curve_intro_without_visits_does_not_speak_of_what_the_veeduria_observed() -> None:
    text = _text(visits=0)
    assert OBSERVED not in text
    assert "Cuando la línea de pagos va por encima de la del avance observado" not in text
    assert "La curva S muestra el avance acumulado en el tiempo: lo programado y lo pagado" in text
    assert "modificaciones (adiciones, prórrogas y suspensiones)" in text
    assert NO_VISITS in text
    assert "visitas anteriores al periodo" not in text


def test_curve_intro_without_visits_in_the_period_names_the_progress_observed_before_it() -> None:
    text = _text(visits=0, observed_before=True)
    assert OBSERVED not in text
    assert "y el avance que la veeduría observó en visitas anteriores al periodo del informe" in text
    assert NO_VISITS in text


def test_curve_intro_with_visits_keeps_the_observed_wording() -> None:
    for visits in (1, 2):
        text = _text(visits=visits)
        assert OBSERVED in text
        assert NO_VISITS not in text


def _without(*keys: str):
    current = load_wording("informe_veeduria")
    assert all(key in current.sections for key in keys)
    content = "\n".join(f"## {key}\n{body}\n" for key, body in current.sections.items() if key not in keys)
    return parse_wording("informe_veeduria", content)


def test_a_wording_file_without_the_new_sections_still_prints_intro_curva(monkeypatch) -> None:
    from veeduria_app.reporting import informe

    old = _without("intro_curva_sin_visitas", "intro_curva_visitas_anteriores")
    monkeypatch.setattr(informe, "load_wording", lambda name, folder=None: old)
    for observed_before in (False, True):
        text = _text(visits=0, observed_before=observed_before)
        assert ("La curva S muestra el avance acumulado en el tiempo: lo programado, lo pagado y " + OBSERVED) in text


def test_a_wording_file_without_the_earlier_visits_section_prints_the_no_visits_one() -> None:
    from veeduria_app.reporting import informe

    words = _without("intro_curva_visitas_anteriores")
    text = _flat(" ".join(informe._curve_intro(_data(0, observed_before=True), words)))
    assert NO_VISITS in text and OBSERVED not in text
