"""Monthly minimum wage (SMMLV) by year, to measure contract additions as Ley 80 art. 40 asks.

The 50 % cap on additions is measured in minimum wages of the year of each act, so a peso
comparison across years overstates later additions. The table is data the user may correct
or extend (a new decree every December): the service keeps overrides in settings and passes
them to `SmmlvTable.with_overrides`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Mapping, Optional

#: Values fixed by the yearly decrees (pesos per month). 2026: Decreto 1469 de 2025,
#: ratified by the transitional Decreto 0159 de 2026 after the Consejo de Estado suspended the
#: first one; the value did not change.
DEFAULT_SMMLV: dict[int, Decimal] = {
    2015: Decimal("644350"),
    2016: Decimal("689455"),
    2017: Decimal("737717"),
    2018: Decimal("781242"),
    2019: Decimal("828116"),
    2020: Decimal("877803"),
    2021: Decimal("908526"),
    2022: Decimal("1000000"),
    2023: Decimal("1160000"),
    2024: Decimal("1300000"),
    2025: Decimal("1423500"),
    2026: Decimal("1750905"),
}

SETTINGS_KEY = "analysis.smmlv"
"""Settings key holding user overrides as {"2027": "1900000", ...}."""


@dataclass(frozen=True)
class SmmlvTable:
    """Year → SMMLV in pesos; `None` for a year the table does not cover."""

    values: Mapping[int, Decimal] = field(default_factory=lambda: dict(DEFAULT_SMMLV))

    def for_year(self, year: int) -> Optional[Decimal]:
        return self.values.get(year)

    def for_date(self, day: dt.date) -> Optional[Decimal]:
        return self.for_year(day.year)

    def covers(self, *days: dt.date) -> bool:
        """True when every date's year is in the table (else callers fall back to pesos)."""
        return all(self.for_date(d) is not None for d in days)

    def in_smmlv(self, amount: Decimal, day: dt.date) -> Decimal:
        """Express `amount` in minimum wages of `day`'s year (KeyError if not covered)."""
        wage = self.for_date(day)
        if wage is None:
            raise KeyError(day.year)
        return Decimal(amount) / wage

    def with_overrides(self, overrides: Mapping[object, object] | None) -> "SmmlvTable":
        """A copy with the user's values applied; bad entries raise ValueError in Spanish."""
        merged = dict(self.values)
        for raw_year, raw_value in (overrides or {}).items():
            year, value = parse_entry(raw_year, raw_value)
            merged[year] = value
        return SmmlvTable(merged)

    def as_settings(self) -> dict[str, str]:
        """JSON-friendly form for settings storage."""
        return {str(y): format(v, "f") for y, v in sorted(self.values.items())}


def parse_entry(raw_year: object, raw_value: object) -> tuple[int, Decimal]:
    """Validate one (year, value) pair typed by a user or read from settings."""
    try:
        year = int(str(raw_year).strip())
    except ValueError:
        raise ValueError(f"Año de salario mínimo no válido: «{raw_year}».") from None
    if not 1990 <= year <= 2100:
        raise ValueError(f"Año de salario mínimo fuera de rango: {year}.")
    text = str(raw_value).strip().replace("$", "").replace(" ", "").replace(".", "")
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"Valor de salario mínimo no válido para {year}: «{raw_value}».") from None
    if value <= 0:
        raise ValueError(f"El salario mínimo de {year} debe ser mayor que cero.")
    return year, value
