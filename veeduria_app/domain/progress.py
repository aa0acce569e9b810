"""Progress of a work at any date: time, money, what the veeduría saw, what was reported, plan.

Pure functions over plain frozen dataclasses, so the rules can be tested exhaustively without
a database. The service layer maps contracts, modifications, payments, inspections and the
bill of quantities into these inputs.

Conventions (they decide the alerts, so they are stated here once):
- Only facts dated on or before `as_of` count: an analysis "as of" a past date sees what was
  known then. A payment without a date (e.g. SECOP's aggregate `valor_pagado`) always counts.
- Terms are counted in calendar days. The current end date moves with prórrogas and with
  suspensions (a suspended contract's term does not run); time elapsed % counts neither the
  suspended days in the elapsed part nor in the total, so it is elapsed effective days over
  initial term + prórrogas.
- Financial % is payments for work over the current contract value; the anticipo is money
  advanced, not work paid, so it is reported apart (`advance_value`, `advance_pct`).
- Percentages are `Decimal` rounded to two decimals (half up): thresholds compare the same
  figures the user sees, so "exactly 15,00 points" is never an alert.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Optional, Sequence

from veeduria_app.domain import formats

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

# Modification kinds (same words as the contracts capability).
ADICION = "adicion"
PRORROGA = "prorroga"
SUSPENSION = "suspension"
REINICIO = "reinicio"
CESION = "cesion"
OTROSI = "otrosi"

MODIFICATION_LABELS = {
    ADICION: "Adición",
    PRORROGA: "Prórroga",
    SUSPENSION: "Suspensión",
    REINICIO: "Reinicio",
    CESION: "Cesión",
    OTROSI: "Otrosí",
}

TERM_FIELDS: dict[str, frozenset[str]] = {
    PRORROGA: frozenset({"days_change", "new_end_date"}),
    SUSPENSION: frozenset({"days_change", "end_date"}),
}
"""The term fields an act of each kind carries; the other kinds never move the end date, so a
date typed into them would be stored and printed but counted nowhere."""


def pct(part: Decimal | int, whole: Decimal | int) -> Optional[Decimal]:
    """part/whole in percent points, rounded to 0.01; None when whole is not positive."""
    whole = Decimal(whole)
    if whole <= 0:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def round_pct(value: Decimal | int | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Modification:
    """One contract modification act.

    adición: `value_added` (negative for a reduction); prórroga: `days_added` or
    `new_end_date`; suspensión: starts on `date`, ends on `end_date` when the act fixes it,
    else at the next reinicio (open until then); reinicio: ends the open suspension.
    """

    kind: str
    date: dt.date
    value_added: Decimal = ZERO
    days_added: int = 0
    new_end_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    description: str = ""


@dataclass(frozen=True)
class Payment:
    date: Optional[dt.date]
    amount: Decimal
    is_advance: bool = False
    description: str = ""


@dataclass(frozen=True)
class ContractTerms:
    """The contract as signed plus everything that happened to it."""

    initial_value: Decimal
    start_date: Optional[dt.date]
    initial_end_date: Optional[dt.date]
    signed_date: Optional[dt.date] = None
    advance_value: Optional[Decimal] = None
    termination_date: Optional[dt.date] = None
    liquidation_date: Optional[dt.date] = None
    modifications: tuple[Modification, ...] = ()
    payments: tuple[Payment, ...] = ()
    contract_id: str = ""
    number: str = ""

    @property
    def value_date(self) -> Optional[dt.date]:
        """Date used to express the initial value in minimum wages."""
        return self.signed_date or self.start_date


@dataclass(frozen=True)
class BillItem:
    """One line of the bill of quantities (presupuesto de obra)."""

    key: str
    quantity: Decimal
    unit_price: Decimal
    description: str = ""

    @property
    def value(self) -> Decimal:
        return Decimal(self.quantity) * Decimal(self.unit_price)


@dataclass(frozen=True)
class InspectionFacts:
    """A visit: only closed ones (signed acta) count as observation."""

    date: dt.date
    closed: bool = True
    observed_pct: Optional[Decimal] = None
    observed_quantities: Mapping[str, Decimal] = field(default_factory=dict)
    has_sign: Optional[bool] = None
    inspection_id: str = ""


@dataclass(frozen=True)
class ReportedProgress:
    date: dt.date
    pct: Decimal
    source: str = ""  # lower-case noun phrase: "la interventoría", "el reporte de ejecución del contrato"


@dataclass(frozen=True)
class SchedulePoint:
    """Cumulative planned percent at a date (cronograma)."""

    date: dt.date
    pct: Decimal


@dataclass(frozen=True)
class WorkFacts:
    """Everything the progress maths needs about one work."""

    contract: Optional[ContractTerms] = None
    bill: tuple[BillItem, ...] = ()
    inspections: tuple[InspectionFacts, ...] = ()
    reported: tuple[ReportedProgress, ...] = ()
    schedule: tuple[SchedulePoint, ...] = ()


# --------------------------------------------------------------------------- term


@dataclass(frozen=True)
class SuspensionPeriod:
    start: dt.date
    end: Optional[dt.date]  # None while open

    def planned_days(self, as_of: dt.date) -> int:
        """Days the term is pushed: the whole fixed period, or so far for an open one."""
        stop = self.end if self.end is not None else max(as_of, self.start)
        return max(0, (stop - self.start).days)

    def days_until(self, day: dt.date) -> int:
        """Suspended days strictly before `day`."""
        stop = self.end if self.end is not None else day
        stop = min(stop, day)
        return max(0, (stop - self.start).days)

    def is_active(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class TermStatus:
    start_date: dt.date
    initial_end_date: dt.date
    current_end_date: dt.date
    initial_term_days: int
    extension_days: int
    suspensions: tuple[SuspensionPeriod, ...]
    as_of: dt.date

    @property
    def effective_term_days(self) -> int:
        return self.initial_term_days + self.extension_days

    @property
    def suspended_days(self) -> int:
        """Days suspended up to as_of."""
        return sum(p.days_until(self.as_of) for p in self.suspensions)

    @property
    def longest_suspension_days(self) -> int:
        return max((p.days_until(self.as_of) for p in self.suspensions), default=0)

    @property
    def suspended_now(self) -> bool:
        return any(p.is_active(self.as_of) for p in self.suspensions)

    def elapsed_days(self, day: dt.date) -> int:
        """Effective (not suspended) days from start to `day`, capped at the current end."""
        stop = min(day, self.current_end_date)
        if stop <= self.start_date:
            return 0
        suspended = sum(p.days_until(stop) - p.days_until(self.start_date) for p in self.suspensions)
        return max(0, (stop - self.start_date).days - suspended)

    def time_pct(self, day: dt.date) -> Decimal:
        if day <= self.start_date:
            return ZERO
        if day >= self.current_end_date:
            return HUNDRED
        total = self.effective_term_days
        if total <= 0:
            return HUNDRED
        value = pct(self.elapsed_days(day), total) or ZERO
        return min(HUNDRED, max(ZERO, value))


def _known(mods: Iterable[Modification], as_of: dt.date) -> list[Modification]:
    return sorted((m for m in mods if m.date <= as_of), key=lambda m: m.date)


def suspension_periods(mods: Iterable[Modification], as_of: dt.date) -> tuple[SuspensionPeriod, ...]:
    """Pair each suspension with its end date or the next reinicio known at as_of."""
    periods: list[SuspensionPeriod] = []
    open_start: Optional[dt.date] = None
    for mod in _known(mods, as_of):
        if mod.kind == SUSPENSION:
            if open_start is not None:  # a second suspension act while open: same period
                continue
            if mod.end_date is not None and mod.end_date > mod.date:
                periods.append(SuspensionPeriod(mod.date, mod.end_date))
            else:
                open_start = mod.date
        elif mod.kind == REINICIO:
            if open_start is not None:
                periods.append(SuspensionPeriod(open_start, max(mod.date, open_start)))
                open_start = None
            elif periods and periods[-1].end is not None and mod.date != periods[-1].end \
                    and periods[-1].start <= mod.date:
                # restart earlier or later than the suspension act foresaw: the reinicio rules
                last = periods.pop()
                periods.append(SuspensionPeriod(last.start, mod.date))
    if open_start is not None:
        periods.append(SuspensionPeriod(open_start, None))
    return tuple(periods)


def term_status(contract: Optional[ContractTerms], as_of: dt.date) -> Optional[TermStatus]:
    """Start, current end and suspensions as known at `as_of`; None without both dates."""
    if contract is None or contract.start_date is None or contract.initial_end_date is None:
        return None
    start, initial_end = contract.start_date, contract.initial_end_date
    periods = suspension_periods(contract.modifications, as_of)
    extension = 0
    for mod in _known(contract.modifications, as_of):
        if mod.kind != PRORROGA:
            continue
        if mod.new_end_date is not None:
            pushed = sum(p.planned_days(as_of) for p in periods if p.start < mod.date)
            end_before = initial_end + dt.timedelta(days=extension + pushed)
            extension += max(0, (mod.new_end_date - end_before).days)
        else:
            extension += max(0, int(mod.days_added))
    pushed_total = sum(p.planned_days(as_of) for p in periods)
    current_end = initial_end + dt.timedelta(days=extension + pushed_total)
    return TermStatus(
        start_date=start,
        initial_end_date=initial_end,
        current_end_date=current_end,
        initial_term_days=max(0, (initial_end - start).days),
        extension_days=extension,
        suspensions=periods,
        as_of=as_of,
    )


# --------------------------------------------------------------------------- money


def current_value(contract: ContractTerms, as_of: dt.date) -> Decimal:
    added = sum((Decimal(m.value_added) for m in _known(contract.modifications, as_of)), ZERO)
    return Decimal(contract.initial_value) + added


def additions_value(contract: ContractTerms, as_of: dt.date) -> Decimal:
    """Sum of positive value changes (reductions do not offset the Ley 80 cap)."""
    return sum(
        (Decimal(m.value_added) for m in _known(contract.modifications, as_of) if m.value_added > 0),
        ZERO,
    )


def _payments(contract: ContractTerms, as_of: dt.date) -> list[Payment]:
    return [p for p in contract.payments if p.date is None or p.date <= as_of]


def advance_total(contract: ContractTerms, as_of: dt.date) -> Decimal:
    """Anticipo paid, or the agreed anticipo when larger (the cap applies to what was agreed)."""
    paid = sum((Decimal(p.amount) for p in _payments(contract, as_of) if p.is_advance), ZERO)
    agreed = Decimal(contract.advance_value or 0)
    return max(paid, agreed)


# --------------------------------------------------------------------------- physical


@dataclass(frozen=True)
class PhysicalProgress:
    pct: Decimal
    method: str  # "cantidades" (weighted by bill value) or "global" (the visit's estimate)
    date: dt.date
    coverage_pct: Optional[Decimal] = None  # share of bill value measured (cantidades only)


def latest_closed_inspection(
    inspections: Sequence[InspectionFacts], as_of: dt.date
) -> Optional[InspectionFacts]:
    closed = [i for i in inspections if i.closed and i.date <= as_of]
    return max(closed, key=lambda i: i.date) if closed else None


def weighted_physical_pct(bill: Sequence[BillItem], observed: Mapping[str, Decimal]) -> Optional[tuple[Decimal, Decimal]]:
    """(percent, coverage) weighted by value; each item counts at most its contracted quantity.

    Items not measured in the visit count as 0 % built: the veeduría only vouches for what it
    measured. Coverage tells how much of the bill's value was measured at all.
    """
    total = sum((item.value for item in bill if item.value > 0), ZERO)
    if total <= 0:
        return None
    built = ZERO
    measured = ZERO
    for item in bill:
        if item.value <= 0 or item.key not in observed:
            continue
        qty = max(ZERO, min(Decimal(observed[item.key]), Decimal(item.quantity)))
        built += qty * Decimal(item.unit_price)
        measured += item.value
    return pct(built, total) or ZERO, pct(measured, total) or ZERO


def physical_progress(facts: WorkFacts, as_of: dt.date) -> Optional[PhysicalProgress]:
    visit = latest_closed_inspection(facts.inspections, as_of)
    if visit is None:
        return None
    measured = {k: v for k, v in visit.observed_quantities.items() if v is not None}
    if measured and facts.bill:
        weighted = weighted_physical_pct(facts.bill, measured)
        if weighted is not None:
            return PhysicalProgress(weighted[0], "cantidades", visit.date, weighted[1])
    if visit.observed_pct is None:
        return None
    return PhysicalProgress(round_pct(min(HUNDRED, max(ZERO, Decimal(visit.observed_pct)))), "global", visit.date)


def latest_reported(reported: Sequence[ReportedProgress], as_of: dt.date) -> Optional[ReportedProgress]:
    known = [r for r in reported if r.date <= as_of]
    return max(known, key=lambda r: r.date) if known else None


# --------------------------------------------------------------------------- planned


def planned_pct(facts: WorkFacts, term: Optional[TermStatus], day: dt.date) -> tuple[Optional[Decimal], str]:
    """(percent, method): interpolated on the schedule, else linear over the effective term."""
    points = sorted(facts.schedule, key=lambda p: p.date)
    if points:
        start = term.start_date if term else None
        if start is not None and start < points[0].date:
            points = [SchedulePoint(start, ZERO)] + points
        if day <= points[0].date:
            return (round_pct(points[0].pct) if day == points[0].date else ZERO), "cronograma"
        for left, right in zip(points, points[1:]):
            if left.date <= day <= right.date:
                span = (right.date - left.date).days
                if span <= 0:
                    return round_pct(right.pct), "cronograma"
                share = Decimal((day - left.date).days) / Decimal(span)
                return round_pct(Decimal(left.pct) + (Decimal(right.pct) - Decimal(left.pct)) * share), "cronograma"
        return round_pct(points[-1].pct), "cronograma"
    if term is None:
        return None, "lineal"
    return term.time_pct(day), "lineal"


# --------------------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class ProgressSnapshot:
    """All progress figures of one work at one date (None where there is no data)."""

    as_of: dt.date
    has_contract: bool
    initial_value: Optional[Decimal] = None
    current_value: Optional[Decimal] = None
    additions_value: Optional[Decimal] = None
    paid_value: Optional[Decimal] = None  # everything paid, anticipo included
    paid_work_value: Optional[Decimal] = None  # payments for work, anticipo excluded
    advance_value: Optional[Decimal] = None
    advance_pct: Optional[Decimal] = None
    paid_pct: Optional[Decimal] = None  # everything paid over the current value (what left the treasury)
    financial_pct: Optional[Decimal] = None
    physical_pct: Optional[Decimal] = None
    physical_method: Optional[str] = None
    physical_date: Optional[dt.date] = None
    physical_coverage_pct: Optional[Decimal] = None
    reported_pct: Optional[Decimal] = None
    reported_date: Optional[dt.date] = None
    reported_source: Optional[str] = None
    planned_pct: Optional[Decimal] = None
    planned_method: Optional[str] = None
    time_pct: Optional[Decimal] = None
    start_date: Optional[dt.date] = None
    initial_end_date: Optional[dt.date] = None
    current_end_date: Optional[dt.date] = None
    initial_term_days: Optional[int] = None
    current_term_days: Optional[int] = None
    extension_days: int = 0
    suspended_days: int = 0
    suspended_now: bool = False
    days_overdue: int = 0


def progress_at(facts: WorkFacts, as_of: dt.date) -> ProgressSnapshot:
    """Every figure of the comparison table for one work at `as_of`."""
    contract = facts.contract
    term = term_status(contract, as_of)
    physical = physical_progress(facts, as_of)
    reported = latest_reported(facts.reported, as_of)
    planned, planned_method = planned_pct(facts, term, as_of)
    snapshot = dict(
        as_of=as_of,
        has_contract=contract is not None,
        physical_pct=physical.pct if physical else None,
        physical_method=physical.method if physical else None,
        physical_date=physical.date if physical else None,
        physical_coverage_pct=physical.coverage_pct if physical else None,
        reported_pct=round_pct(reported.pct) if reported else None,
        reported_date=reported.date if reported else None,
        reported_source=reported.source if reported else None,
        planned_pct=planned,
        planned_method=planned_method if planned is not None else None,
    )
    if contract is not None:
        value = current_value(contract, as_of)
        payments = _payments(contract, as_of)
        paid_work = sum((Decimal(p.amount) for p in payments if not p.is_advance), ZERO)
        advance_paid = sum((Decimal(p.amount) for p in payments if p.is_advance), ZERO)
        advance = advance_total(contract, as_of)
        snapshot.update(
            initial_value=Decimal(contract.initial_value),
            current_value=value,
            additions_value=additions_value(contract, as_of),
            paid_value=paid_work + advance_paid,
            paid_work_value=paid_work,
            advance_value=advance,
            advance_pct=pct(advance, value),
            paid_pct=pct(paid_work + advance_paid, value),
            financial_pct=pct(paid_work, value),
        )
    if term is not None:
        overdue = (as_of - term.current_end_date).days if as_of > term.current_end_date else 0
        snapshot.update(
            time_pct=term.time_pct(as_of),
            start_date=term.start_date,
            initial_end_date=term.initial_end_date,
            current_end_date=term.current_end_date,
            initial_term_days=term.initial_term_days,
            current_term_days=(term.current_end_date - term.start_date).days,
            extension_days=term.extension_days,
            suspended_days=term.suspended_days,
            suspended_now=term.suspended_now,
            days_overdue=overdue,
        )
    return ProgressSnapshot(**snapshot)


def in_execution(facts: WorkFacts, as_of: dt.date, work_status: Optional[str] = None) -> bool:
    """Is the work being built at as_of (started, not suspended, not finished or liquidated)?

    With a dated contract the contract decides; a work past its end date but not observed at
    100 % is still in execution (it is late, not finished). Without one, the work's status does.
    """
    contract = facts.contract
    term = term_status(contract, as_of)
    if contract is not None and term is not None:
        for closing in (contract.liquidation_date, contract.termination_date):
            if closing is not None and closing <= as_of:
                return False
        if as_of < term.start_date or term.suspended_now:
            return False
        if as_of <= term.current_end_date:
            return True
        physical = physical_progress(facts, as_of)
        return physical is None or physical.pct < HUNDRED
    status = (work_status or "").strip().lower().replace("ó", "o").replace(" ", "_")
    return status in {"en_ejecucion", "ejecucion", "in_execution", "execution"}


# --------------------------------------------------------------------------- S-curve & timeline


@dataclass(frozen=True)
class CurvePoint:
    date: dt.date
    pct: Decimal


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    kind: str  # inicio, fin_inicial, fin_actual, visita, pago, anticipo, adicion, prorroga, ...
    label: str


@dataclass(frozen=True)
class SCurve:
    planned: tuple[CurvePoint, ...]
    observed: tuple[CurvePoint, ...]
    financial: tuple[CurvePoint, ...]
    markers: tuple[TimelineEvent, ...]
    start: Optional[dt.date]
    end: Optional[dt.date]


def timeline(facts: WorkFacts, until: dt.date) -> tuple[TimelineEvent, ...]:
    """Dated events known at `until`, oldest first: term dates, acts, payments, visits."""
    events: list[TimelineEvent] = []
    contract = facts.contract
    term = term_status(contract, until)
    if contract is not None:
        if contract.signed_date and contract.signed_date <= until:
            events.append(TimelineEvent(contract.signed_date, "firma", "Firma del contrato"))
        for mod in _known(contract.modifications, until):
            label = MODIFICATION_LABELS.get(mod.kind, mod.kind.capitalize())
            if mod.kind == ADICION and mod.value_added:
                label += f" por {formats.money(mod.value_added)}"
            elif mod.kind == PRORROGA:
                if mod.days_added:
                    label += f" de {mod.days_added} días"
                elif mod.new_end_date:
                    label += f" hasta {formats.short_date(mod.new_end_date)}"
            elif mod.kind == SUSPENSION and mod.end_date:
                label += f" hasta {formats.short_date(mod.end_date)}"
            if mod.description:
                label += f": {mod.description}"
            events.append(TimelineEvent(mod.date, mod.kind, label))
        for pay in _payments(contract, until):
            if pay.date is None:
                continue
            kind = "anticipo" if pay.is_advance else "pago"
            name = "Anticipo" if pay.is_advance else "Pago"
            events.append(TimelineEvent(pay.date, kind, f"{name} de {formats.money(pay.amount)}"))
        if contract.termination_date and contract.termination_date <= until:
            events.append(TimelineEvent(contract.termination_date, "terminacion", "Terminación del contrato"))
        if contract.liquidation_date and contract.liquidation_date <= until:
            events.append(TimelineEvent(contract.liquidation_date, "liquidacion", "Liquidación del contrato"))
    if term is not None:
        events.append(TimelineEvent(term.start_date, "inicio", "Inicio del contrato"))
        events.append(TimelineEvent(term.initial_end_date, "fin_inicial", "Fin del plazo inicial"))
        if term.current_end_date != term.initial_end_date:
            events.append(TimelineEvent(term.current_end_date, "fin_actual", "Fin del plazo vigente"))
    for visit in facts.inspections:
        if visit.date > until:
            continue
        label = "Visita de la veeduría"
        if not visit.closed:
            label += " (acta abierta)"
        elif visit.observed_pct is not None:
            label += f": {formats.percent(visit.observed_pct)} observado"
        events.append(TimelineEvent(visit.date, "visita", label))
    for rep in facts.reported:
        if rep.date <= until:
            who = f" según {rep.source}" if rep.source else ""
            events.append(TimelineEvent(rep.date, "reporte", f"Avance reportado{who}: {formats.percent(rep.pct)}"))
    order = {"firma": 0, "inicio": 1}
    return tuple(sorted(events, key=lambda e: (e.date, order.get(e.kind, 5), e.label)))


def _month_steps(start: dt.date, end: dt.date) -> list[dt.date]:
    days, current = [], dt.date(start.year, start.month, 1)
    while current <= end:
        if current >= start:
            days.append(current)
        current = dt.date(current.year + (current.month // 12), current.month % 12 + 1, 1)
    return days


def s_curve(facts: WorkFacts, until: dt.date) -> SCurve:
    """Planned, observed and financial series drawn against the contract as it stands at `until`.

    The plan is the current schedule (or the linear plan over the current term, flat while
    suspended) and money is cumulative payments for work over the current value, so the curves
    only rise, as an S-curve should, and meet `progress_at(facts, until)` at `until`.
    """
    contract = facts.contract
    term = term_status(contract, until)
    markers = tuple(
        e for e in timeline(facts, until) if e.kind not in {"inicio", "fin_inicial", "fin_actual", "firma"}
    )
    event_days = {e.date for e in markers}
    first_candidates = [d for d in [term.start_date if term else None] if d] + sorted(event_days)
    if not first_candidates:
        return SCurve((), (), (), markers, None, None)
    start = min(first_candidates)
    end = max([until] + ([term.current_end_date] if term else []))
    horizon = min(end, max(until, start))
    days = {start, horizon}
    days |= {d for d in event_days if start <= d <= horizon}
    days |= {d - dt.timedelta(days=1) for d in event_days if start < d <= horizon}
    if term is not None:
        for p in term.suspensions:
            days |= {d for d in (p.start, p.end) if d and start <= d <= end}
        days |= {d for d in (term.initial_end_date, term.current_end_date) if start <= d <= end}
    days |= set(_month_steps(start, end))

    planned = []
    for day in sorted(days):
        value, _ = planned_pct(facts, term, day)
        if value is not None:
            planned.append(CurvePoint(day, value))
    financial = []
    if contract is not None:
        value_now = current_value(contract, until)
        for day in sorted(d for d in days if d <= horizon):
            paid = sum((Decimal(p.amount) for p in _payments(contract, day) if not p.is_advance), ZERO)
            share = pct(paid, value_now)
            if share is not None:
                financial.append(CurvePoint(day, share))
    observed = [CurvePoint(start, ZERO)] if term is not None else []
    for visit in sorted(facts.inspections, key=lambda i: i.date):
        if not visit.closed or visit.date > until:
            continue
        phys = physical_progress(facts, visit.date)
        if phys is not None:
            observed = [p for p in observed if p.date != visit.date]
            observed.append(CurvePoint(visit.date, phys.pct))
    if len(observed) == 1:  # only the 0 % at the start: nothing was observed, so nothing is drawn
        observed = []
    return SCurve(tuple(planned), tuple(observed), tuple(financial), markers, start, end)
