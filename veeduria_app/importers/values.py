"""Cell-value parsing for every shape SECOP, Excel and Open Contracting produce.

Why a module of its own: the same money, date and name quirks appear in every source
(portal CSV, API JSON, Excel re-saves in es-CO locale, OCDS), and one tested place for them
keeps imports of the same contract identical whatever file it arrives in.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

SENTINELS = frozenset(
    {
        "", "no definido", "no aplica", "n/d", "nd", "n/a", "na", "no adjudicado",
        "sin descripcion", "sin descripción", "sin firma", "null", "none", "nan", "-", "--",
    }
)
"""Values the portal writes instead of an empty cell."""

BOGOTA = dt.timezone(dt.timedelta(hours=-5))
_TWO_PLACES = Decimal("0.01")
# Money columns are Numeric(18, 2): 16 digits before the decimal mark. A larger value is a typing or
# export error (no Colombian contract comes near ten thousand billion pesos), and PostgreSQL would
# refuse it and abort the whole import.
MAX_PESOS = Decimal("1e16")
MAX_PESO_DIGITS = 16


class ValueProblem(ValueError):
    """A cell that holds something but cannot be read; str() is Spanish for the row error."""


def norm_key(name: str) -> str:
    """Column name without accents, case, spaces, underscores or punctuation.

    "Fecha de Inicio del Contrato", "fecha_de_inicio_del_contrato" and "FECHA DE INICIO DEL
    CONTRATO" all give "fechadeiniciodelcontrato". Socrata API names replace accented letters by
    "_" (`c_digo_bpin`), so those spellings are listed as separate aliases by the importers.
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.lower())


_MESSY_SPACE = re.compile(r"\s\s|[\n\t\r\xa0]")
_EXCEL_INT = re.compile(r"\d+\.0+")


def clean_text(value: Any) -> Optional[str]:
    """Stripped text, or None for empty cells and portal sentinels ("No Definido", "N/D")."""
    if type(value) is str:  # the common case first: imports call this for every cell
        text = value
    elif value is None:
        return None
    elif isinstance(value, dict):  # Socrata URL objects: {"url": "..."}
        if value.get("url") is None:
            return None
        text = str(value["url"])
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = " ".join(text.split()) if _MESSY_SPACE.search(text) else text.strip()
    if len(text) <= 16 and text.lower() in SENTINELS:
        return None
    return text


def clean_id(value: Any) -> Optional[str]:
    """Identifiers such as NIT, BPIN or SECOP ids: text without the `.0` Excel adds to numbers."""
    text = clean_text(value)
    if text is None:
        return None
    if text.endswith("0") and "." in text and _EXCEL_INT.fullmatch(text):
        text = text.split(".")[0]
    return text


def parse_money(value: Any) -> Optional[Decimal]:
    """Pesos from `$1.234.567`, `1,234,567.00`, `1234567`, `1.234.567,50`, `7299288.0`, numbers.

    Returns None for empty cells and sentinels; raises ValueProblem for anything else unreadable.
    Rule for a lone separator: followed by exactly three digits it groups thousands (COP has no
    cents in practice); otherwise it is the decimal mark.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= MAX_PESO_DIGITS:  # the API's plain pesos
        return Decimal(value).quantize(_TWO_PLACES)
    number = _money_number(value)
    if number is None:
        return None
    if not number.is_finite():
        raise ValueProblem(f"valor en pesos no válido: «{value}»")
    if abs(number) >= MAX_PESOS:
        raise ValueProblem(f"valor en pesos demasiado grande: «{clean_text(str(value))}» "
                           f"(más de {MAX_PESO_DIGITS} cifras antes de los centavos)")
    return number.quantize(_TWO_PLACES)


def _money_number(value: Any) -> Optional[Decimal]:
    """The number a money cell holds, unrounded and unbounded (parse_money checks its size)."""
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = clean_text(value)
    if text is None:
        return None
    raw = text
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = re.sub(r"(?i)cop|col\$|\$|\s|\u00a0", "", text)
    if text.startswith("-"):
        negative, text = True, text[1:]
    if not text:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?[eE][+-]?\d+", text):  # Excel scientific: 1,23457E+11
        number = Decimal(text.replace(",", "."))
    else:
        if not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
            raise ValueProblem(f"valor en pesos no válido: «{raw}»")
        has_dot, has_comma = "." in text, "," in text
        if has_dot and has_comma:
            decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
            thousands = "," if decimal_mark == "." else "."
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif has_dot or has_comma:
            sep = "." if has_dot else ","
            parts = text.split(sep)
            if len(parts) > 2 or len(parts[-1]) == 3:
                if not all(len(p) == 3 for p in parts[1:]):
                    raise ValueProblem(f"valor en pesos no válido: «{raw}»")
                text = "".join(parts)
            else:
                text = parts[0] + "." + parts[1]
        try:
            number = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - guarded by the regex above
            raise ValueProblem(f"valor en pesos no válido: «{raw}»") from exc
    return -number if negative else number


def parse_number(value: Any) -> Optional[Decimal]:
    """Quantities and percentages: like money but keeps up to 6 decimals (`12,5`, `0.125`)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = clean_text(value)
    if text is None:
        return None
    text = text.replace("%", "").strip()
    raw = text
    if re.fullmatch(r"-?\d+", text):
        return Decimal(text)
    if re.fullmatch(r"-?\d+[.,]\d+", text) and not re.fullmatch(r"-?\d{1,3}[.,]\d{3}", text):
        return Decimal(text.replace(",", "."))
    try:
        money = parse_money(text)
    except ValueProblem:
        raise ValueProblem(f"número no válido: «{raw}»") from None
    return money


def parse_int(value: Any) -> Optional[int]:
    """Whole numbers such as added days (`"0"`, `12.0`)."""
    number = parse_number(value)
    if number is None:
        return None
    return int(number)


_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
_SLASH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?)?$")
_MONTHS = {
    "jan": 1, "ene": 1, "feb": 2, "mar": 3, "apr": 4, "abr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "ago": 8, "sep": 9, "set": 9, "oct": 10, "nov": 11, "dec": 12, "dic": 12,
}
_WORDY = re.compile(r"^(\d{4})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:\s.*)?$")


def slash_parts(text: str) -> Optional[tuple[int, int]]:
    """The two leading numbers of a slashed date (for sniffing day-first vs month-first)."""
    m = _SLASH.match(text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def parse_date(value: Any, *, day_first: bool = False) -> Optional[dt.date]:
    """A calendar date from ISO (with or without time/zone), `MM/DD/YYYY`, `DD/MM/YYYY`,
    `2023 May 25 12:00:00 AM`, Excel date cells or datetimes.

    A timestamp with a zone and a time other than midnight is converted to Colombian time
    before taking the date (SECOP II OCDS writes `2018-12-15T04:59:00Z` for 14 Dec, 23:59);
    midnight UTC is taken as the date itself (SECOP I writes dates as `...T00:00:00Z`).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.time() != dt.time(0, 0):
            value = value.astimezone(BOGOTA)
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value)
    if text is None:
        return None
    return _parse_date_text(text, day_first)


@lru_cache(maxsize=8192)
def _parse_date_text(text: str, day_first: bool) -> dt.date:
    """The text part of parse_date, cached: a SECOP file repeats the same few thousand dates."""
    try:
        m = _ISO.match(text)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            zone = m.group(7)
            if zone and m.group(4) is not None:
                hh, mm, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
                if (hh, mm, ss) != (0, 0, 0):
                    if zone == "Z":
                        tz = dt.timezone.utc
                    else:
                        sign = -1 if zone[0] == "-" else 1
                        digits = zone[1:].replace(":", "")
                        tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
                    stamp = dt.datetime(y, mo, d, hh, mm, ss, tzinfo=tz)
                    return stamp.astimezone(BOGOTA).date()
            return dt.date(y, mo, d)
        m = _SLASH.match(text)
        if m:
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if y < 100:
                y += 2000 if y < 70 else 1900
            day, month = (a, b) if day_first else (b, a)
            if month > 12 and day <= 12:  # the only reading that makes sense
                day, month = month, day
            return dt.date(y, month, day)
        m = _WORDY.match(text)
        if m and m.group(2).lower()[:3] in _MONTHS:
            return dt.date(int(m.group(1)), _MONTHS[m.group(2).lower()[:3]], int(m.group(3)))
    except ValueError:
        pass
    raise ValueProblem(f"fecha no válida: «{text}»")
