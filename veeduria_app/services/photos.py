"""Photo evidence: batch import, checks kept with each photo, captions, store verification.

Import order per file is what makes a crash harmless: decode and hash (outside any
transaction) → store the bytes (temp file, fsync, atomic rename) → one short transaction that
records the file and links it to the visit. A kill at any point leaves either a stored file
the database does not know yet (re-importing links it) or a complete record; never a record
pointing to a missing or half-written file.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import Work
from veeduria_app.db.models.inspections import EvidenceFile, Inspection, InspectionPhoto
from veeduria_app.domain.spanish import count_noun
from veeduria_app.evidence import checks
from veeduria_app.evidence.decoding import MAX_FILE_BYTES, PhotoRejected, inspect_file
from veeduria_app.evidence.exif import PhotoMetadata
from veeduria_app.evidence.formats import SUPPORTED_SUFFIXES
from veeduria_app.evidence.store import PhotoStore, StoreProblem
from veeduria_app.evidence.thumbnails import ThumbnailCache
from veeduria_app.services.audit import record_audit
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, report
from veeduria_app.services.map_tiles import ONLINE_SETTING, TileCache
from veeduria_app.services.settings import SettingsService

MAX_FILE_MB_SETTING = "photos.max_file_mb"

IMPORTED, DUPLICATE, REJECTED, CANCELLED = "imported", "duplicate", "rejected", "cancelled"
STATUS_LABELS = {IMPORTED: "Importada", DUPLICATE: "Ya estaba en esta visita", REJECTED: "Rechazada",
                 CANCELLED: "No procesada (cancelado)"}


@dataclass(frozen=True)
class FlagDTO:
    code: str
    title: str
    explanation: str


@dataclass(frozen=True)
class PhotoDTO:
    id: str
    inspection_id: str
    work_id: str
    visit_date: dt.date
    sha256: str
    extension: str
    original_name: str
    caption: str
    include_in_report: bool
    position: int
    distance_m: Optional[float]
    flags: tuple[str, ...]
    flag_details: tuple[FlagDTO, ...]
    lat: Optional[float]
    lon: Optional[float]
    alt: Optional[float]
    taken_at: Optional[str]
    camera: str
    software: str
    width: Optional[int]
    height: Optional[int]
    size_bytes: int
    file_path: Path
    version: int

    def to_json(self) -> dict:
        return {
            "id": self.id, "inspection_id": self.inspection_id, "work_id": self.work_id,
            "visit_date": self.visit_date.isoformat(), "sha256": self.sha256, "file": self.original_name,
            "caption": self.caption, "include_in_report": self.include_in_report, "lat": self.lat, "lon": self.lon,
            "alt": self.alt, "taken_at": self.taken_at, "distance_m": _round(self.distance_m),
            "flags": list(self.flags), "camera": self.camera, "software": self.software,
            "width": self.width, "height": self.height, "size_bytes": self.size_bytes, "path": str(self.file_path),
        }


@dataclass(frozen=True)
class PhotoImportResult:
    file: str
    status: str
    reason: str = ""
    sha256: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    alt: Optional[float] = None
    taken_at: Optional[str] = None
    distance_m: Optional[float] = None
    flags: tuple[str, ...] = ()
    flag_details: tuple[FlagDTO, ...] = ()
    photo_id: Optional[str] = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def to_json(self) -> dict:
        """The keys of `veeduria photos import --json` (a fixed contract)."""
        return {
            "file": self.file, "status": self.status, "reason": self.reason, "sha256": self.sha256,
            "lat": self.lat, "lon": self.lon, "alt": self.alt, "taken_at": self.taken_at,
            "distance_m": _round(self.distance_m), "flags": list(self.flags),
        }


@dataclass(frozen=True)
class ImportReport:
    results: tuple[PhotoImportResult, ...]
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def summary(self) -> str:
        text = (f"{count_noun(self.count(IMPORTED), 'importada')}, "
                f"{count_noun(self.count(DUPLICATE), 'ya estaba', 'ya estaban')}, "
                f"{count_noun(self.count(REJECTED), 'rechazada')}")
        flagged = sum(1 for r in self.results if r.status in (IMPORTED, DUPLICATE) and r.flags)
        if flagged:
            text += f"; {flagged} con alertas"
        if self.cancelled:
            text += f"; importación cancelada ({self.count(CANCELLED)} sin procesar)"
        return text + "."


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    recorded: int
    problems: tuple[StoreProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"ok": self.ok, "checked": self.checked, "recorded": self.recorded,
                "problems": [{"sha256": p.sha256, "path": p.path, "kind": p.kind, "message": p.message}
                             for p in self.problems]}


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------- metadata <-> rows


def _metadata_from_row(ev: EvidenceFile) -> PhotoMetadata:
    extra = ev.metadata_json or {}

    def parse(text: Optional[str]) -> Optional[dt.datetime]:
        try:
            return dt.datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    return PhotoMetadata(
        lat=ev.lat, lon=ev.lon, alt=ev.alt, taken_at=parse(ev.taken_at), orientation=ev.orientation,
        make=ev.camera_make or None, model=ev.camera_model or None, software=ev.software or None,
        width=ev.width, height=ev.height, modified_at=parse(extra.get("modified_at")),
        has_exif=bool(extra.get("has_exif", True)), gps_problem=extra.get("gps_problem"),
    )


def _evidence_row(photo: "_Prepared", original_name: str, actor: str) -> EvidenceFile:
    meta = photo.metadata
    taken_utc = None
    if meta.taken_at is not None and meta.taken_at.tzinfo is not None:
        taken_utc = meta.taken_at.astimezone(dt.timezone.utc)
    return EvidenceFile(
        sha256=photo.sha256, extension=photo.extension, media_format=photo.format, size_bytes=photo.size,
        original_name=original_name[:255], lat=meta.lat, lon=meta.lon, alt=meta.alt,
        taken_at=meta.taken_at.isoformat() if meta.taken_at else None, taken_at_utc=taken_utc,
        camera_make=(meta.make or "")[:120], camera_model=(meta.model or "")[:120], software=(meta.software or "")[:200],
        orientation=meta.orientation, width=meta.width, height=meta.height,
        metadata_json={"modified_at": meta.modified_at.isoformat() if meta.modified_at else None,
                       "has_exif": meta.has_exif, "gps_problem": meta.gps_problem},
        created_by=actor,
    )


def _other_work_names(session: Session, sha256: str, work_id: str) -> list[str]:
    rows = session.execute(
        select(Work.name).join(Inspection, Inspection.work_id == Work.id)
        .join(InspectionPhoto, InspectionPhoto.inspection_id == Inspection.id)
        .where(InspectionPhoto.sha256 == sha256, Work.id != work_id).distinct().order_by(Work.name)
    ).all()
    return [name for (name,) in rows]


def _context(session: Session, inspection: Inspection, sha256: str, now: dt.datetime) -> checks.CheckContext:
    work = session.get(Work, inspection.work_id)
    return checks.CheckContext(
        site_lat=work.lat if work else None, site_lon=work.lon if work else None,
        radius_m=float(work.radius_m) if work and work.radius_m else None,
        visit_date=inspection.visit_date, now=now,
        other_works=tuple(_other_work_names(session, sha256, inspection.work_id)),
    )


def _apply_outcome(link: InspectionPhoto, outcome: checks.CheckOutcome, now: dt.datetime) -> None:
    link.distance_m = outcome.distance_m
    link.flags = outcome.codes
    link.flag_details = [{"code": f.code, "title": f.title, "explanation": f.explanation} for f in outcome.flags]
    link.checked_at = now


def recheck_photo_links(session: Session, links: Iterable[InspectionPhoto], now: Optional[dt.datetime] = None) -> None:
    """Re-run the checks of existing links (after the visit date, site or reuse changed)."""
    now = now or utcnow()
    for link in links:
        inspection = session.get(Inspection, link.inspection_id)
        ev = session.get(EvidenceFile, link.sha256)
        if inspection is None or ev is None:
            continue
        _apply_outcome(link, checks.evaluate(_metadata_from_row(ev), _context(session, inspection, ev.sha256, now)), now)


def recheck_inspection_photos(session: Session, inspection_id: str, now: Optional[dt.datetime] = None) -> None:
    links = session.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == inspection_id)).all()
    recheck_photo_links(session, links, now)


def expand_paths(paths: Sequence[Path | str]) -> list[Path]:
    """Files given directly are kept as they are; folders contribute their photos, recursively."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                     and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            files.extend(sorted(found, key=lambda p: str(p).lower()))
        else:
            files.append(path)
    return files


class PhotoService:
    def __init__(self, db: Database, identity: Identity, data_folder: DataFolder,
                 settings: Optional[SettingsService] = None, *, workers: Optional[int] = None) -> None:
        self.db = db
        self.identity = identity
        self.data_folder = data_folder
        self.settings = settings
        self.store = PhotoStore(data_folder.evidence_dir)
        self.thumbnails = ThumbnailCache(data_folder.thumbnails_dir)
        # One more worker than cores: while one waits on fsync the others keep decoding.
        self.workers = workers or max(2, min(4, (os.cpu_count() or 1) + 1))
        self.map_tiles = TileCache(data_folder.tiles_dir, self._tiles_online)

    def _tiles_online(self) -> bool:
        """OpenStreetMap tiles are on unless the setting turns them off."""
        return bool(self.settings.get(ONLINE_SETTING, True)) if self.settings is not None else False

    # -- import ---------------------------------------------------------------------------
    def import_paths(
        self,
        inspection_id: str,
        paths: Sequence[Path | str],
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
        *,
        now: Optional[dt.datetime] = None,
    ) -> ImportReport:
        """Import files and folders into a visit; one result per file, in order.

        Decoding and storing run on a few worker threads (Pillow, hashlib and file writes
        release the GIL) with a small look-ahead window, so memory stays bounded whatever the
        batch size; the database records are written in order on the calling thread.
        """
        self.identity.require(Permission.WRITE)
        with self.db.read() as session:
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                raise NotFoundError(f"No existe una visita con identificador «{inspection_id}».")
            if inspection.status == "cerrada":
                raise ValidationError("El acta de esta visita está cerrada: no se le pueden agregar fotos. "
                                      "Registre una nueva visita o una enmienda.")
        self.store.clean_partial_writes(older_than_s=3600)  # leftovers of an import killed long ago
        files = expand_paths(paths)
        if not files:
            raise ValidationError("No se encontraron fotos (JPEG, PNG o HEIC) en lo que seleccionó.")
        max_bytes = self._max_bytes()
        results: list[PhotoImportResult] = []
        total = len(files)
        report(progress, 0, total, "Preparando importación…")
        window = self.workers * 2
        cancelled = False
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="foto") as pool:
            pending: deque[tuple[Path, Future]] = deque()
            queue = iter(files)

            def refill() -> None:
                while len(pending) < window:
                    nxt = next(queue, None)
                    if nxt is None:
                        return
                    pending.append((nxt, pool.submit(_prepare, nxt, max_bytes, self.store, self.thumbnails)))

            refill()
            while pending:
                if cancel is not None and cancel.cancelled:
                    cancelled = True
                    for path, future in pending:
                        future.cancel()
                    break
                path, future = pending.popleft()
                refill()
                outcome = future.result()
                if isinstance(outcome, str):
                    results.append(PhotoImportResult(file=str(path), status=REJECTED, reason=outcome))
                else:
                    results.append(self._record(inspection_id, path, outcome, now))
                report(progress, len(results), total, path.name)
        if cancelled:  # results cover files[:len(results)] in order; the rest were not recorded
            results.extend(PhotoImportResult(file=str(p), status=CANCELLED, reason="Importación cancelada.")
                           for p in files[len(results):])
        return ImportReport(tuple(results), cancelled)

    def _max_bytes(self) -> int:
        if self.settings is None:
            return MAX_FILE_BYTES
        value = self.settings.get(MAX_FILE_MB_SETTING)
        try:
            return int(float(value) * 1024 * 1024) if value else MAX_FILE_BYTES
        except (TypeError, ValueError):
            return MAX_FILE_BYTES

    def _record(self, inspection_id: str, path: Path, photo: "_Prepared",
                now: Optional[dt.datetime]) -> PhotoImportResult:
        """Link an already stored photo to the visit in one short transaction."""
        now = now or utcnow()
        actor = self.identity.actor
        meta = photo.metadata
        base = dict(file=str(path), sha256=photo.sha256, lat=meta.lat, lon=meta.lon, alt=meta.alt,
                    taken_at=meta.taken_at.isoformat() if meta.taken_at else None)
        with self.db.transaction() as session:
            inspection = session.get(Inspection, inspection_id)
            if inspection is None or inspection.status == "cerrada":
                return PhotoImportResult(status=REJECTED, reason="La visita ya no admite fotos (fue cerrada).", **base)
            ev = session.get(EvidenceFile, photo.sha256)
            if ev is None:
                ev = _evidence_row(photo, path.name, actor.username)
                session.add(ev)
                session.flush()
            existing = session.scalars(select(InspectionPhoto).where(
                InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.sha256 == photo.sha256)).first()
            if existing is not None:
                return PhotoImportResult(
                    status=DUPLICATE, reason="La misma foto ya está en esta visita.", distance_m=existing.distance_m,
                    flags=tuple(existing.flags or ()), flag_details=_flag_dtos(existing.flag_details),
                    photo_id=existing.id, **base)
            context = _context(session, inspection, photo.sha256, now)
            outcome = checks.evaluate(_metadata_from_row(ev), context)
            position = session.scalar(select(func.count()).select_from(InspectionPhoto)
                                      .where(InspectionPhoto.inspection_id == inspection_id)) or 0
            link = InspectionPhoto(inspection_id=inspection_id, sha256=photo.sha256, original_name=path.name[:255],
                                   caption="", include_in_report=True, position=position, added_by=actor.username)
            _apply_outcome(link, outcome, now)
            session.add(link)
            session.flush()
            if context.other_works:
                others = session.scalars(select(InspectionPhoto).join(Inspection)
                                         .where(InspectionPhoto.sha256 == photo.sha256,
                                                Inspection.work_id != inspection.work_id)).all()
                recheck_photo_links(session, others, now)
            record_audit(session, actor, "add_photo", "inspection", inspection_id, None,
                         {"sha256": photo.sha256, "archivo": path.name, "alertas": outcome.codes},
                         f"Foto agregada a la visita del {inspection.visit_date:%d/%m/%Y}: {path.name}")
            return PhotoImportResult(status=IMPORTED, distance_m=outcome.distance_m, flags=tuple(outcome.codes),
                                     flag_details=_flag_dtos(link.flag_details), photo_id=link.id, **base)

    # -- editing --------------------------------------------------------------------------
    def update_photo(self, photo_id: str, *, caption: Optional[str] = None,
                     include_in_report: Optional[bool] = None) -> PhotoDTO:
        """Caption and report choice; allowed on closed acts too (they describe, not change, evidence)."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            link = self._load(session, photo_id)
            old = {"caption": link.caption, "include_in_report": link.include_in_report}
            if caption is not None:
                link.caption = caption.strip()[:2000]
            if include_in_report is not None:
                link.include_in_report = bool(include_in_report)
            new = {"caption": link.caption, "include_in_report": link.include_in_report}
            changed = {k: v for k, v in new.items() if old[k] != v}
            if changed:
                record_audit(session, self.identity.actor, "update_photo", "inspection_photo", link.id,
                             {k: old[k] for k in changed}, changed, f"Foto {link.original_name}: {', '.join(changed)}")
            session.flush()
            return self._dto(session, link)

    def remove_photo(self, photo_id: str) -> None:
        """Unlink a photo from an open visit; the original stays in the store (evidence is never deleted)."""
        self.identity.require(Permission.WRITE)
        with self.db.transaction() as session:
            link = self._load(session, photo_id)
            inspection = session.get(Inspection, link.inspection_id)
            if inspection is not None and inspection.status == "cerrada":
                raise ValidationError("El acta está cerrada: sus fotos no se pueden quitar.")
            record_audit(session, self.identity.actor, "remove_photo", "inspection", link.inspection_id,
                         {"sha256": link.sha256, "archivo": link.original_name}, None,
                         f"Foto quitada de la visita: {link.original_name}")
            sha = link.sha256
            session.delete(link)
            session.flush()
            others = session.scalars(select(InspectionPhoto).where(InspectionPhoto.sha256 == sha)).all()
            recheck_photo_links(session, others)

    # -- queries --------------------------------------------------------------------------
    def list(self, inspection_id: str) -> list[PhotoDTO]:
        with self.db.read() as session:
            if session.get(Inspection, inspection_id) is None:
                raise NotFoundError(f"No existe una visita con identificador «{inspection_id}».")
            links = session.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == inspection_id)
                                    .order_by(InspectionPhoto.position, InspectionPhoto.created_at)).all()
            loaded = _preload(session, links)  # held: the identity map keeps only weak references
            dtos = [self._dto(session, link) for link in links]
            del loaded
            return dtos

    def list_for_work(self, work_id: str) -> list[PhotoDTO]:
        """Every photo of every visit of a work (map, reports)."""
        with self.db.read() as session:
            links = session.scalars(select(InspectionPhoto).join(Inspection).where(Inspection.work_id == work_id)
                                    .order_by(Inspection.visit_date, InspectionPhoto.position)).all()
            loaded = _preload(session, links)  # held: the identity map keeps only weak references
            dtos = [self._dto(session, link) for link in links]
            del loaded
            return dtos

    def get(self, photo_id: str) -> PhotoDTO:
        with self.db.read() as session:
            return self._dto(session, self._load(session, photo_id))

    def thumbnail_path(self, sha256: str) -> Optional[Path]:
        """Cached thumbnail, rebuilt from the original if missing (call off the GUI thread)."""
        with self.db.read() as session:
            ev = session.get(EvidenceFile, sha256)
            if ev is None:
                return None
            original = self.store.path_for(ev.sha256, ev.extension)
        return self.thumbnails.get(sha256, original)

    def verify(self, progress: Optional[ProgressCallback] = None, cancel: Optional[CancelToken] = None) -> VerifyReport:
        """Re-hash every stored original and compare with the records; never modifies anything."""
        with self.db.read() as session:
            expected = [(sha, ext) for sha, ext in session.execute(select(EvidenceFile.sha256, EvidenceFile.extension))]
        result = self.store.verify(expected, progress=progress, cancel=cancel)
        return VerifyReport(checked=result.checked, recorded=len(expected), problems=result.problems)

    # -- internals ------------------------------------------------------------------------
    @staticmethod
    def _load(session: Session, photo_id: str) -> InspectionPhoto:
        link = session.get(InspectionPhoto, photo_id)
        if link is None:
            raise NotFoundError(f"No existe una foto con identificador «{photo_id}».")
        return link

    def _dto(self, session: Session, link: InspectionPhoto) -> PhotoDTO:
        ev = session.get(EvidenceFile, link.sha256)
        inspection = session.get(Inspection, link.inspection_id)
        camera = " ".join(x for x in (ev.camera_make, ev.camera_model) if x)
        return PhotoDTO(
            id=link.id, inspection_id=link.inspection_id, work_id=inspection.work_id,
            visit_date=inspection.visit_date, sha256=link.sha256, extension=ev.extension,
            original_name=link.original_name, caption=link.caption, include_in_report=link.include_in_report,
            position=link.position, distance_m=link.distance_m, flags=tuple(link.flags or ()),
            flag_details=_flag_dtos(link.flag_details), lat=ev.lat, lon=ev.lon, alt=ev.alt, taken_at=ev.taken_at,
            camera=camera, software=ev.software, width=ev.width, height=ev.height, size_bytes=ev.size_bytes,
            file_path=self.store.path_for(ev.sha256, ev.extension), version=link.version,
        )


def _preload(session: Session, links: list[InspectionPhoto], chunk: int = 900) -> list[object]:
    """Load the links' evidence files and visits in a few queries, so building each DTO with
    session.get() hits the identity map instead of asking the database once per photo."""
    shas = sorted({link.sha256 for link in links})
    visits = sorted({link.inspection_id for link in links})
    loaded: list[object] = []
    for start in range(0, len(shas), chunk):
        loaded += session.scalars(select(EvidenceFile).where(EvidenceFile.sha256.in_(shas[start:start + chunk]))).all()
    for start in range(0, len(visits), chunk):
        loaded += session.scalars(select(Inspection).where(Inspection.id.in_(visits[start:start + chunk]))).all()
    return loaded


def _flag_dtos(details: Optional[list]) -> tuple[FlagDTO, ...]:
    return tuple(FlagDTO(d.get("code", ""), d.get("title", ""), d.get("explanation", "")) for d in (details or []))


@dataclass(frozen=True)
class _Prepared:
    """A photo already decoded, checked and safely stored; its bytes are no longer held."""

    sha256: str
    extension: str
    format: str
    size: int
    metadata: PhotoMetadata


def _prepare(path: Path, max_bytes: int, store: PhotoStore, thumbnails: ThumbnailCache) -> _Prepared | str:
    """Worker-thread step: decode, store the original (fsync + atomic rename) and its thumbnail.

    Returns the prepared photo, or the Spanish reason it was rejected. Doing the write here
    overlaps disk work with the decoding of the next files; the database record still comes
    strictly after the bytes are on disk.
    """
    try:
        photo = inspect_file(path, max_bytes=max_bytes)
    except PhotoRejected as exc:
        return str(exc)
    except MemoryError:
        return "La foto es demasiado grande para la memoria de este equipo."
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the batch
        return f"No se pudo leer la foto ({type(exc).__name__})."
    try:
        store.put(photo.data, photo.extension, photo.sha256)
    except OSError as exc:
        return f"No se pudo guardar en la carpeta de evidencias: {exc.strerror or exc}."
    try:
        thumbnails.put(photo.sha256, photo.thumbnail_jpeg)
    except OSError:
        pass  # a thumbnail is a cache: it is rebuilt from the original when needed
    return _Prepared(photo.sha256, photo.extension, photo.format, len(photo.data), photo.metadata)
