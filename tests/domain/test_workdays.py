"""Working days: Sunday to Thursday, minus the holidays of the year."""

from __future__ import annotations

from datetime import date

import pytest

from csd_desktop.domain.workdays import add_working_days, is_working_day, working_days_between

SUNDAY = date(2026, 11, 22)
THURSDAY = date(2026, 11, 26)


def test_friday_and_saturday_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 11, 27))
    assert not is_working_day(date(2026, 11, 28))
    assert is_working_day(SUNDAY)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (SUNDAY, 3, date(2026, 11, 25)),
        (THURSDAY, 1, date(2026, 11, 29)),  # skips Friday and Saturday
        (THURSDAY, 3, date(2026, 12, 1)),
        (date(2026, 11, 27), 1, date(2026, 11, 29)),  # registered on a Friday
        (SUNDAY, 0, SUNDAY),
    ],
)
def test_answer_date_skips_the_weekend(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due


def test_answer_date_skips_listed_holidays() -> None:
    holidays = {date(2026, 11, 24), date(2026, 11, 25)}
    assert add_working_days(SUNDAY, 3, holidays) == date(2026, 11, 29)


def test_working_days_between_counts_after_the_start() -> None:
    assert working_days_between(THURSDAY, date(2026, 12, 1)) == 3
    assert working_days_between(THURSDAY, THURSDAY) == 0
