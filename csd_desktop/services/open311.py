"""The office's cases as Open311 GeoReport v2 service requests, for city dashboards and others who read
that standard (https://wiki.open311.org/GeoReport_v2). No personal data of the citizen: the request
is what was asked, of whom, and where it stands."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Case, CaseEvent, Category, Entity
from ..domain.enums import Outcome, Status
from .clock import IRAQ_TZ, to_local
from .figures import Period
from .users import Actor, Permission, require


def _moment(value: datetime | None) -> str | None:
    # Open311 wants ISO 8601 with the time zone; Iraqi time is what the office reads.
    return to_local(value).isoformat(timespec="seconds") if value is not None else None


def _end_of(day: date | None) -> str | None:
    return datetime.combine(day, time(23, 59, 59), IRAQ_TZ).isoformat() if day is not None else None


def _status_notes(status: str, outcome: str | None) -> str:
    # A closed case says how it was closed; an open one where it stands (our status, in Arabic).
    return Outcome(outcome).label if status == Status.CLOSED and outcome else Status(status).label


def service_requests(db: Database, actor: Actor, period: Period) -> list[dict[str, Any]]:
    """The actor's office's cases received in the period, oldest first, as Open311 service requests."""
    require(actor, Permission.VIEW_REPORTS)
    start, end = period.utc_bounds()
    last_event = select(func.max(CaseEvent.at)).where(CaseEvent.case_id == Case.id).scalar_subquery()
    query = (
        select(
            Case.reference,
            Case.status,
            Case.outcome,
            Category.code,
            Category.name_ar,
            Entity.name_ar,
            Case.subject,
            Case.registered_at,
            last_event,
            Case.resolution_due,
        )
        .join(Category, Category.id == Case.category_id)
        .outerjoin(Entity, Entity.id == Case.entity_id)
        .where(Case.office_id == actor.office_id, Case.registered_at >= start, Case.registered_at < end)
        .order_by(Case.registered_at, Case.id)
    )
    with db.read() as s:
        rows = s.execute(query).all()
    return [
        {
            "service_request_id": reference,
            "status": "closed" if status == Status.CLOSED else "open",
            "status_notes": _status_notes(status, outcome),
            "service_code": code,
            "service_name": category,
            "agency_responsible": entity,
            "description": subject,
            "requested_datetime": _moment(registered),
            "updated_datetime": _moment(updated or registered),
            "expected_datetime": None if status == Status.CLOSED else _end_of(due),
        }
        for reference, status, outcome, code, category, entity, subject, registered, updated, due in rows
    ]
