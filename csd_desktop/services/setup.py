"""First run: create the office, this station, and its first administrator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Case, Governorate, LocalSetting, Office, Station
from ..domain.arabic import ascii_digits, clean_text
from ..domain.enums import Role
from ..domain.reference import OFFICE_CODE_RE
from ..errors import FormErrors, SetupRequired, ValidationError
from ..i18n import N_
from . import clock
from .audit import audit
from .sign_in import STATION_KEY as _STATION_KEY
from .sign_in import StationInfo as StationInfo
from .users import checked_username, hash_password, new_user


@dataclass(frozen=True)
class SetupResult:
    office_code: str
    station: int
    admin_username: str


class Enrolment(Protocol):
    """A station joining an office enrolled at the central office (sync.station): the office, its keys
    and the reference data come from the enrolment file, inside setup's one transaction."""

    def office(self, s: Session) -> Office: ...

    def joined(self, s: Session, station: Station) -> None: ...


def is_initialized(db: Database) -> bool:
    with db.read() as s:
        return s.get(LocalSetting, _STATION_KEY) is not None


def station_info(db: Database) -> StationInfo:
    with db.read() as s:
        return current_station(s)


def current_station(s: Session) -> StationInfo:
    setting = s.get(LocalSetting, _STATION_KEY)
    if setting is None:
        raise SetupRequired(N_("لم تُعدّ هذه المحطة بعد: شغّل الإعداد الأول."))
    row = s.execute(
        select(Station, Office, Governorate)
        .join(Office, Station.office_id == Office.id)
        .join(Governorate, Office.governorate_id == Governorate.id)
        .where(Station.id == UUID(setting.value))
    ).one()
    station, office, gov = row
    return StationInfo(
        office.id, office.code, office.name_ar, gov.code, gov.name_ar, station.id, station.number
    )


def last_sequence(s: Session, station: StationInfo, year: int) -> int:
    """The station's last sequence number of the year, read off its highest reference (one step down
    the references' index: the sequence is zero-padded, so text order is number order)."""
    prefix = f"{station.office_code}-{station.station_number:02d}-{year:04d}-"
    last = s.scalar(
        select(Case.sequence)
        .where(Case.reference >= prefix, Case.reference < prefix + "\uffff")
        .order_by(Case.reference.desc())
        .limit(1)
    )
    return last or 0


def initialize_station(
    db: Database,
    *,
    office_code: str,
    office_name: str,
    governorate_code: str,
    station: int | str,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
    admin_password_repeat: str | None = None,
    enrolment: Enrolment | None = None,
) -> SetupResult:
    """Everything in one transaction: a half-made office never exists. Every field is checked before
    anything is written, so the person at the first-run form sees every mistake at once."""
    # Only the first run needs these (cryptography alone is ~30 ms): not on every start's import.
    from .reference_data import load_reference_data, shipped_governorates
    from .signing import new_office_key

    errors: list[ValidationError] = []
    code = clean_text(office_code).upper()
    if not OFFICE_CODE_RE.match(code):
        errors.append(
            ValidationError(
                N_("رمز المكتب من 2 إلى 10 أحرف لاتينية كبيرة (مثل BGDGO)."),
                field="office_code",
            )
        )
    name = clean_text(office_name)
    if not name:
        errors.append(ValidationError(N_("اسم المكتب مطلوب."), field="office_name"))
    governorate = clean_text(governorate_code).upper()
    if governorate not in {g.code for g in shipped_governorates()}:
        errors.append(ValidationError(N_("اختر محافظة المكتب من القائمة."), field="governorate"))
    number_text = ascii_digits(str(station)).strip()
    number = int(number_text) if number_text.isdigit() else 0
    if not 1 <= number <= 99:
        errors.append(ValidationError(N_("رقم المحطة عدد من 1 إلى 99."), field="station"))
    try:
        checked_username(admin_username)
    except ValidationError as e:
        errors.append(e)
    # The full name is what receipts, letters and reports print as the clerk: never the Latin username.
    if not clean_text(admin_full_name):
        errors.append(
            ValidationError(
                N_("اكتب الاسم الكامل لمدير النظام بالعربية: يُطبع على الوصولات والتقارير."), field="full_name"
            )
        )
    password_hash = None
    try:
        password_hash = hash_password(admin_password, admin_username)
    except ValidationError as e:
        errors.append(e)
    if admin_password_repeat is not None and admin_password_repeat != admin_password:
        errors.append(ValidationError(N_("كلمتا المرور غير متطابقتين."), field="password2"))
    if errors:
        raise FormErrors(errors)
    assert password_hash is not None
    with db.write() as s:
        if s.get(LocalSetting, _STATION_KEY) is not None:
            raise ValidationError(N_("هذه المحطة مُعدّة من قبل."))
        enrolled = enrolment.office(s) if enrolment is not None else None
        load_reference_data(s)
        gov = s.scalar(select(Governorate).where(Governorate.code == governorate))
        if gov is None:
            raise ValidationError(N_("اختر محافظة المكتب من القائمة."), field="governorate")
        office = enrolled or Office(code=code, name_ar=name, governorate_id=gov.id, created_at=clock.now())
        if enrolled is None:
            s.add(office)
            s.flush()
            new_office_key(s, office)
        st = Station(office_id=office.id, number=number, created_at=clock.now())
        s.add(st)
        s.flush()
        s.add(LocalSetting(key=_STATION_KEY, value=str(st.id)))
        if enrolment is not None:
            enrolment.joined(s, st)
        admin = new_user(
            s, office.id, admin_username, admin_full_name, Role.ADMIN, password_hash, created_by=None
        )
        audit(s, admin.id, "station_initialized", st.id, office=code, station=number)
    return SetupResult(code, number, admin.username)
