"""es-CO wording helpers of domain/formats that have no other home in the tests."""
from __future__ import annotations


def test_reported_by_reads_as_a_cell():
    import datetime as dt

    from veeduria_app.domain.formats import reported_by

    assert reported_by("la interventoría", dt.date(2026, 11, 21)) == "Según la interventoría, 21/11/2026"
    assert reported_by(None, dt.date(2026, 11, 21)) == "21/11/2026"
    assert reported_by("el contratista", None) == "Según el contratista"
    assert reported_by(None, None) == ""
