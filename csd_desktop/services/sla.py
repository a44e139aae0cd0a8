"""Deadlines: the SLA table and the holiday list, turned into the date a citizen can expect an answer."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db.models import Holiday, SlaRule
from ..domain.lifecycle import Deadlines
from ..domain.workdays import add_working_days
from .reference_data import DEFAULT_ENTITY_REPLY_DAYS, DEFAULT_FIRST_ANSWER_DAYS, DEFAULT_RESOLUTION_DAYS


def holidays(s: Session) -> frozenset[date]:
    return frozenset(s.scalars(select(Holiday.day)))


def deadlines(s: Session, kind: str, category_id: UUID) -> Deadlines:
    """The most specific rule wins for each deadline: kind and category, then category, then kind,
    then the office default; a deadline no rule sets takes the built-in default."""
    rules = list(
        s.scalars(
            select(SlaRule).where(
                or_(SlaRule.kind == kind, SlaRule.kind.is_(None)),
                or_(SlaRule.category_id == category_id, SlaRule.category_id.is_(None)),
            )
        )
    )
    rules.sort(key=lambda r: (r.category_id is not None, r.kind is not None), reverse=True)

    def pick(attr: str, default: int) -> int:
        return next((getattr(r, attr) for r in rules if getattr(r, attr) is not None), default)

    return Deadlines(
        first_answer=pick("first_answer_days", DEFAULT_FIRST_ANSWER_DAYS),
        entity_reply=pick("entity_reply_days", DEFAULT_ENTITY_REPLY_DAYS),
        resolution=pick("resolution_days", DEFAULT_RESOLUTION_DAYS),
    )


def first_answer_due(s: Session, kind: str, category_id: UUID, registered_on: date) -> date:
    return add_working_days(registered_on, deadlines(s, kind, category_id).first_answer, holidays(s))
