"""Petitions service on a real SQLite file: rules, audit, one transaction per action, files."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from veeduria_app.db.models.petitions import Petition, PetitionEvent
from veeduria_app.domain.petitions import PetitionStatus
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import NotFoundError, PermissionDenied, ValidationError
from veeduria_app.services.identity import Actor
from veeduria_app.services.petitions import PetitionDraft, PetitionService  # noqa: F401
from veeduria_app.services.profile import MemberFields, ProfileFields

D = dt.date
TODAY = D(2026, 7, 20)  # a holiday Monday: the service must still count correctly


@pytest.fixture
def petitions(services) -> PetitionService:
    services.profile.save(ProfileFields(name="Veeduría Ciudadana Canal Las Gaviotas", registration_number="0457",
                                        address="Calle 31 # 70-15, Olaya Herrera", email="gaviotas@example.org"))
    services.profile.add_member(MemberFields(full_name="Rosa Elvira Martínez", role="coordinadora",
                                             consent_given=True, consent_date=D(2026, 1, 10)))
    service = services.petitions
    service.today = lambda: TODAY
    return service


def _draft(**overrides) -> PetitionDraft:
    values = dict(kind="documentos", subject="Copia del contrato y de las actas de pago",
                  to_entity="Alcaldía Mayor de Cartagena de Indias", to_title="Doctora",
                  to_name="Claudia Herrera", to_position="Secretaria de Infraestructura",
                  requests=("Copia del contrato de obra.", "Copia de las actas de pago parcial."))
    values.update(overrides)
    return PetitionDraft(**values)


def _jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 180, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _count(services, model) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_is_a_draft_with_code_default_basis_and_audit(services, petitions) -> None:
    p = petitions.create(_draft())
    assert p.status is PetitionStatus.BORRADOR
    assert p.code == "PET-2026-0001"  # numbered per year of the service's clock
    assert "Ley 1712 de 2014" in p.draft.legal_basis
    second = petitions.create(_draft(kind="general"))
    assert second.code.endswith("-0002")
    entries = services.audit.list(entity_type="petition", entity_id=p.id)
    assert [e.action for e in entries] == ["create"]
    assert entries[0].new_values["subject"] == "Copia del contrato y de las actas de pago"
    assert [e.event for e in petitions.get(p.id).events] == ["creada"]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"kind": "queja"}, "kind"),
    ({"subject": "   "}, "subject"),
    ({"to_entity": ""}, "to_entity"),
    ({"to_email": "no es correo"}, "to_email"),
    ({"work_id": "no-existe"}, "work_id"),
    ({"to_title": "Doctora " * 10}, "to_title"),
    ({"to_position": "x" * 201}, "to_position"),
])
def test_bad_input_changes_nothing(services, petitions, overrides, field) -> None:
    with pytest.raises(ValidationError) as caught:
        petitions.create(_draft(**overrides))
    assert caught.value.field == field
    assert "\n" not in str(caught.value)
    assert _count(services, Petition) == 0 and _count(services, PetitionEvent) == 0
    assert services.audit.list(entity_type="petition") == []


def test_filing_computes_due_date_and_keeps_stamped_copy(services, petitions, tmp_path) -> None:
    p = petitions.create(_draft())
    scan = _jpeg(tmp_path / "copia_sellada.jpg")
    filed = petitions.file(p.id, D(2026, 7, 1), "EXT-AMC-26-0045871", stamped_copy=scan)
    # DOMAIN.md example: 10-day term from 1 July 2026 ends 16 July; on 20 July it has lapsed.
    assert filed.terms.due == D(2026, 7, 16)
    assert filed.status is PetitionStatus.VENCIDA
    assert filed.terms.deemed_accepted and filed.terms.delivery_due == D(2026, 7, 22)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert filed.stamped_copy_sha256 == digest
    stored = petitions.attachment_path(p.id, "sellada")
    assert stored.read_bytes() == scan.read_bytes() and digest in stored.name
    assert [e.action for e in services.audit.list(entity_id=p.id)] == ["file", "create"]


def test_an_edit_sent_again_after_a_lost_answer_is_not_a_conflict(services, petitions) -> None:
    from veeduria_app.services.errors import ConflictError

    p = petitions.create(_draft())
    edited = petitions.update(p.id, _draft(subject="Estado de la canalización"), expected_version=p.version)
    retried = petitions.update(p.id, _draft(subject="Estado de la canalización"), expected_version=p.version)
    assert retried.version == edited.version and retried.subject == "Estado de la canalización"
    assert [e.action for e in services.audit.list(entity_id=p.id)].count("update") == 1
    with pytest.raises(ConflictError):
        petitions.update(p.id, _draft(subject="Otro asunto"), expected_version=p.version)


def test_filing_rules(petitions) -> None:
    p = petitions.create(_draft())
    with pytest.raises(ValidationError, match="futuro"):
        petitions.file(p.id, D(2026, 7, 21), "X")
    with pytest.raises(ValidationError, match="radicado o adjunte"):
        petitions.file(p.id, D(2026, 7, 1), "  ")
    empty = petitions.create(_draft(requests=()))
    with pytest.raises(ValidationError, match="peticiones numeradas"):
        petitions.file(empty.id, D(2026, 7, 1), "X")
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    with pytest.raises(ValidationError, match="ya está radicada"):
        petitions.file(p.id, D(2026, 7, 2), "R-2")
    with pytest.raises(ValidationError, match="ya fue radicada"):
        petitions.update(p.id, _draft(subject="Otro asunto"))
    with pytest.raises(NotFoundError):
        petitions.file("no-existe", D(2026, 7, 1), "X")


def test_missing_attachment_rolls_back_the_filing(services, petitions, tmp_path) -> None:
    p = petitions.create(_draft())
    with pytest.raises(ValidationError, match="No se encontró el archivo"):
        petitions.file(p.id, D(2026, 7, 1), "R-1", stamped_copy=tmp_path / "no-esta.jpg")
    assert petitions.get(p.id).status is PetitionStatus.BORRADOR


def test_status_through_time(petitions) -> None:
    p = petitions.create(_draft(kind="general"))
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    petitions.today = lambda: D(2026, 7, 14)
    assert petitions.get(p.id).status is PetitionStatus.RADICADA
    petitions.today = lambda: D(2026, 7, 21)
    soon = petitions.get(p.id)
    assert soon.status is PetitionStatus.POR_VENCER and soon.terms.days_left == 3
    assert [r.petition_id for r in petitions.reminders()] == [p.id]
    petitions.today = lambda: D(2026, 7, 27)
    assert petitions.get(p.id).status is PetitionStatus.VENCIDA
    assert not petitions.get(p.id).terms.deemed_accepted  # only documents requests


def test_extension_once_and_at_most_double(services, petitions) -> None:
    p = petitions.create(_draft(kind="general"))
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    with pytest.raises(ValidationError, match="18/08/2026"):
        petitions.extend(p.id, D(2026, 8, 19), D(2026, 7, 15), "Volumen de información")
    with pytest.raises(ValidationError, match="futuro"):
        petitions.extend(p.id, D(2026, 8, 10), D(2026, 7, 21))
    petitions.today = lambda: D(2026, 7, 28)
    with pytest.raises(ValidationError, match="antes"):
        petitions.extend(p.id, D(2026, 8, 10), D(2026, 7, 27))
    extended = petitions.extend(p.id, D(2026, 8, 18), D(2026, 7, 15), "Volumen de información")
    assert extended.terms.due == D(2026, 8, 18) and extended.terms.original_due == D(2026, 7, 24)
    assert extended.status is PetitionStatus.RADICADA
    with pytest.raises(ValidationError, match="una sola"):
        petitions.extend(p.id, D(2026, 8, 14), D(2026, 7, 16))
    assert "extend" in [e.action for e in services.audit.list(entity_id=p.id)]


def test_forwarding_restarts_the_term(petitions) -> None:
    p = petitions.create(_draft())
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    forwarded = petitions.forward(p.id, "EDURBE S.A.", D(2026, 7, 10), D(2026, 7, 14))
    assert forwarded.terms.term_start == D(2026, 7, 14)
    assert forwarded.terms.due == D(2026, 7, 29)
    assert forwarded.status is PetitionStatus.RADICADA
    history = petitions.get(p.id).events
    assert history[-1].event == "traslado" and "Traslado tardío" in history[-1].detail  # due 08/07
    with pytest.raises(ValidationError, match="ya fue trasladada"):
        petitions.forward(p.id, "Otra", D(2026, 7, 15))


def test_answer_with_document_partial_then_complete(petitions, tmp_path) -> None:
    p = petitions.create(_draft())
    with pytest.raises(ValidationError, match="aún no está radicada"):
        petitions.answer(p.id, D(2026, 7, 10))
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    with pytest.raises(ValidationError, match="anterior a la radicación"):
        petitions.answer(p.id, D(2026, 6, 30))
    document = tmp_path / "respuesta.pdf"
    document.write_bytes(b"%PDF-1.4\n% respuesta de la entidad\n")
    partial = petitions.answer(p.id, D(2026, 7, 10), kind="parcial", summary="Faltan actas", document=document)
    assert partial.status is PetitionStatus.RESPONDIDA_PARCIAL and not partial.terms.answered_late
    assert petitions.attachment_path(p.id, "respuesta").read_bytes() == document.read_bytes()
    full = petitions.answer(p.id, D(2026, 7, 17), kind="completa")
    assert full.status is PetitionStatus.RESPONDIDA and full.terms.answered_late
    with pytest.raises(ValidationError, match="ya tiene respuesta completa"):
        petitions.answer(p.id, D(2026, 7, 20))


def test_next_step_only_from_lapsed_and_letters_record_hash(services, petitions, tmp_path) -> None:
    p = petitions.create(_draft())
    with pytest.raises(ValidationError, match="no está vencida"):
        petitions.draft_next_step(p.id, "recordatorio")
    petitions.file(p.id, D(2026, 7, 1), "EXT-AMC-26-0045871")
    reminder = petitions.draft_next_step(p.id, "recordatorio")
    assert reminder.letter_type == "recordatorio" and reminder.parent_code == p.code
    assert reminder.code.startswith("REC-") and reminder.draft.requests == p.draft.requests
    complaint = petitions.draft_next_step(p.id, "queja_procuraduria")
    assert complaint.to_entity == "Procuraduría General de la Nación"
    assert complaint.draft.copies == ("Alcaldía Mayor de Cartagena de Indias",)
    assert any("EXT-AMC-26-0045871" in r for r in complaint.draft.requests)
    assert [e.event for e in petitions.get(p.id).events].count("siguiente_paso") == 2

    out = tmp_path / "recordatorio.pdf"
    issued = petitions.issue_letter(reminder.id, out)
    assert issued.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert petitions.get(reminder.id).letter_sha256 == issued.sha256
    text = " ".join((page.extract_text() or "") for page in PdfReader(out).pages)
    text = " ".join(text.split())
    assert "EXT-AMC-26-0045871" in text and "se entiende aceptada" in text
    assert "ROSA ELVIRA MARTÍNEZ" in text  # default signer: the coordinator
    assert "issue_letter" in [e.action for e in services.audit.list(entity_id=reminder.id)]
    with pytest.raises(ValidationError, match=r"\.pdf"):
        petitions.issue_letter(reminder.id, tmp_path / "carta.docx")


def test_read_only_role_cannot_write(services, petitions) -> None:
    services.identity.set(Actor("consulta1", "Persona de consulta", "consulta"))
    with pytest.raises(PermissionDenied):
        petitions.create(_draft())


def test_list_filters_and_orders_by_urgency(services, petitions) -> None:
    work = services.works.create(WorkFields(name="Canal Las Gaviotas", type="canal_drenaje",
                                            localidad="De la Virgen y Turística"))
    draft = petitions.create(_draft(work_id=work.id))
    lapsed = petitions.create(_draft(kind="general"))
    petitions.file(lapsed.id, D(2026, 6, 1), "R-0")
    soon = petitions.create(_draft(kind="general"))
    petitions.file(soon.id, D(2026, 7, 1), "R-1")
    # Lapsed first, then those in term (fewest days left first), then drafts.
    assert [p.id for p in petitions.list()] == [lapsed.id, soon.id, draft.id]
    assert [p.id for p in petitions.list(work_id=work.id)] == [draft.id]
    assert [p.id for p in petitions.list(status="borrador")] == [draft.id]
    assert petitions.counts_by_status()["vencida"] == 1
    assert petitions.find(lapsed.code).id == lapsed.id
    assert petitions.find(lapsed.id[:8]).id == lapsed.id
    petitions.archive(draft.id)
    assert draft.id not in [p.id for p in petitions.list()]
    assert draft.id in [p.id for p in petitions.list(include_archived=True)]


def test_links_to_findings_and_photos_reach_the_letter(demo_services, tmp_path) -> None:
    service = demo_services.petitions
    work_id = next(w.id for w in demo_services.works.list() if all(service.link_options(w.id)))
    findings, photos = service.link_options(work_id)
    assert findings and photos, "the demo has a work with findings and photos"
    other_work = next(w.id for w in demo_services.works.list() if w.id != work_id)
    with pytest.raises(ValidationError, match="otra obra"):
        service.create(_draft(work_id=other_work, finding_ids=(findings[0].id,)))
    with pytest.raises(ValidationError, match="No existe la fotografía"):
        service.create(_draft(work_id=work_id, evidence_ids=("no-existe",)))
    p = service.create(_draft(work_id=work_id, finding_ids=(findings[0].id,), evidence_ids=(photos[0].id,)))
    assert p.draft.finding_ids == (findings[0].id,)
    text = service.letter_text(p.id)
    assert "se relaciona con los siguientes hallazgos" in text
    assert findings[0].label.split(" ", 1)[1] in text
    sha = demo_services.photos.get(photos[0].id).sha256
    assert f"SHA-256 {sha}" in " ".join(service.letter_text(p.id).split())
    out = tmp_path / "carta.pdf"
    service.issue_letter(p.id, out)
    pdf_text = " ".join(" ".join((pg.extract_text() or "") for pg in PdfReader(out).pages).split())
    assert "H-0" in pdf_text and sha[:32] in pdf_text.replace(" ", "")


def test_issued_letters_go_to_the_reports_registry_and_verify(services, petitions, tmp_path) -> None:
    from veeduria_app.db.models.reports import IssuedReport

    p = petitions.create(_draft())
    first = petitions.issue_letter(p.id, tmp_path / "carta.pdf")
    second = petitions.issue_letter(p.id)  # reprint: next revision, archive only
    assert (first.revision, second.revision) == (1, 2)
    assert first.archive.read_bytes() == (tmp_path / "carta.pdf").read_bytes()
    assert second.path == second.archive and second.archive.name == f"{p.code}-v2.pdf"
    with services.db.read() as session:
        rows = session.scalars(select(IssuedReport).where(IssuedReport.code == p.code)
                               .order_by(IssuedReport.revision)).all()
        assert [(r.revision, r.kind, r.pdf_sha256) for r in rows] == [
            (1, "peticion", first.sha256), (2, "peticion", second.sha256)]
        assert rows[1].supersedes_id == rows[0].id
    keywords = str(PdfReader(first.archive).metadata.get("/Keywords", ""))
    assert f"veeduria-code:{p.code}" in keywords
    verdict = services.reports.verify(tmp_path / "carta.pdf")
    assert verdict.status == "valido", verdict.message
    altered = tmp_path / "alterada.pdf"
    altered.write_bytes((tmp_path / "carta.pdf").read_bytes() + b"\n%")
    assert services.reports.verify(altered).status == "alterado"


def test_suspended_days_are_a_coordinator_setting_that_moves_due_dates(services, petitions) -> None:
    from veeduria_app.services.petitions import NonBusinessDay

    p = petitions.create(_draft(kind="general"))
    petitions.file(p.id, D(2026, 7, 1), "R-1")
    assert petitions.get(p.id).terms.due == D(2026, 7, 24)
    with pytest.raises(ValidationError, match="motivo"):
        petitions.set_non_business_days([NonBusinessDay(D(2026, 7, 2), " ")])
    with pytest.raises(ValidationError, match="fin de semana"):
        petitions.set_non_business_days([NonBusinessDay(D(2026, 7, 4), "Cierre")])
    saved = petitions.set_non_business_days([NonBusinessDay(D(2026, 7, 3), "Decreto 0123: cierre de ventanillas"),
                                             NonBusinessDay(D(2026, 7, 2), "Decreto 0123: cierre de ventanillas")])
    assert [d.date for d in saved] == [D(2026, 7, 2), D(2026, 7, 3)]
    assert petitions.get(p.id).terms.due == D(2026, 7, 28)
    assert petitions.list()[0].terms.due == D(2026, 7, 28)
    assert petitions.preview_due("general", D(2026, 7, 1)) == D(2026, 7, 28)
    assert services.audit.list(entity_type="setting")[0].entity_id == "peticiones.dias_no_habiles"
    services.identity.set(Actor("luis", "Luis", "integrante"))
    with pytest.raises(PermissionDenied):
        petitions.set_non_business_days([])
