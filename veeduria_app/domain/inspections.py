"""Rules of a site visit (acta de visita): default checklist, answers, field validation.

Pure so the form, the CLI and the demo refuse the same things with the same Spanish message.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

DEFAULT_CHECKLIST: tuple[str, ...] = (
    "Valla informativa visible y completa",
    "Personal trabajando",
    "Señalización y seguridad",
    "Maquinaria",
    "Materiales",
    "Afectación a vecinos y movilidad",
    "Acceso para personas con discapacidad",
)

ANSWERS: dict[str, str] = {
    "": "Sin responder",
    "si": "Sí",
    "no": "No",
    "parcial": "Parcialmente",
    "no_aplica": "No aplica",
}

ATTENDEE_KINDS: dict[str, str] = {
    "integrante": "Integrante de la veeduría",
    "invitado": "Invitado(a)",
    "recibio": "Quien recibió en la obra",
}

RECEIVER_ROLES: tuple[str, ...] = (
    "Contratista", "Residente de obra", "Interventor(a)", "Supervisor(a)", "Entidad contratante", "Otro",
)

PROGRESS_SOURCES: dict[str, str] = {
    "": "—",
    "contratista": "Contratista",
    "interventoria": "Interventoría",
    "supervision": "Supervisión",
}

STATUS_LABELS = {"abierta": "Abierta", "cerrada": "Cerrada"}

AMENDABLE_FIELDS: dict[str, str] = {
    "observed_progress": "Avance físico observado (%)",
    "reported_progress": "Avance informado en obra (%)",
    "reported_progress_source": "Quién informó el avance",
    "weather": "Clima",
    "start_time": "Hora de inicio",
    "end_time": "Hora de finalización",
    "notes": "Notas",
    "checklist": "Lista de chequeo",
    "observation": "Observación de la comunidad (se agrega)",
    "attendee": "Asistente (se agrega)",
    "quantity": "Cantidad observada (se agrega)",
}

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class InspectionRuleError(ValueError):
    """A field breaks a rule; the message is Spanish and names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class Attendee:
    kind: str
    name: str
    role: str = ""
    organization: str = ""
    member_id: Optional[str] = None


@dataclass(frozen=True)
class ChecklistAnswer:
    label: str
    answer: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Observation:
    speaker: str
    text: str
    speaker_role: str = ""


@dataclass(frozen=True)
class Quantity:
    item_label: str
    quantity: Decimal
    unit: str = ""
    boq_item_id: Optional[str] = None
    note: str = ""


@dataclass
class InspectionFields:
    """What a person types in the visit form (or the CLI)."""

    visit_date: dt.date
    start_time: Optional[str] = None
    end_time: Optional[str] = None
    weather: str = ""
    observed_progress: Optional[Decimal] = None
    reported_progress: Optional[Decimal] = None
    reported_progress_source: str = ""
    notes: str = ""
    attendees: list[Attendee] = field(default_factory=list)
    checklist: Optional[list[ChecklistAnswer]] = None
    """None means 'use the checklist template'."""
    observations: list[Observation] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


def parse_progress(value: Any, field_name: str, label: str) -> Optional[Decimal]:
    """`35`, `35,5`, `35.5 %` → Decimal in 0–100; None for blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InspectionRuleError(field_name, f"{label}: «{value}» no es un número.") from None
    if not number.is_finite() or number < 0 or number > 100:
        raise InspectionRuleError(field_name, f"{label} debe estar entre 0 y 100 %; se recibió {value}.")
    return number.quantize(Decimal("0.01"))


def parse_time(value: Optional[str], field_name: str, label: str) -> Optional[str]:
    """`7:05` → `07:05`; None for blank."""
    if value is None or not str(value).strip():
        return None
    match = _TIME_RE.match(str(value).strip())
    if not match:
        raise InspectionRuleError(field_name, f"{label}: «{value}» no es una hora válida (use HH:MM, p. ej. 08:30).")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_quantity(value: Any, label: str) -> Decimal:
    text = str(value).strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InspectionRuleError("quantities", f"Cantidad de «{label}»: «{value}» no es un número.") from None
    if not number.is_finite() or number < 0:
        raise InspectionRuleError("quantities", f"Cantidad de «{label}» no puede ser negativa.")
    return number


def validate(fields: InspectionFields, *, today: Optional[dt.date] = None) -> InspectionFields:
    """Clean copy of the fields; raises InspectionRuleError naming the first bad field."""
    if not isinstance(fields.visit_date, dt.date):
        raise InspectionRuleError("visit_date", "La fecha de la visita es obligatoria.")
    if fields.visit_date.year < 2000:
        raise InspectionRuleError("visit_date", f"La fecha de la visita ({fields.visit_date:%d/%m/%Y}) no es válida.")
    start = parse_time(fields.start_time, "start_time", "Hora de inicio")
    end = parse_time(fields.end_time, "end_time", "Hora de finalización")
    if start and end and end < start:
        raise InspectionRuleError("end_time", f"La hora de finalización ({end}) es anterior a la de inicio ({start}).")
    observed = parse_progress(fields.observed_progress, "observed_progress", "El avance físico observado")
    reported = parse_progress(fields.reported_progress, "reported_progress", "El avance informado en obra")
    source = (fields.reported_progress_source or "").strip().lower()
    source = {"interventoría": "interventoria", "supervisión": "supervision"}.get(source, source)
    if source not in PROGRESS_SOURCES:
        raise InspectionRuleError("reported_progress_source",
                                  f"«{fields.reported_progress_source}» no es una fuente válida del avance informado.")
    attendees = []
    for person in fields.attendees:
        name = (person.name or "").strip()
        if not name:
            continue
        if person.kind not in ATTENDEE_KINDS:
            raise InspectionRuleError("attendees", f"Tipo de asistente «{person.kind}» no válido.")
        attendees.append(Attendee(person.kind, name[:200], (person.role or "").strip()[:120],
                                  (person.organization or "").strip()[:200], person.member_id))
    checklist = None
    if fields.checklist is not None:
        checklist = []
        for item in fields.checklist:
            label = (item.label or "").strip()
            if not label:
                continue
            answer = (item.answer or "").strip().lower()
            answer = {"sí": "si", "n/a": "no_aplica", "na": "no_aplica"}.get(answer, answer)
            if answer not in ANSWERS:
                raise InspectionRuleError("checklist", f"Respuesta «{item.answer}» no válida para «{label}» (use sí, no, parcial o no aplica).")
            checklist.append(ChecklistAnswer(label[:300], answer, (item.comment or "").strip()))
    observations = []
    for obs in fields.observations:
        text = (obs.text or "").strip()
        if not text:
            continue
        observations.append(Observation((obs.speaker or "").strip()[:200], text, (obs.speaker_role or "").strip()[:120]))
    quantities = []
    for qty in fields.quantities:
        label = (qty.item_label or "").strip()
        if not label and not qty.boq_item_id:
            raise InspectionRuleError("quantities", "Cada cantidad observada debe indicar el ítem del presupuesto.")
        quantities.append(Quantity(label[:300], parse_quantity(qty.quantity, label or qty.boq_item_id or ""),
                                   (qty.unit or "").strip()[:20], qty.boq_item_id, (qty.note or "").strip()))
    return InspectionFields(
        visit_date=fields.visit_date, start_time=start, end_time=end, weather=(fields.weather or "").strip()[:120],
        observed_progress=observed, reported_progress=reported, reported_progress_source=source,
        notes=(fields.notes or "").strip(), attendees=attendees, checklist=checklist,
        observations=observations, quantities=quantities,
    )


def clean_template(labels: list[str]) -> list[str]:
    """A checklist template without blanks or repeated questions, in the given order."""
    seen: set[str] = set()
    result = []
    for label in labels:
        text = (label or "").strip()[:300]
        if text and text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    if not result:
        raise InspectionRuleError("checklist", "La plantilla de la lista de chequeo debe tener al menos una pregunta.")
    return result
