"""Intake: a citizen walks in, the clerk fills the form, and the case is saved with its reference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Case, CaseEvent, Category, Citizen, District, Entity, Governorate
from ..domain import validation as v
from ..domain.arabic import normalize_for_search
from ..domain.enums import Channel, EventType, Gender, Kind, Priority, ReplyPreference, Status
from ..domain.reference import ReferenceNumber
from ..errors import FormErrors, ValidationError
from . import clock
from .audit import audit
from .cases import CaseBrief, brief_query, briefs, citizen_cases
from .search import index_case
from .setup import current_station
from .sla import first_answer_due
from .timeline import refresh_state
from .users import Actor, Permission, require

E = TypeVar("E")


@dataclass(frozen=True)
class CitizenForm:
    """The citizen part of the form, as typed (strings), or as a script sends it."""

    full_name: str = ""
    national_id: str = ""
    phone: str = ""
    gender: str = ""
    governorate: str = ""  # code, e.g. BGD
    district: str = ""  # code, e.g. BGD-05
    address: str = ""
    landmark: str = ""
    priority: frozenset[str] = frozenset()


@dataclass(frozen=True)
class IntakeForm:
    citizen: CitizenForm
    kind: str = ""
    channel: str = Channel.WALK_IN.value
    category: str = ""  # code
    entity: str = ""  # code, may be empty: chosen at referral
    subject: str = ""
    details: str = ""
    reply_preference: str = ""
    attachments: tuple[str, ...] = field(default=())  # file paths, added after saving


@dataclass(frozen=True)
class RegisteredCase:
    id: UUID
    reference: str
    registered_at: datetime
    due: date
    citizen_id: UUID
    duplicates: tuple[CaseBrief, ...]


@dataclass(frozen=True)
class CitizenRecord:
    """A returning citizen, to fill the form in, with their earlier cases."""

    id: UUID
    full_name: str
    national_id: str | None
    phone: str | None
    gender: str | None
    governorate: str | None  # code
    district: str | None  # code
    address: str | None
    landmark: str | None
    priority: frozenset[str]
    cases: tuple[CaseBrief, ...]


@dataclass(frozen=True)
class _Clean:
    full_name: str
    national_id: str | None
    phone: str | None
    gender: Gender | None
    priority: frozenset[Priority]
    address: str
    landmark: str
    kind: Kind
    channel: Channel
    subject: str
    details: str
    reply_preference: ReplyPreference | None


def _enum(
    cls: Callable[[str], E], value: str, field_name: str, message: str, errors: list[ValidationError]
) -> E | None:
    try:
        return cls(value)
    except ValueError:
        errors.append(ValidationError(message, field=field_name))
        return None


def _validate(form: IntakeForm) -> _Clean:
    """Every rule checked before anything is written; all broken rules reported at once."""
    errors: list[ValidationError] = []

    def check(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ValidationError as e:
            errors.append(e)
            return None

    c = form.citizen
    name = check(lambda: v.full_name(c.full_name))
    card = check(lambda: v.national_id(c.national_id))
    phone = check(lambda: v.mobile(c.phone))
    gender = _enum(Gender, c.gender, "gender", "اختر الجنس.", errors) if c.gender else None
    priority = frozenset(
        p
        for p in (_enum(Priority, x, "priority", f"فئة أولوية غير معروفة: {x}", errors) for x in c.priority)
        if p
    )
    address = check(
        lambda: v.text_field(
            c.address, field="address", label="العنوان", max_length=v.MAX_ADDRESS, required=False
        )
    )
    landmark = check(
        lambda: v.text_field(
            c.landmark, field="landmark", label="أقرب نقطة دالة", max_length=v.MAX_LANDMARK, required=False
        )
    )
    kind = _enum(Kind, form.kind, "kind", "اختر نوع الطلب (شكوى، طلب، اقتراح…).", errors)
    channel = _enum(Channel, form.channel, "channel", "اختر طريقة تقديم الطلب.", errors)
    if not form.category:
        errors.append(ValidationError("اختر فئة الطلب.", field="category"))
    # Codes come from drop-downs, or from a script: anything else never reaches a query.
    for value, field_name, message in (
        (form.category, "category", "فئة الطلب غير معروفة."),
        (form.entity, "entity", "الجهة المعنية غير معروفة."),
        (c.governorate, "governorate", "المحافظة غير معروفة."),
        (c.district, "district", "القضاء غير معروف."),
    ):
        if value:
            check(lambda value=value, f=field_name, m=message: v.code(value, field=f, message=m))
    subject = check(
        lambda: v.text_field(
            form.subject, field="subject", label="موضوع الطلب", max_length=v.MAX_SUBJECT, required=True
        )
    )
    details = check(
        lambda: v.text_field(
            form.details,
            field="details",
            label="التفاصيل",
            max_length=v.MAX_DETAILS,
            required=False,
            multiline=True,
        )
    )
    reply = (
        _enum(ReplyPreference, form.reply_preference, "reply_preference", "اختر طريقة إبلاغ المواطن.", errors)
        if form.reply_preference
        else None
    )
    if gender is Gender.MALE and Priority.PREGNANT in priority:
        errors.append(ValidationError("لا تُختار فئة «حامل» لمواطن ذكر.", field="priority"))
    if errors:
        raise FormErrors(errors)
    assert kind is not None and channel is not None
    return _Clean(
        name, card, phone, gender, priority, address, landmark, kind, channel, subject, details, reply
    )


def _by_code(s: Session, model: type[Any], code: str, field_name: str, message: str) -> Any:
    row = s.scalar(select(model).where(model.code == code))
    if row is None:
        raise FormErrors([ValidationError(message, field=field_name)])
    return row


def _find_or_update_citizen(
    s: Session, actor: Actor, clean: _Clean, gov: Governorate | None, district: District | None
) -> Citizen:
    """The same person is the same row: matched by card number, else by phone and the same name."""
    now = clock.now()
    citizen = None
    if clean.national_id:
        citizen = s.scalar(select(Citizen).where(Citizen.national_id == clean.national_id))
    if citizen is None and clean.phone:
        citizen = s.scalar(
            select(Citizen)
            .where(
                Citizen.phone == clean.phone,
                Citizen.name_search == normalize_for_search(clean.full_name),
            )
            .limit(1)
        )
    values: dict[str, Any] = {
        "full_name": clean.full_name,
        "name_search": normalize_for_search(clean.full_name),
        "phone": clean.phone,
        "gender": clean.gender.value if clean.gender else None,
        "governorate_id": gov.id if gov else None,
        "district_id": district.id if district else None,
        "address": clean.address or None,
        "landmark": clean.landmark or None,
        "elderly": Priority.ELDERLY in clean.priority,
        "special_needs": Priority.SPECIAL_NEEDS in clean.priority,
        "pregnant": Priority.PREGNANT in clean.priority,
    }
    if citizen is None:
        citizen = Citizen(
            national_id=clean.national_id,
            created_at=now,
            created_by=actor.id,
            updated_at=now,
            updated_by=actor.id,
            **values,
        )
        s.add(citizen)
        s.flush()
        return citizen
    if clean.national_id and citizen.national_id is None:
        values["national_id"] = clean.national_id
    changed = {k: val for k, val in values.items() if getattr(citizen, k) != val}
    if changed:
        before = {k: _plain(getattr(citizen, k)) for k in changed}
        for k, val in changed.items():
            setattr(citizen, k, val)
        citizen.updated_at, citizen.updated_by = now, actor.id
        audit(
            s,
            actor.id,
            "citizen_updated",
            citizen.id,
            before=before,
            after={k: _plain(val) for k, val in changed.items()},
        )
    return citizen


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, UUID) else value


def _open_duplicates(s: Session, citizen_id: UUID, category_id: UUID) -> list[CaseBrief]:
    query = brief_query().where(
        Case.citizen_id == citizen_id, Case.category_id == category_id, Case.status != Status.CLOSED.value
    )
    return briefs(s, query.order_by(Case.registered_at.desc()).limit(10))


def possible_duplicates(db: Database, *, national_id: str, phone: str, category: str) -> list[CaseBrief]:
    """Open cases of the same citizen in the same category: shown to the clerk before saving."""
    try:
        card = v.national_id(national_id)
        tel = v.mobile(phone, required=False)
    except ValidationError:
        return []
    if not (card or tel) or not category:
        return []
    with db.read() as s:
        who = [Citizen.national_id == card] if card else []
        who += [Citizen.phone == tel] if tel else []
        query = (
            brief_query()
            .where(or_(*who), Category.code == category, Case.status != Status.CLOSED.value)
            .order_by(Case.registered_at.desc())
            .limit(10)
        )
        return briefs(s, query)


def register_case(db: Database, actor: Actor, form: IntakeForm) -> RegisteredCase:
    """Validate, save the case, give it its reference and answer date, and write its first event —
    one transaction: after a power cut there is the whole case or nothing."""
    require(actor, Permission.REGISTER_CASE)
    clean = _validate(form)
    with db.write() as s:
        station = current_station(s)
        category = _by_code(s, Category, form.category, "category", "فئة الطلب غير معروفة.")
        entity = (
            _by_code(s, Entity, form.entity, "entity", "الجهة المعنية غير معروفة.") if form.entity else None
        )
        gov_code = form.citizen.governorate or station.governorate_code
        gov = _by_code(s, Governorate, gov_code, "governorate", "المحافظة غير معروفة.")
        district = (
            _by_code(s, District, form.citizen.district, "district", "القضاء غير معروف.")
            if form.citizen.district
            else None
        )
        if district is not None and district.governorate_id != gov.id:
            raise FormErrors([ValidationError("القضاء المختار لا يتبع المحافظة المختارة.", field="district")])
        citizen = _find_or_update_citizen(s, actor, clean, gov, district)
        duplicates = _open_duplicates(s, citizen.id, category.id)

        now = clock.now()
        year = clock.to_local(now).year
        sequence = 1 + (
            s.scalar(
                select(func.max(Case.sequence)).where(
                    Case.station_id == station.station_id, Case.year == year
                )
            )
            or 0
        )
        reference = str(ReferenceNumber(station.office_code, station.station_number, year, sequence))
        due = first_answer_due(s, clean.kind.value, category.id, clock.to_local(now).date())
        case = Case(
            reference=reference,
            office_id=station.office_id,
            station_id=station.station_id,
            year=year,
            sequence=sequence,
            citizen_id=citizen.id,
            kind=clean.kind.value,
            channel=clean.channel.value,
            category_id=category.id,
            entity_id=entity.id if entity else None,
            governorate_id=gov.id,
            district_id=district.id if district else None,
            subject=clean.subject,
            details=clean.details,
            reply_preference=clean.reply_preference.value if clean.reply_preference else None,
            elderly=citizen.elderly,
            special_needs=citizen.special_needs,
            pregnant=citizen.pregnant,
            registered_at=now,
            registered_by=actor.id,
            due_first_answer=due,
            status=Status.REGISTERED.value,
            status_changed_at=now,
        )
        s.add(case)
        s.flush()
        s.add(
            CaseEvent(
                case_id=case.id,
                seq=1,
                type=EventType.REGISTERED.value,
                at=now,
                user_id=actor.id,
                data={"reference": reference, "due_first_answer": due.isoformat()},
            )
        )
        s.flush()
        refresh_state(s, case)
        index_case(s, case, citizen.full_name)
    return RegisteredCase(case.id, reference, now, due, citizen.id, tuple(duplicates))


def find_citizen(db: Database, query: str) -> CitizenRecord | None:
    """A returning citizen by card number (12 digits) or mobile; None if unknown or not a number."""
    try:
        card = v.national_id(query)
    except ValidationError:
        card = None
    try:
        phone = None if card else v.mobile(query)
    except ValidationError:
        return None
    with db.read() as s:
        where = Citizen.national_id == card if card else Citizen.phone == phone
        citizen = s.scalar(select(Citizen).where(where).order_by(Citizen.updated_at.desc()).limit(1))
        if citizen is None:
            return None
        gov = s.get(Governorate, citizen.governorate_id) if citizen.governorate_id else None
        district = s.get(District, citizen.district_id) if citizen.district_id else None
        return CitizenRecord(
            id=citizen.id,
            full_name=citizen.full_name,
            national_id=citizen.national_id,
            phone=citizen.phone,
            gender=citizen.gender,
            governorate=gov.code if gov else None,
            district=district.code if district else None,
            address=citizen.address,
            landmark=citizen.landmark,
            priority=frozenset(p.value for p in Priority if getattr(citizen, p.value)),
            cases=tuple(citizen_cases(s, citizen.id)),
        )
