"""Settings as JSON values: thresholds, editable lists, remembered column layouts."""
from __future__ import annotations

import copy
from typing import Any

from veeduria_app.db.engine import Database
from veeduria_app.db.models.foundation import Setting
from veeduria_app.services.audit import record_audit
from veeduria_app.services.identity import Identity, Permission


class SettingsService:
    def __init__(self, db: Database, identity: Identity) -> None:
        self.db = db
        self.identity = identity

    def get(self, key: str, default: Any = None) -> Any:
        with self.db.read() as session:
            row = session.get(Setting, key)
            return copy.deepcopy(row.value) if row is not None else copy.deepcopy(default)

    def set(self, key: str, value: Any, *, permission: Permission = Permission.WRITE) -> None:
        """Store a value (audited); only roles allowed `permission` may change it."""
        self.identity.require(permission)
        with self.db.transaction() as session:
            row = session.get(Setting, key)
            old = row.value if row is not None else None
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
            if old != value:
                record_audit(session, self.identity.actor, "update", "setting", key,
                             {"value": old}, {"value": value}, f"Ajuste «{key}» modificado")
