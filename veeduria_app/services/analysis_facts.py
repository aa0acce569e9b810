"""Read a work's contract, payments, visits and photo checks into the progress inputs.

The one place that knows how the contracts and inspections capabilities store things; the
maths in domain/progress.py and domain/alerts.py never sees a row. Read-only.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Optional, Sequence

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
from veeduria_app.services.contract_terms import contract_terms

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
REPORT_SOURCES = {"contratista": "el contratista", "interventoria": "la interventoría",
                  "supervision": "la supervisión", "supervisor": "la supervisión", "entidad": "la entidad"}


@dataclass(frozen=True)
class FactsBundle:
    facts: P.WorkFacts
    photo_flags: tuple[A.PhotoFlag, ...]
    contract_id: Optional[str]
    contract_number: str


def _rank(c: Contract) -> tuple:
    """Prefer «obra» contracts over interventoría and others, then the largest value."""
    is_works = bool(_WORKS_CONTRACT.search(f"{c.contract_type or ''} {c.object or ''}")) \
        and not re.search(r"interventor", f"{c.contract_type or ''}", re.IGNORECASE)
    return (is_works, c.initial_value or Decimal(0), c.signed_date or dt.date.min, c.id)


CHUNK = 400
"""Ids per IN (...) query: well under SQLite's bound-parameter limit, few round trips."""


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _rows_by(session: Session, model, column, ids: Sequence[str], *order) -> dict[str, list]:
    """Rows of `model` whose `column` is in `ids`, grouped by that column's value."""
    out: dict[str, list] = defaultdict(list)
    key = column.key
    for chunk in _chunks(ids):
        for row in session.scalars(select(model).where(column.in_(chunk)).order_by(*order)):
            out[getattr(row, key)].append(row)
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
    return load_many(session, [work.id])[work.id]


def load_many(session: Session, work_ids: Sequence[str]) -> dict[str, FactsBundle]:
    """The same for many works with a fixed number of queries per few hundred works (dashboard)."""
    work_ids = list(dict.fromkeys(work_ids))
    # Contracts: the primary one of each work, and everything hanging from it.
    candidates: dict[str, list[Contract]] = defaultdict(list)
    for chunk in _chunks(work_ids):
        query = select(ContractWork.work_id, Contract).join(Contract, ContractWork.contract_id == Contract.id) \
            .where(ContractWork.work_id.in_(chunk), Contract.archived.is_(False))
        for work_id, contract in session.execute(query):
            candidates[work_id].append(contract)
    primary = {w: max(cs, key=_rank) for w, cs in candidates.items()}
    contract_ids = list({c.id for c in primary.values()})
    mods = _rows_by(session, ContractModification, ContractModification.contract_id, contract_ids)
    pays = _rows_by(session, Payment, Payment.contract_id, contract_ids)
    boq = _rows_by(session, BoqItem, BoqItem.contract_id, contract_ids)
    plan = _rows_by(session, SchedulePoint, SchedulePoint.contract_id, contract_ids)
    reports = _rows_by(session, ProgressReport, ProgressReport.contract_id, contract_ids)
    # Visits and what hangs from them.
    visits = _rows_by(session, Inspection, Inspection.work_id, work_ids)
    visit_ids = [v.id for vs in visits.values() for v in vs]
    amendments = _rows_by(session, InspectionAmendment, InspectionAmendment.inspection_id, visit_ids,
                          InspectionAmendment.created_at)
    quantities = _rows_by(session, ObservedQuantity, ObservedQuantity.inspection_id, visit_ids)
    checklist = _rows_by(session, InspectionChecklistItem, InspectionChecklistItem.inspection_id, visit_ids,
                         InspectionChecklistItem.position)
    photos = _rows_by(session, InspectionPhoto, InspectionPhoto.inspection_id, visit_ids)
    return {w: _bundle(primary.get(w), mods, pays, boq, plan, reports, visits.get(w, []), amendments,
                       quantities, checklist, photos) for w in work_ids}


def _bundle(contract: Optional[Contract], mods: dict, pays: dict, boq: dict, plan: dict, reports: dict,
            visits: list[Inspection], amendments: dict, quantities: dict, checklist: dict,
            photos: dict) -> FactsBundle:
    terms = None
    bill: tuple[P.BillItem, ...] = ()
    schedule: list[P.SchedulePoint] = []
    reported: list[P.ReportedProgress] = []
    if contract is not None:
        terms = contract_terms(contract, mods.get(contract.id, []), pays.get(contract.id, []))
        bill = tuple(P.BillItem(b.id, Decimal(b.quantity), Decimal(b.unit_price), b.description)
                     for b in boq.get(contract.id, []) if b.quantity is not None and b.unit_price is not None)
        schedule = [P.SchedulePoint(p.date, Decimal(p.planned_percent)) for p in plan.get(contract.id, [])]
        physical = [r for r in reports.get(contract.id, []) if r.kind == "fisico"]
        reported += [P.ReportedProgress(r.date, Decimal(r.actual_percent), "el reporte de ejecución del contrato")
                     for r in physical if r.date is not None and r.actual_percent is not None]
        if not schedule:
            schedule = [P.SchedulePoint(r.date, Decimal(r.planned_percent)) for r in physical
                        if r.date is not None and r.planned_percent is not None]

    inspections = []
    flags: list[A.PhotoFlag] = []
    for v in visits:
        amended = {a.field: a.new_value for a in amendments.get(v.id, [])}  # later amendments win
        observed = amended.get("observed_progress", v.observed_progress)
        claimed = amended.get("reported_progress", v.reported_progress)
        measured = {q.boq_item_id: Decimal(q.quantity) for q in quantities.get(v.id, []) if q.boq_item_id}
        sign: Optional[bool] = None
        for item in checklist.get(v.id, []):
            if _SIGN.search(item.label or "") and item.answer in ("si", "no", "parcial"):
                sign = item.answer != "no"
        inspections.append(P.InspectionFacts(
            date=v.visit_date, closed=v.status == "cerrada", observed_pct=_decimal(observed),
            observed_quantities=measured, has_sign=sign, inspection_id=v.id))
        if v.status == "cerrada" and _decimal(claimed) is not None:
            source = REPORT_SOURCES.get((v.reported_progress_source or "").lower(),
                                        v.reported_progress_source or "el contratista o la interventoría")
            reported.append(P.ReportedProgress(v.visit_date, _decimal(claimed), source))  # type: ignore[arg-type]
        for photo in photos.get(v.id, []):
            for code in sorted({PHOTO_FLAG_CODES[c] for c in (photo.flags or []) if c in PHOTO_FLAG_CODES}):
                flags.append(A.PhotoFlag(code, photo.id, photo.original_name or photo.sha256[:12],
                                         v.visit_date, photo.distance_m))
    facts = P.WorkFacts(contract=terms, bill=bill, inspections=tuple(inspections), reported=tuple(reported),
                        schedule=tuple(schedule))
    return FactsBundle(facts, tuple(flags), contract.id if contract else None,
                       (contract.number or contract.secop_id or "") if contract else "")
