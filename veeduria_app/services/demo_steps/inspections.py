"""Demo step: site visits with generated photos at the demo works.

Photos carry realistic EXIF (phone make/model, GPS near the site, local time, some with the
-05:00 offset) and go through the real import, so training shows exactly what members will
see: most photos clean, and a few deliberately taken far from the site, forwarded without
EXIF (undated, no GPS), re-saved by an editing app, dated days before the visit, or reused
from another work. Dates are relative to the day the demo loads.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from veeduria_app.domain.inspections import (
    DEFAULT_CHECKLIST, Attendee, ChecklistAnswer, InspectionFields, Observation,
)
from veeduria_app.evidence.synthetic import make_photo, make_plain_jpeg
from veeduria_app.services.demo_steps.foundation import demo_data, demo_work_ids

if TYPE_CHECKING:
    from veeduria_app.services.container import Services

ORDER = 30
COT = dt.timezone(dt.timedelta(hours=-5))
PHONES = [("samsung", "SM-A135M", True), ("Xiaomi", "Redmi Note 11", True), ("motorola", "moto g(30)", False),
          ("Apple", "iPhone 11", True), ("HUAWEI", "MAR-LX3A", False)]


@dataclass(frozen=True)
class DemoPhoto:
    caption: str
    kind: str = "ok"  # ok | far | forwarded | edited | early | reused
    key: str = ""
    """Photos marked with a key can be presented again (kind "reused") for another work."""


@dataclass(frozen=True)
class DemoVisit:
    work: str
    days_ago: int
    progress: Optional[str]
    reported: Optional[str]
    answers: tuple[str, ...]
    notes: str
    observations: tuple[tuple[str, str], ...]
    photos: tuple[DemoPhoto, ...]
    close: bool = True


VISITS = (
    DemoVisit("obra01", 68, "22", "30", ("si", "si", "parcial", "si", "si", "no", "no"),
              "Frente de obra activo en la margen norte; material de excavación sobre el andén.",
              (("Vecino de la manzana 8", "El material de la excavación tapa el paso hacia la escuela."),),
              (DemoPhoto("Excavación del tramo 2, margen norte"),
               DemoPhoto("Maquinaria trabajando"),
               DemoPhoto("Material sobre el andén"))),
    DemoVisit("obra01", 6, "35", "60", ("no", "si", "parcial", "si", "si", "no", "no"),
              "No hay valla informativa. La interventoría informa 60 % de avance; se observa cerca de 35 %.",
              (("Señora Carmen, tienda de la esquina", "Cuando llueve el agua se mete a las casas; la obra lleva meses parada a ratos."),
               ("Joven de la JAC", "Los fines de semana no hay nadie trabajando.")),
              (DemoPhoto("Canal sin revestir en el tramo 2", key="canal"),
               DemoPhoto("Entrada de la obra sin valla informativa"),
               DemoPhoto("Acero expuesto a la intemperie"),
               DemoPhoto("Foto reenviada por WhatsApp", "forwarded"),
               DemoPhoto("Foto reenviada por WhatsApp", "forwarded"),
               DemoPhoto("¿Otra obra? Tomada lejos del sitio", "far"))),
    DemoVisit("obra02", 12, "55", "70", ("si", "si", "si", "si", "parcial", "parcial", "no"),
              "Pavimento terminado en dos cuadras; sin rampas en las esquinas.", (),
              (DemoPhoto("Pavimento de la primera cuadra"),
               DemoPhoto("Esquina sin rampa para sillas de ruedas"),
               DemoPhoto("Foto enviada ya recortada por un integrante", "edited"))),
    DemoVisit("obra05", 20, "18", None, ("si", "no", "no", "no", "parcial", "si", "no"),
              "Obra suspendida: no hay personal ni maquinaria; cerramiento caído en un costado.",
              (("Presidente de la JAC de Pasacaballos", "Nos dijeron que reanudan el próximo mes."),),
              (DemoPhoto("Estructura sin actividad"),
               DemoPhoto("Foto de un recorrido anterior", "early"))),
    DemoVisit("obra09", 30, "100", "100", ("si", "no_aplica", "si", "no_aplica", "no_aplica", "si", "parcial"),
              "Canal terminado y liquidado; tapas de inspección completas.", (),
              (DemoPhoto("Canal terminado"),
               DemoPhoto("Misma foto presentada para otra obra", "reused", key="canal")), False),
    DemoVisit("obra12", 3, "40", None, ("si", "si", "si", "si", "si", "parcial", "si"),
              "Zanjas abiertas con señalización completa.", (),
              (DemoPhoto("Zanja con tubería nueva"),
               DemoPhoto("Señalización del cierre de vía")), False),
)


def _offset(lat: float, lon: float, metres: float, bearing_deg: float) -> tuple[float, float]:
    dlat = metres * math.cos(math.radians(bearing_deg)) / 111_195
    dlon = metres * math.sin(math.radians(bearing_deg)) / (111_195 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _photo_file(photo: DemoPhoto, site: tuple[float, float], visit_day: dt.date, rng: random.Random,
                seed: int, cache: dict[str, tuple[str, bytes]]) -> tuple[str, bytes]:
    """File name (as the phone names it) and bytes of one demo photo."""
    if photo.kind == "reused":
        return cache[photo.key]
    if photo.kind == "forwarded":
        return f"IMG-{visit_day:%Y%m%d}-WA{seed:04d}.jpg", make_plain_jpeg(800, 600, seed=seed)
    make, model, has_offset = PHONES[seed % len(PHONES)]
    distance = rng.uniform(850, 900) if photo.kind == "far" else rng.uniform(15, 140)
    lat, lon = _offset(site[0], site[1], distance, rng.uniform(0, 360))
    day = visit_day - dt.timedelta(days=10) if photo.kind == "early" else visit_day
    taken = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=rng.randint(0, 150), seconds=rng.randint(0, 59))
    if has_offset:
        taken = taken.replace(tzinfo=COT)
    software = "Snapseed 2.21" if photo.kind == "edited" else None
    data = make_photo(800, 600, seed=seed, label=photo.caption[:30], lat=lat, lon=lon, alt=rng.uniform(1, 6),
                      taken_at=taken, make=make, model=model, software=software,
                      modified_at=taken + dt.timedelta(days=2) if software else None)
    name = f"IMG_{taken:%Y%m%d_%H%M%S}.jpg"
    if photo.key:
        cache[photo.key] = (name, data)
    return name, data


def run(services: "Services") -> None:
    ids = demo_work_ids()
    works = {w["key"]: w for w in demo_data()["works"]}
    members = [m["full_name"] for m in demo_data()["members"]]
    today = dt.date.today()
    rng = random.Random(850)
    cache: dict[str, tuple[str, bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="veeduria-demo-fotos-") as folder:
        for n, visit in enumerate(VISITS):
            work_id = ids[visit.work]
            site = (float(works[visit.work]["lat"]), float(works[visit.work]["lon"]))
            day = today - dt.timedelta(days=visit.days_ago)
            fields = InspectionFields(
                visit_date=day, start_time="08:00", end_time="10:30", weather=rng.choice(["Soleado", "Nublado", "Lluvia ligera"]),
                observed_progress=visit.progress, reported_progress=visit.reported,
                reported_progress_source="interventoria" if visit.reported else "",
                notes=visit.notes,
                attendees=[Attendee("integrante", name) for name in members[: 2 + n % 3]]
                + [Attendee("recibio", "Ing. residente (demo)", "Residente de obra", "Contratista de la obra")],
                checklist=[ChecklistAnswer(label, answer) for label, answer in zip(DEFAULT_CHECKLIST, visit.answers)],
                observations=[Observation(who, text) for who, text in visit.observations],
            )
            created = services.inspections.create(work_id, fields)
            paths, captions = [], {}
            for i, photo in enumerate(visit.photos):
                name, data = _photo_file(photo, site, day, rng, 100 * n + i, cache)
                path = Path(folder) / f"visita{n}" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                paths.append(path)
                captions[str(path)] = photo.caption
            result = services.photos.import_paths(created.id, paths)
            for item in result.results:
                if item.photo_id:
                    services.photos.update_photo(item.photo_id, caption=captions[item.file])
            if visit.close:
                services.inspections.close(created.id)
        first_visit = services.inspections.list(ids["obra01"])[-1]
        services.inspections.amend(first_visit.id, "observed_progress", "25",
                                   "Se corrigió la medición del tramo con el plano de la interventoría.")
