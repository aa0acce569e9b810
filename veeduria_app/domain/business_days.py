"""Colombian business days (días hábiles) for legal terms.

Terms of a derecho de petición (Ley 1755 de 2015, art. 14) are counted in business days from
the day after the petition is received: Monday to Friday, excluding the national holidays of
Ley 51 de 1983 (Emiliani Mondays), the Easter-based ones and, from 2026, 9 July (Ley 2578 de
2026). The holiday calendar comes from the `holidays` package; it is never hand-written here,
so a change in the law is a package upgrade, not a code change.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

import holidays

COUNTRY = "CO"

NoDays = frozenset[dt.date]
NO_EXTRA: NoDays = frozenset()
"""Extra non-business days: dates an authority suspended terms (closures by decree), which the
user records because no national calendar knows them. Every function takes them as `extra`."""


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[dt.date, str]:
    """Holidays of one year with their Spanish names (cached: the table never changes)."""
    table = holidays.country_holidays(COUNTRY, years=year, language="es")
    return dict(table.items())


def holiday_name(day: dt.date) -> str | None:
    """Spanish name of the national holiday on `day`, or None."""
    return _holidays_for(day.year).get(day)


def holidays_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Holidays in [start, end], sorted; used to explain a deadline to the user."""
    found: list[tuple[dt.date, str]] = []
    for year in range(start.year, end.year + 1):
        for day, name in _holidays_for(year).items():
            if start <= day <= end:
                found.append((day, name))
    return sorted(found)


def is_business_day(day: dt.date, extra: NoDays = NO_EXTRA) -> bool:
    """Monday–Friday, not a Colombian national holiday and not an extra non-business day."""
    return day.weekday() < 5 and day not in _holidays_for(day.year) and day not in extra


def next_business_day(day: dt.date, extra: NoDays = NO_EXTRA) -> dt.date:
    """First business day strictly after `day`."""
    current = day + dt.timedelta(days=1)
    while not is_business_day(current, extra):
        current += dt.timedelta(days=1)
    return current


def business_day_before(day: dt.date, days: int, extra: NoDays = NO_EXTRA) -> dt.date:
    """The business day `days` business days before `day` (used to date demo filings)."""
    current = day
    remaining = days
    while remaining > 0:
        current -= dt.timedelta(days=1)
        if is_business_day(current, extra):
            remaining -= 1
    return current


@lru_cache(maxsize=8192)
def add_business_days(start: dt.date, days: int, extra: NoDays = NO_EXTRA) -> dt.date:
    """The `days`-th business day counted from the day after `start`.

    This is how art. 14 counts: a 15-day term for a petition filed on `start` ends on the
    returned date (inclusive). A filing on a weekend or holiday simply starts counting on the
    next business day. `days` must be positive.
    """
    if days < 1:
        raise ValueError("El término debe ser de al menos un día hábil.")
    current = start
    for _ in range(days):
        current = next_business_day(current, extra)
    return current


def business_days_in(start: dt.date, end: dt.date, extra: NoDays = NO_EXTRA) -> int:
    """Number of business days in the half-open interval (start, end]; 0 if end <= start.

    Counted arithmetically (weekdays minus weekday holidays), so a dashboard of petitions
    lapsed years ago stays instant.
    """
    if end <= start:
        return 0
    holidays_on_weekdays = 0
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(year)
        holidays_on_weekdays += bisect_right(days, end) - bisect_right(days, start)
    closures = [day for day in extra
                if start < day <= end and day.weekday() < 5 and day not in _holidays_for(day.year)]
    return _weekdays_in(start, end) - holidays_on_weekdays - len(closures)


@lru_cache(maxsize=64)
def _weekday_holidays(year: int) -> tuple[dt.date, ...]:
    """Sorted holidays of a year that fall Monday–Friday (the only ones that remove a day)."""
    return tuple(sorted(day for day in _holidays_for(year) if day.weekday() < 5))


def _weekdays_in(start: dt.date, end: dt.date) -> int:
    """Monday–Friday days in (start, end]."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = start.weekday()
    for offset in range(1, rest + 1):
        if (first + offset) % 7 < 5:
            count += 1
    return count


def business_days_left(today: dt.date, due: dt.date, extra: NoDays = NO_EXTRA) -> int:
    """Business days left until `due` (inclusive), seen from `today`.

    0 means the term ends today (or on the next business day when today is a weekend and
    nothing remains before it). Negative values count the business days elapsed since the term
    lapsed; on a weekend right after the due date the next business day is already counted,
    so a lapsed term is never shown as 0.
    """
    if today <= due:
        return business_days_in(today, due, extra)
    reference = today if is_business_day(today, extra) else next_business_day(today, extra)
    return -business_days_in(due, reference, extra)
