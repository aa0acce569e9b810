"""Read a work's contract, payments, visits and photo checks into the progress inputs.

The one place that knows how the contracts and inspections capabilities store things; the
maths in domain/progress.py and domain/alerts.py never sees a row. Read-only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from veeduria_app.db.models.contracts import (
    BoqItem, Contract, ContractModification, ContractWork, Payment, ProgressReport, SchedulePoint,
)
from veeduria_app.db.models.foundation import Work
from veeduria_app.db.models.inspections import (
    Inspection, InspectionAmendment, InspectionChecklistItem, InspectionPhoto, ObservedQuantity,
)
from veeduria_app.domain import alerts as A
from veeduria_app.domain import progress as P

PHOTO_FLAG_CODES = {
    "sin_gps": A.FOTO_SIN_GPS,
    "lejos_de_obra": A.FOTO_LEJOS_DE_OBRA,
    "fecha_inconsistente": A.FOTO_FECHA_INCONSISTENTE,
    "fecha_futura": A.FOTO_FECHA_INCONSISTENTE,
    "reutilizada": A.FOTO_REUTILIZADA,
}
"""Photo check codes (evidence/checks.py) → alert codes; «editada» has no alert of its own."""

_SIGN = re.compile(r"\bvalla\b", re.IGNORECASE)
_WORKS_CONTRACT = re.compile(r"obra", re.IGNORECASE)
REPORT_SOURCES = {"contratista": "El contratista", "interventoria": "La interventoría",
                  "supervision": "La supervisión", "supervisor": "La supervisión", "entidad": "La entidad"}


@dataclass(frozen=True)
class FactsBundle:
    facts: P.WorkFacts
    photo_flags: tuple[A.PhotoFlag, ...]
    contract_id: Optional[str]
    contract_number: str


def _primary_contract(session: Session, work_id: str) -> Optional[Contract]:
    """The works contract of the work: prefer «obra» contracts, then the largest value."""
    contracts = list(session.scalars(
        select(Contract).join(ContractWork, ContractWork.contract_id == Contract.id)
        .where(ContractWork.work_id == work_id, Contract.archived.is_(False))))
    if not contracts:
        return None

    def rank(c: Contract) -> tuple:
        is_works = bool(_WORKS_CONTRACT.search(f"{c.contract_type or ''} {c.object or ''}")) \
            and not re.search(r"interventor", f"{c.contract_type or ''}", re.IGNORECASE)
        return (is_works, c.initial_value or Decimal(0), c.signed_date or dt.date.min, c.id)

    return max(contracts, key=rank)


def _modification(row: ContractModification, fallback: Optional[dt.date]) -> Optional[P.Modification]:
    day = row.date or fallback
    if day is None:
        return None
    end = row.end_date
    if row.kind == P.SUSPENSION and end is None and row.days_change:
        end = day + dt.timedelta(days=int(row.days_change))
    return P.Modification(
        kind=row.kind, date=day, value_added=Decimal(row.value_change or 0),
        days_added=int(row.days_change or 0) if row.kind == P.PRORROGA else 0,
        new_end_date=row.new_end_date if row.kind == P.PRORROGA else None,
        end_date=end if row.kind == P.SUSPENSION else None,
        description=(row.act_number or "").strip(),
    )


def _contract_terms(session: Session, contract: Contract) -> P.ContractTerms:
    fallback = contract.signed_date or contract.start_date
    mods = [m for m in (_modification(r, fallback) for r in session.scalars(
        select(ContractModification).where(ContractModification.contract_id == contract.id))) if m]
    if not any(m.kind == P.PRORROGA for m in mods) and (contract.reported_added_days or 0) > 0 and contract.end_date:
        # SECOP's «días adicionados» without the acts: assume they were signed by the initial end.
        mods.append(P.Modification(P.PRORROGA, contract.end_date, days_added=int(contract.reported_added_days),
                                   description="días adicionados según SECOP"))
    payments = [P.Payment(p.date, Decimal(p.amount), is_advance=p.kind == "anticipo", description=p.document or "")
                for p in session.scalars(select(Payment).where(Payment.contract_id == contract.id))]
    if not payments and contract.reported_paid_value:
        payments.append(P.Payment(None, Decimal(contract.reported_paid_value), description="valor pagado según SECOP"))
    return P.ContractTerms(
        initial_value=Decimal(contract.initial_value or 0), start_date=contract.start_date,
        initial_end_date=contract.end_date, signed_date=contract.signed_date,
        advance_value=Decimal(contract.advance_value) if contract.advance_value is not None else None,
        termination_date=contract.termination_date, liquidation_date=contract.liquidation_date,
        modifications=tuple(mods), payments=tuple(payments), contract_id=contract.id,
        number=contract.number or contract.secop_id or "",
    )


def _amended(session: Session, inspection_ids: list[str]) -> dict[tuple[str, str], object]:
    """Latest amended value per (inspection, field): a closed act is corrected by amendments."""
    out: dict[tuple[str, str], object] = {}
    if not inspection_ids:
        return out
    query = select(InspectionAmendment).where(InspectionAmendment.inspection_id.in_(inspection_ids)) \
        .order_by(InspectionAmendment.created_at)
    for row in session.scalars(query):
        out[(row.inspection_id, row.field)] = row.new_value
    return out


def _decimal(value: object) -> Optional[Decimal]:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except Exception:
        return None


def load(session: Session, work: Work) -> FactsBundle:
    """Everything about `work` that progress and alerts need, as plain values."""
    contract = _primary_contract(session, work.id)
    terms = _contract_terms(session, contract) if contract is not None else None
    bill: tuple[P.BillItem, ...] = ()
    schedule: list[P.SchedulePoint] = []
    reported: list[P.ReportedProgress] = []
    if contract is not None:
        bill = tuple(P.BillItem(b.id, Decimal(b.quantity), Decimal(b.unit_price), b.description)
                     for b in session.scalars(select(BoqItem).where(BoqItem.contract_id == contract.id))
                     if b.quantity is not None and b.unit_price is not None)
        schedule = [P.SchedulePoint(s.date, Decimal(s.planned_percent)) for s in session.scalars(
            select(SchedulePoint).where(SchedulePoint.contract_id == contract.id))]
        reports = list(session.scalars(select(ProgressReport).where(
            ProgressReport.contract_id == contract.id, ProgressReport.kind == "fisico")))
        reported += [P.ReportedProgress(r.date, Decimal(r.actual_percent), "Reporte de avance")
                     for r in reports if r.date is not None and r.actual_percent is not None]
        if not schedule:
            schedule = [P.SchedulePoint(r.date, Decimal(r.planned_percent)) for r in reports
                        if r.date is not None and r.planned_percent is not None]

    visits = list(session.scalars(select(Inspection).where(Inspection.work_id == work.id)))
    ids = [v.id for v in visits]
    amended = _amended(session, ids)
    quantities: dict[str, dict[str, Decimal]] = {i: {} for i in ids}
    signs: dict[str, Optional[bool]] = {i: None for i in ids}
    if ids:
        for q in session.scalars(select(ObservedQuantity).where(ObservedQuantity.inspection_id.in_(ids))):
            if q.boq_item_id:
                quantities[q.inspection_id][q.boq_item_id] = Decimal(q.quantity)
        for item in session.scalars(select(InspectionChecklistItem).where(
                InspectionChecklistItem.inspection_id.in_(ids)).order_by(InspectionChecklistItem.position)):
            if _SIGN.search(item.label or "") and item.answer in ("si", "no", "parcial"):
                signs[item.inspection_id] = item.answer != "no"
    inspections = []
    for v in visits:
        observed = amended.get((v.id, "observed_progress"), v.observed_progress)
        claimed = amended.get((v.id, "reported_progress"), v.reported_progress)
        inspections.append(P.InspectionFacts(
            date=v.visit_date, closed=v.status == "cerrada", observed_pct=_decimal(observed),
            observed_quantities=quantities.get(v.id, {}), has_sign=signs.get(v.id), inspection_id=v.id))
        if v.status == "cerrada" and _decimal(claimed) is not None:
            source = REPORT_SOURCES.get((v.reported_progress_source or "").lower(),
                                        v.reported_progress_source or "El contratista o la interventoría")
            reported.append(P.ReportedProgress(v.visit_date, _decimal(claimed), source))  # type: ignore[arg-type]

    flags: list[A.PhotoFlag] = []
    if ids:
        dates = {v.id: v.visit_date for v in visits}
        for photo in session.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id.in_(ids))):
            for code in sorted({PHOTO_FLAG_CODES[c] for c in (photo.flags or []) if c in PHOTO_FLAG_CODES}):
                flags.append(A.PhotoFlag(code, photo.id, photo.original_name or photo.sha256[:12],
                                         dates.get(photo.inspection_id), photo.distance_m))
    facts = P.WorkFacts(contract=terms, bill=bill, inspections=tuple(inspections), reported=tuple(reported),
                        schedule=tuple(schedule))
    return FactsBundle(facts, tuple(flags), contract.id if contract else None,
                       (contract.number or contract.secop_id or "") if contract else "")
