"""Engine and transactions: the only place that knows SQLite needs pragmas.

Each thread gets its own connection from the pool (SQLite files, never shared in-memory
databases), WAL lets the GUI read while an import writes, and foreign keys are on.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from veeduria_app.db import concurrency


CONNECT_TIMEOUT_S = 10
"""A server that does not answer is reported after this long, not after minutes of TCP retries."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).as_posix()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - exercised indirectly
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
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
    def transaction(self) -> Iterator[Session]:
        """Commit when the block ends normally; roll back everything on any exception.

        Two failures of a shared database are translated here for every service: a record
        someone else saved first (StaleDataError from the `version` column) becomes a
        ConflictError with both versions; a dropped server connection becomes ConnectionLost.
        Either way nothing of the action is kept.
        """
        session = self._sessions()
        try:
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

    def dispose(self) -> None:
        self.engine.dispose()
