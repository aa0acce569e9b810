"""Works registry: create, edit, archive and restore watched works, all audited."""
from __future__ import annotations

from dataclasses import asdict
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import Work
from veeduria_app.domain.territory import coordinate_warning
from veeduria_app.domain.works import WorkFields, WorkRuleError, validate_basic
from veeduria_app.services.audit import already_holds, changed_fields, record_audit, snapshot
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.territory import TerritoryService
from veeduria_app.services.works_dto import WORK_DTO_FIELDS, WorkDTO, WorkFilter, make_work_dto

AUDITED_FIELDS = (
    "name", "type", "entity", "description", "bpin", "plan_programme", "population_served",
    "population_groups", "localidad", "ucg", "barrio", "address", "lat", "lon", "status", "radius_m",
)


def to_dto(work: Work, warnings: tuple[str, ...] = ()) -> WorkDTO:
    return make_work_dto({name: getattr(work, name) for name in WORK_DTO_FIELDS}, warnings)


class WorkService:
    def __init__(self, db: Database, identity: Identity, territory: TerritoryService) -> None:
        self.db = db
        self.identity = identity
        self.territory = territory

    # -- validation -----------------------------------------------------------------------
    def validate(self, fields: WorkFields) -> tuple[WorkFields, tuple[str, ...]]:
        """Clean values plus warnings; raises ValidationError naming the field."""
        try:
            clean = validate_basic(fields)
        except WorkRuleError as error:
            raise ValidationError(str(error), field=error.field_name) from None
        territory = self.territory.get()
        if not clean.localidad:
            raise ValidationError("La localidad es obligatoria.", field="localidad")
        resolved = territory.resolve_localidad(clean.localidad)
        if resolved is None:
            options = "; ".join(territory.localidad_names)
            raise ValidationError(f"La localidad «{clean.localidad}» no existe. Opciones: {options}.", field="localidad")
        clean.localidad = resolved
        ucgs = territory.ucgs_for(resolved)
        if clean.ucg and ucgs:  # «6», «ucg 6», a rural area in any case: as the lists write it
            match = territory.resolve_ucg(clean.ucg, resolved)
            if match is None:
                raise ValidationError(
                    f"La UCG «{clean.ucg}» no pertenece a {resolved}. Opciones: {', '.join(ucgs)}.", field="ucg")
            clean.ucg = match
        warnings = tuple(w for w in [coordinate_warning(clean.lat, clean.lon)] if w)
        return clean, warnings

    # -- commands -------------------------------------------------------------------------
    def create(self, fields: WorkFields, *, work_id: Optional[str] = None) -> WorkDTO:
        self.identity.require(Permission.WRITE)
        clean, warnings = self.validate(fields)
        with self.db.transaction() as session:
            work = Work(created_by=self.identity.actor.username, archived=False,
                        **{name: getattr(clean, name) for name in AUDITED_FIELDS})
            if work_id:
                work.id = work_id
            session.add(work)
            session.flush()
            record_audit(session, self.identity.actor, "create", "work", work.id, None,
                         snapshot(work, AUDITED_FIELDS), f"Obra registrada: {work.name}")
            return to_dto(work, warnings)

    def update(self, work_id: str, fields: WorkFields, *, expected_version: Optional[int] = None) -> WorkDTO:
        self.identity.require(Permission.WRITE)
        clean, warnings = self.validate(fields)
        with self.db.transaction() as session:
            work = self._load(session, work_id)
            if expected_version is not None and work.version != expected_version \
                    and not already_holds(work, {name: getattr(clean, name) for name in AUDITED_FIELDS}):
                theirs = snapshot(work, AUDITED_FIELDS)
                raise ConflictError(
                    "Otra persona modificó esta obra mientras usted la editaba. Revise ambas versiones "
                    "y vuelva a guardar.", mine=asdict(clean), theirs=theirs)
            old = snapshot(work, AUDITED_FIELDS)
            for name in AUDITED_FIELDS:
                setattr(work, name, getattr(clean, name))
            new = snapshot(work, AUDITED_FIELDS)
            before, after = changed_fields(old, new)
            if after:
                record_audit(session, self.identity.actor, "update", "work", work.id, before, after,
                             f"Obra modificada: {work.name} ({', '.join(after)})")
            session.flush()
            return to_dto(work, warnings)

    def archive(self, work_id: str) -> WorkDTO:
        """Hide a work from the lists; nothing is deleted and it can be restored."""
        self.identity.require(Permission.ARCHIVE)
        return self._set_archived(work_id, True)

    def restore(self, work_id: str) -> WorkDTO:
        self.identity.require(Permission.ARCHIVE)
        return self._set_archived(work_id, False)

    def _set_archived(self, work_id: str, archived: bool) -> WorkDTO:
        with self.db.transaction() as session:
            work = self._load(session, work_id)
            if work.archived == archived:
                return to_dto(work)
            work.archived = archived
            work.archived_at = utcnow() if archived else None
            record_audit(session, self.identity.actor, "archive" if archived else "restore", "work", work.id,
                         {"archived": not archived}, {"archived": archived},
                         f"Obra {'archivada' if archived else 'restaurada'}: {work.name}")
            session.flush()
            return to_dto(work)

    # -- queries --------------------------------------------------------------------------
    def get(self, work_id: str) -> WorkDTO:
        with self.db.read() as session:
            return to_dto(self._load(session, work_id))

    def find(self, text: str) -> WorkDTO:
        """A work by id, or by an unambiguous id prefix (handy in the CLI)."""
        with self.db.read() as session:
            work = session.get(Work, text)
            if work is None and len(text) >= 4:
                matches = session.scalars(select(Work).where(Work.id.like(f"{text}%")).limit(2)).all()
                if len(matches) == 1:
                    work = matches[0]
            if work is None:
                raise NotFoundError(f"No existe una obra con identificador «{text}».")
            return to_dto(work)

    def list(self, flt: WorkFilter = WorkFilter()) -> list[WorkDTO]:
        query = select(Work)
        if not flt.include_archived:
            query = query.where(Work.archived.is_(False))
        for column, value in ((Work.localidad, flt.localidad), (Work.ucg, flt.ucg),
                              (Work.type, flt.type), (Work.status, flt.status)):
            if value:
                query = query.where(column == value)
        if flt.text:
            like = f"%{flt.text.strip()}%"
            query = query.where(Work.name.ilike(like) | Work.barrio.ilike(like) | Work.address.ilike(like)
                                | Work.entity.ilike(like) | Work.bpin.ilike(like))
        query = query.order_by(Work.localidad, Work.name)
        with self.db.read() as session:
            return [to_dto(w) for w in session.scalars(query)]

    def count(self) -> int:
        from sqlalchemy import func

        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Work)) or 0

    @staticmethod
    def _load(session: Session, work_id: str) -> Work:
        work = session.get(Work, work_id)
        if work is None:
            raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
        return work

    @staticmethod
    def fields_from(dto: WorkDTO) -> WorkFields:
        """The editable fields of an existing work (to pre-fill a form)."""
        return WorkFields(**{name: getattr(dto, name) for name in AUDITED_FIELDS})
