"""Petition, reminder and complaint letters, read back from the PDF with pypdf."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from veeduria_app.paths import reports_dir
from veeduria_app.reporting import petition_letters
from veeduria_app.reporting.petition_letters import (
    LetterInput,
    Signer,
    build_letter_pdf,
    complaint_addressee,
    default_legal_basis,
)

BASE = LetterInput(
    letter_type="peticion", code="DP-2026-0007", kind="documentos", issue_date=dt.date(2026, 7, 1),
    city="Cartagena de Indias", veeduria="Veeduría Ciudadana Canal Las Gaviotas",
    registration="inscrita ante la Cámara de Comercio de Cartagena con el número 0457",
    veeduria_address="Calle 31 # 70-15, Olaya Herrera", veeduria_email="veeduria.gaviotas@example.org",
    veeduria_phone="300 123 4567", to_title="Doctora", to_name="María José Ñañez Peña",
    to_position="Secretaria de Infraestructura", to_office="", to_entity="Alcaldía Mayor de Cartagena de Indias",
    to_address="Plaza de la Aduana, Centro", to_city="", to_email="",
    subject="Copia del contrato de obra y de las actas de pago",
    work_name="Canalización del canal Las Gaviotas, tramo 2", intro="",
    requests=("Copia del contrato de obra y de sus adiciones, prórrogas y otrosíes.",
              "Copia de las actas de pago parcial y de los informes de interventoría.",
              "Cronograma vigente de la obra y porcentaje de avance físico certificado."),
    legal_basis="", closing="", annexes=("Acta de constitución de la veeduría",),
    copies=("Personería Distrital de Cartagena",),
    signers=(Signer("Rosa Elvira Martínez", "Coordinadora"), Signer("Luis Ángel Gómez", "Integrante")),
)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", raw)


def test_petition_letter_reads_back_with_accents_and_numbered_requests() -> None:
    pdf = build_letter_pdf(BASE)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # letter paper
    text = _text(pdf)
    assert "Cartagena de Indias, 1 de julio de 2026" in text
    assert "MARÍA JOSÉ ÑAÑEZ PEÑA" in text
    assert "Asunto: Derecho de petición — Copia del contrato de obra y de las actas de pago" in text
    assert "Respetada doctora:" in text  # the title is known: no «Respetado(a)»
    for number, request in enumerate(BASE.requests, start=1):
        assert f"{number}. {request}" in text
    assert "Ley 1712 de 2014" in text  # documents-request legal basis from the template
    assert "dentro de los 10 días hábiles" in text
    assert "«Canalización del canal Las Gaviotas, tramo 2»" in text
    assert "ROSA ELVIRA MARTÍNEZ" in text and "LUIS ÁNGEL GÓMEZ" in text
    assert "Anexo: Acta de constitución de la veeduría." in text
    assert "Copia: Personería Distrital de Cartagena." in text
    assert "DP-2026-0007" in text
    # GTC 185 order: place and date, addressee, subject, greeting, requests, closing, annexes.
    order = [text.index(s) for s in ("1 de julio de 2026", "ÑAÑEZ", "Asunto:", "Respetada doctora",
                                    "1. Copia", "Atentamente,", "Anexo:")]
    assert order == sorted(order)


def test_general_petition_uses_general_basis_and_term() -> None:
    text = _text(build_letter_pdf(replace(BASE, kind="general", work_name="")))
    assert "quince (15) días hábiles" in text
    assert "Ley 1712" not in text
    assert "en relación con la obra" not in text


def test_reminder_cites_filing_and_deemed_acceptance() -> None:
    parent = {"asunto_original": "Copia del contrato", "entidad_original": "Alcaldía Mayor de Cartagena de Indias",
              "radicado": "EXT-AMC-26-0045871", "fecha_radicacion": "2026-07-01",
              "fecha_vencimiento": "2026-07-16", "plazo_dias": 10, "dias_vencidos": 4,
              "aceptada": True, "fecha_entrega": "2026-07-22"}
    data = replace(BASE, letter_type="recordatorio", code="REC-2026-0001", parent=parent,
                   subject="Petición sin respuesta: Copia del contrato")
    text = _text(build_letter_pdf(data))
    assert "Recordatorio — derecho de petición radicado EXT-AMC-26-0045871 del 1 de julio de 2026" in text
    assert "venció el 16 de julio de 2026" in text
    assert "se entiende aceptada" in text and "22 de julio de 2026" in text
    assert "PETICIONES REITERADAS" in text
    assert f"1. {BASE.requests[0]}" in text


def test_complaint_defaults_come_from_the_template() -> None:
    personeria = complaint_addressee("queja_personeria")
    procuraduria = complaint_addressee("queja_procuraduria")
    assert personeria.entity == "Personería Distrital de Cartagena de Indias"
    assert procuraduria.entity == "Procuraduría General de la Nación"
    facts = {"entidad_original": "EDURBE S.A.", "radicado": "R-99", "fecha_radicacion": "2026-07-01"}
    requests = personeria.requests(facts)
    assert any("EDURBE S.A." in r and "R-99" in r for r in requests)
    data = replace(BASE, letter_type="queja_personeria", code="QJ-2026-0001", to_entity=personeria.entity,
                   to_title="", to_name="", to_position=personeria.position, requests=requests,
                   legal_basis=personeria.legal_basis,
                   parent={**facts, "asunto_original": "Copia del contrato", "fecha_vencimiento": "2026-07-16",
                           "plazo_dias": 10, "dias_vencidos": 3})
    text = _text(build_letter_pdf(data))
    assert "Queja por falta de respuesta a derecho de petición radicado ante EDURBE S.A." in text
    assert "HECHOS" in text and "artículo 31 de la Ley 1755 de 2015" in text


def test_wording_is_editable_without_code(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(reports_dir() / "peticiones", folder / "peticiones")
    path = folder / "peticiones" / "peticion.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Atentamente,", "Cordialmente,"), encoding="utf-8")
    monkeypatch.setattr(petition_letters, "reports_dir", lambda: folder)
    text = _text(build_letter_pdf(BASE))
    assert "Cordialmente," in text and "Atentamente," not in text


def test_default_legal_basis_per_kind() -> None:
    assert "treinta (30)" in default_legal_basis("consulta")
    assert "Ley 1712" in default_legal_basis("documentos")


def test_plain_text_preview_matches_the_pdf_content() -> None:
    from veeduria_app.reporting.petition_letters import letter_text

    preview = letter_text(BASE)
    pdf_text = _text(build_letter_pdf(BASE))
    assert preview.startswith("DP-2026-0007\n\nCartagena de Indias, 1 de julio de 2026")
    for number, request in enumerate(BASE.requests, start=1):
        assert f"{number}. {request}" in preview
    for line in ("Asunto: Derecho de petición — Copia del contrato de obra y de las actas de pago",
                 "MARÍA JOSÉ ÑAÑEZ PEÑA", "Atentamente,"):
        assert line in preview and line in pdf_text


def test_office_named_by_the_position_is_not_repeated() -> None:
    from veeduria_app.reporting.petition_letters import letter_text

    same = replace(BASE, to_position="Secretaria de Infraestructura", to_office="Secretaría de Infraestructura")
    assert "Secretaria de Infraestructura\n" in letter_text(same)
    assert "Secretaría de Infraestructura" not in letter_text(same)
    other = replace(BASE, to_position="Gerente", to_office="Gerencia de Proyectos")
    assert "Gerente, Gerencia de Proyectos" in letter_text(other)
