"""Computing a period's figures: running the statements of services/figures/sql.py, on two
connections at once, and shaping their rows into the trend, the overdue list and the case list
(the breakdowns: breakdowns.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import TypeEngine

from ...db.engine import Database
from ...db.models import Governorate, Office
from ...db.types import CompactUuid, Day, UTCDateTime, from_day_number, from_millis
from ...domain.enums import Channel, Gender, Kind, Outcome, Priority, Status
from ...i18n import N_, _
from .. import clock
from ..users import Actor, Permission, require
from . import breakdowns, sql
from .dialects import spelling
from .measures import (
    NO_DISTRICT,
    NO_ENTITY,
    NO_GENDER,
    CaseLine,
    Figures,
    Measures,
    OverdueCase,
    TrendPoint,
    share,
)
from .period import MONTHS_AR, Period, Scope

OVERDUE_LIST_LIMIT = 2000
TREND_MONTHS = 12

# --- running a statement ----------------------------------------------------------------------------

_TYPES: dict[str, TypeEngine[Any]] = {
    "start": UTCDateTime(),
    "end": UTCDateTime(),
    "start_day": Day(),
    "end_day": Day(),
    "last_day": Day(),
    "today": Day(),
    "overdue_day": Day(),
    "scope_id": CompactUuid(),
}


def used(sql_text: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if re.search(rf":{k}\b", sql_text)}


def statement(sql_text: str, params: Mapping[str, Any]) -> TextClause:
    """The SQL with its parameters typed as the columns they are compared with (db/types.py)."""
    return text(sql_text).bindparams(
        *(bindparam(k, type_=_TYPES[k]) for k in used(sql_text, params) if k in _TYPES)
    )


def _run(s: Session, sql_text: str, params: Mapping[str, Any]) -> Any:
    return s.execute(statement(sql_text, params), used(sql_text, params))


def params(scope: Scope, period: Period, today: date) -> dict[str, Any]:
    start, end = period.utc_bounds()
    values: dict[str, Any] = {
        "start": start,
        "end": end,
        "start_day": period.start,
        "end_day": period.end,
        "last_day": period.last_day,
        "today": today,
        "overdue_day": min(period.end, today),
    }
    if scope.id is not None:
        values["scope_id"] = scope.id
    return values


class Reader(Protocol):
    """A database the figures are read from: a station's file (db.engine.Database) or the central
    server's store (central/store.py)."""

    def read(self) -> AbstractContextManager[Session]: ...


def dialect(s: Session) -> str:
    return s.get_bind().dialect.name


def as_moment(value: Any) -> datetime:
    """A moment read by raw SQL: UTC milliseconds on SQLite, a timestamptz on PostgreSQL."""
    return from_millis(value) if isinstance(value, int) else value


def as_day(value: Any) -> date:
    """A day read by raw SQL: a day number on SQLite, a date on PostgreSQL."""
    return from_day_number(value) if isinstance(value, int) else value


def drop_temp_tables(s: Session) -> None:
    schema = spelling(dialect(s)).temp_schema
    for table in sql.TEMP_TABLES:
        s.execute(text(f"DROP TABLE IF EXISTS {schema}.{table}"))


def _tabulate(s: Session, scope: Scope, period: Period, today: date, *, with_dimensions: bool) -> None:
    """The period's cases into figures_rows, grouped into the small tables the figures are read off."""
    drop_temp_tables(s)
    name = dialect(s)
    _run(
        s,
        sql.build_rows_sql(scope, with_dimensions=with_dimensions, dialect=name),
        params(scope, period, today),
    )
    for statement_sql in sql.aggregate_sql(with_dimensions=with_dimensions, dialect=name):
        s.execute(text(statement_sql))


# --- the overdue list and the trend ----------------------------------------------------------------


_STATUS_SHORT = {
    Status.REGISTERED.value: N_("مسجّل"),
    Status.AWAITING_REPLY.value: N_("بانتظار رد الجهة"),
    Status.REPLY_RECEIVED.value: N_("ورد رد الجهة"),
    Status.WAITING_ON_CITIZEN.value: N_("بانتظار المواطن"),
    Status.REOPENED.value: N_("أُعيد فتحه"),
}


def _status_now(status: str, outcome: str | None) -> str:
    """Short enough for a table cell."""
    if outcome:
        return _("مغلق — عولج") if outcome == Outcome.RESOLVED.value else _("مغلق")
    return _(_STATUS_SHORT.get(status, N_("مغلق")))


def _overdue(s: Session, period: Period, today: date, limit: int) -> tuple[OverdueCase, ...]:
    day = {"overdue_day": min(period.end, today)}
    overdue_sql = sql.overdue_sql(dialect(s))
    rows = s.execute(statement(overdue_sql, day), {**day, "limit": limit})
    return tuple(
        OverdueCase(
            reference=r[0],
            registered_on=clock.to_local(as_moment(r[1])).date(),
            kind=Kind(r[2]).label,
            category=r[3],
            entity=r[4] or _(NO_ENTITY),
            subject=r[5],
            deadline=as_day(r[6]),
            days_late=int(r[7]),
            status_now=_status_now(r[8], r[9]),
        )
        for r in rows
    )


def _trend(s: Session, scope: Scope, period: Period, today: date) -> tuple[TrendPoint, ...]:
    """The twelve calendar months ending with the period's last month, each counted like a period."""
    months = sql.trend_months(period, TREND_MONTHS)
    first, last = from_day_number(months[0][3]), from_day_number(months[-1][4])
    span = params(scope, Period(first, last), today)
    statements = sql.trend_sql(scope, months, dialect(s))
    counts = {k: (received, closed, due) for k, received, closed, due in _run(s, statements["month"], span)}
    reopened = {k: n for k, n in _run(s, statements["reopened"], span)}
    within = {k: n for k, n in _run(s, statements["within"], span)}
    points = []
    for key, *_rest in months:
        received, closed, due = counts[key]
        answered = int(within.get(key) or 0)
        year, month = int(key[:4]), int(key[5:])
        points.append(
            TrendPoint(
                month=key,
                label=f"{_(MONTHS_AR[month - 1])} {year}",
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
    db: Reader,
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
                _tabulate(s, scope, period, today, with_dimensions=True)
                totals, rows = breakdowns.breakdowns(s)
                recurring = breakdowns.recurring(s)
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
        breakdowns=rows,
        recurring=recurring,
        trend=trend,
        overdue=overdue,
    )


def _previous_and_trend(
    db: Reader, scope: Scope, period: Period, today: date
) -> tuple[Measures, tuple[TrendPoint, ...]]:
    with db.read() as s:
        try:
            _tabulate(s, scope, period.previous(), today, with_dimensions=False)
            previous = (
                breakdowns.grouped(s, with_dimensions=False).get("all", {}).get("", Measures().with_rates())
            )
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
        return (
            gov.code,
            _("مكاتب شؤون المواطنين في محافظة {name_ar}").format(name_ar=gov.name_ar),
            gov.name_ar,
        )
    return "IQ", _("مكاتب شؤون المواطنين في جمهورية العراق"), _("جميع المحافظات")


def office_figures(db: Database, actor: Actor, period: Period) -> Figures:
    """The figures of the actor's office for a period."""
    require(actor, Permission.VIEW_REPORTS)
    return compute(db, Scope(office_id=actor.office_id), period)


# --- plain values (JSON for the CLI and the stored lock) ---------------------------------------------


def plain(value: Any) -> Any:
    """Dataclasses, dates, ids and enums as JSON-ready values (stored figures, the CLI's --json)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


# --- the case list of a period (CSV) -----------------------------------------------------------------


def _local(value: int | None) -> datetime | None:
    return clock.to_local(as_moment(value)) if value is not None else None


def case_lines(s: Session, scope: Scope, period: Period) -> Iterator[CaseLine]:
    """The cases received in the period, oldest first, streamed (no personal data of the citizen)."""
    for r in _run(s, sql.scoped_sql(sql.CASE_LIST, scope), params(scope, period, clock.today())):
        flags = [p.label for p, on in zip(Priority, (r[8], r[9], r[10]), strict=True) if on]
        first_answer = _local(r[14])
        due = as_day(r[13])
        yield CaseLine(
            reference=r[0],
            registered_at=_local(r[1]) or datetime.min,
            kind=Kind(r[2]).label,
            channel=Channel(r[3]).label,
            category=r[4],
            entity=r[5] or _(NO_ENTITY),
            district=r[6] or _(NO_DISTRICT),
            gender=Gender(r[7]).label if r[7] else _(NO_GENDER),
            priority=_("، ").join(flags),
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
