"""The OC4IDS file inside a `.veeduria` package: what another Open Contracting tool reads.

Built from a real data folder (the demo, plus a real OCDS sample with milestones linked to a
work), checked against the folder's own figures, and read back by the app's own OC4IDS importer
into a fresh folder: contracts, modifications, payments and milestones must all come back.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from veeduria_app.services.package_format import OC4IDS_ENTRY

from package_helpers import open_folder, read_entries

MEXICO = "mexico_cdmx_release-package_utf8.json"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, samples_dir_module):
    base = tmp_path_factory.mktemp("oc4ids")
    source = open_folder(base / "datos")
    source.demo.load()
    source.imports.import_file(samples_dir_module / "ocds" / MEXICO)
    work = source.works.list()[0]
    mexico = [c for c in source.contracts.list() if source.contracts.get(c.id).milestones][0]
    source.contracts.link(mexico.id, work.id)
    result = source.packages.export(base / "todo.veeduria")
    contracts = {c.id: source.contracts.get(c.id) for c in source.contracts.list()}
    budgets = {cid: source.contracts.budget(cid) for cid in contracts}
    links = {w.id: [cid for cid, c in contracts.items() if w.id in c.work_ids] for w in source.works.list()}
    source.close()
    document = json.loads(read_entries(result.path)[OC4IDS_ENTRY])
    return base, document, contracts, budgets, links


@pytest.fixture(scope="module")
def samples_dir_module():
    from conftest import SAMPLES

    if not SAMPLES.exists():
        pytest.skip("../shared/samples no está disponible")
    return SAMPLES


def _processes(document):
    return {cp["id"]: (project, cp) for project in document["projects"] for cp in project.get("contractingProcesses", [])}


def test_every_linked_contract_carries_its_modifications_payments_and_milestones(exported):
    _base, document, contracts, _budgets, links = exported
    processes = _processes(document)
    assert set(processes) == {cid for ids in links.values() for cid in ids}
    with_mods = with_payments = with_milestones = 0
    for cid, (_project, cp) in processes.items():
        contract, summary = contracts[cid], cp["summary"]
        mods = summary.get("modifications", [])
        assert len(mods) == len(contract.modifications)
        value_mods = [m for m in mods if "newContractValue" in m]
        if contract.initial_value is not None and value_mods:  # the chain of values ends at today's value
            assert value_mods[0]["oldContractValue"]["amount"] == float(contract.initial_value)
            assert Decimal(str(value_mods[-1]["newContractValue"]["amount"])) == contract.initial_value + sum(
                m.value_change for m in contract.modifications if m.value_change is not None)
            with_mods += 1
        paid = sum(Decimal(str(t["value"]["amount"])) for t in summary.get("transactions", []))
        assert paid == sum((p.amount for p in contract.payments), Decimal(0))
        with_payments += bool(contract.payments)
        assert len(summary.get("milestones", [])) == len(contract.milestones)
        with_milestones += bool(contract.milestones)
    assert with_mods >= 2 and with_payments >= 5 and with_milestones >= 1


def test_project_budget_is_the_sum_of_its_contracts_allocations(exported):
    _base, document, _contracts, budgets, links = exported
    checked = 0
    for project in document["projects"]:
        allocations = [b for cid in links[project["id"]] for b in budgets[cid] if b.amount is not None]
        if not allocations:
            assert "budget" not in project
            continue
        budget = project["budget"]
        assert Decimal(str(budget["amount"]["amount"])) == sum(b.amount for b in allocations)
        assert len(budget["budgetBreakdown"]) == len(allocations)
        assert all(line["period"]["startDate"].endswith("-01-01") for line in budget["budgetBreakdown"])
        checked += 1
    assert checked >= 10


def test_the_apps_own_oc4ids_importer_reads_it_back(exported, tmp_path):
    base, document, contracts, _budgets, links = exported
    path = tmp_path / "proyectos.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = open_folder(tmp_path / "destino")
    try:
        result = target.imports.import_file(path)
        assert result.format == "oc4ids" and not result.rejected
        linked = {cid for ids in links.values() for cid in ids}
        assert result.created == len(linked)
        for cid in linked:
            original = contracts[cid]
            found = target.contracts.find(cid)  # the contracting process id is the original contract's id
            back = target.contracts.get(found.id)
            assert back.initial_value == original.initial_value
            assert sum((p.amount for p in back.payments), Decimal(0)) == sum((p.amount for p in original.payments), Decimal(0))
            assert len(back.modifications) == len(original.modifications)
            assert sorted((m.title, m.due_date) for m in back.milestones) == \
                sorted((m.title, m.due_date) for m in original.milestones)
    finally:
        target.close()
