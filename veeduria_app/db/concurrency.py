"""Turn the database's concurrency failures into messages a person can act on.

Two things go wrong only when several people share one database: someone else saved the same
record first (SQLAlchemy's version counter catches it as StaleDataError), or the network to
the server dropped. Both are translated here, once, for every service: a `ConflictError`
carrying both versions of the record, or a `ConnectionLost` saying nothing was saved.
The exceptions are plain leaf classes in services/errors.py, so no service logic is imported.
"""
from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any, Callable, Optional

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from veeduria_app.services.errors import ConflictError, ConnectionLost

HIDDEN_FIELDS = {"created_at", "updated_at"}
"""Stamps every save changes; showing them as 'differences' would only hide the real ones."""

LABEL_FIELDS = ("name", "title", "subject", "number", "code", "key")


@dataclass(frozen=True)
class _Candidate:
    cls: type
    identity: tuple
    loaded_version: Optional[int]
    mine: dict[str, Any]
    label: str


def _plain(value: Any) -> Any:
    """Values as a person reads them in the conflict dialog (and JSON can carry)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _row_dict(state_dict: dict, keys: list[str]) -> dict[str, Any]:
    return {key: _plain(state_dict[key]) for key in keys if key in state_dict and key not in HIDDEN_FIELDS}


def _candidates(session: Session) -> list[_Candidate]:
    """Versioned records this session was about to change, read without touching the database."""
    found = []
    for obj in list(session.dirty) + list(session.deleted):
        state = sa_inspect(obj)
        mapper = state.mapper
        if mapper.version_id_col is None or state.identity is None:
            continue
        version_key = mapper.get_property_by_column(mapper.version_id_col).key
        history = state.attrs[version_key].history
        loaded = history.deleted[0] if history.deleted else state.dict.get(version_key)
        keys = [attr.key for attr in mapper.column_attrs]
        mine = _row_dict(state.dict, keys)
        mine[version_key] = loaded
        label = next((str(state.dict[f]) for f in LABEL_FIELDS if state.dict.get(f)), "")
        found.append(_Candidate(mapper.class_, state.identity, loaded, mine, label))
    return found


_PENDING_KEY = "veeduria_versioned_pending"


def remember_versioned(session: Session, _flush_context: object, _instances: object) -> None:
    """before_flush hook: note what the user is saving, since a failed flush expires it all."""
    session.info[_PENDING_KEY] = _candidates(session)


def conflict_from(session: Session, new_session: Callable[[], Session]) -> ConflictError:
    """Build the ConflictError for a failed versioned save: the user's values and the stored ones.

    Called after StaleDataError. The user's values come from the snapshot taken just before
    the flush (`remember_versioned`); the stored version is read on a fresh session.
    """
    candidates = session.info.pop(_PENDING_KEY, [])
    session.rollback()
    fresh = new_session()
    try:
        for candidate in candidates:
            stored = fresh.get(candidate.cls, candidate.identity)
            what = f"«{candidate.label}»" if candidate.label else f"este registro ({candidate.cls.__tablename__})"
            if stored is None:
                return ConflictError(
                    f"Otra persona eliminó {what} mientras usted lo editaba. No se guardaron sus cambios.",
                    mine=candidate.mine, theirs={})
            state = sa_inspect(stored)
            version_key = state.mapper.get_property_by_column(state.mapper.version_id_col).key
            theirs = _row_dict(state.dict, [attr.key for attr in state.mapper.column_attrs])
            if theirs.get(version_key) != candidate.loaded_version:
                return ConflictError(
                    f"Otra persona modificó {what} mientras usted lo editaba (usted partió de la versión "
                    f"{candidate.loaded_version}; la guardada es la {theirs.get(version_key)}). No se guardaron "
                    "sus cambios: revise ambas versiones y vuelva a guardar.",
                    mine=candidate.mine, theirs=theirs)
    finally:
        fresh.close()
    return ConflictError("Otra persona modificó este registro mientras usted lo editaba. No se guardaron sus "
                         "cambios: vuelva a abrirlo y guarde de nuevo.")


def is_connection_loss(error: BaseException, *, server: bool) -> bool:
    """True when the connection itself is gone (server down, network cut, backend killed).

    A server that refuses the connection surfaces as an OperationalError with no statement;
    on SQLite that same shape means an unreadable file, which is not a network problem.
    """
    if isinstance(error, DisconnectionError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return server and isinstance(error, OperationalError) and error.statement is None


def connection_lost() -> ConnectionLost:
    return ConnectionLost(
        "Se perdió la conexión con el servidor de la base de datos (o no responde). No se guardó nada de esta "
        "operación y lo que escribió se conserva; se puede reintentar cuando vuelva la conexión.")
