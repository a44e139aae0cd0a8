"""The audit trail's seal: each record carries the SHA-256 of its own content and of the record before
it, so an edit or a deletion made outside the application (plain SQL on the file) breaks the chain.

The content is hashed in one canonical encoding (a JSON array, keys sorted, no spaces, UTF-8), the same
in the application, in migration 0009 that sealed the records written before it, and in the check.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from .types import dumps, new_uuid7, to_millis

FORMAT = 1
GENESIS = bytes(32)  # what the first record names as the one before it


class Sealed(Protocol):
    """The audit record as the chain sees it (models.AuditEntry)."""

    id: UUID
    at: datetime
    user_id: UUID | None
    action: str
    target_id: UUID | None
    detail: dict[str, object]
    seq: int | None
    prev_hash: bytes | None
    hash: bytes | None


def _hex(value: UUID | bytes | None) -> str | None:
    if value is None:
        return None
    return value.hex if isinstance(value, UUID) else value.hex()


def canonical(
    seq: int,
    record_id: UUID | bytes,
    at_millis: int,
    user_id: UUID | bytes | None,
    action: str,
    target_id: UUID | bytes | None,
    detail: Any,
    prev_hash: bytes,
) -> bytes:
    # The detail as it reads back from the file (a tuple comes back a list, a number key a string).
    stored = json.loads(dumps(detail)) if not isinstance(detail, str) else json.loads(detail)
    fields = [FORMAT, seq, _hex(record_id), at_millis, _hex(user_id), action, _hex(target_id), stored]
    fields.append(prev_hash.hex())
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal(*fields: Any) -> bytes:
    """The record's hash over `canonical(...)`'s fields."""
    return hashlib.sha256(canonical(*fields)).digest()


def record_hash(entry: Sealed, seq: int, prev_hash: bytes) -> bytes:
    return seal(
        seq,
        entry.id,
        to_millis(entry.at),
        entry.user_id,
        entry.action,
        entry.target_id,
        entry.detail,
        prev_hash,
    )


def chain_new(session: Session, model: type[Any], pending: Iterable[object]) -> None:
    """Seal the audit records about to be written, in the order they were added, after the newest one
    on file. Runs inside the flush of the writing transaction (BEGIN IMMEDIATE holds the write lock, so
    no other writer can slip a record in between)."""
    new = [o for o in pending if isinstance(o, model) and o.hash is None]
    if not new:
        return
    tip = session.execute(select(model.seq, model.hash).order_by(model.seq.desc()).limit(1)).first()
    seq, prev = (int(tip[0]), bytes(tip[1])) if tip is not None and tip[0] is not None else (0, GENESIS)
    for entry in new:
        if entry.id is None:
            entry.id = new_uuid7()  # the default would come only at insert: the hash needs it now
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = record_hash(entry, seq, prev)
