"""Contracts and budget (issue 3): contracts, their works, modifications, payments, budget
allocations, bill of quantities, planned schedule, reported progress and import records.

Provenance: every row keeps where its values came from — `source_import_id` (the import
record, hence the file and its SHA-256) or `typed_by` (the user who typed it). Rows that come
from a source also keep `source_key`/`source_id`, the identifier in that source, so a
re-import updates them instead of duplicating them.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from veeduria_app.db.base import Base, RecordMixin, UTCDateTime, utcnow


class ImportRecord(RecordMixin, Base):
    """One imported file: what, when, by whom, and what it did."""

    __tablename__ = "import_records"

    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    format: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120))
    read_count: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[Optional[list]] = mapped_column(JSON, nullable=True)  # first 1000 {row, reason}
    work_id: Mapped[Optional[str]] = mapped_column(String(36), nullable=True)
    contract_id: Mapped[Optional[str]] = mapped_column(String(36), nullable=True)
    details: Mapped[Optional[dict]] = mapped_column(JSON, nullable=True)


class Contract(RecordMixin, Base):
    """A contract (works, interventoría, supplies...) as the sources and the users describe it.

    `initial_value` is the value as signed; the current value and end date are computed from
    the modifications (services/contracts.py). `reported_*` columns are what SECOP says
    (aggregate paid value, added days) and are shown next to our own computation.
    """

    __tablename__ = "contracts"
    __table_args__ = (
        Index("ix_contracts_secop_id", "secop_id"),
        Index("ix_contracts_process_id", "process_id"),
        Index("ix_contracts_number", "number"),
        Index("ix_contracts_bpin", "bpin"),
        Index("ix_contracts_signed_date", "signed_date"),
    )

    source_key: Mapped[Optional[str]] = mapped_column(String(200), unique=True, nullable=True)
    secop_id: Mapped[Optional[str]] = mapped_column(String(60), nullable=True)
    process_id: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    number: Mapped[Optional[str]] = mapped_column(String(200), nullable=True)
    url: Mapped[Optional[str]] = mapped_column(String(500), nullable=True)
    entity: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    entity_nit: Mapped[Optional[str]] = mapped_column(String(30), nullable=True)
    contractor: Mapped[Optional[str]] = mapped_column(String(500), nullable=True)
    contractor_id: Mapped[Optional[str]] = mapped_column(String(40), nullable=True)
    contractor_id_type: Mapped[Optional[str]] = mapped_column(String(60), nullable=True)
    object: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    modality: Mapped[Optional[str]] = mapped_column(String(200), nullable=True)
    contract_type: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    initial_value: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    currency: Mapped[Optional[str]] = mapped_column(String(3), nullable=True)
    advance_value: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    signed_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)  # planned, as signed
    termination_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    liquidation_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    status: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    supervisor: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    supervision_kind: Mapped[Optional[str]] = mapped_column(String(20), nullable=True)  # supervisor | interventor
    funding_sources: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    bpin: Mapped[Optional[str]] = mapped_column(String(40), nullable=True)
    city: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    reported_paid_value: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    reported_invoiced_value: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    reported_added_days: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    search_text: Mapped[str] = mapped_column(Text, default="")  # lower-case, no accents
    source_import_id: Mapped[Optional[str]] = mapped_column(ForeignKey("import_records.id"), nullable=True)
    typed_by: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class ContractWork(RecordMixin, Base):
    """Link between a contract and a watched work (a work may have several contracts)."""

    __tablename__ = "contract_works"
    __table_args__ = (
        UniqueConstraint("contract_id", "work_id", name="uq_contract_works_contract_work"),
        Index("ix_contract_works_work", "work_id"),
    )

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    work_id: Mapped[str] = mapped_column(ForeignKey("works.id"), nullable=False)
    linked_by: Mapped[str] = mapped_column(String(120), default="")


class _ContractChild:
    """Columns shared by everything that hangs from a contract and may come from a file."""

    source_id: Mapped[Optional[str]] = mapped_column(String(200), nullable=True)
    source_import_id: Mapped[Optional[str]] = mapped_column(ForeignKey("import_records.id"), nullable=True)
    typed_by: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)


class ContractModification(_ContractChild, RecordMixin, Base):
    """Adición, prórroga, suspensión, reinicio, cesión or otrosí."""

    __tablename__ = "contract_modifications"
    __table_args__ = (Index("ix_contract_modifications_contract", "contract_id"),)

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    value_change: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    days_change: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    new_end_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)  # suspension end, if fixed
    act_number: Mapped[Optional[str]] = mapped_column(String(120), nullable=True)
    reason: Mapped[Optional[str]] = mapped_column(Text, nullable=True)


class Payment(_ContractChild, RecordMixin, Base):
    """Money paid to the contractor: anticipo, acta parcial, acta final or plain payment."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_contract", "contract_id"),)

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    kind: Mapped[str] = mapped_column(String(20), default="pago")
    document: Mapped[Optional[str]] = mapped_column(String(500), nullable=True)


class BudgetAllocation(_ContractChild, RecordMixin, Base):
    """Budget backing a contract: vigencia, rubro, funding source, CDP and RP."""

    __tablename__ = "budget_allocations"
    __table_args__ = (Index("ix_budget_allocations_contract", "contract_id"),)

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    vigencia: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    rubro: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    funding_source: Mapped[str] = mapped_column(String(30), default="otro")
    amount: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    cdp_number: Mapped[Optional[str]] = mapped_column(String(60), nullable=True)
    cdp_amount: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    rp_number: Mapped[Optional[str]] = mapped_column(String(60), nullable=True)
    rp_amount: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    description: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # removed by a user


class ContractMilestone(_ContractChild, RecordMixin, Base):
    """A milestone of a contract as OCDS/OC4IDS publishes it (delivery, payment, reporting...).

    `section` says where the source listed it: `contrato` (contracts[].milestones, or an
    OC4IDS contracting process) or `ejecucion` (contracts[].implementation.milestones).
    """

    __tablename__ = "contract_milestones"
    __table_args__ = (Index("ix_contract_milestones_contract", "contract_id"),)

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    section: Mapped[str] = mapped_column(String(20), default="contrato")
    title: Mapped[Optional[str]] = mapped_column(String(500), nullable=True)
    milestone_type: Mapped[Optional[str]] = mapped_column(String(60), nullable=True)
    status: Mapped[Optional[str]] = mapped_column(String(30), nullable=True)
    due_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    date_met: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    date_modified: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    description: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    value: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    currency: Mapped[Optional[str]] = mapped_column(String(3), nullable=True)


class BoqItem(_ContractChild, RecordMixin, Base):
    """One line of the bill of quantities; `code` is stable across re-imports, so visits that
    recorded observed quantities against this id keep pointing at the same line."""

    __tablename__ = "boq_items"
    __table_args__ = (
        UniqueConstraint("contract_id", "code", name="uq_boq_items_contract_code"),
    )

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    code: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    unit: Mapped[Optional[str]] = mapped_column(String(30), nullable=True)
    quantity: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 4), nullable=True)
    unit_price: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    total: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 2), nullable=True)
    chapter: Mapped[Optional[str]] = mapped_column(String(300), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SchedulePoint(_ContractChild, RecordMixin, Base):
    """Planned cumulative progress at a date (S-curve of the cronograma)."""

    __tablename__ = "schedule_points"
    __table_args__ = (
        UniqueConstraint("contract_id", "date", name="uq_schedule_points_contract_date"),
    )

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date)
    planned_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class ProgressReport(_ContractChild, RecordMixin, Base):
    """Progress reported by others (SECOP II Ejecución, OC4IDS metrics, interventoría)."""

    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_reports_contract", "contract_id"),)

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="fisico")  # fisico | financiero
    planned_percent: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2), nullable=True)
    actual_percent: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2), nullable=True)
    description: Mapped[Optional[str]] = mapped_column(Text, nullable=True)


__all__ = [
    "ImportRecord", "Contract", "ContractWork", "ContractModification", "Payment", "BudgetAllocation",
    "ContractMilestone", "BoqItem", "SchedulePoint", "ProgressReport",
]
