"""Money, dates and column names in every shape SECOP, Excel and OCDS produce."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from veeduria_app.importers.values import (
    ValueProblem, clean_id, clean_text, norm_key, parse_date, parse_money, parse_number,
)


@pytest.mark.parametrize("text, expected", [
    ("$1.234.567", "1234567"), ("$ 13.339.049", "13339049"), ("1,234,567.00", "1234567"),
    ("1234567", "1234567"), ("1.234.567,50", "1234567.50"), ("93.131.856", "93131856"),
    ("7299288.0", "7299288"), (7299288.0, "7299288"), (37724000, "37724000"), ("12,5", "12.5"),
    ("-1.000", "-1000"), ("(2.500)", "-2500"), ("COP 4.000.000", "4000000"),
    ("1,23457E+11", "123457000000"),
])
def test_money_shapes(text, expected):
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["No Definido", "No definido", "N/D", "", "  ", None, "No aplica"])
def test_money_sentinels_are_none(text):
    assert parse_money(text) is None


@pytest.mark.parametrize("text", ["diez mil", "1.23.4", "12$34x"])
def test_money_garbage_is_a_spanish_problem(text):
    with pytest.raises(ValueProblem, match="valor en pesos no válido"):
        parse_money(text)


@pytest.mark.parametrize("value", ["12345678901234567", "1" * 27, "$ 10.000.000.000.000.000", "1E+30",
                                   10 ** 16, Decimal("-1e16")])
def test_money_beyond_sixteen_digits_is_a_spanish_problem(value):
    """Money columns are Numeric(18, 2): a longer value is refused for its row, never passed on to
    abort the whole import (PostgreSQL) or to overflow the rounding (27 digits)."""
    with pytest.raises(ValueProblem, match="demasiado grande"):
        parse_money(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("-Infinity")])
def test_money_not_a_number_is_a_spanish_problem(value):
    with pytest.raises(ValueProblem, match="no válido"):
        parse_money(value)


def test_money_largest_that_fits():
    assert parse_money("9999999999999999") == Decimal("9999999999999999.00")
    assert parse_money("9.999.999.999.999.999,99") == Decimal("9999999999999999.99")


@pytest.mark.parametrize("text, day_first, expected", [
    ("2016-06-30T14:32:40.000000Z", False, dt.date(2016, 6, 30)),
    ("2016-06-16T00:00:00.000000Z", False, dt.date(2016, 6, 16)),
    ("2023-01-25T00:00:00.000", False, dt.date(2023, 1, 25)),
    ("2018-12-15T04:59:00.000Z", False, dt.date(2018, 12, 14)),  # 23:59 in Bogotá
    ("2016-04-15T00:00:00-06:00", False, dt.date(2016, 4, 15)),
    ("2023-01-25", False, dt.date(2023, 1, 25)),
    ("01/02/2023", False, dt.date(2023, 1, 2)),
    ("01/02/2023", True, dt.date(2023, 2, 1)),
    ("25/01/2023", False, dt.date(2023, 1, 25)),  # only one reading is possible
    ("05/24/2023 12:00:00 AM", False, dt.date(2023, 5, 24)),
    ("2023 May 25 12:00:00 AM", False, dt.date(2023, 5, 25)),
    ("3/7/23", True, dt.date(2023, 7, 3)),
])
def test_dates(text, day_first, expected):
    assert parse_date(text, day_first=day_first) == expected


def test_bad_date_names_the_value():
    with pytest.raises(ValueProblem, match="fecha no válida: «31/31/2023»"):
        parse_date("31/31/2023")
    assert parse_date("No Definido") is None


def test_column_names_ignore_accents_case_spaces_underscores():
    assert norm_key("Fecha de Inicio del Contrato") == norm_key("fecha_de_inicio_del_contrato")
    assert norm_key("  DÍAS ADICIONADOS ") == norm_key("Dias_adicionados") == "diasadicionados"


def test_text_and_ids():
    assert clean_text({"url": "https://x"}) == "https://x"
    assert clean_text("  GOBERNACION   DEL CAQUETA** ") == "GOBERNACION DEL CAQUETA**"
    assert clean_id(899999011.0) == "899999011"
    assert clean_id("2019000042.0") == "2019000042"
    assert parse_number("45,5%") == Decimal("45.5")
