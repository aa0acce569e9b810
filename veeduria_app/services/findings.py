"""Findings (hallazgos): write, link evidence, move through their status, all audited.

A finding may start from an alert: the draft carries the alert's message as condition, its
basis as criterion and its figures, and links the alert (and, for photo alerts, the photos).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veeduria_app.db.engine import Database
from veeduria_app.db.models.analysis import Finding, FindingLink
from veeduria_app.db.models.foundation import Work
from veeduria_app.domain import findings as F
from veeduria_app.domain.alerts import PHOTO_CODES
from veeduria_app.domain.findings import FindingFields, FindingRuleError
from veeduria_app.services.audit import already_holds, changed_fields, record_audit, snapshot
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission

if TYPE_CHECKING:
    from veeduria_app.services.analysis import AnalysisService

EDITABLE = ("title", "condition", "criterion", "cause", "effect", "nature", "recommendation", "found_on")
AUDITED = EDITABLE + ("status", "communicated_on", "answered_on", "closed_on", "archived")


@dataclass(frozen=True)
class FindingLinkDTO:
    id: str
    kind: str
    target: str
    label: str
    note: str

    @property
    def kind_label(self) -> str:
        return F.LINK_KINDS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FindingDTO:
    id: str
    work_id: str
    work_name: str
    number: int
    title: str
    condition: str
    criterion: str
    cause: str
    effect: str
    nature: str
    recommendation: str
    status: str
    found_on: dt.date
    communicated_on: Optional[dt.date]
    answered_on: Optional[dt.date]
    closed_on: Optional[dt.date]
    source_alert_code: Optional[str]
    source_alert_data: Optional[dict]
    links: tuple[FindingLinkDTO, ...]
    archived: bool
    version: int
    created_by: str

    @property
    def code(self) -> str:
        return f"H-{self.number:02d}"

    @property
    def nature_label(self) -> str:
        return F.NATURES.get(self.nature, self.nature)

    @property
    def status_label(self) -> str:
        return F.STATUSES.get(self.status, self.status)

    def fields(self) -> FindingFields:
        return FindingFields(**{name: getattr(self, name) for name in EDITABLE})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("found_on", "communicated_on", "answered_on", "closed_on"):
            data[key] = data[key].isoformat() if data[key] else None
        data["links"] = [link.to_json() for link in self.links]
        data.update(code=self.code, nature_label=self.nature_label, status_label=self.status_label)
        return data


def _to_dto(finding: Finding, work_name: str, links: list[FindingLink]) -> FindingDTO:
    return FindingDTO(
        id=finding.id, work_id=finding.work_id, work_name=work_name, number=finding.number,
        title=finding.title, condition=finding.condition, criterion=finding.criterion,
        cause=finding.cause, effect=finding.effect, nature=finding.nature,
        recommendation=finding.recommendation, status=finding.status, found_on=finding.found_on,
        communicated_on=finding.communicated_on, answered_on=finding.answered_on,
        closed_on=finding.closed_on, source_alert_code=finding.source_alert_code,
        source_alert_data=finding.source_alert_data,
        links=tuple(FindingLinkDTO(l.id, l.kind, l.target, l.label, l.note) for l in links),
        archived=finding.archived, version=finding.version, created_by=finding.created_by,
    )


def _rule(error: FindingRuleError) -> ValidationError:
    return ValidationError(str(error), field=error.field_name)


class FindingService:
    def __init__(self, db: Database, identity: Identity, analysis: "AnalysisService") -> None:
        self.db = db
        self.identity = identity
        self.analysis = analysis

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()

    # -- commands -------------------------------------------------------------------------
    def create(self, work_id: str, fields: FindingFields, *, links: tuple[tuple[str, str, str], ...] = (),
               alert_code: Optional[str] = None, alert_data: Optional[dict] = None) -> FindingDTO:
        """New finding in «borrador»; `links` are (kind, target, label)."""
        self.identity.require(Permission.WRITE)
        try:
            clean = F.validate_fields(fields, self.today())
        except FindingRuleError as error:
            raise _rule(error) from None
        for kind, target, _label in links:
            self._check_link(kind, target)
        with self.db.transaction() as session:
            work = self._work(session, work_id)
            number = (session.scalar(select(func.max(Finding.number)).where(Finding.work_id == work.id)) or 0) + 1
            finding = Finding(work_id=work.id, number=number, status="borrador", archived=False,
                              source_alert_code=alert_code, source_alert_data=alert_data,
                              created_by=self.identity.actor.username,
                              **{name: getattr(clean, name) for name in EDITABLE})
            session.add(finding)
            session.flush()
            for kind, target, label in links:
                session.add(FindingLink(finding_id=finding.id, kind=kind, target=target, label=label, note=""))
            record_audit(session, self.identity.actor, "create", "finding", finding.id, None,
                         {**snapshot(finding, AUDITED), "links": [list(l) for l in links]},
                         f"Hallazgo H-{number:02d} registrado en «{work.name}»: {clean.title}")
            session.flush()
            return self._dto(session, finding)

    def create_from_alert(self, work_id: str, code: str, *, title: Optional[str] = None,
                          as_of: Optional[dt.date] = None) -> FindingDTO:
        """One click: the work's current alert `code` becomes a draft finding with its figures."""
        code = (code or "").strip().upper()
        alert = next((a for a in self.analysis.alerts(work_id, as_of=as_of, include_reviewed=True)
                      if a.code == code), None)
        if alert is None:
            raise ValidationError(f"La obra no tiene la alerta «{code}» a la fecha; no se creó el hallazgo.",
                                  field="alert")
        draft = F.draft_from_alert(alert.alert, self.today())
        if title:
            draft.fields.title = title
        links: list[tuple[str, str, str]] = [("alerta", alert.code, alert.title)]
        if alert.code in PHOTO_CODES:
            names = alert.data.get("filenames") or []
            for index, photo_id in enumerate(alert.data.get("photo_ids") or []):
                label = names[index] if index < len(names) and names[index] else photo_id
                links.append(("foto", str(photo_id), str(label)))
        return self.create(work_id, draft.fields, links=tuple(links), alert_code=alert.code,
                           alert_data=draft.alert_data)

    def update(self, finding_id: str, fields: FindingFields, *, expected_version: Optional[int] = None) -> FindingDTO:
        self.identity.require(Permission.WRITE)
        try:
            clean = F.validate_fields(fields, self.today())
        except FindingRuleError as error:
            raise _rule(error) from None
        with self.db.transaction() as session:
            finding = self._load(session, finding_id)
            if expected_version is not None and finding.version != expected_version \
                    and not already_holds(finding, {name: getattr(clean, name) for name in EDITABLE}):
                raise ConflictError("Otra persona modificó este hallazgo mientras usted lo editaba. "
                                    "Vuelva a abrirlo y guarde de nuevo.",
                                    mine=asdict(clean), theirs=snapshot(finding, EDITABLE))
            if finding.status == "cerrado":
                raise ValidationError("El hallazgo está cerrado y ya no se puede modificar.", field="status")
            old = snapshot(finding, AUDITED)
            for name in EDITABLE:
                setattr(finding, name, getattr(clean, name))
            before, after = changed_fields(old, snapshot(finding, AUDITED))
            if after:
                session.flush()
                record_audit(session, self.identity.actor, "update", "finding", finding.id, before, after,
                             f"Hallazgo H-{finding.number:02d} modificado ({', '.join(after)})")
            return self._dto(session, finding)

    def set_status(self, finding_id: str, status: str, *, on: Optional[dt.date] = None) -> FindingDTO:
        """Move forward (comunicado → con respuesta → cerrado), recording the date of each step."""
        self.identity.require(Permission.WRITE)
        try:
            target = F.normalize_status(status)
        except FindingRuleError as error:
            raise _rule(error) from None
        day = on or self.today()
        with self.db.transaction() as session:
            finding = self._load(session, finding_id)
            previous = [finding.communicated_on, finding.answered_on, finding.closed_on]
            try:
                F.check_transition(finding.status, target, day, finding.found_on, previous, self.today())
            except FindingRuleError as error:
                raise _rule(error) from None
            old = snapshot(finding, AUDITED)
            finding.status = target
            setattr(finding, F.STATUS_DATE_FIELD[target], day)
            before, after = changed_fields(old, snapshot(finding, AUDITED))
            session.flush()
            record_audit(session, self.identity.actor, "status", "finding", finding.id, before, after,
                         f"Hallazgo H-{finding.number:02d}: {F.STATUSES[target]} el {day.strftime('%d/%m/%Y')}")
            return self._dto(session, finding)

    def add_link(self, finding_id: str, kind: str, target: str, label: str = "", note: str = "") -> FindingDTO:
        self.identity.require(Permission.WRITE)
        self._check_link(kind, target)
        with self.db.transaction() as session:
            finding = self._load(session, finding_id)
            exists = session.scalar(select(FindingLink).where(
                FindingLink.finding_id == finding.id, FindingLink.kind == kind, FindingLink.target == target))
            if exists is None:
                link = FindingLink(finding_id=finding.id, kind=kind, target=target.strip(),
                                   label=(label or target).strip()[:300], note=note.strip())
                session.add(link)
                session.flush()
                record_audit(session, self.identity.actor, "link", "finding", finding.id, None,
                             {"kind": kind, "target": target, "label": link.label},
                             f"Evidencia vinculada al hallazgo H-{finding.number:02d}: {link.label}")
            return self._dto(session, finding)

    def remove_link(self, finding_id: str, link_id: str) -> FindingDTO:
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            finding = self._load(session, finding_id)
            link = session.get(FindingLink, link_id)
            if link is None or link.finding_id != finding.id:
                raise NotFoundError("Esa evidencia no está vinculada a este hallazgo.")
            record_audit(session, self.identity.actor, "unlink", "finding", finding.id,
                         {"kind": link.kind, "target": link.target, "label": link.label}, None,
                         f"Evidencia desvinculada del hallazgo H-{finding.number:02d}: {link.label}")
            session.delete(link)
            session.flush()
            return self._dto(session, finding)

    def archive(self, finding_id: str) -> FindingDTO:
        """Hide a finding from lists and reports; nothing is deleted."""
        self.identity.require(Permission.ARCHIVE)
        with self.db.transaction() as session:
            finding = self._load(session, finding_id)
            if not finding.archived:
                finding.archived = True
                session.flush()
                record_audit(session, self.identity.actor, "archive", "finding", finding.id,
                             {"archived": False}, {"archived": True},
                             f"Hallazgo H-{finding.number:02d} archivado")
            return self._dto(session, finding)

    # -- queries --------------------------------------------------------------------------
    def get(self, finding_id: str) -> FindingDTO:
        with self.db.read() as session:
            return self._dto(session, self._load(session, finding_id))

    def list(self, work_id: Optional[str] = None, *, status: Optional[str] = None,
             include_archived: bool = False, source_alert_code: Optional[str] = None) -> list[FindingDTO]:
        query = select(Finding, Work.name).join(Work, Work.id == Finding.work_id)
        if work_id:
            query = query.where(Finding.work_id == work_id)
        if status:
            query = query.where(Finding.status == status)
        if source_alert_code:
            query = query.where(Finding.source_alert_code == source_alert_code.strip().upper())
        if not include_archived:
            query = query.where(Finding.archived.is_(False))
        query = query.order_by(Work.name, Finding.number)
        with self.db.read() as session:
            if work_id and session.get(Work, work_id) is None:
                raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
            rows = session.execute(query).all()
            ids = [f.id for f, _ in rows]
            links: dict[str, list[FindingLink]] = {i: [] for i in ids}
            if ids:
                for link in session.scalars(select(FindingLink).where(FindingLink.finding_id.in_(ids))
                                            .order_by(FindingLink.created_at)):
                    links[link.finding_id].append(link)
            return [_to_dto(f, name, links[f.id]) for f, name in rows]

    def from_alert(self, work_id: str, code: str) -> list[FindingDTO]:
        """The work's findings (not archived) already made from alert `code`, oldest first: a second
        one from the same alert is usually a slip, so the GUI asks before `create_from_alert`."""
        if not (code or "").strip():
            return []
        return self.list(work_id, source_alert_code=code)

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def _check_link(kind: str, target: str) -> None:
        if kind not in F.LINK_KINDS:
            raise ValidationError(f"Tipo de evidencia «{kind}» no válido. Opciones: {', '.join(F.LINK_KINDS)}.",
                                  field="kind")
        if not (target or "").strip():
            raise ValidationError("Indique qué evidencia se vincula (foto, alerta, documento o visita).",
                                  field="target")
        if len(target) > 300:
            raise ValidationError("La referencia de la evidencia no puede pasar de 300 caracteres.", field="target")

    @staticmethod
    def _work(session: Session, work_id: str) -> Work:
        work = session.get(Work, work_id)
        if work is None:
            raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
        return work

    @staticmethod
    def _load(session: Session, finding_id: str) -> Finding:
        finding = session.get(Finding, finding_id)
        if finding is None:
            raise NotFoundError(f"No existe un hallazgo con identificador «{finding_id}».")
        return finding

    @staticmethod
    def _dto(session: Session, finding: Finding) -> FindingDTO:
        work = session.get(Work, finding.work_id)
        links = list(session.scalars(select(FindingLink).where(FindingLink.finding_id == finding.id)
                                     .order_by(FindingLink.created_at)))
        return _to_dto(finding, work.name if work else "", links)
