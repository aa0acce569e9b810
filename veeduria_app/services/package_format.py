"""The `.veeduria` package format: names, limits, value encoding and record fingerprints.

A package is a zip: `manifest.json` (format, app and schema version, author, time, and the
SHA-256 and size of every other entry), `registros/<table>.json` (one file per table, rows as
JSON), `oc4ids/proyectos.json` (works as OC4IDS projects, their contracts as contracting
processes, for any OC4IDS tool) and `evidencias/<sha256>.<ext>` (original evidence files).
Tables are taken generically from the models, so every capability's records travel.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from sqlalchemy import Column, Table
from sqlalchemy.types import TypeDecorator

from veeduria_app.db import models  # noqa: F401  (registers every table in Base.metadata)
from veeduria_app.db.base import Base

FORMAT = "veeduria-paquete"
FORMAT_VERSION = 1
SUFFIX = ".veeduria"
MANIFEST = "manifest.json"
RECORDS_PREFIX = "registros/"
EVIDENCE_PREFIX = "evidencias/"
OC4IDS_ENTRY = "oc4ids/proyectos.json"
ALLOWED_PREFIXES = (RECORDS_PREFIX, EVIDENCE_PREFIX, "oc4ids/")

LOCAL_ONLY_TABLES = frozenset({
    "user_accounts",  # each laptop keeps its own people and password hashes
    "package_sync_state", "package_conflicts",  # this laptop's merge bookkeeping
    "settings",  # thresholds, layouts, the demo flag: per laptop
    "audit_log",  # each laptop's own trail; an import is audited where it happens
    "alembic_version",
})
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "members": ("document_number", "phone", "email", "address"),
}
"""Ley 1581: leave the laptop only when the user ticks «incluir datos personales»."""
TABLE_LABELS = {
    "works": "Obra", "contracts": "Contrato", "members": "Integrante", "inspections": "Visita",
    "findings": "Hallazgo", "petitions": "Petición", "veeduria_profile": "Registro de la veeduría",
    "inspection_photos": "Foto de visita", "payments": "Pago", "contract_modifications": "Modificación de contrato",
    "budget_allocations": "Asignación presupuestal", "contract_milestones": "Hito de contrato",
}
FIELD_LABELS = {
    "name": "Nombre", "address": "Dirección", "barrio": "Barrio", "localidad": "Localidad", "ucg": "UCG",
    "status": "Estado", "description": "Descripción", "entity": "Entidad", "lat": "Latitud", "lon": "Longitud",
    "type": "Tipo", "notes": "Notas", "caption": "Pie de foto", "full_name": "Nombre completo", "subject": "Asunto",
    "archived": "Archivado", "bpin": "BPIN", "object": "Objeto", "initial_value": "Valor inicial",
    # findings
    "title": "Título", "condition": "Condición", "criterion": "Criterio", "cause": "Causa", "effect": "Efecto",
    "nature": "Presunta incidencia", "recommendation": "Recomendación", "found_on": "Fecha del hallazgo",
    "communicated_on": "Comunicado el", "answered_on": "Respondido el", "closed_on": "Cerrado el",
    # visits and photos
    "visit_date": "Fecha de la visita", "start_time": "Hora de inicio", "end_time": "Hora de fin", "weather": "Clima",
    "observed_progress": "Avance observado", "reported_progress": "Avance reportado", "include_in_report":
    "Incluir en el informe", "position": "Orden", "text": "Texto", "speaker": "Quién lo dijo", "answer": "Respuesta",
    # members and registration
    "role": "Rol", "document_type": "Tipo de documento", "document_number": "Documento", "phone": "Teléfono",
    "email": "Correo", "consent_given": "Autorización de datos", "consent_date": "Fecha de la autorización",
    "active": "Activo", "registration_body": "Inscrita en", "registration_number": "Número de inscripción",
    "registration_date": "Fecha de inscripción", "nit": "NIT", "objeto_vigilancia": "Objeto de vigilancia",
    "territorial_level": "Nivel territorial", "duration": "Duración", "radius_m": "Radio de vigilancia",
    "plan_programme": "Programa del Plan de Desarrollo", "population_served": "Población beneficiada",
    "population_groups": "Grupos de población",
    # contracts' children and petitions
    "date": "Fecha", "amount": "Valor", "kind": "Clase", "document": "Documento soporte", "value_change":
    "Cambio de valor", "days_change": "Días", "new_end_date": "Nueva fecha de fin", "act_number": "Número del acta",
    "reason": "Motivo", "vigencia": "Vigencia", "rubro": "Rubro", "funding_source": "Fuente", "cdp_number": "CDP",
    "cdp_amount": "Valor del CDP", "rp_number": "RP", "rp_amount": "Valor del RP", "filed_on": "Radicada el",
    "radicado": "Número de radicado", "to_entity": "Entidad destinataria", "to_name": "Destinatario",
    "to_position": "Cargo", "to_office": "Dependencia", "requests": "Peticiones", "answer_summary":
    "Resumen de la respuesta",
}
"""Spanish names of the fields a person may see side by side in an import conflict."""
NOT_FINGERPRINTED = frozenset({"version", "created_at", "updated_at"})

MAX_EXPANDED_BYTES = 8 * 1024 ** 3
MAX_ENTRIES = 200_000
MAX_JSON_ENTRY_BYTES = 512 * 1024 ** 2
EVIDENCE_NAME_RE = re.compile(r"^evidencias/([0-9a-f]{64})\.([a-z0-9]{1,8})$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class PackageRefused(Exception):
    """Raised while reading a package; the service turns it into a Spanish ValidationError."""


def exportable_tables() -> list[Table]:
    """Every table that travels, parents before children (foreign-key order)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_ONLY_TABLES]


def personal_fields(table_name: str) -> tuple[str, ...]:
    return PERSONAL_FIELDS.get(table_name, ())


def record_key(table: Table, row: dict) -> str:
    """The primary key as one string (composite keys joined by «|»)."""
    return "|".join(str(row[c.name]) for c in table.primary_key.columns)


# -------------------------------------------------------------------- values


def _python_type(column: Column) -> Any:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return object


def encode_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode_value(column: Column, value: Any) -> Any:
    """JSON value → Python value for this column; ValueError when it cannot be one."""
    if value is None:
        return None
    kind = _python_type(column)
    if kind is dt.datetime:
        parsed = dt.datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
    if kind is dt.date:
        return dt.date.fromisoformat(str(value))
    if kind is Decimal:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"no es un número: {value!r}") from None
    if kind is bytes:
        return base64.b64decode(str(value), validate=True)
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"no es verdadero/falso: {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"no es un número entero: {value!r}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"no es un número: {value!r}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"no es texto: {value!r}")
        if column.type.length and len(value) > column.type.length:  # type: ignore[attr-defined]
            raise ValueError(f"tiene {len(value)} caracteres, más de {column.type.length}")  # type: ignore[attr-defined]
        return value
    return value


def encode_row(table: Table, row: Any, *, drop: Iterable[str] = ()) -> dict:
    skip = set(drop)
    return {c.name: encode_value(row[c.name]) for c in table.columns if c.name not in skip}


def fingerprint(table: Table, encoded: dict) -> str:
    """SHA-256 of a record's shared content: no version counters, stamps or personal data."""
    skip = NOT_FINGERPRINTED | set(personal_fields(table.name))
    content = {k: v for k, v in encoded.items() if k not in skip and k in table.c}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_label(encoded: dict) -> str:
    """A human name for a record in the conflicts list."""
    for key in ("name", "full_name", "title", "subject", "code", "number", "label", "original_name"):
        value = encoded.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return ""


def unsafe_name(name: str) -> bool:
    """True for entry names that could escape the folder they are unpacked into."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))
