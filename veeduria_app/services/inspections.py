"""Site visits (actas de visita): record, edit while open, close, amend after closing.

Closing an act is what makes it evidence: from then on nothing is overwritten silently, every
correction is an amendment (kept with its reason, author and old value) and is audited.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import Work
from veeduria_app.db.models.inspections import (
    CommunityObservation, Inspection, InspectionAmendment, InspectionAttendee, InspectionChecklistItem,
    InspectionPhoto, ObservedQuantity,
)
from veeduria_app.domain import inspections as rules
from veeduria_app.domain.inspections import (
    AMENDABLE_FIELDS, Attendee, ChecklistAnswer, InspectionFields, InspectionRuleError, Observation, Quantity,
)
from veeduria_app.services.audit import changed_fields, json_safe, record_audit, snapshot
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.settings import SettingsService

CHECKLIST_SETTING = "inspections.checklist_template"
SCALAR_FIELDS = (
    "visit_date", "start_time", "end_time", "weather", "observed_progress", "reported_progress",
    "reported_progress_source", "notes",
)


@dataclass(frozen=True)
class AmendmentDTO:
    id: str
    field: str
    field_label: str
    old_value: Any
    new_value: Any
    reason: str
    author: str
    author_name: str
    created_at: dt.datetime

    def to_json(self) -> dict:
        return {"id": self.id, "field": self.field, "old": self.old_value, "new": self.new_value,
                "reason": self.reason, "author": self.author, "author_name": self.author_name,
                "at": self.created_at.isoformat()}


@dataclass(frozen=True)
class InspectionDTO:
    id: str
    work_id: str
    work_name: str
    visit_date: dt.date
    start_time: Optional[str]
    end_time: Optional[str]
    weather: str
    observed_progress: Optional[Decimal]
    reported_progress: Optional[Decimal]
    reported_progress_source: str
    notes: str
    status: str
    closed_at: Optional[dt.datetime]
    closed_by: str
    created_by: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    attendees: tuple[Attendee, ...] = ()
    checklist: tuple[ChecklistAnswer, ...] = ()
    observations: tuple[Observation, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    amendments: tuple[AmendmentDTO, ...] = ()
    photo_count: int = 0
    flagged_photo_count: int = 0

    @property
    def is_closed(self) -> bool:
        return self.status == "cerrada"

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS.get(self.status, self.status)

    def fields(self) -> InspectionFields:
        """Editable values, to pre-fill the form."""
        return InspectionFields(
            visit_date=self.visit_date, start_time=self.start_time, end_time=self.end_time, weather=self.weather,
            observed_progress=self.observed_progress, reported_progress=self.reported_progress,
            reported_progress_source=self.reported_progress_source, notes=self.notes,
            attendees=list(self.attendees), checklist=list(self.checklist),
            observations=list(self.observations), quantities=list(self.quantities),
        )

    def to_json(self) -> dict:
        def num(value: Optional[Decimal]) -> Optional[float]:
            return None if value is None else float(value)

        return {
            "id": self.id, "work_id": self.work_id, "work_name": self.work_name,
            "date": self.visit_date.isoformat(), "start_time": self.start_time, "end_time": self.end_time,
            "weather": self.weather, "observed_progress": num(self.observed_progress),
            "reported_progress": num(self.reported_progress), "reported_progress_source": self.reported_progress_source,
            "notes": self.notes, "status": self.status, "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_by": self.closed_by, "version": self.version,
            "attendees": [vars(a) for a in self.attendees],
            "checklist": [vars(c) for c in self.checklist],
            "observations": [vars(o) for o in self.observations],
            "quantities": [{**vars(q), "quantity": float(q.quantity)} for q in self.quantities],
            "amendments": [a.to_json() for a in self.amendments],
            "photo_count": self.photo_count, "flagged_photo_count": self.flagged_photo_count,
        }


def _amendment_dto(row: InspectionAmendment) -> AmendmentDTO:
    return AmendmentDTO(row.id, row.field, AMENDABLE_FIELDS.get(row.field, row.field), row.old_value,
                        row.new_value, row.reason, row.author, row.author_name, row.created_at)


class InspectionService:
    def __init__(self, db: Database, identity: Identity, settings: SettingsService) -> None:
        self.db = db
        self.identity = identity
        self.settings = settings

    # -- checklist template ---------------------------------------------------------------
    def checklist_template(self) -> list[str]:
        value = self.settings.get(CHECKLIST_SETTING)
        if isinstance(value, list) and value:
            return [str(v) for v in value]
        return list(rules.DEFAULT_CHECKLIST)

    def set_checklist_template(self, labels: list[str]) -> list[str]:
        """Replace the questions new visits start with (existing acts keep theirs)."""
        try:
            clean = rules.clean_template(labels)
        except InspectionRuleError as error:
            raise ValidationError(str(error), field=error.field_name) from None
        self.settings.set(CHECKLIST_SETTING, clean)
        return clean

    # -- commands -------------------------------------------------------------------------
    def create(self, work_id: str, fields: InspectionFields) -> InspectionDTO:
        self.identity.require(Permission.WRITE)
        clean = self._validate(fields)
        if clean.checklist is None:
            clean.checklist = [ChecklistAnswer(label) for label in self.checklist_template()]
        with self.db.transaction() as session:
            work = session.get(Work, work_id)
            if work is None:
                raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
            if work.archived:
                raise ValidationError(f"La obra «{work.name}» está archivada; restáurela antes de registrar visitas.")
            row = Inspection(work_id=work.id, status="abierta", created_by=self.identity.actor.username, closed_by="")
            self._apply(session, row, clean, new=True)
            record_audit(session, self.identity.actor, "create", "inspection", row.id, None,
                         self._snapshot(session, row),
                         f"Visita registrada: {work.name}, {clean.visit_date:%d/%m/%Y}")
            session.flush()
            return self._dto(session, row)

    def update(self, inspection_id: str, fields: InspectionFields, *, expected_version: Optional[int] = None) -> InspectionDTO:
        """Edit an open act; a closed one only accepts amendments."""
        self.identity.require(Permission.WRITE)
        clean = self._validate(fields)
        with self.db.transaction() as session:
            row = self._load(session, inspection_id)
            if row.status == "cerrada":
                raise ValidationError("El acta de esta visita está cerrada: no se puede editar, solo agregar enmiendas.")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError("Otra persona modificó esta visita mientras usted la editaba. "
                                    "Vuelva a abrirla y repita sus cambios.")
            old = self._snapshot(session, row)
            if clean.checklist is None:
                clean.checklist = [ChecklistAnswer(c.label, c.answer, c.comment) for c in self._children(session, row)[1]]
            date_changed = row.visit_date != clean.visit_date
            self._apply(session, row, clean, new=False)
            session.flush()
            before, after = changed_fields(old, self._snapshot(session, row))
            if after:
                record_audit(session, self.identity.actor, "update", "inspection", row.id, before, after,
                             f"Visita modificada ({', '.join(after)})")
            if date_changed:
                from veeduria_app.services.photos import recheck_inspection_photos

                recheck_inspection_photos(session, row.id)
            session.flush()
            return self._dto(session, row)

    def close(self, inspection_id: str) -> InspectionDTO:
        """Lock the act: afterwards it only receives audited amendments."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            row = self._load(session, inspection_id)
            if row.status == "cerrada":
                raise ValidationError(f"El acta ya estaba cerrada desde el {row.closed_at:%d/%m/%Y %H:%M} (UTC).")
            row.status = "cerrada"
            row.closed_at = utcnow()
            row.closed_by = self.identity.actor.username
            record_audit(session, self.identity.actor, "close", "inspection", row.id, {"status": "abierta"},
                         {"status": "cerrada", "closed_at": row.closed_at},
                         f"Acta de visita cerrada ({row.visit_date:%d/%m/%Y})")
            session.flush()
            return self._dto(session, row)

    def amend(self, inspection_id: str, field_name: str, value: Any, reason: str) -> InspectionDTO:
        """Correct or complete a closed act. The old value is kept in the amendment.

        `value` is the new scalar for simple fields; for `checklist` a ChecklistAnswer (matched
        by its label); for `observation`, `attendee` and `quantity` the item to add.
        """
        self.identity.require(Permission.WRITE)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Toda enmienda debe explicar su motivo.", field="reason")
        if field_name not in AMENDABLE_FIELDS:
            raise ValidationError(f"«{field_name}» no se puede enmendar. Campos posibles: {', '.join(AMENDABLE_FIELDS)}.",
                                  field="field")
        with self.db.transaction() as session:
            row = self._load(session, inspection_id)
            if row.status != "cerrada":
                raise ValidationError("El acta aún está abierta: corrija la visita directamente; "
                                      "las enmiendas son para actas cerradas.")
            try:
                old, new = self._amend_value(session, row, field_name, value)
            except InspectionRuleError as error:
                raise ValidationError(str(error), field=error.field_name) from None
            amendment = InspectionAmendment(
                inspection_id=row.id, field=field_name, old_value=json_safe(old), new_value=json_safe(new),
                reason=reason, author=self.identity.actor.username, author_name=self.identity.actor.display_name,
            )
            session.add(amendment)
            row.updated_at = utcnow()
            session.flush()
            record_audit(session, self.identity.actor, "amend", "inspection", row.id,
                         {field_name: old}, {field_name: new, "motivo": reason},
                         f"Enmienda al acta del {row.visit_date:%d/%m/%Y}: {AMENDABLE_FIELDS[field_name]}")
            session.flush()
            return self._dto(session, row)

    # -- queries --------------------------------------------------------------------------
    def get(self, inspection_id: str) -> InspectionDTO:
        with self.db.read() as session:
            return self._dto(session, self._load(session, inspection_id))

    def find(self, text: str) -> InspectionDTO:
        """By id or unambiguous id prefix (CLI convenience)."""
        with self.db.read() as session:
            row = session.get(Inspection, text)
            if row is None and len(text) >= 4:
                matches = session.scalars(select(Inspection).where(Inspection.id.like(f"{text}%")).limit(2)).all()
                row = matches[0] if len(matches) == 1 else None
            if row is None:
                raise NotFoundError(f"No existe una visita con identificador «{text}».")
            return self._dto(session, row)

    def list(self, work_id: str) -> list[InspectionDTO]:
        with self.db.read() as session:
            if session.get(Work, work_id) is None:
                raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
            rows = session.scalars(select(Inspection).where(Inspection.work_id == work_id)
                                   .order_by(Inspection.visit_date.desc(), Inspection.created_at.desc())).all()
            return [self._dto(session, row) for row in rows]

    def latest_observed_progress(self, work_id: str) -> Optional[tuple[dt.date, Decimal]]:
        """Most recent observed physical progress of a work (for the comparison screen)."""
        with self.db.read() as session:
            row = session.scalars(select(Inspection).where(Inspection.work_id == work_id,
                                                          Inspection.observed_progress.is_not(None))
                                  .order_by(Inspection.visit_date.desc()).limit(1)).first()
            return None if row is None else (row.visit_date, row.observed_progress)

    # -- internals ------------------------------------------------------------------------
    def _validate(self, fields: InspectionFields) -> InspectionFields:
        try:
            return rules.validate(fields)
        except InspectionRuleError as error:
            raise ValidationError(str(error), field=error.field_name) from None

    @staticmethod
    def _load(session: Session, inspection_id: str) -> Inspection:
        row = session.get(Inspection, inspection_id)
        if row is None:
            raise NotFoundError(f"No existe una visita con identificador «{inspection_id}».")
        return row

    @staticmethod
    def _children(session: Session, row: Inspection) -> tuple[list, list, list, list]:
        def rows(model: Any) -> list:
            return list(session.scalars(select(model).where(model.inspection_id == row.id).order_by(model.position
                        if hasattr(model, "position") else model.created_at)))
        return rows(InspectionAttendee), rows(InspectionChecklistItem), rows(CommunityObservation), rows(ObservedQuantity)

    def _apply(self, session: Session, row: Inspection, clean: InspectionFields, *, new: bool) -> None:
        for name in SCALAR_FIELDS:
            setattr(row, name, getattr(clean, name))
        if not new:
            row.updated_at = utcnow()  # bumps `version` even when only lists changed (optimistic locking)
        if new:
            session.add(row)
        session.flush()
        if not new:
            for model in (InspectionAttendee, InspectionChecklistItem, CommunityObservation, ObservedQuantity):
                session.execute(delete(model).where(model.inspection_id == row.id))
        for i, person in enumerate(clean.attendees):
            session.add(InspectionAttendee(inspection_id=row.id, kind=person.kind, member_id=person.member_id,
                                           name=person.name, role=person.role, organization=person.organization,
                                           position=i))
        for i, item in enumerate(clean.checklist or []):
            session.add(InspectionChecklistItem(inspection_id=row.id, position=i, label=item.label,
                                                answer=item.answer, comment=item.comment))
        for i, obs in enumerate(clean.observations):
            session.add(CommunityObservation(inspection_id=row.id, position=i, speaker=obs.speaker,
                                             speaker_role=obs.speaker_role, text=obs.text))
        for qty in clean.quantities:
            session.add(ObservedQuantity(inspection_id=row.id, boq_item_id=qty.boq_item_id, item_label=qty.item_label,
                                         unit=qty.unit, quantity=qty.quantity, note=qty.note))
        session.flush()

    def _snapshot(self, session: Session, row: Inspection) -> dict:
        attendees, checklist, observations, quantities = self._children(session, row)
        data = snapshot(row, SCALAR_FIELDS)
        data["attendees"] = [f"{a.name} ({a.kind}{', ' + a.role if a.role else ''})" for a in attendees]
        data["checklist"] = [f"{c.label}: {c.answer or '-'}{' — ' + c.comment if c.comment else ''}" for c in checklist]
        data["observations"] = [f"{o.speaker}: {o.text}" for o in observations]
        data["quantities"] = [f"{q.item_label}: {q.quantity} {q.unit}".strip() for q in quantities]
        return data

    def _amend_value(self, session: Session, row: Inspection, field_name: str, value: Any) -> tuple[Any, Any]:
        if field_name in ("observed_progress", "reported_progress"):
            new = rules.parse_progress(value, field_name, AMENDABLE_FIELDS[field_name])
        elif field_name in ("start_time", "end_time"):
            new = rules.parse_time(value, field_name, AMENDABLE_FIELDS[field_name])
        elif field_name == "reported_progress_source":
            new = str(value or "").strip().lower()
            if new not in rules.PROGRESS_SOURCES:
                raise InspectionRuleError(field_name, f"«{value}» no es una fuente válida del avance informado.")
        elif field_name in ("weather", "notes"):
            new = str(value or "").strip()
        elif field_name == "checklist":
            item = value if isinstance(value, ChecklistAnswer) else ChecklistAnswer(**dict(value))
            cleaned = rules.validate(InspectionFields(visit_date=row.visit_date, checklist=[item])).checklist
            if not cleaned:
                raise InspectionRuleError("checklist", "Indique la pregunta de la lista de chequeo que corrige.")
            item = cleaned[0]
            existing = session.scalars(select(InspectionChecklistItem).where(
                InspectionChecklistItem.inspection_id == row.id, InspectionChecklistItem.label == item.label)).first()
            if existing is None:
                position = session.scalar(select(func.count()).select_from(InspectionChecklistItem)
                                          .where(InspectionChecklistItem.inspection_id == row.id)) or 0
                existing = InspectionChecklistItem(inspection_id=row.id, position=position, label=item.label,
                                                   answer="", comment="")
                session.add(existing)
                old = None
            else:
                old = {"label": existing.label, "answer": existing.answer, "comment": existing.comment}
            existing.answer, existing.comment = item.answer, item.comment
            return old, {"label": item.label, "answer": item.answer, "comment": item.comment}
        else:
            return None, self._amend_append(session, row, field_name, value)
        old = getattr(row, field_name)
        setattr(row, field_name, new)
        return old, new

    def _amend_append(self, session: Session, row: Inspection, field_name: str, value: Any) -> dict:
        """Add an attendee, community observation or observed quantity to a closed act."""
        base = InspectionFields(visit_date=row.visit_date)
        if field_name == "observation":
            item = value if isinstance(value, Observation) else Observation(**dict(value))
            base.observations = [item]
            cleaned = rules.validate(base).observations
            if not cleaned:
                raise InspectionRuleError("observation", "La observación está vacía.")
            obs = cleaned[0]
            position = len(self._children(session, row)[2])
            session.add(CommunityObservation(inspection_id=row.id, position=position, speaker=obs.speaker,
                                             speaker_role=obs.speaker_role, text=obs.text))
            return vars(obs)
        if field_name == "attendee":
            item = value if isinstance(value, Attendee) else Attendee(**dict(value))
            base.attendees = [item]
            cleaned = rules.validate(base).attendees
            if not cleaned:
                raise InspectionRuleError("attendee", "Indique el nombre del asistente.")
            person = cleaned[0]
            position = len(self._children(session, row)[0])
            session.add(InspectionAttendee(inspection_id=row.id, kind=person.kind, member_id=person.member_id,
                                           name=person.name, role=person.role, organization=person.organization,
                                           position=position))
            return vars(person)
        item = value if isinstance(value, Quantity) else Quantity(**dict(value))
        base.quantities = [item]
        qty = rules.validate(base).quantities[0]
        session.add(ObservedQuantity(inspection_id=row.id, boq_item_id=qty.boq_item_id, item_label=qty.item_label,
                                     unit=qty.unit, quantity=qty.quantity, note=qty.note))
        return {**vars(qty), "quantity": str(qty.quantity)}

    def _dto(self, session: Session, row: Inspection) -> InspectionDTO:
        attendees, checklist, observations, quantities = self._children(session, row)
        amendments = session.scalars(select(InspectionAmendment).where(InspectionAmendment.inspection_id == row.id)
                                     .order_by(InspectionAmendment.created_at)).all()
        photos = session.scalars(select(InspectionPhoto.flags).where(InspectionPhoto.inspection_id == row.id)).all()
        work = session.get(Work, row.work_id)
        return InspectionDTO(
            id=row.id, work_id=row.work_id, work_name=work.name if work else "", visit_date=row.visit_date,
            start_time=row.start_time, end_time=row.end_time, weather=row.weather,
            observed_progress=row.observed_progress, reported_progress=row.reported_progress,
            reported_progress_source=row.reported_progress_source, notes=row.notes, status=row.status,
            closed_at=row.closed_at, closed_by=row.closed_by, created_by=row.created_by, version=row.version,
            created_at=row.created_at, updated_at=row.updated_at,
            attendees=tuple(Attendee(a.kind, a.name, a.role, a.organization, a.member_id) for a in attendees),
            checklist=tuple(ChecklistAnswer(c.label, c.answer, c.comment) for c in checklist),
            observations=tuple(Observation(o.speaker, o.text, o.speaker_role) for o in observations),
            quantities=tuple(Quantity(q.item_label, q.quantity, q.unit, q.boq_item_id, q.note) for q in quantities),
            amendments=tuple(_amendment_dto(a) for a in amendments),
            photo_count=len(photos), flagged_photo_count=sum(1 for f in photos if f),
        )
