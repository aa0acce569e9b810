"""Contracts and budget: manual entry, reading for every screen and report, work links.

Other capabilities read contracts only through the DTOs below (comparison/alerts, reports,
inspections' observed quantities per bill item). Values computed here, once:
- `current_value` = initial value + every modification's value change;
- `current_end_date` = planned end + prórrogas + suspended days (domain.progress rules);
- `paid_value` = sum of recorded payments, or SECOP's aggregate `valor_pagado` when no
  payment has been recorded one by one.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields as dc_fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Optional, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from stdnum.co import nit as co_nit

from veeduria_app.db.engine import Database
from veeduria_app.db.models.contracts import (
    BoqItem, BudgetAllocation, Contract, ContractMilestone, ContractModification, ContractWork, ImportRecord,
    Payment, ProgressReport, SchedulePoint,
)
from veeduria_app.db.models.foundation import Work
from veeduria_app.domain import progress as prog
from veeduria_app.importers.values import MAX_PESOS
from veeduria_app.services.audit import already_holds, changed_fields, json_safe, record_audit, snapshot
from veeduria_app.services.contract_terms import contract_terms
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission

MODIFICATION_LABELS = dict(prog.MODIFICATION_LABELS)
TERM_FIELDS = prog.TERM_FIELDS
PAYMENT_LABELS = {"anticipo": "Anticipo", "acta_parcial": "Acta parcial", "acta_final": "Acta final", "pago": "Pago"}
FUNDING_LABELS = {"sgp": "SGP", "regalias": "Regalías", "recursos_propios": "Recursos propios",
                  "credito": "Crédito", "otro": "Otro"}
PROGRESS_KINDS = {"fisico": "Físico", "financiero": "Financiero"}
MILESTONE_STATUS_LABELS = {"scheduled": "Programado", "met": "Cumplido", "notMet": "No cumplido",
                           "partiallyMet": "Cumplido en parte"}
"""OCDS milestoneStatus codes; an unknown code is shown as the source wrote it."""
MILESTONE_TYPE_LABELS = {
    "preProcurement": "Preparación", "approval": "Aprobación", "engagement": "Participación", "assessment": "Evaluación",
    "delivery": "Entrega", "reporting": "Informe", "financing": "Financiación", "payment": "Pago",
}
"""OCDS milestoneType codes (plus `payment`, which OC4IDS examples use)."""
MILESTONE_SECTIONS = {"contrato": "Contrato", "ejecucion": "Ejecución"}
MIN_VIGENCIA, MAX_VIGENCIA = 1990, 2100
BUDGET_FIELDS = ("vigencia", "rubro", "funding_source", "amount", "cdp_number", "cdp_amount", "rp_number",
                 "rp_amount", "description")
"""Budget allocation columns a user types; all audited."""
BUDGET_LABELS = {
    "vigencia": "vigencia", "rubro": "rubro", "funding_source": "fuente", "amount": "valor asignado",
    "cdp_number": "número del CDP", "cdp_amount": "valor del CDP", "rp_number": "número del RP",
    "rp_amount": "valor del RP", "description": "descripción",
}

CONTRACT_FIELDS = (
    "secop_id", "process_id", "number", "url", "entity", "entity_nit", "contractor", "contractor_id",
    "contractor_id_type", "object", "modality", "contract_type", "initial_value", "currency", "advance_value",
    "signed_date", "start_date", "end_date", "termination_date", "liquidation_date", "status", "supervisor",
    "supervision_kind", "funding_sources", "bpin", "city", "reported_paid_value", "reported_invoiced_value",
    "reported_added_days",
)
"""Fields a source or a user can set; all audited."""

FIELD_LABELS = {
    "secop_id": "ID del contrato en SECOP", "process_id": "proceso", "number": "número",
    "url": "enlace", "entity": "entidad", "entity_nit": "NIT de la entidad", "contractor": "contratista",
    "contractor_id": "documento del contratista", "contractor_id_type": "tipo de documento",
    "object": "objeto", "modality": "modalidad", "contract_type": "tipo de contrato",
    "initial_value": "valor del contrato", "currency": "moneda", "advance_value": "anticipo pactado",
    "signed_date": "fecha de firma", "start_date": "fecha de inicio", "end_date": "fecha de terminación prevista",
    "termination_date": "fecha de terminación", "liquidation_date": "fecha de liquidación", "status": "estado",
    "supervisor": "supervisor o interventor", "supervision_kind": "tipo de supervisión",
    "funding_sources": "fuentes de financiación", "bpin": "BPIN", "city": "ciudad",
    "reported_paid_value": "valor pagado (SECOP)", "reported_invoiced_value": "valor facturado (SECOP)",
    "reported_added_days": "días adicionados (SECOP)",
}


def fold(text: Optional[str]) -> str:
    """Lower case without accents, for accent-blind search ("pozon" finds "POZÓN").

    NFKD then ASCII: decomposed accents and any other non-ASCII sign drop out (C speed;
    imports fold every row).
    """
    if not text:
        return ""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().split())


def search_text_for(values: dict[str, Any]) -> str:
    """The folded text the list search scans (ids also without dots and dashes)."""
    parts = [values.get(k) for k in ("number", "secop_id", "process_id", "entity", "entity_nit", "contractor",
                                     "contractor_id", "object", "bpin", "status")]
    ids = [re.sub(r"\D", "", str(values.get(k) or "")) for k in ("entity_nit", "contractor_id")]
    return fold(" | ".join(str(p) for p in parts + ids if p))


# --------------------------------------------------------------------------- NIT / documents


def normalise_nit(value: Optional[str], label: str = "NIT") -> Optional[str]:
    """Digits of a NIT without check digit, as SECOP stores it. A typed check digit (after
    a dash, or as the 10th digit of a 10-digit NIT) must be right (DIAN modulus 11)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    compact = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(r"\d{5,15}(-\d)?", compact):
        raise ValidationError(f"El {label} «{text}» no es válido: use solo números, p. ej. 890.480.184-4.",
                              field="nit")
    if "-" in compact:
        base, check = compact.split("-")
        if co_nit.calc_check_digit(base) != check:
            raise ValidationError(
                f"El {label} «{text}» no es válido: el dígito de verificación de {base} es "
                f"{co_nit.calc_check_digit(base)}, no {check}.", field="nit")
        return base
    return compact


def format_nit(value: Optional[str]) -> str:
    """`890.480.184-4` from stored digits (check digit computed), or the text as stored."""
    if not value:
        return ""
    if re.fullmatch(r"\d{6,15}", value):
        return co_nit.format(value + co_nit.calc_check_digit(value))
    return value


def normalise_document(value: Optional[str], doc_type: Optional[str]) -> Optional[str]:
    """Contractor document: NIT rules when it is a NIT; a cédula is 5–10 digits."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if doc_type and "nit" in doc_type.lower() or "-" in text:
        return normalise_nit(text, "NIT del contratista")
    compact = re.sub(r"[\s.]", "", text)
    if (doc_type or "").lower().startswith(("cc", "cédula", "cedula")) and not re.fullmatch(r"\d{5,10}", compact):
        raise ValidationError(f"La cédula «{text}» no es válida: debe tener entre 5 y 10 dígitos.", field="contractor_id")
    return compact


# --------------------------------------------------------------------------- DTOs


def json_number(value: Optional[Decimal]) -> Any:
    """Money for `--json`: an int when whole, else a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Source:
    """Where a value came from: an import (file name, SHA-256) or a person who typed it."""

    import_id: Optional[str] = None
    file_name: Optional[str] = None
    typed_by: Optional[str] = None

    @property
    def label(self) -> str:
        if self.import_id and self.typed_by:
            return f"archivo {self.file_name or self.import_id}; corregido a mano por {self.typed_by}"
        if self.import_id:
            return f"archivo {self.file_name or self.import_id}"
        if self.typed_by:
            return f"digitado por {self.typed_by}"
        return "sin fuente registrada"


@dataclass(frozen=True)
class ModificationDTO:
    id: str
    contract_id: str
    kind: str
    date: Optional[dt.date]
    value_change: Optional[Decimal]
    days_change: Optional[int]
    new_end_date: Optional[dt.date]
    end_date: Optional[dt.date]
    act_number: Optional[str]
    reason: Optional[str]
    source: Source
    version: int = 1

    @property
    def kind_label(self) -> str:
        return MODIFICATION_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PaymentDTO:
    id: str
    contract_id: str
    date: Optional[dt.date]
    amount: Decimal
    kind: str
    document: Optional[str]
    source: Source
    version: int = 1

    @property
    def kind_label(self) -> str:
        return PAYMENT_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class BudgetAllocationDTO:
    id: str
    contract_id: str
    vigencia: Optional[int]
    rubro: Optional[str]
    funding_source: str
    amount: Optional[Decimal]
    cdp_number: Optional[str]
    cdp_amount: Optional[Decimal]
    rp_number: Optional[str]
    rp_amount: Optional[Decimal]
    description: Optional[str]
    source: Source
    archived: bool = False
    version: int = 1

    @property
    def funding_label(self) -> str:
        return FUNDING_LABELS.get(self.funding_source, self.funding_source)

    def to_json(self) -> dict:
        return {"id": self.id, "contract_id": self.contract_id, "vigencia": self.vigencia, "rubro": self.rubro,
                "funding_source": self.funding_source, "funding_label": self.funding_label,
                "amount": json_number(self.amount), "cdp_number": self.cdp_number,
                "cdp_amount": json_number(self.cdp_amount), "rp_number": self.rp_number,
                "rp_amount": json_number(self.rp_amount), "description": self.description,
                "source": self.source.label, "archived": self.archived, "version": self.version}


@dataclass(frozen=True)
class BudgetFields:
    """What a user types for a budget allocation (the service validates and cleans it)."""

    vigencia: Any = None  # a year: int, or text as typed
    rubro: str = ""
    funding_source: str = "otro"  # code (sgp, regalias...) or its label
    amount: Optional[Decimal] = None
    cdp_number: str = ""
    cdp_amount: Optional[Decimal] = None
    rp_number: str = ""
    rp_amount: Optional[Decimal] = None
    description: str = ""


@dataclass(frozen=True)
class MilestoneDTO:
    """A contract milestone as OCDS/OC4IDS published it (status and type keep the source's codes)."""

    id: str
    contract_id: str
    section: str
    title: Optional[str]
    milestone_type: Optional[str]
    status: Optional[str]
    due_date: Optional[dt.date]
    date_met: Optional[dt.date]
    date_modified: Optional[dt.date]
    description: Optional[str]
    value: Optional[Decimal]
    currency: Optional[str]
    source_id: Optional[str]
    source: Source

    @property
    def status_label(self) -> str:
        return MILESTONE_STATUS_LABELS.get(self.status or "", self.status or "")

    @property
    def type_label(self) -> str:
        return MILESTONE_TYPE_LABELS.get(self.milestone_type or "", self.milestone_type or "")

    def to_json(self) -> dict:
        return {"id": self.id, "source_id": self.source_id, "section": self.section, "title": self.title,
                "type": self.milestone_type, "type_label": self.type_label, "status": self.status,
                "status_label": self.status_label, "due_date": json_safe(self.due_date),
                "date_met": json_safe(self.date_met), "date_modified": json_safe(self.date_modified),
                "description": self.description, "value": json_number(self.value), "currency": self.currency,
                "source": self.source.label}


@dataclass(frozen=True)
class BoqItemDTO:
    """A bill-of-quantities line; `id` stays the same across re-imports of the bill."""

    id: str
    contract_id: str
    code: str
    description: str
    unit: Optional[str]
    quantity: Optional[Decimal]
    unit_price: Optional[Decimal]
    total: Optional[Decimal]
    chapter: Optional[str]
    position: int
    source: Source


@dataclass(frozen=True)
class SchedulePointDTO:
    id: str
    contract_id: str
    date: dt.date
    planned_percent: Decimal
    source: Source


@dataclass(frozen=True)
class ProgressReportDTO:
    """Progress reported by others (SECOP II Ejecución, OC4IDS, interventoría)."""

    id: str
    contract_id: str
    date: Optional[dt.date]
    kind: str
    planned_percent: Optional[Decimal]
    actual_percent: Optional[Decimal]
    description: Optional[str]
    source: Source


@dataclass(frozen=True)
class ContractRowDTO:
    """One line of the contracts list (cheap: no children)."""

    id: str
    secop_id: Optional[str]
    number: Optional[str]
    entity: Optional[str]
    entity_nit: Optional[str]
    contractor: Optional[str]
    contractor_id: Optional[str]
    object: Optional[str]
    initial_value: Optional[Decimal]
    current_value: Optional[Decimal]
    paid_value: Optional[Decimal]
    start_date: Optional[dt.date]
    end_date: Optional[dt.date]
    status: Optional[str]
    currency: Optional[str]


@dataclass(frozen=True)
class ContractDTO:
    """A contract with everything that happened to it.

    `end_date` is the planned end as signed; `current_end_date` adds prórrogas and
    suspensions. `initial_value` is as signed; `current_value` adds modifications.
    """

    id: str
    source_key: Optional[str]
    secop_id: Optional[str]
    process_id: Optional[str]
    number: Optional[str]
    url: Optional[str]
    entity: Optional[str]
    entity_nit: Optional[str]
    contractor: Optional[str]
    contractor_id: Optional[str]
    contractor_id_type: Optional[str]
    object: Optional[str]
    modality: Optional[str]
    contract_type: Optional[str]
    initial_value: Optional[Decimal]
    current_value: Optional[Decimal]
    paid_value: Optional[Decimal]
    currency: Optional[str]
    advance_value: Optional[Decimal]
    signed_date: Optional[dt.date]
    start_date: Optional[dt.date]
    end_date: Optional[dt.date]
    current_end_date: Optional[dt.date]
    termination_date: Optional[dt.date]
    liquidation_date: Optional[dt.date]
    status: Optional[str]
    supervisor: Optional[str]
    supervision_kind: Optional[str]
    funding_sources: Optional[str]
    bpin: Optional[str]
    city: Optional[str]
    reported_paid_value: Optional[Decimal]
    reported_invoiced_value: Optional[Decimal]
    reported_added_days: Optional[int]
    source: Source
    archived: bool
    version: int
    modifications: tuple[ModificationDTO, ...] = ()
    payments: tuple[PaymentDTO, ...] = ()
    budget: tuple[BudgetAllocationDTO, ...] = ()
    work_ids: tuple[str, ...] = ()
    milestones: tuple[MilestoneDTO, ...] = ()

    @property
    def entity_nit_display(self) -> str:
        return format_nit(self.entity_nit)

    @property
    def additions_value(self) -> Decimal:
        return sum((m.value_change for m in self.modifications if m.value_change and m.value_change > 0), Decimal(0))

    @property
    def additions_pct(self) -> Optional[Decimal]:
        """Additions over the initial value, in percent (first Ley 80 art. 40 check)."""
        if not self.initial_value:
            return None
        return prog.pct(self.additions_value, self.initial_value)

    def to_terms(self) -> prog.ContractTerms:
        """The contract as domain.progress needs it, by the same rules as the analysis."""
        return contract_terms(self, self.modifications, self.payments)

    def to_json(self) -> dict:
        """Machine-readable: ISO dates, money as numbers, the keys the CLI promises."""
        num = json_number
        data: dict[str, Any] = {}
        for f in dc_fields(self):
            if f.name in ("modifications", "payments", "budget", "source", "work_ids", "milestones"):
                continue
            value = getattr(self, f.name)
            data[f.name] = num(value) if isinstance(value, Decimal) else json_safe(value)
        data["work_ids"] = list(self.work_ids)
        data["source"] = self.source.label
        data["modifications"] = [
            {"id": m.id, "kind": m.kind, "kind_label": m.kind_label, "date": json_safe(m.date),
             "value_change": num(m.value_change), "days_change": m.days_change,
             "new_end_date": json_safe(m.new_end_date), "end_date": json_safe(m.end_date),
             "act_number": m.act_number, "reason": m.reason, "source": m.source.label}
            for m in self.modifications]
        data["payments"] = [
            {"id": p.id, "date": json_safe(p.date), "amount": num(p.amount), "kind": p.kind,
             "document": p.document, "source": p.source.label} for p in self.payments]
        data["budget"] = [b.to_json() for b in self.budget]
        data["milestones"] = [m.to_json() for m in self.milestones]
        data["additions_pct"] = num(self.additions_pct)
        return data


@dataclass
class ContractFields:
    """What a user types in the contract form (strings as typed; services validate)."""

    number: str = ""
    secop_id: str = ""
    process_id: str = ""
    url: str = ""
    entity: str = ""
    entity_nit: str = ""
    contractor: str = ""
    contractor_id: str = ""
    contractor_id_type: str = ""
    object: str = ""
    modality: str = ""
    contract_type: str = ""
    initial_value: Optional[Decimal] = None
    advance_value: Optional[Decimal] = None
    signed_date: Optional[dt.date] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    termination_date: Optional[dt.date] = None
    liquidation_date: Optional[dt.date] = None
    status: str = ""
    supervisor: str = ""
    supervision_kind: str = ""
    funding_sources: str = ""
    bpin: str = ""


@dataclass(frozen=True)
class ContractQuery:
    text: str = ""
    work_id: str = ""
    include_archived: bool = False


# --------------------------------------------------------------------------- mapping


def _source(row: Any, files: dict[str, str]) -> Source:
    return Source(import_id=row.source_import_id, file_name=files.get(row.source_import_id or ""),
                  typed_by=row.typed_by)


def _mod_dto(m: ContractModification, files: dict[str, str]) -> ModificationDTO:
    return ModificationDTO(m.id, m.contract_id, m.kind, m.date, m.value_change, m.days_change, m.new_end_date,
                           m.end_date, m.act_number, m.reason, _source(m, files), m.version)


def _pay_dto(p: Payment, files: dict[str, str]) -> PaymentDTO:
    return PaymentDTO(p.id, p.contract_id, p.date, p.amount, p.kind, p.document, _source(p, files), p.version)


def _budget_dto(b: BudgetAllocation, files: dict[str, str]) -> BudgetAllocationDTO:
    return BudgetAllocationDTO(b.id, b.contract_id, b.vigencia, b.rubro, b.funding_source, b.amount, b.cdp_number,
                               b.cdp_amount, b.rp_number, b.rp_amount, b.description, _source(b, files),
                               bool(b.archived), b.version)


def _budget_sort_key(b: BudgetAllocationDTO) -> tuple:
    return (b.vigencia or 0, b.funding_source, b.rubro or "", b.cdp_number or "", b.id)


def _milestone_dto(m: ContractMilestone, files: dict[str, str]) -> MilestoneDTO:
    return MilestoneDTO(m.id, m.contract_id, m.section, m.title, m.milestone_type, m.status, m.due_date, m.date_met,
                        m.date_modified, m.description, m.value, m.currency, m.source_id, _source(m, files))


def _sort_key_date(d: Optional[dt.date]) -> dt.date:
    return d or dt.date.min


def build_dto(c: Contract, mods: Sequence[ContractModification], pays: Sequence[Payment],
              budget: Sequence[BudgetAllocation], work_ids: Sequence[str], files: dict[str, str],
              today: Optional[dt.date] = None, milestones: Sequence[ContractMilestone] = ()) -> ContractDTO:
    """The contract DTO; archived budget allocations are left out (see `ContractService.budget`)."""
    mod_dtos = tuple(sorted((_mod_dto(m, files) for m in mods), key=lambda m: (_sort_key_date(m.date), m.id)))
    pay_dtos = tuple(sorted((_pay_dto(p, files) for p in pays), key=lambda p: (_sort_key_date(p.date), p.id)))
    current_value = None
    if c.initial_value is not None:
        current_value = c.initial_value + sum((m.value_change or Decimal(0) for m in mod_dtos), Decimal(0))
    paid = sum((p.amount for p in pay_dtos), Decimal(0)) if pay_dtos else c.reported_paid_value
    dto = ContractDTO(
        id=c.id, source_key=c.source_key, current_value=current_value, paid_value=paid, current_end_date=c.end_date,
        source=_source(c, files), archived=c.archived, version=c.version, modifications=mod_dtos,
        payments=pay_dtos, work_ids=tuple(sorted(work_ids)),
        budget=tuple(sorted((_budget_dto(b, files) for b in budget if not b.archived), key=_budget_sort_key)),
        milestones=tuple(sorted((_milestone_dto(m, files) for m in milestones),
                                key=lambda m: (_sort_key_date(m.due_date or m.date_met), m.source_id or "", m.id))),
        **{name: getattr(c, name) for name in CONTRACT_FIELDS},
    )
    status = prog.term_status(dto.to_terms(), today or dt.date.today())
    if status is not None:
        dto = replace(dto, current_end_date=status.current_end_date)
    return dto


def _group(rows: Iterable[Any]) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row.contract_id, []).append(row)
    return out


def load_dtos(session: Session, contracts: Sequence[Contract]) -> list[ContractDTO]:
    """DTOs for many contracts with one query per child table (chunks of 500 ids)."""
    ids = [c.id for c in contracts]
    mods: dict[str, list] = {}
    pays: dict[str, list] = {}
    budgets: dict[str, list] = {}
    milestones: dict[str, list] = {}
    links: dict[str, list] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for target, model in ((mods, ContractModification), (pays, Payment), (budgets, BudgetAllocation),
                              (milestones, ContractMilestone)):
            for key, rows in _group(session.scalars(select(model).where(model.contract_id.in_(chunk)))).items():
                target.setdefault(key, []).extend(rows)
        for cid, wid in session.execute(select(ContractWork.contract_id, ContractWork.work_id)
                                        .where(ContractWork.contract_id.in_(chunk))):
            links.setdefault(cid, []).append(wid)
    import_ids = {r.source_import_id for group in (mods, pays, budgets, milestones) for rows in group.values() for r in rows}
    import_ids |= {c.source_import_id for c in contracts}
    import_ids.discard(None)
    files = dict(session.execute(select(ImportRecord.id, ImportRecord.file_name)
                                 .where(ImportRecord.id.in_(import_ids))).all()) if import_ids else {}
    return [build_dto(c, mods.get(c.id, []), pays.get(c.id, []), budgets.get(c.id, []), links.get(c.id, []), files,
                      milestones=milestones.get(c.id, [])) for c in contracts]


# --------------------------------------------------------------------------- service


class ContractService:
    """Manual CRUD, reading and work links for contracts (imports live in services/imports.py)."""

    def __init__(self, db: Database, identity: Identity) -> None:
        self.db = db
        self.identity = identity

    # -- reading ----------------------------------------------------------------------------
    def get(self, contract_id: str) -> ContractDTO:
        with self.db.read() as session:
            contract = self._load(session, contract_id)
            return load_dtos(session, [contract])[0]

    def find(self, ref: str) -> ContractDTO:
        """By internal id, SECOP id, source key or contract number (CLI convenience)."""
        with self.db.read() as session:
            contract = session.get(Contract, ref)
            if contract is None:
                contract = session.scalars(select(Contract).where(
                    or_(Contract.secop_id == ref, Contract.source_key == ref, Contract.number == ref))
                    .order_by(Contract.created_at).limit(1)).first()
            if contract is None:
                raise NotFoundError(f"No existe el contrato «{ref}».")
            return load_dtos(session, [contract])[0]

    def _filtered(self, query: ContractQuery):
        stmt = select(Contract)
        if not query.include_archived:
            stmt = stmt.where(Contract.archived.is_(False))
        for token in fold(query.text).split():
            stmt = stmt.where(Contract.search_text.like(f"%{token}%"))
        if query.work_id:
            stmt = stmt.where(Contract.id.in_(select(ContractWork.contract_id).where(ContractWork.work_id == query.work_id)))
        return stmt

    def count(self, query: ContractQuery = ContractQuery()) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(self._filtered(query).subquery())) or 0

    def page(self, query: ContractQuery = ContractQuery(), offset: int = 0, limit: int = 200) -> list[ContractRowDTO]:
        """One page of list rows, newest signature first; money sums in two grouped queries."""
        with self.db.read() as session:
            stmt = self._filtered(query).order_by(Contract.signed_date.desc().nulls_last(), Contract.id)
            contracts = list(session.scalars(stmt.offset(offset).limit(limit)))
            ids = [c.id for c in contracts]
            added = dict(session.execute(
                select(ContractModification.contract_id, func.sum(ContractModification.value_change))
                .where(ContractModification.contract_id.in_(ids)).group_by(ContractModification.contract_id)).all())
            paid = dict(session.execute(
                select(Payment.contract_id, func.sum(Payment.amount))
                .where(Payment.contract_id.in_(ids)).group_by(Payment.contract_id)).all())
            rows = []
            for c in contracts:
                current = None if c.initial_value is None else c.initial_value + Decimal(added.get(c.id) or 0)
                paid_value = Decimal(paid[c.id]) if c.id in paid else c.reported_paid_value
                rows.append(ContractRowDTO(c.id, c.secop_id, c.number, c.entity, c.entity_nit, c.contractor,
                                           c.contractor_id, c.object, c.initial_value, current, paid_value,
                                           c.start_date, c.end_date, c.status, c.currency))
            return rows

    def list(self, query: ContractQuery = ContractQuery()) -> list[ContractDTO]:
        """Full DTOs (CLI `contracts list`, reports); for screens use `page`."""
        with self.db.read() as session:
            contracts = list(session.scalars(self._filtered(query).order_by(
                Contract.signed_date.desc().nulls_last(), Contract.id)))
            return load_dtos(session, contracts)

    def for_work(self, work_id: str) -> list[ContractDTO]:
        return self.list(ContractQuery(work_id=work_id))

    def boq(self, contract_id: str) -> list[BoqItemDTO]:
        with self.db.read() as session:
            rows = list(session.scalars(select(BoqItem).where(BoqItem.contract_id == contract_id)
                                        .order_by(BoqItem.position, BoqItem.code)))
            files = self._files(session, rows)
            return [BoqItemDTO(r.id, r.contract_id, r.code, r.description, r.unit, r.quantity, r.unit_price, r.total,
                               r.chapter, r.position, _source(r, files)) for r in rows]

    def schedule(self, contract_id: str) -> list[SchedulePointDTO]:
        with self.db.read() as session:
            rows = list(session.scalars(select(SchedulePoint).where(SchedulePoint.contract_id == contract_id)
                                        .order_by(SchedulePoint.date)))
            files = self._files(session, rows)
            return [SchedulePointDTO(r.id, r.contract_id, r.date, r.planned_percent, _source(r, files)) for r in rows]

    def progress_reports(self, contract_id: str) -> list[ProgressReportDTO]:
        with self.db.read() as session:
            rows = list(session.scalars(select(ProgressReport).where(ProgressReport.contract_id == contract_id)
                                        .order_by(ProgressReport.date)))
            files = self._files(session, rows)
            return [ProgressReportDTO(r.id, r.contract_id, r.date, r.kind, r.planned_percent, r.actual_percent,
                                      r.description, _source(r, files)) for r in rows]

    @staticmethod
    def _files(session: Session, rows: Sequence[Any]) -> dict[str, str]:
        ids = {r.source_import_id for r in rows if r.source_import_id}
        if not ids:
            return {}
        return dict(session.execute(select(ImportRecord.id, ImportRecord.file_name).where(ImportRecord.id.in_(ids))).all())

    # -- manual entry -------------------------------------------------------------------------
    def validate(self, fields: ContractFields) -> dict[str, Any]:
        """Clean column values from the form; raises ValidationError naming the field."""
        def text(value: str) -> Optional[str]:
            value = " ".join((value or "").split())
            return value or None

        values: dict[str, Any] = {
            name: text(getattr(fields, name)) for name in (
                "number", "secop_id", "process_id", "url", "entity", "contractor", "contractor_id_type", "object",
                "modality", "contract_type", "status", "supervisor", "funding_sources", "bpin")
        }
        if not values["number"] and not values["secop_id"]:
            raise ValidationError("Escriba el número del contrato o su ID de SECOP.", field="number")
        if not values["entity"]:
            raise ValidationError("Escriba la entidad contratante.", field="entity")
        if not values["object"]:
            raise ValidationError("Escriba el objeto del contrato.", field="object")
        values["entity_nit"] = normalise_nit(fields.entity_nit, "NIT de la entidad")
        values["contractor_id"] = normalise_document(fields.contractor_id, values["contractor_id_type"])
        for name in ("initial_value", "advance_value"):
            value = getattr(fields, name)
            if value is not None:
                try:
                    value = Decimal(value).quantize(Decimal("0.01"))
                except (InvalidOperation, ValueError):
                    raise ValidationError(f"El {FIELD_LABELS[name]} no es un número.", field=name) from None
                if value < 0:
                    raise ValidationError(f"El {FIELD_LABELS[name]} no puede ser negativo.", field=name)
            values[name] = value
        if values["initial_value"] is None:
            raise ValidationError("Escriba el valor del contrato.", field="initial_value")
        if values["advance_value"] is not None and values["advance_value"] > values["initial_value"]:
            raise ValidationError("El anticipo no puede ser mayor que el valor del contrato.", field="advance_value")
        for name in ("signed_date", "start_date", "end_date", "termination_date", "liquidation_date"):
            values[name] = getattr(fields, name)
        if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
            raise ValidationError("La fecha de terminación prevista es anterior a la fecha de inicio.", field="end_date")
        kind = (fields.supervision_kind or "").strip().lower()
        if kind and kind not in ("supervisor", "interventor"):
            raise ValidationError("El tipo de supervisión debe ser «supervisor» o «interventor».", field="supervision_kind")
        values["supervision_kind"] = kind or None
        values["currency"] = "COP"
        if values["url"] and not re.match(r"https?://", values["url"]):
            raise ValidationError("El enlace debe empezar por http:// o https://.", field="url")
        return values

    def create(self, fields: ContractFields, *, work_id: Optional[str] = None) -> ContractDTO:
        self.identity.require(Permission.WRITE)
        values = self.validate(fields)
        with self.db.transaction() as session:
            if values["secop_id"] and session.scalar(select(Contract.id).where(Contract.secop_id == values["secop_id"])):
                raise ValidationError(f"Ya existe un contrato con el ID de SECOP {values['secop_id']}.", field="secop_id")
            contract = Contract(typed_by=self.identity.actor.username, archived=False,
                                source_key=values["secop_id"], search_text=search_text_for(values), **values)
            session.add(contract)
            session.flush()
            record_audit(session, self.identity.actor, "create", "contract", contract.id, None,
                         snapshot(contract, CONTRACT_FIELDS),
                         f"Contrato registrado a mano: {contract.number or contract.secop_id}")
            if work_id:
                self._link(session, contract.id, work_id)
            session.flush()
            return load_dtos(session, [contract])[0]

    def update(self, contract_id: str, fields: ContractFields, *, expected_version: Optional[int] = None) -> ContractDTO:
        self.identity.require(Permission.WRITE)
        values = self.validate(fields)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            if expected_version is not None and contract.version != expected_version and not already_holds(
                    contract, {k: v for k, v in values.items() if not (k == "currency" and contract.currency)}):
                raise ConflictError("Otra persona modificó este contrato mientras usted lo editaba. "
                                    "Vuelva a abrirlo y repita el cambio.")
            old = snapshot(contract, CONTRACT_FIELDS)
            for name, value in values.items():
                if name == "currency" and contract.currency:
                    continue
                setattr(contract, name, value)
            new = snapshot(contract, CONTRACT_FIELDS)
            before, after = changed_fields(old, new)
            if before or after:
                contract.typed_by = self.identity.actor.username
                contract.search_text = search_text_for(snapshot(contract, CONTRACT_FIELDS))
                changes = "; ".join(f"{FIELD_LABELS.get(k, k)}: {before[k]} → {after[k]}" for k in after)
                record_audit(session, self.identity.actor, "update", "contract", contract.id, before, after,
                             f"Contrato {contract.number or contract.secop_id} editado a mano ({changes})")
            session.flush()
            return load_dtos(session, [contract])[0]

    def archive(self, contract_id: str, archived: bool = True) -> ContractDTO:
        self.identity.require(Permission.ARCHIVE)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            if contract.archived != archived:
                contract.archived = archived
                record_audit(session, self.identity.actor, "archive" if archived else "restore", "contract",
                             contract.id, {"archived": not archived}, {"archived": archived},
                             f"Contrato {contract.number or contract.secop_id} {'archivado' if archived else 'restaurado'}")
            session.flush()
            return load_dtos(session, [contract])[0]

    def add_modification(self, contract_id: str, kind: str, date: dt.date, *, value_change: Optional[Decimal] = None,
                         days_change: Optional[int] = None, new_end_date: Optional[dt.date] = None,
                         end_date: Optional[dt.date] = None, act_number: str = "", reason: str = "") -> ModificationDTO:
        """Type a modification act by hand (adición needs a value, prórroga days or a new end)."""
        self.identity.require(Permission.WRITE)
        if kind not in MODIFICATION_LABELS:
            raise ValidationError(f"Tipo de modificación «{kind}» desconocido. Opciones: {', '.join(MODIFICATION_LABELS)}.",
                                  field="kind")
        if date is None:
            raise ValidationError("Escriba la fecha del acto de modificación.", field="date")
        if kind == "adicion" and not value_change:
            raise ValidationError("Una adición necesita el valor adicionado.", field="value_change")
        if kind == "prorroga" and not days_change and not new_end_date:
            raise ValidationError("Una prórroga necesita los días prorrogados o la nueva fecha de terminación.",
                                  field="days_change")
        carried = prog.TERM_FIELDS.get(kind, frozenset())
        for name, value, label in (("days_change", days_change, "los días"),
                                   ("new_end_date", new_end_date, "la nueva fecha de terminación"),
                                   ("end_date", end_date, "el fin de la suspensión")):
            if value and name not in carried:
                raise ValidationError(
                    f"Una modificación de tipo «{MODIFICATION_LABELS[kind]}» no cambia el plazo: deje vacío {label}. "
                    "Si el mismo acto también prorroga o suspende el contrato, regístrelo además como prórroga "
                    "o suspensión.", field=name)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            mod = ContractModification(contract_id=contract.id, kind=kind, date=date, value_change=value_change,
                                       days_change=days_change, new_end_date=new_end_date, end_date=end_date,
                                       act_number=act_number or None, reason=reason or None,
                                       typed_by=self.identity.actor.username)
            session.add(mod)
            session.flush()
            fields = ("kind", "date", "value_change", "days_change", "new_end_date", "end_date", "act_number", "reason")
            record_audit(session, self.identity.actor, "create", "contract_modification", mod.id, None,
                         snapshot(mod, fields),
                         f"{MODIFICATION_LABELS[kind]} registrada en el contrato {contract.number or contract.secop_id}")
            return _mod_dto(mod, {})

    def add_payment(self, contract_id: str, date: dt.date, amount: Decimal, kind: str = "pago",
                    document: str = "") -> PaymentDTO:
        """Type a payment by hand (anticipo, acta parcial, acta final)."""
        self.identity.require(Permission.WRITE)
        if kind not in PAYMENT_LABELS:
            raise ValidationError(f"Tipo de pago «{kind}» desconocido. Opciones: {', '.join(PAYMENT_LABELS)}.", field="kind")
        if amount is None or Decimal(amount) <= 0:
            raise ValidationError("El valor del pago debe ser mayor que cero.", field="amount")
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            pay = Payment(contract_id=contract.id, date=date, amount=Decimal(amount), kind=kind,
                          document=document or None, typed_by=self.identity.actor.username)
            session.add(pay)
            session.flush()
            record_audit(session, self.identity.actor, "create", "payment", pay.id, None,
                         snapshot(pay, ("date", "amount", "kind", "document")),
                         f"{PAYMENT_LABELS[kind]} registrado en el contrato {contract.number or contract.secop_id}")
            return _pay_dto(pay, {})

    # -- budget allocations -----------------------------------------------------------------------
    def budget(self, contract_id: str, *, include_archived: bool = False) -> list[BudgetAllocationDTO]:
        """The contract's budget allocations (vigencia, fuente, rubro, CDP, RP), oldest vigencia first."""
        with self.db.read() as session:
            self._load(session, contract_id)
            stmt = select(BudgetAllocation).where(BudgetAllocation.contract_id == contract_id)
            if not include_archived:
                stmt = stmt.where(BudgetAllocation.archived.is_(False))
            rows = list(session.scalars(stmt))
            files = self._files(session, rows)
            return sorted((_budget_dto(r, files) for r in rows), key=_budget_sort_key)

    def get_budget(self, allocation_id: str) -> BudgetAllocationDTO:
        with self.db.read() as session:
            row = self._load_budget(session, allocation_id)
            return _budget_dto(row, self._files(session, [row]))

    @staticmethod
    def validate_budget(fields: BudgetFields) -> dict[str, Any]:
        """Clean column values of a budget allocation; raises ValidationError naming the field."""
        def text(value: Any) -> Optional[str]:
            value = " ".join(str(value or "").split())
            return value or None

        raw = fields.vigencia
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise ValidationError("Escriba la vigencia: el año del presupuesto, p. ej. 2026.", field="vigencia")
        try:
            vigencia = int(str(raw).strip())
        except ValueError:
            raise ValidationError(f"La vigencia «{raw}» no es un año: escriba cuatro cifras, p. ej. 2026.",
                                  field="vigencia") from None
        if not MIN_VIGENCIA <= vigencia <= MAX_VIGENCIA:
            raise ValidationError(f"La vigencia {vigencia} no es un año válido: debe estar entre {MIN_VIGENCIA} y "
                                  f"{MAX_VIGENCIA}.", field="vigencia")
        values: dict[str, Any] = {"vigencia": vigencia, "funding_source": funding_code(fields.funding_source)}
        for name in ("rubro", "cdp_number", "rp_number", "description"):
            values[name] = text(getattr(fields, name))
        for name in ("amount", "cdp_amount", "rp_amount"):
            value = getattr(fields, name)
            if value is not None:
                try:
                    value = Decimal(value).quantize(Decimal("0.01"))
                    if not value.is_finite():
                        raise InvalidOperation(name)
                except (InvalidOperation, ValueError, TypeError):
                    raise ValidationError(f"El {BUDGET_LABELS[name]} no es un número.", field=name) from None
                if value < 0:
                    raise ValidationError(f"El {BUDGET_LABELS[name]} no puede ser negativo.", field=name)
                if value >= MAX_PESOS:
                    raise ValidationError(f"El {BUDGET_LABELS[name]} es demasiado grande.", field=name)
            values[name] = value
        for name in ("rubro", "cdp_number", "rp_number", "description"):
            limit = BudgetAllocation.__table__.c[name].type.length
            if values[name] and len(values[name]) > limit:
                raise ValidationError(f"El {BUDGET_LABELS[name]} es demasiado largo (máximo {limit} caracteres).",
                                      field=name)
        if not any(values[n] is not None for n in ("rubro", "amount", "cdp_number", "cdp_amount", "rp_number",
                                                   "rp_amount")):
            raise ValidationError("Escriba al menos el rubro, el valor, el CDP o el RP de la asignación.", field="rubro")
        return values

    def add_budget(self, contract_id: str, fields: BudgetFields) -> BudgetAllocationDTO:
        """Type a budget allocation from the CDP/RP papers the entity sent."""
        self.identity.require(Permission.WRITE)
        values = self.validate_budget(fields)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            row = BudgetAllocation(contract_id=contract.id, typed_by=self.identity.actor.username, archived=False,
                                   **values)
            session.add(row)
            session.flush()
            record_audit(session, self.identity.actor, "create", "budget_allocation", row.id, None,
                         snapshot(row, BUDGET_FIELDS),
                         f"Asignación presupuestal {FUNDING_LABELS[row.funding_source]} {row.vigencia} registrada en "
                         f"el contrato {contract.number or contract.secop_id}")
            return _budget_dto(row, {})

    def update_budget(self, allocation_id: str, fields: BudgetFields, *,
                      expected_version: Optional[int] = None) -> BudgetAllocationDTO:
        """Correct an allocation (typed or imported); the row then says who corrected it."""
        self.identity.require(Permission.WRITE)
        values = self.validate_budget(fields)
        with self.db.transaction() as session:
            row = self._load_budget(session, allocation_id)
            if expected_version is not None and row.version != expected_version and not already_holds(row, values):
                raise ConflictError("Otra persona modificó esta asignación presupuestal mientras usted la editaba. "
                                    "Vuelva a abrirla y repita el cambio.")
            old = snapshot(row, BUDGET_FIELDS)
            for name, value in values.items():
                setattr(row, name, value)
            before, after = changed_fields(old, snapshot(row, BUDGET_FIELDS))
            if before or after:
                row.typed_by = self.identity.actor.username
                contract = session.get(Contract, row.contract_id)
                changes = "; ".join(f"{BUDGET_LABELS[k]}: {before[k]} → {after[k]}" for k in after)
                record_audit(session, self.identity.actor, "update", "budget_allocation", row.id, before, after,
                             f"Asignación presupuestal del contrato {contract.number or contract.secop_id} "
                             f"editada ({changes})")
            session.flush()
            return _budget_dto(row, self._files(session, [row]))

    def archive_budget(self, allocation_id: str, archived: bool = True) -> BudgetAllocationDTO:
        """Take an allocation out of the contract (kept, audited, and not revived by a re-import)."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            row = self._load_budget(session, allocation_id)
            if bool(row.archived) != archived:
                row.archived = archived
                contract = session.get(Contract, row.contract_id)
                record_audit(session, self.identity.actor, "archive" if archived else "restore", "budget_allocation",
                             row.id, {"archived": not archived}, {"archived": archived},
                             f"Asignación presupuestal {FUNDING_LABELS.get(row.funding_source, row.funding_source)} "
                             f"{row.vigencia or ''} del contrato {contract.number or contract.secop_id} "
                             f"{'retirada' if archived else 'restaurada'}")
            session.flush()
            return _budget_dto(row, self._files(session, [row]))

    @staticmethod
    def _load_budget(session: Session, allocation_id: str) -> BudgetAllocation:
        row = session.get(BudgetAllocation, allocation_id)
        if row is None:
            raise NotFoundError(f"No existe la asignación presupuestal «{allocation_id}».")
        return row

    # -- works ----------------------------------------------------------------------------------
    def link(self, contract_id: str, work_id: str) -> ContractDTO:
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            self._link(session, contract.id, work_id)
            session.flush()
            return load_dtos(session, [contract])[0]

    def _link(self, session: Session, contract_id: str, work_id: str) -> bool:
        work = session.get(Work, work_id)
        if work is None:
            raise NotFoundError(f"No existe la obra «{work_id}».")
        exists = session.scalar(select(ContractWork.id).where(
            and_(ContractWork.contract_id == contract_id, ContractWork.work_id == work_id)))
        if exists:
            return False
        link = ContractWork(contract_id=contract_id, work_id=work_id, linked_by=self.identity.actor.username)
        session.add(link)
        session.flush()
        record_audit(session, self.identity.actor, "link", "contract", contract_id, None, {"work_id": work_id},
                     f"Contrato vinculado a la obra «{work.name}»")
        return True

    def unlink(self, contract_id: str, work_id: str) -> ContractDTO:
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            contract = self._load(session, contract_id)
            self._unlink_one(session, contract_id, work_id)
            session.flush()
            return load_dtos(session, [contract])[0]

    def unlink_many(self, contract_ids: Sequence[str], work_id: str) -> int:
        """Unlink several contracts from a work in one transaction (all or none, each audited):
        the way out of an import that linked the wrong ones. Returns how many were unlinked."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            for contract_id in dict.fromkeys(contract_ids):
                self._load(session, contract_id)
                self._unlink_one(session, contract_id, work_id)
            session.flush()
        return len(dict.fromkeys(contract_ids))

    def _unlink_one(self, session: Session, contract_id: str, work_id: str) -> None:
        link = session.scalars(select(ContractWork).where(
            and_(ContractWork.contract_id == contract_id, ContractWork.work_id == work_id))).first()
        if link is None:
            raise NotFoundError("Ese contrato no está vinculado a esa obra.")
        session.delete(link)
        record_audit(session, self.identity.actor, "unlink", "contract", contract_id, {"work_id": work_id}, None,
                     "Contrato desvinculado de la obra")

    def suggestions_for_work(self, work_id: str, limit: int = 10) -> list[tuple[ContractRowDTO, str]]:
        """Contracts that may belong to a work: same BPIN first, then words of its name/barrio
        found in the object. Returns (row, reason) pairs; already linked contracts are left out."""
        with self.db.read() as session:
            work = session.get(Work, work_id)
            if work is None:
                raise NotFoundError(f"No existe la obra «{work_id}».")
            linked = select(ContractWork.contract_id).where(ContractWork.work_id == work_id)
            found: dict[str, str] = {}
            if work.bpin:
                for cid in session.scalars(select(Contract.id).where(Contract.bpin == work.bpin.strip(),
                                                                     Contract.archived.is_(False),
                                                                     Contract.id.not_in(linked)).limit(limit)):
                    found[cid] = f"mismo BPIN ({work.bpin})"
            stop = {"de", "del", "la", "las", "los", "el", "en", "y", "para", "con", "por", "barrio", "sector", "obra"}
            words = [w for w in re.findall(r"[a-z0-9ñ]+", fold(f"{work.name} {work.barrio}")) if len(w) > 3 and w not in stop]
            if words and len(found) < limit:
                score = sum(Contract.search_text.contains(w).cast(prog_int()) for w in words)  # portable (no instr)
                stmt = (select(Contract.id, score.label("s")).where(Contract.archived.is_(False), Contract.id.not_in(linked))
                        .order_by(score.desc()).limit(limit * 2))
                for cid, s in session.execute(stmt):
                    if s and s >= min(2, len(words)) and cid not in found and len(found) < limit:
                        found[cid] = f"{s} palabras del nombre de la obra en el objeto"
        rows = {r.id: r for r in self._rows_by_id(list(found))}
        return [(rows[cid], reason) for cid, reason in found.items() if cid in rows]

    def _rows_by_id(self, ids: list[str]) -> list[ContractRowDTO]:
        if not ids:
            return []
        with self.db.read() as session:
            contracts = list(session.scalars(select(Contract).where(Contract.id.in_(ids))))
            dtos = load_dtos(session, contracts)
        return [ContractRowDTO(d.id, d.secop_id, d.number, d.entity, d.entity_nit, d.contractor, d.contractor_id,
                               d.object, d.initial_value, d.current_value, d.paid_value, d.start_date, d.end_date,
                               d.status, d.currency) for d in dtos]

    @staticmethod
    def _load(session: Session, contract_id: str) -> Contract:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError(f"No existe el contrato «{contract_id}».")
        return contract


def funding_code(value: Optional[str]) -> str:
    """`sgp`, `regalias`… from a code or its label, whatever the accents, case or spaces."""
    key = re.sub(r"[\s-]+", "_", fold(value or "").strip())
    if not key:
        return "otro"
    for code, label in FUNDING_LABELS.items():
        if key in (code, re.sub(r"\s+", "_", fold(label))):
            return code
    raise ValidationError(f"Fuente de financiación «{value}» desconocida. Opciones: "
                          f"{', '.join(f'{c} ({l})' for c, l in FUNDING_LABELS.items())}.", field="funding_source")


def prog_int():
    """SQL Integer type for boolean sums (kept here to avoid a long import line above)."""
    from sqlalchemy import Integer
    return Integer()
