"""Reading cases: one case with its timeline, and finding cases by reference, phone, card or name."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from ..db.engine import Database
from ..db.models import Attachment, Case, CaseEvent, Category, Citizen, District, Entity, Governorate, User
from ..domain.enums import Channel, EventType, Kind, Outcome, Priority, Status
from ..domain.lifecycle import sla_state
from ..domain.reference import compact_reference, likely_meant, parse_reference
from ..errors import NotFound, ReferenceCheckMismatch
from ..i18n import N_, _
from . import clock
from .sla import holidays


@dataclass(frozen=True)
class CaseBrief:
    """One line of a case list."""

    id: UUID
    reference: str
    registered_at: datetime
    citizen: str
    kind: str  # Arabic label
    category: str
    subject: str
    status: str  # Status value
    status_label: str  # for a closed case, what its outcome was
    due_on: date | None = None  # nearest running deadline; None when closed or paused
    sla: str | None = None  # domain.lifecycle.SlaState value: on_time, due_soon, overdue
    entity: str | None = None  # the responsible entity's Arabic name, once there is one


@dataclass(frozen=True)
class EventView:
    seq: int
    type: str
    at: datetime
    user: str
    data: dict[str, Any]
    id: UUID | None = None

    @property
    def label(self) -> str:
        return EventType(self.type).label


@dataclass(frozen=True)
class CaseDetail:
    id: UUID
    reference: str
    kind: Kind
    channel: Channel
    category_code: str
    category: str
    entity_code: str | None
    entity: str | None
    subject: str
    details: str
    status: Status
    registered_at: datetime
    registered_by: str
    due_first_answer: date
    citizen_id: UUID
    citizen_name: str
    national_id: str | None
    phone: str | None
    governorate: str | None
    district: str | None
    address: str | None
    landmark: str | None
    priority: tuple[str, ...]  # Arabic labels
    status_label: str
    outcome: Outcome | None
    due_on: date | None
    reply_due: date | None
    resolution_due: date | None
    sla: str | None
    escalation_level: int
    assigned_to: str | None
    satisfaction: int | None
    reopened_count: int
    events: tuple[EventView, ...]
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True)
class AttachmentView:
    id: UUID
    file_name: str
    media_type: str
    size: int
    added_at: datetime


# A statement of any columns (SQLAlchemy types a select by its columns).
AnySelect = Select[*tuple[Any, ...]]


def brief_query() -> AnySelect:
    return (
        select(
            Case.id,
            Case.reference,
            Case.registered_at,
            Citizen.full_name,
            Case.kind,
            Category.name_ar,
            Case.subject,
            Case.status,
            Case.outcome,
            Case.due_on,
            Entity.name_ar,
        )
        .join(Citizen, Case.citizen_id == Citizen.id)
        .join(Category, Case.category_id == Category.id)
        .outerjoin(Entity, Case.entity_id == Entity.id)
    )


def status_label(status: str, outcome: str | None) -> str:
    return Outcome(outcome).label if outcome else Status(status).label


def briefs(s: Session, query: AnySelect) -> list[CaseBrief]:
    today = clock.today()
    days_off = holidays(s)
    return [
        CaseBrief(
            id_,
            ref,
            at,
            name,
            Kind(kind).label,
            cat,
            subj,
            status,
            status_label(status, outcome),
            due,
            sla_state(due, today, days_off),
            entity,
        )
        for id_, ref, at, name, kind, cat, subj, status, outcome, due, entity in s.execute(query)
    ]


def _named(s: Session, events: tuple[EventView, ...]) -> tuple[EventView, ...]:
    """A step that names an entity by its code alone (written before names were kept with the step, or
    arrived that way) gets the entity's Arabic name, so timelines and letters never print a code."""
    if not any(e.data.get("entity") and not e.data.get("entity_name") for e in events):
        return events
    names = {code: name for code, name in s.execute(select(Entity.code, Entity.name_ar))}
    return tuple(
        replace(e, data={**e.data, "entity_name": names.get(str(e.data["entity"]), e.data["entity"])})
        if e.data.get("entity") and not e.data.get("entity_name")
        else e
        for e in events
    )


def _view(case: Case, event: CaseEvent, who: str) -> EventView:
    return EventView(event.seq, event.type, event.at, who, _data(case, event), event.id)


def _with_corrected_numbers(events: tuple[EventView, ...]) -> tuple[EventView, ...]:
    """A correction names its step by id (the same at every desk); it is shown by the step's number in
    this file (`corrects_seq`). A number stored by an old version is that number already."""
    numbers = {e.id.hex: e.seq for e in events if e.id is not None}
    return tuple(
        replace(e, data={**e.data, "corrects_seq": numbers.get(str(e.data["corrects"]), e.data["corrects"])})
        if e.type == EventType.CORRECTION.value and "corrects" in e.data
        else e
        for e in events
    )


def _data(case: Case, event: CaseEvent) -> dict[str, Any]:
    """A step's data as it was given. The registration step is stored without what the case itself
    holds (its reference and first-answer day: a million cases' worth of repeats), so they are put
    back here."""
    data = dict(event.data)
    if event.type == EventType.REGISTERED.value:
        data.setdefault("reference", case.reference)
        data.setdefault("due_first_answer", case.due_first_answer.isoformat())
    return data


def checked_reference(s: Session, typed: str) -> str:
    """The reference someone typed, as stored. A check character that does not match its digits
    means a typing error somewhere, so it is refused, naming the references on file it may be."""
    parsed = parse_reference(typed)
    if parsed is None:
        raise NotFound(N_("الرقم المرجعي غير صحيح الشكل (مثال: BGDGO-01-2026-000123-0)."))
    if parsed.check_typed is None or parsed.check_ok:
        return str(parsed.reference)
    candidates = [str(parsed.reference), *(str(r) for r in likely_meant(parsed))]
    on_file = set(s.scalars(select(Case.reference).where(Case.reference.in_(candidates))))
    suggestions = tuple(dict.fromkeys(c for c in candidates if c in on_file))[:5]
    shown = compact_reference(typed)
    if not suggestions:
        raise ReferenceCheckMismatch(
            N_(
                "رمز التحقق في الرقم المرجعي {shown} لا يطابق أرقامه، ففي الرقم خطأ، ولا يوجد طلب قريب "
                "منه. تأكد من الرقم مع المواطن."
            ),
            suggestions,
            shown=shown,
        )
    raise ReferenceCheckMismatch(
        N_("رمز التحقق في الرقم المرجعي {shown} لا يطابق أرقامه، ففي الرقم خطأ. هل تقصد {value}؟"),
        suggestions,
        shown=shown,
        value=_(" أو ").join(suggestions),
    )


def case_detail(db: Database, reference: str) -> CaseDetail:
    clerk = aliased(User)
    with db.read() as s:
        stored = checked_reference(s, reference)
        row = s.execute(
            select(Case, Citizen, Category, Entity, Governorate, District, clerk)
            .join(Citizen, Case.citizen_id == Citizen.id)
            .join(Category, Case.category_id == Category.id)
            .join(clerk, Case.registered_by == clerk.id)
            .outerjoin(Entity, Case.entity_id == Entity.id)
            .outerjoin(Governorate, Case.governorate_id == Governorate.id)
            .outerjoin(District, Case.district_id == District.id)
            .where(Case.reference == stored)
        ).one_or_none()
        if row is None:
            raise NotFound(N_("لا يوجد طلب بالرقم المرجعي {stored}."), stored=stored)
        case, citizen, category, entity, gov, district, user = row
        events = s.execute(
            select(CaseEvent, User.full_name)
            .join(User, CaseEvent.user_id == User.id)
            .where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.seq)
        ).all()
        return CaseDetail(
            id=case.id,
            reference=case.reference,
            kind=Kind(case.kind),
            channel=Channel(case.channel),
            category_code=category.code,
            category=category.name_ar,
            entity_code=entity.code if entity else None,
            entity=entity.name_ar if entity else None,
            subject=case.subject,
            details=case.details,
            status=Status(case.status),
            registered_at=case.registered_at,
            registered_by=user.full_name,
            due_first_answer=case.due_first_answer,
            citizen_id=citizen.id,
            citizen_name=citizen.full_name,
            national_id=citizen.national_id,
            phone=citizen.phone,
            governorate=gov.name_ar if gov else None,
            district=district.name_ar if district else None,
            address=citizen.address,
            landmark=citizen.landmark,
            priority=tuple(p.label for p in Priority if getattr(case, p.value)),
            status_label=status_label(case.status, case.outcome),
            outcome=Outcome(case.outcome) if case.outcome else None,
            due_on=case.due_on,
            reply_due=case.reply_due,
            resolution_due=case.resolution_due,
            sla=sla_state(case.due_on, clock.today(), holidays(s)),
            escalation_level=case.escalation_level,
            assigned_to=s.scalar(select(User.full_name).where(User.id == case.assigned_to))
            if case.assigned_to
            else None,
            satisfaction=case.satisfaction,
            reopened_count=case.reopened_count,
            events=_named(s, _with_corrected_numbers(tuple(_view(case, e, who) for e, who in events))),
            attachments=tuple(
                AttachmentView(a.id, a.file_name, a.media_type, a.size, a.added_at)
                for a in s.scalars(
                    select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.added_at)
                )
            ),
        )
