"""A bulk transaction (a file import) commits into the WAL and leaves the checkpoint, the copy
of its pages into the database file, to a background thread: on a real SQLite file."""
from __future__ import annotations

import os
import sqlite3
import threading

import pytest
from sqlalchemy import text

from veeduria_app.db.engine import WAL_AUTOCHECKPOINT_PAGES, Database, sqlite_url

ROWS = 1500  # 1,500 rows of 4 KB: more than the 1,000 WAL pages after which a commit checkpoints


def _fill(session) -> None:
    session.execute(text("CREATE TABLE IF NOT EXISTS bulk_rows (n INTEGER, payload BLOB)"))
    session.execute(text("INSERT INTO bulk_rows VALUES (:n, :p)"),
                    [{"n": n, "p": os.urandom(4000)} for n in range(ROWS)])


def _count(path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM bulk_rows").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    database = Database(sqlite_url(tmp_path / "datos.sqlite3"))
    yield database
    database.dispose()


def test_a_bulk_commit_leaves_the_copy_to_the_database_file_for_afterwards(db, tmp_path, monkeypatch):
    path = tmp_path / "datos.sqlite3"
    release, started = threading.Event(), threading.Event()
    checkpoint = Database._checkpoint

    def held(self) -> None:
        started.set()
        release.wait(10)
        checkpoint(self)

    monkeypatch.setattr(Database, "_checkpoint", held)
    with db.transaction(bulk=True) as session:
        _fill(session)
    assert started.wait(10), "the deferred checkpoint never started"
    # Committed and visible to another connection, while the database file still lacks the pages.
    assert _count(path) == ROWS
    assert path.stat().st_size < ROWS * 4000 / 4
    assert os.path.getsize(f"{path}-wal") > ROWS * 4000
    release.set()
    db.wait_for_checkpoint()
    assert path.stat().st_size > ROWS * 4000


def test_a_normal_commit_still_checkpoints_by_itself(db, tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(Database, "_checkpoint", lambda self: calls.append(1))
    with db.transaction() as session:
        _fill(session)
    db.wait_for_checkpoint()
    assert calls == []
    assert (tmp_path / "datos.sqlite3").stat().st_size > ROWS * 4000


def test_the_connection_gets_its_automatic_checkpoints_back(db):
    with db.transaction(bulk=True) as session:
        _fill(session)
        bulk_connection = session.connection().connection.dbapi_connection
        assert session.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    db.wait_for_checkpoint()
    with db.engine.connect() as connection:
        assert connection.connection.dbapi_connection is bulk_connection  # the pool hands back the same one
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == WAL_AUTOCHECKPOINT_PAGES


def test_a_failed_bulk_transaction_writes_nothing_and_restores_the_connection(db, tmp_path):
    with db.transaction() as session:
        session.execute(text("CREATE TABLE bulk_rows (n INTEGER, payload BLOB)"))
    with pytest.raises(RuntimeError):
        with db.transaction(bulk=True) as session:
            _fill(session)
            raise RuntimeError("cancelada")
    db.wait_for_checkpoint()
    assert _count(tmp_path / "datos.sqlite3") == 0
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == WAL_AUTOCHECKPOINT_PAGES


def test_closing_waits_for_the_deferred_checkpoint(tmp_path, monkeypatch):
    db = Database(sqlite_url(tmp_path / "datos.sqlite3"))
    finished: list[bool] = []
    checkpoint = Database._checkpoint

    def slow(self) -> None:
        threading.Event().wait(0.3)
        checkpoint(self)
        finished.append(True)

    monkeypatch.setattr(Database, "_checkpoint", slow)
    with db.transaction(bulk=True) as session:
        _fill(session)
    db.dispose()
    assert finished == [True]
    assert (tmp_path / "datos.sqlite3").stat().st_size > ROWS * 4000
