"""Iraqi working days: Sunday to Thursday, minus the official holidays of the year."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

# date.weekday(): Monday is 0 … Friday 4, Saturday 5.
WEEKEND = frozenset({4, 5})


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date `days` working days after `start` (the day of registration itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Working days after `start` up to and including `end` (0 if end is not after start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count
