"""How long the window may sit unused before it locks and asks for the password again: a station
setting (the office PC is shared; a clerk who walks away leaves citizens' files open otherwise)."""

from __future__ import annotations

from ..db.engine import Database
from ..db.models import LocalSetting
from ..errors import ValidationError
from ..i18n import N_
from .audit import audit
from .permissions import Permission, require
from .sign_in import Actor

IDLE_KEY = "idle_lock_minutes"
DEFAULT_MINUTES = 10
# Never off: an hour at most, so an unattended window is not open all day.
MIN_MINUTES, MAX_MINUTES = 1, 60


def idle_lock_minutes(db: Database) -> int:
    with db.read() as s:
        row = s.get(LocalSetting, IDLE_KEY)
    if row is None or not row.value.isdigit():
        return DEFAULT_MINUTES
    return min(max(int(row.value), MIN_MINUTES), MAX_MINUTES)


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: int) -> int:
    require(actor, Permission.MANAGE_SETTINGS)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            N_("مدة قفل الشاشة بين {low} و{high} دقيقة."), low=MIN_MINUTES, high=MAX_MINUTES, field="minutes"
        )
    with db.write() as s:
        s.merge(LocalSetting(key=IDLE_KEY, value=str(minutes)))
        audit(s, actor.id, "setting_changed", None, key=IDLE_KEY, value=minutes)
    return minutes
