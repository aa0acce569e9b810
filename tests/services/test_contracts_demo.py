"""The training demo's contracts: imported from SECOP-shaped files (with their import records),
bills and schedules from spreadsheets, and the cases a veeduría should question."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from veeduria_app.services.demo_steps.foundation import demo_work_ids


def test_demo_contracts_tell_the_stories(demo_services):
    services = demo_services
    ids = demo_work_ids()
    today = dt.date.today()
    gaviotas = {c.number: c for c in services.contracts.for_work(ids["obra01"])}
    works, supervision = gaviotas["SIP-LP-009-2025"], gaviotas["SIP-CMA-011-2025"]
    assert works.secop_id == "CO1.PCCNTR.7100231" and works.source.file_name.startswith("SECOP_II_")
    assert works.additions_pct > 50 and works.current_value == Decimal("3700000000")
    assert works.paid_value / works.current_value > Decimal("0.65")
    assert len(services.contracts.boq(works.id)) == 7
    assert [p.planned_percent for p in services.contracts.schedule(works.id)][-1] == Decimal(100)
    assert [r.actual_percent for r in services.contracts.progress_reports(works.id)] == [Decimal(40), Decimal(60)]
    assert supervision.contract_type == "Interventoría" and supervision.additions_pct == 0

    [olaya] = services.contracts.for_work(ids["obra02"])
    kinds = [m.kind for m in olaya.modifications]
    assert kinds == ["suspension", "reinicio", "prorroga"]
    assert olaya.current_end_date - olaya.end_date == dt.timedelta(days=120 + 90)

    [calicanto] = services.contracts.for_work(ids["obra09"])
    assert calicanto.liquidation_date is None and (today - calicanto.end_date).days >= 240

    [manuela] = services.contracts.for_work(ids["obra11"])
    assert manuela.status == "En ejecución" and manuela.current_end_date < today

    [chambacu] = services.contracts.for_work(ids["obra12"])
    assert chambacu.additions_pct == 0 and chambacu.paid_value < chambacu.current_value * Decimal("0.45")
    assert {i.code for i in services.contracts.boq(chambacu.id)} == {"1.1", "1.2", "1.3", "1.4"}

    history = services.imports.history()
    assert any(h.format == "secop2" and h.created == 6 for h in history)
    assert any(h.format == "secop2-ejecucion" for h in history)
    assert any(h.format == "boq-programacion" for h in history)
