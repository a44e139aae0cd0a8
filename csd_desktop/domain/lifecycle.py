"""The case state machine: which step may follow which, and the state derived from a timeline.

The timeline is the truth (DESIGN.md §4); `derive` replays it. The service layer stores the result
beside the case so lists can filter without replaying, and rewrites it with every new event.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..i18n import N_, _
from .enums import EventType, Outcome, Status
from .workdays import add_working_days, working_days_between

MAX_ESCALATION = 4
OPEN = frozenset(s for s in Status if s.is_open)
ACTIVE = OPEN - {Status.WAITING_ON_CITIZEN}

# Which statuses each step may follow. Anything else is refused with its Arabic message.
ALLOWED: Mapping[EventType, frozenset[Status]] = {
    EventType.REGISTERED: frozenset(),
    EventType.REFERRED: frozenset(
        {Status.REGISTERED, Status.AWAITING_REPLY, Status.REPLY_RECEIVED, Status.REOPENED}
    ),
    EventType.REPLY_RECEIVED: frozenset({Status.AWAITING_REPLY}),
    EventType.CLOSED: OPEN,
    EventType.CITIZEN_INFORMED: frozenset(Status),
    EventType.NOTE: frozenset(Status),
    EventType.CALL: frozenset(Status),
    EventType.REASSIGNED: OPEN,
    EventType.ESCALATED: ACTIVE,
    EventType.WAITING_ON_CITIZEN: ACTIVE,
    EventType.CITIZEN_RETURNED: frozenset({Status.WAITING_ON_CITIZEN}),
    EventType.REOPENED: frozenset({Status.CLOSED}),
    EventType.CORRECTION: frozenset(Status),
    EventType.ATTACHMENT_ADDED: frozenset(Status),
    EventType.RECEIPT_PRINTED: frozenset(Status),
}

_REFUSALS: Mapping[EventType, str] = {
    EventType.REFERRED: N_("لا تجوز الإحالة الآن: الطلب مغلق أو متوقف بانتظار المواطن."),
    EventType.REPLY_RECEIVED: N_("لا يُسجَّل رد جهة لطلب لم يُحل إليها أو ورد ردها من قبل."),
    EventType.CLOSED: N_("الطلب مغلق من قبل."),
    EventType.REASSIGNED: N_("لا يُسند طلب مغلق: أعد فتحه أولاً."),
    EventType.ESCALATED: N_("لا يُصعَّد طلب مغلق أو متوقف بانتظار المواطن."),
    EventType.WAITING_ON_CITIZEN: N_("الطلب مغلق أو متوقف من قبل بانتظار المواطن."),
    EventType.CITIZEN_RETURNED: N_("الطلب غير متوقف بانتظار المواطن."),
    EventType.REOPENED: N_("لا يُعاد فتح إلا طلب مغلق."),
}


def refusal(event: EventType, status: Status) -> str | None:
    """The Arabic reason a step may not follow the current status, or None if it may."""
    if status in ALLOWED[event]:
        return None
    return _(_REFUSALS.get(event, N_("هذا الإجراء غير مسموح في حالة الطلب الحالية.")))


@dataclass(frozen=True)
class Event:
    """What derive needs of a stored event."""

    seq: int
    type: EventType
    at: datetime  # aware
    user_id: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Deadlines:
    """Working days for each deadline (from the SLA table)."""

    first_answer: int
    entity_reply: int
    resolution: int


@dataclass
class CaseState:
    status: Status = Status.REGISTERED
    outcome: Outcome | None = None
    assigned_to: str | None = None
    entity: str | None = None  # code
    escalation_level: int = 0
    registered_on: date | None = None
    clock_from: date | None = None  # registration, or the latest reopening: the deadlines run from here
    answer_pending: bool = True  # the citizen has not been answered since the clock started
    referred_on: date | None = None  # the latest referral (or escalation restarting the reply clock)
    first_answer_at: datetime | None = None
    closed_at: datetime | None = None
    satisfaction: int | None = None
    reopened_count: int = 0
    paused_since: date | None = None
    pauses: list[tuple[date, date]] = field(default_factory=list)
    before_pause: Status | None = None
    first_answer_due: date | None = None
    reply_due: date | None = None
    resolution_due: date | None = None
    status_changed_at: datetime | None = None  # the step that set the current status

    @property
    def due(self) -> date | None:
        """The nearest deadline still running; None when closed or paused."""
        if self.status is Status.CLOSED or self.status is Status.WAITING_ON_CITIZEN:
            return None
        candidates = [self.resolution_due, self.reply_due if self.status is Status.AWAITING_REPLY else None]
        if self.answer_pending:
            candidates.append(self.first_answer_due)
        return min((d for d in candidates if d is not None), default=None)


def _local_date(moment: datetime, tz: Any) -> date:
    return moment.astimezone(tz).date()


def derive(events: Iterable[Event], deadlines: Deadlines, holidays: Collection[date], tz: Any) -> CaseState:
    """Replay a timeline into the case's state and deadlines. Steps come in one order on every station
    (time, then id: services.timeline), so every side derives the same state from the same steps."""
    st = CaseState()
    for e in events:
        day = _local_date(e.at, tz)
        t = e.type
        before = st.status
        if t is EventType.REGISTERED:
            st.registered_on = st.clock_from = day
            st.assigned_to = e.user_id
        elif t is EventType.REFERRED:
            st.status = Status.AWAITING_REPLY
            st.entity = str(e.data.get("entity") or "") or st.entity
            st.referred_on = day
        elif t is EventType.REPLY_RECEIVED:
            st.status = Status.REPLY_RECEIVED
        elif t is EventType.CLOSED:
            st.status = Status.CLOSED
            st.outcome = Outcome(str(e.data["outcome"]))
            st.closed_at = e.at
            st.first_answer_at = st.first_answer_at or e.at
            st.answer_pending = False
            if st.paused_since is not None:
                st.pauses.append((st.paused_since, day))
                st.paused_since = None
        elif t is EventType.CITIZEN_INFORMED:
            st.first_answer_at = st.first_answer_at or e.at
            st.answer_pending = False
            if e.data.get("satisfaction") is not None:
                st.satisfaction = int(e.data["satisfaction"])
        elif t is EventType.REASSIGNED:
            st.assigned_to = str(e.data["to_user_id"])
        elif t is EventType.ESCALATED:
            st.escalation_level = min(MAX_ESCALATION, int(e.data.get("level", st.escalation_level + 1)))
            if st.status is Status.AWAITING_REPLY:
                st.referred_on = day  # the reminder gives the entity a new period to reply
        elif t is EventType.WAITING_ON_CITIZEN:
            st.before_pause = st.status
            st.status = Status.WAITING_ON_CITIZEN
            st.paused_since = day
        elif t is EventType.CITIZEN_RETURNED:
            assert st.paused_since is not None
            st.pauses.append((st.paused_since, day))
            st.paused_since = None
            st.status = st.before_pause or Status.REGISTERED
        elif t is EventType.REOPENED:
            st.status = Status.REOPENED
            st.outcome = None
            st.closed_at = None
            st.reopened_count += 1
            st.escalation_level = 0
            st.clock_from = day
            st.answer_pending = True
            st.referred_on = None
        if st.status is not before or t is EventType.REGISTERED:
            st.status_changed_at = e.at
    _set_deadlines(st, deadlines, holidays)
    return st


def _paused_days(st: CaseState, since: date, holidays: Collection[date]) -> int:
    """Working days the clock stood still after `since`, while the office waited on the citizen."""
    return sum(working_days_between(max(a, since), b, holidays) for a, b in st.pauses if b > since)


def _set_deadlines(st: CaseState, d: Deadlines, holidays: Collection[date]) -> None:
    if st.clock_from is None:
        return
    reg = st.clock_from
    st.first_answer_due = add_working_days(reg, d.first_answer + _paused_days(st, reg, holidays), holidays)
    st.resolution_due = add_working_days(reg, d.resolution + _paused_days(st, reg, holidays), holidays)
    if st.referred_on is not None:
        extra = _paused_days(st, st.referred_on, holidays)
        st.reply_due = add_working_days(st.referred_on, d.entity_reply + extra, holidays)


class SlaState:
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def sla_state(due: date | None, today: date, holidays: Collection[date]) -> str | None:
    """Overdue after the due date; due soon on it or one working day before."""
    if due is None:
        return None
    if today > due:
        return SlaState.OVERDUE
    if working_days_between(today, due, holidays) <= 1:
        return SlaState.DUE_SOON
    return SlaState.ON_TIME
