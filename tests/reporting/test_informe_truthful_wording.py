"""The informe says only what it holds: no «hallazgos» when it has none, «el hallazgo» for one,
no visits when the veeduría recorded none in the period (it then says what it did: review of the
contract documents and public information), and the visits counted right when there are some.

The wording is chosen by the program from sections of reports/informe_veeduria.txt and
reports/comun.txt (advertencia_art20*), like the oficio's (test_oficio_findings_wording.py).
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from pdf_helpers import all_text
from veeduria_app.reporting.data import FindingInfo, VisitSummary
from veeduria_app.reporting.informe import build_informe

import reporting_samples as samples

PLURAL_CONCLUSION = "las observaciones y hallazgos de este informe"
PLURAL_REQUEST = "frente a cada uno de los hallazgos presentados"
ART20_PLURAL = "Este documento presenta observaciones, hallazgos y solicitudes respetuosas"


def _finding(n: int) -> FindingInfo:
    return FindingInfo(f"H-0{n}", f"Hallazgo de prueba {n}", condition="Condición.", criterion="Criterio.",
                       recommendation="Solicitamos informar.")


def _text(findings: int = 1, visits: int = 1, *, photos: bool = False, sources: bool = True,
          own_texts: bool = False) -> str:
    """The sample informe with that many findings and visits, default conclusions and requests
    (unless own_texts), without the photo annex (unless photos)."""
    data = samples.informe()
    visit = data.visits[0]
    data = replace(data, findings=tuple(_finding(n) for n in range(1, findings + 1)),
                   visits=tuple(replace(visit, id=f"v{n}") for n in range(visits)),
                   sources=data.sources if sources else ())
    if not own_texts:
        data = replace(data, conclusions=(), requests=())
    if photos:
        data = replace(data, photos=(samples.photos([None])[0],))
    return all_text(build_informe(data))


# -- 1. default conclusions and requests --------------------------------------------------------
def test_informe_without_findings_default_conclusions_and_requests_do_not_speak_of_findings() -> None:
    text = _text(findings=0)
    assert PLURAL_CONCLUSION not in text
    assert PLURAL_REQUEST not in text
    assert ("La veeduría pone en conocimiento de la entidad las observaciones de este informe sobre la obra "
            "«Canalización del canal Las Gaviotas, tramo 2», con el fin de que sean verificadas y atendidas.") in text
    assert "las actuaciones que adelante con base en lo expuesto en este informe" in text
    # section 6 already says so; the conclusions repeat it for whoever reads only them
    assert text.count("la veeduría no registró hallazgos") >= 1
    assert "Solicitamos además copia de los informes de supervisión o interventoría" in text


def test_informe_with_one_finding_speaks_of_the_finding_in_the_singular() -> None:
    text = _text(findings=1)
    assert "las observaciones y el hallazgo de este informe" in text
    assert "las acciones adelantadas frente al hallazgo presentado." in text
    assert PLURAL_CONCLUSION not in text and PLURAL_REQUEST not in text


def test_informe_with_several_findings_keeps_the_plural_defaults() -> None:
    text = _text(findings=2)
    assert PLURAL_CONCLUSION in text and PLURAL_REQUEST in text
    assert "no registró hallazgos" not in text


def test_conclusions_written_by_the_person_are_printed_as_written() -> None:
    text = _text(findings=0, own_texts=True)
    assert "La obra presenta un atraso significativo frente a los pagos realizados." in text
    assert "1. Informar el estado real de avance de la obra." in text
    assert "las observaciones de este informe sobre la obra" not in text


# -- 2. the art. 20 note ------------------------------------------------------------------------
@pytest.mark.parametrize("findings,said,not_said", [
    (0, "Este documento presenta observaciones y solicitudes respetuosas para que la autoridad competente, en "
        "ejercicio de sus funciones, las examine y responda", "hallazgo"),
    (1, "Este documento presenta observaciones, un hallazgo y solicitudes respetuosas", ART20_PLURAL),
    (3, ART20_PLURAL, "un hallazgo y solicitudes"),
])
def test_art20_note_says_what_the_informe_presents(findings: int, said: str, not_said: str) -> None:
    text = _text(findings=findings)
    note = text[text.index("De conformidad con el artículo 20 de la Ley 850 de 2003"):]
    note = note[:note.index("dentro de los términos legales.")]
    assert "la veeduría ciudadana no puede retrasar, impedir ni suspender la ejecución de la obra" in note
    assert " ".join(said.split()[:6]) in note and said in text
    assert not_said not in note


# -- 3. methodology: visits only when there were some, counted right ----------------------------
def test_informe_without_visits_does_not_say_the_veeduria_visited_the_work() -> None:
    text = _text(findings=0, visits=0)
    assert "realizó visitas" not in text and "realizó una visita" not in text
    assert "observó en sus visitas" not in text
    assert ("En el periodo del informe la veeduría no registró visitas a la obra. El seguimiento se hizo mediante "
            "la revisión de los documentos contractuales y de la información pública disponible (SECOP y "
            "documentos entregados por la entidad) registrada por la veeduría.") in text
    # the comparison says what it compares against
    assert "compara lo pactado en los contratos con la información registrada por la veeduría" in text
    assert "No se registraron visitas en el periodo del informe." in text


@pytest.mark.parametrize("visits,phrase", [
    (1, "La veeduría realizó una visita de observación a la obra en el periodo del informe"),
    (2, "La veeduría realizó 2 visitas de observación a la obra en el periodo del informe"),
    (3, "La veeduría realizó 3 visitas de observación a la obra en el periodo del informe"),
])
def test_methodology_counts_the_visits(visits: int, phrase: str) -> None:
    text = _text(visits=visits)
    assert phrase in text
    assert "realizó visitas de observación" not in text  # the old uncounted wording
    assert "no registró visitas" not in text
    assert "con lo que la veeduría observó en sus visitas" in text


def test_methodology_mentions_photos_and_hashes_only_for_what_the_informe_cites() -> None:
    without = _text(photos=False, sources=True)
    assert "Las fotografías se registraron" not in without
    assert "Cada archivo fuente se identifica con su huella SHA-256" in without
    assert "cada fotografía se identifica" not in without
    with_photo = _text(photos=True)
    assert "Las fotografías se registraron con su fecha, hora y ubicación." in with_photo
    assert "Cada archivo fuente y cada fotografía se identifica con su huella SHA-256" in with_photo
    neither = _text(photos=False, sources=False)
    assert "huella SHA-256, que permite comprobar" not in neither


def test_placeholder_texts_offered_by_the_service_follow_the_count() -> None:
    from veeduria_app.services.reports import ReportService
    conclusions, requests = ReportService.default_texts("Obra X", findings=0)
    assert "hallazgos de este informe" not in conclusions and PLURAL_REQUEST not in requests
    conclusions, requests = ReportService.default_texts("Obra X")
    assert PLURAL_CONCLUSION in conclusions and PLURAL_REQUEST in requests  # what the form shows by default
