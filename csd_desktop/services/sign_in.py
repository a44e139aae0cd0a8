"""Who is at this station: its office, and the person logging in — read with sqlite3 alone.

The window's start needs three rows and a password check before its first paint; SQLAlchemy, the
models and the other services take longer to import than all of that (DESIGN.md §6's budget), so this
module imports none of them. They load on the worker once the window is up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from ..domain.arabic import clean_text
from ..domain.enums import Role
from ..errors import AuthenticationFailed, SetupRequired
from ..i18n import N_

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
    "SELECT id, username, full_name, role, password_hash, active, office_id FROM users WHERE username = ?"
)


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
    """The active user with this name and password, or AuthenticationFailed (the same for both)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    failed = AuthenticationFailed(N_("اسم المستخدم أو كلمة المرور غير صحيحة."))
    with db.plain_read() as con:
        row = con.execute(_USER_SQL, (clean_text(username).lower(),)).fetchone()
    if row is None or not row[5]:
        raise failed
    user_id, name, full_name, role, password_hash, _active, office_id = row
    try:
        hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        log.info("failed login for %s", username)
        raise failed from None
    return Actor(UUID(bytes=user_id), name, full_name, Role(role), UUID(bytes=office_id))
