"""What the works list shows, in a module light enough for start-up.

The works page is the first screen; its rows can be read before SQLAlchemy is even imported
(see services/startup.py), so the row type and the filter live apart from the service.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, NamedTuple, Optional

from veeduria_app.domain.territory import coordinate_warning
from veeduria_app.domain.work_kinds import WORK_STATUSES, WORK_TYPES


class WorkDTO(NamedTuple):  # not a dataclass: see domain/territory.Localidad
    id: str
    name: str
    type: str
    status: str
    localidad: str
    ucg: str
    barrio: str
    address: str
    lat: Optional[float]
    lon: Optional[float]
    entity: str
    bpin: str
    description: str
    plan_programme: str
    population_served: Optional[int]
    population_groups: str
    radius_m: int
    archived: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    warnings: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return WORK_TYPES.get(self.type, self.type)

    @property
    def status_label(self) -> str:
        return WORK_STATUSES.get(self.status, self.status)

    def to_json(self) -> dict:
        data = self._asdict()
        data["created_at"] = self.created_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat()
        data["warnings"] = list(self.warnings)
        data["type_label"] = self.type_label
        data["status_label"] = self.status_label
        return data


class WorkFilter(NamedTuple):  # not a dataclass: see domain/territory.Localidad
    text: str = ""
    localidad: str = ""
    ucg: str = ""
    type: str = ""
    status: str = ""
    include_archived: bool = False


WORK_DTO_FIELDS: tuple[str, ...] = tuple(name for name in WorkDTO._fields if name != "warnings")


def make_work_dto(values: Mapping[str, Any], warnings: tuple[str, ...] = ()) -> WorkDTO:
    """A row from either reader (ORM or start-up snapshot), with its coordinate warning."""
    lat, lon = values["lat"], values["lon"]
    return WorkDTO(**{name: values[name] for name in WORK_DTO_FIELDS},
                   warnings=warnings or tuple(w for w in [coordinate_warning(lat, lon)] if w))
