"""Cartagena's localidades, UCGs and barrios as editable lists, and coordinate sanity checks.

DANE does not code localidades or UCGs, so the lists ship as data and can be edited; the
coordinate check warns (never refuses) when a point falls outside the district.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import NamedTuple, Optional

# Roughly the district, islands included (DOMAIN.md).
LAT_RANGE = (10.1, 10.7)
LON_RANGE = (-75.9, -75.3)


# Immutable records as NamedTuples rather than dataclasses: the first window needs these two, and
# building a dataclass costs about three times as much (services/works_dto.WorkFilter, too).
class Localidad(NamedTuple):
    nombre: str
    ucgs: tuple[str, ...] = ()
    barrios: tuple[str, ...] = ()


class Territory(NamedTuple):
    municipio: str
    localidades: tuple[Localidad, ...]

    @classmethod
    def from_dict(cls, data: dict) -> "Territory":
        return cls(
            municipio=data.get("municipio", "Cartagena de Indias"),
            localidades=tuple(
                Localidad(
                    nombre=item["nombre"],
                    ucgs=tuple(item.get("ucgs", ())),
                    barrios=tuple(item.get("barrios", ())),
                )
                for item in data.get("localidades", ())
            ),
        )

    @classmethod
    def load(cls, path: Path) -> "Territory":
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def to_dict(self) -> dict:
        return {
            "municipio": self.municipio,
            "localidades": [
                {"nombre": l.nombre, "ucgs": list(l.ucgs), "barrios": list(l.barrios)} for l in self.localidades
            ],
        }

    @property
    def localidad_names(self) -> list[str]:
        return [l.nombre for l in self.localidades]

    def resolve_localidad(self, text: str) -> Optional[str]:
        """Accept the full name, its number ("1", "Localidad 1") or its short name."""
        wanted = _key(text)
        if not wanted:
            return None
        for index, loc in enumerate(self.localidades, start=1):
            full = _key(loc.nombre)
            short = _key(loc.nombre.split("-", 1)[-1])
            if wanted in (full, short, str(index), f"localidad{index}"):
                return loc.nombre
        return None

    @property
    def ucg_names(self) -> list[str]:
        """Every UCG and rural area of the lists, each name once, in the lists' order."""
        return list(dict.fromkeys(u for l in self.localidades for u in l.ucgs))

    def resolve_ucg(self, text: str, localidad: str = "") -> Optional[str]:
        """The UCG as the lists write it, from its full name ("UCG 1"), its number ("1", "ucg1",
        "Unidad Comunera de Gobierno 1") or a rural area's name written with any accents and case
        («área rural (corregimientos)» → «Área rural (corregimientos)»). With `localidad`, only
        that localidad's; None when nothing matches (or the localidad is unknown)."""
        wanted = _key(text)
        if not wanted:
            return None
        names = self.ucgs_for(localidad) if localidad else self.ucg_names
        number = _ucg_number(wanted)
        for name in names:
            key = _key(name)
            if wanted == key or (number is not None and _ucg_number(key) == number):
                return name
        return None

    def localidad(self, name: str) -> Optional[Localidad]:
        resolved = self.resolve_localidad(name)
        return next((l for l in self.localidades if l.nombre == resolved), None)

    def ucgs_for(self, localidad: str) -> list[str]:
        loc = self.localidad(localidad)
        return list(loc.ucgs) if loc else []

    def barrios_for(self, localidad: str) -> list[str]:
        loc = self.localidad(localidad)
        return list(loc.barrios) if loc else []


def _key(text: str) -> str:
    normal = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in normal if c.isalnum()).lower()


def _ucg_number(key: str) -> Optional[int]:
    """1 for the keys "1", "01", "ucg1", "unidadcomuneradegobierno1"; None for anything else."""
    for prefix in ("unidadcomuneradegobierno", "ucg", ""):
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            return int(key[len(prefix):])
    return None


def outside_district(lat: float, lon: float) -> bool:
    return not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1])


def coordinate_warning(lat: Optional[float], lon: Optional[float]) -> Optional[str]:
    """A Spanish warning for a point outside Cartagena (likely a typo or a missing minus sign)."""
    if lat is None or lon is None:
        return None
    if not outside_district(lat, lon):
        return None
    hint = ""
    if lon > 0 and not outside_district(lat, -lon):
        hint = " Parece que falta el signo menos en la longitud (el oeste es negativo)."
    elif lat < 0 and not outside_district(-lat, lon):
        hint = " Parece que sobra el signo menos en la latitud."
    elif not outside_district(lon, lat):
        hint = " Parece que latitud y longitud están intercambiadas."
    return (
        f"Las coordenadas ({lat:.5f}, {lon:.5f}) quedan fuera de Cartagena de Indias "
        f"(latitud {LAT_RANGE[0]}–{LAT_RANGE[1]} N, longitud {abs(LON_RANGE[1])}–{abs(LON_RANGE[0])} O).{hint}"
    )
