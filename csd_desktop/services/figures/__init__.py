"""The report's figures (ITRS, seed 000): counts, rates, delays and satisfaction, computed in SQL.

period.py says over what (periods, scopes), measures.py what comes back (and its labels), sql.py
the statements, compute.py runs them, breakdowns.py reads the totals and breakdowns off what they
made. This module only re-exports their public names.

A period is a range of Iraqi calendar days [start, end). Every figure is defined below once; the
PDF, the workbook, the KPIs and `csd report figures --json` all read these numbers.

Cohorts — which cases a figure counts:

- **received**: registered in the period.
- **closed**: closed in the period and still closed at its end. A case is counted once, by the closing
  in force at the end of the period: a case registered in October and closed on 3 November counts as
  received in October and closed in November (and open at the end of October). A case reopened later
  is read from its timeline, so October's figures do not change when it is reopened in December; the
  reopening is an amendment the next report lists (services/month_close.py). A case closed, reopened
  and closed again inside one period counts once.
- **still open at period end**: registered before the end and not closed at the end (a case closed
  before the end and reopened before the end is open).
- **overdue at period end**: open at the end with a deadline that had passed by then — the first
  answer was still owed and its day (`due_first_answer`) ended before the period did, or the
  resolution deadline (`resolution_due`) ended before the period did. That is what the overdue
  worklist shows on the first morning after the period. "Days late" count calendar days from the
  deadline to that morning. For a period not yet over, "at the end" means now: open today, and
  overdue by today's worklist. A reopened case keeps its first answer (the one before the
  reopening); its resolution deadline runs from the reopening.
- **first answers due**: cases whose first-answer day falls in the period (deadlines still ahead in
  the current period are left out until answered); **answered within SLA**: answered (informed or
  closed) on or before that day, Iraqi time — so a case answered on its deadline day is within, the
  next day is not. Holidays are in the deadline already (services.sla, working days).
- **days to first answer**: for cases first answered in the period, calendar days from registration;
  **days to close**: for cases closed in the period, from registration to that closing. Medians are
  taken on days rounded to a tenth (what the report prints).
- **satisfaction**: the score (1–5) of cases closed in the period; "satisfied" is 4 or 5.
- rates: resolution rate = resolved ÷ closed; within-SLA share = answered within ÷ first answers due;
  satisfied share = satisfied ÷ rated; overdue share = overdue ÷ open at end. None when nothing to
  divide.

Breakdowns (kind, category, entity, district, channel, gender, priority group) apply the same
definitions to each group; the priority groups overlap (an elderly citizen with special needs is in
both rows), "none" is the rest. The entity is the case's current one.
"""

from __future__ import annotations

from .compute import (
    OVERDUE_LIST_LIMIT,
    TREND_MONTHS,
    case_lines,
    compute,
    office_case_lines,
    office_figures,
    plain,
)
from .measures import (
    DAY_MEASURES,
    DIMENSION_LABELS,
    MEASURE_LABELS,
    NO_DISTRICT,
    NO_ENTITY,
    NO_GENDER,
    NO_PRIORITY,
    PERCENT_MEASURES,
    Breakdown,
    BreakdownRow,
    CaseLine,
    Figures,
    Measures,
    OverdueCase,
    Recurring,
    TrendPoint,
    figure_value,
    share,
)
from .period import MONTHS_AR, Period, Scope, add_months
from .sql import build_rows_sql, trend_sql

__all__ = [
    "DAY_MEASURES",
    "DIMENSION_LABELS",
    "MEASURE_LABELS",
    "MONTHS_AR",
    "NO_DISTRICT",
    "NO_ENTITY",
    "NO_GENDER",
    "NO_PRIORITY",
    "OVERDUE_LIST_LIMIT",
    "PERCENT_MEASURES",
    "TREND_MONTHS",
    "Breakdown",
    "BreakdownRow",
    "CaseLine",
    "Figures",
    "Measures",
    "OverdueCase",
    "Period",
    "Recurring",
    "Scope",
    "TrendPoint",
    "add_months",
    "build_rows_sql",
    "case_lines",
    "compute",
    "figure_value",
    "office_case_lines",
    "office_figures",
    "plain",
    "share",
    "trend_sql",
]
