"""What the first window can show before the services are built (the "quick start").

A normal start of a local data folder opens the works list straight from the SQLite file
(db/quick_read.py) while the services load off the GUI thread. Anything unusual takes the
ordinary road instead: a server database, a schema that needs migrating, accounts (the login
comes before any data is shown), an empty folder (the welcome screen comes first) or a file
that cannot be read.
"""
from __future__ import annotations

import os
from typing import NamedTuple, Optional

from veeduria_app.db.quick_read import read_startup_rows
from veeduria_app.db.revisions import head_revision
from veeduria_app.domain.territory import Territory
from veeduria_app.services.data_folder import ENV_DB_URL, SERVER_CONFIG_NAME, DataFolder
from veeduria_app.services.territory import SETTING_KEY as TERRITORY_KEY
from veeduria_app.services.territory import default_territory
from veeduria_app.services.works_dto import WorkDTO, make_work_dto


class StartupSnapshot(NamedTuple):  # not a dataclass: see db/quick_read.StartupRows
    """The works list and the territory lists its filters offer, as read at start."""

    works: list[WorkDTO]
    territory: Territory


def read_startup_snapshot(folder: DataFolder, db_url: Optional[str] = None) -> Optional[StartupSnapshot]:
    """The snapshot for a quick start, or None when this start must take the ordinary road."""
    if db_url or os.environ.get(ENV_DB_URL) or (folder.path / SERVER_CONFIG_NAME).exists():
        return None
    rows = read_startup_rows(folder.db_path, (TERRITORY_KEY,))
    if rows is None or rows.revision != head_revision() or rows.accounts or not (rows.works or rows.profiles):
        return None
    stored = rows.settings.get(TERRITORY_KEY)
    territory = Territory.from_dict(stored) if stored else default_territory()
    return StartupSnapshot([make_work_dto(values) for values in rows.works], territory)
