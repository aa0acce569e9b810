"""The one rule for stored times: UTC, and a naive value read back from SQLite *is* UTC.

Plain datetime, no SQLAlchemy: the ORM column type (db/base.py) and the start-up reader
(db/quick_read.py) both apply it.
"""
from __future__ import annotations

import datetime as dt


def as_utc(value: dt.datetime) -> dt.datetime:
    """A timezone-aware UTC datetime; naive values are taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)
