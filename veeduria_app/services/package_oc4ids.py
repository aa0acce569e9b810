"""Works as OC4IDS projects, their contracts as contracting processes: the part of a package
any Open Contracting tool can read, so the data outlives this app (OC4IDS 0.9 shapes).

Built from the package's own JSON records, so it always agrees with them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

STATUS = {"planeada": "preparation", "en_ejecucion": "implementation", "suspendida": "implementation",
          "terminada": "completion", "liquidada": "completion"}
SECTOR = {"via": ["transport", "transport.road"], "colegio": ["education"], "centro_salud": ["health"],
          "acueducto_alcantarillado": ["waterAndWaste"], "canal_drenaje": ["waterAndWaste"],
          "parque": ["cultureSportsAndRecreation"], "vivienda": ["socialHousing"]}


def _money(value: Any) -> Optional[dict]:
    if value in (None, ""):
        return None
    try:
        return {"amount": float(value), "currency": "COP"}
    except (TypeError, ValueError):
        return None


def _contract(row: dict) -> dict:
    summary: dict[str, Any] = {
        "externalReference": row.get("number") or row.get("secop_id") or row.get("process_id") or "",
        "title": (row.get("object") or "")[:300], "description": row.get("object") or "",
        "status": row.get("status") or "",
    }
    if row.get("entity"):
        summary["tender"] = {"procuringEntity": {"name": row["entity"]}}
    if _money(row.get("initial_value")):
        summary["contractValue"] = _money(row.get("initial_value"))
    period = {k: v for k, v in (("startDate", row.get("start_date")), ("endDate", row.get("end_date"))) if v}
    if period:
        summary["contractPeriod"] = period
    if row.get("contractor"):
        summary["suppliers"] = [{"name": row["contractor"]}]
    if row.get("url"):
        summary["documents"] = [{"id": "secop", "url": row["url"], "documentType": "contractNotice"}]
    return {"id": row["id"], "summary": {k: v for k, v in summary.items() if v not in ("", None)}}


def _project(work: dict, contracts: list[dict]) -> dict:
    project: dict[str, Any] = {
        "id": work["id"], "title": work.get("name") or "", "description": work.get("description") or "",
        "status": STATUS.get(work.get("status") or "", "identification"),
        "updated": work.get("updated_at"),
        "sector": SECTOR.get(work.get("type") or "", []),
    }
    if work.get("bpin"):
        project["identifiers"] = [{"id": work["bpin"], "scheme": "CO-BPIN"}]
    if work.get("entity"):
        project["publicAuthority"] = {"name": work["entity"]}
    location: dict[str, Any] = {"id": "1", "description": ", ".join(
        x for x in (work.get("barrio"), work.get("ucg"), work.get("localidad")) if x)}
    if work.get("lat") is not None and work.get("lon") is not None:
        location["geometry"] = {"type": "Point", "coordinates": [work["lon"], work["lat"]]}  # GeoJSON: lon, lat
    location["address"] = {"streetAddress": work.get("address") or "", "locality": "Cartagena de Indias",
                           "region": "Bolívar", "countryName": "Colombia"}
    project["locations"] = [location]
    if contracts:
        project["contractingProcesses"] = [_contract(c) for c in contracts]
    return {k: v for k, v in project.items() if v not in ("", None, [])}


def project_package(tables: dict[str, list[dict]], publisher: str) -> dict:
    """An OC4IDS project package from the encoded records of a `.veeduria` package."""
    contracts = {c["id"]: c for c in tables.get("contracts", [])}
    by_work: dict[str, list[dict]] = {}
    for link in tables.get("contract_works", []):
        contract = contracts.get(link.get("contract_id"))
        if contract is not None:
            by_work.setdefault(link.get("work_id"), []).append(contract)
    profile = (tables.get("veeduria_profile") or [{}])[0]
    return {
        "version": "0.9",
        "uri": "urn:veeduria:paquete",
        "publishedDate": dt.datetime.now(dt.timezone.utc).isoformat(),
        "publisher": {"name": profile.get("name") or publisher},
        "projects": [_project(w, by_work.get(w["id"], [])) for w in tables.get("works", [])],
    }
