"""The report's figures (ITRS, seed 000): counts, rates, delays and satisfaction, computed in SQL.

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

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, is_dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Date, Uuid, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import TypeEngine

from ..db.engine import Database
from ..db.models import Category, District, Entity, Governorate, Office
from ..db.types import UTCDateTime
from ..domain.arabic import ascii_digits, clean_text
from ..domain.enums import Channel, Gender, Kind, Outcome, Priority, Status
from ..errors import ValidationError
from . import clock
from .users import Actor, Permission, require

MONTHS_AR = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
_QUARTERS_AR = ("الربع الأول", "الربع الثاني", "الربع الثالث", "الربع الرابع")
OVERDUE_LIST_LIMIT = 2000
TREND_MONTHS = 12


# --- periods and scopes ----------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Iraqi calendar days [start, end)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValidationError("بداية الفترة يجب أن تسبق نهايتها.", field="period")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        return cls(first, _add_months(first, 1))

    @classmethod
    def parse_month(cls, value: str) -> Period:
        """'2026-10' (Arabic digits accepted)."""
        raw = ascii_digits(clean_text(value))
        try:
            year, month = (int(part) for part in raw.split("-"))
            return cls.month(year, month)
        except ValueError:
            raise ValidationError("اكتب الشهر بالشكل 2026-10.", field="month") from None

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, _add_months(first, 3))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def months(self) -> int:
        """Whole calendar months covered, or 0 when the period does not start and end on a 1st."""
        if self.start.day != 1 or self.end.day != 1:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def kind(self) -> str:
        months = self.months
        if months == 1:
            return "month"
        if months == 3 and self.start.month % 3 == 1:
            return "quarter"
        if months == 12 and self.start.month == 1:
            return "year"
        return "custom"

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == "month":
            return f"{MONTHS_AR[self.start.month - 1]} {self.start.year}"
        if kind == "quarter":
            return f"{_QUARTERS_AR[(self.start.month - 1) // 3]} من سنة {self.start.year}"
        if kind == "year":
            return f"سنة {self.start.year}"
        return f"من {self.start.isoformat()} إلى {self.last_day.isoformat()}"

    @property
    def month_key(self) -> str | None:
        return f"{self.start:%Y-%m}" if self.kind == "month" else None

    def previous(self) -> Period:
        """The period of the same length just before: the previous month(s) for whole months, else
        the same number of days."""
        months = self.months
        if months:
            return Period(_add_months(self.start, -months), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return _utc_midnight(self.start), _utc_midnight(self.end)


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), clock.IRAQ_TZ).astimezone(UTC)


@dataclass(frozen=True)
class Scope:
    """Whose cases: one office (today), a governorate's offices or the whole country (central)."""

    office_id: UUID | None = None
    governorate_id: UUID | None = None

    def predicate(self, alias: str = "c") -> str:
        if self.office_id is not None:
            return f"{alias}.office_id = :scope_id"
        if self.governorate_id is not None:
            return f"{alias}.office_id IN (SELECT id FROM offices WHERE governorate_id = :scope_id)"
        return "1 = 1"

    @property
    def id(self) -> UUID | None:
        return self.office_id or self.governorate_id


# --- results ---------------------------------------------------------------------------------------


def _share(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


@dataclass(frozen=True)
class Measures:
    received: int = 0
    closed: int = 0
    resolved: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
    first_answers_due: int = 0
    answered_within_sla: int = 0
    first_answers: int = 0
    avg_days_to_first_answer: float | None = None
    median_days_to_first_answer: float | None = None
    avg_days_to_close: float | None = None
    median_days_to_close: float | None = None
    rated: int = 0
    avg_satisfaction: float | None = None
    satisfied: int = 0
    # Derived once here, so JSON, PDF and KPIs read the same numbers (percent, 0–100).
    resolution_rate: float | None = None
    within_sla_share: float | None = None
    satisfied_share: float | None = None
    overdue_share: float | None = None

    def with_rates(self) -> Measures:
        return replace(
            self,
            resolution_rate=_share(self.resolved, self.closed),
            within_sla_share=_share(self.answered_within_sla, self.first_answers_due),
            satisfied_share=_share(self.satisfied, self.rated),
            overdue_share=_share(self.overdue_at_end, self.open_at_end),
        )


MEASURE_LABELS: Mapping[str, str] = {
    "received": "الطلبات المستلمة",
    "closed": "الطلبات المغلقة",
    "resolved": "المغلقة بمعالجة الطلب",
    "open_at_end": "المفتوحة في نهاية الفترة",
    "overdue_at_end": "المتأخرة في نهاية الفترة",
    "first_answers_due": "الطلبات المستحق الرد عليها",
    "answered_within_sla": "المُجاب عنها خلال المدة المحددة",
    "first_answers": "الطلبات المُجاب عنها لأول مرة",
    "avg_days_to_first_answer": "متوسط أيام أول رد",
    "median_days_to_first_answer": "وسيط أيام أول رد",
    "avg_days_to_close": "متوسط أيام الإغلاق",
    "median_days_to_close": "وسيط أيام الإغلاق",
    "rated": "الطلبات المقيَّمة",
    "avg_satisfaction": "متوسط درجة الرضا (من 5)",
    "satisfied": "الراضون (4 أو 5)",
    "resolution_rate": "نسبة المعالجة",
    "within_sla_share": "نسبة الرد خلال المدة المحددة",
    "satisfied_share": "نسبة الرضا",
    "overdue_share": "نسبة المتأخرة من المفتوحة",
}
PERCENT_MEASURES = frozenset({"resolution_rate", "within_sla_share", "satisfied_share", "overdue_share"})
DAY_MEASURES = frozenset(
    {"avg_days_to_first_answer", "median_days_to_first_answer", "avg_days_to_close", "median_days_to_close"}
)


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # code ("" when the case has none)
    label: str
    measures: Measures


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # kind, category, entity, district, channel, gender, priority
    label: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class Recurring:
    category: str
    category_label: str
    district: str
    district_label: str
    received: int
    open_at_end: int


@dataclass(frozen=True)
class TrendPoint:
    month: str  # YYYY-MM
    label: str
    received: int
    closed: int
    first_answers_due: int
    answered_within_sla: int
    within_sla_share: float | None


@dataclass(frozen=True)
class OverdueCase:
    reference: str
    registered_on: date
    kind: str
    category: str
    entity: str
    subject: str
    deadline: date
    days_late: int
    status_now: str


@dataclass(frozen=True)
class Figures:
    office_code: str
    office_name: str
    governorate: str
    period: Period
    period_label: str
    previous_period: Period
    previous_label: str
    computed_at: datetime
    totals: Measures
    previous: Measures
    breakdowns: tuple[Breakdown, ...]
    recurring: tuple[Recurring, ...]
    trend: tuple[TrendPoint, ...]
    overdue: tuple[OverdueCase, ...]  # the longest overdue first, at most OVERDUE_LIST_LIMIT

    def breakdown(self, dimension: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dimension == dimension)


DIMENSION_LABELS: Mapping[str, str] = {
    "kind": "نوع الطلب",
    "category": "الفئة",
    "entity": "الجهة المعنية",
    "district": "القضاء",
    "channel": "طريقة التقديم",
    "gender": "الجنس",
    "priority": "فئة الأولوية",
}
NO_ENTITY = "لم يُحَل إلى جهة بعد"
NO_DISTRICT = "غير محدد"
NO_GENDER = "غير مذكور"
NO_PRIORITY = "دون فئة أولوية"


def figure_value(figures: Figures, key: str) -> float | None:
    """A number by key: a measure of the totals ("resolution_rate") or of one breakdown row
    ("kind.complaint.within_sla_share"). Unknown keys raise ValidationError."""
    parts = key.split(".")
    if len(parts) == 1:
        measures = figures.totals
    elif len(parts) == 3 and parts[0] in DIMENSION_LABELS:
        row = next((r for r in figures.breakdown(parts[0]).rows if r.key == parts[1]), None)
        measures = row.measures if row else Measures().with_rates()
    else:
        raise ValidationError(f"مؤشر غير معروف: {key}", field="figure")
    name = parts[-1]
    if name not in MEASURE_LABELS:
        raise ValidationError(f"مؤشر غير معروف: {key}", field="figure")
    value = getattr(measures, name)
    return None if value is None else float(value)


# --- SQL --------------------------------------------------------------------------------------------

# SQLite spellings, kept here so PostgreSQL can get its own. Stored times are naive UTC text; Iraq is
# UTC+3 all year, so the Iraqi day D ends at D 21:00 UTC.
_OFFSET = int(clock.IRAQ_TZ.utcoffset(None).total_seconds()) // 3600
_SQL = {
    "days": "(julianday({0}) - julianday({1}))",
    "day_end": "({0} || ' " + f"{24 - _OFFSET:02d}" + ":00:00')",
    "local_month": "strftime('%Y-%m', {0}, '" + f"+{_OFFSET} hours" + "')",
    "month_end": (
        "datetime({0}, '"
        + f"+{_OFFSET} hours"
        + "', 'start of month', '+1 month', '"
        + f"-{_OFFSET} hours"
        + "')"
    ),
    "next_day": "date({0}, '+1 day')",
}


def _days(later: str, earlier: str) -> str:
    return _SQL["days"].format(later, earlier)


def _answered_by(deadline: str) -> str:
    return f"c.first_answer_at < {_SQL['day_end'].format(deadline)}"


# The latest closing or reopening before :end decides a reopened case's state at the end.
_LAST_CLOSE_OR_REOPEN = (
    "FROM case_events e WHERE e.case_id = c.id AND e.type IN ('closed', 'reopened') AND e.at < :end "
    "ORDER BY e.seq DESC LIMIT 1"
)

# One pass over the cases any figure of the period counts: each OR branch is an index range
# (MULTI-INDEX OR). The temporary table keeps only what the groupings read (narrow rows are cheap).
_BUILD = """
CREATE TEMP TABLE figures_rows AS
SELECT CASE WHEN b.closing IS NULL AND b.missed IS NOT NULL THEN b.case_id END AS overdue_case,
  b.category_id, b.entity_id, b.district_id, {cell} AS cell,
  b.registered_at >= :start AS received,
  coalesce(b.closing >= :start, 0) AS closed,
  coalesce(b.closing >= :start AND b.outcome = 'resolved', 0) AS resolved,
  b.closing IS NULL AS open_at_end,
  b.closing IS NULL AND b.missed IS NOT NULL AS overdue_at_end,
  CASE WHEN b.closing IS NULL THEN b.missed END AS missed,
  b.due, b.within,
  CASE WHEN b.closing >= :start THEN b.satisfaction END AS rating,
  b.answer_days,
  CASE WHEN b.closing >= :start THEN {close_days} END AS close_days
FROM (
  SELECT c.id AS case_id, c.kind, c.channel, c.category_id, c.entity_id, c.district_id, c.citizen_id,
    c.elderly, c.special_needs, c.pregnant, c.registered_at, c.satisfaction,
    CASE WHEN c.reopened_count = 0 THEN CASE WHEN c.closed_at < :end THEN c.closed_at END
      ELSE (SELECT CASE WHEN e.type = 'closed' THEN e.at END {last}) END AS closing,
    CASE WHEN c.reopened_count = 0 THEN c.outcome
      ELSE (SELECT json_extract(e.data, '$.outcome') {last}) END AS outcome,
    CASE WHEN (c.first_answer_at IS NULL OR c.first_answer_at >= :end) AND c.due_first_answer < :overdue_day
      THEN c.due_first_answer WHEN c.resolution_due < :overdue_day THEN c.resolution_due END AS missed,
    coalesce(c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today), 0) AS due,
    coalesce(c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND {answered_in_time}, 0) AS within,
    CASE WHEN c.first_answer_at >= :start AND c.first_answer_at < :end
      THEN {answer_days} END AS answer_days
  FROM cases c
  WHERE ({scope} AND c.registered_at >= :start AND c.registered_at < :end)
    OR ({scope} AND c.due_first_answer >= :start_day AND c.due_first_answer < :end_day)
    OR ({scope} AND c.first_answer_at >= :start AND c.first_answer_at < :end)
    OR ({scope} AND c.closed_at >= :start AND c.registered_at < :end)
    OR ({scope} AND c.closed_at IS NULL AND c.registered_at < :end)
) b {join}
"""


# The small dimensions (kind, channel, gender, priority flags) have at most a few hundred
# combinations, packed in one integer `cell` (kind·1000 + channel·100 + gender·10 + flags): one
# grouping makes a cube, and each of them (and the totals) is read off it.
def _code(expression: str, values: Sequence[str]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values, 1))
    return f"coalesce(CASE {expression} {whens} END, 0)"


_KINDS = [k.value for k in Kind]
_CHANNELS = [c.value for c in Channel]
_GENDERS = [g.value for g in Gender]
_CELL = (
    f"{_code('b.kind', _KINDS)} * 1000 + {_code('b.channel', _CHANNELS)} * 100"
    " + {gender_code} * 10 + b.elderly + 2 * b.special_needs + 4 * b.pregnant"
)
_CUBE = """
CREATE TEMP TABLE figures_cube AS
SELECT cell, count(*) AS n, total(received) AS received, total(closed) AS closed,
  total(resolved) AS resolved, total(open_at_end) AS open_at_end, total(overdue_at_end) AS overdue_at_end,
  total(due) AS due, total(within) AS within, count(rating) AS rated, total(rating) AS rating,
  total(rating >= 4) AS satisfied
FROM figures_rows GROUP BY cell
"""
_HISTOGRAM = """
CREATE TEMP TABLE figures_hist AS
SELECT 'answer_days' AS m, cell, CAST(round(answer_days * 10) AS INTEGER) AS b, count(*) AS n,
  total(answer_days) AS sx
FROM figures_rows WHERE answer_days IS NOT NULL GROUP BY 2, 3
UNION ALL
SELECT 'close_days', cell, CAST(round(close_days * 10) AS INTEGER), count(*), total(close_days)
FROM figures_rows WHERE close_days IS NOT NULL GROUP BY 2, 3
"""
_TEMP_TABLES = ("figures_rows", "figures_cube", "figures_hist")

_AGGREGATE = "SELECT {key} AS k, {measures} FROM {source} GROUP BY 1"
_ROW_MEASURES = (
    "count(*), total(received), total(closed), total(resolved), total(open_at_end), total(overdue_at_end),"
    " total(due), total(within), count(rating), total(rating), total(rating >= 4)"
)
_CUBE_MEASURES = (
    "sum(n), total(received), total(closed), total(resolved), total(open_at_end), total(overdue_at_end),"
    " total(due), total(within), sum(rated), total(rating), total(satisfied)"
)

# Median on a histogram of tenths of a day: a window over a few hundred buckets, not over the cases.
_DISTRIBUTION = """
WITH h AS (
  SELECT {key} AS k, {bucket} AS b, {count} AS n, {total} AS sx FROM {source} WHERE {where} GROUP BY 1, 2
), w AS (
  SELECT k, b, sx, sum(n) OVER (PARTITION BY k ORDER BY b) AS cum, sum(n) OVER (PARTITION BY k) AS n
  FROM h
)
SELECT k, max(n), total(sx), min(CASE WHEN cum >= (n + 1) / 2 THEN b END),
  min(CASE WHEN cum >= (n + 2) / 2 THEN b END)
FROM w GROUP BY k
"""


def _priority(table: str) -> str:
    """Rows per priority group; the groups overlap, "none" is everyone else."""
    return (
        f"(SELECT 'elderly' AS p, * FROM {table} WHERE (cell % 10) & 1"
        f" UNION ALL SELECT 'special_needs', * FROM {table} WHERE (cell % 10) & 2"
        f" UNION ALL SELECT 'pregnant', * FROM {table} WHERE (cell % 10) & 4"
        f" UNION ALL SELECT 'none', * FROM {table} WHERE cell % 10 = 0)"
    )


def _decoder(values: Sequence[str]) -> Callable[[Any], str]:
    return lambda i: values[i - 1] if i else ""


# dimension: (key read off the cell, the key's code)
_LOW_KEYS: Mapping[str, tuple[str, Callable[[Any], str]]] = {
    "all": ("''", str),
    "kind": ("cell / 1000", _decoder(_KINDS)),
    "channel": ("cell / 100 % 10", _decoder(_CHANNELS)),
    "gender": ("cell / 10 % 10", _decoder(_GENDERS)),
    "priority": ("p", str),
}
_WIDE_KEYS = {"category": "category_id", "entity": "entity_id", "district": "district_id"}

_RECURRING = """
SELECT category_id, district_id, count(*) AS n, total(open_at_end)
FROM figures_rows WHERE received GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10
"""

_OVERDUE = """
SELECT c.reference, c.registered_at, c.kind, cat.name_ar, ent.name_ar, c.subject, r.missed,
  CAST(julianday(:overdue_day) - julianday(r.missed) AS INTEGER), c.status, c.outcome
FROM figures_rows r JOIN cases c ON c.id = r.overdue_case
JOIN categories cat ON cat.id = c.category_id LEFT JOIN entities ent ON ent.id = c.entity_id
WHERE r.overdue_case IS NOT NULL ORDER BY r.missed, c.registered_at LIMIT :limit
"""

# The trend: a month at a time, counts read from covering indexes.
_TREND_MONTH = """
SELECT
  (SELECT count(*) FROM cases c WHERE {scope} AND c.registered_at >= :start AND c.registered_at < :end),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.closed_at >= :start AND c.closed_at < :end
     AND c.reopened_count = 0),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer >= :start_day
     AND c.due_first_answer < :end_day AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today))
"""
# Reopened cases close by their timeline: a closing counts in its month if nothing reopened (or
# closed) the case again before that month ended.
_TREND_REOPENED = """
SELECT {event_month}, count(*) FROM cases c JOIN case_events e ON e.case_id = c.id
WHERE (({scope} AND c.reopened_count > 0 AND c.closed_at IS NULL)
    OR ({scope} AND c.reopened_count > 0 AND c.closed_at >= :start))
  AND e.type = 'closed' AND e.at >= :start AND e.at < :end
  AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = c.id AND r.seq > e.seq
    AND r.type IN ('closed', 'reopened') AND r.at < {month_end})
GROUP BY 1
"""
# Answered on time, one deadline day at a time: a range of the (office, due day, first answer) index.
_TREND_WITHIN = """
WITH RECURSIVE days(d) AS (SELECT :start_day UNION ALL SELECT {next_day} FROM days WHERE d < :last_day)
SELECT substr(d, 1, 7), sum((SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer = days.d
  AND c.first_answer_at < {day_end}))
FROM days GROUP BY 1
"""

_TYPES: dict[str, TypeEngine[Any]] = {
    "start": UTCDateTime(),
    "end": UTCDateTime(),
    "start_day": Date(),
    "end_day": Date(),
    "last_day": Date(),
    "today": Date(),
    "overdue_day": Date(),
    "scope_id": Uuid(),
}


def _used(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if re.search(rf":{k}\b", sql)}


def _statement(sql: str, params: Mapping[str, Any]) -> TextClause:
    return text(sql).bindparams(*(bindparam(k, type_=_TYPES[k]) for k in _used(sql, params) if k in _TYPES))


def _run(s: Session, sql: str, params: Mapping[str, Any]) -> Any:
    return s.execute(_statement(sql, params), _used(sql, params))


def _params(scope: Scope, period: Period, today: date) -> dict[str, Any]:
    start, end = period.utc_bounds()
    params: dict[str, Any] = {
        "start": start,
        "end": end,
        "start_day": period.start,
        "end_day": period.end,
        "last_day": period.last_day,
        "today": today,
        "overdue_day": min(period.end, today),
    }
    if scope.id is not None:
        params["scope_id"] = scope.id
    return params


def _sql(template: str, scope: Scope, **extra: str) -> str:
    return template.format(scope=scope.predicate("c"), **extra)


def build_rows_sql(scope: Scope, *, with_gender: bool = True) -> str:
    """The CREATE TEMP TABLE statement (exposed for EXPLAIN QUERY PLAN checks)."""
    return _sql(
        _BUILD,
        scope,
        last=_LAST_CLOSE_OR_REOPEN,
        cell=_CELL.format(gender_code=_code("p.gender", _GENDERS) if with_gender else "0"),
        join="LEFT JOIN citizens p ON p.id = b.citizen_id" if with_gender else "",
        close_days=_days("b.closing", "b.registered_at"),
        answer_days=_days("c.first_answer_at", "c.registered_at"),
        answered_in_time=_answered_by("c.due_first_answer"),
    )


def trend_sql(scope: Scope) -> dict[str, str]:
    """The trend's statements (exposed for EXPLAIN QUERY PLAN checks)."""
    return {
        "month": _sql(_TREND_MONTH, scope),
        "reopened": _sql(
            _TREND_REOPENED,
            scope,
            event_month=_SQL["local_month"].format("e.at"),
            month_end=_SQL["month_end"].format("e.at"),
        ),
        "within": _sql(
            _TREND_WITHIN,
            scope,
            next_day=_SQL["next_day"].format("d"),
            day_end=_SQL["day_end"].format("days.d"),
        ),
    }


def _drop_temp_tables(s: Session) -> None:
    for table in _TEMP_TABLES:
        s.execute(text(f"DROP TABLE IF EXISTS temp.{table}"))


def _build_rows(s: Session, scope: Scope, period: Period, today: date, *, with_gender: bool) -> None:
    _drop_temp_tables(s)
    _run(s, build_rows_sql(scope, with_gender=with_gender), _params(scope, period, today))


def _measures(
    s: Session, aggregate: str, distributions: Mapping[str, str], decode: Callable[[Any], str] = str
) -> dict[str, Measures]:
    """Measures per key: counts from one grouping, days (average, median) from two histograms."""
    found: dict[str, dict[str, Any]] = {}
    for row in s.execute(text(aggregate)):
        found[decode(row[0]) if row[0] is not None else ""] = {
            "received": int(row[2]),
            "closed": int(row[3]),
            "resolved": int(row[4]),
            "open_at_end": int(row[5]),
            "overdue_at_end": int(row[6]),
            "first_answers_due": int(row[7]),
            "answered_within_sla": int(row[8]),
            "rated": int(row[9]),
            "avg_satisfaction": round(row[10] / row[9], 2) if row[9] else None,
            "satisfied": int(row[11]),
        }
    for x, sql in distributions.items():
        prefix = "first_answer" if x == "answer_days" else "close"
        for k, n, sx, low, high in s.execute(text(sql)):
            values = found.setdefault(decode(k) if k is not None else "", {})
            if x == "answer_days":
                values["first_answers"] = int(n)
            values[f"avg_days_to_{prefix}"] = round(sx / n, 2)
            values[f"median_days_to_{prefix}"] = round((low + high) / 20, 2)
    return {k: Measures(**v).with_rates() for k, v in found.items()}


def _from_rows(s: Session, key: str) -> dict[str, Measures]:
    """One dimension grouped over the period's rows."""
    return _measures(
        s,
        _AGGREGATE.format(key=key, measures=_ROW_MEASURES, source="figures_rows"),
        {
            x: _DISTRIBUTION.format(
                key=key,
                bucket=f"CAST(round({x} * 10) AS INTEGER)",
                count="count(*)",
                total=f"total({x})",
                source="figures_rows",
                where=f"{x} IS NOT NULL",
            )
            for x in ("answer_days", "close_days")
        },
    )


def _from_cube(s: Session, key: str, decode: Callable[[Any], str]) -> dict[str, Measures]:
    """A small dimension (or the totals) read off the cube and its histograms."""
    prioritised = key == "p"
    return _measures(
        s,
        _AGGREGATE.format(
            key=key,
            measures=_CUBE_MEASURES,
            source=_priority("figures_cube") if prioritised else "figures_cube",
        ),
        {
            x: _DISTRIBUTION.format(
                key=key,
                bucket="b",
                count="sum(n)",
                total="total(sx)",
                source=_priority("figures_hist") if prioritised else "figures_hist",
                where=f"m = '{x}'",
            )
            for x in ("answer_days", "close_days")
        },
        decode,
    )


# --- labels -----------------------------------------------------------------------------------------


def _labels(s: Session, model: Any, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id (hex, as SQLite stores it) → (code, Arabic name)."""
    wanted = [UUID(hex=i) for i in ids if i]
    if not wanted:
        return {}
    rows = s.execute(select(model.id, model.code, model.name_ar).where(model.id.in_(wanted)))
    return {row.id.hex: (row.code, row.name_ar) for row in rows}


def _enum_rows(found: Mapping[str, Measures], members: Any, none_label: str | None) -> list[BreakdownRow]:
    rows = [BreakdownRow(m.value, m.label, found.get(m.value, Measures().with_rates())) for m in members]
    if none_label is not None and "" in found:
        rows.append(BreakdownRow("", none_label, found[""]))
    return rows


def _reference_rows(
    found: Mapping[str, Measures], labels: Mapping[str, tuple[str, str]], none_label: str
) -> list[BreakdownRow]:
    rows = [
        BreakdownRow(*(labels[k] if k else ("", none_label)), m)
        for k, m in found.items()
        if not k or k in labels
    ]
    rows.sort(key=lambda r: (-r.measures.received, -r.measures.open_at_end, r.label))
    return rows


def _breakdowns(s: Session) -> tuple[Measures, tuple[Breakdown, ...]]:
    """The totals and every breakdown of the period in figures_rows."""
    s.execute(text(_CUBE))
    s.execute(text(_HISTOGRAM))
    grouped = {d: _from_cube(s, key, decode) for d, (key, decode) in _LOW_KEYS.items()}
    grouped |= {d: _from_rows(s, key) for d, key in _WIDE_KEYS.items()}
    categories = _labels(s, Category, set(grouped["category"]))
    entities = _labels(s, Entity, set(grouped["entity"]))
    districts = _labels(s, District, set(grouped["district"]))
    empty = Measures().with_rates()
    rows = {
        "kind": _enum_rows(grouped["kind"], Kind, None),
        "category": _reference_rows(grouped["category"], categories, NO_DISTRICT),
        "entity": _reference_rows(grouped["entity"], entities, NO_ENTITY),
        "district": _reference_rows(grouped["district"], districts, NO_DISTRICT),
        "channel": _enum_rows(grouped["channel"], Channel, None),
        "gender": _enum_rows(grouped["gender"], Gender, NO_GENDER),
        "priority": [
            *_enum_rows(grouped["priority"], Priority, None),
            BreakdownRow("none", NO_PRIORITY, grouped["priority"].get("none", empty)),
        ],
    }
    totals = grouped["all"].get("", empty)
    return totals, tuple(Breakdown(d, DIMENSION_LABELS[d], tuple(rows[d])) for d in DIMENSION_LABELS)


def _recurring(s: Session) -> tuple[Recurring, ...]:
    rows = s.execute(text(_RECURRING)).all()
    categories = _labels(s, Category, {r[0] for r in rows})
    districts = _labels(s, District, {r[1] for r in rows if r[1]})
    found = []
    for category_id, district_id, n, still_open in rows:
        cat_code, cat_name = categories.get(category_id, ("", ""))
        dist_code, dist_name = (
            districts.get(district_id, ("", NO_DISTRICT)) if district_id else ("", NO_DISTRICT)
        )
        found.append(Recurring(cat_code, cat_name, dist_code, dist_name, int(n), int(still_open)))
    return tuple(found)


_STATUS_SHORT = {
    Status.REGISTERED.value: "مسجّل",
    Status.AWAITING_REPLY.value: "بانتظار رد الجهة",
    Status.REPLY_RECEIVED.value: "ورد رد الجهة",
    Status.WAITING_ON_CITIZEN.value: "بانتظار المواطن",
    Status.REOPENED.value: "أُعيد فتحه",
}


def _status_now(status: str, outcome: str | None) -> str:
    """Short enough for a table cell."""
    if outcome:
        return "مغلق — عولج" if outcome == Outcome.RESOLVED.value else "مغلق"
    return _STATUS_SHORT.get(status, "مغلق")


def _overdue(s: Session, period: Period, today: date, limit: int) -> tuple[OverdueCase, ...]:
    day = {"overdue_day": min(period.end, today)}
    rows = s.execute(_statement(_OVERDUE, day), {**day, "limit": limit})
    return tuple(
        OverdueCase(
            reference=r[0],
            registered_on=clock.to_local(datetime.fromisoformat(r[1]).replace(tzinfo=UTC)).date(),
            kind=Kind(r[2]).label,
            category=r[3],
            entity=r[4] or NO_ENTITY,
            subject=r[5],
            deadline=date.fromisoformat(r[6]),
            days_late=int(r[7]),
            status_now=_status_now(r[8], r[9]),
        )
        for r in rows
    )


def _trend(s: Session, scope: Scope, period: Period, today: date) -> tuple[TrendPoint, ...]:
    """The twelve calendar months ending with the period's last month, each counted like a period."""
    last = date(period.last_day.year, period.last_day.month, 1)
    months = [_add_months(last, back) for back in range(1 - TREND_MONTHS, 1)]
    span = Period(months[0], _add_months(last, 1))
    sql = trend_sql(scope)
    reopened = {m: n for m, n in _run(s, sql["reopened"], _params(scope, span, today))}
    within = {m: n for m, n in _run(s, sql["within"], _params(scope, span, today))}
    points = []
    for first in months:
        key = f"{first:%Y-%m}"
        received, closed, due = _run(
            s, sql["month"], _params(scope, Period.month(first.year, first.month), today)
        ).one()
        answered = int(within.get(key) or 0)
        points.append(
            TrendPoint(
                month=key,
                label=f"{MONTHS_AR[first.month - 1]} {first.year}",
                received=int(received),
                closed=int(closed) + int(reopened.get(key, 0)),
                first_answers_due=int(due),
                answered_within_sla=answered,
                within_sla_share=_share(answered, due),
            )
        )
    return tuple(points)


# --- the service ------------------------------------------------------------------------------------


def compute(
    db: Database,
    scope: Scope,
    period: Period,
    *,
    today: date | None = None,
    overdue_limit: int = OVERDUE_LIST_LIMIT,
) -> Figures:
    """All figures of a period. The previous period and the trend are counted on a second connection
    meanwhile (SQLite reads in parallel under WAL; the office PC has two cores)."""
    today = today or clock.today()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="figures") as pool:
        side = pool.submit(_previous_and_trend, db, scope, period, today)
        with db.read() as s:
            office_code, office_name, governorate = _scope_names(s, scope)
            try:
                _build_rows(s, scope, period, today, with_gender=True)
                totals, breakdowns = _breakdowns(s)
                recurring = _recurring(s)
                overdue = _overdue(s, period, today, overdue_limit)
            finally:
                _drop_temp_tables(s)
        previous_totals, trend = side.result()
    previous = period.previous()
    return Figures(
        office_code=office_code,
        office_name=office_name,
        governorate=governorate,
        period=period,
        period_label=period.label,
        previous_period=previous,
        previous_label=previous.label,
        computed_at=clock.now(),
        totals=totals,
        previous=previous_totals,
        breakdowns=breakdowns,
        recurring=recurring,
        trend=trend,
        overdue=overdue,
    )


def _previous_and_trend(
    db: Database, scope: Scope, period: Period, today: date
) -> tuple[Measures, tuple[TrendPoint, ...]]:
    with db.read() as s:
        try:
            _build_rows(s, scope, period.previous(), today, with_gender=False)
            previous = _from_rows(s, "''").get("", Measures().with_rates())
        finally:
            _drop_temp_tables(s)
        return previous, _trend(s, scope, period, today)


def _scope_names(s: Session, scope: Scope) -> tuple[str, str, str]:
    if scope.office_id is not None:
        office, gov = s.execute(
            select(Office, Governorate)
            .join(Governorate, Office.governorate_id == Governorate.id)
            .where(Office.id == scope.office_id)
        ).one()
        return office.code, office.name_ar, gov.name_ar
    if scope.governorate_id is not None:
        gov = s.get_one(Governorate, scope.governorate_id)
        return gov.code, f"مكاتب شؤون المواطنين في محافظة {gov.name_ar}", gov.name_ar
    return "IQ", "مكاتب شؤون المواطنين في جمهورية العراق", "جميع المحافظات"


def office_figures(db: Database, actor: Actor, period: Period) -> Figures:
    """The figures of the actor's office for a period."""
    require(actor, Permission.VIEW_REPORTS)
    return compute(db, Scope(office_id=actor.office_id), period)


# --- plain values (JSON for the CLI and the stored lock) ---------------------------------------------


def plain(value: Any) -> Any:
    """Dataclasses, dates and enums as JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


# --- the case list of a period (CSV) -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseLine:
    reference: str
    registered_at: datetime  # Iraqi time
    kind: str
    channel: str
    category: str
    entity: str
    district: str
    gender: str
    priority: str
    status: str
    due_first_answer: date
    first_answer_at: datetime | None
    answered_within_sla: bool | None
    closed_at: datetime | None
    satisfaction: int | None
    subject: str


_CASE_LIST = """
SELECT c.reference, c.registered_at, c.kind, c.channel, cat.name_ar, ent.name_ar, d.name_ar, p.gender,
  c.elderly, c.special_needs, c.pregnant, c.status, c.outcome, c.due_first_answer, c.first_answer_at,
  c.closed_at, c.satisfaction, c.subject
FROM cases c JOIN categories cat ON cat.id = c.category_id
LEFT JOIN entities ent ON ent.id = c.entity_id LEFT JOIN districts d ON d.id = c.district_id
LEFT JOIN citizens p ON p.id = c.citizen_id
WHERE {scope} AND c.registered_at >= :start AND c.registered_at < :end
ORDER BY c.registered_at
"""


def _local(value: str | None) -> datetime | None:
    return clock.to_local(datetime.fromisoformat(value).replace(tzinfo=UTC)) if value else None


def case_lines(s: Session, scope: Scope, period: Period) -> Iterator[CaseLine]:
    """The cases received in the period, oldest first, streamed (no personal data of the citizen)."""
    params = _params(scope, period, clock.today())
    for r in _run(s, _sql(_CASE_LIST, scope), params):
        flags = [p.label for p, on in zip(Priority, (r[8], r[9], r[10]), strict=True) if on]
        first_answer = _local(r[14])
        due = date.fromisoformat(r[13])
        yield CaseLine(
            reference=r[0],
            registered_at=_local(r[1]) or datetime.min,
            kind=Kind(r[2]).label,
            channel=Channel(r[3]).label,
            category=r[4],
            entity=r[5] or NO_ENTITY,
            district=r[6] or NO_DISTRICT,
            gender=Gender(r[7]).label if r[7] else NO_GENDER,
            priority="، ".join(flags),
            status=_status_now(r[11], r[12]),
            due_first_answer=due,
            first_answer_at=first_answer,
            answered_within_sla=None if first_answer is None else first_answer.date() <= due,
            closed_at=_local(r[15]),
            satisfaction=r[16],
            subject=r[17],
        )


def office_case_lines(db: Database, actor: Actor, period: Period) -> Iterator[CaseLine]:
    """The actor's office's cases received in the period, read inside one transaction while iterated."""
    require(actor, Permission.VIEW_REPORTS)
    with db.read() as s:
        yield from case_lines(s, Scope(office_id=actor.office_id), period)
