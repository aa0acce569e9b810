"""OCDS/OC4IDS contract milestones: which real samples hold them, and what they say."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from veeduria_app.importers.detect import read_all
from veeduria_app.importers.ocds import milestones_of
from veeduria_app.importers.records import ContractRecord


def _contracts(path):
    return [i for i in read_all(path)[1] if isinstance(i, ContractRecord)]


def test_mexico_implementation_milestones_in_both_encodings(samples):
    folder = samples / "ocds"
    [utf8] = _contracts(folder / "mexico_cdmx_release-package_utf8.json")
    # Two releases of the process repeat the same 12 milestones: merged by id, kept once.
    assert len(utf8.milestones) == 12
    assert {m.section for m in utf8.milestones} == {"ejecucion"}
    assert {m.status for m in utf8.milestones} == {"partiallyMet"}
    assert {m.title for m in utf8.milestones} == {"Aceptación de servicio"}
    first = utf8.milestones[0]
    assert first.source_id == "implementation/milestones/5000012559-00010-2016"
    assert first.due_date == dt.date(2016, 3, 10) and first.date_met is None and first.value is None
    assert first.description == "Aceptación de servicio"
    assert len({m.source_id for m in utf8.milestones}) == 12
    [latin] = _contracts(folder / "mexico_cdmx_release-package_ISO-8859-1.json")
    assert len(latin.milestones) == 12
    assert latin.milestones[0].title == "Aceptación de servicio"  # decoded as ISO-8859-1
    assert min(m.due_date for m in latin.milestones) == dt.date(2016, 11, 18)


def test_oc4ids_contracting_process_milestone(samples):
    contracts = _contracts(samples / "ocds" / "oc4ids_example_project_package.json")
    with_milestones = [c for c in contracts if c.milestones]
    [construction] = with_milestones
    assert construction.source_key == "ocds-a1b1c1-c9b14c18-adc8-11e6-9901-0019b9f3037b"
    [m] = construction.milestones
    assert (m.source_id, m.title, m.milestone_type, m.status) == ("milestones/1", "Construction payment", "payment", "met")
    assert m.due_date == m.date_met == dt.date(2017, 8, 7)
    assert (m.value, m.currency) == (Decimal("1950000"), "GBP")


def test_samples_without_contract_milestones(samples):
    folder = samples / "ocds"
    for name in ("colombia_secop1_record_ocds-k50g02-16-12-5282164.json",
                 "colombia_secop1_release_2011_ocds-k50g02-11-12-478781.json",
                 "colombia_secop1_release_ocds-k50g02-16-12-5282164.json",
                 # planning/tender milestones («Apertura») belong to the process, not to the contract
                 "colombia_secop1_release_ocds-k50g02-19-12-8875567.json",
                 "colombia_secop2_release_ocds-k50g02-CO1.BDOS.530558.json",
                 "colombia_tvec_release_ocds-k50g02-23117.json",
                 "paraguay_dncp_release-package_1.1.json"):
        contracts = _contracts(folder / name)
        assert contracts and all(c.milestones == () for c in contracts), name


def test_same_id_in_both_lists_stays_two_milestones_and_missing_id_gets_a_fingerprint():
    items = [{"id": "1", "title": "Entrega", "dueDate": "2026-05-01T00:00:00Z", "type": "delivery",
              "status": "scheduled", "dateModified": "2026-04-02T15:30:00Z", "value": {"amount": "1500000.50"}},
             {"title": "Sin id", "dueDate": "2026-06-01"}, "no es un objeto"]
    contract = milestones_of(items, "K", "contrato", "milestones/", 3)
    implementation = milestones_of(items[:1], "K", "ejecucion", "implementation/milestones/", 3)
    assert [m.source_id for m in contract] == ["milestones/1", "milestones/huella:Sin id:2026-06-01"]
    assert implementation[0].source_id == "implementation/milestones/1"
    assert contract[0].value == Decimal("1500000.50") and contract[0].date_modified == dt.date(2026, 4, 2)
    assert contract[0].row == 3 and contract[0].milestone_type == "delivery"
