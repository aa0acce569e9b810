"""A data folder ready for the report tests: veeduría, members, a work with contract, payments,
a closed visit with three real geotagged JPEGs (one far from the site), and a finding.

Everything goes through the real services (photos through the import pipeline), so the report
is tested on exactly what the application stores.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from analysis_data import add_contract, make_work
from veeduria_app.domain.findings import FindingFields
from veeduria_app.domain.inspections import Attendee, InspectionFields, Observation
from veeduria_app.evidence.synthetic import make_photo
from veeduria_app.services.profile import MemberFields, ProfileFields

d = dt.date
SITE = (10.4, -75.5)  # analysis_data.make_work places the work here


@dataclass(frozen=True)
class ReportWorld:
    work_id: str
    visit_id: str
    photo_ids: tuple[str, ...]
    finding_title: str


def build_world(services, folder: Path, *, name: str = "Canalización del canal Las Gaviotas, tramo 2",
                localidad: str = "3") -> ReportWorld:
    services.profile.save(ProfileFields(name="Veeduría Ciudadana Canal Las Gaviotas", registration_number="0457",
                                        registration_date=d(2026, 2, 3), address="Calle 31 # 70-15, Olaya Herrera",
                                        email="veeduria.gaviotas@example.org"))
    for full_name, role in (("Rosa Elena Martínez Ñáñez", "coordinador"), ("Luis Cañate", "integrante")):
        services.profile.add_member(MemberFields(full_name=full_name, role=role))
    work = make_work(services, name=name, localidad=localidad)
    add_contract(services, work, value="4850000000", start=d(2026, 1, 1), end=d(2026, 4, 11),
                 mods=[("adicion", d(2026, 2, 1), "3007000000", None)],
                 payments=[(d(2026, 1, 5), "1500000000", "anticipo"), (d(2026, 3, 1), "2314180000", "acta_parcial")])
    visit = services.inspections.create(work, InspectionFields(
        visit_date=d(2026, 5, 20), start_time="08:30", end_time="11:15", observed_progress=Decimal("35"),
        notes="El tramo sur no ha sido intervenido.",
        attendees=[Attendee(kind="integrante", name="Rosa Elena Martínez Ñáñez"),
                   Attendee(kind="recibio", name="Ing. Pedro Gómez", role="Residente de obra")],
        observations=[Observation("Inés Julio", "La obra está parada desde agosto.", "Vecina")]))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, (lat, lon) in enumerate(((SITE[0] + 0.0004, SITE[1]), (SITE[0], SITE[1] + 0.0005),
                                        (SITE[0] + 0.0077, SITE[1]))):
        path = folder / f"foto_{index}.jpg"
        path.write_bytes(make_photo(1600, 1200, seed=index, label=f"Foto {index}", lat=lat, lon=lon,
                                    taken_at=dt.datetime(2026, 5, 20, 9, 10 + index)))
        files.append(path)
    services.photos.import_paths(visit.id, files)
    photos = services.photos.list(visit.id)
    services.inspections.close(visit.id)
    title = "Pagos superiores al avance físico"
    services.findings.create(work, FindingFields(
        title=title, condition="Pagado 78,6 %, observado 35,0 %.", criterion="Ley 1474 de 2011, art. 83.",
        cause="Pagos sin soporte de avance.", effect="Riesgo de pérdida de recursos.", nature="fiscal",
        recommendation="Solicitamos el acta de avance y los soportes de pago.", found_on=d(2026, 5, 21)),
        links=(("foto", photos[0].id, "Foto 0"),))
    return ReportWorld(work, visit.id, tuple(p.id for p in photos), title)
