"""OCDS (release, release package, record, record package) and OC4IDS project packages.

Validation is deliberately lenient: Colombia Compra Eficiente's files use non-standard tags
and keys (`contractTermination`, `urlSECOP`, `num_constancia`), repeat the same contract inside
one release, and older files use `amount` where 1.1 uses `value`. Releases of one `ocid` are
merged in date order so the latest statement of each contract wins.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Iterator, Optional

from .records import (
    BudgetRecord, ContractRecord, ImportItem, MilestoneRecord, ModificationRecord, PaymentRecord, ProgressRecord,
    ProjectRecord, RowError,
)
from .secop import modification_kind
from .values import ValueProblem, clean_id, clean_text, parse_date, parse_money, parse_number

_SECOP2_CONTRACT = re.compile(r"^CO1\.PCCNTR\.\d+$")
_COLOMBIA_PREFIX = "ocds-k50g02-"


def document_kind(doc: Any) -> Optional[str]:
    """'ocds-release', 'ocds-release-package', 'ocds-record', 'ocds-record-package',
    'oc4ids' or None, from the top-level keys."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("projects"), list):
        return "oc4ids"
    if isinstance(doc.get("records"), list):
        return "ocds-record-package"
    if "compiledRelease" in doc or ("releases" in doc and "ocid" in doc) or "versionedRelease" in doc:
        return "ocds-record"
    if isinstance(doc.get("releases"), list):
        return "ocds-release-package"
    if "ocid" in doc:
        return "ocds-release"
    return None


def _amount(obj: Any) -> tuple[Optional[Decimal], Optional[str]]:
    if not isinstance(obj, dict):
        return None, None
    return parse_money(obj.get("amount")), clean_text(obj.get("currency"))


def _merge(into: dict, new: dict) -> dict:
    """Later release wins field by field; lists of objects with ids are merged by id."""
    out = dict(into)
    for key, value in new.items():
        if value in (None, "", [], {}):
            continue
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = _merge(old, value)
        elif isinstance(value, list) and isinstance(old, list) and all(isinstance(v, dict) and "id" in v for v in value + old):
            merged = {str(v["id"]): v for v in old}
            for v in value:
                merged[str(v["id"])] = _merge(merged.get(str(v["id"]), {}), v)
            out[key] = list(merged.values())
        else:
            out[key] = value
    return out


def compile_releases(releases: list[dict]) -> dict:
    """One compiled release from several releases of the same ocid (date order)."""
    ordered = sorted((r for r in releases if isinstance(r, dict)), key=lambda r: str(r.get("date") or ""))
    compiled: dict = {}
    for release in ordered:
        compiled = _merge(compiled, release)
    return compiled


def _compiled_releases(doc: dict, kind: str) -> Iterator[tuple[int, dict]]:
    if kind == "ocds-release":
        yield 1, compile_releases([doc])
    elif kind == "ocds-record":
        yield 1, doc.get("compiledRelease") or compile_releases(doc.get("releases") or [])
    elif kind == "ocds-record-package":
        for index, record in enumerate(doc.get("records") or [], start=1):
            if isinstance(record, dict):
                compiled = record.get("compiledRelease")
                if not compiled:
                    full = [r for r in record.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
                    compiled = compile_releases(full) if full else {"ocid": record.get("ocid")}
                yield index, compiled
    elif kind == "ocds-release-package":
        groups: dict[str, list[dict]] = {}
        first_index: dict[str, int] = {}
        for index, release in enumerate(doc.get("releases") or [], start=1):
            if isinstance(release, dict):
                ocid = str(release.get("ocid") or f"sin-ocid-{index}")
                groups.setdefault(ocid, []).append(release)
                first_index.setdefault(ocid, index)
        for ocid, group in groups.items():
            yield first_index[ocid], compile_releases(group)


def _party_id(party: dict) -> Optional[str]:
    ident = party.get("identifier") or {}
    value = clean_id(ident.get("id"))
    if value and value not in ("1",):
        return value
    pid = clean_id(party.get("id"))
    if pid and re.fullmatch(r"(?:CO-RUE|NIT)?-?\d[\d-]{4,}", pid):
        return re.sub(r"^(?:CO-RUE|NIT)-?", "", pid)
    return None


def _parties(release: dict, role: str) -> list[dict]:
    return [p for p in release.get("parties") or [] if isinstance(p, dict) and role in (p.get("roles") or [])]


def milestones_of(items: Any, contract_key: str, section: str, prefix: str, row: int) -> list[MilestoneRecord]:
    """Milestone records of one OCDS/OC4IDS `milestones` list.

    `prefix` names the list the milestone came from (`milestones/`, `implementation/milestones/`):
    OCDS milestone ids are unique within their list only, and the prefixed id is what a
    re-import matches on. Raises ValueProblem on an unreadable date or amount.
    """
    out: list[MilestoneRecord] = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        title = clean_text(item.get("title"))
        due = parse_date(item.get("dueDate"))
        mid = clean_id(item.get("id"))
        value, currency = _amount(item.get("value"))
        out.append(MilestoneRecord(
            contract_key=contract_key, source_id=prefix + (mid or f"huella:{title}:{due}"), section=section,
            title=title, milestone_type=clean_text(item.get("type")), status=clean_text(item.get("status")),
            due_date=due, date_met=parse_date(item.get("dateMet")), date_modified=parse_date(item.get("dateModified")),
            description=clean_text(item.get("description")), value=value, currency=currency, row=row,
        ))
    return out


def _contract_key(ocid: str, contract_id: str) -> str:
    if _SECOP2_CONTRACT.match(contract_id):
        return contract_id
    return f"{ocid}/{contract_id}"


def contracts_from_release(release: dict, row: int) -> Iterator[ImportItem]:
    """Contract records (with amendments, transactions, budget) of one compiled release."""
    ocid = clean_text(release.get("ocid")) or f"sin-ocid-{row}"
    contracts = [c for c in release.get("contracts") or [] if isinstance(c, dict) and c.get("id") is not None]
    if not contracts:
        yield RowError(row, f"el proceso {ocid} no tiene contratos (solo etapas previas); no hay nada que importar")
        return
    buyer = release.get("buyer") or {}
    buyer_party = next(iter(_parties(release, "buyer")), {})
    entity = clean_text(buyer.get("name")) or clean_text(buyer_party.get("name"))
    entity_nit = _party_id(buyer_party) or _party_id(buyer)
    tender = release.get("tender") or {}
    awards = {str(a.get("id")): a for a in release.get("awards") or [] if isinstance(a, dict)}
    suppliers_by_name = {clean_text(p.get("name")): p for p in _parties(release, "supplier")}
    process_id = ocid[len(_COLOMBIA_PREFIX):] if ocid.startswith(_COLOMBIA_PREFIX) else ocid
    url = clean_text(release.get("urlSECOP"))
    budget = (release.get("planning") or {}).get("budget") or {}
    merged: dict[str, dict] = {}
    for contract in contracts:  # the same contract may be repeated inside one release
        cid = str(contract["id"]).strip()
        merged[cid] = _merge(merged.get(cid, {}), contract)
    for cid, contract in merged.items():
        key = _contract_key(ocid, cid)
        try:
            value, currency = _amount(contract.get("value"))
            period = contract.get("period") or {}
            start = parse_date(period.get("startDate"))
            end = parse_date(period.get("endDate"))
            if end is None and start is not None and period.get("durationInDays"):
                end = start + dt.timedelta(days=int(period["durationInDays"]))
            signed = parse_date(contract.get("dateSigned"))
            award = awards.get(str(contract.get("awardID")), {})
            supplier_list = contract.get("suppliers") or award.get("suppliers") or []
            if not supplier_list:
                supplier_list = _parties(release, "supplier")
            names = [clean_text(s.get("name")) for s in supplier_list if isinstance(s, dict)]
            names = [n for n in names if n]
            contractor_id = None
            for supplier in supplier_list:
                if isinstance(supplier, dict):
                    party = suppliers_by_name.get(clean_text(supplier.get("name"))) or supplier
                    contractor_id = _party_id(party) or _party_id(supplier)
                    if contractor_id:
                        break
            mods = []
            for amendment in contract.get("amendments") or []:
                if not isinstance(amendment, dict):
                    continue
                text = clean_text(amendment.get("description")) or clean_text(amendment.get("rationale"))
                mods.append(ModificationRecord(
                    contract_key=key, source_id=clean_id(amendment.get("id")) or f"ocds:{amendment.get('date')}",
                    kind=modification_kind(text), date=parse_date(amendment.get("date")), reason=text, row=row,
                ))
            payments = []
            for tx in (contract.get("implementation") or {}).get("transactions") or []:
                if not isinstance(tx, dict):
                    continue
                amount, _cur = _amount(tx.get("value") or tx.get("amount"))
                if amount is None:
                    continue
                payments.append(PaymentRecord(
                    contract_key=key, source_id=clean_id(tx.get("id")), date=parse_date(tx.get("date")),
                    amount=amount, kind="pago", document=clean_text(tx.get("uri")) or clean_id(tx.get("id")), row=row,
                ))
            milestones = milestones_of(contract.get("milestones"), key, "contrato", "milestones/", row)
            milestones += milestones_of((contract.get("implementation") or {}).get("milestones"), key, "ejecucion",
                                        "implementation/milestones/", row)
            budgets = []
            b_amount, _ = _amount(budget.get("amount"))
            b_id = clean_id(budget.get("id"))
            if b_amount is not None or b_id:
                is_cdp = "CDP" in (budget.get("description") or "").upper()
                budgets.append(BudgetRecord(
                    contract_key=key, source_id="ocds:planning.budget",
                    vigencia=signed.year if signed else None,
                    cdp_number=b_id if is_cdp else None, cdp_amount=b_amount if is_cdp else None,
                    amount=b_amount, description=clean_text(budget.get("description")) or clean_text(budget.get("project")),
                    row=row,
                ))
        except (ValueProblem, ValueError, TypeError) as problem:
            yield RowError(row, f"contrato {cid} del proceso {ocid}: {problem}")
            continue
        yield ContractRecord(
            source_key=key, row=row, secop_id=cid if _SECOP2_CONTRACT.match(cid) else None,
            process_id=process_id, number=None if _SECOP2_CONTRACT.match(cid) else cid, url=url,
            entity=entity, entity_nit=entity_nit, contractor=", ".join(names) or None,
            contractor_id=contractor_id,
            object=clean_text(contract.get("description")) or clean_text(contract.get("title"))
            or clean_text(tender.get("description")) or clean_text(tender.get("title")),
            modality=clean_text(tender.get("procurementMethodDetails")) or clean_text(tender.get("procurementMethod")),
            initial_value=value, currency=currency, signed_date=signed, start_date=start, end_date=end,
            status=clean_text(contract.get("status")), modifications=tuple(mods),
            payments=tuple(payments), budget=tuple(budgets), milestones=tuple(milestones),
        )


def parse_ocds(doc: dict, kind: str) -> Iterator[ImportItem]:
    """All contract records of an OCDS document of the given kind."""
    for row, release in _compiled_releases(doc, kind):
        yield from contracts_from_release(release, row)


def _observations(metric: dict) -> list[tuple[dt.date, Decimal]]:
    points = []
    for obs in metric.get("observations") or []:
        if not isinstance(obs, dict):
            continue
        period = obs.get("period") or {}
        when = parse_date(period.get("endDate") or period.get("startDate") or obs.get("date"))
        measure = parse_number(obs.get("measure") if obs.get("measure") is not None else (obs.get("value") or {}).get("amount"))
        if when and measure is not None:
            points.append((when, measure))
    return sorted(points)


def parse_oc4ids(doc: dict) -> Iterator[ImportItem]:
    """OC4IDS projects: contracting processes as contracts, metrics as progress reports."""
    for index, project in enumerate(doc.get("projects") or [], start=1):
        if not isinstance(project, dict):
            yield RowError(index, "el proyecto no es un objeto JSON")
            continue
        pid = clean_text(project.get("id")) or f"proyecto-{index}"
        try:
            metrics = {m.get("id"): m for m in project.get("metrics") or [] if isinstance(m, dict)}
            physical = _observations(metrics.get("physicalProgress", {}))
            financial = _observations(metrics.get("financialProgress", {}))
            budget_amount, currency = _amount((project.get("budget") or {}).get("amount"))
            completion = project.get("completion") or {}
            final_value, _ = _amount(completion.get("finalValue"))
            period = project.get("period") or {}
            authority = project.get("publicAuthority") or {}
        except (ValueProblem, ValueError, TypeError) as problem:
            yield RowError(index, f"proyecto {pid}: {problem}")
            continue
        keys = []
        construction_key = None
        for cp in project.get("contractingProcesses") or []:
            if not isinstance(cp, dict):
                continue
            summary = cp.get("summary") or {}
            ocid = clean_text(summary.get("ocid")) or clean_text(cp.get("id"))
            if not ocid:
                yield RowError(index, f"proyecto {pid}: un proceso de contratación no tiene identificador")
                continue
            key = ocid
            try:
                value, cur = _amount(summary.get("contractValue"))
                final, _ = _amount(summary.get("finalValue"))
                cperiod = summary.get("contractPeriod") or {}
                tender = summary.get("tender") or {}
                entity = (tender.get("procuringEntity") or {}).get("name") or authority.get("name")
                suppliers = [clean_text(s.get("name")) for s in summary.get("suppliers") or [] if isinstance(s, dict)]
                mods = []
                for mod in summary.get("modifications") or []:
                    if not isinstance(mod, dict):
                        continue
                    old_v, _ = _amount(mod.get("oldContractValue"))
                    new_v, _ = _amount(mod.get("newContractValue"))
                    old_end = parse_date((mod.get("oldContractPeriod") or {}).get("endDate"))
                    new_end = parse_date((mod.get("newContractPeriod") or {}).get("endDate"))
                    kind = {"value": "adicion", "duration": "prorroga"}.get(str(mod.get("type")), "otrosi")
                    mods.append(ModificationRecord(
                        contract_key=key, source_id=clean_id(mod.get("id")), kind=kind,
                        date=parse_date(mod.get("releaseDate") or mod.get("date")),
                        value_change=(new_v - old_v) if (new_v is not None and old_v is not None) else None,
                        days_change=(new_end - old_end).days if (new_end and old_end) else None,
                        reason=clean_text(mod.get("description")) or clean_text(mod.get("rationale")), row=index,
                    ))
                if not mods and final is not None and value is not None and final != value:
                    mods.append(ModificationRecord(
                        contract_key=key, source_id="oc4ids:finalValue", kind="adicion" if final > value else "otrosi",
                        value_change=final - value, reason="Diferencia entre el valor final y el valor del contrato (OC4IDS)",
                        row=index,
                    ))
                payments = []
                for tx in summary.get("transactions") or []:
                    if isinstance(tx, dict):
                        amount, _ = _amount(tx.get("value") or tx.get("amount"))
                        if amount is not None:
                            payments.append(PaymentRecord(
                                contract_key=key, source_id=clean_id(tx.get("id")), date=parse_date(tx.get("date")),
                                amount=amount, document=clean_text(tx.get("uri")), row=index))
                milestones = milestones_of(summary.get("milestones"), key, "contrato", "milestones/", index)
                record = ContractRecord(
                    source_key=key, row=index, process_id=ocid, number=clean_text(summary.get("externalReference")),
                    entity=clean_text(entity), contractor=", ".join(s for s in suppliers if s) or None,
                    object=clean_text(summary.get("title")) or clean_text(summary.get("description")),
                    modality=clean_text(tender.get("procurementMethodDetails")) or clean_text(tender.get("procurementMethod")),
                    contract_type=", ".join(summary.get("nature") or []) or None,
                    initial_value=value, currency=cur, start_date=parse_date(cperiod.get("startDate")),
                    end_date=parse_date(cperiod.get("endDate")), status=clean_text(summary.get("status")),
                    modifications=tuple(mods), payments=tuple(payments), milestones=tuple(milestones),
                )
            except (ValueProblem, ValueError, TypeError) as problem:
                yield RowError(index, f"proyecto {pid}, proceso {ocid}: {problem}")
                continue
            keys.append(key)
            if construction_key is None and "construction" in (summary.get("nature") or []):
                construction_key = key
            yield record
        target = construction_key or (keys[0] if keys else None)
        if target:
            for kind, series, label in (("fisico", physical, "Avance físico"), ("financiero", financial, "Avance financiero")):
                for when, measure in series:
                    yield ProgressRecord(contract_key=target, source_id=f"oc4ids:{pid}:{kind}:{when.isoformat()}",
                                         date=when, actual_percent=measure, kind=kind,
                                         description=f"{label} del proyecto (OC4IDS)", row=index)
        yield ProjectRecord(
            source_key=pid, title=clean_text(project.get("title")) or pid, status=clean_text(project.get("status")),
            description=clean_text(project.get("description")), budget_amount=budget_amount, currency=currency,
            start_date=parse_date(period.get("startDate")), end_date=parse_date(period.get("endDate")),
            completion_end_date=parse_date(completion.get("endDate")), completion_final_value=final_value,
            completion_details=clean_text(completion.get("endDateDetails")) or clean_text(completion.get("finalValueDetails")),
            physical_progress=tuple(physical), financial_progress=tuple(financial),
            contract_keys=tuple(keys), row=index,
        )
