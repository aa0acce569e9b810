"""Realistic report data for the reporting tests (no database): a Cartagena canal works."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from veeduria_app.reporting.charts import CurveSeries
from veeduria_app.reporting.data import (AccountabilityData, AccountabilityWork, ActaData, AlertInfo, Attendee,
                                         ChecklistLine, ComparisonRow, ContractInfo, FindingInfo, InformeData,
                                         PhotoInfo, SourceFile, VeeduriaInfo, VerificationInfo, VisitSummary,
                                         WorkInfo)
from veeduria_app.reporting.letter import Signer

SITE = (10.4015, -75.5120)
VEEDURIA = VeeduriaInfo(name="Veeduría Ciudadana Canal Las Gaviotas — Olaya Herrera",
                        registration="Cámara de Comercio de Cartagena, registro 0457 del 03/02/2026",
                        address="Olaya Herrera, sector Ricaurte, Cartagena de Indias",
                        email="veeduria.gaviotas@example.org")
WORK = WorkInfo(id="w-1", name="Canalización del canal Las Gaviotas, tramo 2", type="Canalización",
                status="En ejecución", localidad="3 Industrial y de la Bahía", ucg="UCG 6", barrio="Olaya Herrera",
                address="Carrera 71 con calle 31", entity="Secretaría de Infraestructura — Alcaldía de Cartagena",
                bpin="2024130010045", lat=SITE[0], lon=SITE[1], radius_m=250)


def verification(code: str = "INF-2026-0001", version: int = 1) -> VerificationInfo:
    return VerificationInfo(code=code, version=version, issued_at=dt.datetime(2026, 11, 26, 15, 30),
                            issued_by="Rosa Elena Martínez", evidence_count=4, manifest_digest="ab" * 32)


def photos(paths: Sequence[Path]) -> tuple[PhotoInfo, ...]:
    out = []
    for i, path in enumerate(paths, start=1):
        lat = SITE[0] + 0.0004 * (i % 5) if i % 4 else None
        lon = SITE[1] - 0.0003 * (i % 3) if i % 4 else None
        far = i == 3
        if far:
            lat, lon = SITE[0] + 0.0077, SITE[1]
        out.append(PhotoInfo(label=f"F{i}", path=path, sha256=f"{i:02d}" * 32,
                             caption=f"Muro del canal, costado norte ({i}). Señalización: ñandú, acción",
                             taken_at=dt.datetime(2026, 11, 21, 9, i % 60),
                             lat=lat, lon=lon, distance_m=(850.0 if far else (40.0 * i if lat else None)),
                             checks=(("A 850 m de la obra: ¿otro sitio?",) if far else
                                     (("Sin ubicación: pida el original",) if lat is None else ())),
                             visit_date=dt.date(2026, 11, 21)))
    return tuple(out)


def informe(photo_paths: Sequence[Path] = (), *, training: bool = False) -> InformeData:
    return InformeData(
        veeduria=VEEDURIA, work=WORK, period_from=dt.date(2026, 1, 1), period_to=dt.date(2026, 11, 26),
        issue_date=dt.date(2026, 11, 26), verification=verification(),
        contracts=(ContractInfo(number="SIO-LP-014-2025", contractor="Consorcio Canales del Caribe 2025",
                                object="Canalización en concreto del canal Las Gaviotas, tramo 2",
                                initial_value=Decimal("4850000000"), current_value=Decimal("7857000000"),
                                paid_value=Decimal("5814180000"), start_date=dt.date(2025, 3, 1),
                                end_date=dt.date(2026, 9, 30), status="En ejecución",
                                supervisor="Interventoría Consultores Bolívar S.A.S.",
                                modifications=("Adición 1: $ 1.500.000.000", "Adición 2: $ 1.507.000.000",
                                               "Prórroga 1: 90 días")),),
        visits=(VisitSummary(id="v1", date=dt.date(2026, 11, 21), attendees=("Rosa Elena Martínez", "Luis Cañate"),
                             observed_progress=35.0, photo_count=len(photo_paths), closed=True,
                             summary="Sin valla informativa; tramo sur sin intervenir."),),
        sources=(SourceFile("SECOP II Contratos Electrónicos", "contratos_gaviotas.csv", "c0ffee" * 10 + "abcd",
                            dt.date(2026, 11, 2)),),
        comparison=(ComparisonRow("Valor del contrato", "$ 4.850.000.000", "$ 7.857.000.000", "Adiciones del 62,0 %"),
                    ComparisonRow("Avance", "100,0 % al 30/09/2026", "35,0 %", "Plazo vencido hace 57 días"),
                    ComparisonRow("Pagado", "—", "74,0 %", "Pagos superan avance observado")),
        curve=(CurveSeries("Programado", ((dt.date(2025, 3, 1), 0), (dt.date(2025, 9, 1), 30),
                                          (dt.date(2026, 3, 1), 75), (dt.date(2026, 9, 30), 100)), "planned"),
               CurveSeries("Pagado", ((dt.date(2025, 3, 1), 0), (dt.date(2025, 6, 1), 30),
                                      (dt.date(2026, 2, 1), 60), (dt.date(2026, 10, 15), 74)), "financial"),
               CurveSeries("Observado", ((dt.date(2026, 5, 10), 20), (dt.date(2026, 11, 21), 35)), "physical")),
        alerts=(AlertInfo("alta", "Pagos superan avance", "Se ha pagado el 74,0 % y se observa el 35,0 % construido.",
                          "Ley 1474 de 2011, arts. 83–84 (supervisión)."),
                AlertInfo("alta", "Adiciones superan el 50 %", "Las adiciones suman el 62,0 % del valor inicial.",
                          "Ley 80 de 1993, art. 40, parágrafo."),
                AlertInfo("media", "Plazo vencido", "El plazo terminó el 30/09/2026.", "Cronograma contractual."),
                AlertInfo("baja", "Sin valla informativa", "No se observó la valla en la visita.", "Pliego de condiciones.")),
        findings=(FindingInfo("1", "Pagos superiores al avance físico", condition="Pagado 74,0 %, observado 35,0 %.",
                              criterion="Los pagos deben corresponder a obra ejecutada y recibida (Ley 1474, art. 83).",
                              cause="Posibles pagos anticipados sin soporte de avance.",
                              effect="Riesgo de pérdida de recursos públicos.", presumed_nature="Presunta disciplinaria y fiscal",
                              recommendation="Solicitamos a la interventoría el acta de avance y los soportes de pago.",
                              photo_labels=("F1", "F2")),),
        conclusions=("La obra presenta un atraso significativo frente a los pagos realizados.",),
        requests=("Informar el estado real de avance de la obra.", "Remitir copia del último informe de interventoría."),
        signers=(Signer("Rosa Elena Martínez", "Coordinadora"), Signer("Luis Cañate", "Veedor"),
                 Signer("Ana Pérez Ñáñez", "Veedora")),
        photos=photos(photo_paths), training=training)


def acta(photo_paths: Sequence[Path] = ()) -> ActaData:
    return ActaData(veeduria=VEEDURIA, work=WORK, visit_id="v1", visit_date=dt.date(2026, 11, 21),
                    issue_date=dt.date(2026, 11, 26), verification=verification("ACT-2026-0001"),
                    start_time=dt.time(8, 30), end_time=dt.time(11, 15), purpose="Verificar el avance del tramo 2",
                    attendees=(Attendee("Rosa Elena Martínez", "Coordinadora"), Attendee("Luis Cañate", "Veedor"),
                               Attendee("Inés Julio", "Vecina del sector")),
                    checklist=(ChecklistLine("Valla informativa visible", "No", "No hay valla en ningún frente"),
                               ChecklistLine("Señalización de seguridad", "Sí"),
                               ChecklistLine("Personal con elementos de protección", "Sin verificar")),
                    observed_progress=35.0, observations="El tramo sur no ha sido intervenido.",
                    community_remarks="Los vecinos señalan que la obra está parada desde agosto.",
                    photos=photos(photo_paths), closed=True)


def accountability() -> AccountabilityData:
    works = (
        AccountabilityWork("Canalización del canal Las Gaviotas, tramo 2", "3 Industrial y de la Bahía", "UCG 6",
                           "En ejecución", 35.0, 74.0, Decimal("7857000000"),
                           (AlertInfo("alta", "Pagos superan avance"), AlertInfo("media", "Plazo vencido")),
                           ("Pagos superiores al avance físico",), 2,
                           "Se ha pagado mucho más de lo que se ve construido."),
        AccountabilityWork("Parque de Bocagrande", "1 Histórica y del Caribe Norte", "UCG 1", "Terminada", 100.0, 100.0,
                           Decimal("1200000000"), (), (), 1, "Obra terminada sin alertas."),
    )
    return AccountabilityData(veeduria=VEEDURIA, issue_date=dt.date(2026, 11, 26),
                              verification=verification("RDC-2026-0001"), scope="Todas las obras", works=works,
                              signers=(Signer("Rosa Elena Martínez", "Coordinadora"),))


def oficio_text(findings: int, visits: int = 0, drafts: int = 0) -> str:
    """The text of an oficio remisorio for an informe with these counts (the colegio work)."""
    from pdf_helpers import all_text
    from veeduria_app.reporting.letter import Addressee, build_letter
    from veeduria_app.reporting.oficio import OficioRequest, oficio_letter

    request = OficioRequest(
        code="OFI-2026-0004", date=dt.date(2026, 11, 26),
        addressee=Addressee("Ingeniera", "Laura Patricia Julio Marrugo", "Secretaria de Infraestructura",
                            "Alcaldía Mayor de Cartagena de Indias"),
        treatment="ingeniera Julio", informe_code="INF-2026-0003", informe_pages=8,
        work_name="Ampliación del colegio Manuela Beltrán, El Bosque", period="para todo el periodo registrado",
        findings_count=findings, visits_count=visits, drafts_count=drafts,
        signers=(Signer("Rosa Elvira Martínez Pérez", "Coordinadora"),))
    return all_text(build_letter(oficio_letter(VEEDURIA, request)))
