"""The audit trail for changes that are not case events (users, citizens' details, settings), and the
check that nobody edited or deleted a record, or lifted an append-only guard, outside the application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..db import audit_chain
from ..db.engine import Database
from ..db.models import AuditEntry
from ..db.types import to_millis
from ..i18n import N_, _
from . import clock

# The append-only guards (migrations 0007 and 0009): without them a plain UPDATE goes through.
GUARDS = (
    "case_events_no_update",
    "case_events_no_delete",
    "audit_log_no_update",
    "audit_log_no_delete",
    "month_locks_no_update",
    "month_locks_no_delete",
)

CHANGED = N_("غُيّر محتوى هذا السجل بعد كتابته")
BEFORE_CHANGED = N_("السجل الذي قبله غُيّر أو حُذف")
MISSING = N_("حُذف سجل أو أكثر قبله (كان المتوقع السجل رقم {expected})")
UNSEALED = N_("أُضيف هذا السجل من خارج البرنامج (بلا ختم)")


def audit(s: Session, user_id: UUID | None, action: str, target_id: UUID | None, **detail: object) -> None:
    """Record who changed what, inside the caller's transaction (sealed into the chain as it is written)."""
    s.add(AuditEntry(at=clock.now(), user_id=user_id, action=action, target_id=target_id, detail=detail))


@dataclass(frozen=True)
class ChainBreak:
    seq: int | None
    at: datetime  # local time
    action: str
    reason: str  # Arabic, translated


@dataclass(frozen=True)
class AuditVerdict:
    records: int
    first_break: ChainBreak | None
    missing_guards: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.missing_guards


def verify(db: Database) -> AuditVerdict:
    """Walk the chain from the first record: the first record whose seal, link or number is wrong is
    named (records after it are not trusted either). Reads in batches: a long log costs no memory."""
    with db.read() as s:
        count = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        found = _first_unsealed(s) or _walk(s)
        guards = _missing_guards(s)
    return AuditVerdict(count, found, guards)


def _first_unsealed(s: Session) -> ChainBreak | None:
    row = s.scalars(
        select(AuditEntry).where(AuditEntry.hash.is_(None)).order_by(AuditEntry.at).limit(1)
    ).first()
    return None if row is None else _break(row, _(UNSEALED))


def _walk(s: Session) -> ChainBreak | None:
    expected, prev = 1, audit_chain.GENESIS
    e = AuditEntry
    columns = (e.seq, e.id, e.at, e.user_id, e.action, e.target_id, e.detail, e.prev_hash, e.hash)
    # Columns, not entities: a long log is read at the speed of its rows, not of the ORM's identity map.
    rows = s.execute(select(*columns).order_by(e.seq).execution_options(yield_per=5000))
    for seq, record_id, at, user_id, action, target_id, detail, prev_hash, digest in rows:
        row = _Row(seq, at, action)
        if seq != expected:
            return _break(row, _(MISSING).format(expected=expected))
        if prev_hash != prev:
            return _break(row, _(BEFORE_CHANGED))
        if (
            audit_chain.seal(seq, record_id, to_millis(at), user_id, action, target_id, detail, prev)
            != digest
        ):
            return _break(row, _(CHANGED))
        expected, prev = expected + 1, digest
    return None


@dataclass(frozen=True)
class _Row:
    seq: int | None
    at: datetime
    action: str


def _break(entry: AuditEntry | _Row, reason: str) -> ChainBreak:
    return ChainBreak(entry.seq, clock.to_local(entry.at), entry.action, reason)


def _missing_guards(s: Session) -> tuple[str, ...]:
    if s.get_bind().dialect.name != "sqlite":
        return ()  # the central server's PostgreSQL keeps its own rights; these triggers are SQLite's
    present = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return tuple(name for name in GUARDS if name not in present)
