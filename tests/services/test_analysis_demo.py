"""The training demo shows every red flag, some clean works, and findings made from alerts."""
from __future__ import annotations

from veeduria_app.domain import alerts as A


def test_demo_triggers_every_alert_and_leaves_clean_works(demo_services):
    rows = demo_services.analysis.dashboard()
    seen = {code for row in rows for code in row.codes}
    assert seen == set(A.KINDS), f"faltan: {set(A.KINDS) - seen}"
    clean = [row for row in rows if row.light == A.VERDE]
    assert len(clean) >= 2
    assert any(row.financial_pct is not None for row in clean)  # a clean work with a real contract
    assert {row.light for row in rows} == {A.ROJO, A.AMARILLO, A.VERDE}


def test_demo_findings_come_from_alerts_with_evidence(demo_services):
    found = demo_services.findings.list()
    codes = {f.source_alert_code for f in found}
    assert {A.PAGOS_SUPERAN_AVANCE, A.SIN_VALLA} <= codes
    communicated = next(f for f in found if f.source_alert_code == A.PAGOS_SUPERAN_AVANCE)
    assert communicated.status == "comunicado" and communicated.cause
    sign = next(f for f in found if f.source_alert_code == A.SIN_VALLA)
    assert any(link.kind == "foto" for link in sign.links)
