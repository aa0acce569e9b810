"""AnalysisService on a real SQLite file: progress, alerts, reviews, dashboard."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from veeduria_app.db.models.analysis import AlertReview
from veeduria_app.db.models.contracts import BoqItem, Contract, Payment, ProgressReport
from veeduria_app.db.models.foundation import AuditEntry
from veeduria_app.db.models.inspections import EvidenceFile, InspectionAmendment, InspectionPhoto, ObservedQuantity
from veeduria_app.domain import alerts as A
from veeduria_app.services.errors import NotFoundError, PermissionDenied, ValidationError
from veeduria_app.services.identity import Actor
from veeduria_app.services.jobs import CancelToken, Cancelled

from analysis_data import add_contract, add_visit, make_work

d = dt.date


@pytest.fixture
def svc(services):
    return services


def codes(alerts):
    return {a.code for a in alerts}


def test_progress_reads_contract_payments_and_latest_closed_visit(svc):
    work = make_work(svc)
    add_contract(svc, work, mods=[("adicion", d(2026, 2, 1), "20000000", None),
                                  ("prorroga", d(2026, 3, 1), None, 30)],
                 payments=[(d(2026, 1, 5), "30000000", "anticipo"), (d(2026, 2, 20), "60000000", "acta_parcial")])
    add_visit(svc, work, d(2026, 2, 25), "35")
    add_visit(svc, work, d(2026, 3, 5), "90", closed=False)
    p = svc_analysis(svc).progress(work, d(2026, 3, 10))
    data = p.to_json()
    assert data["current_value"] == 120000000 and data["paid_value"] == 90000000
    assert data["financial_pct"] == 50 and data["physical_pct"] == 35
    assert data["current_end_date"] == "2026-05-11"
    assert data["time_pct"] == pytest.approx(52.31)  # 68 of 130 days
    assert data["planned_pct"] == data["time_pct"] and data["reported_pct"] is None
    assert set(["time_pct", "financial_pct", "physical_pct", "reported_pct", "planned_pct", "current_value",
                "paid_value", "current_end_date"]) <= set(data)


def test_progress_of_work_without_contract_or_visits(svc):
    work = make_work(svc, status="planeada")
    data = svc_analysis(svc).progress(work, d(2026, 3, 10)).to_json()
    assert data["time_pct"] is None and data["financial_pct"] is None and data["physical_pct"] is None
    assert svc_analysis(svc).alerts(work, as_of=d(2026, 3, 10)) == []


def test_unknown_work_is_a_spanish_not_found(svc):
    with pytest.raises(NotFoundError, match="No existe una obra"):
        svc_analysis(svc).progress("no-existe")


def test_observed_weighted_by_bill_and_amendment_of_closed_visit(svc):
    work = make_work(svc)
    cid = add_contract(svc, work)
    with svc.db.transaction() as s:
        a = BoqItem(contract_id=cid, code="1.1", description="Excavación", quantity=D("100"), unit_price=D("100000"))
        b = BoqItem(contract_id=cid, code="1.2", description="Concreto", quantity=D("10"), unit_price=D("3000000"))
        s.add_all([a, b])
        s.flush()
        ids = (a.id, b.id)
    visit = add_visit(svc, work, d(2026, 2, 1), "80")
    with svc.db.transaction() as s:
        s.add(ObservedQuantity(inspection_id=visit, boq_item_id=ids[0], quantity=D("100")))
        s.add(ObservedQuantity(inspection_id=visit, boq_item_id=ids[1], quantity=D("2")))
    p = svc_analysis(svc).progress(work, d(2026, 2, 2)).to_json()
    assert p["physical_pct"] == 40 and p["physical_method"] == "cantidades"  # (10M + 6M) / 40M
    other = make_work(svc, name="Parque")
    v2 = add_visit(svc, other, d(2026, 2, 1), "80")
    with svc.db.transaction() as s:
        s.add(InspectionAmendment(inspection_id=v2, field="observed_progress", old_value="80", new_value="60",
                                  reason="Se midió de nuevo", author="rosa"))
    assert svc_analysis(svc).progress(other, d(2026, 2, 2)).to_json()["physical_pct"] == 60


def test_alerts_from_stored_data_and_json_shape(svc):
    work = make_work(svc)
    add_contract(svc, work, mods=[("adicion", d(2026, 2, 1), "62000000", None)],
                 payments=[(d(2026, 2, 1), "119880000", "acta_parcial")])
    add_visit(svc, work, d(2026, 5, 20), "35", sign=False, reported="60", source="interventoria")
    found = svc_analysis(svc).alerts(work, as_of=d(2026, 6, 1))
    assert {A.ADICIONES_SUPERAN_50, A.PAGOS_SUPERAN_AVANCE, A.PLAZO_VENCIDO, A.RETRASO,
            A.AVANCE_REPORTADO_DIFIERE, A.SIN_VALLA} <= codes(found)
    reported = next(a for a in found if a.code == A.AVANCE_REPORTADO_DIFIERE)
    assert reported.message.startswith("Según la interventoría, el avance era 60,0 % el 20/05/2026")
    item = found[0].to_json()
    assert {"code", "severity", "work_id", "message", "basis", "data"} <= set(item)
    assert item["work_id"] == work and item["severity"] == "alta"
    assert svc_analysis(svc).alerts(work, as_of=d(2026, 1, 15)) == []  # nothing known yet


def test_photo_flags_become_alerts(svc):
    work = make_work(svc)
    visit = add_visit(svc, work, d(2026, 2, 1), "10")
    with svc.db.transaction() as s:
        for n, flags in enumerate((["sin_gps"], ["lejos_de_obra"], ["reutilizada", "fecha_futura"], ["editada"])):
            sha = f"{n:064d}"
            s.add(EvidenceFile(sha256=sha, extension="jpg", media_format="jpeg", size_bytes=10, original_name=f"f{n}.jpg"))
            s.flush()
            s.add(InspectionPhoto(inspection_id=visit, sha256=sha, original_name=f"f{n}.jpg", flags=flags,
                                  flag_details=[], distance_m=850.0 if n == 1 else None))
    found = codes(svc_analysis(svc).alerts(work, as_of=d(2026, 2, 2)))
    assert found == {A.FOTO_SIN_GPS, A.FOTO_LEJOS_DE_OBRA, A.FOTO_REUTILIZADA, A.FOTO_FECHA_INCONSISTENTE}


def test_review_hides_alert_until_figures_change_and_is_audited(svc):
    work = make_work(svc)
    add_contract(svc, work, payments=[(d(2026, 2, 1), "60000000", "acta_parcial")])
    add_visit(svc, work, d(2026, 2, 5), "30")
    an = svc_analysis(svc)
    assert A.PAGOS_SUPERAN_AVANCE in codes(an.alerts(work, as_of=d(2026, 2, 6)))
    with pytest.raises(ValidationError, match="motivo"):
        an.review_alert(work, A.PAGOS_SUPERAN_AVANCE, "  ", as_of=d(2026, 2, 6))
    with pytest.raises(ValidationError, match="no tiene la alerta"):
        an.review_alert(work, A.SIN_VALLA, "No aplica aquí", as_of=d(2026, 2, 6))
    an.review_alert(work, A.PAGOS_SUPERAN_AVANCE, "El pago es por materiales en sitio, verificado",
                    as_of=d(2026, 2, 6))
    assert A.PAGOS_SUPERAN_AVANCE not in codes(an.alerts(work, as_of=d(2026, 2, 6)))
    hidden = [a for a in an.alerts(work, as_of=d(2026, 2, 6), include_reviewed=True) if a.reviewed]
    assert hidden and hidden[0].review_reason.startswith("El pago es por materiales")
    with svc.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "alert")).one()
        assert entry.action == "review" and "materiales" in entry.summary
    # a new payment changes the figures: the alert shows again
    with svc.db.transaction() as s:
        cid = s.scalars(select(Contract.id)).one()
        s.add(Payment(contract_id=cid, date=d(2026, 2, 6), amount=D("5000000"), kind="acta_parcial"))
    assert A.PAGOS_SUPERAN_AVANCE in codes(an.alerts(work, as_of=d(2026, 2, 6)))


def test_reopen_withdraws_review(svc):
    work = make_work(svc)
    add_visit(svc, work, d(2026, 2, 5), "30", sign=False)
    an = svc_analysis(svc)
    an.review_alert(work, A.SIN_VALLA, "La valla está en la otra entrada", as_of=d(2026, 2, 6))
    assert an.alerts(work, as_of=d(2026, 2, 6)) == []
    an.reopen_alert(work, A.SIN_VALLA)
    assert codes(an.alerts(work, as_of=d(2026, 2, 6))) == {A.SIN_VALLA}
    with svc.db.read() as s:
        assert s.scalars(select(AlertReview)).one().withdrawn


def test_read_only_role_cannot_review(svc):
    work = make_work(svc)
    add_visit(svc, work, d(2026, 2, 5), "30", sign=False)
    svc.identity.set(Actor("lucia", "Lucía", "consulta"))
    with pytest.raises(PermissionDenied):
        svc_analysis(svc).review_alert(work, A.SIN_VALLA, "motivo largo", as_of=d(2026, 2, 6))


def test_thresholds_and_smmlv_from_settings(svc):
    an = svc_analysis(svc)
    work = make_work(svc)
    add_contract(svc, work)
    add_visit(svc, work, d(2026, 2, 10), "40")
    assert A.RETRASO not in codes(an.alerts(work, as_of=d(2026, 2, 20)))
    an.set_thresholds({"delay_points": "5"})
    assert an.thresholds().delay_points == 5
    assert A.RETRASO in codes(an.alerts(work, as_of=d(2026, 2, 20)))
    with pytest.raises(ValidationError, match="Umbral"):
        an.set_thresholds({"delay_points": "x"})
    assert an.set_smmlv("2027", "1.900.000").for_year(2027) == D("1900000")
    with pytest.raises(ValidationError, match="mayor que cero"):
        an.set_smmlv(2028, "0")


def test_dashboard_lights_counts_filters_and_cancel(svc):
    red = make_work(svc, name="A roja")
    add_contract(svc, red, payments=[(d(2026, 1, 2), "60000000", "anticipo")])
    yellow = make_work(svc, name="B amarilla", localidad="2")
    add_visit(svc, yellow, d(2026, 2, 5), "30", sign=False)
    green = make_work(svc, name="C verde", status="planeada", localidad="2")
    rows = {r.work_id: r for r in svc_analysis(svc).dashboard(as_of=d(2026, 2, 6))}
    assert rows[red].light == A.ROJO and rows[red].counts[A.ALTA] == 1
    assert rows[yellow].light == A.AMARILLO and rows[yellow].counts[A.BAJA] == 1
    assert rows[green].light == A.VERDE and rows[green].light_label.startswith("Verde")
    localidad2 = svc.works.get(yellow).localidad
    only = svc_analysis(svc).dashboard(as_of=d(2026, 2, 6), localidad=localidad2, status="planeada")
    assert [r.work_id for r in only] == [green]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        svc_analysis(svc).dashboard(cancel=token)
    seen = []
    svc_analysis(svc).dashboard(as_of=d(2026, 2, 6), progress=lambda done, total, msg: seen.append((done, total)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_comparison_bundles_curve_timeline_and_alerts(svc):
    work = make_work(svc)
    add_contract(svc, work, payments=[(d(2026, 2, 1), "60000000", "acta_parcial")],
                 mods=[("suspension", d(2026, 2, 10), None, None), ("reinicio", d(2026, 2, 20), None, None)])
    add_visit(svc, work, d(2026, 2, 5), "30")
    with svc.db.transaction() as s:
        cid = s.scalars(select(Contract.id)).one()
        s.add(ProgressReport(contract_id=cid, date=d(2026, 2, 4), kind="fisico", planned_percent=D("40"),
                             actual_percent=D("45")))
    comp = svc_analysis(svc).comparison(work, d(2026, 3, 1))
    assert comp.progress.snapshot.suspended_days == 10
    assert comp.progress.snapshot.planned_method == "cronograma"  # from the reported planned %
    assert [p.pct for p in comp.curve.observed] == [0, 30]
    kinds = [e.kind for e in comp.timeline]
    assert "suspension" in kinds and "reinicio" in kinds and "pago" in kinds and "visita" in kinds
    assert A.PAGOS_SUPERAN_AVANCE in codes(comp.alerts) and comp.reviewed == ()


def svc_analysis(services):
    return services.analysis


def test_comparison_lists_reviewed_alerts_apart(svc):
    work = make_work(svc)
    add_visit(svc, work, d(2026, 2, 5), "30", sign=False)
    svc_analysis(svc).review_alert(work, A.SIN_VALLA, "Valla retirada por el viento, ya repuesta",
                                   as_of=d(2026, 2, 6))
    comp = svc_analysis(svc).comparison(work, d(2026, 2, 6))
    assert comp.alerts == () and [a.code for a in comp.reviewed] == [A.SIN_VALLA]
    assert comp.reviewed[0].review_reason.startswith("Valla retirada")
