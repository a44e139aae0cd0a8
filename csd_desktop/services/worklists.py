"""Worklists: the officer's queues, each a filter over the case list with a live count."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Case, Entity
from ..domain.enums import Status, Worklist
from . import clock, search
from .cases import CaseBrief
from .search import CaseFilter, SortKey
from .users import Actor

__all__ = ["EntityLoad", "Worklist", "WorklistCount", "counts", "open_by_entity", "page", "worklist_filter"]


def worklist_filter(worklist: Worklist, actor: Actor, *, entity: str | None = None) -> CaseFilter:
    if worklist is Worklist.MINE:
        return CaseFilter(assigned_to=actor.id, open_only=True)
    if worklist is Worklist.DUE_TODAY:
        return CaseFilter(due_on=clock.today(), open_only=True)
    if worklist is Worklist.OVERDUE:
        return CaseFilter(overdue=True)
    if worklist is Worklist.AWAITING_REPLY:
        return CaseFilter(statuses=frozenset({Status.AWAITING_REPLY.value}), entity=entity)
    return CaseFilter(entity=entity, open_only=True)


@dataclass(frozen=True)
class WorklistCount:
    worklist: Worklist
    label: str
    count: int


def counts(db: Database, actor: Actor) -> list[WorklistCount]:
    """The numbers beside each worklist in the navigation (by-entity has its own page)."""
    return [
        WorklistCount(w, w.label, search.count(db, "", worklist_filter(w, actor)))
        for w in Worklist
        if w is not Worklist.BY_ENTITY
    ]


@dataclass(frozen=True)
class EntityLoad:
    """An entity with open cases, as the by-entity worklist offers it."""

    code: str
    name: str
    open_cases: int


def open_by_entity(db: Database) -> list[EntityLoad]:
    """Every entity that has open cases, the busiest first (one pass over the open-by-entity index)."""
    open_cases = func.count(Case.id)
    query = (
        select(Entity.code, Entity.name_ar, open_cases)
        .join(Case, Case.entity_id == Entity.id)
        .where(search.OPEN)
        .group_by(Entity.id)
        .order_by(open_cases.desc(), Entity.code)
    )
    with db.read() as s:
        return [EntityLoad(code, name, count) for code, name, count in s.execute(query)]


def page(
    db: Database,
    actor: Actor,
    worklist: Worklist,
    *,
    entity: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[CaseBrief]:
    """Most urgent first."""
    return search.search(
        db, "", worklist_filter(worklist, actor, entity=entity), sort=SortKey.DUE, offset=offset, limit=limit
    )
