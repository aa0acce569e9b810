"""Petition, reminder and complaint letters say where to answer with only what «Mi veeduría»
records (Ley 1755 de 2015, art. 16), the same way the oficio remisorio does.

They used to ask for the answer «en la dirección de la veeduría» when no address was recorded:
a formal letter must not claim an address that does not exist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pdf_helpers import all_text
from veeduria_app.reporting.petition_letters import LetterInput, Signer, build_letter_pdf, letter_text

ADDRESS = "Calle 31 # 70-15, Olaya Herrera"
EMAIL = "veeduria.gaviotas@example.org"
PHONE = "300 123 4567"
PARENT = {"asunto_original": "Copia del contrato", "entidad_original": "Alcaldía Mayor de Cartagena de Indias",
          "radicado": "EXT-AMC-26-0045871", "fecha_radicacion": "2026-07-01", "fecha_vencimiento": "2026-07-16",
          "plazo_dias": 10, "dias_vencidos": 4}

PETITION = LetterInput(
    letter_type="peticion", code="DP-2026-0008", kind="general", issue_date=dt.date(2026, 7, 1),
    city="Cartagena de Indias", veeduria="Veeduría Ciudadana Canal Las Gaviotas",
    registration="inscrita ante la Cámara de Comercio de Cartagena con el número 0457",
    veeduria_address="", veeduria_email="", veeduria_phone="", to_title="Doctora",
    to_name="María José Ñañez Peña", to_position="Secretaria de Infraestructura", to_office="",
    to_entity="Alcaldía Mayor de Cartagena de Indias", to_address="Plaza de la Aduana, Centro", to_city="",
    to_email="", subject="Cronograma de la obra", work_name="Canalización del canal Las Gaviotas, tramo 2",
    intro="", requests=("Cronograma vigente de la obra.",), legal_basis="", closing="", annexes=(), copies=(),
    signers=(Signer("Rosa Elvira Martínez", "Coordinadora"),),
)
LETTERS = {
    "peticion": PETITION,
    "recordatorio": replace(PETITION, letter_type="recordatorio", code="REC-2026-0001", parent=PARENT),
    "queja_personeria": replace(PETITION, letter_type="queja_personeria", code="QJ-2026-0001", to_title="",
                                to_name="", parent=PARENT),
}
ASKS_SIGNERS = {
    "peticion": "Agradecemos entregar la respuesta a quienes firman esta petición en nombre de "
                "Veeduría Ciudadana Canal Las Gaviotas.",
    "recordatorio": "Agradecemos entregar la respuesta a quienes firman este recordatorio en nombre de "
                    "Veeduría Ciudadana Canal Las Gaviotas.",
    "queja_personeria": "Agradecemos dirigir las comunicaciones a quienes firman esta queja en nombre de "
                        "Veeduría Ciudadana Canal Las Gaviotas.",
}
RECEIVE = {"peticion": "Recibiremos la respuesta en", "recordatorio": "Recibiremos la respuesta en",
           "queja_personeria": "Recibiremos comunicaciones en"}


def _both(data: LetterInput) -> tuple[str, str]:
    """The PDF text and the on-screen preview, with line breaks as spaces."""
    return all_text(build_letter_pdf(data)), " ".join(letter_text(data).split())


@pytest.mark.parametrize("letter_type", list(LETTERS))
def test_without_address_or_email_no_address_is_claimed(letter_type: str) -> None:
    for text in _both(LETTERS[letter_type]):
        assert "dirección de la veeduría" not in text
        assert RECEIVE[letter_type] not in text
        assert ASKS_SIGNERS[letter_type] in text
        assert "teléfono" not in text


@pytest.mark.parametrize("letter_type", list(LETTERS))
def test_recorded_address_and_email_are_printed(letter_type: str) -> None:
    data = replace(LETTERS[letter_type], veeduria_address=ADDRESS, veeduria_email=EMAIL)
    for text in _both(data):
        assert f"{RECEIVE[letter_type]} la dirección {ADDRESS} o en el correo electrónico {EMAIL}." in text
        assert ASKS_SIGNERS[letter_type] not in text


@pytest.mark.parametrize("letter_type", list(LETTERS))
def test_only_email_or_only_phone_says_just_that(letter_type: str) -> None:
    for text in _both(replace(LETTERS[letter_type], veeduria_email=EMAIL)):
        assert f"{RECEIVE[letter_type]} el correo electrónico {EMAIL}." in text
        assert "la dirección" not in text and "dirección de la veeduría" not in text
    for text in _both(replace(LETTERS[letter_type], veeduria_phone=PHONE)):
        assert ASKS_SIGNERS[letter_type] in text and RECEIVE[letter_type] not in text
        assert "Para cualquier aclaración puede comunicarse con nosotros al teléfono 300 123 4567." in \
            text.replace("\u00a0", " ")


def test_wording_edited_for_an_older_version_still_tells_no_lie(tmp_path, monkeypatch) -> None:
    """A peticion.txt edited before this change keeps «en {direccion_veeduria}{correo_texto}» and
    has no «notificaciones_sin_direccion»: the recorded means fill it, and with none nothing is said."""
    import re
    import shutil

    from veeduria_app.paths import reports_dir
    from veeduria_app.reporting import petition_letters

    folder = tmp_path / "reports"
    shutil.copytree(reports_dir() / "peticiones", folder / "peticiones")
    path = folder / "peticiones" / "peticion.txt"
    old = re.sub(r"## notificaciones\n.*?(?=## despedida)",
                 "## notificaciones\nRecibiremos la respuesta en {direccion_veeduria}{correo_texto}.\n\n",
                 path.read_text(encoding="utf-8"), flags=re.S)
    path.write_text(old, encoding="utf-8")
    monkeypatch.setattr(petition_letters, "reports_dir", lambda: folder)
    text = all_text(build_letter_pdf(replace(PETITION, veeduria_address=ADDRESS, veeduria_email=EMAIL)))
    assert f"Recibiremos la respuesta en la dirección {ADDRESS} o en el correo electrónico {EMAIL}." in text
    text = all_text(build_letter_pdf(PETITION))
    assert "Recibiremos" not in text and "dirección de la veeduría" not in text
