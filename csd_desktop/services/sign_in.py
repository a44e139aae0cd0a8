"""Who is at this station: its office, and the person logging in — read with sqlite3 alone.

The window's start needs three rows and a password check before its first paint; SQLAlchemy, the
models and the other services take longer to import than all of that (DESIGN.md §6's budget), so this
module imports none of them. They load on the worker once the window is up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from ..domain.arabic import clean_text
from ..domain.enums import Role
from ..errors import AuthenticationFailed, CsdError, SetupRequired
from ..i18n import N_
from . import clock

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from ..db.engine import Database

log = logging.getLogger(__name__)

STATION_KEY = "station_id"  # local_settings: which station of the office this file is

_STATION_SQL = """
SELECT o.id, o.code, o.name_ar, g.code, g.name_ar, s.id, s.number
FROM stations s JOIN offices o ON o.id = s.office_id JOIN governorates g ON g.id = o.governorate_id
WHERE s.id = ?
"""
_USER_SQL = (
    "SELECT id, username, full_name, role, password_hash, active, office_id, must_change_password "
    "FROM users WHERE username = ?"
)
_FAILURES_SQL = "SELECT at FROM login_failures WHERE username = ? ORDER BY at DESC LIMIT ?"

# Five wrong passwords within a quarter of an hour lock the name for a quarter of an hour: slow enough
# to stop guessing, short enough that a clerk who mistyped is back at work soon.
LOCK_AFTER = 5
LOCK_WINDOW = timedelta(minutes=15)
# Checked when no such user exists, so a wrong name costs what a wrong password costs (the same argon2
# cost as hasher()'s): nobody can learn which names exist by timing the refusal.
_DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$M6ldABpbPLtvRAga6s+O9Q$JxKu83nipi4Rp00t7jTHGbCbGm9VXAArS8TU/qri05w"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

FAILED = N_("اسم المستخدم أو كلمة المرور غير صحيحة.")
LOCKED = N_(
    "أُوقف الدخول بهذا الاسم مؤقتاً بعد {n} محاولات فاشلة. أعد المحاولة بعد الساعة {time} "
    "(أو اطلب من مدير النظام إعادة تعيين كلمة المرور)."
)


class AccountLocked(AuthenticationFailed, code="account_locked"):
    """Too many failed logins with this name: refused without checking the password."""


@dataclass(frozen=True)
class StationInfo:
    office_id: UUID
    office_code: str
    office_name: str
    governorate_code: str
    governorate_name: str
    station_id: UUID
    station_number: int


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as services need them: every change records this id."""

    id: UUID
    username: str
    full_name: str
    role: Role
    office_id: UUID
    # The password was set by an administrator: only changing it is allowed until then.
    must_change_password: bool = False


_hasher: PasswordHasher | None = None


# OWASP's recommended argon2id cost (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1). The library's
# default (64 MiB, t=3, p=4) costs an office PC about 150 ms of CPU at every login, half the start's
# budget, for no protection the office needs beyond this. Hashes made with other costs still verify
# (the cost is inside each hash).
ARGON2_MEMORY_KIB = 19_456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1


def hasher() -> PasswordHasher:
    """argon2id at OWASP's recommended cost (imported on the first password)."""
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher(
            time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM
        )
    return _hasher


def station_info(db: Database) -> StationInfo | None:
    """This station and its office; None before the first-run setup has made them."""
    with db.plain_read() as con:
        setting = con.execute("SELECT value FROM local_settings WHERE key = ?", (STATION_KEY,)).fetchone()
        if setting is None:
            return None
        row = con.execute(_STATION_SQL, (UUID(setting[0]).bytes,)).fetchone()
    if row is None:  # the setting names a station the file does not hold
        raise SetupRequired(N_("لم تُعدّ هذه المحطة بعد: شغّل الإعداد الأول."))
    office_id, code, name, gov_code, gov_name, station_id, number = row
    return StationInfo(UUID(bytes=office_id), code, name, gov_code, gov_name, UUID(bytes=station_id), number)


def authenticate(db: Database, username: str, password: str) -> Actor:
    """The active user with this name and password, or AuthenticationFailed: the same message and the
    same time for an unknown name, an inactive user and a wrong password. Failures are counted and
    audited; too many lock the name for LOCK_WINDOW (AccountLocked, saying until when)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    name = clean_text(username).lower()[:50]
    moment = clock.now()
    with db.plain_read() as con:
        row = con.execute(_USER_SQL, (name,)).fetchone()
        kept = [at for (at,) in con.execute(_FAILURES_SQL, (name, LOCK_AFTER))]
    recent = [at for at in kept if at > _millis(moment - LOCK_WINDOW)]
    if len(recent) >= LOCK_AFTER:
        until = _from_millis(recent[0]) + LOCK_WINDOW
        if moment < until:
            raise _locked(until)
    try:
        hasher().verify(row[4] if row is not None else _DUMMY_HASH, password)
        verified = row is not None and bool(row[5])
    except (VerificationError, InvalidHashError):
        verified = False
    if not verified:
        user_id = UUID(bytes=row[0]) if row is not None else None
        log.info("failed login for %s", name)
        locked = len(recent) + 1 >= LOCK_AFTER
        _record_failure(db, name, user_id, moment, locked_until=moment + LOCK_WINDOW if locked else None)
        raise _locked(moment + LOCK_WINDOW) if locked else AuthenticationFailed(FAILED)
    assert row is not None
    if kept:
        _clear_failures(db, name)
    user_id, name, full_name, role, _hash, _active, office_id, must_change = row
    return Actor(UUID(bytes=user_id), name, full_name, Role(role), UUID(bytes=office_id), bool(must_change))


def _locked(until: datetime) -> AccountLocked:
    return AccountLocked(LOCKED, n=LOCK_AFTER, time=f"\u2066{clock.to_local(until):%H:%M}\u2069")


def _millis(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def _from_millis(value: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=value)


def _record_failure(
    db: Database, name: str, user_id: UUID | None, moment: datetime, *, locked_until: datetime | None
) -> None:
    """Count the failure and audit it (and the lockout it starts). A file that cannot be written (read
    only, damaged) still gets the refusal: the log keeps the failure then."""
    from sqlalchemy import delete

    from ..db.models import LoginFailure
    from .audit import audit

    try:
        with db.write() as s:
            s.execute(delete(LoginFailure).where(LoginFailure.at <= moment - LOCK_WINDOW))
            s.add(LoginFailure(username=name, at=moment))
            audit(s, user_id, "login_failed", user_id, username=name)
            if locked_until is not None:
                audit(s, user_id, "login_locked", user_id, username=name, until=locked_until.isoformat())
    except CsdError:
        log.warning("failed login for %s not recorded", name, exc_info=True)


def _clear_failures(db: Database, name: str) -> None:
    from sqlalchemy import delete

    from ..db.models import LoginFailure

    with db.write() as s:
        s.execute(delete(LoginFailure).where(LoginFailure.username == name))
