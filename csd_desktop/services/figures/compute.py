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
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Date, Uuid, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import TypeEngine

from ..db.engine import Database
from ..db.models import Governorate, Office
from ..db.types import UTCDateTime
from ..domain.enums import Channel, Gender, Kind, Outcome, Priority, Status
from . import clock
from .figures_period import MONTHS_AR, Period, Scope, add_months
from .figures_queries import (
    OVERDUE,
    build_rows_sql,
    drop_temp_tables,
    from_rows,
    read_breakdowns,
    read_recurring,
    scoped_sql,
    trend_sql,
)
from .figures_results import (
    DIMENSION_LABELS,
    MEASURE_LABELS,
    NO_DISTRICT,
    NO_ENTITY,
    NO_GENDER,
    PERCENT_MEASURES,
    Breakdown,
    CaseLine,
    Figures,
    Measures,
    OverdueCase,
    TrendPoint,
    figure_value,
    share,
)
from .users import Actor, Permission, require

__all__ = [
    "DIMENSION_LABELS",
    "MEASURE_LABELS",
    "MONTHS_AR",
    "NO_DISTRICT",
    "NO_ENTITY",
    "NO_GENDER",
    "OVERDUE_LIST_LIMIT",
    "PERCENT_MEASURES",
    "TREND_MONTHS",
    "Breakdown",
    "CaseLine",
    "Figures",
    "Measures",
    "OverdueCase",
    "Period",
    "Scope",
    "TrendPoint",
    "build_rows_sql",
    "case_lines",
    "compute",
    "figure_value",
    "office_case_lines",
    "office_figures",
    "plain",
    "trend_sql",
]

OVERDUE_LIST_LIMIT = 2000
TREND_MONTHS = 12


# --- running a statement ----------------------------------------------------------------------------

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


def _build_rows(s: Session, scope: Scope, period: Period, today: date, *, with_gender: bool) -> None:
    drop_temp_tables(s)
    _run(s, build_rows_sql(scope, with_gender=with_gender), _params(scope, period, today))


# --- the overdue list and the trend ----------------------------------------------------------------


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
    rows = s.execute(_statement(OVERDUE, day), {**day, "limit": limit})
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
    months = [add_months(last, back) for back in range(1 - TREND_MONTHS, 1)]
    span = Period(months[0], add_months(last, 1))
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
                within_sla_share=share(answered, due),
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
                totals, breakdowns = read_breakdowns(s)
                recurring = read_recurring(s)
                overdue = _overdue(s, period, today, overdue_limit)
            finally:
                drop_temp_tables(s)
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
            previous = from_rows(s, "''").get("", Measures().with_rates())
        finally:
            drop_temp_tables(s)
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
    for r in _run(s, scoped_sql(_CASE_LIST, scope), params):
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
