"""A case's state columns re-derived from its whole timeline, for many cases at once: after a bundle
adds steps (perhaps older than steps already here), every side replays them in the same order."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from itertools import groupby
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from ..db.models import Base, Case, CaseEvent, Entity
from ..db.types import CompactUuid, to_day_number, to_millis
from ..domain import lifecycle
from ..domain.enums import EventType
from ..services import clock
from ..services.sla import deadlines, holidays
from ..services.timeline import state_columns
from .wire import chunks

_CASES = Base.metadata.tables["cases"]
_UPDATE = (
    update(_CASES)
    .where(_CASES.c.id == bindparam("b_id"))
    .values(
        {
            name: bindparam(f"b_{name}", type_=_CASES.c[name].type)
            for name in state_columns(lifecycle.CaseState())
        }
        | {"entity_id": func.coalesce(bindparam("b_entity", type_=CompactUuid()), _CASES.c.entity_id)}
    )
)
_STATE = tuple(state_columns(lifecycle.CaseState()))
# The same on SQLite, straight to the driver with the values as stored (tens of thousands of cases).
_UPDATE_STORED = f"UPDATE cases SET {', '.join(f'{c} = ?' for c in _STATE)}, entity_id = coalesce(?, entity_id) WHERE id = ?"


def _stored(value: Any) -> Any:
    if isinstance(value, UUID):
        return value.bytes
    if isinstance(value, datetime):
        return to_millis(value)
    if isinstance(value, date):
        return to_day_number(value)
    return value


def replay(s: Session, case_ids: Collection[UUID]) -> int:
    """Rewrite the state columns of these cases from their timelines; returns how many."""
    days_off = holidays(s)
    entities = dict(s.execute(select(Entity.code, Entity.id)).all())
    rules: dict[tuple[str, UUID], lifecycle.Deadlines] = {}
    done = 0
    stored = s.get_bind().dialect.name == "sqlite"
    for part in chunks(sorted(case_ids)):
        # A case without a step here (its steps not yet received) keeps its columns as they came.
        events = s.execute(
            select(
                CaseEvent.case_id,
                Case.kind,
                Case.category_id,
                CaseEvent.type,
                CaseEvent.at,
                CaseEvent.user_id,
                CaseEvent.data,
            )
            .join(Case, Case.id == CaseEvent.case_id)
            .where(CaseEvent.case_id.in_(part))
            .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)
        ).all()
        params: list[dict[str, Any]] = []
        for case_id, group in groupby(events, key=lambda row: row[0]):
            steps = list(group)
            key = (steps[0][1], steps[0][2])  # the case's kind and category: its deadlines
            timeline = [
                lifecycle.Event(0, EventType(t), at, str(user), data) for *_, t, at, user, data in steps
            ]
            if key not in rules:
                rules[key] = deadlines(s, *key)
            state = lifecycle.derive(timeline, rules[key], days_off, clock.IRAQ_TZ)
            values = {f"b_{k}": v for k, v in state_columns(state).items()}
            values["b_entity"] = entities.get(state.entity) if state.entity else None
            params.append({"b_id": case_id, **values})
        if params and stored:
            rows = [
                (*(_stored(p[f"b_{c}"]) for c in _STATE), _stored(p["b_entity"]), p["b_id"].bytes)
                for p in params
            ]
            s.connection().exec_driver_sql(_UPDATE_STORED, rows)
        elif params:
            s.execute(_UPDATE, params)
        done += len(params)
    return done
