"""Checks run on every photo, each explaining itself in plain Spanish with cause and remedy.

The codes are part of the command-line contract (`veeduria photos import --json`) and are
stored with each photo, so their spelling never changes. Explanations are built from the
photo's own values so the member reading them knows exactly what was found.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from veeduria_app.domain import formats
from veeduria_app.evidence.exif import PhotoMetadata

SIN_GPS = "sin_gps"
LEJOS_DE_OBRA = "lejos_de_obra"
FECHA_INCONSISTENTE = "fecha_inconsistente"
FECHA_FUTURA = "fecha_futura"
EDITADA = "editada"
REUTILIZADA = "reutilizada"

FLAG_CODES = (SIN_GPS, LEJOS_DE_OBRA, FECHA_INCONSISTENTE, FECHA_FUTURA, EDITADA, REUTILIZADA)

FLAG_TITLES = {
    SIN_GPS: "Sin ubicación GPS",
    LEJOS_DE_OBRA: "Lejos de la obra",
    FECHA_INCONSISTENTE: "Fecha distinta a la visita",
    FECHA_FUTURA: "Fecha en el futuro",
    EDITADA: "Editada con un programa",
    REUTILIZADA: "Foto ya usada en otra obra",
}

COLOMBIA_TZ = dt.timezone(dt.timedelta(hours=-5), "COT")
"""Colombia has no daylight saving time: UTC−5 all year."""

DEFAULT_RADIUS_M = 250.0
EARTH_RADIUS_M = 6_371_008.8
MAX_DAYS_FROM_VISIT = 1
RESAVED_AFTER = dt.timedelta(days=1)

_EDITORS = re.compile(
    r"photoshop|lightroom|gimp|snapseed|picsart|picasa|paint\.net|pixelmator|affinity|canva|"
    r"meitu|vsco|facetune|capture one|acdsee|luminar|darktable|rawtherapee|photoscape|corel|"
    r"paintshop|paint shop|fotor|photo ?editor|polarr|lightx|airbrush|inshot|beautyplus|"
    r"photodirector|pixlr|befunky|imagemagick|graphicsmagick|krita|ps express|photo ?studio",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PhotoFlag:
    code: str
    title: str
    explanation: str


@dataclass(frozen=True)
class CheckContext:
    """What a photo is checked against: the work's site and the visit."""

    site_lat: Optional[float]
    site_lon: Optional[float]
    radius_m: Optional[float]
    visit_date: Optional[dt.date]
    now: dt.datetime
    """Aware current time (tests pass a fixed one)."""
    other_works: Sequence[str] = ()
    """Names of other works where these exact bytes are already evidence."""


@dataclass(frozen=True)
class CheckOutcome:
    distance_m: Optional[float]
    flags: tuple[PhotoFlag, ...]

    @property
    def codes(self) -> list[str]:
        return [flag.code for flag in self.flags]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (accurate to ~0.5 % — far below GPS error on a phone)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _fmt_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _local_today(now: dt.datetime) -> dt.date:
    return (now if now.tzinfo is None else now.astimezone(COLOMBIA_TZ)).date()


def is_editor_software(software: Optional[str]) -> bool:
    return bool(software and _EDITORS.search(software))


def _naive(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def flag_sin_gps(meta: PhotoMetadata) -> PhotoFlag:
    if not meta.has_exif:
        text = (
            "La foto no trae ningún dato interno (EXIF): ni ubicación ni fecha. Casi siempre pasa "
            "cuando se reenvía por WhatsApp u otra aplicación de mensajería, que los borra. "
            "Pida el archivo original a quien tomó la foto, o que se lo envíe como documento."
        )
    elif meta.gps_problem:
        text = (
            f"Las coordenadas guardadas no son válidas ({meta.gps_problem}): el teléfono no "
            "tenía una ubicación fija al tomarla. Antes de la próxima visita active la ubicación "
            "y espere unos segundos a cielo abierto antes de tomar las fotos."
        )
    else:
        text = (
            "La foto no tiene coordenadas GPS: la cámara tenía la ubicación apagada. Active la "
            "ubicación (GPS) en la cámara del teléfono antes de la próxima visita; mientras tanto, "
            "escriba en el pie de foto dónde fue tomada."
        )
    return PhotoFlag(SIN_GPS, FLAG_TITLES[SIN_GPS], text)


def evaluate(meta: PhotoMetadata, ctx: CheckContext) -> CheckOutcome:
    """Run every check on one photo; flags come in the fixed order of FLAG_CODES."""
    flags: list[PhotoFlag] = []
    distance: Optional[float] = None
    radius = ctx.radius_m if ctx.radius_m and ctx.radius_m > 0 else DEFAULT_RADIUS_M

    if not meta.has_gps:
        flags.append(flag_sin_gps(meta))
    elif ctx.site_lat is not None and ctx.site_lon is not None:
        distance = haversine_m(ctx.site_lat, ctx.site_lon, meta.lat, meta.lon)  # type: ignore[arg-type]
        if distance > radius:
            flags.append(PhotoFlag(
                LEJOS_DE_OBRA, FLAG_TITLES[LEJOS_DE_OBRA],
                f"Fue tomada a {formats.distance(distance)} del sitio de la obra, fuera del radio de "
                f"{formats.distance(radius)}. Puede ser de otra obra o de otro lugar, o el GPS del teléfono era "
                "impreciso (bajo techo, poca señal). Revise que corresponda a esta obra; si es así, "
                "explíquelo en el pie de foto o ajuste el radio de la obra.",
            ))

    taken = meta.taken_at
    if taken is not None and ctx.visit_date is not None:
        days = (taken.date() - ctx.visit_date).days
        if abs(days) > MAX_DAYS_FROM_VISIT:
            when = "antes" if days < 0 else "después"
            flags.append(PhotoFlag(
                FECHA_INCONSISTENTE, FLAG_TITLES[FECHA_INCONSISTENTE],
                f"Fue tomada el {_fmt_date(taken.date())}, {abs(days)} días {when} de la visita del "
                f"{_fmt_date(ctx.visit_date)}. Puede ser de otra visita, o la fecha del teléfono "
                "estaba mal configurada. Verifíquelo y, si es de otra visita, agréguela a esa.",
            ))

    if taken is not None:
        if taken.tzinfo is not None:
            future = taken > ctx.now + dt.timedelta(minutes=10)
        else:
            future = taken.date() > _local_today(ctx.now)
        if future:
            flags.append(PhotoFlag(
                FECHA_FUTURA, FLAG_TITLES[FECHA_FUTURA],
                f"La fecha de la foto ({_fmt_date(taken.date())}) es posterior a hoy: el reloj del "
                "teléfono o la cámara está mal configurado. Corrija la fecha y la hora del equipo; "
                "la fecha de esta foto no sirve como prueba de cuándo fue tomada.",
            ))

    edited = _edited_flag(meta)
    if edited is not None:
        flags.append(edited)

    if ctx.other_works:
        names = ", ".join(f"«{name}»" for name in ctx.other_works)
        flags.append(PhotoFlag(
            REUTILIZADA, FLAG_TITLES[REUTILIZADA],
            f"Esta misma foto (idéntica byte a byte) ya es evidencia de otra obra: {names}. Una foto "
            "no puede probar el estado de dos obras distintas: confirme a cuál corresponde y "
            "retírela de la otra, o tome una foto nueva en la visita.",
        ))
    return CheckOutcome(distance_m=distance, flags=tuple(flags))


def _edited_flag(meta: PhotoMetadata) -> Optional[PhotoFlag]:
    if is_editor_software(meta.software):
        return PhotoFlag(
            EDITADA, FLAG_TITLES[EDITADA],
            f"Según sus datos internos, la foto fue guardada con el programa «{meta.software}», que "
            "sirve para editar imágenes: pudo ser recortada o retocada. Pida el archivo original tal "
            "como salió de la cámara del teléfono.",
        )
    if meta.software and meta.taken_at and meta.modified_at:
        gap = _naive(meta.modified_at) - _naive(meta.taken_at)
        if gap > RESAVED_AFTER:
            return PhotoFlag(
                EDITADA, FLAG_TITLES[EDITADA],
                f"El programa «{meta.software}» guardó de nuevo el archivo el "
                f"{_fmt_date(meta.modified_at.date())}, "
                f"{(meta.modified_at.date() - meta.taken_at.date()).days} días después de tomada la foto: "
                "pudo ser modificada. Pida el archivo original tal como salió de la cámara.",
            )
    return None


def explain(code: str, meta: PhotoMetadata, ctx: CheckContext) -> Optional[PhotoFlag]:
    """The flag with code `code` for this photo, or None if that check passes."""
    for flag in evaluate(meta, ctx).flags:
        if flag.code == code:
            return flag
    return None
