"""Findings (hallazgos): the fields auditors use, their status path, and drafts from alerts.

A veeduría cannot order anything (Ley 850 art. 20): the default recommendations are written
as requests to the entity, so the printed report reads as observations and petitions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from veeduria_app.domain import alerts as A
from veeduria_app.domain.alerts import Alert

NATURES = {
    "ninguna": "Sin incidencia / por determinar",
    "administrativa": "Administrativa",
    "disciplinaria": "Disciplinaria",
    "fiscal": "Fiscal",
    "penal": "Penal",
}

STATUSES = {
    "borrador": "Borrador",
    "comunicado": "Comunicado",
    "con_respuesta": "Con respuesta",
    "cerrado": "Cerrado",
}
STATUS_ORDER = tuple(STATUSES)
DRAFT = "borrador"
STATUS_DATE_FIELD = {"comunicado": "communicated_on", "con_respuesta": "answered_on", "cerrado": "closed_on"}

LINK_KINDS = {"foto": "Foto", "alerta": "Alerta", "documento": "Documento", "visita": "Visita"}

TITLE_MAX = 300


class FindingRuleError(ValueError):
    """A finding that breaks a rule; the message is Spanish and names the field."""

    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class FindingFields:
    """What a person writes; validated by `validate_fields`."""

    title: str = ""
    condition: str = ""
    criterion: str = ""
    cause: str = ""
    effect: str = ""
    nature: str = "ninguna"
    recommendation: str = ""
    found_on: Optional[dt.date] = None


def normalize_nature(value: str) -> str:
    key = (value or "ninguna").strip().lower().replace("ó", "o")
    aliases = {"": "ninguna", "none": "ninguna", "ninguno": "ninguna", "sin": "ninguna"}
    key = aliases.get(key, key)
    if key not in NATURES:
        raise FindingRuleError(
            f"Naturaleza presunta «{value}» no válida. Opciones: {', '.join(NATURES)}.", "nature")
    return key


def normalize_status(value: str) -> str:
    key = (value or "").strip().lower().replace(" ", "_")
    if key not in STATUSES:
        raise FindingRuleError(f"Estado «{value}» no válido. Opciones: {', '.join(STATUSES)}.", "status")
    return key


def validate_fields(fields: FindingFields, today: dt.date) -> FindingFields:
    title = " ".join((fields.title or "").split())
    if not title:
        raise FindingRuleError("El título del hallazgo es obligatorio.", "title")
    if len(title) > TITLE_MAX:
        raise FindingRuleError(f"El título del hallazgo no puede pasar de {TITLE_MAX} caracteres.", "title")
    found_on = fields.found_on or today
    if found_on > today:
        raise FindingRuleError("La fecha del hallazgo no puede ser futura.", "found_on")
    return FindingFields(
        title=title,
        condition=(fields.condition or "").strip(),
        criterion=(fields.criterion or "").strip(),
        cause=(fields.cause or "").strip(),
        effect=(fields.effect or "").strip(),
        nature=normalize_nature(fields.nature),
        recommendation=(fields.recommendation or "").strip(),
        found_on=found_on,
    )


def is_draft(status: str) -> bool:
    """A finding still «Borrador» is the veeduría's unconfirmed draft (not yet communicated to the
    entity). A formal document may include it, but must say so beside it, never present it
    silently as a confirmed finding."""
    return status == DRAFT


def check_transition(current: str, target: str, on: dt.date, found_on: dt.date,
                     previous_dates: list[Optional[dt.date]], today: dt.date) -> None:
    """Status only moves forward (a closed finding stays closed); dates never go backwards."""
    if STATUS_ORDER.index(target) <= STATUS_ORDER.index(current):
        raise FindingRuleError(
            f"El hallazgo ya está «{STATUSES[current]}»; solo puede avanzar a un estado posterior.", "status")
    if on > today:
        raise FindingRuleError("La fecha del cambio de estado no puede ser futura.", "status")
    earliest = max([found_on] + [d for d in previous_dates if d is not None])
    if on < earliest:
        raise FindingRuleError(
            f"La fecha del cambio de estado no puede ser anterior al {earliest.strftime('%d/%m/%Y')}.", "status")


# --------------------------------------------------------------------------- drafts from alerts

_CAUSE = "Por establecer: se solicitará la explicación a la entidad contratante y al supervisor o interventor."

_EFFECT = {
    A.ADICIONES_SUPERAN_50: "El contrato pudo modificarse más allá del límite legal, lo que equivale a contratar "
                            "obra nueva sin proceso de selección y sin competencia.",
    A.ANTICIPO_SUPERA_50: "Se expone al patrimonio público a perder recursos entregados antes de ejecutar la obra.",
    A.PAGOS_SUPERAN_VALOR: "Posible pago de lo no debido y detrimento del patrimonio público.",
    A.PAGOS_SUPERAN_AVANCE: "Recursos públicos pagados por obra que la comunidad no ve ejecutada: riesgo de "
                            "detrimento patrimonial si la obra no se termina.",
    A.RETRASO: "La comunidad recibirá la obra más tarde de lo previsto y el atraso puede generar sobrecostos.",
    A.PLAZO_VENCIDO: "La obra sigue sin terminarse después del plazo; la comunidad no recibe el beneficio y "
                     "pueden aumentar los costos.",
    A.PRORROGAS_EXCESIVAS: "El plazo se alarga sin que la comunidad conozca las razones; puede indicar mala planeación.",
    A.SUSPENSION_PROLONGADA: "La obra detenida se deteriora y el contrato queda sin control efectivo.",
    A.LIQUIDACION_VENCIDA: "Sin liquidación no se cierran las cuentas del contrato ni se definen saldos a favor del "
                           "Distrito; puede perderse la competencia para liquidarlo.",
    A.AVANCE_REPORTADO_DIFIERE: "Se podrían estar certificando y pagando obras no ejecutadas.",
    A.SIN_VALLA: "La comunidad no puede conocer el objeto, el valor, el plazo ni el contratista de la obra.",
    A.SIN_VISITA_RECIENTE: "La veeduría no tiene información reciente sobre el estado de la obra.",
}

_NATURE = {
    A.ADICIONES_SUPERAN_50: "disciplinaria",
    A.ANTICIPO_SUPERA_50: "disciplinaria",
    A.PAGOS_SUPERAN_VALOR: "fiscal",
    A.PAGOS_SUPERAN_AVANCE: "fiscal",
    A.AVANCE_REPORTADO_DIFIERE: "disciplinaria",
    A.PLAZO_VENCIDO: "administrativa",
    A.RETRASO: "administrativa",
    A.PRORROGAS_EXCESIVAS: "administrativa",
    A.SUSPENSION_PROLONGADA: "administrativa",
    A.LIQUIDACION_VENCIDA: "administrativa",
    A.SIN_VALLA: "administrativa",
}

_RECOMMENDATION = {
    A.ADICIONES_SUPERAN_50: "Solicitar a la entidad copia de las adiciones y de su justificación, y que explique "
                            "cómo se respetó el límite del 50 % del valor inicial.",
    A.ANTICIPO_SUPERA_50: "Solicitar a la entidad el soporte del anticipo pactado y de su manejo en fiducia, y "
                          "su plan de amortización.",
    A.PAGOS_SUPERAN_VALOR: "Solicitar a la entidad el estado de cuenta del contrato con todas las órdenes de pago "
                           "y poner el hecho en conocimiento de la Contraloría Distrital.",
    A.PAGOS_SUPERAN_AVANCE: "Solicitar a la entidad y a la interventoría las actas de obra que soportan los pagos "
                            "y una verificación conjunta en campo de las cantidades ejecutadas.",
    A.RETRASO: "Solicitar a la entidad el cronograma vigente y el plan de contingencia del contratista.",
    A.PLAZO_VENCIDO: "Solicitar a la entidad que informe el estado del contrato y las medidas adoptadas frente al "
                     "vencimiento del plazo.",
    A.PRORROGAS_EXCESIVAS: "Solicitar a la entidad las justificaciones técnicas de cada prórroga.",
    A.SUSPENSION_PROLONGADA: "Solicitar a la entidad las actas de suspensión, sus motivos y la fecha prevista de reinicio.",
    A.LIQUIDACION_VENCIDA: "Solicitar a la entidad que informe el estado de la liquidación del contrato.",
    A.AVANCE_REPORTADO_DIFIERE: "Solicitar a la interventoría o supervisión los informes y memorias de cantidades que "
                                "soportan el avance reportado, y una verificación conjunta en campo.",
    A.SIN_VALLA: "Solicitar a la entidad que el contratista instale la valla informativa prevista en el contrato.",
    A.SIN_VISITA_RECIENTE: "Programar una visita de la veeduría a la obra.",
}

_PHOTO_RECOMMENDATION = "Obtener los archivos originales de las fotos y repetir el registro en una nueva visita."


@dataclass(frozen=True)
class FindingDraft:
    fields: FindingFields
    alert_code: str
    alert_data: dict


def draft_from_alert(alert: Alert, today: dt.date) -> FindingDraft:
    """A draft finding with condition, criterion, effect and a request already written."""
    photo = alert.code in A.PHOTO_CODES
    fields = FindingFields(
        title=alert.title,
        condition=alert.message,
        criterion=alert.basis,
        cause=_CAUSE,
        effect=_EFFECT.get(alert.code, "La evidencia pierde valor como prueba del estado de la obra." if photo else ""),
        nature=_NATURE.get(alert.code, "ninguna"),
        recommendation=_RECOMMENDATION.get(alert.code, _PHOTO_RECOMMENDATION if photo else ""),
        found_on=today,
    )
    return FindingDraft(fields, alert.code, alert.json_data())
