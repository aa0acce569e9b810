"""The oficio remisorio says what the informe really holds: no findings, one, or several.

An informe with no findings must not be filed with a letter asking that «los hallazgos» be
examined, nor announce «ningún hallazgo con sus recomendaciones».
"""
from __future__ import annotations

import pytest

import reporting_samples as samples

ART20 = "Conforme al artículo 20 de la Ley 850 de 2003, esta comunicación no pretende retrasar ni suspender la obra."


def _oficio_text(findings: int) -> str:
    return samples.oficio_text(findings)


def test_oficio_of_an_informe_without_findings_does_not_ask_to_examine_findings() -> None:
    text = _oficio_text(0)
    assert "los hallazgos sean examinados" not in text
    assert "ningún hallazgo con sus recomendaciones" not in text
    assert "En el periodo del informe la veeduría no registró hallazgos sobre esta obra." in text
    assert "solicitamos que el informe sea examinado" in text
    assert ART20 in text  # the art. 20 caveat is kept whatever the count


@pytest.mark.parametrize("findings,content,request_phrase,absent", [
    (1, "con su fundamento y 1 hallazgo con sus recomendaciones",
     "solicitamos que el hallazgo sea examinado", "los hallazgos sean examinados"),
    (3, "con su fundamento y 3 hallazgos con sus recomendaciones",
     "solicitamos que los hallazgos sean examinados", "el hallazgo sea examinado"),
])
def test_oficio_speaks_of_one_finding_or_several(findings, content, request_phrase, absent) -> None:
    text = _oficio_text(findings)
    assert content in text
    assert request_phrase in text and absent not in text
    assert "no registró hallazgos" not in text
    assert ART20 in text
