"""Red-flag alerts: every code, each threshold exactly at (no alert) and just above (alert)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from veeduria_app.domain import alerts as A
from veeduria_app.domain.alerts import AlertThresholds, PhotoFlag, evaluate, traffic_light
from veeduria_app.domain.progress import (
    ADICION, PRORROGA, REINICIO, SUSPENSION, ContractTerms, InspectionFacts, Modification,
    Payment, ReportedProgress, WorkFacts,
)
from veeduria_app.domain.smmlv import SmmlvTable

d = dt.date
START, END = d(2024, 1, 1), d(2024, 4, 10)  # 100 days (2024 is a leap year)
VALUE = D("100000000")


def contract(**kw) -> ContractTerms:
    base = dict(initial_value=VALUE, start_date=START, initial_end_date=END, signed_date=START)
    base.update(kw)
    return ContractTerms(**base)


def codes(facts: WorkFacts, as_of: dt.date, **kw) -> set[str]:
    return {a.code for a in evaluate("w1", facts, as_of, **kw)}


def visit(day, pct=None, sign=None, closed=True):
    return InspectionFacts(day, closed=closed, observed_pct=None if pct is None else D(str(pct)), has_sign=sign)


# ---------------------------------------------------------------- additions


def test_additions_exactly_50_pct_in_pesos_is_not_alert_just_above_is():
    no_table = SmmlvTable({})
    at = WorkFacts(contract=contract(modifications=(Modification(ADICION, d(2024, 2, 1), value_added=VALUE / 2),)))
    assert A.ADICIONES_SUPERAN_50 not in codes(at, d(2024, 2, 2), smmlv=no_table)
    above = WorkFacts(contract=contract(modifications=(Modification(ADICION, d(2024, 2, 1), value_added=VALUE / 2 + 1),)))
    alerts = [a for a in evaluate("w1", above, d(2024, 2, 2), smmlv=no_table) if a.code == A.ADICIONES_SUPERAN_50]
    assert len(alerts) == 1
    assert alerts[0].data["method"] == "pesos" and alerts[0].severity == A.ALTA
    assert "Ley 80 de 1993, art. 40" in alerts[0].basis
    assert "$ 50.000.001" in alerts[0].message


def test_additions_by_smmlv_of_each_years_act():
    table = SmmlvTable({2024: D("1000000"), 2025: D("2000000")})
    # 60 % in pesos, but the 2025 act is worth half as many minimum wages: 30 %
    mods = (Modification(ADICION, d(2025, 3, 1), value_added=D("60000000")),)
    facts = WorkFacts(contract=contract(modifications=mods))
    assert A.ADICIONES_SUPERAN_50 not in codes(facts, d(2025, 3, 2), smmlv=table)
    assert A.ADICIONES_SUPERAN_50 in codes(facts, d(2025, 3, 2), smmlv=SmmlvTable({}))
    # exactly 50 % in SMMLV: 100 SMMLV initial, 50 SMMLV added in 2025 (100.000.000 pesos)
    at = WorkFacts(contract=contract(modifications=(Modification(ADICION, d(2025, 3, 1), value_added=D("100000000")),)))
    assert A.ADICIONES_SUPERAN_50 not in codes(at, d(2025, 3, 2), smmlv=table)
    above = WorkFacts(contract=contract(modifications=(Modification(ADICION, d(2025, 3, 1), value_added=D("100002000")),)))
    alert = next(a for a in evaluate("w1", above, d(2025, 3, 2), smmlv=table) if a.code == A.ADICIONES_SUPERAN_50)
    assert alert.data["method"] == "smmlv" and alert.data["additions_smmlv"] == D("50.00")
    assert alert.data["initial_smmlv"] == 100 and "poco más del 50 %" in alert.message


@pytest.mark.parametrize("added,expected", [
    ("62000000", ": el 62,0 %,"),         # 47,69 / 76,92 SMMLV: not exact in Decimal, was «62,000000 %»
    ("51000000", ": el 51,0 %,"),
    ("50040000", ": el 50,04 %,"),        # one decimal would print the limit itself (50,0 %)
    ("50001000", ": poco más del 50 %,"),  # even two would
])
def test_additions_share_is_es_co_with_at_most_two_decimals(added, expected):
    table = SmmlvTable({2024: D("1300000")}) if added == "62000000" else SmmlvTable({2024: D("1000000")})
    facts = WorkFacts(contract=contract(modifications=(Modification(ADICION, d(2024, 2, 1), value_added=D(added)),)))
    alert = next(a for a in evaluate("w1", facts, d(2024, 2, 2), smmlv=table) if a.code == A.ADICIONES_SUPERAN_50)
    assert expected in alert.message, alert.message
    assert not re.search(r"\d,\d{3,} %", alert.message), alert.message


def test_advance_and_extension_shares_never_read_as_the_limit():
    advance = WorkFacts(contract=contract(advance_value=D("50040000")))
    alert = next(a for a in evaluate("w1", advance, d(2024, 1, 2)) if a.code == A.ANTICIPO_SUPERA_50)
    assert "equivale al 50,04 % del valor" in alert.message, alert.message
    tiny = WorkFacts(contract=contract(advance_value=D("50000001")))
    alert = next(a for a in evaluate("w1", tiny, d(2024, 1, 2)) if a.code == A.ANTICIPO_SUPERA_50)
    assert "equivale a poco más del 50 % del valor" in alert.message, alert.message
    long = WorkFacts(contract=contract(modifications=(Modification(PRORROGA, d(2024, 3, 1), days_added=51),)))
    alert = next(a for a in evaluate("w1", long, d(2024, 3, 2)) if a.code == A.PRORROGAS_EXCESIVAS)
    assert "suman 51 días, el 51,0 % del plazo inicial de 100 días" in alert.message, alert.message


def test_additions_default_table_uses_real_wages():
    # 2024 → 1.300.000, 2025 → 1.423.500: 60.000.000 added in 2025 is 42,15 SMMLV vs 76,92
    mods = (Modification(ADICION, d(2025, 1, 15), value_added=D("60000000")),)
    alert = evaluate("w1", WorkFacts(contract=contract(modifications=mods)), d(2025, 1, 16))
    add = [a for a in alert if a.code == A.ADICIONES_SUPERAN_50]
    assert len(add) == 1 and add[0].data["method"] == "smmlv" and add[0].data["additions_pct"] == D("54.79")


# ---------------------------------------------------------------- advance and payments


def test_advance_exactly_50_is_not_alert_above_is():
    at = WorkFacts(contract=contract(payments=(Payment(d(2024, 1, 5), VALUE / 2, is_advance=True),)))
    assert A.ANTICIPO_SUPERA_50 not in codes(at, d(2024, 1, 6))
    above = WorkFacts(contract=contract(payments=(Payment(d(2024, 1, 5), VALUE / 2 + 1, is_advance=True),)))
    assert A.ANTICIPO_SUPERA_50 in codes(above, d(2024, 1, 6))
    agreed = WorkFacts(contract=contract(advance_value=D("60000000")))
    assert A.ANTICIPO_SUPERA_50 in codes(agreed, d(2024, 1, 2))


def test_payments_equal_value_not_alert_above_is():
    at = WorkFacts(contract=contract(payments=(Payment(d(2024, 1, 5), D("30000000"), is_advance=True),
                                               Payment(d(2024, 2, 5), D("70000000")))))
    assert A.PAGOS_SUPERAN_VALOR not in codes(at, d(2024, 4, 1))
    above = WorkFacts(contract=contract(payments=(Payment(d(2024, 2, 5), VALUE + 1),)))
    alert = next(a for a in evaluate("w1", above, d(2024, 4, 1)) if a.code == A.PAGOS_SUPERAN_VALOR)
    assert alert.data["excess"] == 1


def test_additions_raise_the_value_payments_are_measured_against():
    mods = (Modification(ADICION, d(2024, 3, 1), value_added=D("20000000")),)
    pays = (Payment(d(2024, 3, 5), D("110000000")),)
    facts = WorkFacts(contract=contract(modifications=mods, payments=pays))
    assert A.PAGOS_SUPERAN_VALOR not in codes(facts, d(2024, 3, 6))


@pytest.mark.parametrize("paid,expected", [("55000000", False), ("55010000", True)])
def test_payments_ahead_of_physical_threshold_15_points(paid, expected):
    facts = WorkFacts(contract=contract(payments=(Payment(d(2024, 2, 1), D(paid)),)),
                      inspections=(visit(d(2024, 2, 5), 40),))
    assert (A.PAGOS_SUPERAN_AVANCE in codes(facts, d(2024, 2, 6))) is expected


def test_advance_is_not_counted_as_payment_for_work():
    facts = WorkFacts(contract=contract(payments=(Payment(d(2024, 1, 2), D("50000000"), is_advance=True),)),
                      inspections=(visit(d(2024, 1, 20), 5),))
    assert A.PAGOS_SUPERAN_AVANCE not in codes(facts, d(2024, 1, 21))


# ---------------------------------------------------------------- delay and term


@pytest.mark.parametrize("observed,expected", [("30", False), ("29.99", True)])
def test_delay_threshold_20_points(observed, expected):
    # 2024-01-51 → day 50 of 100: planned 50 %
    facts = WorkFacts(contract=contract(), inspections=(visit(d(2024, 2, 10), observed),))
    assert (A.RETRASO in codes(facts, d(2024, 2, 20))) is expected


def test_overdue_needs_end_passed_and_observed_below_100():
    seen = (visit(d(2024, 4, 1), 80),)
    assert A.PLAZO_VENCIDO not in codes(WorkFacts(contract=contract(), inspections=seen), END)
    assert A.PLAZO_VENCIDO in codes(WorkFacts(contract=contract(), inspections=seen), END + dt.timedelta(days=1))
    done = (visit(d(2024, 4, 1), 100),)
    assert A.PLAZO_VENCIDO not in codes(WorkFacts(contract=contract(), inspections=done), d(2024, 5, 1))
    # never visited: no claim about progress, no false alert
    assert A.PLAZO_VENCIDO not in codes(WorkFacts(contract=contract()), d(2024, 5, 1))


def test_overdue_respects_prorrogas_and_suspensions():
    mods = (Modification(PRORROGA, d(2024, 3, 1), days_added=10),
            Modification(SUSPENSION, d(2024, 3, 10)), Modification(REINICIO, d(2024, 3, 20)))
    facts = WorkFacts(contract=contract(modifications=mods), inspections=(visit(d(2024, 4, 1), 50),))
    new_end = END + dt.timedelta(days=20)
    assert A.PLAZO_VENCIDO not in codes(facts, new_end)
    assert A.PLAZO_VENCIDO in codes(facts, new_end + dt.timedelta(days=1))


@pytest.mark.parametrize("days,expected", [(50, False), (51, True)])
def test_prorrogas_threshold_half_the_initial_term(days, expected):
    facts = WorkFacts(contract=contract(modifications=(Modification(PRORROGA, d(2024, 3, 1), days_added=days),)))
    assert (A.PRORROGAS_EXCESIVAS in codes(facts, d(2024, 3, 2))) is expected


def test_suspension_longer_than_90_days():
    facts = WorkFacts(contract=contract(modifications=(Modification(SUSPENSION, d(2024, 2, 1)),)))
    assert A.SUSPENSION_PROLONGADA not in codes(facts, d(2024, 2, 1) + dt.timedelta(days=90))
    alert = next(a for a in evaluate("w1", facts, d(2024, 2, 1) + dt.timedelta(days=91))
                 if a.code == A.SUSPENSION_PROLONGADA)
    assert alert.data["suspended_now"] and "lleva 91 días" in alert.message


def test_suspensions_adding_up_to_more_than_initial_term():
    def mods(last_days):
        out = []
        for i, days in enumerate((80, last_days)):
            start = d(2024, 2, 1) + dt.timedelta(days=200 * i)
            out += [Modification(SUSPENSION, start), Modification(REINICIO, start + dt.timedelta(days=days))]
        return tuple(out)
    at = WorkFacts(contract=contract(modifications=mods(20)))  # 100 = initial term
    assert A.SUSPENSION_PROLONGADA not in codes(at, d(2025, 6, 1))
    above = WorkFacts(contract=contract(modifications=mods(21)))
    assert A.SUSPENSION_PROLONGADA in codes(above, d(2025, 6, 1))


def test_liquidation_overdue_after_six_months():
    due = d(2024, 10, 10)
    facts = WorkFacts(contract=contract(), inspections=(visit(d(2024, 4, 5), 100),))
    assert A.LIQUIDACION_VENCIDA not in codes(facts, due)
    assert A.LIQUIDACION_VENCIDA in codes(facts, due + dt.timedelta(days=1))
    liquidated = WorkFacts(contract=contract(liquidation_date=d(2024, 9, 1)))
    assert A.LIQUIDACION_VENCIDA not in codes(liquidated, d(2025, 1, 1))
    terminated = WorkFacts(contract=contract(termination_date=d(2024, 2, 29)))
    assert A.LIQUIDACION_VENCIDA in codes(terminated, d(2024, 8, 30))
    assert A.LIQUIDACION_VENCIDA not in codes(terminated, d(2024, 8, 29))


# ---------------------------------------------------------------- observation


@pytest.mark.parametrize("reported,expected", [("50", False), ("50.01", True)])
def test_reported_exceeds_observed_by_more_than_10(reported, expected):
    facts = WorkFacts(inspections=(visit(d(2024, 2, 1), 40),),
                      reported=(ReportedProgress(d(2024, 2, 2), D(reported), "Interventoría"),))
    assert (A.AVANCE_REPORTADO_DIFIERE in codes(facts, d(2024, 2, 3))) is expected


def test_sign_only_from_last_closed_inspection():
    assert A.SIN_VALLA in codes(WorkFacts(inspections=(visit(d(2024, 2, 1), sign=False),)), d(2024, 2, 2))
    fixed = (visit(d(2024, 2, 1), sign=False), visit(d(2024, 3, 1), sign=True))
    assert A.SIN_VALLA not in codes(WorkFacts(inspections=fixed), d(2024, 3, 2))
    unknown = (visit(d(2024, 2, 1), sign=None),)
    assert A.SIN_VALLA not in codes(WorkFacts(inspections=unknown), d(2024, 2, 2))
    draft = (visit(d(2024, 2, 1), sign=True), visit(d(2024, 3, 1), sign=False, closed=False))
    assert A.SIN_VALLA not in codes(WorkFacts(inspections=draft), d(2024, 3, 2))


def test_no_recent_visit_60_days():
    long = dict(initial_end_date=d(2024, 12, 31))
    facts = WorkFacts(contract=contract(**long), inspections=(visit(d(2024, 2, 1), 10),))
    assert A.SIN_VISITA_RECIENTE not in codes(facts, d(2024, 2, 1) + dt.timedelta(days=60))
    assert A.SIN_VISITA_RECIENTE in codes(facts, d(2024, 2, 1) + dt.timedelta(days=61))
    never = WorkFacts(contract=contract(**long))
    assert A.SIN_VISITA_RECIENTE not in codes(never, START + dt.timedelta(days=60))
    assert A.SIN_VISITA_RECIENTE in codes(never, START + dt.timedelta(days=61))
    suspended = WorkFacts(contract=contract(modifications=(Modification(SUSPENSION, d(2024, 1, 5)),), **long))
    assert A.SIN_VISITA_RECIENTE not in codes(suspended, d(2024, 6, 1))
    # no contract: the work status decides, counting from when the work was registered
    assert A.SIN_VISITA_RECIENTE not in codes(WorkFacts(), d(2024, 6, 1), work_status="en_ejecucion")
    registered = dict(work_status="en_ejecucion", registered_on=d(2024, 4, 1))
    assert A.SIN_VISITA_RECIENTE not in codes(WorkFacts(), d(2024, 5, 31), **registered)  # 60 days
    assert A.SIN_VISITA_RECIENTE in codes(WorkFacts(), d(2024, 6, 1), **registered)  # 61 days
    assert A.SIN_VISITA_RECIENTE not in codes(WorkFacts(), d(2024, 6, 1), work_status="planeada",
                                              registered_on=d(2024, 1, 1))


def test_photo_flags_grouped_per_code():
    flags = [PhotoFlag(A.FOTO_SIN_GPS, "p1", "a.jpg"), PhotoFlag(A.FOTO_SIN_GPS, "p2", "b.jpg"),
             PhotoFlag(A.FOTO_LEJOS_DE_OBRA, "p3", "c.jpg", distance_m=850.4),
             PhotoFlag(A.FOTO_FECHA_INCONSISTENTE, "p4", "d.jpg"),
             PhotoFlag(A.FOTO_REUTILIZADA, "p5", "e.jpg", visit_date=d(2024, 3, 1))]
    found = {a.code: a for a in evaluate("w1", WorkFacts(), d(2024, 2, 1), photo_flags=flags)}
    assert set(found) == {A.FOTO_SIN_GPS, A.FOTO_LEJOS_DE_OBRA, A.FOTO_FECHA_INCONSISTENTE}
    assert found[A.FOTO_SIN_GPS].data["count"] == 2 and "a.jpg, b.jpg" in found[A.FOTO_SIN_GPS].message
    assert "Una foto fue tomada lejos de la obra (a 850 m)" in found[A.FOTO_LEJOS_DE_OBRA].message
    assert found[A.FOTO_SIN_GPS].message.startswith("2 fotos no tienen ubicación GPS")
    assert A.FOTO_REUTILIZADA in codes(WorkFacts(), d(2024, 3, 1), photo_flags=flags)


def test_far_photos_use_the_shared_distance_format():
    flags = [PhotoFlag(A.FOTO_LEJOS_DE_OBRA, "p1", "a.jpg", distance_m=850.4),
             PhotoFlag(A.FOTO_LEJOS_DE_OBRA, "p2", "b.jpg", distance_m=1862667.7)]
    alert = next(a for a in evaluate("w1", WorkFacts(), d(2024, 2, 1), photo_flags=flags))
    assert "(la más lejana a 1.863 km)" in alert.message, alert.message
    described = dict(A.describe_figures(alert.json_data()))
    assert described["Distancia máxima a la obra"] == "1.863 km"


# ---------------------------------------------------------------- general


def test_empty_work_has_no_alert():
    assert evaluate("w1", WorkFacts(), d(2024, 1, 1)) == []
    assert evaluate("w1", WorkFacts(contract=contract()), d(2024, 2, 1)) == []
    assert evaluate("w1", WorkFacts(inspections=(visit(d(2024, 1, 5)),)), d(2024, 2, 1)) == []
    empty = ContractTerms(initial_value=D("0"), start_date=None, initial_end_date=None)
    assert evaluate("w1", WorkFacts(contract=empty), d(2024, 2, 1)) == []


def test_healthy_work_in_execution_has_no_alert():
    facts = WorkFacts(contract=contract(payments=(Payment(d(2024, 1, 3), D("30000000"), is_advance=True),
                                                  Payment(d(2024, 2, 10), D("35000000")))),
                      inspections=(visit(d(2024, 2, 15), 45, sign=True),),
                      reported=(ReportedProgress(d(2024, 2, 14), D("47")),))
    assert evaluate("w1", facts, d(2024, 2, 20)) == []


def test_every_code_has_spanish_text_basis_and_severity():
    assert len(A.KINDS) == 16
    for kind in A.KINDS.values():
        assert kind.severity in A.SEVERITIES and kind.title and len(kind.basis) > 40


def test_fingerprint_changes_with_figures_only():
    def alert(paid):
        facts = WorkFacts(contract=contract(payments=(Payment(d(2024, 2, 1), D(paid)),)),
                          inspections=(visit(d(2024, 2, 5), 10),))
        return next(a for a in evaluate("w1", facts, d(2024, 2, 6)) if a.code == A.PAGOS_SUPERAN_AVANCE)
    assert alert("60000000").fingerprint == alert("60000000").fingerprint
    assert alert("60000000").fingerprint != alert("70000000").fingerprint
    assert alert("60000000").json_data()["inspection_date"] == "2024-02-05"


def test_fingerprint_ignores_figures_that_only_grow_with_the_calendar():
    facts = WorkFacts(contract=contract(), inspections=(visit(d(2024, 4, 1), 80),))
    def overdue(day):
        return next(a for a in evaluate("w1", facts, day) if a.code == A.PLAZO_VENCIDO)
    first, later = overdue(d(2024, 4, 20)), overdue(d(2024, 5, 20))
    assert first.data["days_overdue"] != later.data["days_overdue"]
    assert first.fingerprint == later.fingerprint
    newer = WorkFacts(contract=contract(), inspections=(visit(d(2024, 4, 1), 80), visit(d(2024, 5, 1), 85)))
    moved = next(a for a in evaluate("w1", newer, d(2024, 5, 20)) if a.code == A.PLAZO_VENCIDO)
    assert moved.fingerprint != later.fingerprint


def test_alerts_sorted_by_severity_and_light():
    facts = WorkFacts(contract=contract(payments=(Payment(d(2024, 2, 1), D("90000000")),)),
                      inspections=(visit(d(2024, 2, 5), 10, sign=False),))
    found = evaluate("w1", facts, d(2024, 2, 6))
    severities = [a.severity for a in found]
    assert severities == sorted(severities, key=A.SEVERITIES.index)
    assert traffic_light(found) == A.ROJO
    assert traffic_light([a for a in found if a.severity != A.ALTA]) == A.AMARILLO
    assert traffic_light([]) == A.VERDE


def test_thresholds_from_settings_and_custom_values_apply():
    t = AlertThresholds.from_settings({"delay_points": "5", "visit_max_days": 30, "unknown": 1})
    assert t.delay_points == D("5") and t.visit_max_days == 30 and t.advance_max_pct == 50
    assert AlertThresholds.from_settings(t.as_settings()) == t
    with pytest.raises(ValueError, match="Umbral"):
        AlertThresholds.from_settings({"delay_points": "mucho"})
    facts = WorkFacts(contract=contract(), inspections=(visit(d(2024, 2, 10), 40),))
    assert A.RETRASO not in codes(facts, d(2024, 2, 20))
    assert A.RETRASO in codes(facts, d(2024, 2, 20), thresholds=t)


def test_figures_are_described_in_spanish_with_es_co_formats():
    mods = (Modification(ADICION, d(2025, 1, 15), value_added=D("60000000")),)
    alert = next(a for a in evaluate("w1", WorkFacts(contract=contract(modifications=mods)), d(2025, 1, 16))
                 if a.code == A.ADICIONES_SUPERAN_50)
    described = dict(A.describe_figures(alert.json_data()))
    assert described["Valor inicial"] == "$ 100.000.000"
    assert described["Adiciones sobre el valor inicial"] == "54,79 %"
    assert described["Método de medición"] == "salarios mínimos del año de cada acto"
    late = next(a for a in evaluate("w1", WorkFacts(contract=contract(), inspections=(visit(d(2024, 4, 1), 80),)),
                                    d(2024, 4, 20)) if a.code == A.PLAZO_VENCIDO)
    described = dict(A.describe_figures(late.data))
    assert described["Fin del plazo vigente"] == "10/04/2024" and described["Días de retraso"] == "10 días"


def test_gaps_in_percentage_points_say_so():
    from veeduria_app.domain.alerts import describe_figures

    shown = dict(describe_figures({"gap_points": 15.8123, "threshold_points": 15}))
    assert shown == {"Diferencia": "15,8 puntos", "Umbral": "15,0 puntos"}
