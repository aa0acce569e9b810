"""Budget allocations typed by hand: validation in Spanish, audit, edit with optimistic
locking, removal by archiving (kept, not revived by a re-import), and the contract JSON."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.services.contracts import BudgetFields, ContractFields
from veeduria_app.services.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError


def _contract(services):
    return services.contracts.create(ContractFields(number="LP-7-2026", entity="Distrito de Cartagena",
                                                    object="Canal pluvial", initial_value=Decimal(800_000_000)))


def _fields(**kw) -> BudgetFields:
    base = dict(vigencia="2026", rubro="2.3.2.02.02.005 Infraestructura vial", funding_source="SGP",
                cdp_number="CDP-1187", cdp_amount=Decimal(800_000_000), rp_number="RP-2290",
                rp_amount=Decimal(800_000_000))
    base.update(kw)
    return BudgetFields(**base)


def _audit(services, entity_id):
    with services.db.read() as session:
        return [(e.action, e.summary, e.old_values, e.new_values) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.at))]


@pytest.mark.parametrize("changes, message", [
    (dict(vigencia=""), "Escriba la vigencia"),
    (dict(vigencia="dos mil"), "no es un año"),
    (dict(vigencia="26"), "entre 1990 y 2100"),
    (dict(vigencia=3026), "entre 1990 y 2100"),
    (dict(cdp_amount=Decimal(-1)), "valor del CDP no puede ser negativo"),
    (dict(rp_amount=Decimal(-5)), "valor del RP no puede ser negativo"),
    (dict(amount=Decimal("NaN")), "valor asignado no es un número"),
    (dict(funding_source="banco"), "Fuente de financiación «banco» desconocida"),
    (dict(rubro="", cdp_number="", cdp_amount=None, rp_number="", rp_amount=None), "al menos el rubro"),
    (dict(rubro="x" * 301), "rubro es demasiado largo"),
])
def test_bad_input_is_refused_and_writes_nothing(services, changes, message):
    contract = _contract(services)
    with pytest.raises(ValidationError, match=message) as info:
        services.contracts.add_budget(contract.id, _fields(**changes))
    assert "\n" not in str(info.value)
    assert services.contracts.budget(contract.id, include_archived=True) == []
    assert [a for a, *_ in _audit(services, contract.id)] == ["create"]  # only the contract itself


def test_add_lists_and_audits(services):
    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, _fields(funding_source="regalías", cdp_amount=Decimal(0)))
    assert (added.vigencia, added.funding_source, added.funding_label) == (2026, "regalias", "Regalías")
    assert added.cdp_amount == Decimal(0) and added.rp_amount == Decimal(800_000_000)
    assert added.source.label.startswith("digitado por")
    second = services.contracts.add_budget(contract.id, _fields(vigencia=2025, funding_source="recursos_propios",
                                                                rubro="", cdp_number="", rp_number="",
                                                                cdp_amount=None, rp_amount=None,
                                                                amount=Decimal(120_000_000)))
    listed = services.contracts.budget(contract.id)
    assert [b.id for b in listed] == [second.id, added.id]  # oldest vigencia first
    assert [b.id for b in services.contracts.get(contract.id).budget] == [second.id, added.id]
    [(action, summary, old, new)] = _audit(services, added.id)
    assert action == "create" and old is None
    assert "Regalías 2026" in summary and "LP-7-2026" in summary
    assert new["cdp_number"] == "CDP-1187" and new["rp_amount"] == "800000000.00"


def test_edit_audits_only_changes_and_refuses_stale_versions(services):
    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, _fields())
    edited = services.contracts.update_budget(added.id, _fields(rp_amount=Decimal(750_000_000), rp_number="RP-2291"),
                                              expected_version=added.version)
    assert (edited.rp_amount, edited.rp_number, edited.cdp_number) == (Decimal(750_000_000), "RP-2291", "CDP-1187")
    assert edited.version == added.version + 1
    (_, _, _, _), (action, summary, old, new) = _audit(services, added.id)
    assert action == "update" and set(new) == {"rp_number", "rp_amount"}
    assert old["rp_number"] == "RP-2290" and "valor del RP" in summary
    with pytest.raises(ConflictError):
        services.contracts.update_budget(added.id, _fields(rubro="otro"), expected_version=added.version)
    retried = services.contracts.update_budget(added.id, _fields(rp_amount=Decimal(750_000_000), rp_number="RP-2291"),
                                               expected_version=added.version)  # the same edit, its answer lost
    assert retried.version == edited.version and len(_audit(services, added.id)) == 2
    with pytest.raises(ValidationError, match="negativo"):
        services.contracts.update_budget(added.id, _fields(amount=Decimal(-1)))
    assert services.contracts.budget(contract.id)[0].amount is None
    same = services.contracts.update_budget(added.id, _fields(rp_amount=Decimal(750_000_000), rp_number="RP-2291"))
    assert same.version == edited.version and len(_audit(services, added.id)) == 2  # nothing changed: no audit
    with pytest.raises(NotFoundError, match="No existe la asignación"):
        services.contracts.update_budget("no-existe", _fields())


def test_archive_hides_keeps_and_restores(services):
    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, _fields())
    services.contracts.archive_budget(added.id)
    assert services.contracts.budget(contract.id) == [] and services.contracts.get(contract.id).budget == ()
    [kept] = services.contracts.budget(contract.id, include_archived=True)
    assert kept.archived and kept.cdp_number == "CDP-1187"
    assert [a for a, *_ in _audit(services, added.id)] == ["create", "archive"]
    services.contracts.archive_budget(added.id, archived=False)
    assert [b.id for b in services.contracts.budget(contract.id)] == [added.id]


def test_archived_imported_allocation_stays_archived_on_reimport(services, samples_dir):
    path = samples_dir / "ocds" / "colombia_secop1_release_ocds-k50g02-16-12-5282164.json"
    services.imports.import_file(path)
    contract = services.contracts.find("1210100-301-2016")
    [imported] = contract.budget
    assert imported.cdp_number == "696" and imported.source.file_name == path.name
    corrected = services.contracts.update_budget(imported.id, BudgetFields(
        vigencia=imported.vigencia, funding_source=imported.funding_source, cdp_number="696",
        cdp_amount=imported.cdp_amount, amount=imported.amount, description=imported.description,
        rubro="Gastos de funcionamiento"))
    assert corrected.source.label.startswith("archivo ") and "corregido a mano" in corrected.source.label
    services.contracts.archive_budget(imported.id)
    again = services.imports.import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert services.contracts.get(contract.id).budget == ()
    [kept] = services.contracts.budget(contract.id, include_archived=True)
    assert kept.archived and kept.rubro == "Gastos de funcionamiento"  # the file has no rubro: the typed one stays


def test_contract_json_carries_the_allocations(services):
    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, _fields(description="Convenio 44 de 2026"))
    data = services.contracts.get(contract.id).to_json()
    assert data["budget"] == [{
        "id": added.id, "contract_id": contract.id, "vigencia": 2026,
        "rubro": "2.3.2.02.02.005 Infraestructura vial", "funding_source": "sgp", "funding_label": "SGP",
        "amount": None, "cdp_number": "CDP-1187", "cdp_amount": 800000000, "rp_number": "RP-2290",
        "rp_amount": 800000000, "description": "Convenio 44 de 2026", "source": added.source.label,
        "archived": False, "version": 1,
    }]
    assert json.dumps(data)


def test_reading_role_cannot_change_allocations(services):
    from veeduria_app.services.identity import Actor

    contract = _contract(services)
    added = services.contracts.add_budget(contract.id, _fields())
    services.identity.set(Actor("lectora", "Lectora", "consulta"), authenticated=True)
    for call in (lambda: services.contracts.add_budget(contract.id, _fields()),
                 lambda: services.contracts.update_budget(added.id, _fields()),
                 lambda: services.contracts.archive_budget(added.id)):
        with pytest.raises(PermissionDenied):
            call()
