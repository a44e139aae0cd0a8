"""The outbox: every row that must travel is logged in the same flush that writes it, whichever service
wrote it, so no write path can forget to (DESIGN.md §5).

Logged: users, citizens' versions, cases, timeline steps, attachments, locked months and their
amendments, as the station's own numbered changes. Rows written through Core (a bundle being applied,
demo data) are not: a station sends only what it made. A case's state columns are not logged when they change: every side derives them from the
timeline (sync.replay)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session, UOWTransaction

from .models import Amendment, Attachment, Case, CaseEvent, Citizen, LocalSetting, MonthLock, User
from .sync_models import ChangeLog

# In the order a receiver inserts them (what each row points at comes first).
TRAVELLING: dict[type, str] = {
    User: "users",
    Citizen: "citizens",
    Case: "cases",
    CaseEvent: "case_events",
    Attachment: "attachments",
    MonthLock: "month_locks",
    Amendment: "amendments",
}
ORDER = tuple(TRAVELLING.values())
STATION_SETTING = "station_id"


def station_id(s: Session) -> UUID | None:
    value = s.scalar(select(LocalSetting.value).where(LocalSetting.key == STATION_SETTING))
    return UUID(value) if value else None


def last_seq(s: Session, station: UUID) -> int:
    return s.scalar(select(func.max(ChangeLog.seq)).where(ChangeLog.station_id == station)) or 0


@event.listens_for(Session, "after_flush")
def _log_new_rows(session: Session, _flush: UOWTransaction) -> None:
    new = [obj for obj in session.new if type(obj) in TRAVELLING]
    if not new:
        return
    with session.no_autoflush:
        station = station_id(session)
        if station is None:  # before setup: nothing of this station exists to send
            return
        seq = last_seq(session, station)
    new.sort(key=lambda obj: (ORDER.index(TRAVELLING[type(obj)]), _key(obj)))
    rows: list[dict[str, Any]] = []
    for obj in new:
        seq += 1
        rows.append(
            {
                "station_id": station,
                "seq": seq,
                "table_name": TRAVELLING[type(obj)],
                "row_id": obj.id,
                "case_id": obj.case_id if isinstance(obj, CaseEvent) else None,
            }
        )
    session.connection().execute(insert(ChangeLog.__table__), rows)


def _key(obj: Any) -> Any:
    return (obj.case_id, obj.seq) if isinstance(obj, CaseEvent) else (obj.id.int if obj.id else 0,)
