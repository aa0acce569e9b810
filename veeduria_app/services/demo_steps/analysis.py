"""Demo step: contracts whose story trips each red flag, clean works, and a few findings.

Runs after the contracts and visits steps. Each scenario goes to the first of its preferred
works that still has no contract (and, where it brings its own visit, no visit), so it never
rewrites what another step built. Dates are relative to the day the demo loads, so the same
alerts show whatever the date of the training session.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from veeduria_app.domain import alerts as A
from veeduria_app.domain.findings import FindingFields
from veeduria_app.domain.inspections import DEFAULT_CHECKLIST, Attendee, ChecklistAnswer, InspectionFields
from veeduria_app.domain.progress import MODIFICATION_LABELS
from veeduria_app.services.contracts import ContractFields
from veeduria_app.services.demo_steps.foundation import demo_work_ids

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 50
M = Decimal(1_000_000)


@dataclass(frozen=True)
class Visit:
    days_ago: int
    observed: str
    reported: Optional[str] = None
    sign: bool = True
    notes: str = ""


@dataclass(frozen=True)
class Scenario:
    """A contract story; day offsets are relative to today (negative = in the past)."""

    works: tuple[str, ...]
    number: str
    object: str
    contractor: str
    value_m: int
    start: int
    end: int
    advance_m: int = 0
    mods: tuple[tuple[str, int, int, int], ...] = ()  # kind, day, value (millions), days
    payments: tuple[tuple[int, int, str], ...] = ()  # day, millions, kind
    visit: Optional[Visit] = None
    liquidated: Optional[int] = None


SCENARIOS = (
    # Money and paperwork far ahead of the works: additions 65 %, 74 % paid, 35 % seen, term over.
    Scenario(("obra03", "obra08", "obra13"), "SIP-LP-014-2025", "Construcción de aulas y comedor escolar",
             "Consorcio Aulas del Caribe 2025", 800, -330, -60, advance_m=240,
             mods=(("adicion", -150, 520, 0),),
             payments=((-320, 240, "anticipo"), (-200, 500, "acta_parcial"), (-90, 477, "acta_parcial")),
             visit=Visit(10, "35", "60", sign=False,
                         notes="Estructura de segundo piso sin terminar; la interventoría reporta 60 %.")),
    # Anticipo above the legal cap, just started.
    Scenario(("obra07", "obra13", "obra08"), "SIP-SAMC-031-2026", "Mejoramiento de vivienda saludable",
             "Unión Temporal Hogar Digno", 400, -45, 300, advance_m=240,
             payments=((-40, 240, "anticipo"),),
             visit=Visit(5, "3", notes="Inicio de obra: replanteo y acopio de materiales.")),
    # Paid more than the contract is worth.
    Scenario(("obra14", "obra10", "obra04"), "SIP-MC-077-2025", "Adecuación del puesto de salud",
             "Construcciones Bahía S.A.S.", 300, -330, -100,
             payments=((-250, 150, "acta_parcial"), (-110, 120, "acta_parcial"), (-95, 60, "acta_final")),
             visit=Visit(40, "100", notes="Obra terminada; falta el acta de liquidación.")),
    # Suspended for most of a year after long extensions.
    Scenario(("obra05",), "DADIS-LP-002-2025", "Construcción del Centro de Atención Primaria en Salud",
             "Consorcio Salud Pasacaballos", 1200, -520, -340,
             mods=(("prorroga", -350, 0, 120), ("suspension", -300, 0, 0)),
             payments=((-500, 360, "anticipo"), (-400, 180, "acta_parcial"))),
    # Finished long ago, never liquidated.
    Scenario(("obra10", "obra04", "obra14"), "IDER-MC-019-2024", "Cancha sintética y parque biosaludable",
             "Deportes y Obras del Caribe S.A.S.", 200, -620, -380,
             payments=((-600, 60, "anticipo"), (-450, 80, "acta_parcial"), (-385, 60, "acta_final")),
             visit=Visit(385, "100", notes="Cancha entregada a la comunidad.")),
    # Running for months and the veeduría has not gone yet.
    Scenario(("obra13", "obra08", "obra03"), "SIP-LP-022-2026", "Andenes y ciclorruta",
             "Vías Urbanas de Colombia S.A.S.", 950, -200, 160,
             payments=((-190, 285, "anticipo"), (-60, 190, "acta_parcial"))),
    # A clean contract: on time, paid as built, sign in place.
    Scenario(("obra06", "obra08", "obra03"), "AGUAS-LP-008-2026", "Optimización del alcantarillado sanitario",
             "Redes Sanitarias del Norte S.A.S.", 350, -120, 240,
             payments=((-115, 105, "anticipo"), (-20, 88, "acta_parcial")),
             visit=Visit(10, "32", "34", notes="Tubería instalada en tres cuadras; frentes señalizados.")),
)


def _contract_fields(s: Scenario, today: dt.date) -> ContractFields:
    day = lambda offset: today + dt.timedelta(days=offset)  # noqa: E731
    return ContractFields(
        number=s.number, entity="Distrito de Cartagena de Indias", entity_nit="890480184-4",
        contractor=s.contractor, object=s.object, modality="Licitación pública", contract_type="Obra",
        initial_value=s.value_m * M, advance_value=(s.advance_m * M) if s.advance_m else None,
        signed_date=day(s.start - 5), start_date=day(s.start), end_date=day(s.end),
        liquidation_date=day(s.liquidated) if s.liquidated is not None else None,
        supervisor="Interventoría externa (demo)", supervision_kind="interventor",
    )


def _visit(services: "Services", work_id: str, v: Visit, today: dt.date) -> None:
    answers = ["si" if v.sign else "no"] + ["si"] * (len(DEFAULT_CHECKLIST) - 1)
    created = services.inspections.create(work_id, InspectionFields(
        visit_date=today - dt.timedelta(days=v.days_ago), start_time="08:00", end_time="09:30",
        observed_progress=Decimal(v.observed), reported_progress=Decimal(v.reported) if v.reported else None,
        reported_progress_source="interventoria" if v.reported else "", notes=v.notes,
        attendees=[Attendee("integrante", "Rosa Elena Julio (demo)")],
        checklist=[ChecklistAnswer(label, answer) for label, answer in zip(DEFAULT_CHECKLIST, answers)]))
    services.inspections.close(created.id)


def _free(services: "Services", work_id: str, needs_no_visit: bool) -> bool:
    if services.contracts.for_work(work_id):
        return False
    return not (needs_no_visit and services.inspections.list(work_id))


def run(services: "Services") -> None:
    ids = demo_work_ids()
    today = dt.date.today()
    used: set[str] = set()
    for scenario in SCENARIOS:
        key = next((k for k in scenario.works if k in ids and k not in used
                    and _free(services, ids[k], scenario.visit is not None)), None)
        if key is None:
            continue
        used.add(key)
        contract = services.contracts.create(_contract_fields(scenario, today), work_id=ids[key])
        for kind, offset, value_m, days in scenario.mods:
            services.contracts.add_modification(
                contract.id, kind, today + dt.timedelta(days=offset),
                value_change=(value_m * M) if value_m else None, days_change=days or None,
                act_number=f"{MODIFICATION_LABELS[kind]} n.º 1", reason="Justificación técnica de la entidad (demo)")
        for offset, value_m, kind in scenario.payments:
            services.contracts.add_payment(contract.id, today + dt.timedelta(days=offset), value_m * M, kind,
                                           document=f"Orden de pago demo {offset}")
        if scenario.visit is not None:
            _visit(services, ids[key], scenario.visit, today)
    _findings(services)


def _findings(services: "Services") -> None:
    """Two findings made the way a member would: one click from an alert, then completed."""
    alerts = services.analysis.alerts()
    by_code: dict[str, list] = {}
    for alert in alerts:
        by_code.setdefault(alert.code, []).append(alert)
    if A.PAGOS_SUPERAN_AVANCE in by_code:
        alert = by_code[A.PAGOS_SUPERAN_AVANCE][0]
        finding = services.findings.create_from_alert(alert.work_id, alert.code)
        fields = finding.fields()
        fields.cause = ("Las actas parciales se aprobaron sin medición conjunta en campo; la interventoría no "
                        "ha entregado las memorias de cantidades.")
        fields.found_on = dt.date.today() - dt.timedelta(days=7)
        services.findings.update(finding.id, fields)
        services.findings.set_status(finding.id, "comunicado", on=dt.date.today() - dt.timedelta(days=3))
    if A.SIN_VALLA in by_code:
        alert = next((a for a in by_code[A.SIN_VALLA] if services.photos.list_for_work(a.work_id)),
                     by_code[A.SIN_VALLA][0])
        finding = services.findings.create_from_alert(alert.work_id, alert.code)
        for photo in services.photos.list_for_work(alert.work_id)[:2]:
            services.findings.add_link(finding.id, "foto", photo.id, photo.original_name)
    if not services.findings.list():
        first = next(iter(demo_work_ids().values()))
        services.findings.create(first, FindingFields(title="Práctica: redacte aquí su primer hallazgo"))
