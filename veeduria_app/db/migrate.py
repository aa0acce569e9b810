"""Apply Alembic migrations at start, after copying the SQLite file aside.

The copy is taken with SQLite's online backup API, so even a database opened elsewhere is
copied consistently; a failed migration therefore never costs the user their data.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from veeduria_app.db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(_bare_config())
    heads = script.get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"Las migraciones tienen {len(heads)} cabezas; deben formar una sola cadena.")
    return heads[0]


def _bare_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


def needs_upgrade(db: Database) -> bool:
    return not is_current(db)


def backup_sqlite(db_path: Path, target_dir: Path, label: str) -> Path:
    """Copy a live SQLite database with the online backup API; returns the copy's path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{label}-{stamp}.sqlite3"
    source = sqlite3.connect(str(db_path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. Returns the pre-migration copy if one was made."""
    copy: Path | None = None
    if not needs_upgrade(db):
        return None
    db_path = db.sqlite_path
    if backup_dir is not None and db_path is not None and db_path.exists():
        with db.engine.connect() as connection:
            has_tables = bool(inspect(connection).get_table_names())
        if has_tables:
            copy = backup_sqlite(db_path, backup_dir, f"antes-de-migrar-{current_revision(db) or 'vacia'}")
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return copy
