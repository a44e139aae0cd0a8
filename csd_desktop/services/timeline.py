"""Appending to a case's timeline: check the step is allowed, add the event, re-derive the state."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Case, CaseEvent, Entity
from ..domain import lifecycle
from ..domain.enums import EventType, Status
from ..domain.reference import parse_reference
from ..errors import CsdError, NotFound
from ..i18n import N_
from . import clock
from .month_close import record_amendment
from .sla import deadlines, holidays
from .users import Actor


class TransitionRefused(CsdError):
    code = "transition_refused"


def load_case(s: Session, reference: str) -> Case:
    parsed = parse_reference(reference)
    if parsed is None:
        raise NotFound(N_("الرقم المرجعي غير صحيح الشكل."))
    case = s.scalar(select(Case).where(Case.reference == str(parsed.reference)))
    if case is None:
        raise NotFound(N_("لا يوجد طلب بالرقم المرجعي {reference}."), reference=parsed.reference)
    return case


def _events(s: Session, case_id: UUID) -> list[lifecycle.Event]:
    # By time, then id (v7: made in order at its station), not by seq: seq is where a step landed in
    # this file, and steps of one case taken at two desks land in a different order at each.
    rows = s.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
    )
    return [lifecycle.Event(e.seq, EventType(e.type), e.at, str(e.user_id), e.data) for e in rows]


def append(s: Session, case: Case, actor: Actor, event_type: EventType, data: dict[str, Any]) -> CaseEvent:
    """Add one event after checking it may follow the case's state; the state columns follow it.
    Runs inside the caller's transaction."""
    reason = lifecycle.refusal(event_type, Status(case.status))
    if reason is not None:
        raise TransitionRefused(reason)
    last, latest = s.execute(
        select(func.max(CaseEvent.seq), func.max(CaseEvent.at)).where(CaseEvent.case_id == case.id)
    ).one()
    # Steps are ordered by time: a clock set back must not put this one before the case's last step.
    at = max(clock.now(), latest) if latest is not None else clock.now()
    event = CaseEvent(
        case_id=case.id, seq=(last or 0) + 1, type=event_type.value, at=at, user_id=actor.id, data=data
    )
    s.add(event)
    s.flush()
    record_amendment(s, case, event)
    refresh_state(s, case)
    return event


def derive(s: Session, case: Case) -> lifecycle.CaseState:
    return lifecycle.derive(
        _events(s, case.id), deadlines(s, case.kind, case.category_id), holidays(s), clock.IRAQ_TZ
    )


def refresh_state(s: Session, case: Case) -> lifecycle.CaseState:
    """Rewrite the columns that mirror the timeline, so lists never have to replay events."""
    state = derive(s, case)
    for column, value in state_columns(state).items():
        setattr(case, column, value)
    if state.entity:
        case.entity_id = s.scalar(select(Entity.id).where(Entity.code == state.entity))
    s.flush()
    return state


def state_columns(state: lifecycle.CaseState) -> dict[str, Any]:
    """The case's columns that mirror its timeline (sync.replay writes the same for many cases)."""
    return {
        "status": state.status.value,
        "status_changed_at": state.status_changed_at,
        "outcome": state.outcome.value if state.outcome else None,
        "assigned_to": UUID(state.assigned_to) if state.assigned_to else None,
        "escalation_level": state.escalation_level,
        "due_on": state.due,
        "reply_due": state.reply_due if state.status is Status.AWAITING_REPLY else None,
        "resolution_due": state.resolution_due,
        "first_answer_at": state.first_answer_at,
        "closed_at": state.closed_at,
        "satisfaction": state.satisfaction,
        "reopened_count": state.reopened_count,
    }
