"""The second backend of the service tests: a real PostgreSQL server (started by .ci/postgres).

When VEEDURIA_TEST_PG_URL is set, every test under tests/services/ and tests/db/ that uses the
`services` fixture runs twice, `[sqlite]` and `[postgresql]`. Each test process migrates its
own schema once (the same Alembic migrations the app runs) and every test starts from empty
tables (TRUNCATE), which costs milliseconds instead of a full migration per test.
"""
from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text

from veeduria_app.db import migrate
from veeduria_app.db.engine import Database
from veeduria_app.db.server import committee_url

PG_URL = os.environ.get("VEEDURIA_TEST_PG_URL", "")
BACKENDS: tuple[str, ...] = ("sqlite", "postgresql") if PG_URL else ("sqlite",)
DOUBLED_DIRS = ("services", "db")
"""Test folders whose `services` tests run on both backends (the UI ones stay on SQLite)."""

SQLITE_ONLY: dict[str, str] = {
    "test_backups.py": "copias y restauración de un archivo SQLite; en un servidor se usa pg_dump",
    "test_accounts.py::test_open_folder_until_first_coordinator": "lee el archivo SQLite directamente",
}
"""Tests that are about the local SQLite file itself (file name or file::test name → why).
A test can also say so with `@pytest.mark.sqlite_only`."""


def sqlite_only(nodeid_file: str, test_name: str, marked: bool) -> bool:
    return marked or nodeid_file in SQLITE_ONLY or f"{nodeid_file}::{test_name}" in SQLITE_ONLY


def fresh_schema_url(prefix: str = "prueba") -> str:
    """A URL whose search path is a new, empty schema on the test server."""
    return committee_url(PG_URL, f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}")


def drop_schema(url: str) -> None:
    from veeduria_app.db.server import schema_of

    engine = create_engine(PG_URL)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema_of(url)}" CASCADE'))
    finally:
        engine.dispose()


class WorkerSchema:
    """One migrated schema per test process, emptied before each test."""

    def __init__(self) -> None:
        self.url = fresh_schema_url("pruebas")
        db = Database(self.url)
        try:
            migrate.upgrade(db)
            with db.engine.connect() as connection:
                self.tables = [name for name in connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'").scalars()]
        finally:
            db.dispose()
        self._engine = create_engine(self.url)

    def empty(self) -> None:
        """Remove every row (a test that left a transaction open fails here instead of hanging)."""
        if not self.tables:
            return
        with self._engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
            connection.exec_driver_sql("TRUNCATE " + ", ".join(f'"{name}"' for name in self.tables) + " CASCADE")

    def drop(self) -> None:
        self._engine.dispose()
        drop_schema(self.url)
