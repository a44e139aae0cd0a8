"""Intake: a citizen walks in, the clerk fills the form, and the case is saved with its reference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Case, CaseEvent, Category, Citizen, District, Entity, Governorate
from ..domain import validation as v
from ..domain.enums import Channel, EventType, Gender, Kind, Priority, ReplyPreference, Status
from ..domain.reference import ReferenceNumber
from ..errors import FormErrors, ValidationError
from ..i18n import N_, _
from . import clock
from .cases import CaseBrief, brief_query, briefs
from .citizens import citizen_for_case, person_versions
from .clock_guard import steady_now
from .search import index_case, person_names, reindex_person
from .setup import current_station, last_sequence
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
    # The clerk saw the details on file beside the typed ones and wants the citizen's record updated.
    confirm_citizen_update: bool = False


@dataclass(frozen=True)
class RegisteredCase:
    id: UUID
    reference: str
    registered_at: datetime
    due: date
    citizen_id: UUID
    duplicates: tuple[CaseBrief, ...]


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
    gender = _enum(Gender, c.gender, "gender", N_("اختر الجنس."), errors) if c.gender else None
    priority = frozenset(
        p
        for p in (
            _enum(Priority, x, "priority", _("فئة أولوية غير معروفة: {x}").format(x=x), errors)
            for x in c.priority
        )
        if p
    )
    address = check(
        lambda: v.text_field(
            c.address, field="address", label=_("العنوان"), max_length=v.MAX_ADDRESS, required=False
        )
    )
    landmark = check(
        lambda: v.text_field(
            c.landmark, field="landmark", label=_("أقرب نقطة دالة"), max_length=v.MAX_LANDMARK, required=False
        )
    )
    kind = _enum(Kind, form.kind, "kind", N_("اختر نوع الطلب (شكوى، طلب، اقتراح…)."), errors)
    channel = _enum(Channel, form.channel, "channel", N_("اختر طريقة تقديم الطلب."), errors)
    if not form.category:
        errors.append(ValidationError(N_("اختر فئة الطلب."), field="category"))
    # Codes come from drop-downs, or from a script: anything else never reaches a query.
    for value, field_name, message in (
        (form.category, "category", N_("فئة الطلب غير معروفة.")),
        (form.entity, "entity", N_("الجهة المعنية غير معروفة.")),
        (c.governorate, "governorate", N_("المحافظة غير معروفة.")),
        (c.district, "district", N_("القضاء غير معروف.")),
    ):
        if value:
            check(partial(v.code, value, field=field_name, message=message))
    subject = check(
        lambda: v.text_field(
            form.subject, field="subject", label=_("موضوع الطلب"), max_length=v.MAX_SUBJECT, required=True
        )
    )
    details = check(
        lambda: v.text_field(
            form.details,
            field="details",
            label=_("التفاصيل"),
            max_length=v.MAX_DETAILS,
            required=False,
            multiline=True,
        )
    )
    reply = (
        _enum(
            ReplyPreference,
            form.reply_preference,
            "reply_preference",
            N_("اختر طريقة إبلاغ المواطن."),
            errors,
        )
        if form.reply_preference
        else None
    )
    if gender is Gender.MALE and Priority.PREGNANT in priority:
        errors.append(ValidationError(N_("لا تُختار فئة «حامل» لمواطن ذكر."), field="priority"))
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


def _typed_details(clean: _Clean, gov: Governorate, district: District | None) -> dict[str, Any]:
    """The citizen's details as typed, as the columns of a version of their details."""
    return {
        "full_name": clean.full_name,
        "national_id": clean.national_id,
        "phone": clean.phone,
        "gender": clean.gender.value if clean.gender else None,
        "governorate_id": gov.id,
        "district_id": district.id if district else None,
        "address": clean.address or None,
        "landmark": clean.landmark or None,
        "elderly": Priority.ELDERLY in clean.priority,
        "special_needs": Priority.SPECIAL_NEEDS in clean.priority,
        "pregnant": Priority.PREGNANT in clean.priority,
    }


def _open_duplicates(s: Session, person_id: UUID, category_id: UUID) -> list[CaseBrief]:
    query = brief_query().where(
        Case.citizen_id.in_(person_versions(person_id)),
        Case.category_id == category_id,
        Case.status != Status.CLOSED.value,
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
        people = select(Citizen.person_id).where(or_(*who))
        versions = select(Citizen.id).where(Citizen.person_id.in_(people))
        query = (
            brief_query()
            .where(
                Case.citizen_id.in_(versions), Category.code == category, Case.status != Status.CLOSED.value
            )
            .order_by(Case.registered_at.desc())
            .limit(10)
        )
        return briefs(s, query)


NOT_TEXT = N_("اكتب هذا الحقل نصاً، لا رقماً ولا قائمة ولا قيمة فارغة.")


def _refuse_wrong_types(form: IntakeForm) -> None:
    """A script may send a number or a list where the form has text: said per field, before any rule
    (the rules call string methods)."""
    typed = [(f.name, getattr(form.citizen, f.name)) for f in fields(CitizenForm) if f.type == "str"]
    typed += [(f.name, getattr(form, f.name)) for f in fields(IntakeForm) if f.type == "str"]
    wrong = [ValidationError(NOT_TEXT, field=name) for name, value in typed if not isinstance(value, str)]
    if not isinstance(form.citizen.priority, frozenset | set | tuple | list) or not all(
        isinstance(p, str) for p in form.citizen.priority
    ):
        wrong.append(ValidationError(NOT_TEXT, field="priority"))
    if wrong:
        raise FormErrors(wrong)


def register_case(db: Database, actor: Actor, form: IntakeForm) -> RegisteredCase:
    """Validate, save the case, give it its reference and answer date, and write its first event —
    one transaction: after a power cut there is the whole case or nothing."""
    require(actor, Permission.REGISTER_CASE)
    _refuse_wrong_types(form)
    clean = _validate(form)
    with db.write() as s:
        station = current_station(s)
        category = _by_code(s, Category, form.category, "category", N_("فئة الطلب غير معروفة."))
        entity = (
            _by_code(s, Entity, form.entity, "entity", N_("الجهة المعنية غير معروفة."))
            if form.entity
            else None
        )
        gov_code = form.citizen.governorate or station.governorate_code
        gov = _by_code(s, Governorate, gov_code, "governorate", N_("المحافظة غير معروفة."))
        district = (
            _by_code(s, District, form.citizen.district, "district", N_("القضاء غير معروف."))
            if form.citizen.district
            else None
        )
        if district is not None and district.governorate_id != gov.id:
            raise FormErrors(
                [ValidationError(N_("القضاء المختار لا يتبع المحافظة المختارة."), field="district")]
            )
        citizen, new_version = citizen_for_case(
            s, actor, _typed_details(clean, gov, district), confirmed=form.confirm_citizen_update
        )
        duplicates = _open_duplicates(s, citizen.person_id, category.id)

        now = steady_now(
            s, station.station_id
        )  # a clock set back never makes an earlier year's number or deadline
        year = clock.to_local(now).year
        sequence = 1 + last_sequence(s, station, year)
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
            gender=citizen.gender,
            # Priority as assessed at this visit (a pregnancy ends, an illness begins).
            elderly=Priority.ELDERLY in clean.priority,
            special_needs=Priority.SPECIAL_NEEDS in clean.priority,
            pregnant=Priority.PREGNANT in clean.priority,
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
                data={},  # the reference and first-answer day are the case's (cases.case_detail)
            )
        )
        s.flush()
        refresh_state(s, case)
        names = person_names(s, citizen.person_id)
        if new_version:  # the earlier cases are found under the new name too
            before = person_names(s, citizen.person_id, but=citizen.id)
            reindex_person(s, citizen.person_id, before, names)
        index_case(s, case, names)
    return RegisteredCase(case.id, reference, now, due, citizen.id, tuple(duplicates))
