"""Bill of quantities (presupuesto de obra) and planned schedule from CSV or XLSX.

Every contractor lays out the budget differently, so columns are matched by usual names
("Ítem", "Descripción", "Und", "Cant.", "Vr. Unitario", "Vr. Total") and the user can map
them by hand; the mapping is remembered per layout (see `layout_signature`).
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, Iterator, Mapping, Optional, Sequence

from .records import BoqItemRecord, ImportItem, RowError, SchedulePointRecord
from .secop import DateStyle, RowMapper, learn_dates
from .values import ValueProblem, clean_text, norm_key, parse_date, parse_money, parse_number

BOQ_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("Ítem", "Item", "Código", "Codigo", "Cód.", "No.", "Numeral", "Id"),
    "description": ("Descripción", "Descripcion", "Actividad", "Concepto", "Descripción de la actividad"),
    "unit": ("Unidad", "Und", "Und.", "UN", "Unid", "Unidad de medida"),
    "quantity": ("Cantidad", "Cant", "Cant.", "Cantidad contratada"),
    "unit_price": ("Valor unitario", "Vr. Unitario", "Vr Unitario", "Precio unitario", "V. Unitario", "Valor unit."),
    "total": ("Valor total", "Vr. Total", "Vr Total", "Valor parcial", "Vr. Parcial", "Total", "Subtotal"),
}
SCHEDULE_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("Fecha", "Fecha de corte", "Corte", "Periodo"),
    "planned_percent": ("% programado acumulado", "Programado acumulado", "Avance programado",
                        "% programado", "Porcentaje programado", "Programado"),
}
FIELD_LABELS = {
    "code": "Ítem (código)", "description": "Descripción", "unit": "Unidad", "quantity": "Cantidad",
    "unit_price": "Valor unitario", "total": "Valor total", "date": "Fecha",
    "planned_percent": "% programado acumulado",
}
REQUIRED_BOQ = ("code", "description", "quantity")


def layout_signature(header: Sequence[str]) -> str:
    """Short stable id of a header layout, to remember the user's column mapping for it."""
    joined = "|".join(norm_key(h) for h in header)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def guess_mapping(header: Sequence[str], fields: Mapping[str, tuple[str, ...]] = BOQ_FIELDS) -> dict[str, str]:
    """Canonical field -> header text, for the columns recognised by name."""
    return {f: header[i] for f, i in RowMapper(dict(fields)).bind(list(header))}


def is_schedule(header: Sequence[str]) -> bool:
    found = guess_mapping(header, SCHEDULE_FIELDS)
    return "date" in found and "planned_percent" in found and "quantity" not in guess_mapping(header)


def is_boq(header: Sequence[str]) -> bool:
    found = guess_mapping(header)
    return "description" in found and "quantity" in found and ("unit_price" in found or "total" in found)


def _positions(header: Sequence[str], mapping: Mapping[str, str]) -> dict[str, int]:
    lookup = {h: i for i, h in enumerate(header)}
    normalised = {norm_key(h): i for i, h in enumerate(header)}
    out = {}
    for fieldname, column in mapping.items():
        if not column:
            continue
        if column in lookup:
            out[fieldname] = lookup[column]
        elif norm_key(column) in normalised:
            out[fieldname] = normalised[norm_key(column)]
    return out


def parse_boq(header: Sequence[str], rows: Iterator[tuple[int, list]], mapping: Optional[Mapping[str, str]] = None) -> Iterator[ImportItem]:
    """Items of a bill of quantities. Rows with a code but no quantity or price are chapter
    titles; rows with neither code nor quantity (totals, AIU lines) are skipped."""
    mapping = dict(mapping) if mapping else guess_mapping(header)
    pos = _positions(header, mapping)
    missing = [FIELD_LABELS[f] for f in REQUIRED_BOQ if f not in pos]
    if "unit_price" not in pos and "total" not in pos:
        missing.append("Valor unitario o Valor total")
    if missing:
        raise ValueProblem("faltan columnas del presupuesto: " + ", ".join(missing))
    chapter: Optional[str] = None
    seen: set[str] = set()

    def cell(values: list, name: str) -> Any:
        i = pos.get(name)
        return values[i] if i is not None and i < len(values) else None

    for number, values in rows:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        code = clean_text(cell(values, "code"))
        description = clean_text(cell(values, "description"))
        current = "Cantidad"
        try:
            quantity = parse_number(cell(values, "quantity"))
            current = "Valor unitario"
            unit_price = parse_money(cell(values, "unit_price"))
            current = "Valor total"
            total = parse_money(cell(values, "total"))
        except ValueProblem as problem:
            yield RowError(number, f"columna «{current}»: {problem}")
            continue
        if quantity is None and unit_price is None:
            if code and description:
                chapter = f"{code} {description}"
            continue
        if not code:
            if quantity is None:
                continue
            yield RowError(number, "el ítem no tiene código; sin código no se puede seguir en las visitas")
            continue
        if not description:
            yield RowError(number, f"el ítem {code} no tiene descripción")
            continue
        if quantity is not None and quantity < 0:
            yield RowError(number, f"el ítem {code} tiene una cantidad negativa")
            continue
        if code in seen:
            yield RowError(number, f"el código de ítem {code} está repetido en el archivo")
            continue
        seen.add(code)
        if total is None and quantity is not None and unit_price is not None:
            total = (quantity * unit_price).quantize(Decimal("0.01"))
        yield BoqItemRecord(code=code, description=description, unit=clean_text(cell(values, "unit")),
                            quantity=quantity, unit_price=unit_price, total=total, chapter=chapter, row=number)


def parse_schedule(header: Sequence[str], rows: Iterator[tuple[int, list]], mapping: Optional[Mapping[str, str]] = None,
                   default_day_first: bool = True) -> Iterator[ImportItem]:
    """Planned cumulative percent by date (S-curve); percent may be 0–1 or 0–100."""
    mapping = dict(mapping) if mapping else guess_mapping(header, SCHEDULE_FIELDS)
    pos = _positions(header, mapping)
    if "date" not in pos or "planned_percent" not in pos:
        raise ValueProblem("faltan columnas de la programación: Fecha y % programado acumulado")
    buffered = [(n, v) for n, v in rows]
    style = DateStyle(default_day_first)
    learn_dates([{"date": v[pos["date"]] if pos["date"] < len(v) else None} for _, v in buffered], style, ("date",))
    fractions = all(p is None or p <= 1 for p in (_pct_quiet(v, pos) for _, v in buffered))
    for number, values in buffered:
        if not any(v not in (None, "") for v in values):
            continue
        try:
            when = parse_date(values[pos["date"]] if pos["date"] < len(values) else None, day_first=style.day_first)
            pct = _pct(values, pos)
        except ValueProblem as problem:
            yield RowError(number, str(problem))
            continue
        if when is None or pct is None:
            yield RowError(number, "falta la fecha o el porcentaje programado")
            continue
        if fractions:
            pct = pct * 100
        if not (0 <= pct <= 100):
            yield RowError(number, f"el porcentaje programado ({pct}) no está entre 0 y 100")
            continue
        yield SchedulePointRecord(date=when, planned_percent=pct, row=number)


def _pct(values: list, pos: dict[str, int]) -> Optional[Decimal]:
    i = pos["planned_percent"]
    return parse_number(values[i]) if i < len(values) else None


def _pct_quiet(values: list, pos: dict[str, int]) -> Optional[Decimal]:
    try:
        return _pct(values, pos)
    except ValueProblem:
        return None
