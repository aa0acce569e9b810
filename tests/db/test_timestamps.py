"""Stored times are UTC; a naive value read back from SQLite is UTC already."""
from __future__ import annotations

import datetime as dt

from veeduria_app.db.timestamps import as_utc


def test_naive_values_are_taken_as_utc():
    assert as_utc(dt.datetime(2026, 11, 26, 20, 0)) == dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.timezone.utc)


def test_aware_values_are_converted_to_utc():
    bogota = dt.timezone(dt.timedelta(hours=-5))
    converted = as_utc(dt.datetime(2026, 11, 26, 15, 0, tzinfo=bogota))
    assert converted == dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.timezone.utc) and converted.tzinfo == dt.timezone.utc
