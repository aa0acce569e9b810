"""Red-flag alerts: where the contract, the payments and what the veeduría saw disagree.

Each alert has a stable code, a severity, a plain-Spanish message with the figures, the legal
or methodological basis, and the figures themselves (`data`), so the same alert can be shown,
printed, turned into a finding, or hidden after review until its figures change.

Every threshold is strict: a figure exactly at the threshold is not an alert.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Mapping, Optional, Sequence

from veeduria_app.domain import formats
from veeduria_app.domain.progress import (
    ZERO,
    ProgressSnapshot,
    WorkFacts,
    in_execution,
    latest_closed_inspection,
    pct,
    progress_at,
    term_status,
)
from veeduria_app.domain.smmlv import SmmlvTable

ALTA, MEDIA, BAJA = "alta", "media", "baja"
SEVERITIES = (ALTA, MEDIA, BAJA)
SEVERITY_LABELS = {ALTA: "Alta", MEDIA: "Media", BAJA: "Baja"}

ADICIONES_SUPERAN_50 = "ADICIONES_SUPERAN_50"
ANTICIPO_SUPERA_50 = "ANTICIPO_SUPERA_50"
PAGOS_SUPERAN_VALOR = "PAGOS_SUPERAN_VALOR"
PAGOS_SUPERAN_AVANCE = "PAGOS_SUPERAN_AVANCE"
RETRASO = "RETRASO"
PLAZO_VENCIDO = "PLAZO_VENCIDO"
PRORROGAS_EXCESIVAS = "PRORROGAS_EXCESIVAS"
SUSPENSION_PROLONGADA = "SUSPENSION_PROLONGADA"
LIQUIDACION_VENCIDA = "LIQUIDACION_VENCIDA"
AVANCE_REPORTADO_DIFIERE = "AVANCE_REPORTADO_DIFIERE"
SIN_VALLA = "SIN_VALLA"
SIN_VISITA_RECIENTE = "SIN_VISITA_RECIENTE"
FOTO_SIN_GPS = "FOTO_SIN_GPS"
FOTO_LEJOS_DE_OBRA = "FOTO_LEJOS_DE_OBRA"
FOTO_FECHA_INCONSISTENTE = "FOTO_FECHA_INCONSISTENTE"
FOTO_REUTILIZADA = "FOTO_REUTILIZADA"


@dataclass(frozen=True)
class AlertKind:
    code: str
    severity: str
    title: str
    basis: str


KINDS: dict[str, AlertKind] = {
    k.code: k
    for k in [
        AlertKind(
            ADICIONES_SUPERAN_50, ALTA, "Adiciones superan el 50 % del valor inicial",
            "Ley 80 de 1993, art. 40, parágrafo: los contratos no pueden adicionarse en más del "
            "50 % de su valor inicial, expresado en salarios mínimos legales mensuales vigentes.",
        ),
        AlertKind(
            ANTICIPO_SUPERA_50, ALTA, "Anticipo superior al 50 % del valor",
            "Ley 80 de 1993, art. 40, parágrafo: el anticipo no puede exceder el 50 % del valor "
            "del contrato. En obra por encima de la menor cuantía debe manejarse en una fiducia "
            "(Ley 1474 de 2011, art. 91).",
        ),
        AlertKind(
            PAGOS_SUPERAN_VALOR, ALTA, "Pagos superan el valor del contrato",
            "No se puede pagar más que el valor del contrato con sus adiciones (Ley 80 de 1993, "
            "art. 40). Bandera roja de Open Contracting: «las transacciones superan el monto del "
            "contrato».",
        ),
        AlertKind(
            PAGOS_SUPERAN_AVANCE, ALTA, "Pagos van por delante de la obra",
            "Seguimiento financiero frente a físico (curva S): lo pagado debe corresponder a obra "
            "ejecutada y recibida; certificar como ejecutada obra que no lo está es falta "
            "gravísima del supervisor o interventor (Ley 1474 de 2011, arts. 83 y 84).",
        ),
        AlertKind(
            RETRASO, MEDIA, "Obra atrasada frente a lo programado",
            "Comparación del avance programado (cronograma o, si no lo hay, avance lineal en el "
            "plazo vigente) con el avance observado por la veeduría. Bandera roja de Open "
            "Contracting: «incumplimiento en la entrega».",
        ),
        AlertKind(
            PLAZO_VENCIDO, ALTA, "Plazo vencido sin terminar la obra",
            "La entidad debe exigir la ejecución oportuna del contrato (Ley 80 de 1993, art. 4) y "
            "puede imponer multas o declarar el incumplimiento (Ley 1474 de 2011, art. 86). El "
            "plazo vigente incluye prórrogas y suspensiones.",
        ),
        AlertKind(
            PRORROGAS_EXCESIVAS, MEDIA, "Prórrogas excesivas",
            "Criterio metodológico: prórrogas que suman más de la mitad del plazo inicial "
            "sugieren fallas de planeación (Ley 80 de 1993, art. 25, num. 12). Bandera roja de "
            "Open Contracting: «el contrato tiene modificaciones».",
        ),
        AlertKind(
            SUSPENSION_PROLONGADA, MEDIA, "Suspensión prolongada",
            "Criterio metodológico: la suspensión debe ser temporal y motivada; una suspensión "
            "larga deja la obra detenida y expuesta a deterioro y sobrecostos.",
        ),
        AlertKind(
            LIQUIDACION_VENCIDA, MEDIA, "Liquidación vencida",
            "Ley 1150 de 2007, art. 11: liquidación de mutuo acuerdo dentro del plazo pactado o, "
            "si no hay, en los 4 meses siguientes a la terminación; unilateral en los 2 meses "
            "siguientes.",
        ),
        AlertKind(
            AVANCE_REPORTADO_DIFIERE, ALTA, "Avance reportado mayor que el observado",
            "Ley 1474 de 2011, arts. 83 y 84: el supervisor o interventor responde por lo que "
            "certifica; certificar como ejecutada obra que no lo está es falta gravísima. Bandera "
            "roja de Open Contracting: «diferencias entre la obra ejecutada y las "
            "especificaciones del contrato».",
        ),
        AlertKind(
            SIN_VALLA, BAJA, "Sin valla informativa",
            "La valla informativa suele ser obligación del contrato o de los pliegos de "
            "condiciones (no de una ley nacional): verifique la cláusula. Permite a la comunidad "
            "conocer objeto, valor, plazo y contratista.",
        ),
        AlertKind(
            SIN_VISITA_RECIENTE, BAJA, "Sin visita reciente",
            "Ley 850 de 2003, art. 15: la veeduría vigila la ejecución y la calidad técnica de la "
            "obra. Criterio de la veeduría: visitar la obra en ejecución al menos cada 60 días.",
        ),
        AlertKind(
            FOTO_SIN_GPS, BAJA, "Fotos sin ubicación",
            "Cadena de custodia de la evidencia: una foto sin coordenadas no prueba dónde fue "
            "tomada. Las fotos reenviadas por mensajería pierden la ubicación; pida los originales.",
        ),
        AlertKind(
            FOTO_LEJOS_DE_OBRA, MEDIA, "Fotos tomadas lejos de la obra",
            "Cadena de custodia de la evidencia: una foto tomada fuera del radio de la obra puede "
            "corresponder a otro sitio y no sirve como prueba de esta obra.",
        ),
        AlertKind(
            FOTO_FECHA_INCONSISTENTE, MEDIA, "Fecha de foto inconsistente",
            "Cadena de custodia de la evidencia: la fecha de toma debe coincidir con la visita; "
            "si no, la foto puede ser de otro momento de la obra.",
        ),
        AlertKind(
            FOTO_REUTILIZADA, ALTA, "Fotos ya usadas en otra obra",
            "Cadena de custodia de la evidencia: la misma foto (mismo contenido, SHA-256) "
            "registrada en otra obra no prueba el estado de esta.",
        ),
    ]
}

PHOTO_CODES = (FOTO_SIN_GPS, FOTO_LEJOS_DE_OBRA, FOTO_FECHA_INCONSISTENTE, FOTO_REUTILIZADA)


@dataclass(frozen=True)
class AlertThresholds:
    """Where each red flag starts (strictly above). Stored in settings; defaults per issue 5."""

    additions_max_pct: Decimal = Decimal("50")
    advance_max_pct: Decimal = Decimal("50")
    payments_ahead_points: Decimal = Decimal("15")
    delay_points: Decimal = Decimal("20")
    extensions_max_pct: Decimal = Decimal("50")
    suspension_max_days: int = 90
    liquidation_months: int = 6
    reported_ahead_points: Decimal = Decimal("10")
    visit_max_days: int = 60

    SETTINGS_KEY = "analysis.thresholds"

    def as_settings(self) -> dict[str, Any]:
        return {f.name: (str(getattr(self, f.name)) if isinstance(getattr(self, f.name), Decimal)
                         else getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_settings(cls, raw: Optional[Mapping[str, Any]]) -> "AlertThresholds":
        """Defaults overridden by stored values; a bad value raises ValueError in Spanish."""
        values: dict[str, Any] = {}
        known = {f.name: f for f in fields(cls)}
        for name, value in (raw or {}).items():
            if name not in known:
                continue
            default = getattr(cls(), name)
            try:
                parsed: Any = int(value) if isinstance(default, int) else Decimal(str(value))
            except (ValueError, InvalidOperation):
                raise ValueError(f"Umbral de alerta no válido para «{name}»: «{value}».") from None
            if parsed < 0:
                raise ValueError(f"El umbral «{name}» no puede ser negativo.")
            values[name] = parsed
        return replace(cls(), **values)


THRESHOLD_LABELS: dict[str, str] = {
    "additions_max_pct": "Adiciones máximas sobre el valor inicial (%)",
    "advance_max_pct": "Anticipo máximo sobre el valor del contrato (%)",
    "payments_ahead_points": "Pagos por delante del avance observado (puntos)",
    "delay_points": "Atraso frente a lo programado (puntos)",
    "extensions_max_pct": "Prórrogas máximas sobre el plazo inicial (%)",
    "suspension_max_days": "Suspensión continua máxima (días)",
    "liquidation_months": "Plazo para liquidar después de terminado (meses)",
    "reported_ahead_points": "Avance reportado por encima del observado (puntos)",
    "visit_max_days": "Días máximos sin visitar una obra en ejecución",
}
"""Spanish names of the thresholds, for the settings screen and the CLI."""


@dataclass(frozen=True)
class PhotoFlag:
    """One photo check result from the evidence capability, mapped to an alert code."""

    code: str
    photo_id: str
    filename: str = ""
    visit_date: Optional[dt.date] = None
    distance_m: Optional[float] = None
    detail: str = ""


CLOCK_KEYS = frozenset({
    "days_overdue", "days_without_visit", "days_late", "planned_pct", "gap_points",
    "longest_suspension_days", "suspended_days",
})
"""Figures that change as days pass without any new fact (excluded from fingerprints)."""


@dataclass(frozen=True)
class Alert:
    code: str
    severity: str
    work_id: str
    title: str
    message: str
    basis: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Hash of code + figures: a review hides the alert only while this stays the same.

        Counters that grow with the calendar alone (days overdue, planned % today…) are left
        out: a reviewed alert comes back when the facts change, not every morning.
        """
        facts = {k: v for k, v in json_ready(self.data).items() if k not in CLOCK_KEYS}
        canonical = json.dumps({"code": self.code, "data": facts}, sort_keys=True,
                               ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()

    def json_data(self) -> dict[str, Any]:
        return json_ready(self.data)


def json_ready(value: Any) -> Any:
    """Decimal → int/float, date → ISO, recursively: what `--json` and the fingerprint see."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def _alert(code: str, work_id: str, message: str, data: Mapping[str, Any]) -> Alert:
    kind = KINDS[code]
    return Alert(code, kind.severity, work_id, kind.title, message, kind.basis, dict(data))


def _exceeds(part: Decimal | int, whole: Decimal | int, threshold_pct: Decimal) -> bool:
    """part/whole strictly above threshold_pct, compared exactly (one peso over is over)."""
    return Decimal(whole) > 0 and Decimal(part) * 100 > Decimal(threshold_pct) * Decimal(whole)


def _share_text(part: Decimal | int, whole: Decimal | int, threshold_pct: Decimal | int, article: str = "el") -> str:
    """`el 62,0 %` (es-CO, one decimal as everywhere else), preceded by `article` ("el"/"al").

    Only called when part/whole exceeds the threshold, so the text must never read as the limit
    itself: two decimals when one would round down onto it (`el 50,04 %`), and «poco más del
    50 %» when even two would (50,001 %), instead of a long tail of decimals.
    """
    exact = Decimal(part) * 100 / Decimal(whole)
    limit = Decimal(threshold_pct)
    for places in (1, 2):
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if rounded > limit or exact <= limit:
            return f"{article} {formats.percent(rounded, places)}"
    lead = "a " if article == "al" else ""
    return f"{lead}poco más del {_pts(limit)} %"


def _pts(value: Decimal) -> str:
    return formats.number(value, 2 if value != value.to_integral_value() else 0)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


# --------------------------------------------------------------------------- contract checks


def _additions(work_id: str, facts: WorkFacts, snap: ProgressSnapshot, t: AlertThresholds,
               smmlv: SmmlvTable) -> list[Alert]:
    contract = facts.contract
    if contract is None or not snap.additions_value or snap.initial_value is None or snap.initial_value <= 0:
        return []
    acts = [m for m in contract.modifications if m.date <= snap.as_of and m.value_added > 0]
    value_day = contract.value_date
    data: dict[str, Any] = {
        "initial_value": snap.initial_value, "additions_value": snap.additions_value,
        "additions_count": len(acts), "threshold_pct": t.additions_max_pct,
        "pesos_pct": pct(snap.additions_value, snap.initial_value),
    }
    if value_day is not None and smmlv.covers(value_day, *(m.date for m in acts)):
        initial_w = smmlv.in_smmlv(snap.initial_value, value_day)
        added_w = sum((smmlv.in_smmlv(m.value_added, m.date) for m in acts), ZERO)
        share = pct(added_w, initial_w)
        part, whole = added_w, initial_w
        data.update(method="smmlv", initial_smmlv=initial_w.quantize(Decimal("0.01")),
                    additions_smmlv=added_w.quantize(Decimal("0.01")), additions_pct=share)
        how = (f"medidas en salarios mínimos del año de cada acto ({formats.number(added_w, 2)} "
               f"SMMLV sobre {formats.number(initial_w, 2)} SMMLV iniciales)")
    else:
        share = data["pesos_pct"]
        part, whole = snap.additions_value, snap.initial_value
        data.update(method="pesos", additions_pct=share)
        how = "medidas en pesos (la tabla de salarios mínimos no cubre todas las fechas)"
    if not _exceeds(part, whole, t.additions_max_pct):
        return []
    message = (f"Las adiciones suman {formats.money(snap.additions_value)} sobre un valor inicial de "
               f"{formats.money(snap.initial_value)}: {_share_text(part, whole, t.additions_max_pct)}, {how}. La ley "
               f"permite como máximo el {_pts(t.additions_max_pct)} %.")
    return [_alert(ADICIONES_SUPERAN_50, work_id, message, data)]


def _advance(work_id: str, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    if not snap.advance_value or not snap.current_value \
            or not _exceeds(snap.advance_value, snap.current_value, t.advance_max_pct):
        return []
    message = (f"El anticipo de {formats.money(snap.advance_value)} equivale "
               f"{_share_text(snap.advance_value, snap.current_value, t.advance_max_pct, 'al')} del valor del contrato "
               f"({formats.money(snap.current_value)}); el máximo permitido es "
               f"{_pts(t.advance_max_pct)} %.")
    data = {"advance_value": snap.advance_value, "contract_value": snap.current_value,
            "advance_pct": snap.advance_pct, "threshold_pct": t.advance_max_pct}
    return [_alert(ANTICIPO_SUPERA_50, work_id, message, data)]


def _paid_over_value(work_id: str, snap: ProgressSnapshot) -> list[Alert]:
    if snap.paid_value is None or snap.current_value is None or snap.paid_value <= snap.current_value:
        return []
    excess = snap.paid_value - snap.current_value
    message = (f"Los pagos registrados suman {formats.money(snap.paid_value)} y superan en "
               f"{formats.money(excess)} el valor actual del contrato "
               f"({formats.money(snap.current_value)}).")
    data = {"paid_value": snap.paid_value, "contract_value": snap.current_value, "excess": excess}
    return [_alert(PAGOS_SUPERAN_VALOR, work_id, message, data)]


def _paid_ahead(work_id: str, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    if snap.financial_pct is None or snap.physical_pct is None:
        return []
    gap = snap.financial_pct - snap.physical_pct
    if gap <= t.payments_ahead_points:
        return []
    message = (f"Se ha pagado por obra (sin contar el anticipo) el {formats.percent(snap.financial_pct)} del "
               f"valor del contrato ({formats.money(snap.paid_work_value)}), pero la veeduría observó solo el "
               f"{formats.percent(snap.physical_pct)} de avance físico el "
               f"{formats.short_date(snap.physical_date)}: el dinero va {_pts(gap)} puntos por "
               f"delante de la obra (umbral: {_pts(t.payments_ahead_points)}).")
    data = {"financial_pct": snap.financial_pct, "physical_pct": snap.physical_pct, "gap_points": gap,
            "paid_work_value": snap.paid_work_value, "contract_value": snap.current_value,
            "inspection_date": snap.physical_date, "threshold_points": t.payments_ahead_points}
    return [_alert(PAGOS_SUPERAN_AVANCE, work_id, message, data)]


def _delay(work_id: str, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    if snap.planned_pct is None or snap.physical_pct is None:
        return []
    gap = snap.planned_pct - snap.physical_pct
    if gap <= t.delay_points:
        return []
    how = "según el cronograma" if snap.planned_method == "cronograma" else "según el plazo transcurrido"
    message = (f"A la fecha la obra debería ir en {formats.percent(snap.planned_pct)} ({how}), pero "
               f"la veeduría observó {formats.percent(snap.physical_pct)} el "
               f"{formats.short_date(snap.physical_date)}: {_pts(gap)} puntos de atraso "
               f"(umbral: {_pts(t.delay_points)}).")
    data = {"planned_pct": snap.planned_pct, "planned_method": snap.planned_method,
            "physical_pct": snap.physical_pct, "gap_points": gap,
            "inspection_date": snap.physical_date, "threshold_points": t.delay_points}
    return [_alert(RETRASO, work_id, message, data)]


def _overdue(work_id: str, facts: WorkFacts, snap: ProgressSnapshot) -> list[Alert]:
    contract = facts.contract
    if contract is None or snap.current_end_date is None or snap.days_overdue <= 0:
        return []
    if snap.physical_pct is None or snap.physical_pct >= 100:
        return []
    for closing in (contract.termination_date, contract.liquidation_date):
        if closing is not None and closing <= snap.as_of:
            return []
    message = (f"El plazo vigente del contrato terminó el {formats.short_date(snap.current_end_date)} "
               f"(hace {snap.days_overdue} días) y la última visita encontró la obra en "
               f"{formats.percent(snap.physical_pct)}.")
    data = {"current_end_date": snap.current_end_date, "days_overdue": snap.days_overdue,
            "physical_pct": snap.physical_pct, "inspection_date": snap.physical_date}
    return [_alert(PLAZO_VENCIDO, work_id, message, data)]


def _extensions(work_id: str, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    if not snap.extension_days or not snap.initial_term_days:
        return []
    share = pct(snap.extension_days, snap.initial_term_days)
    if share is None or not _exceeds(snap.extension_days, snap.initial_term_days, t.extensions_max_pct):
        return []
    message = (f"Las prórrogas suman {snap.extension_days} días, "
               f"{_share_text(snap.extension_days, snap.initial_term_days, t.extensions_max_pct)} del "
               f"plazo inicial de {snap.initial_term_days} días (umbral: "
               f"{_pts(t.extensions_max_pct)} %).")
    data = {"extension_days": snap.extension_days, "initial_term_days": snap.initial_term_days,
            "extension_pct": share, "threshold_pct": t.extensions_max_pct}
    return [_alert(PRORROGAS_EXCESIVAS, work_id, message, data)]


def _suspension(work_id: str, facts: WorkFacts, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    term = term_status(facts.contract, snap.as_of)
    if term is None or not term.suspensions:
        return []
    longest = term.longest_suspension_days
    total = term.suspended_days
    too_long = longest > t.suspension_max_days
    too_much = term.initial_term_days > 0 and total > term.initial_term_days
    if not (too_long or too_much):
        return []
    parts = []
    if too_long:
        state = "lleva" if term.suspended_now else "estuvo"
        parts.append(f"El contrato {state} {longest} días suspendido de forma continua "
                     f"(umbral: {t.suspension_max_days} días)")
    if too_much:
        parts.append(f"las suspensiones suman {total} días, más que el plazo inicial de "
                     f"{term.initial_term_days} días")
    message = "; ".join(parts)
    message = message[0].upper() + message[1:] + "."
    data = {"longest_suspension_days": longest, "suspended_days": total,
            "initial_term_days": term.initial_term_days, "suspended_now": term.suspended_now,
            "suspensions": len(term.suspensions), "threshold_days": t.suspension_max_days}
    return [_alert(SUSPENSION_PROLONGADA, work_id, message, data)]


def _liquidation(work_id: str, facts: WorkFacts, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    contract = facts.contract
    if contract is None:
        return []
    if contract.liquidation_date is not None and contract.liquidation_date <= snap.as_of:
        return []
    ended = contract.termination_date if (contract.termination_date and contract.termination_date <= snap.as_of) \
        else snap.current_end_date
    if ended is None:
        return []
    due = _add_months(ended, t.liquidation_months)
    if snap.as_of <= due:
        return []
    message = (f"El contrato terminó el {formats.short_date(ended)} y no hay registro de su "
               f"liquidación; el plazo legal ({t.liquidation_months} meses) venció el "
               f"{formats.short_date(due)}.")
    data = {"end_date": ended, "due_date": due, "days_late": (snap.as_of - due).days,
            "threshold_months": t.liquidation_months}
    return [_alert(LIQUIDACION_VENCIDA, work_id, message, data)]


def _reported(work_id: str, snap: ProgressSnapshot, t: AlertThresholds) -> list[Alert]:
    if snap.reported_pct is None or snap.physical_pct is None:
        return []
    gap = snap.reported_pct - snap.physical_pct
    if gap <= t.reported_ahead_points:
        return []
    who = snap.reported_source or "el contratista o la interventoría"
    message = (f"Según {who}, el avance era {formats.percent(snap.reported_pct)} el "
               f"{formats.short_date(snap.reported_date)}, pero la veeduría observó "
               f"{formats.percent(snap.physical_pct)} el {formats.short_date(snap.physical_date)} "
               f"({_pts(gap)} puntos menos; umbral: {_pts(t.reported_ahead_points)}).")
    data = {"reported_pct": snap.reported_pct, "reported_date": snap.reported_date,
            "reported_source": snap.reported_source, "physical_pct": snap.physical_pct,
            "inspection_date": snap.physical_date, "gap_points": gap,
            "threshold_points": t.reported_ahead_points}
    return [_alert(AVANCE_REPORTADO_DIFIERE, work_id, message, data)]


def _sign(work_id: str, facts: WorkFacts, as_of: dt.date) -> list[Alert]:
    visit = latest_closed_inspection(facts.inspections, as_of)
    if visit is None or visit.has_sign is not False:
        return []
    message = (f"En la última visita ({formats.short_date(visit.date)}) la veeduría no encontró la "
               f"valla informativa de la obra.")
    return [_alert(SIN_VALLA, work_id, message, {"inspection_date": visit.date,
                                                 "inspection_id": visit.inspection_id})]


def _recent_visit(work_id: str, facts: WorkFacts, as_of: dt.date, work_status: Optional[str],
                  t: AlertThresholds, registered_on: Optional[dt.date] = None) -> list[Alert]:
    if not in_execution(facts, as_of, work_status):
        return []
    visits = [i.date for i in facts.inspections if i.date <= as_of]
    last = max(visits) if visits else None
    term = term_status(facts.contract, as_of)
    # Never visited: count from the contract's start, else from when the work was registered.
    reference = last or (term.start_date if term else None) or registered_on
    if reference is None or reference > as_of:
        return []
    days = (as_of - reference).days
    if days <= t.visit_max_days:
        return []
    if last is not None:
        message = (f"La obra está en ejecución y la última visita de la veeduría fue el "
                   f"{formats.short_date(last)}, hace {days} días (se recomienda cada "
                   f"{t.visit_max_days} días).")
    elif term is not None:
        message = (f"La obra está en ejecución desde el {formats.short_date(reference)} ({days} días) "
                   f"y la veeduría no ha registrado ninguna visita.")
    else:
        message = (f"La obra figura en ejecución, se registró el {formats.short_date(reference)} ({days} días) "
                   f"y la veeduría no ha registrado ninguna visita.")
    data = {"last_visit_date": last, "days_without_visit": days, "threshold_days": t.visit_max_days}
    return [_alert(SIN_VISITA_RECIENTE, work_id, message, data)]


_PHOTO_TEXT = {  # (one photo, several photos)
    FOTO_SIN_GPS: ("Una foto no tiene ubicación GPS, probablemente porque fue reenviada por mensajería: "
                   "pida el archivo original.",
                   "{n} fotos no tienen ubicación GPS, probablemente porque fueron reenviadas por "
                   "mensajería: pida los archivos originales."),
    FOTO_LEJOS_DE_OBRA: ("Una foto fue tomada lejos de la obra{far}: ¿corresponde a otro sitio?",
                         "{n} fotos fueron tomadas lejos de la obra{far}: ¿corresponden a otro sitio?"),
    FOTO_FECHA_INCONSISTENTE: ("Una foto tiene una fecha de toma que no coincide con la fecha de la visita.",
                               "{n} fotos tienen una fecha de toma que no coincide con la fecha de la visita."),
    FOTO_REUTILIZADA: ("Una foto es idéntica a otra ya registrada en otra visita u obra.",
                       "{n} fotos son idénticas a fotos ya registradas en otra visita u obra."),
}


def _photos(work_id: str, flags: Sequence[PhotoFlag], as_of: dt.date) -> list[Alert]:
    alerts = []
    for code in PHOTO_CODES:
        hits = sorted((f for f in flags if f.code == code and (f.visit_date is None or f.visit_date <= as_of)),
                      key=lambda f: (f.filename, f.photo_id))
        if not hits:
            continue
        far = ""
        distances = [f.distance_m for f in hits if f.distance_m is not None]
        if code == FOTO_LEJOS_DE_OBRA and distances:
            far = (f" (a {formats.distance(max(distances))})" if len(hits) == 1
                   else f" (la más lejana a {formats.distance(max(distances))})")
        names = ", ".join(f.filename or f.photo_id for f in hits[:5]) + ("…" if len(hits) > 5 else "")
        one, several = _PHOTO_TEXT[code]
        label = "Archivo" if len(hits) == 1 else "Archivos"
        message = (one if len(hits) == 1 else several).format(n=len(hits), far=far) + f" {label}: {names}."
        data: dict[str, Any] = {"count": len(hits), "photo_ids": [f.photo_id for f in hits],
                                "filenames": [f.filename for f in hits]}
        if distances:
            data["max_distance_m"] = round(max(distances))
        alerts.append(_alert(code, work_id, message, data))
    return alerts


# --------------------------------------------------------------------------- entry points


def evaluate(
    work_id: str,
    facts: WorkFacts,
    as_of: dt.date,
    *,
    thresholds: AlertThresholds = AlertThresholds(),
    smmlv: SmmlvTable = SmmlvTable(),
    work_status: Optional[str] = None,
    registered_on: Optional[dt.date] = None,
    photo_flags: Sequence[PhotoFlag] = (),
    snapshot: Optional[ProgressSnapshot] = None,
) -> list[Alert]:
    """All alerts of one work as of a date, most severe first (order within severity is fixed)."""
    snap = snapshot or progress_at(facts, as_of)
    found: list[Alert] = []
    if facts.contract is not None:
        found += _additions(work_id, facts, snap, thresholds, smmlv)
        found += _advance(work_id, snap, thresholds)
        found += _paid_over_value(work_id, snap)
        found += _paid_ahead(work_id, snap, thresholds)
        found += _overdue(work_id, facts, snap)
        found += _extensions(work_id, snap, thresholds)
        found += _suspension(work_id, facts, snap, thresholds)
        found += _liquidation(work_id, facts, snap, thresholds)
    found += _delay(work_id, snap, thresholds)
    found += _reported(work_id, snap, thresholds)
    found += _sign(work_id, facts, as_of)
    found += _recent_visit(work_id, facts, as_of, work_status, thresholds, registered_on)
    found += _photos(work_id, photo_flags, as_of)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    codes = list(KINDS)
    return sorted(found, key=lambda a: (rank[a.severity], codes.index(a.code)))


ROJO, AMARILLO, VERDE = "rojo", "amarillo", "verde"
LIGHT_LABELS = {ROJO: "Rojo: alertas altas", AMARILLO: "Amarillo: revisar", VERDE: "Verde: sin alertas"}


def traffic_light(alerts: Sequence[Alert]) -> str:
    """rojo with any high alert, amarillo with any other, verde with none."""
    severities = {a.severity for a in alerts}
    if ALTA in severities:
        return ROJO
    if severities:
        return AMARILLO
    return VERDE


def count_by_severity(alerts: Sequence[Alert]) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for alert in alerts:
        counts[alert.severity] += 1
    return counts


# --------------------------------------------------------------------------- figures for people

_MONEY, _PCT, _DATE, _DAYS, _POINTS, _COUNT, _TEXT, _SMMLV = "money", "pct", "date", "days", "points", "count", "text", "smmlv"
_DISTANCE = "distance"  # metres in the data, written as «850 m» / «1,9 km»
FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "initial_value": ("Valor inicial", _MONEY),
    "additions_value": ("Valor adicionado", _MONEY),
    "additions_count": ("Número de adiciones", _COUNT),
    "additions_pct": ("Adiciones sobre el valor inicial", _PCT),
    "pesos_pct": ("Adiciones sobre el valor inicial, en pesos", _PCT),
    "initial_smmlv": ("Valor inicial en salarios mínimos", _SMMLV),
    "additions_smmlv": ("Adiciones en salarios mínimos", _SMMLV),
    "method": ("Método de medición", _TEXT),
    "advance_value": ("Anticipo", _MONEY),
    "advance_pct": ("Anticipo sobre el valor", _PCT),
    "contract_value": ("Valor actual del contrato", _MONEY),
    "paid_value": ("Total pagado", _MONEY),
    "paid_work_value": ("Pagado por obra", _MONEY),
    "excess": ("Exceso pagado", _MONEY),
    "financial_pct": ("Avance financiero", _PCT),
    "physical_pct": ("Avance observado", _PCT),
    "planned_pct": ("Avance programado", _PCT),
    "planned_method": ("Programación", _TEXT),
    "reported_pct": ("Avance reportado", _PCT),
    "reported_source": ("Quién lo reportó", _TEXT),
    "reported_date": ("Fecha del reporte", _DATE),
    "gap_points": ("Diferencia", _POINTS),
    "inspection_date": ("Fecha de la visita", _DATE),
    "current_end_date": ("Fin del plazo vigente", _DATE),
    "days_overdue": ("Días de retraso", _DAYS),
    "extension_days": ("Días prorrogados", _DAYS),
    "initial_term_days": ("Plazo inicial", _DAYS),
    "extension_pct": ("Prórrogas sobre el plazo inicial", _PCT),
    "longest_suspension_days": ("Suspensión continua más larga", _DAYS),
    "suspended_days": ("Días suspendido en total", _DAYS),
    "suspensions": ("Número de suspensiones", _COUNT),
    "suspended_now": ("Suspendido a la fecha", _TEXT),
    "end_date": ("Terminación", _DATE),
    "due_date": ("Vencimiento para liquidar", _DATE),
    "days_late": ("Días de retraso en la liquidación", _DAYS),
    "last_visit_date": ("Última visita", _DATE),
    "days_without_visit": ("Días sin visita", _DAYS),
    "count": ("Fotos", _COUNT),
    "max_distance_m": ("Distancia máxima a la obra", _DISTANCE),
    "threshold_pct": ("Umbral", _PCT),
    "threshold_points": ("Umbral", _POINTS),
    "threshold_days": ("Umbral (días)", _DAYS),
    "threshold_months": ("Umbral (meses)", _COUNT),
}
_TEXT_VALUES = {"smmlv": "salarios mínimos del año de cada acto", "pesos": "pesos", "cronograma": "cronograma",
                "lineal": "lineal en el plazo vigente", True: "sí", False: "no"}


def describe_figures(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The alert's figures as (Spanish label, es-CO text), in a stable order, for screens and reports."""
    out: list[tuple[str, str]] = []
    for key, (label, kind) in FIGURE_LABELS.items():
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if kind == _MONEY:
            text = formats.money(Decimal(str(value)))
        elif kind == _PCT:
            text = formats.percent(Decimal(str(value)), 2)
        elif kind == _POINTS:  # percentage points: «15,8 puntos», never a bare «15,81»
            text = f"{formats.number(Decimal(str(value)), 1)} puntos"
        elif kind == _SMMLV:
            text = formats.number(Decimal(str(value)), 2)
        elif kind == _DATE:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            text = formats.short_date(day)
        elif kind == _DAYS:
            text = f"{value} días"
        elif kind == _DISTANCE:
            text = formats.distance(Decimal(str(value)))
        elif kind == _COUNT:
            text = formats.number(Decimal(str(value)))
        else:
            text = _TEXT_VALUES.get(value, str(value)) if isinstance(value, (str, bool)) else str(value)
        out.append((label, text))
    return out
