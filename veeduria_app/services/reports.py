"""Issuing printed documents, keeping the registry of what was issued, and verifying PDFs.

Every document is built from the other services' data (services/reports_data.py), written once
into the data folder's `informes/` folder under its code and revision, and recorded with the
SHA-256 of the exact bytes and the list of evidence it cites. Nothing issued is ever
overwritten: a correction is a new revision of the same code that points to the one it
corrects. `verify()` tells whether a PDF someone holds is byte-for-byte one we issued and
whether the photos it cites are still intact in the evidence store.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from veeduria_app.db.engine import Database
from veeduria_app.db.models.reports import IssuedReport
from veeduria_app.domain import formats as f
from veeduria_app.domain import spanish
from veeduria_app.reporting.accountability import build_accountability
from veeduria_app.reporting.acta import build_acta
from veeduria_app.reporting.blocks import PHOTO_BOX
from veeduria_app.reporting.data import AccountabilityData, ActaData, InformeData, VerificationInfo
from veeduria_app.reporting.images import PhotoSource, PrintCache, prepare_many
from veeduria_app.reporting.informe import build_informe, period_text, default_texts as informe_default_texts
from veeduria_app.reporting.letter import Addressee, build_letter
from veeduria_app.reporting.oficio import OficioRequest, oficio_letter
from veeduria_app.reporting.petition_letters import LETTER_TYPES
from veeduria_app.reporting.wording import load_wording
from veeduria_app.services import reports_data as rd
from veeduria_app.services.audit import record_audit
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report

KINDS = {"informe": "Informe de veeduría", "oficio": "Oficio remisorio", "acta": "Acta de visita",
         "rendicion": "Informe de rendición de cuentas"}
PREFIXES = {"informe": "INF", "oficio": "OFI", "acta": "ACT", "rendicion": "RDC"}
_CODE_IN_PDF = re.compile(rb"veeduria-code:([A-Z]{3}-\d{4}-\d{4})")
_FOLDER_IN_PDF = re.compile(rb"veeduria-folder:([0-9a-f]{12})")
ISSUER_SETTING = "reports.issuer_id"
PRINT_CACHE = "impresion"  # sub-folder of the thumbnails folder with print-size photo copies


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str
    kind: str          # foto | fuente
    label: str
    extension: str = ""


@dataclass(frozen=True)
class IssuedReportDTO:
    id: str
    code: str
    revision: int
    kind: str
    title: str
    work_id: Optional[str]
    inspection_id: Optional[str]
    period_from: Optional[dt.date]
    period_to: Optional[dt.date]
    scope: str
    issued_at: dt.datetime
    issued_by: str
    issued_by_name: str
    pdf_sha256: str
    pdf_size: int
    page_count: int
    file_path: Path
    manifest: tuple[ManifestEntry, ...]
    manifest_digest: str
    supersedes_id: Optional[str]
    related_code: str
    training: bool

    @property
    def display_code(self) -> str:
        return f"{self.code} v{self.revision}"

    @property
    def kind_label(self) -> str:
        """Also names the petition letters the petitions capability records here."""
        return KINDS.get(self.kind) or LETTER_TYPES.get(self.kind, self.kind)

    @property
    def evidence_count(self) -> int:
        return sum(1 for m in self.manifest if m.kind == "foto")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "code": self.code, "revision": self.revision, "kind": self.kind, "title": self.title,
            "work_id": self.work_id, "inspection_id": self.inspection_id,
            "period_from": self.period_from.isoformat() if self.period_from else None,
            "period_to": self.period_to.isoformat() if self.period_to else None, "scope": self.scope,
            "issued_at": self.issued_at.isoformat(), "issued_by": self.issued_by, "sha256": self.pdf_sha256,
            "size_bytes": self.pdf_size, "pages": self.page_count, "file": str(self.file_path),
            "evidence": [vars(m) for m in self.manifest], "manifest_digest": self.manifest_digest,
            "supersedes_id": self.supersedes_id, "related_code": self.related_code or None,
            "training": self.training,
        }


@dataclass(frozen=True)
class VerifyResult:
    """What verification found; `status` is valido, alterado, desconocido or evidencia_alterada."""

    status: str
    message: str
    pdf_sha256: str
    report: Optional[IssuedReportDTO] = None
    claimed_code: str = ""
    evidence_checked: int = 0
    problems: tuple[str, ...] = ()
    newer_revision: Optional[int] = None

    @property
    def ok(self) -> bool:
        return self.status == "valido"

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "status": self.status, "message": self.message, "sha256": self.pdf_sha256,
                "code": self.report.code if self.report else (self.claimed_code or None),
                "revision": self.report.revision if self.report else None,
                "evidence_checked": self.evidence_checked, "problems": list(self.problems),
                "newer_revision": self.newer_revision}


@dataclass(frozen=True)
class Recipient:
    """The authority an oficio remisorio goes to."""

    title: str
    name: str
    position: str
    entity: str
    address: str = ""
    city: str = "Cartagena de Indias"
    email: str = ""
    treatment: str = ""   # "doctora Pérez"; built from title and surname when empty


def manifest_digest(entries: tuple[ManifestEntry, ...]) -> str:
    """One hash over the sorted evidence list (printed in the verification block and QR)."""
    text = "\n".join(sorted(f"{e.kind}:{e.sha256}" for e in entries))
    return hashlib.sha256(text.encode()).hexdigest()


def _dto(row: IssuedReport, folder: DataFolder) -> IssuedReportDTO:
    return IssuedReportDTO(
        id=row.id, code=row.code, revision=row.revision, kind=row.kind, title=row.title, work_id=row.work_id,
        inspection_id=row.inspection_id, period_from=row.period_from, period_to=row.period_to, scope=row.scope,
        issued_at=row.issued_at, issued_by=row.issued_by, issued_by_name=row.issued_by_name,
        pdf_sha256=row.pdf_sha256, pdf_size=row.pdf_size, page_count=row.page_count,
        file_path=folder.reports_dir / row.file_name,
        manifest=tuple(ManifestEntry(**m) for m in (row.manifest or [])), manifest_digest=row.manifest_digest,
        supersedes_id=row.supersedes_id, related_code=row.related_code, training=row.training)


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (an issued report is never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temp, path)  # atomic and refuses to replace an existing file
    except FileExistsError:
        raise ConflictError(f"Ya existe el archivo emitido {path.name}; no se sobrescribe. "
                            "Genere el documento de nuevo para obtener otro código.") from None
    except OSError:  # file systems without hard links (FAT32 USB sticks)
        if path.exists():
            raise ConflictError(f"Ya existe el archivo emitido {path.name}; no se sobrescribe.") from None
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _write_copy(path: Path, data: bytes) -> None:
    """The user's copy (--out, Guardar como): complete or untouched, never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


class ReportService:
    def __init__(self, db: Database, identity: Identity, data_folder: DataFolder, services: Any) -> None:
        """`services` is the container: reports read through every other capability."""
        self.db = db
        self.identity = identity
        self.data_folder = data_folder
        self.s = services

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()

    # -- issuing ---------------------------------------------------------------------------
    def issue_informe(self, work_id: str, *, period_from: Optional[dt.date] = None,
                      period_to: Optional[dt.date] = None, conclusions: str = "", requests: str = "",
                      corrects: Optional[str] = None, out: Optional[Path] = None,
                      progress: Optional[ProgressCallback] = None,
                      cancel: Optional[CancelToken] = None) -> IssuedReportDTO:
        """The informe de veeduría for one work and period."""
        self.identity.require(Permission.WRITE)
        if period_from and period_to and period_from > period_to:
            raise ValidationError(f"El periodo no es válido: la fecha inicial {f.short_date(period_from)} es "
                                  f"posterior a la final {f.short_date(period_to)}.", field="period_from")
        report(progress, 0, 0, "Reuniendo la información de la obra…")
        veeduria = rd.veeduria_info(self.s.profile.get())
        work = self.s.works.find(work_id)
        period = rd.Period(period_from, period_to)
        as_of = min(period_to, self.today()) if period_to else self.today()
        contracts = self.s.contracts.for_work(work.id)
        visits = [v for v in self.s.inspections.list(work.id) if period.contains(v.visit_date)]
        photos = [p for p in self.s.photos.list_for_work(work.id)
                  if p.include_in_report and period.contains(p.visit_date)]
        annex = rd.photo_infos(photos)
        labels = {p.id: a.label for p, a in zip(photos, annex)}
        comparison = self.s.analysis.comparison(work.id, as_of=as_of)
        findings = self._findings_by(work.id, as_of)
        check(cancel)
        manifest = tuple(ManifestEntry(p.sha256, "foto", a.label, p.extension) for p, a in zip(photos, annex))
        sources = rd.source_files(self.db, contracts)
        manifest += tuple(ManifestEntry(s.sha256, "fuente", s.filename) for s in sources)
        members = self.s.profile.members()
        title = f"Informe de veeduría — {work.name}"

        def build(info: VerificationInfo) -> bytes:
            data = InformeData(
                veeduria=veeduria, work=rd.work_info(work), period_from=period_from, period_to=period_to,
                issue_date=self.today(), verification=info,
                contracts=tuple(rd.contract_info(c) for c in contracts),
                visits=tuple(rd.visit_summary(v) for v in visits), sources=sources,
                comparison=rd.comparison_rows(comparison.progress.snapshot),
                curve=rd.curve_series(comparison.curve), alerts=tuple(rd.alert_info(a) for a in comparison.alerts),
                findings=tuple(rd.finding_info(x, labels) for x in findings),
                conclusions=_paragraphs(conclusions), requests=_lines(requests),
                signers=rd.signers_from_members(members), photos=annex, training=self.data_folder.is_training,
                tiles_dir=self.data_folder.tiles_dir, photo_cache_dir=self.data_folder.thumbnails_dir / PRINT_CACHE)
            return build_informe(data, progress=progress, cancel=cancel)

        return self._issue("informe", title, build, manifest, work_id=work.id, period=(period_from, period_to),
                           corrects=corrects, out=out, cancel=cancel)

    def issue_acta(self, inspection_id: str, *, corrects: Optional[str] = None, out: Optional[Path] = None,
                   progress: Optional[ProgressCallback] = None,
                   cancel: Optional[CancelToken] = None) -> IssuedReportDTO:
        """The acta de visita of one inspection, with signature lines for everyone present."""
        self.identity.require(Permission.WRITE)
        veeduria = rd.veeduria_info(self.s.profile.get())
        visit = self.s.inspections.find(inspection_id)
        work = self.s.works.get(visit.work_id)
        photos = [p for p in self.s.photos.list(visit.id) if p.include_in_report]
        annex = rd.photo_infos(photos)
        manifest = tuple(ManifestEntry(p.sha256, "foto", a.label, p.extension) for p, a in zip(photos, annex))
        title = f"Acta de visita del {f.short_date(visit.visit_date)} — {work.name}"

        def build(info: VerificationInfo) -> bytes:
            data = ActaData(
                veeduria=veeduria, work=rd.work_info(work), visit_id=visit.id, visit_date=visit.visit_date,
                issue_date=self.today(), verification=info, start_time=_time(visit.start_time),
                end_time=_time(visit.end_time), purpose=" ".join(load_wording("acta_visita").paragraphs("objeto")),
                attendees=rd.attendees(visit), checklist=rd.checklist(visit),
                observed_progress=float(visit.observed_progress) if visit.observed_progress is not None else None,
                observations=visit.notes, community_remarks=rd.community_remarks(visit), photos=annex,
                closed=visit.is_closed, training=self.data_folder.is_training,
                photo_cache_dir=self.data_folder.thumbnails_dir / PRINT_CACHE)
            return build_acta(data, progress=progress, cancel=cancel)

        if corrects and self.get(corrects).inspection_id != visit.id:
            raise ValidationError(f"{corrects} es el acta de otra visita; una corrección debe ser de la misma visita.",
                                  field="corrige")
        return self._issue("acta", title, build, manifest, work_id=work.id, inspection_id=visit.id,
                           period=(visit.visit_date, visit.visit_date), corrects=corrects, out=out, cancel=cancel)

    def _territory_filter(self, localidad: str, ucg: str) -> tuple[str, str]:
        """Localidad and UCG as the territory lists write them («1» → «Localidad 1 - …», «UCG 1»),
        checked before anything is issued: an unknown one (or a UCG of another localidad) is refused."""
        territory = self.s.territory.get()
        if localidad:
            resolved = territory.resolve_localidad(localidad)
            if resolved is None:
                raise ValidationError(f"Localidad «{localidad}» no reconocida. Opciones: "
                                      f"{'; '.join(territory.localidad_names)}.", field="localidad")
            localidad = resolved
        if ucg:
            resolved = territory.resolve_ucg(ucg, localidad)
            if resolved is None:
                within = f" en {localidad}" if localidad else ""
                options = territory.ucgs_for(localidad) if localidad else territory.ucg_names
                raise ValidationError(f"UCG «{ucg}» no reconocida{within}. Opciones: {'; '.join(options)}.",
                                      field="ucg")
            ucg = resolved
        return localidad, ucg

    def issue_accountability(self, *, localidad: str = "", ucg: str = "", period_from: Optional[dt.date] = None,
                             period_to: Optional[dt.date] = None, out: Optional[Path] = None,
                             progress: Optional[ProgressCallback] = None,
                             cancel: Optional[CancelToken] = None) -> IssuedReportDTO:
        """Every watched work (optionally of one localidad / UCG), for the community assembly."""
        self.identity.require(Permission.WRITE)
        veeduria = rd.veeduria_info(self.s.profile.get())
        localidad, ucg = self._territory_filter(localidad, ucg)
        as_of = min(period_to, self.today()) if period_to else self.today()
        rows = self.s.analysis.dashboard(as_of=as_of, localidad=localidad, ucg=ucg, cancel=cancel)
        works = []
        for index, row in enumerate(rows, start=1):
            check(cancel)
            report(progress, index, len(rows) + 1, f"Obra {index} de {len(rows)}: {row.name}")
            findings = self._findings_by(row.work_id, as_of)
            visits = rd.visits_in(self.s.inspections.list(row.work_id), rd.Period(period_from, period_to))
            values = [c.current_value for c in self.s.contracts.for_work(row.work_id) if c.current_value]
            works.append(rd.accountability_work(row, findings, visits, sum(values) if values else None))
        scope = " · ".join(x for x in (localidad, ucg) if x) or "Todas las obras vigiladas"
        members = self.s.profile.members()

        def build(info: VerificationInfo) -> bytes:
            data = AccountabilityData(veeduria=veeduria, issue_date=self.today(), verification=info, scope=scope,
                                      works=tuple(works), period_from=period_from, period_to=period_to,
                                      training=self.data_folder.is_training,
                                      signers=rd.signers_from_members(members))
            return build_accountability(data, cancel=cancel)

        return self._issue("rendicion", f"Rendición de cuentas — {scope}", build, (), scope=scope,
                           period=(period_from, period_to), out=out, cancel=cancel)

    def issue_oficio(self, informe_id: str, recipient: Recipient, *, copies: tuple[str, ...] = (),
                     out: Optional[Path] = None, cancel: Optional[CancelToken] = None) -> IssuedReportDTO:
        """The GTC 185 cover letter that files an issued informe with an authority."""
        self.identity.require(Permission.WRITE)
        informe = self.get(informe_id)
        if informe.kind != "informe":
            raise ValidationError(f"{informe.display_code} no es un informe de veeduría; el oficio remisorio "
                                  "acompaña un informe.", field="informe")
        for value, label in ((recipient.name, "nombre"), (recipient.entity, "entidad"), (recipient.position, "cargo")):
            if not value.strip():
                raise ValidationError(f"Falta el {label} del destinatario del oficio.", field=label)
        veeduria = rd.veeduria_info(self.s.profile.get())
        work = self.s.works.get(informe.work_id) if informe.work_id else None
        cutoff = informe.period_to or informe.issued_at.date()  # the findings the informe presented
        presented = self._findings_by(informe.work_id, cutoff) if informe.work_id else []
        findings, drafts = len(presented), rd.draft_count(presented)
        # the visits the informe listed: those of its period, none recorded after it was issued
        visits = rd.visits_in(self.s.inspections.list(informe.work_id),
                              rd.Period(informe.period_from, informe.period_to or informe.issued_at.date())) \
            if informe.work_id else 0
        treatment = recipient.treatment or spanish.treatment(recipient.title, recipient.name)
        members = self.s.profile.members()
        coordinators = [m for m in members if "coordin" in m.role.lower()]
        signers = rd.signers_from_members(coordinators or members[:1])

        def build(info: VerificationInfo) -> bytes:
            request = OficioRequest(
                code=info.code, date=self.today(),
                addressee=Addressee(recipient.title, recipient.name, recipient.position, recipient.entity,
                                    recipient.address, recipient.city, recipient.email),
                treatment=treatment, informe_code=informe.display_code, informe_pages=informe.page_count,
                work_name=work.name if work else informe.title,
                period=_period_phrase(informe.period_from, informe.period_to), findings_count=findings,
                visits_count=visits, drafts_count=drafts, signers=signers, copies=copies, training=self.data_folder.is_training, issuer_id=info.issuer_id)
            return build_letter(oficio_letter(veeduria, request), cancel=cancel)

        return self._issue("oficio", f"Oficio remisorio de {informe.display_code} a {recipient.entity}", build,
                           informe.manifest, work_id=informe.work_id, related_code=informe.display_code, out=out,
                           cancel=cancel)

    @staticmethod
    def default_texts(work_name: str = "…", findings: int = 2) -> tuple[str, str]:
        """The conclusions and requests printed when the person writes none (reports/*.txt), for an
        informe with that many findings (the wording differs for none and for one)."""
        conclusions, requests = informe_default_texts(findings, work_name)
        return " ".join(conclusions), "\n".join(requests)

    def default_texts_for(self, work_id: str) -> tuple[str, str]:
        """The default texts of an informe of this work issued today: its name, and the findings
        such an informe would present (recorded by today, not archived)."""
        work = self.s.works.get(work_id)
        return self.default_texts(work.name, findings=len(self._findings_by(work_id, self.today())))

    def _findings_by(self, work_id: str, day: dt.date) -> list:
        """The work's findings recorded by `day`: what an informe (or rendición) up to that day presents."""
        return [x for x in self.s.findings.list(work_id) if x.found_on <= day]

    def warm_print_cache(self, work_id: str, *, progress: Optional[ProgressCallback] = None,
                         cancel: Optional[CancelToken] = None) -> int:
        """Prepare the print-size copies of a work's report photos ahead of time.

        Decoding 12-megapixel originals is most of a report's cost; the «Informes» tab starts
        this quietly when it opens, so the informe itself is ready in a moment. Reads only.
        """
        photos = [p for p in self.s.photos.list_for_work(work_id) if p.include_in_report]
        prepare_many([PhotoSource(Path(p.file_path), p.sha256) for p in photos], *PHOTO_BOX,
                     cache=PrintCache(self.data_folder.thumbnails_dir / PRINT_CACHE), progress=progress,
                     cancel=cancel)
        return len(photos)

    # -- registry --------------------------------------------------------------------------
    def history(self, work_id: Optional[str] = None, kind: Optional[str] = None) -> list[IssuedReportDTO]:
        query = select(IssuedReport).order_by(IssuedReport.issued_at.desc(), IssuedReport.revision.desc())
        if work_id:
            query = query.where(IssuedReport.work_id == work_id)
        if kind:
            query = query.where(IssuedReport.kind == kind)
        with self.db.read() as session:
            return [_dto(r, self.data_folder) for r in session.scalars(query)]

    def get(self, report_id: str) -> IssuedReportDTO:
        """By id, or by code (`INF-2026-0001`, latest revision) or `INF-2026-0001 v2`."""
        with self.db.read() as session:
            row = session.get(IssuedReport, report_id)
            if row is None:
                match = re.fullmatch(r"\s*([A-Za-z]{3}-\d{4}-\d{4})\s*(?:v(\d+))?\s*", report_id)
                if match:
                    query = select(IssuedReport).where(IssuedReport.code == match.group(1).upper())
                    if match.group(2):
                        query = query.where(IssuedReport.revision == int(match.group(2)))
                    row = session.scalars(query.order_by(IssuedReport.revision.desc()).limit(1)).first()
            if row is None:
                raise NotFoundError(f"No existe un documento emitido «{report_id}».")
            return _dto(row, self.data_folder)

    def save_copy(self, report_id: str, destination: Path) -> Path:
        """Copy the archived PDF where the user wants it (the archive itself stays untouched)."""
        issued = self.get(report_id)
        data = self._archived_bytes(issued)
        destination = Path(destination)
        if destination.resolve().parent == self.data_folder.reports_dir.resolve():
            raise ValidationError("Elija una carpeta fuera del archivo de informes de la veeduría.", field="destino")
        _write_copy(destination, data)
        return destination

    def _archived_bytes(self, issued: IssuedReportDTO) -> bytes:
        try:
            data = issued.file_path.read_bytes()
        except OSError:
            raise NotFoundError(f"No se encuentra el archivo de {issued.display_code} ({issued.file_path}).") from None
        if hashlib.sha256(data).hexdigest() != issued.pdf_sha256:
            raise ConflictError(f"La copia archivada de {issued.display_code} no coincide con su huella registrada: "
                                "fue modificada fuera de la aplicación.")
        return data

    # -- verification ------------------------------------------------------------------------
    def verify(self, pdf_path: Path, *, progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None) -> VerifyResult:
        """Was this exact file issued here, and is the evidence it cites intact? Reads only."""
        path = Path(pdf_path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ValidationError(f"No se encontró el archivo {path}.", field="archivo") from None
        except OSError as error:
            raise ValidationError(f"No se pudo leer {path}: {error.strerror or error}.", field="archivo") from None
        digest = hashlib.sha256(data).hexdigest()
        with self.db.read() as session:
            row = session.scalars(select(IssuedReport).where(IssuedReport.pdf_sha256 == digest).limit(1)).first()
            issued = _dto(row, self.data_folder) if row is not None else None
            claimed = self._claimed_code(data)
            newest = None
            code = issued.code if issued else claimed
            if code:
                newest = session.scalar(select(func.max(IssuedReport.revision)).where(IssuedReport.code == code))
        if issued is None:
            folder = _FOLDER_IN_PDF.search(data)
            if claimed and folder and folder.group(1).decode() != self.s.settings.get(ISSUER_SETTING, ""):
                return VerifyResult("desconocido", f"DESCONOCIDO: el documento {claimed} fue emitido por otra "
                                    "carpeta de datos, no por esta veeduría.", digest, claimed_code=claimed)
            if claimed and newest:
                return VerifyResult("alterado", f"ALTERADO: el archivo dice ser el documento {claimed}, pero no "
                                    "coincide byte a byte con ninguna versión emitida: fue modificado después de "
                                    "emitido, o guardado de nuevo con otro programa (lo que también cambia sus "
                                    "bytes). No sirve como prueba; pida el archivo original.", digest,
                                    claimed_code=claimed)
            if claimed:
                return VerifyResult("desconocido", f"DESCONOCIDO: el documento {claimed} no fue emitido por esta "
                                    "carpeta de datos de la veeduría.", digest, claimed_code=claimed)
            return VerifyResult("desconocido", "DESCONOCIDO: este archivo no corresponde a ningún documento emitido "
                                "por esta veeduría.", digest)
        problems = self._check_evidence(issued, progress, cancel)
        photos = issued.evidence_count
        later = newest if newest and newest > issued.revision else None
        tail = f" Existe una versión posterior (v{later}) que lo corrige." if later else ""
        if issued.training:
            tail += (" Es un documento de práctica (modo capacitación): no tiene validez ante ninguna entidad.")
        if problems:
            broken = ("1 de sus {0} fotos citadas ya no está intacta" if len(problems) == 1
                      else f"{len(problems)} de sus {{0}} fotos citadas ya no están intactas").format(photos)
            return VerifyResult("evidencia_alterada", f"EVIDENCIA ALTERADA: {issued.display_code} fue emitido por "
                                f"esta veeduría, pero {broken}: {problems[0]}{tail}", digest, issued,
                                evidence_checked=photos, problems=tuple(problems), newer_revision=later)
        evidence = {0: "no cita fotos", 1: "su foto citada está intacta"}.get(
            photos, f"sus {photos} fotos citadas están intactas")
        return VerifyResult("valido", f"VÁLIDO: {issued.display_code} ({issued.kind_label}), emitido el "
                            f"{f.short_date(issued.issued_at)} por {issued.issued_by_name or issued.issued_by}; "
                            f"el archivo está intacto y {evidence}.{tail}", digest,
                            issued, evidence_checked=photos, newer_revision=later)

    @staticmethod
    def _claimed_code(data: bytes) -> str:
        """The code written in the PDF's properties, read from the raw bytes (works even if
        the file is too damaged for a PDF parser)."""
        match = _CODE_IN_PDF.search(data)
        if match:
            return match.group(1).decode()
        try:
            keywords = str((PdfReader(io.BytesIO(data)).metadata or {}).get("/Keywords", ""))
        except Exception:  # noqa: BLE001 - any damage just means "no code found"
            return ""
        found = re.search(r"veeduria-code:([A-Z]{3}-\d{4}-\d{4})", keywords)
        return found.group(1) if found else ""

    def _check_evidence(self, issued: IssuedReportDTO, progress: Optional[ProgressCallback],
                        cancel: Optional[CancelToken]) -> list[str]:
        store = self.s.photos.store
        photos = [m for m in issued.manifest if m.kind == "foto"]
        problems = []
        for index, entry in enumerate(photos, start=1):
            check(cancel)
            report(progress, index, len(photos), f"Comprobando foto {index} de {len(photos)}…")
            path = store.path_for(entry.sha256, entry.extension or "jpg")
            try:
                digest = _sha256_file(path)
            except OSError:
                problems.append(f"falta el original de la foto {entry.label} ({entry.sha256[:12]}…)")
                continue
            if digest != entry.sha256:
                problems.append(f"el original de la foto {entry.label} cambió ({entry.sha256[:12]}…)")
        return problems

    # -- internals ---------------------------------------------------------------------------
    def _issue(self, kind: str, title: str, build: Callable[[VerificationInfo], bytes],
               manifest: tuple[ManifestEntry, ...], *, work_id: Optional[str] = None,
               inspection_id: Optional[str] = None, period: tuple[Optional[dt.date], Optional[dt.date]] = (None, None),
               scope: str = "", corrects: Optional[str] = None, related_code: str = "",
               out: Optional[Path] = None, cancel: Optional[CancelToken] = None) -> IssuedReportDTO:
        """Build, archive (never overwriting), record with audit in one transaction, then copy."""
        if out is not None:
            out = Path(out)
            if out.suffix.lower() != ".pdf":
                raise ValidationError(f"El archivo de salida debe terminar en .pdf: {out}", field="out")
            if out.resolve().parent == self.data_folder.reports_dir.resolve():
                raise ValidationError("No escriba en la carpeta de informes emitidos; elija otra carpeta.",
                                      field="out")
        previous = self._corrected(corrects, kind, work_id) if corrects else None
        code, revision = (previous.code, previous.revision + 1) if previous else (self._next_code(kind), 1)
        actor = self.identity.actor
        now = dt.datetime.now(dt.timezone.utc)
        digest_of_manifest = manifest_digest(manifest)
        printed_by = self.s.profile.speaker()  # who the document says issued it; `issued_by` keeps the login
        info = VerificationInfo(code=code, version=revision, issued_at=now.astimezone(), issued_by=printed_by,
                                evidence_count=sum(1 for m in manifest if m.kind == "foto"),
                                manifest_digest=digest_of_manifest,
                                corrects=previous.display_code if previous else "", issuer_id=self._issuer_id())
        pdf = build(info)
        check(cancel)
        pdf_sha = hashlib.sha256(pdf).hexdigest()
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        file_name = f"{code}-v{revision}.pdf"
        archive = self.data_folder.reports_dir / file_name
        self._set_aside_unregistered(archive)
        _write_new(archive, pdf)
        try:
            with self.db.transaction() as session:
                row = IssuedReport(
                    code=code, revision=revision, kind=kind, title=title[:300], work_id=work_id,
                    inspection_id=inspection_id, period_from=period[0], period_to=period[1], scope=scope[:300],
                    issued_at=now, issued_by=actor.username, issued_by_name=printed_by, pdf_sha256=pdf_sha,
                    pdf_size=len(pdf), page_count=pages, file_name=file_name, manifest=[vars(m) for m in manifest],
                    manifest_digest=digest_of_manifest, supersedes_id=previous.id if previous else None,
                    related_code=related_code, training=self.data_folder.is_training)
                session.add(row)
                session.flush()
                record_audit(session, actor, "emitir", "documento", row.id, None,
                             {"code": code, "revision": revision, "kind": kind, "sha256": pdf_sha,
                              "evidence": len(manifest)},
                             f"Emitido {KINDS[kind].lower()} {code} v{revision}: {title}")
                issued = _dto(row, self.data_folder)
        except IntegrityError:
            archive.unlink(missing_ok=True)
            raise ConflictError(f"Otra persona emitió el código {code} v{revision} al mismo tiempo; "
                                "genere el documento de nuevo.") from None
        except BaseException:
            archive.unlink(missing_ok=True)  # not recorded, so not issued
            raise
        if out is not None:
            _write_copy(out, pdf)
        return issued

    def _set_aside_unregistered(self, archive: Path) -> None:
        """A file already at this name that the registry does not know was left by an issue that
        never committed (a crash or power cut between writing and recording). It was never
        issued, so it is renamed aside, bytes intact, instead of blocking every later document."""
        if not archive.exists():
            return
        with self.db.read() as session:
            known = session.scalar(select(func.count()).select_from(IssuedReport)
                                   .where(IssuedReport.file_name == archive.name))
        if known:
            raise ConflictError(f"Ya existe el documento emitido {archive.name}; no se sobrescribe.")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        archive.rename(archive.with_name(f"{archive.stem}.sin-registrar-{stamp}{archive.suffix}"))

    def _issuer_id(self) -> str:
        """A random id for this data folder, written in every PDF so a file issued by another
        veeduría (which may use the same codes) is told apart from an altered one of ours."""
        value = self.s.settings.get(ISSUER_SETTING, "")
        if not value:
            value = uuid.uuid4().hex[:12]
            self.s.settings.set(ISSUER_SETTING, value)
        return value

    def _next_code(self, kind: str) -> str:
        prefix = f"{PREFIXES[kind]}-{self.today().year}-"
        with self.db.read() as session:
            codes = session.scalars(select(IssuedReport.code).where(IssuedReport.code.like(f"{prefix}%"))).all()
        numbers = [int(c.rsplit("-", 1)[1]) for c in codes if c.rsplit("-", 1)[1].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1:04d}"

    def _corrected(self, ref: str, kind: str, work_id: Optional[str]) -> IssuedReportDTO:
        previous = self.get(ref)
        if previous.kind != kind or (work_id and previous.work_id != work_id):
            raise ValidationError(f"{previous.display_code} es un {previous.kind_label.lower()} de otra obra o de "
                                  "otro tipo; solo se puede corregir con un documento del mismo tipo y obra.",
                                  field="corrige")
        latest = self.get(previous.code)
        if latest.revision != previous.revision:
            raise ValidationError(f"{previous.display_code} ya fue corregido por {latest.display_code}; corrija "
                                  "la versión más reciente.", field="corrige")
        return previous


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _paragraphs(text: str) -> tuple[str, ...]:
    blocks = re.split(r"\n\s*\n", text or "")
    return tuple(" ".join(b.split()) for b in blocks if b.strip())


def _period_phrase(start: Optional[dt.date], end: Optional[dt.date]) -> str:
    text = period_text(start, end)
    return "para todo el periodo registrado" if not (start or end) else f"para el periodo {text}"


def _lines(text: str) -> tuple[str, ...]:
    """One request per line (they are printed as a numbered list)."""
    return tuple(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())


def _time(text: Optional[str]) -> Optional[dt.time]:
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        return None


