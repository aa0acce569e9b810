"""Copies of the database: automatic when the app closes and before migrations, manual to a
USB stick, and restore after proving the file is a database of this app.

Copies use SQLite's online backup API, so a database in use (WAL mode) is copied consistently.
Automatic copies rotate: the newest of each of the last 10 days that have a copy, plus the
newest of each of the last 12 months. Restoring first copies the current state aside, so a
wrong restore can itself be undone. Only SQLite: a server database (PostgreSQL) is backed up
with the server's own tools.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database
from veeduria_app.db.revisions import known_revisions
from veeduria_app.services.audit import record_audit
from veeduria_app.services.data_folder import DataFolder
from veeduria_app.services.errors import NotFoundError, ValidationError
from veeduria_app.services.identity import Identity, Permission

KEEP_DAILY = 10
KEEP_MONTHLY = 12
CLOSE_LABEL = "cierre"
BEFORE_RESTORE_LABEL = "antes-de-restaurar"
MANUAL_LABEL = "manual"
REQUIRED_TABLES = ("alembic_version", "veeduria_profile", "works", "audit_log", "settings")
SQLITE_HEADER = b"SQLite format 3\x00"
SERVER_MESSAGE = ("Las copias de seguridad y la restauración de Veeduría solo funcionan con una base de datos "
                  "SQLite en la carpeta de datos. Esta carpeta usa una base de datos en servidor: haga sus copias "
                  "con las herramientas del servidor (por ejemplo pg_dump de PostgreSQL).")
_NAME_RE = re.compile(r"^(?P<label>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})\.sqlite3$")
KIND_LABELS = {CLOSE_LABEL: "Al cerrar la aplicación", "antes-de-migrar": "Antes de actualizar la base de datos",
               BEFORE_RESTORE_LABEL: "Antes de restaurar otra copia", MANUAL_LABEL: "Manual"}


@dataclass(frozen=True)
class BackupDTO:
    path: Path
    kind: str
    created_at: dt.datetime
    """Local time of the copy (from its name)."""
    size_bytes: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def to_json(self) -> dict:
        return {"path": str(self.path), "kind": self.kind, "created_at": self.created_at.isoformat(),
                "size_bytes": self.size_bytes}


@dataclass(frozen=True)
class BackupInfo:
    """What a candidate file turned out to be."""

    path: Path
    schema_revision: str
    works: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_state: Path
    schema_revision: str
    migrated: bool
    missing_evidence: int

    def to_json(self) -> dict:
        return {"restored_from": str(self.restored_from), "previous_state": str(self.previous_state),
                "schema_revision": self.schema_revision, "migrated": self.migrated,
                "missing_evidence": self.missing_evidence}


# -------------------------------------------------------------------- file-level helpers


def stamp_now() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def online_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database into `target` (temporary name, then atomic rename).

    The copy is switched to a plain rollback journal so it is one self-contained file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".copia-", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        src = sqlite3.connect(str(source))
        try:
            dest = sqlite3.connect(temp)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                dest.commit()
            finally:
                dest.close()
        finally:
            src.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def inspect_file(path: Path) -> BackupInfo:
    """Prove a file is an intact database of this app with a schema this version knows."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"No existe el archivo «{path}».")
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ValidationError(f"«{path.name}» no es una copia de seguridad de Veeduría: no es una base de datos SQLite.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise ValidationError(f"No se pudo abrir «{path.name}» como base de datos: {error}.") from None
    try:
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            raise ValidationError(f"«{path.name}» está dañado: {error}.") from None
        if not check or check[0] != "ok":
            raise ValidationError(f"«{path.name}» está dañado: la revisión de integridad de SQLite falló ({check[0] if check else '?'}).")
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise ValidationError(f"«{path.name}» es una base de datos SQLite, pero no de Veeduría "
                                  f"(le faltan las tablas: {', '.join(missing)}).")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else ""
        if revision not in known_revisions():
            raise ValidationError(f"«{path.name}» fue creada por una versión más reciente de Veeduría (esquema "
                                  f"«{revision or 'desconocido'}»): actualice la aplicación antes de restaurarla.")
        works = conn.execute("SELECT count(*) FROM works").fetchone()[0]
    finally:
        conn.close()
    return BackupInfo(path=path, schema_revision=revision, works=int(works), size_bytes=path.stat().st_size)


def parse_backup_name(path: Path) -> Optional[tuple[str, dt.datetime]]:
    """(kind, local time) from `label-YYYYmmdd-HHMMSS-ffffff.sqlite3`, or None for other files."""
    match = _NAME_RE.match(path.name)
    if not match:
        return None
    label = match.group("label")
    kind = "antes-de-migrar" if label.startswith("antes-de-migrar") else label
    try:
        when = dt.datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return kind, when


def rotation_keep(backups: list[tuple[Path, dt.datetime]], daily: int = KEEP_DAILY,
                  monthly: int = KEEP_MONTHLY) -> set[Path]:
    """Paths to keep: newest per day for the last `daily` days, newest per month for `monthly` months."""
    newest_first = sorted(backups, key=lambda item: item[1], reverse=True)
    keep: set[Path] = set()
    days: list[dt.date] = []
    months: list[tuple[int, int]] = []
    for path, when in newest_first:
        day, month = when.date(), (when.year, when.month)
        if day not in days and len(days) < daily:
            days.append(day)
            keep.add(path)
        if month not in months and len(months) < monthly:
            months.append(month)
            keep.add(path)
    return keep


# -------------------------------------------------------------------- service


class BackupService:
    def __init__(self, db: Database, identity: Identity, data_folder: DataFolder) -> None:
        self.db = db
        self.identity = identity
        self.data_folder = data_folder

    @property
    def available(self) -> bool:
        return self.db.sqlite_path is not None

    def _db_path(self) -> Path:
        path = self.db.sqlite_path
        if path is None:
            raise ValidationError(SERVER_MESSAGE)
        return path

    # -- automatic ------------------------------------------------------------------------
    def automatic_backup(self, label: str = CLOSE_LABEL) -> Optional[Path]:
        """Copy into the backups folder and rotate; nothing for a server database or training."""
        if not self.available or self.data_folder.is_training or not self._db_path().exists():
            return None
        target = self.data_folder.backups_dir / f"{label}-{stamp_now()}.sqlite3"
        online_copy(self._db_path(), target)
        self.rotate()
        return target

    def on_app_close(self) -> None:
        """The GUI calls this when its window closes."""
        self.automatic_backup(CLOSE_LABEL)

    def rotate(self, *, daily: int = KEEP_DAILY, monthly: int = KEEP_MONTHLY) -> list[Path]:
        """Delete automatic copies beyond the rotation, kind by kind; manual copies are never touched."""
        removed: list[Path] = []
        groups: dict[str, list[tuple[Path, dt.datetime]]] = {}
        for backup in self.list():
            if backup.kind != MANUAL_LABEL:
                groups.setdefault(backup.kind, []).append((backup.path, backup.created_at))
        for items in groups.values():
            keep = rotation_keep(items, daily, monthly)
            for path, _when in items:
                if path not in keep:
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def list(self) -> list[BackupDTO]:
        """Copies in the backups folder, newest first."""
        folder = self.data_folder.backups_dir
        result: list[BackupDTO] = []
        if folder.is_dir():
            for path in folder.glob("*.sqlite3"):
                parsed = parse_backup_name(path)
                if parsed and path.is_file():
                    result.append(BackupDTO(path=path, kind=parsed[0], created_at=parsed[1],
                                            size_bytes=path.stat().st_size))
        return sorted(result, key=lambda b: b.created_at, reverse=True)

    # -- manual ---------------------------------------------------------------------------
    def backup(self, out: Optional[Path | str] = None) -> Path:
        """Manual copy: into the backups folder, a chosen folder (USB stick) or a chosen file."""
        self.identity.require(Permission.ADMIN)
        source = self._db_path()
        if out is None:
            target = self.data_folder.backups_dir / f"{MANUAL_LABEL}-{stamp_now()}.sqlite3"
        else:
            out = Path(out).expanduser()
            if out.is_dir():
                target = out / f"veeduria-copia-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite3"
            else:
                target = out if out.suffix else out.with_suffix(".sqlite3")
                if not target.parent.is_dir():
                    raise ValidationError(f"No existe la carpeta «{target.parent}»: revise la ruta o conecte la memoria USB.")
            if target.exists():
                raise ValidationError(f"Ya existe «{target}»: elija otro nombre para no reemplazar una copia anterior.")
        try:
            online_copy(source, target)
        except OSError as error:
            raise ValidationError(f"No se pudo escribir la copia en «{target.parent}»: {error.strerror or error}.") from None
        inspect_file(target)  # a copy that cannot be restored is no copy: check it now
        with self.db.transaction() as session:
            record_audit(session, self.identity.actor, "backup", "database", "veeduria", None,
                         {"archivo": str(target)}, f"Copia de seguridad manual en {target}")
        return target

    def restore(self, path: Path | str) -> RestoreResult:
        """Replace the database with a checked copy, after copying the current state aside."""
        self.identity.require(Permission.ADMIN)
        live = self._db_path()
        candidate = Path(path).expanduser()
        info = inspect_file(candidate)
        if candidate.resolve() == live.resolve():
            raise ValidationError("Ese archivo es la base de datos en uso; elija una copia de seguridad.")
        previous = self.data_folder.backups_dir / f"{BEFORE_RESTORE_LABEL}-{stamp_now()}.sqlite3"
        online_copy(live, previous)
        self.db.dispose()  # no pooled connection may keep old pages
        src = sqlite3.connect(f"{candidate.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            dest = sqlite3.connect(str(live), timeout=15)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        self.db.dispose()
        migrated = info.schema_revision != migrate.head_revision()
        migrate.upgrade(self.db, backup_dir=self.data_folder.backups_dir)
        with self.db.transaction() as session:
            record_audit(session, self.identity.actor, "restore", "database", "veeduria", None,
                         {"desde": str(candidate), "estado_anterior": str(previous)},
                         f"Base de datos restaurada desde {candidate.name}; el estado anterior quedó en {previous.name}")
        return RestoreResult(restored_from=candidate, previous_state=previous, schema_revision=info.schema_revision,
                             migrated=migrated, missing_evidence=self._missing_evidence())

    # -- internals ------------------------------------------------------------------------
    def _missing_evidence(self) -> int:
        """Photos the restored database records but this laptop's evidence folder lacks."""
        from veeduria_app.evidence.store import PhotoStore

        store = PhotoStore(self.data_folder.evidence_dir)
        with self.db.engine.connect() as connection:
            try:
                rows = connection.exec_driver_sql("SELECT sha256, extension FROM evidence_files").all()
            except Exception:  # noqa: BLE001 - no evidence table in this schema
                return 0
        return sum(1 for sha, ext in rows if not store.contains(sha, ext))
