"""Deadlines: the SLA table and the holiday list, turned into the date a citizen can expect an answer."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db.models import Holiday, SlaRule
from ..domain.workdays import add_working_days
from .reference_data import DEFAULT_FIRST_ANSWER_DAYS


def holidays(s: Session) -> frozenset[date]:
    return frozenset(s.scalars(select(Holiday.day)))


def first_answer_days(s: Session, kind: str, category_id: UUID) -> int:
    """The most specific rule wins: kind and category, then category, then kind, then the default."""
    rules = s.scalars(
        select(SlaRule).where(
            or_(SlaRule.kind == kind, SlaRule.kind.is_(None)),
            or_(SlaRule.category_id == category_id, SlaRule.category_id.is_(None)),
        )
    ).all()
    if not rules:
        return DEFAULT_FIRST_ANSWER_DAYS
    best = max(rules, key=lambda r: (r.category_id is not None, r.kind is not None))
    return best.first_answer_days


def first_answer_due(s: Session, kind: str, category_id: UUID, registered_on: date) -> date:
    return add_working_days(registered_on, first_answer_days(s, kind, category_id), holidays(s))
