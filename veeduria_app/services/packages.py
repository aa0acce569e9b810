"""`.veeduria` data packages: carry all data, or one work, between laptops with no internet.

Export writes to a temporary file beside the target and renames it at the end, so a pulled
USB stick never leaves a half package under the final name. Import verifies the whole
package first (package_reader), then stores the evidence files (content-addressed, atomic),
then merges every record in ONE transaction (package_merge). A failure or a kill before the
commit leaves the database as it was; evidence files this import added are removed again
on failure (after a kill they stay as unreferenced, identical copies, which harm nothing).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import Table, select, update

from veeduria_app import __version__
from veeduria_app.db import migrate
from veeduria_app.db.base import utcnow
from veeduria_app.db.engine import Database
from veeduria_app.db.models.accounts import PackageConflict, PackageSyncState
from veeduria_app.evidence.store import PhotoStore
from veeduria_app.services.audit import record_audit
from veeduria_app.services.backups import known_revisions
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission
from veeduria_app.services.jobs import CancelToken, ProgressCallback, check, report
from veeduria_app.services.package_format import (
    EVIDENCE_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, MAX_EXPANDED_BYTES, OC4IDS_ENTRY, RECORDS_PREFIX, SHA_RE,
    SUFFIX, PackageRefused, decode_value, encode_row, exportable_tables, personal_fields,
)
from veeduria_app.services.package_merge import (
    CREATED, PER_PARENT_NUMBERS, UNCHANGED, UPDATED, ConflictDTO, MergeTally, Merger, PackageInfo, _conflict_dto,
)
from veeduria_app.services.package_oc4ids import project_package
from veeduria_app.services.package_reader import PackageContents, read_package
from veeduria_app.services.package_scope import select_rows

MAX_EXPANDED_SETTING = "packages.max_expanded_mb"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    records: int
    evidence_files: int
    tables: dict[str, int]
    include_personal_data: bool
    missing_evidence: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"path": str(self.path), "records": self.records, "evidence_files": self.evidence_files,
                "tables": self.tables, "include_personal_data": self.include_personal_data,
                "missing_evidence": list(self.missing_evidence)}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    conflicts: tuple[ConflictDTO, ...]
    evidence_added: int
    skipped: tuple[str, ...]
    author: str
    package_created_at: str
    by_table: dict[str, dict[str, int]] = field(default_factory=dict)
    renumbered: tuple[str, ...] = ()  # findings given a free H-number, in Spanish

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.conflicts or self.evidence_added)

    @property
    def text(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        return (f"{n(self.created, 'registro nuevo', 'registros nuevos')}, "
                f"{n(self.updated, 'actualizado', 'actualizados')}, {self.unchanged} sin cambios, "
                f"{n(len(self.conflicts), 'conflicto por decidir', 'conflictos por decidir')}, "
                f"{n(self.evidence_added, 'archivo de evidencia nuevo', 'archivos de evidencia nuevos')}"
                + (f", {n(len(self.skipped), 'omitido', 'omitidos')}" if self.skipped else "")
                + (f", {n(len(self.renumbered), 'hallazgo renumerado', 'hallazgos renumerados')}"
                   if self.renumbered else "") + ".")

    def to_json(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": len(self.conflicts), "evidence_added": self.evidence_added,
                "conflict_details": [c.to_json() for c in self.conflicts],
                "skipped": list(self.skipped), "author": self.author, "package_created_at": self.package_created_at,
                "by_table": self.by_table, "renumbered": list(self.renumbered)}


class PackageService:
    def __init__(self, db: Database, identity: Identity, data_folder: DataFolder, settings: Any = None,
                 *, max_expanded_bytes: Optional[int] = None, profile: Any = None) -> None:
        self.db = db
        self.profile = profile  # ProfileService: who the package says it comes from
        self.identity = identity
        self.data_folder = data_folder
        self.settings = settings
        self.store = PhotoStore(data_folder.evidence_dir)
        self._max_expanded = max_expanded_bytes

    # ================================================================ export
    def export(self, out: Path | str, *, work_id: Optional[str] = None, include_personal_data: bool = False,
               progress: Optional[ProgressCallback] = None, cancel: Optional[CancelToken] = None) -> ExportResult:
        """Write all data (or one work and what hangs from it) to one `.veeduria` file."""
        self.identity.require(Permission.WRITE)
        if include_personal_data:
            if not self.identity.can(Permission.ADMIN):
                raise ValidationError("Solo una cuenta de coordinación puede exportar documentos de identidad y "
                                      "contactos de los integrantes (Ley 1581 de 2012).")
        target = Path(out).expanduser()
        if target.suffix.lower() != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        if not target.parent.is_dir():
            raise ValidationError(f"No existe la carpeta «{target.parent}»: revise la ruta o conecte la memoria USB.")
        tables = exportable_tables()
        report(progress, 0, 0, "Reuniendo los registros…")
        with self.db.read() as session:
            if work_id and session.execute(select(_table("works")).where(
                    _table("works").c.id == work_id)).first() is None:
                raise NotFoundError(f"No existe una obra con identificador «{work_id}».")
            selected = select_rows(session, tables, work_id)
            sync = self._sync_bases(session, selected)
        evidence = self._referenced_evidence(tables, selected)
        fd, temp = tempfile.mkstemp(prefix=".exportando-", suffix=".part", dir=target.parent)
        os.close(fd)
        try:
            missing = self._write_zip(Path(temp), tables, selected, sync, evidence, work_id,
                                               include_personal_data, progress, cancel)
            os.replace(temp, target)
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            raise ValidationError(f"No se pudo escribir el paquete en «{target.parent}»: {error.strerror or error}.") \
                from None
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        counts = {t.name: len(selected.get(t.name, {})) for t in tables if selected.get(t.name)}
        with self.db.transaction() as session:
            record_audit(session, self.identity.actor, "export_package", "package", target.name, None,
                         {"archivo": str(target), "registros": sum(counts.values()), "obra": work_id,
                          "datos_personales": include_personal_data},
                         f"Paquete exportado: {target.name}" + (" (con datos personales)" if include_personal_data else ""))
        return ExportResult(path=target, records=sum(counts.values()), evidence_files=len(evidence) - len(missing),
                            tables=counts, include_personal_data=include_personal_data, missing_evidence=tuple(missing))

    def _write_zip(self, temp: Path, tables: list[Table], selected: dict, sync: dict, evidence: dict[str, Path | None],
                   work_id: Optional[str], include_personal: bool, progress: Optional[ProgressCallback],
                   cancel: Optional[CancelToken]) -> list[str]:
        entries: dict[str, dict] = {}
        missing: list[str] = []
        total = len(tables) + len(evidence) + 1
        done = 0
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            encoded_by_table: dict[str, list[dict]] = {}
            for table in tables:
                check(cancel)
                rows = list(selected.get(table.name, {}).values())
                drop = () if include_personal else personal_fields(table.name)
                encoded = [encode_row(table, row, drop=drop) for row in rows]
                encoded_by_table[table.name] = encoded
                if encoded:
                    payload = {"table": table.name, "primary_key": [c.name for c in table.primary_key.columns],
                               "personal_data": include_personal or not personal_fields(table.name),
                               "rows": encoded, "sync": sync.get(table.name, {})}
                    _write_bytes(archive, f"{RECORDS_PREFIX}{table.name}.json", _json_bytes(payload), entries)
                done += 1
                report(progress, done, total, f"Registros: {table.name}")
            oc4ids = project_package(encoded_by_table, self.identity.actor.display_name)
            _write_bytes(archive, OC4IDS_ENTRY, _json_bytes(oc4ids), entries)
            for sha, path in sorted(evidence.items()):
                check(cancel)
                done += 1
                if path is None:
                    missing.append(sha)
                    continue
                name = f"{EVIDENCE_PREFIX}{sha}{path.suffix.lower()}"
                _write_file(archive, name, path, entries)
                report(progress, done, total, f"Evidencia {sha[:12]}…")
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "app": "Veeduría", "app_version": __version__,
                "schema_revision": migrate.current_revision(self.db) or migrate.head_revision(),
                "author": {"username": self.identity.actor.username,
                           "display_name": self.profile.speaker() if self.profile else self.identity.actor.display_name},
                "created_at": utcnow().isoformat(), "scope": {"work_id": work_id} if work_id else {"all": True},
                "include_personal_data": include_personal, "missing_evidence": missing,
                "training": self.data_folder.is_training, "entries": entries,
            }
            archive.writestr(MANIFEST, _json_bytes(manifest))
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        return missing

    def _referenced_evidence(self, tables: list[Table], selected: dict) -> dict[str, Path | None]:
        """Files of the evidence store named by a `*sha256*` column of an exported record.

        A recorded photo (`evidence_files`) whose file is gone maps to None and is reported; other
        hashes (issued PDFs kept elsewhere, letters) travel only when the store has them.
        """
        found: dict[str, Path | None] = {}
        for table in tables:
            columns = [c.name for c in table.columns if "sha256" in c.name]
            for row in selected.get(table.name, {}).values():
                for name in columns:
                    value = row[name]
                    if isinstance(value, str) and SHA_RE.match(value) and found.get(value) is None:
                        path = self._stored_path(value)
                        if path is not None or table.name == "evidence_files":
                            found[value] = path
        return found

    def _stored_path(self, sha: str) -> Optional[Path]:
        folder = self.store.root / sha[:2] / sha[2:4]
        if not folder.is_dir():
            return None
        for path in folder.glob(f"{sha}.*"):
            if path.is_file() and not path.name.endswith(".part"):
                return path
        return None

    @staticmethod
    def _sync_bases(session, selected: dict) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for state in session.scalars(select(PackageSyncState)):
            if state.record_key in selected.get(state.table_name, {}):
                result.setdefault(state.table_name, {})[state.record_key] = state.base_hash
        return result

    # ================================================================ import
    def inspect(self, path: Path | str) -> PackageContents:
        """Verify a package without importing it (what the import dialog shows first)."""
        try:
            return read_package(Path(path).expanduser(), known_revisions=known_revisions(),
                                max_expanded_bytes=self.max_expanded_bytes)
        except PackageRefused as error:
            raise ValidationError(str(error)) from None

    def import_package(self, path: Path | str, *, progress: Optional[ProgressCallback] = None,
                       cancel: Optional[CancelToken] = None,
                       _after_merge: Optional[Callable[[], None]] = None) -> ImportSummary:
        """Merge a package into this data folder; all or nothing. Same package twice: no change."""
        self.identity.require(Permission.ADMIN)
        source = Path(path).expanduser()
        try:
            contents = read_package(source, known_revisions=known_revisions(),
                                    max_expanded_bytes=self.max_expanded_bytes, progress=progress,
                                    check_cancel=lambda: check(cancel))
        except PackageRefused as error:
            raise ValidationError(str(error)) from None
        if contents.manifest.get("training") and not self.data_folder.is_training:
            raise ValidationError("Este paquete salió del modo capacitación: son datos de práctica y no se pueden "
                                  "importar en los datos reales de la veeduría. Si es para practicar, ábralo desde "
                                  "el modo capacitación.")
        declared = sum(e.size for e in contents.evidence)
        free = shutil.disk_usage(self.data_folder.path).free
        if declared > free:
            raise ValidationError("No hay espacio suficiente en el disco para las evidencias del paquete.")
        added: list[Path] = []
        try:
            evidence_added = self._store_evidence(source, contents, added, progress, cancel)
            summary = self._merge(contents, source, evidence_added, progress, cancel, _after_merge)
        except BaseException:
            for stored in added:  # the database never referenced them: leave the store as it was
                try:
                    os.chmod(stored, 0o600)
                    stored.unlink(missing_ok=True)
                except OSError:
                    pass
            raise
        return summary

    def _store_evidence(self, source: Path, contents: PackageContents, added: list[Path],
                        progress: Optional[ProgressCallback], cancel: Optional[CancelToken]) -> int:
        count = 0
        total = len(contents.evidence)
        with zipfile.ZipFile(source) as archive:
            for done, entry in enumerate(contents.evidence, start=1):
                check(cancel)
                if self.store.contains(entry.sha256, entry.extension) or self._stored_path(entry.sha256):
                    continue
                with archive.open(entry.name) as handle:
                    data = handle.read(entry.size + 1)
                if hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise ValidationError(f"El paquete cambió mientras se importaba: «{entry.name}» ya no coincide "
                                          "con su huella.")
                stored = self.store.put(data, entry.extension, entry.sha256)
                if not stored.already_present:
                    added.append(stored.path)
                    count += 1
                report(progress, done, total, f"Guardando evidencia {entry.sha256[:12]}…")
        return count

    def _merge(self, contents: PackageContents, source: Path, evidence_added: int,
               progress: Optional[ProgressCallback], cancel: Optional[CancelToken],
               after_merge: Optional[Callable[[], None]]) -> ImportSummary:
        info = PackageInfo(author=contents.author or "desconocido",
                           created_at=str(contents.manifest.get("created_at") or ""), file_name=source.name,
                           include_personal_data=contents.include_personal_data)
        tally = MergeTally()
        tables = [t for t in exportable_tables() if t.name in contents.tables]
        total = sum(len(contents.tables[t.name]["rows"]) for t in tables)
        position = [0]

        def tick() -> None:
            position[0] += 1
            if position[0] % 50 == 0 or position[0] == total:
                report(progress, position[0], total, "Combinando registros…")

        try:
            with self.db.transaction() as session:
                merger = Merger(session, self.identity.actor, info, tally, lambda: check(cancel))
                for table in tables:
                    merger.merge_table(table, contents.tables[table.name], tick)
                if after_merge is not None:
                    after_merge()
                summary = ImportSummary(
                    created=tally.counts[CREATED], updated=tally.counts[UPDATED], unchanged=tally.counts[UNCHANGED],
                    conflicts=tuple(tally.conflicts), evidence_added=evidence_added, skipped=tuple(tally.skipped),
                    author=info.author, package_created_at=info.created_at, by_table=tally.by_table,
                    renumbered=tuple(tally.renumbered))
                if summary.created or summary.updated or evidence_added or tally.conflicts:
                    record_audit(session, self.identity.actor, "import_package", "package", source.name, None,
                                 {k: v for k, v in summary.to_json().items() if k != "conflict_details"},
                                 f"Paquete importado de {info.author}: {summary.text}")
        except PackageRefused as error:
            raise ValidationError(str(error)) from None
        return summary

    @property
    def max_expanded_bytes(self) -> int:
        if self._max_expanded is not None:
            return self._max_expanded
        if self.settings is not None:
            value = self.settings.get(MAX_EXPANDED_SETTING)
            try:
                if value:
                    return int(float(value) * 1024 * 1024)
            except (TypeError, ValueError):
                pass
        return MAX_EXPANDED_BYTES

    # ================================================================ conflicts
    def conflicts(self, *, include_resolved: bool = False) -> list[ConflictDTO]:
        self.identity.require(Permission.READ)
        query = select(PackageConflict).order_by(PackageConflict.created_at.desc())
        if not include_resolved:
            query = query.where(PackageConflict.status == "pendiente")
        with self.db.read() as session:
            return [_conflict_dto(c) for c in session.scalars(query)]

    def resolve_conflict(self, conflict_id: str, keep: str) -> ConflictDTO:
        """A person decides: keep «local» (this laptop's version) or «paquete» (the incoming one)."""
        self.identity.require(Permission.ADMIN)
        if keep not in ("local", "paquete"):
            raise ValidationError("Elija «local» (la versión de este equipo) o «paquete» (la recibida).")
        with self.db.transaction() as session:
            conflict = session.get(PackageConflict, conflict_id)
            if conflict is None:
                raise NotFoundError(f"No existe el conflicto «{conflict_id}».")
            if conflict.status != "pendiente":
                raise ValidationError("Ese conflicto ya fue resuelto.")
            kept_number = self._write_version(session, conflict, keep) if keep != conflict.applied else ""
            conflict.status = "resuelto"
            conflict.resolution = keep
            conflict.resolved_by = self.identity.actor.username
            conflict.resolved_at = utcnow()
            record_audit(session, self.identity.actor, "resolve_conflict", conflict.table_name, conflict.record_key,
                         {"aplicada": conflict.applied}, {"decision": keep},
                         f"Conflicto resuelto ({'versión de este equipo' if keep == 'local' else 'versión recibida'}): "
                         f"{conflict.label or conflict.record_key}{kept_number}")
            session.flush()
            return _conflict_dto(conflict)

    @staticmethod
    def _write_version(session, conflict: PackageConflict, keep: str) -> str:
        """Write the chosen version over the row; returns a note when its number stayed (see below)."""
        table = _table(conflict.table_name)
        values = conflict.local_values if keep == "local" else conflict.incoming_values
        pk = {c.name for c in table.primary_key.columns}
        row = session.execute(select(table).where(*[table.c[n] == values[n] for n in pk])).mappings().first()
        if row is None:
            raise NotFoundError("El registro en conflicto ya no existe en este equipo.")
        decoded = {k: decode_value(table.c[k], v) for k, v in values.items() if k in table.c and k not in pk}
        decoded["updated_at"] = utcnow()
        if "version" in table.c:
            decoded["version"] = int(row["version"] or 0) + 1
        note = _keep_unique_number(session, table, row, decoded)
        session.execute(update(table).where(*[table.c[n] == row[n] for n in pk]).values(**decoded))
        return note


def _keep_unique_number(session, table: Table, row: Any, values: dict) -> str:
    """A version chosen in a conflict may carry a number people quote (H-04) that another record of
    the same parent holds now (package_merge renumbered one of them): the row keeps its current
    number, as the merge itself does, so no two findings of a work share a code."""
    if table.name not in PER_PARENT_NUMBERS:
        return ""
    parent, number, code = PER_PARENT_NUMBERS[table.name]
    wanted = values.get(number)
    if wanted is None or wanted == row[number]:
        return ""
    label = next((table.c[n] for n in ("title", "name") if n in table.c), None)
    (pk,) = table.primary_key.columns
    holder = session.execute(select(label if label is not None else pk).where(
        table.c[parent] == values.get(parent, row[parent]), table.c[number] == wanted, pk != row[pk.name]).limit(1)).first()
    if holder is None:
        return ""
    values[number] = row[number]
    return f"; conserva {code.format(row[number])} porque {code.format(wanted)} es de «{holder[0]}»"


# -------------------------------------------------------------------- helpers


def _table(name: str) -> Table:
    from veeduria_app.db.base import Base

    return Base.metadata.tables[name]


def _json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _write_bytes(archive: zipfile.ZipFile, name: str, data: bytes, entries: dict) -> None:
    archive.writestr(_zipinfo(name, zipfile.ZIP_DEFLATED), data)
    entries[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _write_file(archive: zipfile.ZipFile, name: str, path: Path, entries: dict) -> None:
    """Evidence is stored as is (photos do not compress), hashed while it is copied."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source, archive.open(_zipinfo(name, zipfile.ZIP_STORED), "w", force_zip64=True) as sink:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
            sink.write(chunk)
    entries[name] = {"sha256": digest.hexdigest(), "size": size}


def _zipinfo(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info

