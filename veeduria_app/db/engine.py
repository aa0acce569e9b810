"""Engine and transactions: the only place that knows SQLite needs pragmas.

Each thread gets its own connection from the pool (SQLite files, never shared in-memory
databases), WAL lets the GUI read while an import writes, and foreign keys are on.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from veeduria_app.db import concurrency


log = logging.getLogger("veeduria.db")

CONNECT_TIMEOUT_S = 10
"""A server that does not answer is reported after this long, not after minutes of TCP retries."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).as_posix()}"


WAL_AUTOCHECKPOINT_PAGES = 1000
"""SQLite's default: a commit that leaves more pages than this in the WAL copies them into the
database file before it returns."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised indirectly
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cursor.close()


class Database:
    """Owns the engine and hands out sessions; one transaction per user action."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        kwargs: dict = {"echo": echo, "future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
        else:
            kwargs["pool_pre_ping"] = True  # a connection the server dropped while idle is replaced silently
            if url.startswith("postgresql"):
                kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", concurrency.remember_versioned)
        self._checkpointer: threading.Thread | None = None
        self._checkpoint_lock = threading.Lock()
        if self.is_sqlite:
            event.listen(self.engine, "checkin", self._after_bulk)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = self.engine.url.database
        return Path(database) if database else None

    @contextmanager
    def transaction(self, *, bulk: bool = False) -> Iterator[Session]:
        """Commit when the block ends normally; roll back everything on any exception.

        `bulk` (a file import of up to 100,000 rows): on SQLite its commit only appends to the
        WAL and returns; the copy of those pages into the database file (a checkpoint, about as
        long again as writing them) runs right after on a background thread, as SQLite's WAL
        documentation suggests for applications, instead of inside the commit the user waits for.
        The committed rows are durable and visible to every reader either way.

        Two failures of a shared database are translated here for every service: a record
        someone else saved first (StaleDataError from the `version` column) becomes a
        ConflictError with both versions; a dropped server connection becomes ConnectionLost.
        Either way nothing of the action is kept.
        """
        session = self._sessions()
        try:
            if bulk and self.is_sqlite:
                self._defer_checkpoint(session)
            yield session
            session.commit()
        except StaleDataError as error:
            raise concurrency.conflict_from(session, self._sessions) from error
        except (DBAPIError, DisconnectionError) as error:
            session.rollback()
            if concurrency.is_connection_loss(error, server=not self.is_sqlite):
                raise concurrency.connection_lost() from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed. A dropped server is ConnectionLost."""
        session = self._sessions()
        try:
            yield session
        except (DBAPIError, DisconnectionError) as error:
            if concurrency.is_connection_loss(error, server=not self.is_sqlite):
                raise concurrency.connection_lost() from error
            raise
        finally:
            session.rollback()
            session.close()

    def _defer_checkpoint(self, session: Session) -> None:
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
        connection.connection.info["bulk"] = True  # the pool record's info: see _after_bulk

    def _after_bulk(self, dbapi_connection: Any, record: Any) -> None:
        """Pool check-in of a bulk transaction's connection (after its commit or rollback): the
        connection gets its automatic checkpoints back and the deferred checkpoint starts."""
        if record is None or not record.info.pop("bulk", False):
            return
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        finally:
            cursor.close()
        with self._checkpoint_lock:
            if self._checkpointer is None or not self._checkpointer.is_alive():
                self._checkpointer = threading.Thread(target=self._checkpoint, name="wal-checkpoint", daemon=True)
                self._checkpointer.start()

    def _checkpoint(self) -> None:
        """A PASSIVE checkpoint never waits for readers or writers: whatever it cannot copy now,
        the next commit's automatic checkpoint copies."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except Exception:  # noqa: BLE001 - housekeeping: the data is committed whatever happens here
            log.warning("El punto de control diferido de la base de datos no terminó", exc_info=True)

    def wait_for_checkpoint(self) -> None:
        """Block until a deferred checkpoint has finished (closing, restoring a backup, benchmarks)."""
        with self._checkpoint_lock:
            worker = self._checkpointer
        if worker is not None:
            worker.join()

    def dispose(self) -> None:
        self.wait_for_checkpoint()
        self.engine.dispose()
