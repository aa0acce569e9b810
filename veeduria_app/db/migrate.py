"""Apply Alembic migrations at start, after copying the SQLite file aside.

The copy is taken with SQLite's online backup API, so even a database opened elsewhere is
copied consistently; a failed migration therefore never costs the user their data.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from veeduria_app.db import server
from veeduria_app.db.engine import Database
from veeduria_app.db.revisions import MIGRATIONS_DIR, head_revision  # noqa: F401 - re-exported

if TYPE_CHECKING:  # Alembic is imported only when a migration must run: it slows start-up
    from alembic.config import Config


def alembic_config(db: Database) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def current_revision(db: Database) -> str | None:
    """The database's revision (None for a new database), with one plain query."""
    with db.engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
        return row[0] if row else None


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
    if not db.is_sqlite:
        server.ensure_schema(db.url)  # a new committee on a shared server starts with its own schema
    if not needs_upgrade(db):
        return None
    db_path = db.sqlite_path
    if backup_dir is not None and db_path is not None and db_path.exists():
        with db.engine.connect() as connection:
            has_tables = bool(inspect(connection).get_table_names())
        if has_tables:
            copy = backup_sqlite(db_path, backup_dir, f"antes-de-migrar-{current_revision(db) or 'vacia'}")
    from alembic import command

    config = alembic_config(db)
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # several laptops of one committee may start a new version at once: one migrates,
            # the others wait here and then find the schema already at head
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('veeduria:' || current_schema()))")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return copy
