"""The audit trail for changes that are not case events (users, citizens' details, settings)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session

from ..db.models import AuditEntry
from . import clock


def audit(s: Session, user_id: UUID | None, action: str, target_id: UUID | None, **detail: object) -> None:
    """Record who changed what, inside the caller's transaction."""
    s.add(AuditEntry(at=clock.now(), user_id=user_id, action=action, target_id=target_id, detail=detail))
