"""Contract against observation: progress, S-curve, alerts, reviews and the dashboard.

Alerts are computed on every call from the stored contracts, payments, visits and photo
checks, so they follow their data without any cache to invalidate. A review (audited) hides
one alert while its figures keep the same fingerprint.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from veeduria_app.db.engine import Database
from veeduria_app.db.models.analysis import AlertReview
from veeduria_app.db.models.foundation import Work
from veeduria_app.domain import alerts as A
from veeduria_app.domain import progress as P
from veeduria_app.domain.smmlv import SETTINGS_KEY as SMMLV_KEY
from veeduria_app.domain.smmlv import SmmlvTable, parse_entry
from veeduria_app.domain.works import WORK_STATUSES
from veeduria_app.services import analysis_facts
from veeduria_app.services.audit import record_audit
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report
from veeduria_app.services.settings import SettingsService


BATCH = 400
"""Works whose facts are read together (a handful of queries per batch, not per work)."""


def _num(value: Optional[Decimal]) -> Optional[float | int]:
    return A.json_ready(value) if value is not None else None


@dataclass(frozen=True)
class ProgressDTO:
    """The comparison table of one work at one date."""

    work_id: str
    work_name: str
    snapshot: P.ProgressSnapshot
    contract_number: str = ""

    def to_json(self) -> dict[str, Any]:
        s = self.snapshot
        return {
            "work_id": self.work_id,
            "work_name": self.work_name,
            "as_of": s.as_of.isoformat(),
            "contract_number": self.contract_number or None,
            "time_pct": _num(s.time_pct),
            "financial_pct": _num(s.financial_pct),
            "physical_pct": _num(s.physical_pct),
            "reported_pct": _num(s.reported_pct),
            "planned_pct": _num(s.planned_pct),
            "current_value": _num(s.current_value),
            "paid_value": _num(s.paid_value),
            "current_end_date": s.current_end_date.isoformat() if s.current_end_date else None,
            "initial_value": _num(s.initial_value),
            "additions_value": _num(s.additions_value),
            "paid_work_value": _num(s.paid_work_value),
            "advance_value": _num(s.advance_value),
            "advance_pct": _num(s.advance_pct),
            "paid_pct": _num(s.paid_pct),
            "physical_method": s.physical_method,
            "physical_date": s.physical_date.isoformat() if s.physical_date else None,
            "reported_date": s.reported_date.isoformat() if s.reported_date else None,
            "reported_source": s.reported_source,
            "planned_method": s.planned_method,
            "start_date": s.start_date.isoformat() if s.start_date else None,
            "initial_end_date": s.initial_end_date.isoformat() if s.initial_end_date else None,
            "initial_term_days": s.initial_term_days,
            "current_term_days": s.current_term_days,
            "extension_days": s.extension_days,
            "suspended_days": s.suspended_days,
            "suspended_now": s.suspended_now,
            "days_overdue": s.days_overdue,
        }


@dataclass(frozen=True)
class AlertDTO:
    alert: A.Alert
    work_name: str
    fingerprint: str
    reviewed: bool = False
    review_reason: str = ""
    reviewed_by: str = ""
    reviewed_at: Optional[dt.datetime] = None

    code = property(lambda self: self.alert.code)
    severity = property(lambda self: self.alert.severity)
    work_id = property(lambda self: self.alert.work_id)
    title = property(lambda self: self.alert.title)
    message = property(lambda self: self.alert.message)
    basis = property(lambda self: self.alert.basis)

    @property
    def data(self) -> dict[str, Any]:
        return self.alert.json_data()

    @property
    def severity_label(self) -> str:
        return A.SEVERITY_LABELS[self.severity]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "work_id": self.work_id,
            "message": self.message, "basis": self.basis, "data": self.data,
            "title": self.title, "work_name": self.work_name, "reviewed": self.reviewed,
            "review_reason": self.review_reason or None,
        }


@dataclass(frozen=True)
class ReviewDTO:
    id: str
    work_id: str
    code: str
    reason: str
    reviewed_by: str
    reviewed_at: dt.datetime
    fingerprint: str


@dataclass(frozen=True)
class ComparisonDTO:
    """Everything the comparison screen shows for one work."""

    progress: ProgressDTO
    curve: P.SCurve
    timeline: tuple[P.TimelineEvent, ...]
    alerts: tuple[AlertDTO, ...]
    reviewed: tuple[AlertDTO, ...]


@dataclass(frozen=True)
class DashboardRow:
    work_id: str
    name: str
    localidad: str
    ucg: str
    barrio: str
    status: str
    status_label: str
    light: str
    counts: dict[str, int] = field(default_factory=dict)
    codes: tuple[str, ...] = ()
    physical_pct: Optional[Decimal] = None
    financial_pct: Optional[Decimal] = None
    alerts: tuple[AlertDTO, ...] = ()

    @property
    def light_label(self) -> str:
        return A.LIGHT_LABELS[self.light]

    def to_json(self) -> dict[str, Any]:
        return {
            "work_id": self.work_id, "name": self.name, "localidad": self.localidad, "ucg": self.ucg,
            "status": self.status, "light": self.light, "alta": self.counts.get(A.ALTA, 0),
            "media": self.counts.get(A.MEDIA, 0), "baja": self.counts.get(A.BAJA, 0),
            "codes": list(self.codes), "physical_pct": _num(self.physical_pct),
            "financial_pct": _num(self.financial_pct),
        }


class AnalysisService:
    def __init__(self, db: Database, identity: Identity, settings: SettingsService) -> None:
        self.db = db
        self.identity = identity
        self.settings = settings

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()

    # -- settings ---------------------------------------------------------------------------
    def thresholds(self) -> A.AlertThresholds:
        try:
            return A.AlertThresholds.from_settings(self.settings.get(A.AlertThresholds.SETTINGS_KEY, {}))
        except ValueError:
            return A.AlertThresholds()  # a damaged setting must not hide every alert

    def set_thresholds(self, values: dict[str, Any]) -> A.AlertThresholds:
        """Change some thresholds (administrators only; audited by the settings service)."""
        try:
            merged = A.AlertThresholds.from_settings({**self.thresholds().as_settings(), **values})
        except ValueError as error:
            raise ValidationError(str(error), field="thresholds") from None
        self.settings.set(A.AlertThresholds.SETTINGS_KEY, merged.as_settings(), permission=Permission.ADMIN)
        return merged

    def smmlv_table(self) -> SmmlvTable:
        try:
            return SmmlvTable().with_overrides(self.settings.get(SMMLV_KEY, {}))
        except ValueError:
            return SmmlvTable()

    def set_smmlv(self, year: object, value: object) -> SmmlvTable:
        """Add or correct one year's minimum wage (a new decree every December)."""
        try:
            clean_year, clean_value = parse_entry(year, value)
        except ValueError as error:
            raise ValidationError(str(error), field="smmlv") from None
        overrides = dict(self.settings.get(SMMLV_KEY, {}) or {})
        overrides[str(clean_year)] = format(clean_value, "f")
        self.settings.set(SMMLV_KEY, overrides, permission=Permission.ADMIN)
        return self.smmlv_table()

    # -- progress ---------------------------------------------------------------------------
    def progress(self, work_id: str, as_of: Optional[dt.date] = None) -> ProgressDTO:
        day = as_of or self.today()
        with self.db.read() as session:
            work = self._work(session, work_id)
            bundle = analysis_facts.load(session, work)
            return ProgressDTO(work.id, work.name, P.progress_at(bundle.facts, day), bundle.contract_number)

    def comparison(self, work_id: str, as_of: Optional[dt.date] = None) -> ComparisonDTO:
        day = as_of or self.today()
        with self.db.read() as session:
            work = self._work(session, work_id)
            bundle = analysis_facts.load(session, work)
            reviews = self._reviews(session, [work.id])
            snap = P.progress_at(bundle.facts, day)
            found = self._evaluate(work, bundle, day, snap)
            work_id, work_name = work.id, work.name
        dtos = [self._with_review(a, work_name, reviews) for a in found]
        return ComparisonDTO(
            progress=ProgressDTO(work_id, work_name, snap, bundle.contract_number),
            curve=P.s_curve(bundle.facts, day),
            timeline=P.timeline(bundle.facts, day),
            alerts=tuple(a for a in dtos if not a.reviewed),
            reviewed=tuple(a for a in dtos if a.reviewed),
        )

    # -- alerts -----------------------------------------------------------------------------
    def alerts(self, work_id: Optional[str] = None, *, as_of: Optional[dt.date] = None,
               include_reviewed: bool = False, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> list[AlertDTO]:
        """Alerts of one work, or of every active work, as of a date (today by default)."""
        day = as_of or self.today()
        out: list[AlertDTO] = []
        with self.db.read() as session:
            if work_id:
                works = [self._work(session, work_id)]
            else:
                works = list(session.scalars(select(Work).where(Work.archived.is_(False)).order_by(Work.name)))
            reviews = self._reviews(session, [w.id for w in works])
            rules = self._rules()
            for work, bundle in _with_facts(session, works, progress, cancel):
                for alert in self._evaluate(work, bundle, day, rules=rules):
                    dto = self._with_review(alert, work.name, reviews)
                    if include_reviewed or not dto.reviewed:
                        out.append(dto)
        report(progress, len(out), len(out), "")
        return out

    def review_alert(self, work_id: str, code: str, reason: str, *, as_of: Optional[dt.date] = None) -> ReviewDTO:
        """Mark the alert as reviewed with a reason; it stays hidden until its figures change."""
        self.identity.require(Permission.WRITE)
        code = (code or "").strip().upper()
        reason = " ".join((reason or "").split())
        if len(reason) < 5:
            raise ValidationError("Escriba el motivo de la revisión (al menos 5 caracteres).", field="reason")
        day = as_of or self.today()
        with self.db.transaction() as session:
            work = self._work(session, work_id)
            bundle = analysis_facts.load(session, work)
            alert = next((a for a in self._evaluate(work, bundle, day) if a.code == code), None)
            if alert is None:
                raise ValidationError(f"La obra «{work.name}» no tiene la alerta «{code}» a la fecha.", field="code")
            review = AlertReview(work_id=work.id, code=code, fingerprint=alert.fingerprint, reason=reason,
                                 figures=alert.json_data(), reviewed_by=self.identity.actor.username,
                                 withdrawn=False)
            session.add(review)
            session.flush()
            record_audit(session, self.identity.actor, "review", "alert", f"{work.id}:{code}", None,
                         {"code": code, "reason": reason, "figures": alert.json_data()},
                         f"Alerta {code} marcada como revisada en «{work.name}»: {reason}")
            return ReviewDTO(review.id, work.id, code, reason, review.reviewed_by, review.reviewed_at,
                             review.fingerprint)

    def reopen_alert(self, work_id: str, code: str) -> None:
        """Withdraw the reviews of an alert so it shows again (audited)."""
        self.identity.require(Permission.WRITE)
        code = (code or "").strip().upper()
        with self.db.transaction() as session:
            work = self._work(session, work_id)
            rows = list(session.scalars(select(AlertReview).where(
                AlertReview.work_id == work.id, AlertReview.code == code, AlertReview.withdrawn.is_(False))))
            if not rows:
                raise ValidationError(f"La alerta «{code}» no está marcada como revisada.", field="code")
            for row in rows:
                row.withdrawn = True
            session.flush()
            record_audit(session, self.identity.actor, "reopen", "alert", f"{work.id}:{code}",
                         {"reviewed": True}, {"reviewed": False},
                         f"Alerta {code} vuelve a mostrarse en «{work.name}»")

    # -- dashboard --------------------------------------------------------------------------
    def dashboard(self, *, as_of: Optional[dt.date] = None, localidad: str = "", ucg: str = "",
                  status: str = "", progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None) -> list[DashboardRow]:
        """Every active work with its traffic light and alert counts (reviewed ones excluded)."""
        day = as_of or self.today()
        query = select(Work).where(Work.archived.is_(False))
        for column, value in ((Work.localidad, localidad), (Work.ucg, ucg), (Work.status, status)):
            if value:
                query = query.where(column == value)
        rows: list[DashboardRow] = []
        with self.db.read() as session:
            works = list(session.scalars(query.order_by(Work.localidad, Work.name)))
            reviews = self._reviews(session, [w.id for w in works])
            rules = self._rules()
            for work, bundle in _with_facts(session, works, progress, cancel):
                snap = P.progress_at(bundle.facts, day)
                active = [dto for dto in (self._with_review(a, work.name, reviews)
                                          for a in self._evaluate(work, bundle, day, snap, rules=rules))
                          if not dto.reviewed]
                rows.append(DashboardRow(
                    work_id=work.id, name=work.name, localidad=work.localidad, ucg=work.ucg,
                    barrio=work.barrio, status=work.status,
                    status_label=WORK_STATUSES.get(work.status, work.status),
                    light=A.traffic_light([a.alert for a in active]),
                    counts=A.count_by_severity([a.alert for a in active]),
                    codes=tuple(a.code for a in active), physical_pct=snap.physical_pct,
                    financial_pct=snap.financial_pct, alerts=tuple(active)))
        report(progress, len(rows), len(rows), "")
        return rows

    # -- helpers ----------------------------------------------------------------------------
    def _rules(self) -> tuple[A.AlertThresholds, SmmlvTable]:
        """Thresholds and minimum wages, read once per request."""
        return self.thresholds(), self.smmlv_table()

    def _evaluate(self, work: Work, bundle: "analysis_facts.FactsBundle", day: dt.date,
                  snap: Optional[P.ProgressSnapshot] = None,
                  rules: Optional[tuple[A.AlertThresholds, SmmlvTable]] = None) -> list[A.Alert]:
        thresholds, smmlv = rules or self._rules()
        return A.evaluate(work.id, bundle.facts, day, thresholds=thresholds, smmlv=smmlv,
                          work_status=work.status, registered_on=work.created_at.date(),
                          photo_flags=bundle.photo_flags, snapshot=snap)

    @staticmethod
    def _reviews(session: Session, work_ids: list[str]) -> dict[tuple[str, str], ReviewDTO]:
        """Latest standing review per (work, code), as plain values."""
        if not work_ids:
            return {}
        latest: dict[tuple[str, str], ReviewDTO] = {}
        query = select(AlertReview).where(AlertReview.work_id.in_(work_ids), AlertReview.withdrawn.is_(False)) \
            .order_by(AlertReview.reviewed_at)
        for r in session.scalars(query):
            latest[(r.work_id, r.code)] = ReviewDTO(r.id, r.work_id, r.code, r.reason, r.reviewed_by,
                                                    r.reviewed_at, r.fingerprint)
        return latest

    @staticmethod
    def _with_review(alert: A.Alert, work_name: str, reviews: dict[tuple[str, str], ReviewDTO]) -> AlertDTO:
        fingerprint = alert.fingerprint
        review = reviews.get((alert.work_id, alert.code))
        if review is not None and review.fingerprint == fingerprint:
            return AlertDTO(alert, work_name, fingerprint, True, review.reason, review.reviewed_by,
                            review.reviewed_at)
        return AlertDTO(alert, work_name, fingerprint)

    @staticmethod
    def _work(session: Session, work_id: str) -> Work:
        work = session.get(Work, work_id)
        if work is None and work_id and len(work_id) >= 4:
            matches = session.scalars(select(Work).where(Work.id.like(f"{work_id}%")).limit(2)).all()
            work = matches[0] if len(matches) == 1 else None
        if work is None:
            raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
        return work


def _with_facts(session, works: list, progress, cancel):
    """Each work with its facts, read BATCH works at a time; reports progress, honours cancel."""
    bundles: dict[str, analysis_facts.FactsBundle] = {}
    for index, work in enumerate(works):
        check(cancel)
        report(progress, index, len(works), work.name)
        if work.id not in bundles:
            bundles = analysis_facts.load_many(session, [w.id for w in works[index:index + BATCH]])
        yield work, bundles[work.id]
