"""Demo step: contracts as a veeduría really gets them — a SECOP II download imported through
the import service, bills of quantities and schedules from the contractor's spreadsheets, the
reported progress from SECOP's Ejecución dataset, and the acts (additions, extensions,
suspensions, payments) typed from the papers the entity sent.

Cases a veeduría should question sit next to clean ones: additions above 50 % (Ley 80 art.
40), payments far ahead of what is built, an expired term still "en ejecución", a long
suspension, a work finished months ago and never liquidated, a delivery milestone missed
(published as OCDS); the Chambacú water mains are clean. Runs before the analysis step, which only fills works left without contracts.
Dates are relative to the day the demo loads.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from veeduria_app.services.demo_steps.foundation import demo_work_ids

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 20
M = Decimal(1_000_000)
ENTITY = ("DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS", "890480184")


@dataclass(frozen=True)
class DemoContract:
    work: str
    secop_id: str
    number: str
    kind: str  # Obra | Interventoría
    object: str
    contractor: str
    contractor_nit: str
    value_m: int
    start: int  # days from today
    end: int
    status: str
    mods: tuple = ()  # (kind, day, value_m, days, end_day, reason)
    payments: tuple = ()  # (day, value_m, kind)
    boq: bool = False
    schedule: tuple = ()  # (day, cumulative %)
    reported: tuple = ()  # (day, planned %, actual %)


CONTRACTS = (
    # Additions of 54 % and payments at 70 % while the veeduría saw 35 %.
    DemoContract("obra01", "CO1.PCCNTR.7100231", "SIP-LP-009-2025", "Obra",
                 "CANALIZACIÓN DEL CANAL LAS GAVIOTAS, TRAMO 2, EN LA LOCALIDAD DE LA VIRGEN Y TURÍSTICA",
                 "CONSORCIO CANALES GAVIOTAS 2025", "901745210", 2400, -210, 60, "Modificado",
                 mods=(("adicion", -120, 700, 0, None, "Mayores cantidades de concreto y excavación"),
                       ("adicion", -40, 600, 0, None, "Obras complementarias en el box coulvert"),
                       ("prorroga", -35, 0, 60, None, "Lluvias de octubre")),
                 payments=((-200, 720, "anticipo"), (-120, 600, "acta_parcial"), (-45, 1280, "acta_parcial")),
                 boq=True, schedule=((-180, 5), (-120, 22), (-60, 45), (0, 70), (60, 100)),
                 reported=((-60, 45, 40), (-10, 66, 60))),
    DemoContract("obra01", "CO1.PCCNTR.7100498", "SIP-CMA-011-2025", "Interventoría",
                 "INTERVENTORÍA TÉCNICA, ADMINISTRATIVA, FINANCIERA Y AMBIENTAL DE LA CANALIZACIÓN DEL CANAL LAS GAVIOTAS",
                 "INTERVENTORES ASOCIADOS DEL CARIBE S.A.S.", "900812337", 240, -215, 90, "En ejecución",
                 payments=((-150, 48, "acta_parcial"), (-60, 48, "acta_parcial"))),
    # Suspended four months, restarted, extended: the term moved, the money did not.
    DemoContract("obra02", "CO1.PCCNTR.6988540", "SIP-SAMC-044-2025", "Obra",
                 "PAVIMENTACIÓN EN CONCRETO RÍGIDO DE LA CALLE PRINCIPAL DE OLAYA HERRERA, SECTOR RAFAEL NÚÑEZ",
                 "PAVIMENTOS DEL NORTE S.A.S.", "900455871", 1350, -300, -30, "Suspendido",
                 mods=(("suspension", -240, 0, 0, None, "Traslado de redes de Aguas de Cartagena"),
                       ("reinicio", -120, 0, 0, None, "Redes trasladadas"),
                       ("prorroga", -60, 0, 90, None, "Recuperar el tiempo de la suspensión")),
                 payments=((-290, 405, "anticipo"), (-90, 350, "acta_parcial")),
                 boq=True, schedule=((-270, 10), (-210, 40), (-150, 75), (-30, 100)),
                 reported=((-90, 75, 62), (-15, 95, 70))),
    # Finished eight months ago and never liquidated (Ley 1150 art. 11).
    DemoContract("obra09", "CO1.PCCNTR.6520117", "SIP-MC-102-2024", "Obra",
                 "CONSTRUCCIÓN DEL CANAL PLUVIAL CALICANTO - RICAURTE",
                 "OBRAS HIDRÁULICAS DE BOLÍVAR S.A.S.", "901203984", 860, -520, -250, "terminado",
                 payments=((-510, 258, "anticipo"), (-400, 300, "acta_parcial"), (-260, 302, "acta_final"))),
    # Term over a month ago, still "en ejecución", no extension on record.
    DemoContract("obra11", "CO1.PCCNTR.6874402", "SED-LP-006-2025", "Obra",
                 "AMPLIACIÓN Y MEJORAMIENTO DE LA INSTITUCIÓN EDUCATIVA MANUELA BELTRÁN, BARRIO EL BOSQUE",
                 "CONSORCIO EDUCAR CARTAGENA", "901662908", 3100, -365, -35, "En ejecución",
                 payments=((-350, 930, "anticipo"), (-200, 800, "acta_parcial"), (-80, 600, "acta_parcial"))),
    # Clean: on schedule, paid as built.
    DemoContract("obra12", "CO1.PCCNTR.7233019", "ACUACAR-LP-003-2026", "Obra",
                 "REPOSICIÓN DE REDES DE ACUEDUCTO DEL BARRIO CHAMBACÚ",
                 "REDES Y TUBERÍAS DE LA COSTA S.A.S.", "900377160", 620, -90, 150, "En ejecución",
                 payments=((-85, 186, "anticipo"), (-15, 62, "acta_parcial")),
                 boq=True, schedule=((-60, 12), (0, 38), (60, 70), (150, 100)),
                 reported=((-5, 37, 38),)),
)

BOQ = {
    "obra01": [("1", "PRELIMINARES", None, None, None), ("1.1", "Localización y replanteo", "m2", "4200", "4800"),
               ("1.2", "Cerramiento provisional en tela verde", "ml", "850", "21500"),
               ("2", "EXCAVACIONES", None, None, None), ("2.1", "Excavación mecánica en material común", "m3", "9600", "38500"),
               ("2.2", "Retiro de material sobrante", "m3", "10500", "26000"),
               ("3", "CONCRETOS", None, None, None), ("3.1", "Concreto 4000 psi para placa de fondo", "m3", "880", "980000"),
               ("3.2", "Concreto 4000 psi para muros del canal", "m3", "760", "1050000"),
               ("3.3", "Acero de refuerzo fy=420 MPa", "kg", "96000", "5900")],
    "obra02": [("1.1", "Demolición de pavimento existente", "m3", "540", "95000"),
               ("1.2", "Base granular compactada", "m3", "1900", "118000"),
               ("2.1", "Concreto MR-45 para losas e=0,20 m", "m3", "1150", "760000"),
               ("2.2", "Sardinel prefabricado", "ml", "1400", "68000"),
               ("3.1", "Señalización horizontal", "m2", "620", "32000")],
    "obra12": [("1.1", "Excavación manual en zanja", "m3", "1300", "52000"),
               ("1.2", "Tubería PVC 6\" presión RDE 21", "ml", "1850", "96000"),
               ("1.3", "Acometidas domiciliarias", "un", "210", "540000"),
               ("1.4", "Reposición de pavimento", "m2", "900", "180000")],
}


def _secop_csv(path: Path, today: dt.date) -> None:
    """A portal-style SECOP II export of the demo contracts."""
    day = lambda offset: (today + dt.timedelta(days=offset)).strftime("%m/%d/%Y 12:00:00 AM")  # noqa: E731
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nombre Entidad", "Nit Entidad", "Ciudad", "Proceso de Compra", "ID Contrato",
                         "Referencia del Contrato", "Estado Contrato", "Descripción del Proceso", "Tipo de Contrato",
                         "Modalidad de Contratación", "Fecha de Firma", "Fecha de Inicio del Contrato",
                         "Fecha de Fin del Contrato", "Tipo Doc Proveedor", "Documento Proveedor", "Proveedor Adjudicado",
                         "Valor del Contrato", "Sistema General de Participaciones", "Recursos Propios", "URL Proceso"])
        for c in CONTRACTS:
            process = c.secop_id.replace("PCCNTR", "BDOS")
            modality = "Concurso de méritos abierto" if c.kind == "Interventoría" else "Licitación pública"
            value = c.value_m * M
            writer.writerow([ENTITY[0], ENTITY[1], "Cartagena", process, c.secop_id, c.number, c.status, c.object,
                             c.kind, modality, day(c.start - 6), day(c.start), day(c.end), "NIT", c.contractor_nit,
                             c.contractor, f"{value:.0f}", f"{value * Decimal('0.6'):.0f}", f"{value * Decimal('0.4'):.0f}",
                             f"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID="
                             f"{c.secop_id.replace('PCCNTR', 'NTC')}"])


def _ejecucion_json(path: Path, today: dt.date) -> None:
    """Progress the contractors reported on SECOP II (dataset Ejecución Contratos)."""
    rows = []
    for c in CONTRACTS:
        for offset, planned, actual in c.reported:
            stamp = (today + dt.timedelta(days=offset)).isoformat() + "T00:00:00.000"
            rows.append({"identificadorcontrato": c.secop_id, "tipoejecucion": "Porcentaje", "nombreplan": "Plan de avance",
                         "fechadeentregaesperada": stamp, "porcentajedeavanceesperado": str(planned),
                         "fechadeentregareal": stamp, "porcentaje_de_avance_real": str(actual),
                         "estado_del_contrato": c.status, "fechacreacion": stamp})
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


MILESTONES = {
    # secop id: (id, list, title, type, due day, status, met day)
    "CO1.PCCNTR.7100231": (
        ("E1", "contract", "Entrega del tramo 2A (K0+000 a K0+450)", "delivery", -75, "met", -70),
        ("E2", "contract", "Entrega del tramo 2B (K0+450 a K0+900)", "delivery", -10, "notMet", None),
        ("E3", "contract", "Entrega final y recibo de obra", "delivery", 60, "scheduled", None),
        ("I1", "implementation", "Informe mensual de interventoría", "reporting", -30, "met", -28),
    ),
    "CO1.PCCNTR.7233019": (
        ("E1", "contract", "Reposición de redes, sector norte", "delivery", -20, "met", -22),
        ("E2", "contract", "Acometidas domiciliarias", "delivery", 90, "scheduled", None),
    ),
}
"""Contract milestones the entity publishes in OCDS (a later step of the same SECOP process)."""


def _ocds_release_package(path: Path, today: dt.date) -> None:
    """An OCDS release package with the milestones of two demo contracts (matched by SECOP id)."""
    stamp = lambda offset: (today + dt.timedelta(days=offset)).isoformat() + "T00:00:00Z"  # noqa: E731
    releases = []
    for secop_id, items in MILESTONES.items():
        contract: dict = {"id": secop_id, "milestones": [], "implementation": {"milestones": []}}
        for mid, where, title, kind, due, status, met in items:
            milestone = {"id": mid, "title": title, "type": kind, "status": status, "dueDate": stamp(due)}
            if met is not None:
                milestone["dateMet"] = milestone["dateModified"] = stamp(met)
            target = contract["milestones"] if where == "contract" else contract["implementation"]["milestones"]
            target.append(milestone)
        ocid = "ocds-k50g02-" + secop_id.replace("PCCNTR", "BDOS")
        releases.append({"ocid": ocid, "id": f"{ocid}-{today.isoformat()}", "date": stamp(0),
                         "tag": ["contractUpdate"], "initiationType": "tender", "contracts": [contract]})
    package = {"uri": "https://example.org/demo/hitos.json", "publishedDate": stamp(0), "version": "1.1",
               "releases": releases}
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")


def run(services: "Services") -> None:
    ids = demo_work_ids()
    today = dt.date.today()
    contracts = services.contracts
    with tempfile.TemporaryDirectory(prefix="veeduria-demo-") as tmp:
        folder = Path(tmp)
        secop = folder / "SECOP_II_Contratos_Electronicos_Cartagena.csv"
        _secop_csv(secop, today)
        services.imports.import_file(secop, "secop2")
        ejecucion = folder / "SECOP_II_Ejecucion_Contratos.json"
        _ejecucion_json(ejecucion, today)
        services.imports.import_file(ejecucion, "secop2")
        hitos = folder / "SECOP_II_OCDS_hitos.json"
        _ocds_release_package(hitos, today)
        services.imports.import_file(hitos, "ocds")
        for c in CONTRACTS:
            if c.work not in ids:
                continue
            contract = contracts.find(c.secop_id)
            contracts.link(contract.id, ids[c.work])
            for kind, offset, value_m, days, _end, reason in c.mods:
                contracts.add_modification(contract.id, kind, today + dt.timedelta(days=offset),
                                           value_change=(value_m * M) if value_m else None, days_change=days or None,
                                           act_number=f"Modificatorio {c.number}-{offset * -1}", reason=reason)
            for offset, value_m, kind in c.payments:
                contracts.add_payment(contract.id, today + dt.timedelta(days=offset), value_m * M, kind,
                                      document=f"Orden de pago {c.number}/{offset * -1}")
            if c.boq and c.work in BOQ:
                bill = folder / f"Presupuesto_{c.number}.csv"
                with open(bill, "w", encoding="cp1252", newline="") as handle:
                    writer = csv.writer(handle, delimiter=";")
                    writer.writerow(["Ítem", "Descripción", "Und", "Cant.", "Vr. Unitario", "Vr. Total"])
                    for code, text, unit, qty, price in BOQ[c.work]:
                        total = "" if qty is None else f"{Decimal(qty) * Decimal(price):.0f}"
                        writer.writerow([code, text, unit or "", qty or "", price or "", total])
                services.imports.import_file(bill, "boq", contract_id=contract.id)
            if c.schedule:
                plan = folder / f"Programacion_{c.number}.csv"
                lines = ["Fecha;% programado acumulado"] + [
                    f"{(today + dt.timedelta(days=offset)).strftime('%d/%m/%Y')};{pct}" for offset, pct in c.schedule]
                plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
                services.imports.import_file(plan, "boq", contract_id=contract.id)
