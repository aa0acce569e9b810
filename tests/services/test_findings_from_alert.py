"""Which findings already come from an alert (the GUI asks before making a second one)."""
from __future__ import annotations

from veeduria_app.domain import alerts as A


def test_from_alert_lists_the_works_live_findings_from_that_alert(demo_services):
    services = demo_services
    first = next(f for f in services.findings.list() if f.source_alert_code == A.PAGOS_SUPERAN_AVANCE)
    assert [f.id for f in services.findings.from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE)] == [first.id]
    assert services.findings.from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE.lower())[0].code == first.code
    assert services.findings.from_alert(first.work_id, "") == []
    assert services.findings.list(first.work_id, source_alert_code=A.PAGOS_SUPERAN_AVANCE) == \
        services.findings.from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE)
    other_work = next(w.id for w in services.works.list() if w.id != first.work_id)
    assert services.findings.from_alert(other_work, A.PAGOS_SUPERAN_AVANCE) == []

    second = services.findings.create_from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE)  # still allowed
    assert [f.code for f in services.findings.from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE)] == \
        [first.code, second.code]
    services.findings.archive(first.id)
    assert [f.id for f in services.findings.from_alert(first.work_id, A.PAGOS_SUPERAN_AVANCE)] == [second.id]
