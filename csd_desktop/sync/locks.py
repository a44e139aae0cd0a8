"""Locked months and their amendments travel like cases: a month locked at one desk of an office is
locked at every desk, and what amends it is listed by every desk's next report.

Two desks may lock the same month before either hears of the other (the office's month is one month,
so each file keeps one lock of it): the lock already held here stays, the other is not applied, and
the amendments recorded against it are counted against the one held here. The report each desk
locked is its own PDF either way (its hash stays in its own file's lock)."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db.models import MonthLock
from ..services import clock
from .wire import chunks, codec_for, insert_rows

log = logging.getLogger(__name__)


def insert_locks(s: Session, rows: list[dict[str, Any]]) -> tuple[int, dict[str, str]]:
    """Insert received locks of months not locked here; returns how many, and for each lock left out
    the id of the lock of the same month held here."""
    if not rows:
        return 0, {}
    c = codec_for(s, "month_locks")
    t, to_db, to_wire = c.target, c.from_wire["office_id"], c.to_wire["office_id"]
    held: dict[tuple[str, str], str] = {}
    offices = sorted({str(r["office_id"]) for r in rows})
    for office, month, lock in s.execute(
        select(t.c.office_id, t.c.month, t.c.id).where(t.c.office_id.in_([to_db(o) for o in offices]))
    ):
        held[(to_wire(office), month)] = to_wire(lock)
    instead: dict[str, str] = {}
    fresh = []
    for r in sorted(rows, key=lambda r: (r["locked_at"], r["id"])):
        key = (str(r["office_id"]), str(r["month"]))
        if key in held:
            log.warning("month %s is locked here already: the lock %s from another desk is left out", *key)
            instead[r["id"]] = held[key]
            continue
        held[key] = r["id"]
        fresh.append(r)
    insert_rows(s, "month_locks", fresh)
    # It reached here through the central office: it has travelled.
    for part in chunks([UUID(hex=r["id"]) for r in fresh]):
        s.execute(
            update(MonthLock)
            .where(MonthLock.id.in_(part), MonthLock.synced_at.is_(None))
            .values(synced_at=clock.now())
            .execution_options(synchronize_session=False)
        )
    return len(fresh), instead


def insert_amendments(s: Session, rows: list[dict[str, Any]], instead: dict[str, str]) -> int:
    """Insert received amendments, each against the lock of its month held here; one already recorded
    for the same step and lock is not recorded twice."""
    if not rows:
        return 0
    rows = [r | {"lock_id": instead.get(r["lock_id"], r["lock_id"])} for r in rows]
    c = codec_for(s, "amendments")
    t, to_db, to_wire = c.target, c.from_wire["event_id"], c.to_wire["event_id"]
    held: set[tuple[str, str]] = set()
    for part in chunks(sorted({str(r["event_id"]) for r in rows})):
        for event, lock in s.execute(
            select(t.c.event_id, t.c.lock_id).where(t.c.event_id.in_([to_db(e) for e in part]))
        ):
            held.add((to_wire(event), to_wire(lock)))
    new = []
    for r in rows:
        if (r["event_id"], r["lock_id"]) not in held:
            held.add((r["event_id"], r["lock_id"]))
            new.append(r)
    insert_rows(s, "amendments", new)
    return len(new)
