"""Migrations: from an empty database to head, the schema equals the models."""
from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from veeduria_app.db import migrate
from veeduria_app.db.base import Base
from veeduria_app.db.engine import Database, sqlite_url


def test_empty_database_migrates_to_head_and_matches_models(tmp_path):
    db = Database(sqlite_url(tmp_path / "nueva.sqlite3"))
    assert migrate.current_revision(db) is None
    copy = migrate.upgrade(db, backup_dir=tmp_path / "copias")
    assert copy is None  # nothing to protect in an empty database
    assert migrate.is_current(db)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}), Base.metadata)
    assert diff == [], f"Las migraciones no coinciden con los modelos: {diff}"
    db.dispose()


def test_migrations_form_a_single_chain_and_the_fast_head_agrees_with_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert heads == [migrate.head_revision()]


def test_sqlite_pragmas_wal_and_foreign_keys(tmp_path):
    db = Database(sqlite_url(tmp_path / "p.sqlite3"))
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_upgrade_copies_an_existing_database_aside_before_migrating(tmp_path):
    path = tmp_path / "vieja.sqlite3"
    db = Database(sqlite_url(path))
    from alembic import command

    config = migrate.alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_foundation")
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value, updated_at) VALUES ('marca', '\"antes\"', '2026-01-01 00:00:00')")
    if migrate.head_revision() == "0001_foundation":
        return  # nothing newer to migrate to yet
    copy = migrate.upgrade(db, backup_dir=tmp_path / "copias")
    assert copy is not None and copy.exists()
    saved = sqlite3.connect(copy).execute("SELECT value FROM settings WHERE key='marca'").fetchone()
    assert saved == ('"antes"',)
    db.dispose()
