"""Rules for a watched work: allowed types and statuses, and field validation.

Validation is pure so the form, the CLI and imports all refuse the same things with the same
Spanish message, before anything is written.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

from veeduria_app.domain.work_kinds import WORK_STATUSES, WORK_TYPES  # noqa: F401 - part of this module's rules

DEFAULT_RADIUS_M = 300


class WorkRuleError(ValueError):
    """A field breaks a rule; the message is Spanish and names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def _norm(text: str) -> str:
    import unicodedata

    normal = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in normal if c.isalnum()).lower()


def resolve_choice(value: str, choices: dict[str, str], field_name: str, what: str) -> str:
    """Accept the code or the label, ignoring accents and case ("Vía", "via", "canal/drenaje")."""
    wanted = _norm(value)
    for code, label in choices.items():
        if wanted in (_norm(code), _norm(label)):
            return code
    prefixed = [code for code, label in choices.items() if wanted and _norm(label).startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    valid = ", ".join(choices)
    raise WorkRuleError(field_name, f"{what} «{value}» no es válido. Use uno de: {valid}.")


def parse_coordinate(value: object, field_name: str) -> Optional[float]:
    """A latitude/longitude from text or number; comma decimals accepted; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    label = "La latitud" if field_name == "lat" else "La longitud"
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise WorkRuleError(field_name, f"{label} «{value}» no es un número (ejemplo: 10.4236 y -75.5253).") from None
    if math.isnan(number) or math.isinf(number):
        raise WorkRuleError(field_name, f"{label} «{value}» no es un número válido.")
    limit = 90 if field_name == "lat" else 180
    if not -limit <= number <= limit:
        raise WorkRuleError(field_name, f"{label} {number} está fuera del rango −{limit} a {limit}.")
    return number


@dataclass
class WorkFields:
    """What a person types for a work (all text-friendly); validated into clean values."""

    name: str = ""
    type: str = "otro"
    entity: str = ""
    description: str = ""
    bpin: str = ""
    plan_programme: str = ""
    population_served: Optional[int] = None
    population_groups: str = ""
    localidad: str = ""
    ucg: str = ""
    barrio: str = ""
    address: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    status: str = "planeada"
    radius_m: int = DEFAULT_RADIUS_M
    extra: dict = field(default_factory=dict)


def validate_basic(fields: WorkFields) -> WorkFields:
    """Name, type, status, coordinates, radius, BPIN, population; territory is checked by the service."""
    name = (fields.name or "").strip()
    if not name:
        raise WorkRuleError("name", "El nombre de la obra es obligatorio.")
    if len(name) > 300:
        raise WorkRuleError("name", "El nombre de la obra no puede pasar de 300 caracteres.")
    work_type = resolve_choice(fields.type or "otro", WORK_TYPES, "type", "El tipo de obra")
    status = resolve_choice(fields.status or "planeada", WORK_STATUSES, "status", "El estado")
    lat = parse_coordinate(fields.lat, "lat")
    lon = parse_coordinate(fields.lon, "lon")
    if (lat is None) != (lon is None):
        raise WorkRuleError("lat", "Escriba la latitud y la longitud juntas, o ninguna de las dos.")
    try:
        radius = int(fields.radius_m if fields.radius_m not in (None, "") else DEFAULT_RADIUS_M)
    except (TypeError, ValueError):
        raise WorkRuleError("radius_m", f"El radio «{fields.radius_m}» debe ser un número entero de metros.") from None
    if not 10 <= radius <= 20000:
        raise WorkRuleError("radius_m", "El radio de vigilancia debe estar entre 10 y 20.000 metros.")
    bpin = (fields.bpin or "").strip()
    if bpin and not bpin.replace("-", "").isdigit():
        raise WorkRuleError("bpin", f"El código BPIN «{bpin}» solo puede tener dígitos.")
    population = fields.population_served
    if population in ("", None):
        population = None
    else:
        try:
            population = int(population)
        except (TypeError, ValueError):
            raise WorkRuleError("population_served", "La población beneficiada debe ser un número entero.") from None
        if population < 0:
            raise WorkRuleError("population_served", "La población beneficiada no puede ser negativa.")
    return WorkFields(
        name=name,
        type=work_type,
        entity=(fields.entity or "").strip(),
        description=(fields.description or "").strip(),
        bpin=bpin,
        plan_programme=(fields.plan_programme or "").strip(),
        population_served=population,
        population_groups=(fields.population_groups or "").strip(),
        localidad=(fields.localidad or "").strip(),
        ucg=(fields.ucg or "").strip(),
        barrio=(fields.barrio or "").strip(),
        address=(fields.address or "").strip(),
        lat=lat,
        lon=lon,
        status=status,
        radius_m=radius,
    )
