"""A central PostgreSQL server shared by a network of veedurías (Ley 1757 de 2015, art. 67).

Each committee gets its own PostgreSQL *schema* on the shared database: its tables, its
Alembic version and its audit trail live apart, so one committee can never read or change
another's records by mistake, and a committee's data can be dumped or dropped on its own
(`pg_dump --schema=...`). The schema is chosen with libpq's standard `options` parameter in
the URL (`?options=-csearch_path%3Dcomite_bocagrande`), which every PostgreSQL client
understands, so the same URL works in psql, pg_dump and this program.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from veeduria_app.services.errors import ConnectionLost, ValidationError

_SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SEARCH_PATH_RE = re.compile(r"-c\s*search_path\s*=\s*([^\s,]+)")
RESERVED_SCHEMAS = {"public", "information_schema"}


def committee_schema_name(committee: str) -> str:
    """The schema for a committee's name or code: lowercase ASCII letters, digits and `_`.

    «Veeduría Bocagrande 2026» → `veeduria_bocagrande_2026`. Raises ValidationError for a
    name that leaves nothing usable or collides with PostgreSQL's own schemas.
    """
    ascii_text = unicodedata.normalize("NFKD", committee).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:63]
    if not slug or not slug[0].isalpha():
        raise ValidationError(
            f"El nombre de comité «{committee}» no sirve como esquema: debe empezar por una letra "
            "(por ejemplo «comite_bocagrande»).", field="committee")
    if slug in RESERVED_SCHEMAS or slug.startswith("pg_"):
        raise ValidationError(f"El nombre de comité «{committee}» está reservado por PostgreSQL; elija otro.",
                              field="committee")
    return slug


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise ValidationError(
            f"La dirección de base de datos «{url}» no es válida. Ejemplo: "
            "postgresql+psycopg://usuario@servidor:5432/veedurias") from None


def _options(parsed: URL) -> str:
    value = parsed.query.get("options", "")
    return value if isinstance(value, str) else " ".join(value)


def is_postgresql(url: str) -> bool:
    return parse_url(url).get_backend_name() == "postgresql"


def committee_url(url: str, committee: str) -> str:
    """`url` with the committee's schema as the search path (kept with its password, if any)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValidationError("Solo un servidor PostgreSQL admite varios comités; con SQLite cada veeduría "
                              "tiene su propia carpeta de datos.", field="committee")
    schema = committee_schema_name(committee)
    options = f"{_SEARCH_PATH_RE.sub('', _options(parsed)).strip()} -csearch_path={schema}".strip()
    parsed = parsed.update_query_dict({"options": options})
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def schema_of(url: str) -> Optional[str]:
    """The committee schema named in a PostgreSQL URL's search path, or None (then `public`)."""
    match = _SEARCH_PATH_RE.search(_options(parse_url(url)))
    return match.group(1).split(",")[0].strip('"') if match else None


def display_url(url: str) -> str:
    """The URL without its password, for screens and logs."""
    return parse_url(url).render_as_string(hide_password=True)


_REASONS = (
    ("password authentication failed", "el usuario o la clave no son correctos"),
    ("no password supplied", "el servidor pide una clave (escríbala en la dirección o en un archivo pgpass)"),
    ("connection refused", "el servidor rechazó la conexión; revise que esté encendido y la dirección y el puerto"),
    ("timeout expired", "el servidor no respondió a tiempo; revise la red"),
    ("could not translate host name", "no se encontró ese equipo en la red; revise el nombre del servidor"),
    ("name or service not known", "no se encontró ese equipo en la red; revise el nombre del servidor"),
    ("no route to host", "no hay ruta de red hasta el servidor; revise la conexión"),
    ("does not exist", "la base de datos o el usuario no existen en el servidor"),
    ("no pg_hba.conf entry", "el servidor no admite conexiones desde este equipo (pg_hba.conf)"),
)


def connection_reason(error: BaseException) -> str:
    """The driver's reason for a failed connection, in Spanish when it is a known one."""
    text = str(getattr(error, "orig", None) or error).strip()
    lowered = text.lower()
    for needle, spanish in _REASONS:
        if needle in lowered:
            return spanish
    return f"revise la red, la dirección y que el servidor esté encendido (detalle técnico: {text.splitlines()[0]})"


def server_label(url: str) -> str:
    """`servidor:5432/base` — what a person recognises, without driver, password or options."""
    parsed = parse_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def ensure_schema(url: str, *, create: bool = True) -> Optional[str]:
    """Check the server answers and create the committee's schema if missing; returns its name.

    Runs on its own short-lived connection without the search path (the schema may not exist
    yet, and PostgreSQL would then refuse to create tables). An unreachable server is a
    ConnectionLost with the server's address (never its password).
    """
    if not is_postgresql(url):
        return None
    schema = schema_of(url)
    if schema is not None and not _SCHEMA_RE.match(schema):
        raise ValidationError(f"El esquema «{schema}» de la dirección no es un nombre válido de comité.")
    bare = parse_url(url)
    remaining = _SEARCH_PATH_RE.sub("", _options(bare)).strip()
    bare = bare.update_query_dict({"options": remaining}) if remaining else bare.difference_update_query(["options"])
    engine = create_engine(bare, connect_args={"connect_timeout": 10})
    try:
        with engine.begin() as connection:
            if schema is not None and create:
                # Two laptops starting a new committee at once would race inside CREATE SCHEMA IF
                # NOT EXISTS (a unique violation in pg_namespace); a transaction-scoped advisory
                # lock on the name makes the second one wait and then find the schema there.
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": f"schema:{schema}"})
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            else:
                connection.execute(text("SELECT 1"))
    except OperationalError as error:
        raise ConnectionLost(f"No se pudo conectar con el servidor {server_label(url)}: "
                             f"{connection_reason(error)}.") from None
    finally:
        engine.dispose()
    return schema
