"""Citizens and the versions of their details: a returning citizen found by card or phone, and a change
of details kept as a new version of the same person once the clerk has confirmed it (never rewritten)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Case, Citizen, District, Governorate
from ..db.types import new_uuid7
from ..domain import validation as v
from ..domain.arabic import normalize_for_search
from ..domain.enums import Gender, Priority
from ..errors import CitizenDetailsDiffer, ValidationError
from ..i18n import N_, _
from . import clock
from .audit import audit
from .cases import CaseBrief, brief_query, briefs
from .users import Actor

# The details a clerk must confirm before they replace those on file, with their labels.
CONFIRMED_FIELDS = (
    ("full_name", N_("الاسم")),
    ("phone", N_("الهاتف")),
    ("gender", N_("الجنس")),
    ("governorate_id", N_("المحافظة")),
    ("district_id", N_("القضاء")),
    ("address", N_("العنوان")),
    ("landmark", N_("أقرب نقطة دالة")),
)
_LOCATED = ("full_name", "national_id", "phone", "gender", "address", "landmark")


@dataclass(frozen=True)
class CitizenRecord:
    """A returning citizen's current details, to fill the form in, with their earlier cases."""

    id: UUID  # the newest version of the details
    person_id: UUID
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


def person_versions(person_id: UUID) -> Select[Any]:
    """Every version of one person's details: their cases are the cases registered with any of them."""
    return select(Citizen.id).where(Citizen.person_id == person_id)


def citizen_cases(s: Session, person_id: UUID, *, limit: int = 20) -> list[CaseBrief]:
    query = (
        brief_query()
        .where(Case.citizen_id.in_(person_versions(person_id)))
        .order_by(Case.registered_at.desc())
        .limit(limit)
    )
    return briefs(s, query)


def newest_version(
    s: Session, *, national_id: str | None, phone: str | None, full_name: str
) -> Citizen | None:
    """The person this is, by card number, else by phone and the same name; their newest details."""
    person = None
    if national_id:
        person = s.scalar(
            select(Citizen.person_id).where(Citizen.national_id == national_id).order_by(Citizen.id.desc())
        )
    if person is None and phone:
        name = normalize_for_search(full_name)
        person = next(
            (
                p
                for p, typed_name in s.execute(
                    select(Citizen.person_id, Citizen.full_name)
                    .where(Citizen.phone == phone)
                    .order_by(Citizen.id.desc())
                )
                if normalize_for_search(typed_name) == name
            ),
            None,
        )
    if person is None:
        return None
    newest = s.scalar(select(Citizen).where(Citizen.person_id == person).order_by(Citizen.id.desc()).limit(1))
    if newest is not None and national_id and newest.national_id not in (None, national_id):
        return None  # same name and phone, another card: another person
    return newest


def citizen_for_case(
    s: Session, actor: Actor, typed: dict[str, Any], *, confirmed: bool
) -> tuple[Citizen, bool]:
    """The citizen's details a case is registered with (`typed`: Citizen's columns), and whether they are
    a new version of a person on file. Details on file are never rewritten: a change the clerk
    `confirmed` (or a gap filled in) becomes a new version of the same person."""
    on_file = newest_version(
        s, national_id=typed["national_id"], phone=typed["phone"], full_name=typed["full_name"]
    )
    if on_file is None:
        return _add_version(s, actor, None, typed), False
    # What is left blank keeps what is on file; what differs needs the clerk's confirmation.
    merged = {k: (getattr(on_file, k) if value is None else value) for k, value in typed.items()}
    if normalize_for_search(merged["full_name"]) == normalize_for_search(on_file.full_name):
        merged["full_name"] = on_file.full_name  # the same name spelt another way is no change
    changed = {k for k in merged if merged[k] != getattr(on_file, k)}
    if not changed:
        return on_file, False
    differing = [
        (_(label), _shown(s, getattr(on_file, k)), _shown(s, merged[k]))
        for k, label in CONFIRMED_FIELDS
        if k in changed and getattr(on_file, k) is not None
    ]
    if differing and not confirmed:
        raise _differ(on_file, differing)
    version = _add_version(s, actor, on_file, merged)
    audit(
        s,
        actor.id,
        "citizen_updated",
        on_file.person_id,
        before={k: _plain(getattr(on_file, k)) for k in sorted(changed)},
        after={k: _plain(merged[k]) for k in sorted(changed)},
        confirmed=confirmed,
    )
    return version, True


def _add_version(s: Session, actor: Actor, previous: Citizen | None, values: dict[str, Any]) -> Citizen:
    citizen = Citizen(created_at=clock.now(), created_by=actor.id, **values)
    if previous is not None:
        citizen.person_id = previous.person_id
    else:
        citizen.id = new_uuid7()
        citizen.person_id = citizen.id
    s.add(citizen)
    s.flush()
    return citizen


def _shown(s: Session, value: Any) -> str:
    """A detail as the clerk knows it: a place by its Arabic name, a gender in words."""
    if value is None:
        return "—"
    if isinstance(value, UUID):
        place = s.get(Governorate, value) or s.get(District, value)
        return place.name_ar if place is not None else str(value)
    if value in (g.value for g in Gender):
        return Gender(value).label
    return str(value)


def _differ(on_file: Citizen, differing: list[tuple[str, str, str]]) -> CitizenDetailsDiffer:
    who = (
        _("رقم البطاقة {national_id}").format(national_id=on_file.national_id)
        if on_file.national_id
        else _("هذا الهاتف")
    )
    lines = _("؛ ").join(
        _("{label}: المسجَّل «{old}» والمكتوب «{new}»").format(label=label, old=old, new=new)
        for label, old, new in differing
    )
    return CitizenDetailsDiffer(
        N_(
            "{who} مسجَّل باسم «{full_name}». تختلف البيانات المكتوبة عن المسجَّلة ({lines}). "
            "تأكد من المواطن: إن تغيّرت بياناته فأكّد التحديث، وإلا فأعد البيانات المسجَّلة."
        ),
        tuple(differing),
        who=who,
        full_name=on_file.full_name,
        lines=lines,
    )


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, UUID) else value


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
        person = s.scalar(select(Citizen.person_id).where(where).order_by(Citizen.id.desc()).limit(1))
        if person is None:
            return None
        citizen = s.scalar(
            select(Citizen).where(Citizen.person_id == person).order_by(Citizen.id.desc()).limit(1)
        )
        assert citizen is not None
        gov = s.get(Governorate, citizen.governorate_id) if citizen.governorate_id else None
        district = s.get(District, citizen.district_id) if citizen.district_id else None
        return CitizenRecord(
            id=citizen.id,
            person_id=citizen.person_id,
            governorate=gov.code if gov else None,
            district=district.code if district else None,
            priority=frozenset(p.value for p in Priority if getattr(citizen, p.value)),
            cases=tuple(citizen_cases(s, citizen.person_id)),
            **{name: getattr(citizen, name) for name in _LOCATED},
        )
