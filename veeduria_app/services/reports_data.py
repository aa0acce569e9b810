"""Gathers what the printed documents show from the other services into plain report data.

Kept apart from services/reports.py (issuing, registry, verification) so each file stays
short: this module only reads, through the other capabilities' services.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence

from sqlalchemy import select

from veeduria_app.db.engine import Database
from veeduria_app.db.models.contracts import ImportRecord
from veeduria_app.domain import findings as F
from veeduria_app.domain import formats as f
from veeduria_app.domain.inspections import ANSWERS, ATTENDEE_KINDS
from veeduria_app.reporting.charts import CurveSeries
from veeduria_app.reporting.data import (AccountabilityWork, AlertInfo, Attendee, ChecklistLine, ComparisonRow,
                                         ContractInfo, FindingInfo, PhotoInfo, SourceFile, VeeduriaInfo,
                                         VisitSummary, WorkInfo)
from veeduria_app.reporting.letter import Signer
from veeduria_app.services.errors import ValidationError
from veeduria_app.services.imports import FORMAT_LABELS

MEMBER_ROLE_LABELS = {"coordinador": "Coordinador(a)", "integrante": "Integrante de la veeduría",
                      "secretario": "Secretario(a)", "fiscal": "Fiscal de la veeduría"}


@dataclass(frozen=True)
class Period:
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None

    def contains(self, day: Optional[dt.date]) -> bool:
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def veeduria_info(profile) -> VeeduriaInfo:  # noqa: ANN001 - ProfileDTO or None
    """The letterhead; a report without a registered veeduría would be anonymous, so refuse."""
    if profile is None or not profile.name.strip():
        raise ValidationError("Registre primero los datos de la veeduría (página «Mi veeduría»): "
                              "el informe debe identificar a quien lo presenta.")
    registration = ""
    if profile.registration_number:
        registration = f"{profile.registration_body_label}, registro {profile.registration_number}"
        if profile.registration_date:
            registration += f" del {f.short_date(profile.registration_date)}"
    return VeeduriaInfo(name=profile.name, registration=registration, city=profile.city or "Cartagena de Indias",
                        address=profile.address, email=profile.email, phone=profile.phone,
                        objective=profile.objeto_vigilancia)


def work_info(work) -> WorkInfo:  # noqa: ANN001 - WorkDTO
    return WorkInfo(id=work.id, name=work.name, type=work.type_label, status=work.status_label,
                    localidad=work.localidad, ucg=work.ucg, barrio=work.barrio, address=work.address,
                    entity=work.entity, bpin=work.bpin, lat=work.lat, lon=work.lon, radius_m=float(work.radius_m or 200))


def _modification_text(m) -> str:  # noqa: ANN001 - ModificationDTO
    parts = [m.kind_label]
    if m.date:
        parts.append(f"del {f.short_date(m.date)}")
    if m.value_change:
        parts.append(f"por {f.money(m.value_change)}")
    if m.days_change:
        parts.append(f"de {m.days_change} días")
    if m.new_end_date:
        parts.append(f"hasta {f.short_date(m.new_end_date)}")
    return " ".join(parts)


def contract_info(c) -> ContractInfo:  # noqa: ANN001 - ContractDTO
    return ContractInfo(
        number=c.number or c.secop_id or c.id[:8], contractor=c.contractor or "", object=c.object or "",
        entity=c.entity or "", initial_value=c.initial_value, current_value=c.current_value, paid_value=c.paid_value,
        start_date=c.start_date, end_date=c.current_end_date or c.end_date, status=c.status or "",
        supervisor=c.supervisor or "", url=c.url or "",
        modifications=tuple(_modification_text(m) for m in c.modifications))


def source_files(db: Database, contracts: Sequence) -> tuple[SourceFile, ...]:
    """Every imported file that fed the contracts, their acts, payments, budget and milestones, with its SHA-256."""
    ids: set[str] = set()
    for c in contracts:
        for item in (c, *c.modifications, *c.payments, *c.budget, *c.milestones):
            if item.source.import_id:
                ids.add(item.source.import_id)
    if not ids:
        return ()
    with db.read() as session:
        rows = session.scalars(select(ImportRecord).where(ImportRecord.id.in_(ids))
                               .order_by(ImportRecord.imported_at)).all()
        return tuple(SourceFile(FORMAT_LABELS.get(r.format, r.format), r.file_name, r.sha256, r.imported_at.date())
                     for r in rows)


def _pct(value: Optional[Decimal]) -> str:
    return f.percent(value) if value is not None else "—"


def comparison_rows(snap) -> tuple[ComparisonRow, ...]:  # noqa: ANN001 - ProgressSnapshot
    """Contract against observed, one line per question an official would ask."""
    if not snap.has_contract:
        return ()
    rows = []
    additions = ""
    if snap.additions_value and snap.initial_value:
        additions = (f"Adiciones por {f.money(snap.additions_value)} "
                     f"({f.percent(snap.additions_value / snap.initial_value * 100)} del valor inicial)")
    rows.append(ComparisonRow("Valor del contrato", f.money(snap.initial_value) or "—",
                              f.money(snap.current_value) or "—", additions))
    term_note = ""
    if snap.days_overdue:
        term_note = f"Plazo vencido hace {snap.days_overdue} días"
    elif snap.extension_days:
        term_note = f"Prorrogado {snap.extension_days} días"
    if snap.suspended_days:
        term_note += ("; " if term_note else "") + f"{snap.suspended_days} días de suspensión"
    rows.append(ComparisonRow("Fecha de terminación", f.short_date(snap.initial_end_date) or "—",
                              f.short_date(snap.current_end_date) or "—", term_note))
    rows.append(ComparisonRow("Tiempo transcurrido del plazo", "—", _pct(snap.time_pct),
                              f"Al {f.short_date(snap.as_of)}"))
    physical_note = f"Visita del {f.short_date(snap.physical_date)}" if snap.physical_date else "Sin visita con avance"
    rows.append(ComparisonRow("Avance físico", f"{_pct(snap.planned_pct)} programado", f"{_pct(snap.physical_pct)} observado",
                              physical_note))
    # The percentage is the analysis' financial progress: payments for work, anticipo apart.
    paid_for_work = snap.paid_work_value if snap.paid_work_value is not None else snap.paid_value
    notes = []
    if snap.advance_value:
        notes.append("Pagos por obra ejecutada, sin el anticipo")
    if snap.financial_pct is not None and snap.physical_pct is not None and snap.financial_pct > snap.physical_pct:
        notes.append("Pagos superan el avance observado")
    rows.append(ComparisonRow("Avance financiero (pagos)", f.money(snap.current_value) or "—",
                              f"{f.money(paid_for_work) or '—'} ({_pct(snap.financial_pct)})", "; ".join(notes)))
    if snap.reported_pct is not None:
        rows.append(ComparisonRow("Avance informado por terceros", "—", _pct(snap.reported_pct),
                                  f.reported_by(snap.reported_source, snap.reported_date)))
    if snap.advance_value:
        rows.append(ComparisonRow("Anticipo", "Hasta 50 % (Ley 80, art. 40)",
                                  f"{f.money(snap.advance_value)} ({_pct(snap.advance_pct)})", ""))
    return tuple(rows)


def curve_series(curve) -> tuple[CurveSeries, ...]:  # noqa: ANN001 - SCurve
    def points(items) -> tuple[tuple[dt.date, float], ...]:  # noqa: ANN001
        return tuple((p.date, float(p.pct)) for p in items)

    out = []
    for label, items, kind in (("Programado", curve.planned, "planned"), ("Pagado", curve.financial, "financial"),
                               ("Observado", curve.observed, "physical")):
        if items:
            out.append(CurveSeries(label, points(items), kind))
    return tuple(out)


def alert_info(alert) -> AlertInfo:  # noqa: ANN001 - AlertDTO
    return AlertInfo(level=alert.severity, title=alert.title, explanation=alert.message, basis=alert.basis)


def _taken_at(text: Optional[str]) -> Optional[dt.datetime]:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def photo_infos(photos: Sequence, label_prefix: str = "F") -> tuple[PhotoInfo, ...]:
    """Annex entries; labels F1, F2… tie each photo to the sketch and to the findings."""
    out = []
    for index, p in enumerate(photos, start=1):
        out.append(PhotoInfo(
            label=f"{label_prefix}{index}", path=Path(p.file_path), sha256=p.sha256,
            caption=p.caption or p.original_name, taken_at=_taken_at(p.taken_at), lat=p.lat, lon=p.lon,
            distance_m=p.distance_m, checks=tuple(d.title for d in p.flag_details), visit_date=p.visit_date))
    return tuple(out)


def finding_info(finding, labels_by_photo: dict[str, str]) -> FindingInfo:  # noqa: ANN001 - FindingDTO
    photo_labels = tuple(labels_by_photo[link.target] for link in finding.links
                         if link.kind == "foto" and link.target in labels_by_photo)
    return FindingInfo(number=finding.code, title=finding.title, condition=finding.condition,
                       criterion=finding.criterion, cause=finding.cause, effect=finding.effect,
                       presumed_nature=finding.nature_label, recommendation=finding.recommendation,
                       photo_labels=photo_labels, draft=F.is_draft(finding.status))


def visit_summary(inspection) -> VisitSummary:  # noqa: ANN001 - InspectionDTO
    members = tuple(a.name for a in inspection.attendees)
    notes = " ".join(inspection.notes.split())
    return VisitSummary(id=inspection.id, date=inspection.visit_date, attendees=members,
                        observed_progress=float(inspection.observed_progress)
                        if inspection.observed_progress is not None else None,
                        photo_count=inspection.photo_count, closed=inspection.is_closed,
                        summary=notes[:240] + ("…" if len(notes) > 240 else ""))


def role_label(role: str) -> str:
    """The member's role as printed under the signature: a known key's label, else the text as typed
    with only its first letter raised ("Integrante (JAC juvenil)"; str.capitalize would lower "JAC")."""
    role = (role or "").strip()
    return MEMBER_ROLE_LABELS.get(role, role[:1].upper() + role[1:])


def signers_from_members(members: Sequence) -> tuple[Signer, ...]:
    return tuple(Signer(m.full_name, role_label(m.role)) for m in members)


def attendees(inspection) -> tuple[Attendee, ...]:  # noqa: ANN001 - InspectionDTO
    out = []
    for a in inspection.attendees:
        role = " — ".join(x for x in (ATTENDEE_KINDS.get(a.kind, a.kind), a.role, a.organization) if x)
        out.append(Attendee(a.name, role))
    return tuple(out)


def checklist(inspection) -> tuple[ChecklistLine, ...]:  # noqa: ANN001 - InspectionDTO
    return tuple(ChecklistLine(c.label, ANSWERS.get(c.answer, c.answer or "Sin responder"), c.comment)
                 for c in inspection.checklist)


def community_remarks(inspection) -> str:  # noqa: ANN001 - InspectionDTO
    parts = []
    for o in inspection.observations:
        who = ", ".join(x for x in (o.speaker, o.speaker_role) if x)
        parts.append(f"{who}: {o.text}" if who else o.text)
    return "\n".join(parts)


def plain_summary(physical: Optional[Decimal], financial: Optional[Decimal], alerts: int, visits: int = 0) -> str:
    """One sentence a neighbour understands, from the same figures as the tables. `visits` are those
    recorded in the report's period: with some but no measured progress (the progress counts only
    from a closed acta) it does not claim that no visit measured it."""
    if physical is None and financial is None:
        return "Todavía no tenemos datos de avance de esta obra."
    if physical is None and visits:
        return (f"Se ha pagado el {f.percent(financial)} del contrato; cuánto se ha construido lo diremos cuando "
                "lo registre un acta de visita cerrada.")
    if physical is None:
        return f"Se ha pagado el {f.percent(financial)} del contrato; aún no hemos medido el avance en una visita."
    if financial is None:
        return f"En nuestra última visita vimos construido el {f.percent(physical)}; no hay datos de pagos."
    if financial - physical >= 15:
        return (f"Se ha pagado el {f.percent(financial)} pero solo vemos construido el {f.percent(physical)}: "
                "se ha pagado más de lo que se ve.")
    if alerts:
        return (f"Vemos construido el {f.percent(physical)} y se ha pagado el {f.percent(financial)}; "
                "hay alertas que estamos siguiendo.")
    return f"Vemos construido el {f.percent(physical)} y se ha pagado el {f.percent(financial)}; sin alertas."


def visits_in(inspections: Sequence, period: Period) -> int:  # noqa: ANN001 - InspectionDTO
    """How many visits (recorded inspections, acta open or closed) fall in the period."""
    return sum(1 for v in inspections if period.contains(v.visit_date))


def draft_count(findings: Sequence) -> int:  # FindingDTO
    """Of the findings, those still «Borrador» (domain.findings.is_draft)."""
    return sum(1 for x in findings if F.is_draft(x.status))


def accountability_work(row, findings: Sequence, visits: int,  # noqa: ANN001 - DashboardRow, FindingDTO
                        contract_value: Optional[Decimal]) -> AccountabilityWork:
    """`findings` are FindingDTOs (titles alone are accepted and printed as confirmed)."""
    alerts = tuple(alert_info(a) for a in row.alerts)
    titles = tuple(x if isinstance(x, str) else x.title for x in findings)
    drafts = tuple(not isinstance(x, str) and F.is_draft(x.status) for x in findings)
    return AccountabilityWork(
        name=row.name, localidad=row.localidad, ucg=row.ucg, status=row.status_label,
        physical_progress=float(row.physical_pct) if row.physical_pct is not None else None,
        financial_progress=float(row.financial_pct) if row.financial_pct is not None else None,
        contract_value=contract_value, alerts=alerts, findings=titles, findings_draft=drafts, visits=visits,
        plain_summary=plain_summary(row.physical_pct, row.financial_pct, len(alerts), visits))
