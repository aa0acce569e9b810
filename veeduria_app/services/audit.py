"""The audit trail: every change says who, when, what, and the old and new values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.services.identity import Actor


def json_safe(value: Any) -> Any:
    """Dates as ISO text, Decimals as text (no float rounding), enums by value."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    return value


def snapshot(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of a record as a JSON-safe dict."""
    return {name: json_safe(getattr(record, name)) for name in fields}


def already_holds(record: Any, values: Mapping[str, Any]) -> bool:
    """Whether `record` already stores every one of `values`, compared as the audit trail sees them.

    Why: a save whose version check fails is still no conflict then. It is the same save retried
    after the server's answer was lost (it did commit), or another person saved the very same
    values; either way there is nothing to reconcile, and a conflict dialog would only confuse."""
    return all(json_safe(getattr(record, name)) == json_safe(value) for name, value in values.items())


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, as (old, new)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def record_audit(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str,
    old: Optional[dict] = None,
    new: Optional[dict] = None,
    summary: str = "",
) -> None:
    """Append one entry in the caller's transaction (so it commits or rolls back with it)."""
    session.add(
        AuditEntry(
            actor=actor.username,
            actor_name=actor.display_name,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            summary=summary,
            old_values=json_safe(old) if old is not None else None,
            new_values=json_safe(new) if new is not None else None,
        )
    )


@dataclass(frozen=True)
class AuditEntryDTO:
    id: str
    at: dt.datetime
    actor: str
    actor_name: str
    action: str
    entity_type: str
    entity_id: str
    summary: str
    old_values: Optional[dict]
    new_values: Optional[dict]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "actor_name": self.actor_name,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "summary": self.summary,
            "old": self.old_values,
            "new": self.new_values,
        }


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(
        self,
        *,
        actor: Optional[str] = None,
        entity_type: Optional[str] = None,
        entity_id: Optional[str] = None,
        since: Optional[dt.datetime] = None,
        until: Optional[dt.datetime] = None,
        limit: Optional[int] = None,
    ) -> list[AuditEntryDTO]:
        """Entries newest first, filtered by person, record and date range."""
        query = select(AuditEntry)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if entity_type:
            query = query.where(AuditEntry.entity_type == entity_type)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        if since:
            query = query.where(AuditEntry.at >= since)
        if until:
            query = query.where(AuditEntry.at <= until)
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if limit:
            query = query.limit(limit)
        with self.db.read() as session:
            return [
                AuditEntryDTO(
                    id=e.id,
                    at=e.at,
                    actor=e.actor,
                    actor_name=e.actor_name,
                    action=e.action,
                    entity_type=e.entity_type,
                    entity_id=e.entity_id,
                    summary=e.summary,
                    old_values=e.old_values,
                    new_values=e.new_values,
                )
                for e in session.scalars(query)
            ]
