"""SMMLV table: real decree values, overrides from settings, conversion."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from veeduria_app.domain.smmlv import DEFAULT_SMMLV, SmmlvTable, parse_entry


def test_default_table_holds_the_decree_values():
    table = SmmlvTable()
    assert table.for_year(2015) == D("644350")
    assert table.for_year(2022) == D("1000000")
    assert table.for_year(2025) == D("1423500")
    assert table.for_year(2026) == D("1750905")
    assert table.for_year(2014) is None
    assert sorted(DEFAULT_SMMLV) == list(range(2015, 2027))


def test_in_smmlv_and_coverage():
    table = SmmlvTable()
    assert table.in_smmlv(D("2000000"), dt.date(2022, 5, 1)) == 2
    assert table.covers(dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    assert not table.covers(dt.date(2010, 1, 1))
    with pytest.raises(KeyError):
        table.in_smmlv(D("1"), dt.date(2010, 1, 1))


def test_overrides_merge_and_round_trip():
    table = SmmlvTable().with_overrides({"2027": "$ 1.900.000", 2014: "616000"})
    assert table.for_year(2027) == D("1900000") and table.for_year(2014) == D("616000")
    assert table.for_year(2025) == D("1423500")
    assert SmmlvTable({}).with_overrides(table.as_settings()) == table


@pytest.mark.parametrize("year,value,msg", [("dos mil", "1", "Año"), (1800, "1", "fuera de rango"),
                                            (2027, "abc", "no válido"), (2027, "0", "mayor que cero")])
def test_bad_entries_are_refused_in_spanish(year, value, msg):
    with pytest.raises(ValueError, match=msg):
        parse_entry(year, value)
