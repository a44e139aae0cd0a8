"""The home screen's numbers: today's intake, open, overdue and due cases, and a year of intake."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Case
from ..i18n import _
from . import clock, search
from .figures import MONTHS_AR

CHART_MONTHS = 12
WEEK_DAYS = 7  # "this week": today and the six days after it


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    label: str  # the Arabic month name
    year: str  # under the first bar and each January, else ""
    received: int


@dataclass(frozen=True)
class DashboardFigures:
    today: date
    intake_today: int
    open: int
    overdue: int
    due_today: int
    due_week: int
    this_month: int  # registered from the 1st to today
    last_month_to_date: int  # the same days of last month
    last_month: int  # all of last month
    months: tuple[MonthCount, ...]  # the last twelve months, the current one last


def _first_of(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _registered_between(first: date, last: date) -> Any:
    """Cases registered from `first` to `last` (Iraqi days, inclusive): a range of the registration
    index, counted from the index alone."""
    start = datetime(first.year, first.month, first.day, tzinfo=clock.IRAQ_TZ)
    end = datetime(last.year, last.month, last.day, tzinfo=clock.IRAQ_TZ) + timedelta(days=1)
    return _count(Case.registered_at >= start, Case.registered_at < end)


def _count(*conditions: Any) -> Any:
    return select(func.count()).select_from(Case).where(*conditions).scalar_subquery()


def count_figures(db: Database) -> DashboardFigures:
    """Every number in one statement: each a count over a range of one index (the open cases' by
    deadline, the registration index by day and month), ≈10 ms at 1M cases."""
    today = clock.today()
    this_first = _first_of(today)
    last_first = _first_of(today, 1)
    last_end = this_first - timedelta(days=1)
    same_day = min(last_first + (today - this_first), last_end)
    firsts = [_first_of(today, back) for back in range(CHART_MONTHS - 1, -2, -1)]
    open_ = search.OPEN
    counts = {
        "intake_today": _registered_between(today, today),
        "open": _count(open_),
        "overdue": _count(open_, Case.due_on < today),
        "due_today": _count(open_, Case.due_on == today),
        "due_week": _count(open_, Case.due_on >= today, Case.due_on < today + timedelta(days=WEEK_DAYS)),
        "last_month_to_date": _registered_between(last_first, same_day),
        **{
            f"month_{i}": _registered_between(first, following - timedelta(days=1))
            for i, (first, following) in enumerate(itertools.pairwise(firsts))
        },
    }
    with db.read() as s:
        row = s.execute(select(*(value.label(name) for name, value in counts.items()))).one()._mapping
    months = tuple(
        MonthCount(
            f"{first:%Y-%m}",
            _(MONTHS_AR[first.month - 1]),
            str(first.year) if first.month == 1 or i == 0 else "",
            int(row[f"month_{i}"]),
        )
        for i, first in enumerate(firsts[:-1])
    )
    return DashboardFigures(
        today=today,
        intake_today=int(row["intake_today"]),
        open=int(row["open"]),
        overdue=int(row["overdue"]),
        due_today=int(row["due_today"]),
        due_week=int(row["due_week"]),
        this_month=months[-1].received,
        last_month_to_date=int(row["last_month_to_date"]),
        last_month=months[-2].received,
        months=months,
    )
