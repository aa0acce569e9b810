"""Plain records produced by every parser; the import service turns them into rows.

Why plain frozen dataclasses: parsers stay free of the database, are testable on the real
sample files alone, and every source (SECOP CSV/JSON, OCDS, OC4IDS, spreadsheets) meets the
service in one shape. `None` always means "this file does not say" — the service keeps the
stored value then, so a file with fewer columns never erases what another file brought.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

MODIFICATION_KINDS = ("adicion", "prorroga", "suspension", "reinicio", "cesion", "otrosi")
PAYMENT_KINDS = ("anticipo", "acta_parcial", "acta_final", "pago")
FUNDING_SOURCES = ("sgp", "regalias", "recursos_propios", "credito", "otro")


CONTRACT_VALUE_FIELDS = (
    "secop_id", "process_id", "number", "url", "entity", "entity_nit", "contractor", "contractor_id",
    "contractor_id_type", "object", "modality", "contract_type", "initial_value", "currency", "advance_value",
    "signed_date",
    "start_date", "end_date", "liquidation_date", "status", "supervisor", "funding_sources", "bpin", "city",
    "reported_paid_value", "reported_invoiced_value", "reported_added_days",
)
"""The `ContractRecord` fields that are copied, as they are, to the stored contract's columns
(the SECOP column parser fills exactly these; the import service compares and writes them)."""


@dataclass(frozen=True)
class RowError:
    """A row that could not be imported: `row` is the spreadsheet row (header = 1) or the
    position of the record in a JSON file (first = 1); `reason` is Spanish."""

    row: int
    reason: str


@dataclass(frozen=True)
class ModificationRecord:
    """Adición, prórroga, suspensión, reinicio, cesión u otrosí of a contract."""

    contract_key: str
    source_id: Optional[str]
    kind: str
    date: Optional[dt.date] = None
    value_change: Optional[Decimal] = None
    days_change: Optional[int] = None
    act_number: Optional[str] = None
    reason: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class PaymentRecord:
    """A payment (OCDS transaction, SECOP invoice paid, or typed)."""

    contract_key: str
    source_id: Optional[str]
    date: Optional[dt.date]
    amount: Decimal
    kind: str = "pago"
    document: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BudgetRecord:
    """Budget allocation backing a contract: vigencia, rubro, source, CDP and RP."""

    contract_key: str
    source_id: Optional[str]
    vigencia: Optional[int] = None
    rubro: Optional[str] = None
    funding_source: Optional[str] = None  # None: the file does not say (a new row is stored as «otro»)
    cdp_number: Optional[str] = None
    cdp_amount: Optional[Decimal] = None
    rp_number: Optional[str] = None
    rp_amount: Optional[Decimal] = None
    amount: Optional[Decimal] = None
    description: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class MilestoneRecord:
    """A contract milestone (OCDS `contracts[].milestones`, `contracts[].implementation.milestones`,
    OC4IDS `contractingProcesses[].summary.milestones`). `source_id` is the milestone id prefixed
    with where it was listed, so the same id in both lists stays two milestones."""

    contract_key: str
    source_id: str
    section: str = "contrato"  # contrato | ejecucion
    title: Optional[str] = None
    milestone_type: Optional[str] = None
    status: Optional[str] = None
    due_date: Optional[dt.date] = None
    date_met: Optional[dt.date] = None
    date_modified: Optional[dt.date] = None
    description: Optional[str] = None
    value: Optional[Decimal] = None
    currency: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ProgressRecord:
    """Reported progress (SECOP II Ejecución, OC4IDS metrics): planned and actual percent."""

    contract_key: str
    source_id: str
    date: Optional[dt.date]
    planned_percent: Optional[Decimal] = None
    actual_percent: Optional[Decimal] = None
    kind: str = "fisico"  # fisico | financiero
    description: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ContractRecord:
    """One contract as a source describes it. `source_key` identifies it across files:
    the SECOP II contract id (`CO1.PCCNTR.n`) when known, else `ocid/contract-id`, the SECOP I
    constancia/contract number, the process id, or a content fingerprint for rows without ids.
    """

    source_key: str
    row: int = field(default=0, compare=False)
    secop_id: Optional[str] = None
    process_id: Optional[str] = None
    number: Optional[str] = None
    url: Optional[str] = None
    entity: Optional[str] = None
    entity_nit: Optional[str] = None
    contractor: Optional[str] = None
    contractor_id: Optional[str] = None
    contractor_id_type: Optional[str] = None
    object: Optional[str] = None
    modality: Optional[str] = None
    contract_type: Optional[str] = None
    initial_value: Optional[Decimal] = None
    currency: Optional[str] = None
    advance_value: Optional[Decimal] = None  # the advance payment (anticipo / pago adelantado)
    signed_date: Optional[dt.date] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    status: Optional[str] = None
    supervisor: Optional[str] = None
    funding_sources: Optional[str] = None
    bpin: Optional[str] = None
    city: Optional[str] = None
    reported_paid_value: Optional[Decimal] = None
    reported_invoiced_value: Optional[Decimal] = None
    reported_added_days: Optional[int] = None
    liquidation_date: Optional[dt.date] = None
    modifications: tuple[ModificationRecord, ...] = ()
    payments: tuple[PaymentRecord, ...] = ()
    budget: tuple[BudgetRecord, ...] = ()
    progress: tuple[ProgressRecord, ...] = ()
    milestones: tuple[MilestoneRecord, ...] = ()


@dataclass(frozen=True)
class BoqItemRecord:
    """One line of the bill of quantities (presupuesto de obra)."""

    code: str
    description: str
    unit: Optional[str]
    quantity: Optional[Decimal]
    unit_price: Optional[Decimal]
    total: Optional[Decimal]
    chapter: Optional[str] = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SchedulePointRecord:
    """Planned cumulative progress at a date: one point of the S-curve."""

    date: dt.date
    planned_percent: Decimal
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ProjectRecord:
    """An OC4IDS project: its identity, money and the metrics a veeduría compares."""

    source_key: str
    title: str
    status: Optional[str] = None
    description: Optional[str] = None
    budget_amount: Optional[Decimal] = None
    currency: Optional[str] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    completion_end_date: Optional[dt.date] = None
    completion_final_value: Optional[Decimal] = None
    completion_details: Optional[str] = None
    physical_progress: tuple[tuple[dt.date, Decimal], ...] = ()
    financial_progress: tuple[tuple[dt.date, Decimal], ...] = ()
    contract_keys: tuple[str, ...] = ()
    row: int = field(default=0, compare=False)


ImportItem = Union[
    ContractRecord, ModificationRecord, PaymentRecord, BudgetRecord, ProgressRecord,
    BoqItemRecord, SchedulePointRecord, ProjectRecord, RowError,
]
"""What a parser yields, in file order."""


@dataclass
class ParseProgress:
    """Mutable byte counter the reader updates so the service can show a progress bar."""

    total_bytes: int = 0
    done_bytes: int = 0
    extra: dict = field(default_factory=dict)
