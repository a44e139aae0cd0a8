"""Closing a month: the final report is locked (figures and the PDF's hash), and later changes to its
cases become amendments that the next report lists — never a silent edit of figures already sent."""

from __future__ import annotations

import hashlib
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Amendment, Case, CaseEvent, MonthLock, Office, User
from ..domain.enums import EventType, Status
from ..errors import FileWriteFailed, ValidationError
from ..i18n import N_
from . import clock, files
from .users import Actor, Permission, require

if TYPE_CHECKING:  # imported when used: timeline.append imports this module for record_amendment
    from .figures import Figures, Period
    from .kpis import KpiResult


@dataclass(frozen=True)
class LockInfo:
    month: str
    locked_at: datetime
    locked_by: str  # full name
    pdf_sha256: str
    synced_at: datetime | None


@dataclass(frozen=True)
class AmendmentView:
    reference: str
    month: str  # the locked month it amends
    event: str  # Arabic label of the event
    at: datetime  # Iraqi time
    user: str


@dataclass(frozen=True)
class ReportData:
    """Everything the monthly report prints, as one value (stored whole when the month is locked)."""

    figures: Figures
    kpis: tuple[KpiResult, ...]
    amendments: tuple[AmendmentView, ...]
    prepared_by: str
    prepared_on: date
    final: bool  # the locked report, or the one about to be locked
    lock: LockInfo | None = None


def _month_of(moment: datetime) -> str:
    return f"{clock.to_local(moment):%Y-%m}"


# --- amendments --------------------------------------------------------------------------------------


def record_amendment(s: Session, case: Case, event: CaseEvent) -> None:
    """Called for every new event, before the case's state columns follow it (so `case` still shows
    what the locked report counted). An event amends a locked month when it touches what that
    month's report said about the case:

    - any event on a case that was closed in a locked month (reopened, re-rated, corrected, noted):
      the report counted it as closed;
    - a correction to a case registered in a locked month.

    Routine follow-up of a case that was still open at the end of its locked month (referral, reply,
    closing) is what that report announced as "still open" — not an amendment.
    """
    months: set[str] = set()
    if case.status == Status.CLOSED.value and case.closed_at is not None:
        months.add(_month_of(case.closed_at))
    if event.type == EventType.CORRECTION.value:
        months.add(_month_of(case.registered_at))
    if not months:
        return
    locks = s.scalars(
        select(MonthLock).where(MonthLock.office_id == case.office_id, MonthLock.month.in_(months))
    )
    for lock in locks:
        s.add(
            Amendment(
                case_id=case.id,
                lock_id=lock.id,
                month=lock.month,
                event_id=event.id,
                at=event.at,
                user_id=event.user_id,
            )
        )


def _amendments(
    s: Session, office_id: UUID, since: datetime | None, until: datetime | None
) -> tuple[AmendmentView, ...]:
    query = (
        select(Case.reference, Amendment.month, CaseEvent.type, Amendment.at, User.full_name)
        .join(Case, Amendment.case_id == Case.id)
        # A step is found through its case (its id is not indexed: db.models.CaseEvent).
        .join(CaseEvent, and_(CaseEvent.case_id == Amendment.case_id, CaseEvent.id == Amendment.event_id))
        .join(User, Amendment.user_id == User.id)
        # Through the office's locks, so SQLite starts from the (few) amendments, not the cases.
        .where(Amendment.lock_id.in_(select(MonthLock.id).where(MonthLock.office_id == office_id)))
        .order_by(Amendment.at, Case.reference)
    )
    if since is not None:
        query = query.where(Amendment.at > since)
    if until is not None:
        query = query.where(Amendment.at <= until)
    return tuple(
        AmendmentView(ref, month, EventType(kind).label, clock.to_local(at), user)
        for ref, month, kind, at, user in s.execute(query)
    )


def amendments_for(s: Session, office_id: UUID, period: Period) -> tuple[AmendmentView, ...]:
    """The amendments a report of `period` lists: recorded since the last month locked before the
    period (all of them if none was), up to the period's own lock if it is a locked month."""
    last = s.scalar(
        select(MonthLock.locked_at)
        .where(MonthLock.office_id == office_id, MonthLock.month < f"{period.start:%Y-%m}")
        .order_by(MonthLock.month.desc())
        .limit(1)
    )
    own = s.scalar(
        select(MonthLock.locked_at).where(
            MonthLock.office_id == office_id, MonthLock.month == (period.month_key or "")
        )
    )
    return _amendments(s, office_id, last, own)


def pending_amendments(db: Database, actor: Actor) -> tuple[AmendmentView, ...]:
    """Amendments recorded since the office's last locked report: what the next report will list."""
    require(actor, Permission.VIEW_REPORTS)
    with db.read() as s:
        last = s.scalar(
            select(MonthLock.locked_at)
            .where(MonthLock.office_id == actor.office_id)
            .order_by(MonthLock.locked_at.desc())
            .limit(1)
        )
        return _amendments(s, actor.office_id, last, None)


# --- locks -----------------------------------------------------------------------------------------


def _lock_info(s: Session, lock: MonthLock) -> LockInfo:
    name = s.scalar(select(User.full_name).where(User.id == lock.locked_by)) or ""
    return LockInfo(lock.month, lock.locked_at, name, lock.pdf_sha256, lock.synced_at)


def _find_lock(s: Session, office_id: UUID, month: str) -> MonthLock | None:
    return s.scalar(select(MonthLock).where(MonthLock.office_id == office_id, MonthLock.month == month))


def _check_lockable(s: Session, actor: Actor, period: Period) -> str:
    month = period.month_key
    if month is None:
        raise ValidationError(N_("يُقفل شهر كامل فقط، لا ربع سنة ولا فترة مخصصة."), field="month")
    today = clock.today()
    if period.end > date(today.year, today.month, 1):
        raise ValidationError(
            N_("لا يُقفل شهر {month} قبل انتهائه: يُقفل الشهر بعد آخر يوم فيه."), month=month, field="month"
        )
    existing = _find_lock(s, actor.office_id, month)
    if existing is not None:
        info = _lock_info(s, existing)
        raise ValidationError(
            N_(
                "شهر {month} مقفل من قبل: أقفله {locked_by} في {value:%Y-%m-%d %H:%M}. التعديلات اللاحقة "
                "تظهر في تقرير الشهر التالي."
            ),
            month=month,
            locked_by=info.locked_by,
            value=clock.to_local(info.locked_at),
            field="month",
        )
    return month


def check_lockable(db: Database, actor: Actor, period: Period) -> None:
    """Refuse early (before the final PDF is rendered) what lock_month would refuse."""
    require(actor, Permission.LOCK_MONTH)
    with db.read() as s:
        _check_lockable(s, actor, period)


def lock_month(db: Database, actor: Actor, data: ReportData, pdf: bytes) -> LockInfo:
    """Store the final report of a month: its data (figures, KPIs, amendments) and the PDF's SHA-256.
    `pdf` is the report rendered from `data` with final=True; the caller keeps the file."""
    from .figures import plain

    require(actor, Permission.LOCK_MONTH)
    with db.write() as s:
        month = _check_lockable(s, actor, data.figures.period)
        if s.scalar(select(Office.code).where(Office.id == actor.office_id)) != data.figures.office_code:
            raise ValidationError(N_("هذا التقرير لا يخص مكتبك، فلا يُقفل به شهر."), field="month")
        lock = MonthLock(
            office_id=actor.office_id,
            month=month,
            locked_at=clock.now(),
            locked_by=actor.id,
            figures=plain(data),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            synced_at=None,
        )
        s.add(lock)
        s.flush()
        return _lock_info(s, lock)


@dataclass(frozen=True)
class ClosedMonth:
    data: ReportData  # final, with its lock
    pdf: bytes  # the final report whose hash the lock keeps
    lock: LockInfo


Render = Callable[[ReportData], bytes]


def close_month(
    db: Database,
    actor: Actor,
    period: Period,
    *,
    render_pdf: Render,
    pdf_out: Path | None = None,
    also: Sequence[tuple[Path, Render]] = (),
) -> ClosedMonth:
    """Close a month, the one sequence the window and `csd report lock` share: refuse early what
    cannot be locked, render the final report, write and read back every file asked for (the PDF at
    `pdf_out`, then `also`: e.g. the workbook), and only then lock. A file that cannot be written
    leaves the month open. `render_pdf` comes from the caller: services do not import reports."""
    check_lockable(db, actor, period)
    data = report_data(db, actor, period, final=True)
    pdf = render_pdf(data)
    staged: list[files.Staged] = []
    try:
        if pdf_out is not None:
            staged.append(files.stage(pdf_out, pdf))
        for path, render in also:
            staged.append(files.stage(path, render(data)))
        lock = lock_month(db, actor, data, pdf)
    except BaseException:
        for f in staged:
            f.discard()
        raise
    for f in staged:
        try:
            f.commit()
        except FileWriteFailed as e:
            # The month is locked and its report is kept in the database: it prints again identically.
            raise FileWriteFailed(
                N_(
                    "أُقفل شهر {month}، لكن {message} التقرير النهائي محفوظ في قاعدة البيانات: اطبعه من جديد "
                    "(csd report monthly --month {month}) فيخرج الملف نفسه."
                ),
                month=lock.month,
                message=e.message,
            ) from e
    return ClosedMonth(replace(data, lock=lock), pdf, lock)


def locked_report(db: Database, actor: Actor, month: str) -> tuple[LockInfo, ReportData] | None:
    """A locked month's report exactly as it was locked (to print it again), or None."""
    require(actor, Permission.VIEW_REPORTS)
    with db.read() as s:
        lock = _find_lock(s, actor.office_id, month)
        if lock is None:
            return None
        info = _lock_info(s, lock)
        data = from_plain(ReportData, lock.figures)
        return info, data


# --- the report's data -------------------------------------------------------------------------------


def report_data(db: Database, actor: Actor, period: Period, *, final: bool = False) -> ReportData:
    """The data of the report of a period. A locked month is printed from what was locked, so the
    same PDF (same hash) comes out again; anything else is computed now."""
    from .figures import Scope, compute
    from .kpis import evaluate_all

    require(actor, Permission.VIEW_REPORTS)
    if period.month_key is not None:
        stored = locked_report(db, actor, period.month_key)
        if stored is not None:
            info, data = stored
            return ReportData(
                data.figures, data.kpis, data.amendments, data.prepared_by, data.prepared_on, True, info
            )
    figures = compute(db, Scope(office_id=actor.office_id), period)
    with db.read() as s:
        kpis = evaluate_all(s, figures)
        amendments = amendments_for(s, actor.office_id, period)
    return ReportData(figures, kpis, amendments, actor.full_name, clock.today(), final)


# --- reading stored values back --------------------------------------------------------------------


def from_plain(cls: Any, value: Any) -> Any:
    """The inverse of figures.plain for our frozen dataclasses (as stored in month_locks.figures)."""
    if value is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_plain(inner[0], value)
    if origin is tuple:
        item = typing.get_args(cls)[0]
        return tuple(from_plain(item, v) for v in value)
    if is_dataclass(cls):
        from .figures import Figures
        from .kpis import KpiResult

        hints = typing.get_type_hints(cls, localns={"Figures": Figures, "KpiResult": KpiResult})
        return typing.cast(Any, cls)(
            **{f.name: from_plain(hints[f.name], value[f.name]) for f in fields(cls) if f.name in value}
        )
    if cls is datetime:
        return datetime.fromisoformat(value)
    if cls is date:
        return date.fromisoformat(value)
    if cls is UUID:
        return UUID(value)
    if cls is float:
        return float(value)
    return value
