"""Works as OC4IDS projects, their contracts as contracting processes (with their modifications,
payments as transactions, and milestones), their budget allocations as the project budget: the
part of a package any Open Contracting tool can read, so the data outlives this app (OC4IDS 0.9).

Built from the package's own JSON records, so it always agrees with them.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Optional

from veeduria_app.domain.progress import MODIFICATION_LABELS
from veeduria_app.services.contracts import FUNDING_LABELS

STATUS = {"planeada": "preparation", "en_ejecucion": "implementation", "suspendida": "implementation",
          "terminada": "completion", "liquidada": "completion"}
SECTOR = {"via": ["transport", "transport.road"], "colegio": ["education"], "centro_salud": ["health"],
          "acueducto_alcantarillado": ["waterAndWaste"], "canal_drenaje": ["waterAndWaste"],
          "parque": ["cultureSportsAndRecreation"], "vivienda": ["socialHousing"]}


# OC4IDS `contractNature`: what kind of contract a SECOP «tipo de contrato» is, when it says.
NATURE = (("interventor", "supervision"), ("supervis", "supervision"), ("consultor", "design"),
          ("diseño", "design"), ("estudio", "design"), ("obra", "construction"))
MODIFICATION_TYPE = {"adicion": "value", "prorroga": "duration", "suspension": "duration", "reinicio": "duration"}


def _decimal(value: Any) -> Optional[Decimal]:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _money(value: Any, currency: Optional[str] = None) -> Optional[dict]:
    amount = _decimal(value)
    if amount is None:
        return None
    return {"amount": float(amount), "currency": currency or "COP"}


def _clean(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if v not in ("", None, [], {})}


def _nature(contract_type: Optional[str]) -> list[str]:
    text = (contract_type or "").lower()
    return next(([code] for word, code in NATURE if word in text), [])


def _modifications(row: dict, mods: Iterable[dict]) -> list[dict]:
    """Modifications in date order; value ones carry the contract value before and after."""
    running = _decimal(row.get("initial_value"))
    out = []
    for mod in sorted(mods, key=lambda m: (m.get("date") or "", m.get("id") or "")):
        kind = mod.get("kind") or ""
        change = _decimal(mod.get("value_change"))
        label = MODIFICATION_LABELS.get(kind, kind.capitalize())
        days = mod.get("days_change")
        details = [label, f"acta {mod['act_number']}" if mod.get("act_number") else "",
                   f"{days} días" if days else "", mod.get("reason") or ""]
        item: dict[str, Any] = {"id": mod.get("source_id") or mod["id"], "date": mod.get("date"),
                                "description": " · ".join(d for d in details if d),
                                "type": MODIFICATION_TYPE.get(kind, "other" if change is None else "value")}
        if change is not None and running is not None:
            item["oldContractValue"] = _money(running, row.get("currency"))
            running += change
            item["newContractValue"] = _money(running, row.get("currency"))
        if mod.get("new_end_date"):
            item["newContractPeriod"] = {"endDate": mod["new_end_date"]}
        out.append(_clean(item))
    return out


def _transactions(row: dict, payments: Iterable[dict]) -> list[dict]:
    return [_clean({"id": p.get("source_id") or p["id"], "date": p.get("date"),
                    "value": _money(p.get("amount"), row.get("currency")),
                    "payer": {"name": row["entity"]} if row.get("entity") else None,
                    "payee": {"name": row["contractor"]} if row.get("contractor") else None,
                    "uri": p.get("document") if str(p.get("document") or "").startswith("http") else None})
            for p in sorted(payments, key=lambda p: (p.get("date") or "", p.get("id") or ""))]


def _milestones(milestones: Iterable[dict]) -> list[dict]:
    return [_clean({"id": m.get("source_id") or m["id"], "title": m.get("title"),
                    "type": m.get("milestone_type"), "status": m.get("status"), "dueDate": m.get("due_date"),
                    "dateMet": m.get("date_met"), "dateModified": m.get("date_modified"),
                    "description": m.get("description"), "value": _money(m.get("value"), m.get("currency"))})
            for m in sorted(milestones, key=lambda m: (m.get("due_date") or "", m.get("id") or ""))]


def _contract(row: dict, children: dict[str, dict[str, list[dict]]]) -> dict:
    def of(table: str) -> list[dict]:
        return children.get(table, {}).get(row["id"], [])

    summary: dict[str, Any] = {
        "ocid": row.get("process_id") if str(row.get("process_id") or "").startswith("ocds-") else None,
        "externalReference": row.get("number") or row.get("secop_id") or row.get("process_id") or "",
        "nature": _nature(row.get("contract_type")),
        "title": (row.get("object") or "")[:300], "description": row.get("object") or "",
        "status": row.get("status") or "",
    }
    if row.get("entity"):
        summary["tender"] = {"procuringEntity": {"name": row["entity"]}}
    summary["contractValue"] = _money(row.get("initial_value"), row.get("currency"))
    period = {k: v for k, v in (("startDate", row.get("start_date")), ("endDate", row.get("end_date"))) if v}
    if period:
        summary["contractPeriod"] = period
    if row.get("contractor"):
        summary["suppliers"] = [{"name": row["contractor"]}]
    if row.get("url"):
        summary["documents"] = [{"id": "secop", "url": row["url"], "documentType": "contractNotice"}]
    summary["modifications"] = _modifications(row, of("contract_modifications"))
    summary["transactions"] = _transactions(row, of("payments"))
    summary["milestones"] = _milestones(of("contract_milestones"))
    return {"id": row["id"], "summary": _clean(summary)}


def _budget(contracts: list[dict], children: dict[str, dict[str, list[dict]]]) -> Optional[dict]:
    """The project's budget: every allocation still backing its contracts (CDP/RP, source, vigencia)."""
    lines = [(c, b) for c in contracts for b in children.get("budget_allocations", {}).get(c["id"], [])
             if not b.get("archived") and _decimal(b.get("amount")) is not None]
    if not lines:
        return None
    breakdown = []
    for contract, b in lines:
        year = b.get("vigencia")
        label = FUNDING_LABELS.get(b.get("funding_source") or "", b.get("funding_source") or "")
        breakdown.append(_clean({
            "id": b.get("cdp_number") or b["id"],
            "description": " · ".join(x for x in (b.get("rubro"), b.get("description"),
                                                  f"CDP {b['cdp_number']}" if b.get("cdp_number") else "",
                                                  f"RP {b['rp_number']}" if b.get("rp_number") else "") if x),
            "amount": _money(b.get("amount"), contract.get("currency")),
            "period": {"startDate": f"{year}-01-01", "endDate": f"{year}-12-31"} if year else None,
            "sourceParty": {"name": label} if label else None,
        }))
    total = sum((_decimal(b.get("amount")) or Decimal(0)) for _c, b in lines)
    return {"amount": _money(total, lines[0][0].get("currency")), "budgetBreakdown": breakdown}


def _project(work: dict, contracts: list[dict], children: dict[str, dict[str, list[dict]]]) -> dict:
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
    project["budget"] = _budget(contracts, children)
    if contracts:
        project["contractingProcesses"] = [_contract(c, children) for c in contracts]
    return _clean(project)


def project_package(tables: dict[str, list[dict]], publisher: str) -> dict:
    """An OC4IDS project package from the encoded records of a `.veeduria` package."""
    contracts = {c["id"]: c for c in tables.get("contracts", [])}
    by_work: dict[str, list[dict]] = {}
    for link in tables.get("contract_works", []):
        contract = contracts.get(link.get("contract_id"))
        if contract is not None:
            by_work.setdefault(link.get("work_id"), []).append(contract)
    children: dict[str, dict[str, list[dict]]] = {}
    for table in ("contract_modifications", "payments", "contract_milestones", "budget_allocations"):
        for row in tables.get(table, []):
            children.setdefault(table, {}).setdefault(row.get("contract_id"), []).append(row)
    profile = (tables.get("veeduria_profile") or [{}])[0]
    return {
        "version": "0.9",
        "uri": "urn:veeduria:paquete",
        "publishedDate": dt.datetime.now(dt.timezone.utc).isoformat(),
        "publisher": {"name": profile.get("name") or publisher},
        "projects": [_project(w, by_work.get(w["id"], []), children) for w in tables.get("works", [])],
    }
