"""Pointing a laptop at the central server of a network of veedurías, and keeping its schema current.

The choice is stored in the data folder (`servidor.json`), not in the database, because it
says *which* database to open. It holds the server address, the committee (one PostgreSQL
schema each, see db/server.py) and optionally a shared evidence folder that every client
reaches (a network share); photos there stay content-addressed and verified by hash. The
training sandbox never reads this file: practice is always a local SQLite file.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from veeduria_app.db import migrate, server
from veeduria_app.db.engine import Database, sqlite_url
from veeduria_app.services.data_folder import SERVER_CONFIG_NAME, DataFolder
from veeduria_app.services.errors import ValidationError

CONFIG_NAME = SERVER_CONFIG_NAME


@dataclass(frozen=True)
class ServerConfig:
    url: str
    committee: str = ""
    evidence_dir: str = ""
    """A folder every client reaches (e.g. \\\\servidor\\evidencias); empty = this laptop's folder."""

    @property
    def effective_url(self) -> str:
        return server.committee_url(self.url, self.committee) if self.committee else self.url


@dataclass(frozen=True)
class SchemaStatus:
    """What `db check` and the settings screen report about a database."""

    display_url: str
    backend: str
    schema: Optional[str]
    current: Optional[str]
    head: str
    copy_path: Optional[str] = None
    messages: tuple[str, ...] = field(default=())

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    def to_json(self) -> dict:
        data = asdict(self)
        data["is_current"] = self.is_current
        data["messages"] = list(self.messages)
        return data

    def summary(self) -> str:
        where = self.display_url + (f" (comité: esquema «{self.schema}»)" if self.schema else "")
        if self.is_current:
            return f"La base de datos {where} está al día (versión del esquema {self.head})."
        if self.current is None:
            return f"La base de datos {where} está vacía: falta crear el esquema (versión {self.head})."
        return (f"La base de datos {where} necesita actualizarse: tiene la versión {self.current} y la del "
                f"programa es {self.head}. Ejecute «veeduria db upgrade».")


def config_path(folder: DataFolder) -> Path:
    return folder.path / CONFIG_NAME


def load_config(folder: DataFolder) -> Optional[ServerConfig]:
    """The saved server choice of a data folder, or None (local SQLite file)."""
    if folder.is_training:
        return None
    path = config_path(folder)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerConfig(url=str(data["url"]), committee=str(data.get("committee", "")),
                            evidence_dir=str(data.get("evidence_dir", "")))
    except (ValueError, KeyError, TypeError):
        raise ValidationError(f"El archivo {path} está dañado; bórrelo o vuelva a elegir el servidor.") from None


def configured_url(folder: DataFolder) -> Optional[str]:
    """The database URL the data folder's saved server choice asks for (None = local file)."""
    config = load_config(folder)
    return config.effective_url if config else None


def validate_config(url: str, committee: str = "", evidence_dir: str = "") -> ServerConfig:
    """Clean and check a server choice; raises ValidationError naming the field."""
    url = url.strip()
    if not url:
        raise ValidationError("Escriba la dirección del servidor.", field="url")
    parsed = server.parse_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValidationError("La dirección debe ser de un servidor PostgreSQL (postgresql+psycopg://…).", field="url")
    committee = committee.strip()
    if committee:
        server.committee_schema_name(committee)
    elif server.schema_of(url) is None:
        raise ValidationError("Indique el comité: cada veeduría guarda sus datos aparte en el servidor.",
                              field="committee")
    evidence_dir = evidence_dir.strip()
    if evidence_dir and not Path(evidence_dir).expanduser().is_dir():
        raise ValidationError(f"La carpeta compartida de evidencias «{evidence_dir}» no existe o no está "
                              "conectada.", field="evidence_dir")
    return ServerConfig(url=url, committee=committee, evidence_dir=evidence_dir)


def save_config(folder: DataFolder, config: ServerConfig) -> Path:
    """Write servidor.json atomically (a crash leaves the old choice or the new one)."""
    if folder.is_training:
        raise ValidationError("La carpeta de capacitación siempre usa su base local; abra sus datos reales.")
    path = config_path(folder)
    fd, temp = tempfile.mkstemp(prefix=".servidor-", suffix=".json", dir=folder.path)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(config), handle, ensure_ascii=False, indent=2)
    os.replace(temp, path)
    return path


def clear_config(folder: DataFolder) -> bool:
    """Go back to the local SQLite file; True if a server choice was removed."""
    path = config_path(folder)
    if path.is_file():
        path.unlink()
        return True
    return False


def _status(db: Database, copy: Optional[Path] = None) -> SchemaStatus:
    schema = server.schema_of(db.url) if not db.is_sqlite else None
    return SchemaStatus(display_url=server.display_url(db.url) if not db.is_sqlite else str(db.sqlite_path),
                        backend=db.engine.dialect.name, schema=schema, current=migrate.current_revision(db),
                        head=migrate.head_revision(), copy_path=str(copy) if copy else None)


def _open(url: str, *, create_schema: bool) -> Database:
    """A Database on `url`; a server is first checked to answer (ConnectionLost otherwise)."""
    db = Database(url)
    if not db.is_sqlite:
        try:
            server.ensure_schema(url, create=create_schema)
        except BaseException:
            db.dispose()
            raise
    return db


def check(url: str) -> SchemaStatus:
    """Compare the database's schema version with this program's, changing nothing."""
    db = _open(url, create_schema=False)
    try:
        return _status(db)
    finally:
        db.dispose()


def upgrade(url: str, backup_dir: Optional[Path] = None) -> tuple[SchemaStatus, SchemaStatus]:
    """Apply the migrations (a SQLite file is copied aside first); returns (before, after)."""
    db = _open(url, create_schema=True)
    try:
        before = _status(db)
        copy = migrate.upgrade(db, backup_dir=backup_dir)
        return before, _status(db, copy)
    finally:
        db.dispose()


def resolve(folder: DataFolder, db_url: Optional[str], committee: str = "") -> str:
    """The URL a command acts on: --db-url, VEEDURIA_DB_URL, the saved server, or the local file."""
    url = db_url or os.environ.get("VEEDURIA_DB_URL") or configured_url(folder) or sqlite_url(folder.db_path)
    server.parse_url(url)  # a mistyped address is a Spanish message, not a driver error
    return server.committee_url(url, committee) if committee else url


class SharedEvidenceFolder(DataFolder):
    """A data folder whose evidence store is the network's shared folder.

    Everything else (thumbnails, backups, reports, logs) stays on the laptop; only the
    original files, content-addressed and verified by hash, are shared by every client.
    """

    __slots__ = ("shared_evidence",)

    def __init__(self, path: Path, shared_evidence: Path = Path()) -> None:
        super().__init__(path)
        object.__setattr__(self, "shared_evidence", shared_evidence)

    def _key(self) -> tuple:
        return (self.path, self.shared_evidence)

    @property
    def evidence_dir(self) -> Path:
        return self.shared_evidence


def with_shared_evidence(folder: DataFolder) -> DataFolder:
    """The folder as services should see it: with the shared evidence folder, if one is configured."""
    config = load_config(folder)
    if config is None or not config.evidence_dir or isinstance(folder, SharedEvidenceFolder):
        return folder
    return SharedEvidenceFolder(folder.path, Path(config.evidence_dir).expanduser())
