"""es-CO formats for money, numbers and dates (Babel), shared by UI, CLI and reports."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Union

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

LOCALE = Locale.parse("es_CO")  # parsed once: dashboards format thousands of figures
Number = Union[int, float, Decimal]


def money(value: Optional[Number], *, decimals: bool = False) -> str:
    """`$ 1.234.567` — COP with no decimals by default; empty string for None."""
    if value is None:
        return ""
    pattern = "#,##0.00" if decimals else "#,##0"
    quantized = Decimal(str(value))
    if not decimals:
        quantized = quantized.quantize(Decimal(1))
    text = _babel_decimal(abs(quantized), format=pattern, locale=LOCALE)
    sign = "-" if quantized < 0 else ""
    return f"{sign}$ {text}"


def number(value: Optional[Number], decimals: int = 0) -> str:
    """`1.234,5` style grouping; empty string for None."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(Decimal(str(value)), format=pattern, locale=LOCALE)


def percent(value: Optional[Number], decimals: int = 1) -> str:
    """`35,0 %` for 35.0 (the value is already in percent points)."""
    if value is None:
        return "—"
    return f"{number(value, decimals)} %"


def distance(metres: Optional[Number]) -> str:
    """The one way a distance is written (screens, alerts, photo cards, sketch): `850 m` below a
    kilometre, `1,9 km` up to 100 km, `1.863 km` beyond (a decimal there is noise); "—" for None."""
    if metres is None:
        return "—"
    value = Decimal(str(metres))
    whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if abs(whole) < 1000:
        return f"{number(whole)} m"
    km = (value / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if abs(km) < 100:
        return f"{number(km, 1)} km"
    return f"{number(km.quantize(Decimal(1), rounding=ROUND_HALF_UP))} km"


def short_date(value: Optional[Union[dt.date, dt.datetime]]) -> str:
    """`26/11/2026`; empty string for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y")


def short_datetime(value: Optional[dt.datetime]) -> str:
    """`26/11/2026 14:05`."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M")


def long_date(value: dt.date) -> str:
    """`26 de noviembre de 2026`, as written in letters."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _babel_date(value, format="d 'de' MMMM 'de' y", locale=LOCALE)


def place_and_date(value: dt.date, city: str = "Cartagena de Indias") -> str:
    """`Cartagena de Indias, 26 de noviembre de 2026`."""
    return f"{city}, {long_date(value)}"


def reported_by(source: Optional[str], when: Optional[dt.date]) -> str:
    """«Según la interventoría, 21/11/2026» for a progress someone else reported; the source is
    stored as it reads inside a sentence («la interventoría»), so a cell must not start with it."""
    parts = [f"Según {source.strip()}" if source and source.strip() else "", short_date(when)]
    return ", ".join(p for p in parts if p)

