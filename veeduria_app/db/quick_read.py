"""Start-up reads of a local SQLite file with the standard library alone.

Importing SQLAlchemy and mapping every model takes several times longer than opening a Qt
window on an old laptop. These few plain queries let the first screen (the works list) appear
while the real database layer loads in the background; the services then take over and
re-read everything. Only what that first screen needs lives here; nothing ever writes.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple, Optional

from veeduria_app.db.timestamps import as_utc

WORK_COLUMNS = (
    "id", "name", "type", "status", "localidad", "ucg", "barrio", "address", "lat", "lon", "entity", "bpin",
    "description", "plan_programme", "population_served", "population_groups", "radius_m", "archived",
    "version", "created_at", "updated_at",
)


class StartupRows(NamedTuple):  # not a dataclass: building one costs the first frame ~3× more
    revision: Optional[str]
    accounts: int
    profiles: int
    works: list[dict[str, Any]]
    settings: dict[str, Any]


def _utc(text: Optional[str]) -> Optional[dt.datetime]:
    """SQLAlchemy stores UTC datetimes on SQLite as naive ISO text; give them back their zone."""
    return None if text is None else as_utc(dt.datetime.fromisoformat(text))


def read_startup_rows(db_path: Path, setting_keys: tuple[str, ...] = ()) -> Optional[StartupRows]:
    """The rows the first screen needs, or None when the file is missing or cannot be read."""
    if not db_path.is_file():
        return None
    try:
        connection = sqlite3.connect(db_path, timeout=2)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA query_only = ON")
        revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        accounts = connection.execute("SELECT count(*) FROM user_accounts").fetchone()[0]
        profiles = connection.execute("SELECT count(*) FROM veeduria_profile").fetchone()[0]
        cursor = connection.execute(
            f"SELECT {', '.join(WORK_COLUMNS)} FROM works ORDER BY localidad, name")  # as WorkService.list
        works = []
        for row in cursor:
            values = dict(zip(WORK_COLUMNS, row))
            values["archived"] = bool(values["archived"])
            values["created_at"] = _utc(values["created_at"])
            values["updated_at"] = _utc(values["updated_at"])
            works.append(values)
        settings: dict[str, Any] = {}
        for key in setting_keys:
            found = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            if found is not None and found[0] is not None:
                settings[key] = json.loads(found[0])
        return StartupRows(revision_row[0] if revision_row else None, accounts, profiles, works, settings)
    except (sqlite3.Error, ValueError):  # an older schema, a locked or damaged file: take the slow road
        return None
    finally:
        connection.close()
