"""The PC's clock checked against the database: a date far off is told at login, and what a service
stamps never goes back before the newest record, so reference years, registration times, the order of a
case's steps and its deadlines do not jump backwards when a BIOS battery dies or someone sets the date."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import AuditEntry, Case
from ..i18n import N_, _
from . import clock

# Behind the newest record by more than this: the clock is wrong (a few minutes are two PCs' drift).
BEHIND = timedelta(hours=1)
# Ahead of the newest record by more than this: likely a wrong year (a station idle a year is rare).
AHEAD = timedelta(days=366)

CLOCK_BEHIND = N_(
    "تاريخ هذا الجهاز ({now}) أقدم من آخر سجل في قاعدة البيانات ({newest}). صحّح التاريخ والوقت في "
    "إعدادات الجهاز: إلى أن يُصحَّح تُسجَّل الطلبات بتاريخ آخر سجل، لا بتاريخ الجهاز."
)
CLOCK_AHEAD = N_(
    "تاريخ هذا الجهاز ({now}) بعد آخر سجل في قاعدة البيانات ({newest}) بأكثر من سنة. تحقق من التاريخ "
    "والسنة في إعدادات الجهاز قبل تسجيل أي طلب: الأرقام المرجعية والمواعيد تُحسب منه."
)


def newest_record(s: Session) -> datetime | None:
    """The newest registration or audit record (both read from an index: cheap at a million cases)."""
    registered = s.scalar(select(func.max(Case.registered_at)))
    audited = s.scalar(select(AuditEntry.at).order_by(AuditEntry.seq.desc()).limit(1))
    found = [t for t in (registered, audited) if t is not None]
    return max(found) if found else None


def steady_now(s: Session, station_id: UUID) -> datetime:
    """The clock, but never before this station's newest registration (read down the registration
    index from its top: cheap). Only this station's: a case received by sync from a desk whose clock
    runs ahead must not drag this desk's registrations, and their year, into that desk's future."""
    now = clock.now()
    registered = s.scalar(
        select(Case.registered_at)
        .where(Case.station_id == station_id)
        .order_by(Case.registered_at.desc())
        .limit(1)
    )
    return max(now, registered) if registered is not None else now


def clock_warning(db: Database) -> str | None:
    """What to tell the person logging in when the PC's date is far from the database's; None if fine."""
    with db.read() as s:
        newest = newest_record(s)
    if newest is None:
        return None
    now = clock.now()
    shown = {
        "now": f"{clock.to_local(now):%Y-%m-%d %H:%M}",
        "newest": f"{clock.to_local(newest):%Y-%m-%d %H:%M}",
    }
    if now < newest - BEHIND:
        return _(CLOCK_BEHIND).format(**shown)
    if now > newest + AHEAD:
        return _(CLOCK_AHEAD).format(**shown)
    return None
