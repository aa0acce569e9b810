"""The training demo's budget allocations (CDP and RP for every contract, one addition left
without budget) and the OCDS milestones it imports (one delivery missed)."""
from __future__ import annotations

from decimal import Decimal

from veeduria_app.services.demo_steps.foundation import demo_work_ids


def test_every_demo_contract_has_its_budget_and_one_addition_lacks_it(demo_services):
    services = demo_services
    contracts = services.contracts.list()
    assert len(contracts) >= 10
    for c in contracts:
        assert c.budget, c.number
        assert all(b.cdp_number and b.rp_number and b.vigencia for b in c.budget), c.number
        assert all(b.cdp_amount is not None and b.cdp_amount >= 0 for b in c.budget), c.number
        rp_total = sum((b.rp_amount for b in c.budget), Decimal(0))
        if c.number == "SIP-LP-009-2025":
            assert rp_total == Decimal(3_100_000_000) and c.current_value == Decimal(3_700_000_000)
        else:
            assert rp_total == c.current_value, c.number
    gaviotas = services.contracts.find("SIP-LP-009-2025")
    imported = [b for b in gaviotas.budget if b.source.import_id]
    assert {b.funding_source for b in imported} == {"sgp", "recursos_propios"}
    assert all("corregido a mano" in b.source.label for b in imported)  # CDP/RP typed over the SECOP split
    assert any(b.description and b.description.startswith("Adición n.º 1") for b in gaviotas.budget)


def test_demo_imports_ocds_milestones_with_a_missed_delivery(demo_services):
    services = demo_services
    ids = demo_work_ids()
    gaviotas = next(c for c in services.contracts.for_work(ids["obra01"]) if c.number == "SIP-LP-009-2025")
    assert [(m.title, m.status) for m in gaviotas.milestones] == [
        ("Entrega del tramo 2A (K0+000 a K0+450)", "met"), ("Informe mensual de interventoría", "met"),
        ("Entrega del tramo 2B (K0+450 a K0+900)", "notMet"), ("Entrega final y recibo de obra", "scheduled")]
    assert {m.source.file_name for m in gaviotas.milestones} == {"SECOP_II_OCDS_hitos.json"}
    assert gaviotas.source.file_name.startswith("SECOP_II_Contratos")  # the OCDS file changed no contract value
    [chambacu] = services.contracts.for_work(ids["obra12"])
    assert len(chambacu.milestones) == 2
    assert any(h.format == "ocds" and h.updated == 2 for h in services.imports.history())


def test_report_sources_name_the_file_that_brought_the_milestones(demo_services):
    from veeduria_app.services.reports_data import source_files

    gaviotas = demo_services.contracts.find("SIP-LP-009-2025")
    files = {f.filename: f for f in source_files(demo_services.db, [gaviotas])}
    assert "SECOP_II_OCDS_hitos.json" in files and len(files["SECOP_II_OCDS_hitos.json"].sha256) == 64
