"""Progress maths: time with prórrogas and suspensions, money, observed, reported, planned."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from veeduria_app.domain.progress import (
    ADICION, PRORROGA, REINICIO, SUSPENSION, BillItem, ContractTerms, InspectionFacts,
    Modification, Payment, ReportedProgress, SchedulePoint, WorkFacts, in_execution,
    progress_at, s_curve, term_status, timeline,
)

d = dt.date
START, END = d(2026, 1, 1), d(2026, 4, 11)  # 100-day initial term


def contract(**kw) -> ContractTerms:
    base = dict(initial_value=D("1000000"), start_date=START, initial_end_date=END)
    base.update(kw)
    return ContractTerms(**base)


def test_time_pct_linear_without_modifications():
    facts = WorkFacts(contract=contract())
    assert progress_at(facts, START).time_pct == 0
    assert progress_at(facts, d(2025, 12, 1)).time_pct == 0
    assert progress_at(facts, START + dt.timedelta(days=25)).time_pct == D("25.00")
    assert progress_at(facts, END).time_pct == 100
    late = progress_at(facts, END + dt.timedelta(days=10))
    assert late.time_pct == 100 and late.days_overdue == 10
    assert late.initial_term_days == 100 and late.current_end_date == END


def test_prorroga_by_days_and_by_new_date_extend_term():
    mods = (Modification(PRORROGA, d(2026, 3, 1), days_added=50),)
    snap = progress_at(WorkFacts(contract=contract(modifications=mods)), d(2026, 3, 2))
    assert snap.current_end_date == END + dt.timedelta(days=50)
    assert snap.extension_days == 50
    assert snap.time_pct == D("40.00")  # 60 of 150 days
    mods = (Modification(PRORROGA, d(2026, 3, 1), new_end_date=d(2026, 5, 31)),)
    snap = progress_at(WorkFacts(contract=contract(modifications=mods)), d(2026, 3, 2))
    assert snap.extension_days == 50 and snap.current_end_date == d(2026, 5, 31)


def test_prorroga_not_yet_signed_does_not_count_as_of_earlier_date():
    mods = (Modification(PRORROGA, d(2026, 3, 1), days_added=50),)
    snap = progress_at(WorkFacts(contract=contract(modifications=mods)), d(2026, 2, 1))
    assert snap.current_end_date == END and snap.extension_days == 0


def test_suspension_with_reinicio_excluded_from_elapsed_and_pushes_end():
    mods = (Modification(SUSPENSION, d(2026, 1, 11)), Modification(REINICIO, d(2026, 1, 31)))
    facts = WorkFacts(contract=contract(modifications=mods))
    during = progress_at(facts, d(2026, 1, 21))
    assert during.suspended_now and during.time_pct == D("10.00")
    after = progress_at(facts, d(2026, 2, 10))  # 40 calendar days, 20 suspended
    assert not after.suspended_now
    assert after.suspended_days == 20 and after.time_pct == D("20.00")
    assert after.current_end_date == END + dt.timedelta(days=20)


def test_open_suspension_pushes_end_as_it_runs_and_time_stands_still():
    mods = (Modification(SUSPENSION, d(2026, 1, 11)),)
    facts = WorkFacts(contract=contract(modifications=mods))
    a, b = progress_at(facts, d(2026, 2, 1)), progress_at(facts, d(2026, 6, 1))
    assert a.time_pct == b.time_pct == D("10.00")
    assert b.current_end_date == END + dt.timedelta(days=(d(2026, 6, 1) - d(2026, 1, 11)).days)
    assert b.days_overdue == 0


def test_suspension_with_fixed_end_date():
    mods = (Modification(SUSPENSION, d(2026, 1, 11), end_date=d(2026, 2, 10)),)
    snap = progress_at(WorkFacts(contract=contract(modifications=mods)), d(2026, 1, 20))
    assert snap.current_end_date == END + dt.timedelta(days=30)  # known in advance
    assert snap.suspended_days == 9 and snap.suspended_now


def test_suspensions_and_prorrogas_combined():
    mods = (
        Modification(SUSPENSION, d(2026, 1, 21)), Modification(REINICIO, d(2026, 2, 20)),  # 30 d
        Modification(PRORROGA, d(2026, 3, 1), days_added=20),
        Modification(SUSPENSION, d(2026, 3, 11), end_date=d(2026, 3, 21)),  # 10 d
        # prórroga by date after both suspensions: end before it is END+20+40 = 2026-06-10
        Modification(PRORROGA, d(2026, 4, 1), new_end_date=d(2026, 6, 20)),
    )
    term = term_status(contract(modifications=mods), d(2026, 4, 2))
    assert term.extension_days == 30
    assert term.current_end_date == END + dt.timedelta(days=30 + 40)
    assert term.suspended_days == 40
    # elapsed: 2026-01-01..2026-04-02 = 91 days minus 40 suspended = 51 of 130
    assert term.elapsed_days(d(2026, 4, 2)) == 51
    assert progress_at(WorkFacts(contract=contract(modifications=mods)), d(2026, 4, 2)).time_pct == D("39.23")


def test_money_additions_payments_and_advance_apart():
    mods = (Modification(ADICION, d(2026, 2, 1), value_added=D("250000")),
            Modification(ADICION, d(2026, 3, 1), value_added=D("-50000")))
    pays = (Payment(d(2026, 1, 5), D("300000"), is_advance=True), Payment(d(2026, 2, 15), D("400000")),
            Payment(None, D("100000")))
    facts = WorkFacts(contract=contract(modifications=mods, payments=pays))
    snap = progress_at(facts, d(2026, 3, 2))
    assert snap.current_value == D("1200000")
    assert snap.additions_value == D("250000")  # reductions do not offset additions
    assert snap.paid_value == D("800000") and snap.paid_work_value == D("500000")
    assert snap.advance_value == D("300000") and snap.advance_pct == D("25.00")
    assert snap.financial_pct == D("41.67") and snap.paid_pct == D("66.67")
    early = progress_at(facts, d(2026, 1, 10))
    assert early.current_value == D("1000000") and early.paid_work_value == D("100000")


def test_agreed_advance_counts_even_before_paid():
    snap = progress_at(WorkFacts(contract=contract(advance_value=D("600000"))), d(2026, 1, 2))
    assert snap.advance_value == D("600000") and snap.advance_pct == D("60.00")


def test_observed_physical_from_latest_closed_inspection_only():
    visits = (InspectionFacts(d(2026, 2, 1), observed_pct=D("20")),
              InspectionFacts(d(2026, 3, 1), observed_pct=D("35")),
              InspectionFacts(d(2026, 3, 20), closed=False, observed_pct=D("90")))
    facts = WorkFacts(contract=contract(), inspections=visits)
    snap = progress_at(facts, d(2026, 3, 25))
    assert snap.physical_pct == D("35.00") and snap.physical_method == "global"
    assert snap.physical_date == d(2026, 3, 1)
    assert progress_at(facts, d(2026, 2, 15)).physical_pct == D("20.00")
    assert progress_at(facts, d(2026, 1, 15)).physical_pct is None


def test_observed_physical_weighted_by_bill_value_capped_per_item():
    bill = (BillItem("1", D("100"), D("1000")),   # 100.000
            BillItem("2", D("10"), D("30000")),   # 300.000
            BillItem("3", D("1"), D("600000")))   # 600.000
    visit = InspectionFacts(d(2026, 2, 1), observed_pct=D("99"),
                            observed_quantities={"1": D("150"), "2": D("5")})
    snap = progress_at(WorkFacts(contract=contract(), bill=bill, inspections=(visit,)), d(2026, 2, 2))
    # item 1 capped at 100 % (100.000), item 2 half (150.000), item 3 not measured: 25 %
    assert snap.physical_pct == D("25.00") and snap.physical_method == "cantidades"
    assert snap.physical_coverage_pct == D("40.00")


def test_reported_is_latest_report_up_to_date():
    reps = (ReportedProgress(d(2026, 2, 1), D("30"), "Interventoría"),
            ReportedProgress(d(2026, 3, 1), D("60"), "Contratista"))
    facts = WorkFacts(reported=reps)
    assert progress_at(facts, d(2026, 2, 20)).reported_pct == D("30.00")
    snap = progress_at(facts, d(2026, 3, 1))
    assert snap.reported_pct == D("60.00") and snap.reported_source == "Contratista"


def test_planned_from_schedule_interpolates_and_linear_without_one():
    sched = (SchedulePoint(d(2026, 2, 1), D("10")), SchedulePoint(d(2026, 3, 3), D("70")))
    facts = WorkFacts(contract=contract(), schedule=sched)
    assert progress_at(facts, d(2026, 2, 16)).planned_pct == D("40.00")
    assert progress_at(facts, d(2026, 5, 1)).planned_pct == D("70.00")
    # before the first point: from (start, 0)
    assert progress_at(facts, d(2026, 1, 16)).planned_pct == D("4.84")  # 15/31 of 10
    linear = progress_at(WorkFacts(contract=contract()), d(2026, 1, 26))
    assert linear.planned_pct == D("25.00") and linear.planned_method == "lineal"


def test_no_contract_no_inspection_no_payments_gives_empty_figures():
    snap = progress_at(WorkFacts(), d(2026, 5, 1))
    assert not snap.has_contract
    assert snap.time_pct is None and snap.financial_pct is None and snap.physical_pct is None
    assert snap.planned_pct is None and snap.current_value is None
    no_pay = progress_at(WorkFacts(contract=contract()), d(2026, 2, 1))
    assert no_pay.financial_pct == 0 and no_pay.paid_value == 0


def test_contract_without_dates_or_value_does_not_crash():
    c = ContractTerms(initial_value=D("0"), start_date=None, initial_end_date=None)
    snap = progress_at(WorkFacts(contract=c), d(2026, 1, 1))
    assert snap.has_contract and snap.time_pct is None and snap.financial_pct is None


def test_in_execution_rules():
    facts = WorkFacts(contract=contract())
    assert in_execution(facts, d(2026, 2, 1))
    assert not in_execution(facts, d(2025, 12, 1))
    late = WorkFacts(contract=contract(), inspections=(InspectionFacts(d(2026, 4, 1), observed_pct=D("100")),))
    assert not in_execution(late, d(2026, 5, 1))
    assert in_execution(facts, d(2026, 5, 1))  # late, never seen finished
    susp = WorkFacts(contract=contract(modifications=(Modification(SUSPENSION, d(2026, 1, 10)),)))
    assert not in_execution(susp, d(2026, 2, 1))
    assert not in_execution(WorkFacts(contract=contract(liquidation_date=d(2026, 3, 1))), d(2026, 3, 2))
    assert in_execution(WorkFacts(), d(2026, 1, 1), "En ejecución")
    assert not in_execution(WorkFacts(), d(2026, 1, 1), "planeada")


def test_s_curve_rises_meets_the_snapshot_at_cutoff_and_marks_events():
    mods = (Modification(ADICION, d(2026, 2, 1), value_added=D("100000")),
            Modification(PRORROGA, d(2026, 3, 1), days_added=30),
            Modification(SUSPENSION, d(2026, 3, 20), end_date=d(2026, 3, 30)))
    pays = (Payment(d(2026, 1, 20), D("200000"), is_advance=True), Payment(d(2026, 1, 25), D("440000")),
            Payment(d(2026, 2, 20), D("110000")))
    visits = (InspectionFacts(d(2026, 2, 10), observed_pct=D("15")),
              InspectionFacts(d(2026, 3, 10), observed_pct=D("35")))
    facts = WorkFacts(contract=contract(modifications=mods, payments=pays), inspections=visits)
    cutoff = d(2026, 3, 25)
    curve = s_curve(facts, cutoff)
    final_end = END + dt.timedelta(days=40)
    assert curve.start == START and curve.end == final_end
    assert [p.pct for p in curve.observed] == [D("0"), D("15.00"), D("35.00")]
    for series in (curve.planned, curve.financial):
        values = [p.pct for p in series]
        assert values == sorted(values)  # an S-curve never goes down
    snap = progress_at(facts, cutoff)
    planned = {p.date: p.pct for p in curve.planned}
    fin = {p.date: p.pct for p in curve.financial}
    assert planned[cutoff] == snap.planned_pct and fin[cutoff] == snap.financial_pct
    assert planned[d(2026, 3, 20)] == planned[d(2026, 3, 25)]  # flat while suspended
    assert curve.planned[-1].date == final_end and curve.planned[-1].pct == 100
    # 440.000 of the final 1.100.000 before the adición was even signed
    assert fin[d(2026, 1, 25)] == D("40.00") and fin[d(2026, 2, 19)] == D("40.00") and fin[d(2026, 2, 20)] == D("50.00")
    kinds = [m.kind for m in curve.markers]
    assert kinds == ["anticipo", "pago", "adicion", "visita", "pago", "prorroga", "visita", "suspension"]
    labels = [e.label for e in timeline(facts, cutoff)]
    assert "Adición por $ 100.000" in labels and "Prórroga de 30 días" in labels
    assert "Suspensión hasta 30/03/2026" in labels and labels[0] == "Inicio del contrato"


def test_s_curve_draws_no_observed_line_until_a_closed_visit_measures_progress():
    open_visit = (InspectionFacts(d(2026, 2, 10), observed_pct=D("15"), closed=False),)
    for facts in (WorkFacts(contract=contract()), WorkFacts(contract=contract(), inspections=open_visit)):
        curve = s_curve(facts, d(2026, 3, 1))
        assert curve.planned and curve.observed == ()  # not a lone «Observado: 0 %» at the start
    measured = WorkFacts(contract=contract(), inspections=(InspectionFacts(d(2026, 2, 10), observed_pct=D("15")),))
    assert [p.pct for p in s_curve(measured, d(2026, 3, 1)).observed] == [D("0"), D("15.00")]


def test_s_curve_empty_work_is_empty():
    curve = s_curve(WorkFacts(), d(2026, 1, 1))
    assert curve.planned == curve.observed == curve.financial == () and curve.start is None


@pytest.mark.parametrize("as_of", [d(2025, 1, 1), START, END, d(2030, 1, 1)])
def test_time_pct_stays_within_bounds(as_of):
    mods = (Modification(SUSPENSION, d(2025, 12, 1)), Modification(REINICIO, d(2026, 1, 15)))
    snap = progress_at(WorkFacts(contract=contract(modifications=mods)), as_of)
    assert 0 <= snap.time_pct <= 100
