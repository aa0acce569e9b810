"""Business-day arithmetic over the real Colombian calendar 2025–2027 (package `holidays`)."""
from __future__ import annotations

import datetime as dt

import holidays
import pytest

from veeduria_app.domain.business_days import (
    add_business_days,
    business_days_in,
    business_days_left,
    holiday_name,
    holidays_between,
    is_business_day,
    next_business_day,
)

D = dt.date

ALL_HOLIDAYS = sorted(
    day for year in (2025, 2026, 2027) for day in holidays.country_holidays("CO", years=year)
)

# Independent oracle: dates published in the official calendars, to catch a package that
# silently changed (Easter-based feasts, Emiliani Mondays, 9 July from 2026).
EASTER_BASED = {
    2025: [D(2025, 4, 17), D(2025, 4, 18), D(2025, 6, 2), D(2025, 6, 23), D(2025, 6, 30)],
    2026: [D(2026, 4, 2), D(2026, 4, 3), D(2026, 5, 18), D(2026, 6, 8), D(2026, 6, 15)],
    2027: [D(2027, 3, 25), D(2027, 3, 26), D(2027, 5, 10), D(2027, 5, 31), D(2027, 6, 7)],
}
EMILIANI_MONDAYS = [
    D(2025, 1, 6), D(2025, 3, 24), D(2025, 8, 18), D(2025, 10, 13), D(2025, 11, 3), D(2025, 11, 17),
    D(2026, 1, 12), D(2026, 3, 23), D(2026, 8, 17), D(2026, 10, 12), D(2026, 11, 2), D(2026, 11, 16),
    D(2027, 1, 11), D(2027, 3, 22), D(2027, 7, 5), D(2027, 8, 16), D(2027, 10, 18), D(2027, 11, 15),
]


def test_calendar_has_the_expected_number_of_holidays() -> None:
    counts = {y: sum(1 for d in ALL_HOLIDAYS if d.year == y) for y in (2025, 2026, 2027)}
    # 18 national holidays until 2025 (Sagrado Corazón and San Pedro share 30 June 2025);
    # Ley 2578 de 2026 adds 9 July from 2026.
    assert counts == {2025: 17, 2026: 19, 2027: 19}


@pytest.mark.parametrize("day", ALL_HOLIDAYS, ids=str)
def test_every_holiday_is_skipped_by_a_term(day: dt.date) -> None:
    assert not is_business_day(day)
    assert holiday_name(day)
    # A one-day term counted from the business day before the holiday never lands on it,
    # and lands on the first business day after it.
    before = day - dt.timedelta(days=1)
    while not is_business_day(before):
        before -= dt.timedelta(days=1)
    due = add_business_days(before, 1)
    assert due > day
    assert due == next_business_day(day)
    assert due.weekday() < 5


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_easter_based_holidays(year: int) -> None:
    for day in EASTER_BASED[year]:
        assert not is_business_day(day), day


@pytest.mark.parametrize("day", EMILIANI_MONDAYS, ids=str)
def test_emiliani_mondays_move_to_monday(day: dt.date) -> None:
    assert day.weekday() == 0
    assert not is_business_day(day)


def test_nine_july_holiday_only_from_2026() -> None:
    july_2025 = [d for d, _ in holidays_between(D(2025, 7, 1), D(2025, 7, 19))]
    assert july_2025 == []
    assert is_business_day(D(2025, 7, 9))
    assert is_business_day(D(2025, 7, 14))
    assert not is_business_day(D(2026, 7, 13))
    assert "Chiquinquirá" in (holiday_name(D(2026, 7, 13)) or "")
    assert not is_business_day(D(2027, 7, 12))


def test_domain_example_filed_first_of_july_2026() -> None:
    assert add_business_days(D(2026, 7, 1), 15) == D(2026, 7, 24)
    assert add_business_days(D(2026, 7, 1), 10) == D(2026, 7, 16)


def test_filing_on_a_friday_starts_counting_on_monday() -> None:
    friday = D(2026, 9, 4)
    assert friday.weekday() == 4
    assert add_business_days(friday, 1) == D(2026, 9, 7)
    assert add_business_days(friday, 10) == D(2026, 9, 18)


def test_filing_on_a_holiday_counts_from_the_next_business_day() -> None:
    # 20 July 2026 (Monday, Independence Day): day 1 is Tuesday 21.
    assert add_business_days(D(2026, 7, 20), 1) == D(2026, 7, 21)
    assert add_business_days(D(2026, 7, 20), 15) == D(2026, 8, 11)  # 7 August is skipped


def test_filing_the_day_before_a_long_weekend() -> None:
    # Friday 20 March 2026, Monday 23 is San José: the first counted day is Tuesday 24.
    assert add_business_days(D(2026, 3, 20), 1) == D(2026, 3, 24)
    # Holy week 2026: filed Wednesday 1 April, Thursday and Friday are holidays.
    assert add_business_days(D(2026, 4, 1), 1) == D(2026, 4, 6)
    assert add_business_days(D(2026, 4, 1), 10) == D(2026, 4, 17)


def test_term_across_the_year_end() -> None:
    # Filed 18 Dec 2026: 25 Dec and 1 Jan are Fridays, 11 Jan 2027 is Reyes (observed).
    assert add_business_days(D(2026, 12, 18), 15) == D(2027, 1, 13)


def test_days_left_and_lapse() -> None:
    due = D(2026, 7, 24)  # Friday
    assert business_days_left(D(2026, 7, 24), due) == 0
    assert business_days_left(D(2026, 7, 21), due) == 3
    assert business_days_left(D(2026, 7, 17), due) == 4  # Monday 20 is a holiday
    assert business_days_left(D(2026, 7, 25), due) == -1  # Saturday: Monday already counts
    assert business_days_left(D(2026, 7, 28), due) == -2


def test_business_days_in_is_half_open() -> None:
    assert business_days_in(D(2026, 7, 1), D(2026, 7, 1)) == 0
    assert business_days_in(D(2026, 7, 1), D(2026, 7, 24)) == 15
    assert business_days_in(D(2026, 7, 24), D(2026, 7, 1)) == 0


def test_non_positive_terms_are_refused() -> None:
    with pytest.raises(ValueError):
        add_business_days(D(2026, 7, 1), 0)


def test_business_day_before_is_the_inverse_of_counting() -> None:
    from veeduria_app.domain.business_days import business_day_before

    # Tuesday 21 July 2026, 3 business days back: Friday 17 (Monday 20 is a holiday), 16, 15.
    assert business_day_before(D(2026, 7, 21), 3) == D(2026, 7, 15)
    for start in (D(2026, 7, 21), D(2026, 12, 28), D(2027, 4, 5)):
        for n in (1, 5, 13, 20):
            assert business_days_in(business_day_before(start, n), start) == n


def test_arithmetic_count_matches_day_by_day_walk() -> None:
    """The fast count agrees with walking the calendar one day at a time (2024–2028)."""
    start = D(2024, 12, 20)
    walked = 0
    day = start
    for _ in range(3 * 365 + 40):
        day += dt.timedelta(days=1)
        walked += is_business_day(day)
        assert business_days_in(start, day) == walked, day


def test_extra_non_business_days_suspend_terms() -> None:
    """A closure decreed by an authority (e.g. 2 and 3 July 2026) pushes terms back."""
    closure = frozenset({D(2026, 7, 2), D(2026, 7, 3), D(2026, 7, 4)})  # the Saturday changes nothing
    assert not is_business_day(D(2026, 7, 2), closure)
    assert add_business_days(D(2026, 7, 1), 15, closure) == D(2026, 7, 28)
    assert business_days_in(D(2026, 7, 1), D(2026, 7, 28), closure) == 15
    assert business_days_left(D(2026, 7, 24), D(2026, 7, 28), closure) == 2
    # A date that is already a holiday is not subtracted twice.
    both = frozenset({D(2026, 7, 13), D(2026, 7, 14)})
    assert business_days_in(D(2026, 7, 10), D(2026, 7, 17), both) == 3
