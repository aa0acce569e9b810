"""Contract service: manual entry with NIT rules, computed values, audit, links, paging, search."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.domain.works import WorkFields
from veeduria_app.services.contracts import ContractFields, ContractQuery, format_nit, normalise_nit
from veeduria_app.services.errors import ConflictError, NotFoundError, ValidationError
from veeduria_app.services.identity import Actor


def _fields(**kw) -> ContractFields:
    base = dict(number="SAMC-010-2026", entity="Distrito de Cartagena", entity_nit="890.480.184-4",
                contractor="Obras del Sur S.A.S.", contractor_id="900.123.456-8", contractor_id_type="NIT",
                object="Pavimentación de la calle 30, barrio Olaya Herrera", initial_value=Decimal(500_000_000),
                signed_date=dt.date(2026, 1, 5), start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 7, 10))
    base.update(kw)
    return ContractFields(**base)


def test_nit_rules():
    assert normalise_nit("890.480.184-4") == "890480184"
    assert normalise_nit("890480184") == "890480184"  # SECOP writes it without check digit
    assert format_nit("890480184") == "890.480.184-4"
    with pytest.raises(ValidationError, match="es 4, no 5"):
        normalise_nit("890.480.184-5")
    with pytest.raises(ValidationError, match="solo números"):
        normalise_nit("89O.480.184")


def test_create_validates_and_audits(services):
    with pytest.raises(ValidationError, match="objeto"):
        services.contracts.create(_fields(object=""))
    with pytest.raises(ValidationError, match="contratista"):
        services.contracts.create(_fields(contractor_id="900.123.456-1"))
    with pytest.raises(ValidationError, match="anterior a la fecha de inicio"):
        services.contracts.create(_fields(end_date=dt.date(2025, 12, 1)))
    with pytest.raises(ValidationError, match="cédula"):
        services.contracts.create(_fields(contractor_id="12", contractor_id_type="CC"))
    contract = services.contracts.create(_fields())
    assert contract.entity_nit == "890480184" and contract.contractor_id == "900123456"
    assert contract.current_value == Decimal(500_000_000) and contract.paid_value is None
    assert contract.source.label.startswith("digitado por")
    with services.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == contract.id)).one()
        assert entry.action == "create" and entry.new_values["initial_value"] == "500000000.00"


def test_current_value_end_date_and_paid(services):
    c = services.contracts.create(_fields())
    services.contracts.add_modification(c.id, "adicion", dt.date(2026, 3, 1), value_change=Decimal(200_000_000))
    services.contracts.add_modification(c.id, "suspension", dt.date(2026, 4, 1), end_date=dt.date(2026, 5, 1))
    services.contracts.add_modification(c.id, "prorroga", dt.date(2026, 6, 1), days_change=15)
    services.contracts.add_payment(c.id, dt.date(2026, 1, 15), Decimal(150_000_000), "anticipo")
    services.contracts.add_payment(c.id, dt.date(2026, 4, 20), Decimal(100_000_000), "acta_parcial")
    got = services.contracts.get(c.id)
    assert got.current_value == Decimal(700_000_000) and got.additions_pct == Decimal("40.00")
    assert got.end_date == dt.date(2026, 7, 10)
    assert got.current_end_date == dt.date(2026, 7, 10) + dt.timedelta(days=30 + 15)
    assert got.paid_value == Decimal(250_000_000)
    terms = got.to_terms()
    assert terms.payments[0].is_advance and terms.initial_end_date == dt.date(2026, 7, 10)
    with pytest.raises(ValidationError, match="necesita el valor"):
        services.contracts.add_modification(c.id, "adicion", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="mayor que cero"):
        services.contracts.add_payment(c.id, dt.date(2026, 3, 1), Decimal(0))


def test_update_conflict_and_audit_phrase(services):
    c = services.contracts.create(_fields())
    updated = services.contracts.update(c.id, _fields(initial_value=Decimal(550_000_000)), expected_version=c.version)
    assert updated.initial_value == Decimal(550_000_000)
    with pytest.raises(ConflictError):
        services.contracts.update(c.id, _fields(initial_value=Decimal(1)), expected_version=c.version)
    retried = services.contracts.update(c.id, _fields(initial_value=Decimal(550_000_000)), expected_version=c.version)
    assert retried.version == updated.version  # the same edit sent again after a lost answer: not a conflict
    with services.db.read() as session:
        summary = session.scalars(select(AuditEntry).where(AuditEntry.action == "update",
                                                           AuditEntry.entity_id == c.id)).one().summary
    assert "valor del contrato: 500000000.00 → 550000000.00" in summary


def test_read_only_role_cannot_write(services):
    services.identity.set(Actor("lector", "Lectora", "consulta"))
    with pytest.raises(Exception, match="no tiene permiso"):
        services.contracts.create(_fields())


def test_links_paging_and_accent_blind_search(services):
    work = services.works.create(WorkFields(name="Pavimentación Olaya Herrera calle 30", type="via", localidad="2"))
    ids = [services.contracts.create(_fields(number=f"CD-{i:03d}-2026", object=f"Servicio {i}",
                                             signed_date=dt.date(2026, 1, 1) + dt.timedelta(days=i))).id
           for i in range(25)]
    target = services.contracts.create(_fields(number="LP-777-2026", object="CONSTRUCCIÓN DEL CDI EL POZÓN"))
    assert services.contracts.count() == 26
    first = services.contracts.page(ContractQuery(), 0, 10)
    assert len(first) == 10 and first[0].number == "CD-024-2026"  # newest signature first
    assert {r.id for r in services.contracts.page(ContractQuery(), 10, 100)} | {r.id for r in first} == set(ids) | {target.id}
    [hit] = services.contracts.page(ContractQuery(text="pozon cdi"), 0, 10)
    assert hit.id == target.id
    assert services.contracts.count(ContractQuery(text="890480184")) == 26
    assert services.contracts.count(ContractQuery(text="obras del sur")) == 26
    assert services.contracts.suggestions_for_work(work.id) == []  # no object shares the work's words
    by_text = services.contracts.create(_fields(number="SA-030-2026", object="Pavimentación de la calle 30 en Olaya"))
    by_bpin = services.contracts.create(_fields(number="SA-031-2026", object="Obra civil", bpin="2026130010099"))
    services.works.update(work.id, WorkFields(name=work.name, type="via", localidad=work.localidad, bpin="2026130010099"))
    reasons = {r.id: reason for r, reason in services.contracts.suggestions_for_work(work.id)}
    assert reasons[by_bpin.id] == "mismo BPIN (2026130010099)"
    assert reasons[by_text.id].endswith("palabras del nombre de la obra en el objeto")
    assert set(reasons) == {by_text.id, by_bpin.id}
    for extra in (by_text.id, by_bpin.id):
        services.contracts.archive(extra)
    services.contracts.link(target.id, work.id)
    services.contracts.link(target.id, work.id)  # twice: still one link
    assert [c.id for c in services.contracts.for_work(work.id)] == [target.id]
    assert all(r.id != target.id for r, _ in services.contracts.suggestions_for_work(work.id))
    services.contracts.unlink(target.id, work.id)
    with pytest.raises(NotFoundError):
        services.contracts.unlink(target.id, work.id)
    archived = services.contracts.archive(target.id)
    assert archived.archived and services.contracts.count() == 25
    assert services.contracts.count(ContractQuery(include_archived=True)) == 28


def test_manual_correction_of_an_imported_contract_keeps_both_sources(services, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
    from shaped import write_portal_csv

    services.imports.import_file(write_portal_csv(tmp_path / "portal.csv"))
    imported = services.contracts.find("CO1.PCCNTR.5003")
    fields = ContractFields(number=imported.number, secop_id=imported.secop_id, entity=imported.entity,
                            entity_nit=imported.entity_nit, contractor=imported.contractor,
                            contractor_id=imported.contractor_id, contractor_id_type="NIT", object=imported.object,
                            initial_value=imported.initial_value, start_date=imported.start_date,
                            end_date=imported.end_date, supervisor="Ing. Luis Barrios")
    edited = services.contracts.update(imported.id, fields)
    assert edited.supervisor == "Ing. Luis Barrios"
    assert edited.source.label.startswith("archivo portal.csv; corregido a mano por")


def test_the_contract_window_and_the_comparison_agree_on_the_term(services):
    """SECOP's «días adicionados» without prórroga acts, and a suspension given in days: the
    contract's «fin actual» and the comparison's «plazo vigente» come from the same rules."""
    from veeduria_app.db.models.contracts import Contract

    work = services.works.create(WorkFields(name="Canal Las Gaviotas, tramo 2", type="canal_drenaje", localidad="2"))
    c = services.contracts.create(_fields())
    services.contracts.link(c.id, work.id)
    with services.db.transaction() as session:
        session.get(Contract, c.id).reported_added_days = 120  # as a SECOP II import stores it
    services.contracts.add_modification(c.id, "suspension", dt.date(2026, 3, 1), days_change=30, act_number="AS-1")
    expected = dt.date(2026, 7, 10) + dt.timedelta(days=120 + 30)
    assert services.contracts.get(c.id).current_end_date == expected
    assert services.analysis.progress(work.id).snapshot.current_end_date == expected


def test_only_prorrogas_and_suspensions_carry_term_fields(services):
    """A date typed into an adición would be stored and printed but counted nowhere: refused."""
    c = services.contracts.create(_fields())
    with pytest.raises(ValidationError, match="no cambia el plazo") as caught:
        services.contracts.add_modification(c.id, "adicion", dt.date(2026, 6, 15), value_change=Decimal(10),
                                            new_end_date=dt.date(2026, 11, 1))
    assert caught.value.field == "new_end_date"
    with pytest.raises(ValidationError, match="fin de la suspensión"):
        services.contracts.add_modification(c.id, "prorroga", dt.date(2026, 6, 15), days_change=30,
                                            end_date=dt.date(2026, 8, 1))
    assert services.contracts.get(c.id).modifications == ()
    services.contracts.add_modification(c.id, "suspension", dt.date(2026, 6, 15), end_date=dt.date(2026, 7, 15))
    services.contracts.add_modification(c.id, "prorroga", dt.date(2026, 7, 1), new_end_date=dt.date(2026, 9, 10))
    assert services.contracts.get(c.id).current_end_date == dt.date(2026, 9, 10)  # the act states the end itself
