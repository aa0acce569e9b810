"""Plain data the report builders print. Services fill these; builders never touch the DB.

Figures keep their types (Decimal, float percent, dates) and are formatted by the builders
with `domain.formats`, so the printed value is exactly the service's value in es-CO.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from veeduria_app.reporting.charts import CurveSeries
from veeduria_app.reporting.letter import Signer


@dataclass(frozen=True)
class VeeduriaInfo:
    name: str
    registration: str = ""      # "Cámara de Comercio de Cartagena, registro 123 del 01/02/2026"
    city: str = "Cartagena de Indias"
    address: str = ""
    email: str = ""
    phone: str = ""
    objective: str = ""         # objeto de vigilancia

    @property
    def contact(self) -> tuple[str, ...]:
        """Where an authority answers (Ley 1755): address, e-mail, phone — only those recorded."""
        phone = "Tel.\u00a0" + self.phone.replace(" ", "\u00a0") if self.phone else ""  # never split a number
        return tuple(x for x in (self.address, self.email, phone) if x)

    @property
    def contact_lines(self) -> tuple[str, ...]:
        """The letterhead under the name: registration, then the contact."""
        return tuple(x for x in (self.registration, *self.contact) if x)

    @property
    def letterhead_line(self) -> str:
        return " · ".join(self.contact_lines)


@dataclass(frozen=True)
class WorkInfo:
    id: str
    name: str
    type: str = ""
    status: str = ""
    localidad: str = ""
    ucg: str = ""
    barrio: str = ""
    address: str = ""
    entity: str = ""
    bpin: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    radius_m: float = 200.0


@dataclass(frozen=True)
class ContractInfo:
    number: str
    contractor: str = ""
    object: str = ""
    entity: str = ""
    initial_value: Optional[Decimal] = None
    current_value: Optional[Decimal] = None
    paid_value: Optional[Decimal] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    status: str = ""
    supervisor: str = ""
    url: str = ""
    modifications: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """An imported file the report relies on, identified by its SHA-256."""

    description: str
    filename: str
    sha256: str
    date: Optional[dt.date] = None


@dataclass(frozen=True)
class VisitSummary:
    id: str
    date: dt.date
    attendees: tuple[str, ...] = ()
    observed_progress: Optional[float] = None
    photo_count: int = 0
    closed: bool = False
    summary: str = ""


@dataclass(frozen=True)
class ComparisonRow:
    """One line of "lo contratado frente a lo observado"; values already in es-CO text."""

    concept: str
    contracted: str
    observed: str
    note: str = ""


@dataclass(frozen=True)
class AlertInfo:
    level: str                 # alta | media | baja
    title: str
    explanation: str = ""
    basis: str = ""            # rule and legal basis


@dataclass(frozen=True)
class FindingInfo:
    number: str
    title: str
    condition: str = ""
    criterion: str = ""
    cause: str = ""
    effect: str = ""
    presumed_nature: str = ""
    recommendation: str = ""
    photo_labels: tuple[str, ...] = ()
    draft: bool = False        # still «Borrador»: printed with a mark, counted in the summary


@dataclass(frozen=True)
class PhotoInfo:
    """A photo in the annex. `label` (e.g. "F3") ties it to the sketch and the findings."""

    label: str
    path: Optional[Path]
    sha256: str
    caption: str = ""
    taken_at: Optional[dt.datetime] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    distance_m: Optional[float] = None
    checks: tuple[str, ...] = ()        # plain-language flags ("Sin ubicación", "A 850 m de la obra")
    visit_date: Optional[dt.date] = None


@dataclass(frozen=True)
class VerificationInfo:
    code: str
    version: int
    issued_at: dt.datetime
    issued_by: str
    evidence_count: int
    manifest_digest: str
    corrects: str = ""          # code of the version this one corrects, if any
    issuer_id: str = ""         # random id of the issuing data folder, written in the PDF properties


@dataclass(frozen=True)
class InformeData:
    veeduria: VeeduriaInfo
    work: WorkInfo
    period_from: Optional[dt.date]
    period_to: Optional[dt.date]
    issue_date: dt.date
    verification: VerificationInfo
    contracts: tuple[ContractInfo, ...] = ()
    visits: tuple[VisitSummary, ...] = ()
    sources: tuple[SourceFile, ...] = ()
    comparison: tuple[ComparisonRow, ...] = ()
    curve: tuple[CurveSeries, ...] = ()
    alerts: tuple[AlertInfo, ...] = ()
    findings: tuple[FindingInfo, ...] = ()
    conclusions: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    photos: tuple[PhotoInfo, ...] = ()
    training: bool = False
    tiles_dir: Optional[Path] = None
    photo_cache_dir: Optional[Path] = None     # print-size copies, reused between reports


@dataclass(frozen=True)
class ChecklistLine:
    item: str
    answer: str                 # "Sí", "No", "No aplica", "Sin verificar"
    note: str = ""


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str = ""


@dataclass(frozen=True)
class ActaData:
    veeduria: VeeduriaInfo
    work: WorkInfo
    visit_id: str
    visit_date: dt.date
    issue_date: dt.date
    verification: VerificationInfo
    start_time: Optional[dt.time] = None
    end_time: Optional[dt.time] = None
    purpose: str = ""
    attendees: tuple[Attendee, ...] = ()
    checklist: tuple[ChecklistLine, ...] = ()
    observed_progress: Optional[float] = None
    observations: str = ""
    community_remarks: str = ""
    photos: tuple[PhotoInfo, ...] = ()
    closed: bool = False
    training: bool = False
    photo_cache_dir: Optional[Path] = None


@dataclass(frozen=True)
class AccountabilityWork:
    name: str
    localidad: str = ""
    ucg: str = ""
    status: str = ""
    physical_progress: Optional[float] = None
    financial_progress: Optional[float] = None
    contract_value: Optional[Decimal] = None
    alerts: tuple[AlertInfo, ...] = ()
    findings: tuple[str, ...] = ()             # titles
    visits: int = 0
    plain_summary: str = ""
    findings_draft: tuple[bool, ...] = ()      # one flag per title: still «Borrador» (marked when printed)

    @property
    def draft_count(self) -> int:
        return sum(1 for flag in self.findings_draft[:len(self.findings)] if flag)


@dataclass(frozen=True)
class AccountabilityData:
    veeduria: VeeduriaInfo
    issue_date: dt.date
    verification: VerificationInfo
    scope: str                                 # "Todas las obras" / "Localidad 2 …"
    works: tuple[AccountabilityWork, ...] = ()
    period_from: Optional[dt.date] = None
    period_to: Optional[dt.date] = None
    training: bool = False
    signers: tuple[Signer, ...] = field(default=())
