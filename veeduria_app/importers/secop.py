"""SECOP II (Contratos, Adiciones, Ejecución, Procesos) and SECOP I rows -> records.

Column names come from the official CCE dictionaries (Oct 2025, in
samples/secop/reference) in both spellings users bring: the CSV export's display names
("Valor del Contrato") and the API field names (`valor_del_contrato`, `c_digo_bpin`). Every
column is optional except the ones that identify a record; extra columns are ignored.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .records import (
    BudgetRecord, ContractRecord, ImportItem, ModificationRecord, ProgressRecord, RowError,
)
from .values import (
    ValueProblem, clean_id, clean_text, norm_key, parse_date, parse_int, parse_money,
    parse_number, slash_parts,
)

Aliases = dict[str, tuple[str, ...]]

CONTRACT_COLUMNS: Aliases = {
    "secop_id": ("ID Contrato", "id_contrato"),
    "process_id": ("Proceso de Compra", "proceso_de_compra"),
    "number": ("Referencia del Contrato", "referencia_del_contrato"),
    "url": ("URL Proceso", "URLProceso", "urlproceso"),
    "entity": ("Nombre Entidad", "nombre_entidad"),
    "entity_nit": ("Nit Entidad", "nit_entidad"),
    "contractor": ("Proveedor Adjudicado", "proveedor_adjudicado"),
    "contractor_id": ("Documento Proveedor", "documento_proveedor"),
    "contractor_id_type": ("Tipo Doc Proveedor", "tipodocproveedor"),
    "object": ("Objeto del Contrato", "objeto_del_contrato"),
    "process_description": ("Descripción del Proceso", "descripcion_del_proceso"),
    "modality": ("Modalidad de Contratación", "modalidad_de_contratacion"),
    "contract_type": ("Tipo de Contrato", "tipo_de_contrato"),
    "initial_value": ("Valor del Contrato", "valor_del_contrato"),
    "signed_date": ("Fecha de Firma", "fecha_de_firma"),
    "start_date": ("Fecha de Inicio del Contrato", "fecha_de_inicio_del_contrato"),
    "end_date": ("Fecha de Fin del Contrato", "fecha_de_fin_del_contrato"),
    "status": ("Estado Contrato", "estado_contrato"),
    "supervisor": ("Nombre supervisor", "nombre_supervisor"),
    "funding_sources": ("Origen de los Recursos", "origen_de_los_recursos"),
    "bpin": ("Código BPIN", "c_digo_bpin", "codigo_bpin"),
    "city": ("Ciudad", "ciudad"),
    "reported_paid_value": ("Valor Pagado", "valor_pagado"),
    "reported_invoiced_value": ("Valor Facturado", "valor_facturado"),
    "advance_value": ("Valor de pago adelantado", "valor_de_pago_adelantado"),
    "reported_added_days": ("Días adicionados", "dias_adicionados"),
    "liquidation_date": ("Fecha Fin Liquidación", "fecha_fin_liquidacion"),
    "src_pgn": ("Presupuesto General de la Nación – PGN", "Presupuesto General de la Nacion PGN",
                "presupuesto_general_de_la_nacion_pgn"),
    "src_sgp": ("Sistema General de Participaciones", "sistema_general_de_participaciones"),
    "src_sgr": ("Sistema General de Regalías", "sistema_general_de_regal_as"),
    "src_propios_territoriales": (
        "Recursos Propios (Alcaldías, Gobernaciones y Resguardos Indígenas)",
        "recursos_propios_alcald_as_gobernaciones_y_resguardos_ind_genas_",
        "recursos_propios_alcald_as_gobernaciones_y_resguardos_ind_genas",
    ),
    "src_credito": ("Recursos de Crédito", "recursos_de_credito"),
    "src_propios": ("Recursos Propios", "recursos_propios"),
}

_FUNDING_COLUMNS = (
    ("src_pgn", "otro", "Presupuesto General de la Nación"),
    ("src_sgp", "sgp", "Sistema General de Participaciones"),
    ("src_sgr", "regalias", "Sistema General de Regalías"),
    ("src_propios_territoriales", "recursos_propios", "Recursos propios (alcaldías, gobernaciones)"),
    ("src_credito", "credito", "Recursos de crédito"),
    ("src_propios", "recursos_propios", "Recursos propios"),
)

ADDITION_COLUMNS: Aliases = {
    "identifier": ("Identificador", "identificador"),
    "contract": ("ID Contrato", "Id contrato", "id_contrato"),
    "kind": ("Tipo", "tipo"),
    "description": ("Descripción", "descripcion", "descripci_n"),
    "date": ("Fecha Registro", "fecharegistro", "fecha_registro"),
}

EXECUTION_COLUMNS: Aliases = {
    "contract": ("Identificador del Contrato", "identificadorcontrato"),
    "execution_type": ("Tipo de Ejecución", "tipoejecucion"),
    "plan": ("Nombre del Plan", "nombreplan"),
    "expected_date": ("Fecha de Entrega Esperada", "fechadeentregaesperada"),
    "expected_percent": ("Porcentaje de Avance Esperado", "porcentajedeavanceesperado"),
    "actual_date": ("Fecha de Entrega Real", "fechadeentregareal"),
    "actual_percent": ("Porcentaje de avance real", "porcentaje_de_avance_real"),
    "reference": ("Referencia de artículos", "referencia_de_articulos"),
    "description": ("Descripción", "descripci_n", "descripcion"),
    "created": ("Fecha Creación", "fechacreacion"),
}

PROCESS_COLUMNS: Aliases = {
    "process_id": ("ID del Portafolio", "id_del_portafolio"),
    "request_id": ("ID del Proceso", "id_del_proceso"),
    "number": ("Referencia del Proceso", "referencia_del_proceso"),
    "entity": ("Entidad", "entidad"),
    "entity_nit": ("Nit Entidad", "nit_entidad"),
    "object": ("Descripción del Procedimiento", "descripci_n_del_procedimiento", "descripcion_del_procedimiento"),
    "name": ("Nombre del Procedimiento", "nombre_del_procedimiento"),
    "base_price": ("Precio Base", "precio_base"),
    "modality": ("Modalidad de Contratacion", "modalidad_de_contratacion"),
    "contract_type": ("Tipo de Contrato", "tipo_de_contrato"),
    "status": ("Estado del Procedimiento", "estado_del_procedimiento"),
    "awarded": ("Adjudicado", "adjudicado"),
    "award_value": ("Valor Total Adjudicacion", "valor_total_adjudicacion"),
    "contractor": ("Nombre del Proveedor Adjudicado", "nombre_del_proveedor"),
    "contractor_id": ("NIT del Proveedor Adjudicado", "nit_del_proveedor_adjudicado"),
    "url": ("URLProceso", "urlproceso"),
    "city": ("Ciudad Entidad", "ciudad_entidad"),
    "published": ("Fecha de Publicacion del Proceso", "fecha_de_publicacion_del"),
}

SECOP1_COLUMNS: Aliases = {
    "constancia": ("Numero de Constancia", "numero_de_constancia"),
    "uid": ("UID", "uid"),
    "number": ("Numero de Contrato", "numero_de_contrato"),
    "process_number": ("Numero de Proceso", "numero_de_proceso"),
    "entity": ("Nombre de la Entidad", "nombre_entidad", "Nombre Entidad"),
    "entity_nit": ("NIT de la Entidad", "nit_de_la_entidad"),
    "contractor": ("Nom Razon Social Contratista", "nom_razon_social_contratista"),
    "contractor_id": ("Identificacion del Contratista", "identificacion_del_contratista"),
    "contractor_id_type": ("Tipo Identifi del Contratista", "tipo_identifi_del_contratista"),
    "object": ("Objeto del Contrato a la Firma", "objeto_del_contrato_a_la"),
    "detail": ("Detalle del Objeto a Contratar", "detalle_del_objeto_a_contratar"),
    "modality": ("Modalidad de Contratacion", "modalidad_de_contratacion"),
    "contract_type": ("Tipo de Contrato", "tipo_de_contrato"),
    "initial_value": ("Cuantia Contrato", "cuantia_contrato"),
    "additions_value": ("Valor Total de Adiciones", "valor_total_de_adiciones"),
    "value_with_additions": ("Valor Contrato con Adiciones", "valor_contrato_con_adiciones"),
    "added_days": ("Tiempo Adiciones en Dias", "tiempo_adiciones_en_dias"),
    "added_months": ("Tiempo Adiciones en Meses", "tiempo_adiciones_en_meses"),
    "signed_date": ("Fecha de Firma del Contrato", "fecha_de_firma_del_contrato"),
    "start_date": ("Fecha Ini Ejec Contrato", "fecha_ini_ejec_contrato"),
    "end_date": ("Fecha Fin Ejec Contrato", "fecha_fin_ejec_contrato"),
    "liquidation_date": ("Fecha Liquidacion", "fecha_liquidacion"),
    "status": ("Estado del Proceso", "estado_del_proceso"),
    "url": ("Ruta Proceso en SECOP I", "ruta_proceso_en_secop_i"),
    "bpin": ("Codigo BPIN", "codigo_bpin"),
    "rubro": ("Nombre Rubro", "nombre_rubro"),
    "rubro_position": ("Posicion Rubro", "posicion_rubro"),
    "rubro_value": ("Valor Rubro", "valor_rubro"),
    "city": ("Municipio Entidad", "municipio_entidad"),
}


class RowMapper:
    """Maps a header (or a JSON object's keys) to canonical fields once, then reads rows fast."""

    def __init__(self, aliases: Aliases) -> None:
        self._wanted = {f: [norm_key(a) for a in names] for f, names in aliases.items()}
        self._cache: dict[tuple, list[tuple[str, int]]] = {}

    def bind(self, header: Sequence[str]) -> list[tuple[str, int]]:
        key = tuple(header)
        found = self._cache.get(key)
        if found is None:
            normalised = {norm_key(h): i for i, h in reversed(list(enumerate(header)))}
            found = []
            for fieldname, names in self._wanted.items():
                for name in names:
                    if name in normalised:
                        found.append((fieldname, normalised[name]))
                        break
            self._cache[key] = found
        return found

    def fields(self, header: Sequence[str]) -> set[str]:
        return {f for f, _ in self.bind(header)}

    def row(self, header: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        size = len(values)
        for fieldname, index in self.bind(header):
            if index < size:
                out[fieldname] = values[index]
        return out

    def obj(self, obj: dict) -> dict[str, Any]:
        keys = list(obj.keys())
        vals = list(obj.values())
        return self.row(keys, vals)


def score(header: Iterable[str], aliases: Aliases) -> int:
    """How many canonical fields of a layout a header holds (format detection)."""
    return len(RowMapper(aliases).fields(list(header)))


def fingerprint(values: Iterable[Any]) -> str:
    """Stable key for rows that carry no identifier (e.g. trimmed pandas exports)."""
    digest = hashlib.sha1("\x1f".join("" if v is None else str(v) for v in values).encode("utf-8"))
    return "huella:" + digest.hexdigest()[:20]


class DateStyle:
    """Day-first or month-first for slashed dates, learnt from the file's own values.

    The portal writes `MM/DD/YYYY`; Excel in es-CO writes `DD/MM/YYYY`. A value whose first
    number exceeds 12 proves day-first, one whose second does proves month-first; without
    proof, a semicolon-separated file (an Excel re-save) is taken as day-first.
    """

    def __init__(self, default_day_first: bool) -> None:
        self.day_first = default_day_first
        self.decided = False

    def learn(self, value: Any) -> None:
        if self.decided or not isinstance(value, str):
            return
        parts = slash_parts(value)
        if parts is None:
            return
        if parts[0] > 12:
            self.day_first, self.decided = True, True
        elif parts[1] > 12:
            self.day_first, self.decided = False, True


def learn_dates(rows: list[dict[str, Any]], style: DateStyle, date_fields: Iterable[str]) -> None:
    """Look at buffered rows to settle the date style before parsing them."""
    names = tuple(date_fields)
    for row in rows:
        for name in names:
            style.learn(row.get(name))
        if style.decided:
            return


def _date(row: dict, name: str, style: DateStyle):
    return parse_date(row.get(name), day_first=style.day_first)


_CLOCK = re.compile(r"[T ](\d{1,2}):(\d{2})(:\d{2})?(?:\.\d+)?\s*([AaPp])?")


def _clock(value: Any) -> Optional[str]:
    """`HH:MM[:SS]` of a timestamp cell (24-hour), to tell apart contracts signed the same day."""
    m = _CLOCK.search(str(value or ""))
    if not m:
        return None
    hour = int(m.group(1)) % 12 if m.group(4) else int(m.group(1))
    if m.group(4) and m.group(4).lower() == "p":
        hour += 12
    return f"{hour:02d}:{m.group(2)}{m.group(3) or ''}"


def _explain(problem: Exception, column: str) -> str:
    return f"columna «{column}»: {problem}"


def contract_from_secop2(row: dict[str, Any], number: int, style: DateStyle) -> ImportItem:
    """One Contratos Electrónicos row (CSV or API) -> ContractRecord or RowError.

    Large tables are parsed a column at a time by `secop_columns`, which must give the same
    records: a change here needs the same change there (tests/importers/test_secop_columns.py
    compares both)."""
    current = "ID Contrato"
    try:
        secop_id = clean_id(row.get("secop_id"))
        current = "Valor del Contrato"
        value = parse_money(row.get("initial_value"))
        current = "Fecha de Firma"
        signed = _date(row, "signed_date", style)
        current = "Fecha de Inicio del Contrato"
        start = _date(row, "start_date", style)
        current = "Fecha de Fin del Contrato"
        end = _date(row, "end_date", style)
        current = "Fecha Fin Liquidación"
        liquidation = _date(row, "liquidation_date", style)
        current = "Valor Pagado"
        paid = parse_money(row.get("reported_paid_value"))
        current = "Valor Facturado"
        invoiced = parse_money(row.get("reported_invoiced_value"))
        current = "Valor de pago adelantado"
        advance = parse_money(row.get("advance_value"))
        current = "Días adicionados"
        added_days = parse_int(row.get("reported_added_days"))
        budget = []
        for column, source, label in _FUNDING_COLUMNS:
            current = label
            amount = parse_money(row.get(column))
            if amount:
                budget.append((column, source, label, amount))
    except ValueProblem as problem:
        return RowError(number, _explain(problem, current))
    if start and end and end < start:
        return RowError(number, f"la fecha de fin ({end:%d/%m/%Y}) es anterior a la de inicio ({start:%d/%m/%Y})")
    if value is not None and value < 0:
        return RowError(number, "columna «Valor del Contrato»: el valor es negativo")
    # Rows without an id (trimmed exports) are keyed by their parsed values, so the same row
    # re-saved by Excel (other date and money spelling) still matches.
    key = secop_id or fingerprint([
        clean_id(row.get("process_id")), clean_text(row.get("number")), clean_id(row.get("entity_nit")),
        clean_id(row.get("contractor_id")), value, signed, _clock(row.get("signed_date")), start, end,
        clean_text(row.get("modality")),
        clean_text(row.get("contract_type")), clean_text(row.get("city")),
    ])
    obj = clean_text(row.get("object")) or clean_text(row.get("process_description"))
    records = tuple(
        BudgetRecord(contract_key=key, source_id=f"secop2:{column}", vigencia=signed.year if signed else None,
                     funding_source=source, amount=amount, description=label, row=number)
        for column, source, label, amount in budget
    )
    return ContractRecord(
        source_key=key, row=number, secop_id=secop_id,
        process_id=clean_id(row.get("process_id")), number=clean_text(row.get("number")),
        url=clean_text(row.get("url")), entity=clean_text(row.get("entity")),
        entity_nit=clean_id(row.get("entity_nit")), contractor=clean_text(row.get("contractor")),
        contractor_id=clean_id(row.get("contractor_id")),
        contractor_id_type=clean_text(row.get("contractor_id_type")), object=obj,
        modality=clean_text(row.get("modality")), contract_type=clean_text(row.get("contract_type")),
        initial_value=value, currency="COP" if value is not None else None, advance_value=advance,
        signed_date=signed, start_date=start, end_date=end,
        status=clean_text(row.get("status")), supervisor=clean_text(row.get("supervisor")),
        funding_sources=clean_text(row.get("funding_sources")), bpin=clean_id(row.get("bpin")),
        city=clean_text(row.get("city")), reported_paid_value=paid,
        reported_invoiced_value=invoiced, reported_added_days=added_days,
        liquidation_date=liquidation, budget=records,
    )


_ADDITION_KINDS = (
    ("adicion", ("ADICION", "ADICIÓN", "VALOR")),
    ("prorroga", ("EXTENSION", "EXTENSIÓN", "PRORROGA", "PRÓRROGA", "TIEMPO")),
    ("suspension", ("SUSPENSION", "SUSPENSIÓN")),
    ("reinicio", ("REINICIO", "REANUDACION", "REANUDACIÓN")),
    ("cesion", ("CESION", "CESIÓN")),
)


def modification_kind(text: Optional[str]) -> str:
    """SECOP's free modification type ("ADICION EN EL VALOR", "EXTENSION") -> our kind."""
    upper = (text or "").upper()
    for kind, words in _ADDITION_KINDS:
        if any(w in upper for w in words):
            return kind
    return "otrosi"


def modification_from_secop2(row: dict[str, Any], number: int, style: DateStyle) -> ImportItem:
    """One Adiciones row -> ModificationRecord (the dataset has no value or days column)."""
    contract = clean_id(row.get("contract"))
    if not contract:
        return RowError(number, "falta el «ID Contrato» de la modificación")
    try:
        date = _date(row, "date", style)
    except ValueProblem as problem:
        return RowError(number, _explain(problem, "Fecha Registro"))
    identifier = clean_id(row.get("identifier")) or fingerprint([contract, row.get("kind"), row.get("date")])
    return ModificationRecord(
        contract_key=contract, source_id=identifier, kind=modification_kind(clean_text(row.get("kind"))),
        date=date, reason=clean_text(row.get("description")) or clean_text(row.get("kind")), row=number,
    )


def progress_from_secop2(row: dict[str, Any], number: int, style: DateStyle) -> ImportItem:
    """One Ejecución Contratos row -> ProgressRecord (planned vs actual percent)."""
    contract = clean_id(row.get("contract"))
    if not contract:
        return RowError(number, "falta el «Identificador del Contrato»")
    current = "Porcentaje de Avance Esperado"
    try:
        planned = parse_number(row.get("expected_percent"))
        current = "Porcentaje de avance real"
        actual = parse_number(row.get("actual_percent"))
        current = "Fecha de Entrega Real"
        date = _date(row, "actual_date", style)
        current = "Fecha de Entrega Esperada"
        date = date or _date(row, "expected_date", style)
        current = "Fecha Creación"
        date = date or _date(row, "created", style)
    except ValueProblem as problem:
        return RowError(number, _explain(problem, current))
    for label, pct in (("esperado", planned), ("real", actual)):
        if pct is not None and not (0 <= pct <= 100):
            return RowError(number, f"el porcentaje de avance {label} ({pct}) no está entre 0 y 100")
    source_id = fingerprint([contract, row.get("plan"), row.get("reference"), row.get("expected_date"), row.get("created")])
    return ProgressRecord(
        contract_key=contract, source_id=source_id, date=date, planned_percent=planned,
        actual_percent=actual, kind="fisico",
        description=clean_text(row.get("description")) or clean_text(row.get("plan")), row=number,
    )


def contract_from_process(row: dict[str, Any], number: int, style: DateStyle) -> ImportItem:
    """One Procesos row -> a contract record at process stage, keyed by the portfolio id
    (`CO1.BDOS.n`), which is what Contratos Electrónicos calls `proceso_de_compra`."""
    process = clean_id(row.get("process_id")) or clean_id(row.get("request_id"))
    if not process:
        return RowError(number, "falta el «ID del Portafolio» del proceso")
    current = "Precio Base"
    try:
        base = parse_money(row.get("base_price"))
        current = "Valor Total Adjudicacion"
        award = parse_money(row.get("award_value"))
    except ValueProblem as problem:
        return RowError(number, _explain(problem, current))
    awarded = (clean_text(row.get("awarded")) or "").lower() in ("si", "sí")
    value = award if awarded and award else base
    status = clean_text(row.get("status"))
    return ContractRecord(
        source_key=process, row=number, process_id=process, number=clean_text(row.get("number")),
        url=clean_text(row.get("url")), entity=clean_text(row.get("entity")),
        entity_nit=clean_id(row.get("entity_nit")),
        contractor=clean_text(row.get("contractor")) if awarded else None,
        contractor_id=clean_id(row.get("contractor_id")) if awarded else None,
        object=clean_text(row.get("object")) or clean_text(row.get("name")),
        modality=clean_text(row.get("modality")), contract_type=clean_text(row.get("contract_type")),
        initial_value=value, currency="COP" if value is not None else None,
        status=f"Proceso: {status}" if status else "Proceso", city=clean_text(row.get("city")),
    )


def contract_from_secop1(row: dict[str, Any], number: int, style: DateStyle) -> ImportItem:
    """One SECOP I row -> ContractRecord, with its additions as one summarised modification."""
    constancia = clean_id(row.get("constancia"))
    contract_no = clean_id(row.get("number"))
    if not constancia and not clean_id(row.get("uid")):
        return RowError(number, "falta el «Número de Constancia» del proceso SECOP I")
    key = f"secop1:{constancia or clean_id(row.get('uid'))}/{contract_no or '-'}"
    current = "Cuantía Contrato"
    try:
        value = parse_money(row.get("initial_value"))
        current = "Valor Total de Adiciones"
        additions = parse_money(row.get("additions_value"))
        current = "Tiempo Adiciones en Días"
        added_days = parse_int(row.get("added_days")) or 0
        added_months = parse_int(row.get("added_months")) or 0
        current = "Fecha de Firma del Contrato"
        signed = _date(row, "signed_date", style)
        current = "Fecha Ini Ejec Contrato"
        start = _date(row, "start_date", style)
        current = "Fecha Fin Ejec Contrato"
        end = _date(row, "end_date", style)
        current = "Fecha Liquidación"
        liquidation = _date(row, "liquidation_date", style)
        current = "Valor Rubro"
        rubro_value = parse_money(row.get("rubro_value"))
    except ValueProblem as problem:
        return RowError(number, _explain(problem, current))
    mods = []
    if additions or added_days or added_months:
        days = added_days + 30 * added_months
        mods.append(ModificationRecord(
            contract_key=key, source_id="secop1:adiciones",
            kind="adicion" if additions else "prorroga", value_change=additions or None,
            days_change=days or None, reason="Total de adiciones reportado en SECOP I", row=number,
        ))
    budget = ()
    rubro = clean_text(row.get("rubro"))
    if rubro or rubro_value:
        budget = (BudgetRecord(contract_key=key, source_id="secop1:rubro",
                               vigencia=signed.year if signed else None,
                               rubro=" ".join(x for x in (clean_text(row.get("rubro_position")), rubro) if x) or None,
                               amount=rubro_value, row=number),)
    return ContractRecord(
        source_key=key, row=number, process_id=constancia, number=contract_no,
        url=clean_text(row.get("url")), entity=clean_text(row.get("entity")),
        entity_nit=clean_id(row.get("entity_nit")), contractor=clean_text(row.get("contractor")),
        contractor_id=clean_id(row.get("contractor_id")),
        contractor_id_type=clean_text(row.get("contractor_id_type")),
        object=clean_text(row.get("object")) or clean_text(row.get("detail")),
        modality=clean_text(row.get("modality")), contract_type=clean_text(row.get("contract_type")),
        initial_value=value, currency="COP" if value is not None else None, signed_date=signed,
        start_date=start, end_date=end, status=clean_text(row.get("status")),
        bpin=clean_id(row.get("bpin")), city=clean_text(row.get("city")),
        liquidation_date=liquidation, modifications=tuple(mods), budget=budget,
    )


RowParser = Callable[[dict[str, Any], int, DateStyle], ImportItem]

LAYOUTS: dict[str, tuple[Aliases, RowParser, tuple[str, ...], tuple[str, ...]]] = {
    # format: (aliases, row parser, required fields for recognition, date fields)
    "secop2": (CONTRACT_COLUMNS, contract_from_secop2, ("initial_value",),
               ("signed_date", "start_date", "end_date")),
    "secop2-adiciones": (ADDITION_COLUMNS, modification_from_secop2, ("identifier", "contract", "kind"), ("date",)),
    "secop2-ejecucion": (EXECUTION_COLUMNS, progress_from_secop2, ("contract",), ("expected_date", "actual_date", "created")),
    "secop2-procesos": (PROCESS_COLUMNS, contract_from_process, ("process_id",), ("published",)),
    "secop1": (SECOP1_COLUMNS, contract_from_secop1, ("constancia", "initial_value"), ("signed_date", "start_date", "end_date")),
}


def detect_layout(header: Sequence[str]) -> Optional[str]:
    """The SECOP layout whose columns best match, or None."""
    best, best_score = None, 0
    for name, (aliases, _parser, required, _dates) in LAYOUTS.items():
        present = RowMapper(aliases).fields(header)
        if not all(r in present for r in required):
            continue
        points = len(present)
        if points > best_score and points >= 3:
            best, best_score = name, points
    return best


def parse_rows(layout: str, rows: Iterator[tuple[int, dict[str, Any]]], default_day_first: bool) -> Iterator[ImportItem]:
    """Run the layout's row parser over (row number, canonical dict) pairs, learning the date
    style from the first 500 rows before parsing any."""
    _aliases, parser, _required, date_fields = LAYOUTS[layout]
    style = DateStyle(default_day_first)
    head: list[tuple[int, dict[str, Any]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= 500:
            break
    learn_dates([r for _, r in head], style, date_fields)
    for number, row in head:
        yield parser(row, number, style)
    for number, row in rows:
        yield parser(row, number, style)
