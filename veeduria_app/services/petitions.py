"""Derechos de petición: draft, file, extend, forward, answer, print letters, follow up.

Each user action is one audited transaction that also appends a status-history event. Scans
of the stamped copy and answer documents go into the content-addressed evidence store, so
the proof of filing is kept byte for byte. Due dates and status are never stored: they are
derived from the recorded facts by `domain/petitions.py` against `self.today()`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.analysis import Finding
from veeduria_app.db.models.foundation import Work
from veeduria_app.db.models.inspections import EvidenceFile, Inspection, InspectionPhoto
from veeduria_app.db.models.reports import IssuedReport
from veeduria_app.db.models.petitions import Petition, PetitionEvent
from veeduria_app.domain.formats import long_date, short_date
from veeduria_app.domain.petitions import (
    AnswerKind,
    PetitionFacts,
    PetitionKind,
    PetitionStatus,
    PetitionTerms,
    check_extension,
    evaluate,
    forwarding_due,
)
from veeduria_app.evidence.store import PhotoStore
from veeduria_app.reporting.petition_letters import (
    LETTER_TYPES,
    LetterInput,
    Signer,
    build_letter_pdf,
    complaint_addressee,
    default_legal_basis,
    letter_text,
)
from veeduria_app.services.audit import already_holds, changed_fields, record_audit, snapshot
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report
from veeduria_app.services.profile import ProfileService
from veeduria_app.services.reports import ISSUER_SETTING, ManifestEntry, manifest_digest
from veeduria_app.services.settings import SettingsService

MAX_ATTACHMENT_BYTES = 60 * 1024 * 1024
"""A scanned answer of many pages fits; a video by mistake does not."""

CONTENT_FIELDS = (
    "work_id", "kind", "subject", "to_title", "to_name", "to_position", "to_office", "to_entity",
    "to_address", "to_city", "to_email", "intro", "requests", "legal_basis", "closing", "annexes",
    "copies", "signers", "finding_ids", "evidence_ids",
)
FIELD_LIMITS = (
    ("to_title", "El tratamiento del destinatario", 60),
    ("to_name", "El nombre del destinatario", 200),
    ("to_position", "El cargo del destinatario", 200),
    ("to_office", "La dependencia destinataria", 300),
    ("to_address", "La dirección del destinatario", 300),
    ("to_city", "La ciudad del destinatario", 120),
    ("to_email", "El correo del destinatario", 200),
)
"""Column sizes, checked here so PostgreSQL never rejects a save with a raw error."""

CODE_PREFIX = {
    "peticion": "PET",
    "recordatorio": "REC",
    "queja_personeria": "QUE",
    "queja_procuraduria": "QUE",
}
"""Three letters, like the reports registry's codes (INF-2026-0001), so `veeduria verify`
recognises the code written in a letter's PDF properties."""
NEXT_STEPS = ("recordatorio", "queja_personeria", "queja_procuraduria")
EVENT_LABELS = {
    "creada": "Borrador creado",
    "editada": "Borrador modificado",
    "radicada": "Radicada",
    "copia_sellada": "Copia sellada adjunta",
    "prorroga": "Prórroga informada",
    "traslado": "Trasladada por competencia",
    "respuesta": "Respuesta recibida",
    "carta": "Carta emitida",
    "siguiente_paso": "Siguiente paso redactado",
    "archivada": "Archivada",
    "restaurada": "Restaurada",
}


@dataclass(frozen=True)
class PetitionDraft:
    """The editable content of a petition (what the form and `petitions add` provide)."""

    kind: str
    subject: str
    to_entity: str
    work_id: Optional[str] = None
    to_title: str = ""
    to_name: str = ""
    to_position: str = ""
    to_office: str = ""
    to_address: str = ""
    to_city: str = ""
    to_email: str = ""
    intro: str = ""
    requests: tuple[str, ...] = ()
    legal_basis: str = ""
    closing: str = ""
    annexes: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    finding_ids: tuple[str, ...] = ()
    evidence_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PetitionEventDTO:
    at: dt.datetime
    on_date: Optional[dt.date]
    event: str
    detail: str
    actor: str

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event)

    def to_json(self) -> dict:
        return {"at": self.at.isoformat(), "on_date": _iso(self.on_date), "event": self.event,
                "label": self.label, "detail": self.detail, "actor": self.actor}


@dataclass(frozen=True)
class PetitionDTO:
    id: str
    code: str
    letter_type: str
    parent_id: Optional[str]
    parent_code: str
    work_id: Optional[str]
    work_name: str
    draft: PetitionDraft
    filed_on: Optional[dt.date]
    radicado: str
    filing_channel: str
    stamped_copy_sha256: Optional[str]
    stamped_copy_name: str
    extended_due: Optional[dt.date]
    extension_notified_on: Optional[dt.date]
    extension_reason: str
    forwarded_to: str
    forwarded_on: Optional[dt.date]
    forwarded_received_on: Optional[dt.date]
    answered_on: Optional[dt.date]
    answer_kind: Optional[str]
    answer_summary: str
    answer_sha256: Optional[str]
    answer_file_name: str
    letter_sha256: Optional[str]
    letter_issued_at: Optional[dt.datetime]
    letter_path: str
    archived: bool
    version: int
    terms: PetitionTerms
    events: tuple[PetitionEventDTO, ...] = field(default=())

    # Short names used by tables and the CLI.
    @property
    def kind(self) -> str:
        return self.draft.kind

    @property
    def subject(self) -> str:
        return self.draft.subject

    @property
    def to_entity(self) -> str:
        return self.draft.to_entity

    @property
    def status(self) -> PetitionStatus:
        return self.terms.status

    @property
    def kind_label(self) -> str:
        return PetitionKind(self.kind).label

    @property
    def letter_type_label(self) -> str:
        return LETTER_TYPES.get(self.letter_type, self.letter_type)

    def list_json(self) -> dict:
        """The keys `veeduria petitions list --json` prints (fixed by the issue)."""
        return {"id": self.id, "kind": self.kind, "filed": _iso(self.filed_on),
                "due": _iso(self.terms.due), "status": self.terms.status.value,
                "days_left": self.terms.days_left}

    def to_json(self) -> dict:
        d = self.draft
        t = self.terms
        return {
            "id": self.id, "code": self.code, "letter_type": self.letter_type,
            "parent_id": self.parent_id, "work_id": self.work_id, "work_name": self.work_name,
            "kind": d.kind, "subject": d.subject,
            "to": {"title": d.to_title, "name": d.to_name, "position": d.to_position,
                   "office": d.to_office, "entity": d.to_entity, "address": d.to_address,
                   "city": d.to_city, "email": d.to_email},
            "intro": d.intro, "requests": list(d.requests), "legal_basis": d.legal_basis,
            "annexes": list(d.annexes), "copies": list(d.copies),
            "signers": [{"name": s.name, "role": s.role} for s in d.signers],
            "finding_ids": list(d.finding_ids), "evidence_ids": list(d.evidence_ids),
            "filed": _iso(self.filed_on), "radicado": self.radicado,
            "stamped_copy_sha256": self.stamped_copy_sha256,
            "extended_due": _iso(self.extended_due), "forwarded_to": self.forwarded_to,
            "forwarded_on": _iso(self.forwarded_on),
            "forwarded_received_on": _iso(self.forwarded_received_on),
            "answered": _iso(self.answered_on), "answer_kind": self.answer_kind,
            "answer_sha256": self.answer_sha256,
            "letter_sha256": self.letter_sha256,
            "due": _iso(t.due), "original_due": _iso(t.original_due),
            "max_extension_due": _iso(t.max_extension_due),
            "forwarding_due": _iso(t.forwarding_due), "status": t.status.value,
            "status_label": t.status.label, "days_left": t.days_left,
            "answered_late": t.answered_late, "deemed_accepted": t.deemed_accepted,
            "delivery_due": _iso(t.delivery_due), "reminder": t.reminder,
            "version": self.version,
            "events": [e.to_json() for e in self.events],
        }


@dataclass(frozen=True, order=True)
class NonBusinessDay:
    """A date on which terms did not run (closure or suspension decreed by an authority)."""

    date: dt.date
    reason: str = ""


NON_BUSINESS_SETTING = "peticiones.dias_no_habiles"


@dataclass(frozen=True)
class LinkOption:
    """A finding or photo of the work that a petition can cite."""

    id: str
    label: str


@dataclass(frozen=True)
class IssuedLetter:
    petition_id: str
    code: str
    path: Path
    """The user's copy when one was asked for, else the archived original."""
    sha256: str
    size: int
    revision: int = 1
    archive: Optional[Path] = None


@dataclass(frozen=True)
class Reminder:
    petition_id: str
    code: str
    subject: str
    to_entity: str
    status: PetitionStatus
    days_left: Optional[int]
    due: Optional[dt.date]
    message: str


def _iso(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _clean_list(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values if v and v.strip())


class PetitionService:
    def __init__(self, db: Database, identity: Identity, data_folder: DataFolder,
                 profile: ProfileService, today: Callable[[], dt.date] = dt.date.today,
                 settings: Optional[SettingsService] = None) -> None:
        self.db = db
        self.identity = identity
        self.data_folder = data_folder
        self.profile = profile
        self.today = today
        self.settings = settings

    # -- validation -----------------------------------------------------------------------
    def _validate(self, session: Session, draft: PetitionDraft) -> PetitionDraft:
        try:
            kind = PetitionKind.parse(draft.kind)
        except ValueError as error:
            raise ValidationError(str(error), field="kind") from None
        subject = " ".join(draft.subject.split())
        if not subject:
            raise ValidationError("El asunto de la petición es obligatorio.", field="subject")
        if len(subject) > 400:
            raise ValidationError("El asunto es demasiado largo (máximo 400 caracteres).", field="subject")
        entity = draft.to_entity.strip()
        if not entity:
            raise ValidationError("Indique la entidad destinataria de la petición.", field="to_entity")
        if len(entity) > 300:
            raise ValidationError("El nombre de la entidad destinataria supera 300 caracteres.",
                                  field="to_entity")
        for name, label, limit in FIELD_LIMITS:
            if len(getattr(draft, name).strip()) > limit:
                raise ValidationError(f"{label} supera {limit} caracteres.", field=name)
        email = draft.to_email.strip()
        if email and ("@" not in email or " " in email):
            raise ValidationError(f"El correo del destinatario «{email}» no es válido.", field="to_email")
        work_id = (draft.work_id or "").strip() or None
        if work_id is not None and session.get(Work, work_id) is None:
            raise ValidationError(f"No existe una obra con identificador «{work_id}».", field="work_id")
        signers = tuple(Signer(s.name.strip(), s.role.strip()) for s in draft.signers if s.name.strip())
        self._check_links(session, work_id, _clean_list(draft.finding_ids), _clean_list(draft.evidence_ids))
        return replace(
            draft, kind=kind.value, subject=subject, to_entity=entity, to_email=email,
            work_id=work_id, requests=_clean_list(draft.requests), annexes=_clean_list(draft.annexes),
            copies=_clean_list(draft.copies), signers=signers,
            finding_ids=_clean_list(draft.finding_ids), evidence_ids=_clean_list(draft.evidence_ids),
            to_title=draft.to_title.strip(), to_name=draft.to_name.strip(),
            to_position=draft.to_position.strip(), to_office=draft.to_office.strip(),
            to_address=draft.to_address.strip(), to_city=draft.to_city.strip(),
            intro=draft.intro.strip(), legal_basis=draft.legal_basis.strip(),
            closing=draft.closing.strip(),
        )

    # -- drafting -------------------------------------------------------------------------
    def create(self, draft: PetitionDraft, *, letter_type: str = "peticion",
               parent_id: Optional[str] = None, petition_id: Optional[str] = None) -> PetitionDTO:
        """Save a new petition as a draft (borrador)."""
        self.identity.require(Permission.WRITE)
        try:
            with self.db.transaction() as session:
                petition = self._insert(session, draft, letter_type, parent_id, petition_id)
                return self._dto(session, petition)
        except IntegrityError:
            raise ConflictError("Otra persona creó una petición con el mismo código al mismo tiempo; "
                                "vuelva a guardar.") from None

    def _insert(self, session: Session, draft: PetitionDraft, letter_type: str,
                parent_id: Optional[str], petition_id: Optional[str] = None) -> Petition:
        clean = self._validate(session, draft)
        if not clean.legal_basis and letter_type == "peticion":
            clean = replace(clean, legal_basis=default_legal_basis(clean.kind))
        petition = Petition(
            code=self._next_code(session, letter_type), letter_type=letter_type,
            parent_id=parent_id, created_by=self.identity.actor.username, archived=False,
            filed_on=None, radicado="", filing_channel="", stamped_copy_ext="",
            stamped_copy_name="", extension_reason="", forwarded_to="", answer_summary="",
            answer_ext="", answer_file_name="", letter_path="",
        )
        if petition_id:
            petition.id = petition_id
        self._apply(petition, clean)
        session.add(petition)
        session.flush()
        self._event(session, petition, "creada", None, f"{petition.code}: {clean.subject}")
        record_audit(session, self.identity.actor, "create", "petition", petition.id, None,
                     snapshot(petition, CONTENT_FIELDS),
                     f"Nuevo borrador ({LETTER_TYPES.get(letter_type, 'carta').lower()}): {petition.code} — {clean.subject}")
        session.flush()
        return petition

    def update(self, petition_id: str, draft: PetitionDraft, *,
               expected_version: Optional[int] = None) -> PetitionDTO:
        """Edit a draft; once filed the letter's text is what the authority received."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            clean = self._validate(session, draft)
            if expected_version is not None and petition.version != expected_version \
                    and not already_holds(petition, self._content(clean)):
                raise ConflictError("Otra persona modificó esta petición mientras usted la editaba. "
                                    "Ciérrela y vuelva a abrirla para ver los cambios.")
            if petition.filed_on is not None:
                raise ValidationError(
                    f"La petición {petition.code} ya fue radicada el {petition.filed_on:%d/%m/%Y}; "
                    "su texto no se puede cambiar. Redacte una nueva si necesita otra solicitud.")
            old = snapshot(petition, CONTENT_FIELDS)
            self._apply(petition, clean)
            before, after = changed_fields(old, snapshot(petition, CONTENT_FIELDS))
            if after:
                self._event(session, petition, "editada", None, ", ".join(after))
                record_audit(session, self.identity.actor, "update", "petition", petition.id,
                             before, after, f"Petición modificada: {petition.code}")
            session.flush()
            return self._dto(session, petition)

    @staticmethod
    def _check_links(session: Session, work_id: Optional[str], finding_ids: tuple[str, ...],
                     evidence_ids: tuple[str, ...]) -> None:
        """Linked findings and photos must exist and belong to the petition's work."""
        if finding_ids:
            found = dict(session.execute(select(Finding.id, Finding.work_id)
                                         .where(Finding.id.in_(finding_ids))).all())
            for finding_id in finding_ids:
                if finding_id not in found:
                    raise ValidationError(f"No existe el hallazgo «{finding_id}».", field="finding_ids")
                if work_id is not None and found[finding_id] != work_id:
                    raise ValidationError("Un hallazgo vinculado pertenece a otra obra.", field="finding_ids")
        if evidence_ids:
            photos = dict(session.execute(
                select(InspectionPhoto.id, Inspection.work_id)
                .join(Inspection, Inspection.id == InspectionPhoto.inspection_id)
                .where(InspectionPhoto.id.in_(evidence_ids))).all())
            for photo_id in evidence_ids:
                if photo_id not in photos:
                    raise ValidationError(f"No existe la fotografía «{photo_id}».", field="evidence_ids")
                if work_id is not None and photos[photo_id] != work_id:
                    raise ValidationError("Una fotografía vinculada pertenece a otra obra.", field="evidence_ids")

    def link_options(self, work_id: str) -> tuple[list[LinkOption], list[LinkOption]]:
        """Findings and photos of a work the form offers to cite (findings first)."""
        with self.db.read() as session:
            findings = [
                LinkOption(f.id, f"H-{f.number:02d} {f.title}")
                for f in session.scalars(select(Finding).where(Finding.work_id == work_id,
                                                               Finding.archived.is_(False))
                                         .order_by(Finding.number))
            ]
            photos = [
                LinkOption(photo.id, _photo_label(photo, visit))
                for photo, visit in session.execute(
                    select(InspectionPhoto, Inspection.visit_date)
                    .join(Inspection, Inspection.id == InspectionPhoto.inspection_id)
                    .where(Inspection.work_id == work_id)
                    .order_by(Inspection.visit_date, InspectionPhoto.position))
            ]
        return findings, photos

    # -- follow-up ------------------------------------------------------------------------
    def file(self, petition_id: str, filed_on: dt.date, radicado: str = "", *,
             channel: str = "", stamped_copy: Optional[Path] = None) -> PetitionDTO:
        """Record the filing (radicación): date and number, or the stamped copy's scan."""
        self.identity.require(Permission.WRITE)
        radicado = radicado.strip()
        if filed_on > self.today():
            raise ValidationError(f"La fecha de radicación {filed_on:%d/%m/%Y} está en el futuro.",
                                  field="filed_on")
        if not radicado and stamped_copy is None:
            raise ValidationError("Indique el número de radicado o adjunte la foto de la copia "
                                  "sellada.", field="radicado")
        if len(radicado) > 80:
            raise ValidationError("El número de radicado supera 80 caracteres.", field="radicado")
        data = self._read_attachment(stamped_copy) if stamped_copy is not None else None
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            if petition.filed_on is not None:
                raise ValidationError(
                    f"La petición {petition.code} ya está radicada (el {petition.filed_on:%d/%m/%Y}, "
                    f"radicado {petition.radicado or 'sin número'}).")
            if not petition.requests:
                raise ValidationError(f"La petición {petition.code} no tiene peticiones numeradas; "
                                      "agréguelas antes de radicarla.", field="requests")
            petition.filed_on = filed_on
            petition.radicado = radicado
            petition.filing_channel = channel.strip()[:60]
            if data is not None and stamped_copy is not None:
                self._store_stamped(petition, stamped_copy, data)
            terms = self._terms(petition)
            self._event(session, petition, "radicada", filed_on,
                        f"Radicado {radicado or 'sin número'}; vence el {terms.due:%d/%m/%Y}")
            record_audit(session, self.identity.actor, "file", "petition", petition.id,
                         {"filed_on": None, "radicado": ""},
                         {"filed_on": filed_on, "radicado": radicado,
                          "stamped_copy_sha256": petition.stamped_copy_sha256},
                         f"Petición {petition.code} radicada el {filed_on:%d/%m/%Y}")
            session.flush()
            return self._dto(session, petition)

    def attach_stamped_copy(self, petition_id: str, path: Path) -> PetitionDTO:
        """Add (or replace) the photo/scan of the stamped copy of a filed petition."""
        self.identity.require(Permission.WRITE)
        data = self._read_attachment(path)
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            if petition.filed_on is None:
                raise ValidationError(f"Primero registre la radicación de {petition.code}.")
            old = {"stamped_copy_sha256": petition.stamped_copy_sha256}
            self._store_stamped(petition, path, data)
            self._event(session, petition, "copia_sellada", None, path.name)
            record_audit(session, self.identity.actor, "update", "petition", petition.id, old,
                         {"stamped_copy_sha256": petition.stamped_copy_sha256},
                         f"Copia sellada adjunta a {petition.code}")
            session.flush()
            return self._dto(session, petition)

    def extend(self, petition_id: str, new_due: dt.date, notified_on: dt.date,
               reason: str = "") -> PetitionDTO:
        """Record the authority's extension (once, before the term ends, at most double)."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            self._require_open(petition)
            if petition.extended_due is not None:
                raise ValidationError(
                    f"La petición {petition.code} ya tiene una prórroga hasta el "
                    f"{petition.extended_due:%d/%m/%Y}; la ley permite una sola.")
            start = petition.forwarded_received_on or petition.filed_on
            assert start is not None
            if notified_on < start:
                raise ValidationError("La prórroga no puede ser anterior a la radicación.",
                                      field="notified_on")
            if notified_on > self.today():
                raise ValidationError(f"La fecha del aviso de prórroga {notified_on:%d/%m/%Y} está en el "
                                      "futuro.", field="notified_on")
            problem = check_extension(start, PetitionKind(petition.kind), new_due, notified_on, self._extra())
            if problem:
                raise ValidationError(problem, field="new_due")
            petition.extended_due = new_due
            petition.extension_notified_on = notified_on
            petition.extension_reason = reason.strip()
            self._event(session, petition, "prorroga", notified_on,
                        f"Nueva fecha {new_due:%d/%m/%Y}. {reason.strip()}".strip())
            record_audit(session, self.identity.actor, "extend", "petition", petition.id,
                         {"extended_due": None}, {"extended_due": new_due, "reason": reason.strip()},
                         f"Prórroga de {petition.code} hasta el {new_due:%d/%m/%Y}")
            session.flush()
            return self._dto(session, petition)

    def forward(self, petition_id: str, to: str, forwarded_on: dt.date,
                received_on: Optional[dt.date] = None) -> PetitionDTO:
        """Record forwarding to the competent authority (art. 21); the term restarts there."""
        self.identity.require(Permission.WRITE)
        to = " ".join(to.split())
        if not to:
            raise ValidationError("Indique la autoridad a la que se trasladó la petición.", field="to")
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            self._require_open(petition)
            assert petition.filed_on is not None
            if petition.forwarded_on is not None:
                raise ValidationError(f"La petición {petition.code} ya fue trasladada a "
                                      f"{petition.forwarded_to}.")
            if forwarded_on < petition.filed_on:
                raise ValidationError("El traslado no puede ser anterior a la radicación.",
                                      field="forwarded_on")
            received = received_on or forwarded_on
            if received < forwarded_on:
                raise ValidationError("La recepción por la autoridad competente no puede ser anterior "
                                      "al traslado.", field="received_on")
            if received > self.today():
                raise ValidationError(f"La fecha de recepción {received:%d/%m/%Y} está en el futuro.",
                                      field="received_on")
            petition.forwarded_to = to[:300]
            petition.forwarded_on = forwarded_on
            petition.forwarded_received_on = received
            limit = forwarding_due(petition.filed_on, self._extra())
            late = (f" Traslado tardío: el plazo de 5 días vencía el {limit:%d/%m/%Y}."
                    if forwarded_on > limit else "")
            self._event(session, petition, "traslado", forwarded_on, f"A {to}.{late}")
            record_audit(session, self.identity.actor, "forward", "petition", petition.id,
                         {"forwarded_to": ""},
                         {"forwarded_to": to, "forwarded_on": forwarded_on, "received_on": received},
                         f"Petición {petition.code} trasladada a {to}")
            session.flush()
            return self._dto(session, petition)

    def answer(self, petition_id: str, answered_on: dt.date, *, kind: str = "completa",
               summary: str = "", document: Optional[Path] = None) -> PetitionDTO:
        """Log the authority's answer with its date and, if given, the document received."""
        self.identity.require(Permission.WRITE)
        try:
            answer_kind = AnswerKind(kind.strip().lower())
        except ValueError:
            raise ValidationError(f"Tipo de respuesta desconocido «{kind}»: use completa o parcial.",
                                  field="kind") from None
        if answered_on > self.today():
            raise ValidationError(f"La fecha de respuesta {answered_on:%d/%m/%Y} está en el futuro.",
                                  field="answered_on")
        data = self._read_attachment(document) if document is not None else None
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            if petition.filed_on is None:
                raise ValidationError(f"La petición {petition.code} aún no está radicada; registre "
                                      "primero la radicación.")
            if petition.answer_kind == AnswerKind.COMPLETA.value:
                raise ValidationError(f"La petición {petition.code} ya tiene respuesta completa del "
                                      f"{petition.answered_on:%d/%m/%Y}.")
            if answered_on < petition.filed_on:
                raise ValidationError(
                    f"La respuesta ({answered_on:%d/%m/%Y}) no puede ser anterior a la radicación "
                    f"({petition.filed_on:%d/%m/%Y}).", field="answered_on")
            old = snapshot(petition, ("answered_on", "answer_kind", "answer_sha256"))
            petition.answered_on = answered_on
            petition.answer_kind = answer_kind.value
            petition.answer_summary = summary.strip()
            if data is not None and document is not None:
                stored = PhotoStore(self.data_folder.evidence_dir).put(data, _extension(document))
                petition.answer_sha256 = stored.sha256
                petition.answer_ext = _extension(document)
                petition.answer_file_name = document.name[:300]
            terms = self._terms(petition)
            late = " (fuera de término)" if terms.answered_late else ""
            self._event(session, petition, "respuesta", answered_on,
                        f"Respuesta {answer_kind.value}{late}. {summary.strip()}".strip())
            record_audit(session, self.identity.actor, "answer", "petition", petition.id, old,
                         snapshot(petition, ("answered_on", "answer_kind", "answer_sha256")),
                         f"Respuesta registrada para {petition.code}")
            session.flush()
            return self._dto(session, petition)

    def archive(self, petition_id: str) -> PetitionDTO:
        """Hide a petition from the dashboard; it stays in the database and can be restored."""
        self.identity.require(Permission.ARCHIVE)
        return self._set_archived(petition_id, True)

    def restore(self, petition_id: str) -> PetitionDTO:
        self.identity.require(Permission.ARCHIVE)
        return self._set_archived(petition_id, False)

    def _set_archived(self, petition_id: str, archived: bool) -> PetitionDTO:
        with self.db.transaction() as session:
            petition = self._load(session, petition_id)
            if petition.archived != archived:
                petition.archived = archived
                event = "archivada" if archived else "restaurada"
                self._event(session, petition, event, None, "")
                record_audit(session, self.identity.actor, "archive" if archived else "restore",
                             "petition", petition.id, {"archived": not archived},
                             {"archived": archived}, f"Petición {event}: {petition.code}")
            session.flush()
            return self._dto(session, petition)

    # -- next step ------------------------------------------------------------------------
    def draft_next_step(self, petition_id: str, step: str) -> PetitionDTO:
        """From an overdue petition, draft a reminder or a complaint as a new tracked letter."""
        self.identity.require(Permission.WRITE)
        if step not in NEXT_STEPS:
            raise ValidationError(f"Paso desconocido «{step}»: use recordatorio, queja_personeria o "
                                  "queja_procuraduria.", field="step")
        with self.db.transaction() as session:
            source = self._load(session, petition_id)
            terms = self._terms(source)
            if terms.status is not PetitionStatus.VENCIDA:
                raise ValidationError(
                    f"La petición {source.code} no está vencida ({terms.status.label.lower()}); el "
                    "recordatorio o la queja se redactan cuando el término venció sin respuesta.")
            facts = _next_step_values(source, terms)
            draft = PetitionDraft(
                kind=PetitionKind.GENERAL.value, work_id=source.work_id,
                subject=facts["asunto"], to_entity=source.to_entity, to_title=source.to_title,
                to_name=source.to_name, to_position=source.to_position, to_office=source.to_office,
                to_address=source.to_address, to_city=source.to_city, to_email=source.to_email,
                requests=tuple(source.requests or ()),
                annexes=(f"Copia de la petición radicada {source.radicado or source.code}",),
                signers=tuple(Signer(s.get("name", ""), s.get("role", "")) for s in source.signers or ()),
                finding_ids=tuple(source.finding_ids or ()),
                evidence_ids=tuple(source.evidence_ids or ()),
            )
            if step != "recordatorio":
                addressee = complaint_addressee(step)
                draft = replace(draft, to_entity=addressee.entity, to_office=addressee.office,
                                to_position=addressee.position, to_city=addressee.city,
                                to_title="", to_name="", to_address=addressee.address, to_email="",
                                requests=addressee.requests(facts), legal_basis=addressee.legal_basis,
                                copies=(source.to_entity,))
            created = self._insert(session, draft, step, petition_id)
            self._event(session, source, "siguiente_paso", None, f"{LETTER_TYPES[step]} {created.code}")
            session.flush()
            return self._dto(session, created, with_events=True)

    # -- letters --------------------------------------------------------------------------
    def letter_text(self, petition_id: str) -> str:
        """The letter as plain text, composed exactly as the PDF (on-screen preview)."""
        with self.db.read() as session:
            petition = self._load(session, petition_id)
            data = self._letter_input(session, petition)
        return letter_text(data)

    def issue_letter(self, petition_id: str, out: Optional[Path] = None, *,
                     progress: Optional[ProgressCallback] = None,
                     cancel: Optional[CancelToken] = None) -> IssuedLetter:
        """Issue the letter: archive the PDF in the data folder (never overwritten), record it
        in the issued-documents registry with its SHA-256 and cited photos, and copy it to `out`.

        Recorded like reports, so `veeduria verify` recognises the letter and checks that the
        photos it lists as annexes are still intact. Re-issuing makes the next revision.
        """
        self.identity.require(Permission.WRITE)
        if out is not None:
            out = Path(out)
            if out.suffix.lower() != ".pdf":
                raise ValidationError(f"El archivo de salida «{out.name}» debe terminar en .pdf.", field="out")
            if not out.parent.is_dir():
                raise ValidationError(f"La carpeta «{out.parent}» no existe.", field="out")
        report(progress, 0, 3, "Preparando la carta…")
        with self.db.read() as session:
            petition = self._load(session, petition_id)
            code = petition.code
            revision = (session.scalar(select(func.max(IssuedReport.revision))
                                       .where(IssuedReport.code == code)) or 0) + 1
            previous_id = session.scalar(select(IssuedReport.id).where(IssuedReport.code == code,
                                                                       IssuedReport.revision == revision - 1))
            manifest = self._manifest(session, petition)
            digest_of_manifest = manifest_digest(manifest)
            data = replace(self._letter_input(session, petition),
                           qr_payload=f"VEEDURIA|{code}|v{revision}|evidencias:{digest_of_manifest[:16]}",
                           issuer_id=self._issuer_id())
            title = f"{LETTER_TYPES.get(petition.letter_type, 'Carta')}: {petition.subject}"
            work_id = petition.work_id
        pdf = build_letter_pdf(data, cancel=cancel)
        check(cancel)
        report(progress, 2, 3, "Guardando el PDF…")
        digest = hashlib.sha256(pdf).hexdigest()
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        file_name = f"{code}-v{revision}.pdf"
        archive = self.data_folder.reports_dir / file_name
        _write_new(archive, pdf)
        actor = self.identity.actor
        try:
            with self.db.transaction() as session:
                petition = self._load(session, petition_id)
                session.add(IssuedReport(
                    code=code, revision=revision, kind=petition.letter_type, title=title[:300], work_id=work_id,
                    issued_at=utcnow(), issued_by=actor.username, issued_by_name=actor.display_name,
                    pdf_sha256=digest, pdf_size=len(pdf), page_count=pages, file_name=file_name,
                    manifest=[vars(m) for m in manifest], manifest_digest=digest_of_manifest,
                    supersedes_id=previous_id, related_code="", training=self.data_folder.is_training,
                    scope=""))
                old = {"letter_sha256": petition.letter_sha256}
                petition.letter_sha256 = digest
                petition.letter_issued_at = utcnow()
                petition.letter_path = str(archive)[:500]
                where = f" y copiada en {out}" if out is not None else ""
                self._event(session, petition, "carta", None,
                            f"{file_name} (SHA-256 {digest[:16]}…){where}")
                record_audit(session, actor, "issue_letter", "petition", petition.id, old,
                             {"letter_sha256": digest, "code": code, "revision": revision,
                              "archive": file_name, "copy": str(out) if out else None},
                             f"Carta emitida: {code} v{revision}")
        except BaseException:
            archive.unlink(missing_ok=True)  # not recorded, so not issued
            raise
        if out is not None:
            _atomic_write(out, pdf)
        report(progress, 3, 3, "Carta guardada")
        return IssuedLetter(petition_id, code, out or archive, digest, len(pdf), revision, archive)

    def _manifest(self, session: Session, petition: Petition) -> tuple[ManifestEntry, ...]:
        """The photos the letter lists as annexes, for the registry's integrity check."""
        if not petition.evidence_ids:
            return ()
        rows = session.execute(
            select(InspectionPhoto.sha256, InspectionPhoto.original_name, EvidenceFile.extension)
            .join(EvidenceFile, EvidenceFile.sha256 == InspectionPhoto.sha256)
            .where(InspectionPhoto.id.in_(petition.evidence_ids)))
        return tuple(ManifestEntry(sha, "foto", name or sha[:12], ext or "jpg") for sha, name, ext in rows)

    def _issuer_id(self) -> str:
        """The data folder's issuer id (shared with the reports registry), created on first use."""
        if self.settings is None:
            return ""
        value = self.settings.get(ISSUER_SETTING, "")
        if not value:
            value = uuid.uuid4().hex[:12]
            self.settings.set(ISSUER_SETTING, value)
        return str(value)

    # -- queries --------------------------------------------------------------------------
    def get(self, petition_id: str) -> PetitionDTO:
        with self.db.read() as session:
            return self._dto(session, self._load(session, petition_id), with_events=True)

    def find(self, text: str) -> PetitionDTO:
        """A petition by id, code (PET-2026-0001) or unambiguous id prefix (for the CLI)."""
        text = text.strip()
        with self.db.read() as session:
            petition = session.get(Petition, text) or session.scalar(
                select(Petition).where(Petition.code == text.upper()))
            if petition is None and len(text) >= 4:
                matches = session.scalars(
                    select(Petition).where(Petition.id.like(f"{text}%")).limit(2)).all()
                if len(matches) == 1:
                    petition = matches[0]
            if petition is None:
                raise NotFoundError(f"No existe una petición con identificador o código «{text}».")
            return self._dto(session, petition, with_events=True)

    def list(self, *, work_id: Optional[str] = None, status: Optional[str] = None,
             include_archived: bool = False) -> list[PetitionDTO]:
        """Petitions, most urgent first (lapsed, then by days left, then drafts and answered)."""
        query = select(Petition)
        if work_id:
            query = query.where(Petition.work_id == work_id)
        if not include_archived:
            query = query.where(Petition.archived.is_(False))
        with self.db.read() as session:
            rows = list(session.scalars(query.order_by(Petition.code)))
            # One query for the names shown in the table instead of one per petition.
            names = dict(session.execute(select(Work.id, Work.name).where(
                Work.id.in_({p.work_id for p in rows if p.work_id}))).all())
            codes = dict(session.execute(select(Petition.id, Petition.code).where(
                Petition.id.in_({p.parent_id for p in rows if p.parent_id}))).all())
            extra = self._extra()
            items = [self._dto(session, p, names=names, codes=codes, extra=extra) for p in rows]
        if status:
            items = [p for p in items if p.status.value == status]
        return sorted(items, key=_urgency)

    def reminders(self, work_id: Optional[str] = None) -> list[Reminder]:
        """Petitions with 3 business days or fewer left, or lapsed without answer."""
        return [
            Reminder(p.id, p.code, p.subject, p.to_entity, p.status, p.terms.days_left,
                     p.terms.due, p.terms.reminder or "")
            for p in self.list(work_id=work_id)
            if p.status in (PetitionStatus.POR_VENCER, PetitionStatus.VENCIDA)
        ]

    def preview_due(self, kind: str, filed_on: dt.date) -> dt.date:
        """Due date a filing on `filed_on` would get (shown in the filing dialog)."""
        try:
            facts = PetitionFacts(PetitionKind.parse(kind), filed_on=filed_on)
            return evaluate(facts, filed_on, self._extra()).due  # type: ignore[return-value]
        except ValueError as error:
            raise ValidationError(str(error), field="kind") from None

    def counts_by_status(self, work_id: Optional[str] = None) -> dict[str, int]:
        counts = {s.value: 0 for s in PetitionStatus}
        for p in self.list(work_id=work_id):
            counts[p.status.value] += 1
        return counts

    def attachment_path(self, petition_id: str, which: str) -> Path:
        """Where the stored stamped copy (`sellada`) or answer (`respuesta`) lives."""
        with self.db.read() as session:
            petition = self._load(session, petition_id)
            sha, ext = ((petition.stamped_copy_sha256, petition.stamped_copy_ext) if which == "sellada"
                        else (petition.answer_sha256, petition.answer_ext))
        if not sha:
            raise NotFoundError("Esta petición no tiene ese documento adjunto.")
        return PhotoStore(self.data_folder.evidence_dir).path_for(sha, ext)

    # -- helpers --------------------------------------------------------------------------
    def _terms(self, petition: Petition, extra: Optional[frozenset[dt.date]] = None) -> PetitionTerms:
        return evaluate(_facts(petition), self.today(), self._extra() if extra is None else extra)

    # -- suspended terms ------------------------------------------------------------------
    def non_business_days(self) -> list[NonBusinessDay]:
        """Dates the user marked as non-business (terms suspended by the authorities), sorted."""
        if self.settings is None:
            return []
        items = []
        for entry in self.settings.get(NON_BUSINESS_SETTING, []) or []:
            try:
                items.append(NonBusinessDay(dt.date.fromisoformat(entry["fecha"]), str(entry.get("motivo", ""))))
            except (KeyError, TypeError, ValueError):
                continue  # a hand-edited entry that is not a date is ignored, never fatal
        return sorted(items)

    def set_non_business_days(self, days: Iterable[NonBusinessDay]) -> list[NonBusinessDay]:
        """Replace the list (coordinators only): every petition's terms are recomputed with it."""
        self.identity.require(Permission.ADMIN)
        if self.settings is None:
            raise ValidationError("Los ajustes no están disponibles en esta carpeta de datos.")
        clean: dict[dt.date, str] = {}
        for day in days:
            reason = " ".join(day.reason.split())
            if not reason:
                raise ValidationError(f"Indique el motivo de la suspensión del {day.date:%d/%m/%Y} "
                                      "(por ejemplo, el decreto o la resolución).", field="motivo")
            if day.date.weekday() >= 5:
                raise ValidationError(f"El {day.date:%d/%m/%Y} es fin de semana: ya no es día hábil.",
                                      field="fecha")
            clean[day.date] = reason[:300]
        self.settings.set(NON_BUSINESS_SETTING,
                          [{"fecha": d.isoformat(), "motivo": r} for d, r in sorted(clean.items())],
                          permission=Permission.ADMIN)
        return self.non_business_days()

    def _extra(self) -> frozenset[dt.date]:
        return frozenset(day.date for day in self.non_business_days())

    def _dto(self, session: Session, petition: Petition, *, with_events: bool = False,
             names: Optional[dict[str, str]] = None, codes: Optional[dict[str, str]] = None,
             extra: Optional[frozenset[dt.date]] = None) -> PetitionDTO:
        work_name = ""
        if petition.work_id:
            if names is not None:
                work_name = names.get(petition.work_id, "")
            else:
                work = session.get(Work, petition.work_id)
                work_name = work.name if work else ""
        parent_code = ""
        if petition.parent_id:
            if codes is not None:
                parent_code = codes.get(petition.parent_id, "")
            else:
                parent = session.get(Petition, petition.parent_id)
                parent_code = parent.code if parent else ""
        events: tuple[PetitionEventDTO, ...] = ()
        if with_events:
            rows = session.scalars(select(PetitionEvent).where(PetitionEvent.petition_id == petition.id)
                                   .order_by(PetitionEvent.at, PetitionEvent.created_at))
            events = tuple(PetitionEventDTO(e.at, e.on_date, e.event, e.detail, e.actor) for e in rows)
        return PetitionDTO(
            id=petition.id, code=petition.code, letter_type=petition.letter_type,
            parent_id=petition.parent_id, parent_code=parent_code, work_id=petition.work_id,
            work_name=work_name, draft=_draft_of(petition), filed_on=petition.filed_on,
            radicado=petition.radicado, filing_channel=petition.filing_channel,
            stamped_copy_sha256=petition.stamped_copy_sha256,
            stamped_copy_name=petition.stamped_copy_name, extended_due=petition.extended_due,
            extension_notified_on=petition.extension_notified_on,
            extension_reason=petition.extension_reason, forwarded_to=petition.forwarded_to,
            forwarded_on=petition.forwarded_on, forwarded_received_on=petition.forwarded_received_on,
            answered_on=petition.answered_on, answer_kind=petition.answer_kind,
            answer_summary=petition.answer_summary, answer_sha256=petition.answer_sha256,
            answer_file_name=petition.answer_file_name, letter_sha256=petition.letter_sha256,
            letter_issued_at=petition.letter_issued_at, letter_path=petition.letter_path,
            archived=petition.archived, version=petition.version, terms=self._terms(petition, extra),
            events=events,
        )

    def _letter_input(self, session: Session, petition: Petition) -> LetterInput:
        profile = self.profile.get()
        if profile is None:
            raise ValidationError("Registre primero los datos de la veeduría (nombre, inscripción, "
                                  "dirección): aparecen en la carta.")
        if petition.letter_type == "peticion" and not petition.requests:
            raise ValidationError(f"La petición {petition.code} no tiene peticiones numeradas; "
                                  "agréguelas antes de generar la carta.", field="requests")
        work_name = ""
        if petition.work_id:
            work = session.get(Work, petition.work_id)
            work_name = work.name if work else ""
        signers = tuple(Signer(s.get("name", ""), s.get("role", "")) for s in petition.signers or ())
        if not signers:
            signers = tuple(
                Signer(m.full_name, m.role.capitalize() if m.role else "Integrante")
                for m in self.profile.members() if "coordin" in (m.role or "").lower()
            ) or (Signer("", "Veeduría ciudadana"),)
        parent_values: dict[str, Any] = {}
        if petition.parent_id:
            parent = session.get(Petition, petition.parent_id)
            if parent is not None:
                parent_values = _next_step_values(parent, self._terms(parent))
                reminder = session.scalar(
                    select(Petition).where(Petition.parent_id == parent.id,
                                           Petition.letter_type == "recordatorio",
                                           Petition.filed_on.is_not(None))
                    .order_by(Petition.filed_on))
                if reminder is not None and reminder.id != petition.id and reminder.filed_on:
                    parent_values["recordatorio_texto"] = (
                        f", pese al recordatorio radicado el {long_date(reminder.filed_on)}"
                        + (f" con el número {reminder.radicado}" if reminder.radicado else ""))
        issue_day = self.today()
        findings, photo_annexes = self._link_texts(session, petition)
        return LetterInput(
            letter_type=petition.letter_type, code=petition.code, kind=petition.kind,
            issue_date=issue_day, city=profile.city or "Cartagena de Indias",
            veeduria=profile.name, registration=_registration_text(profile),
            veeduria_address=profile.address, veeduria_email=profile.email,
            veeduria_phone=profile.phone, to_title=petition.to_title, to_name=petition.to_name,
            to_position=petition.to_position, to_office=petition.to_office,
            to_entity=petition.to_entity, to_address=petition.to_address, to_city=petition.to_city,
            to_email=petition.to_email, subject=petition.subject, work_name=work_name,
            intro=petition.intro, requests=tuple(petition.requests or ()),
            legal_basis=petition.legal_basis, closing=petition.closing,
            annexes=tuple(petition.annexes or ()) + photo_annexes, copies=tuple(petition.copies or ()),
            signers=signers, linked_findings=findings, parent=parent_values,
            training=self.data_folder.is_training,
        )

    @staticmethod
    def _link_texts(session: Session, petition: Petition) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Findings as `H-01 «title»` and one annex line per photo with its full SHA-256."""
        findings: tuple[str, ...] = ()
        if petition.finding_ids:
            rows = session.scalars(select(Finding).where(Finding.id.in_(petition.finding_ids))
                                   .order_by(Finding.number))
            findings = tuple(f"H-{f.number:02d} «{f.title}»" for f in rows)
        photos: tuple[str, ...] = ()
        if petition.evidence_ids:
            rows = session.execute(
                select(InspectionPhoto, Inspection.visit_date)
                .join(Inspection, Inspection.id == InspectionPhoto.inspection_id)
                .where(InspectionPhoto.id.in_(petition.evidence_ids))
                .order_by(Inspection.visit_date, InspectionPhoto.position))
            photos = tuple(
                f"Fotografía «{photo.original_name or photo.sha256[:12]}» de la visita del "
                f"{short_date(visit)} (SHA-256 {photo.sha256})" for photo, visit in rows)
        return findings, photos

    def _store_stamped(self, petition: Petition, path: Path, data: bytes) -> None:
        stored = PhotoStore(self.data_folder.evidence_dir).put(data, _extension(path))
        petition.stamped_copy_sha256 = stored.sha256
        petition.stamped_copy_ext = _extension(path)
        petition.stamped_copy_name = path.name[:300]

    @staticmethod
    def _read_attachment(path: Path) -> bytes:
        path = Path(path)
        if not path.is_file():
            raise ValidationError(f"No se encontró el archivo «{path}».", field="file")
        size = path.stat().st_size
        if size == 0:
            raise ValidationError(f"El archivo «{path.name}» está vacío.", field="file")
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(f"El archivo «{path.name}» pesa más de 60 MB; escanéelo con menor "
                                  "resolución.", field="file")
        try:
            return path.read_bytes()
        except OSError as error:
            raise ValidationError(f"No se pudo leer «{path.name}»: {error.strerror}.", field="file") from None

    def _require_open(self, petition: Petition) -> None:
        if petition.filed_on is None:
            raise ValidationError(f"La petición {petition.code} aún no está radicada.")
        if petition.answered_on is not None and petition.answer_kind == AnswerKind.COMPLETA.value:
            raise ValidationError(f"La petición {petition.code} ya fue respondida.")

    def _event(self, session: Session, petition: Petition, event: str, on_date: Optional[dt.date],
               detail: str) -> None:
        session.add(PetitionEvent(petition_id=petition.id, at=utcnow(), on_date=on_date, event=event,
                                  detail=detail[:2000], actor=self.identity.actor.username))

    def _next_code(self, session: Session, letter_type: str) -> str:
        prefix = f"{CODE_PREFIX.get(letter_type, 'PET')}-{self.today():%Y}-"
        codes = session.scalars(select(Petition.code).where(Petition.code.like(f"{prefix}%"))).all()
        numbers = [int(c[len(prefix):]) for c in codes if c[len(prefix):].isdigit()]
        return f"{prefix}{(max(numbers) + 1) if numbers else 1:04d}"

    @staticmethod
    def _apply(petition: Petition, draft: PetitionDraft) -> None:
        for name, value in PetitionService._content(draft).items():
            setattr(petition, name, value)

    @staticmethod
    def _content(draft: PetitionDraft) -> dict[str, Any]:
        """The letter's fields as the row stores them."""
        content: dict[str, Any] = {}
        for name in CONTENT_FIELDS:
            value = getattr(draft, name)
            if name == "signers":
                value = [{"name": s.name, "role": s.role} for s in value]
            elif isinstance(value, tuple):
                value = list(value)
            content[name] = value
        return content

    @staticmethod
    def _load(session: Session, petition_id: str) -> Petition:
        petition = session.get(Petition, petition_id)
        if petition is None:
            raise NotFoundError(f"No existe una petición con identificador «{petition_id}».")
        return petition


def _facts(petition: Petition) -> PetitionFacts:
    return PetitionFacts(
        kind=PetitionKind(petition.kind), filed_on=petition.filed_on,
        forwarded_received_on=petition.forwarded_received_on, extended_due=petition.extended_due,
        answered_on=petition.answered_on,
        answer_kind=AnswerKind(petition.answer_kind) if petition.answer_kind else None,
    )


def _draft_of(petition: Petition) -> PetitionDraft:
    return PetitionDraft(
        kind=petition.kind, subject=petition.subject, to_entity=petition.to_entity,
        work_id=petition.work_id, to_title=petition.to_title, to_name=petition.to_name,
        to_position=petition.to_position, to_office=petition.to_office,
        to_address=petition.to_address, to_city=petition.to_city, to_email=petition.to_email,
        intro=petition.intro, requests=tuple(petition.requests or ()),
        legal_basis=petition.legal_basis, closing=petition.closing,
        annexes=tuple(petition.annexes or ()), copies=tuple(petition.copies or ()),
        signers=tuple(Signer(s.get("name", ""), s.get("role", "")) for s in petition.signers or ()),
        finding_ids=tuple(petition.finding_ids or ()), evidence_ids=tuple(petition.evidence_ids or ()),
    )


def _next_step_values(source: Petition, terms: PetitionTerms) -> dict[str, Any]:
    """Values the reminder and complaint templates fill in about the original petition."""
    filed = source.filed_on
    return {
        "asunto": f"Petición sin respuesta: {source.subject}"[:400],
        "asunto_original": source.subject,
        "entidad_original": source.to_entity,
        "radicado": source.radicado or "(sin número)",
        "codigo_original": source.code,
        "tipo_original": source.kind,
        "fecha_radicacion": filed.isoformat() if filed else "",
        "fecha_vencimiento": terms.due.isoformat() if terms.due else "",
        "plazo_dias": terms.term_days,
        "dias_vencidos": max(0, -(terms.days_left or 0)),
        "aceptada": terms.deemed_accepted,
        "fecha_entrega": terms.delivery_due.isoformat() if terms.delivery_due else "",
        "requests": list(source.requests or ()),
    }


def _photo_label(photo: InspectionPhoto, visit: dt.date) -> str:
    name = photo.original_name or photo.sha256[:12]
    caption = f" — {photo.caption}" if photo.caption else ""
    return f"{name} · visita del {short_date(visit)}{caption}"


def _registration_text(profile: Any) -> str:
    body = getattr(profile, "registration_body_label", "") or ""
    number = profile.registration_number
    if number and body:
        return f"inscrita ante la {body} con el número {number}"
    if body:
        return f"inscrita ante la {body}"
    return "constituida conforme a la Ley 850 de 2003"


def _extension(path: Path) -> str:
    ext = Path(path).suffix.lstrip(".").lower()
    return (ext or "bin")[:10]


def _urgency(p: PetitionDTO) -> tuple:
    order = {PetitionStatus.VENCIDA: 0, PetitionStatus.POR_VENCER: 1, PetitionStatus.RADICADA: 2,
             PetitionStatus.BORRADOR: 3, PetitionStatus.RESPONDIDA_PARCIAL: 4,
             PetitionStatus.RESPONDIDA: 5}
    left = p.terms.days_left if p.terms.days_left is not None else 10_000
    return (order[p.status], left, p.code)


def _write_new(path: Path, data: bytes) -> None:
    """Archive an issued letter: a file that must not exist yet, complete or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = open(path, "xb")
    except FileExistsError:
        raise ConflictError(f"Ya existe el archivo emitido {path.name}; no se sobrescribe. "
                            "Vuelva a emitir la carta para obtener la revisión siguiente.") from None
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a PDF."""
    fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
