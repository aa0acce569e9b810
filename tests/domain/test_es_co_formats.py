"""es-CO formats used in tables, letters and reports."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from veeduria_app.domain import formats


def test_money_is_colombian_pesos_without_decimals():
    assert formats.money(1234567) == "$ 1.234.567"
    assert formats.money(Decimal("1234567.50"), decimals=True) == "$ 1.234.567,50"
    assert formats.money(-2500) == "-$ 2.500"
    assert formats.money(None) == ""


def test_dates():
    day = dt.date(2026, 11, 26)
    assert formats.short_date(day) == "26/11/2026"
    assert formats.long_date(day) == "26 de noviembre de 2026"
    assert formats.place_and_date(day) == "Cartagena de Indias, 26 de noviembre de 2026"


def test_percent_and_numbers():
    assert formats.percent(35) == "35,0 %"
    assert formats.percent(None) == "—"
    assert formats.number(1234.5, 1) == "1.234,5"


def test_distance_is_written_one_way_everywhere():
    # the same far photo used to read «1.863 km», «1.862,67 km», «1.862.668 m» and «1.862.666 m»
    assert formats.distance(1862667.7) == "1.863 km"
    assert formats.distance(850.4) == "850 m"
    assert formats.distance(0) == "0 m"
    assert formats.distance(999.6) == "1,0 km"  # never «1000 m»
    assert formats.distance(1862.67) == "1,9 km"
    assert formats.distance(12345) == "12,3 km"
    assert formats.distance(99960) == "100 km"
    assert formats.distance(Decimal("250")) == "250 m"
    assert formats.distance(None) == "—"


def test_reported_by_reads_as_a_cell():
    import datetime as dt

    from veeduria_app.domain.formats import reported_by

    assert reported_by("la interventoría", dt.date(2026, 11, 21)) == "Según la interventoría, 21/11/2026"
    assert reported_by(None, dt.date(2026, 11, 21)) == "21/11/2026"
    assert reported_by("el contratista", None) == "Según el contratista"
    assert reported_by(None, None) == ""
