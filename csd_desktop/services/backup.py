"""Backups: a checked copy of the live database, made on demand, at start and every few hours, kept by
a rotation (every backup of the last 24 hours, the newest of each of the last 14 days, and the newest
of each of the last 12 months)."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

from ..config import backups_dir
from ..db import snapshot
from ..db.engine import Database
from ..db.models import LocalSetting
from ..errors import DatabaseFault, DatabaseUnhealthy, ValidationError
from ..i18n import _
from . import clock
from .audit import audit
from .permissions import Permission, require
from .sign_in import Actor

log = logging.getLogger(__name__)

KEEP_ALL = timedelta(hours=24)
KEEP_DAYS = 14
KEEP_MONTHS = 12
_FOLDER_KEY = "backup.folder"
_HOURS_KEY = "backup.every_hours"
# csd-20261130T083015123Z.sqlite, or …Z-2.sqlite when two were made in the same millisecond.
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class BackupSettings:
    """Where backups go ("" = the backups folder beside the database) and how often the window makes
    one (0 = only at start)."""

    folder: str = ""
    every_hours: int = 4


@dataclass(frozen=True)
class BackupMade:
    path: Path
    size: int
    at: datetime
    removed: tuple[Path, ...]  # older backups the rotation let go


def read_settings(db: Database) -> BackupSettings:
    with db.read() as s:
        folder = s.get(LocalSetting, _FOLDER_KEY)
        hours = s.get(LocalSetting, _HOURS_KEY)
    defaults = BackupSettings()
    return BackupSettings(
        folder=folder.value if folder is not None else defaults.folder,
        every_hours=int(hours.value) if hours is not None and hours.value.isdigit() else defaults.every_hours,
    )


def save_settings(db: Database, settings: BackupSettings) -> None:
    if not 0 <= settings.every_hours <= 24 * 7:
        raise ValidationError(
            _("عدد الساعات بين النسخ الاحتياطية يجب أن يكون بين 0 و168."), field="every_hours"
        )
    with db.write() as s:
        s.merge(LocalSetting(key=_FOLDER_KEY, value=settings.folder.strip()))
        s.merge(LocalSetting(key=_HOURS_KEY, value=str(settings.every_hours)))


def folder_for(db_path: Path, settings: BackupSettings) -> Path:
    return Path(settings.folder) if settings.folder else backups_dir(db_path)


def folder_of(db_path: Path) -> Path:
    """The backups folder, read straight from the file: it works (falling back to the default) when
    the database is too damaged to open through the usual door."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM local_settings WHERE key = ?", (_FOLDER_KEY,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        row = None
    return folder_for(db_path, BackupSettings(folder=str(row[0]) if row else ""))


def backup_name(stem: str, moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{stem}-{utc.strftime(_STAMP)}{utc.microsecond // 1000:03d}Z.sqlite"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}T\d{{9}})Z(?:-\d+)?\.sqlite$")


def list_backups(folder: Path, stem: str) -> list[tuple[datetime, Path]]:
    """This database's backups in `folder`, newest first (files named otherwise are not ours to touch)."""
    pattern = _pattern(stem)
    found: list[tuple[datetime, Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = pattern.match(path.name)
        if match is None or not path.is_file():
            continue
        stamp = match.group(1)
        moment = datetime.strptime(stamp[:15], _STAMP).replace(tzinfo=UTC)
        found.append((moment + timedelta(milliseconds=int(stamp[15:])), path))
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def backup_now(db: Database, actor: Actor, folder: Path | None = None) -> BackupMade:
    """A backup someone asked for (the window's button, `csd backup`): the administrator's work."""
    require(actor, Permission.BACKUP)
    return make_backup(db, folder, by=actor.id)


def make_backup(db: Database, folder: Path | None = None, *, by: UUID | None = None) -> BackupMade:
    """Copy the live database (other windows may be reading and saving), check the copy, rotate, and
    record it in the audit trail (`by`: the user who asked, None for the automatic one). A damaged
    source is not copied: saving is blocked and the error says to restore."""
    folder = folder or folder_for(db.path, read_settings(db))
    now = clock.now()
    try:
        path = snapshot.write_copy(db.path, folder / backup_name(db.path.stem, now))
    except snapshot.CopyDamaged as e:
        db.mark_unhealthy(e.detail, check="integrity_check")
        raise DatabaseUnhealthy(
            _(
                "فحص السلامة أظهر خللاً في قاعدة البيانات، فلم تُؤخذ نسخة احتياطية وأُوقف الحفظ. "
                "استعد آخر نسخة احتياطية سليمة (csd restore)، ثم شغّل csd check."
            )
        ) from None
    log.info("backup written to %s", path)
    removed = rotate(folder, db.path.stem, now)
    made = BackupMade(path, path.stat().st_size, now, tuple(removed))
    try:
        with db.write() as s:
            audit(s, by, "backup_made", None, file=str(path), bytes=made.size, removed=len(removed))
    except DatabaseFault:
        # A read-only or busy file still deserves its copy: the copy stands, the log says why unrecorded.
        log.warning("backup %s made but not recorded in the audit trail", path, exc_info=True)
    return made


def keep(moments: list[datetime], now: datetime) -> set[datetime]:
    """Which backups the rotation keeps: all of the last 24 hours (the window makes one every few
    hours), the newest of each of the last KEEP_DAYS days and of each of the last KEEP_MONTHS months
    (days and months as the office counts them, in Iraq's time)."""
    today = clock.to_local(now).date()
    first_day = today - timedelta(days=KEEP_DAYS - 1)
    first_month = _month_index(today) - (KEEP_MONTHS - 1)
    newest_of_day: dict[date, datetime] = {}
    newest_of_month: dict[int, datetime] = {}
    for moment in moments:
        day = clock.to_local(moment).date()
        if first_day <= day <= today:
            newest_of_day[day] = max(moment, newest_of_day.get(day, moment))
        if first_month <= _month_index(day) <= _month_index(today):
            month = _month_index(day)
            newest_of_month[month] = max(moment, newest_of_month.get(month, moment))
    # Newer than `now` only when the clock was set back: keep them, they are the freshest data.
    recent = {m for m in moments if m > now - KEEP_ALL}
    return set(newest_of_day.values()) | set(newest_of_month.values()) | recent


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def rotate(folder: Path, stem: str, now: datetime) -> list[Path]:
    """Remove the backups the rotation does not keep; returns them."""
    backups = list_backups(folder, stem)
    kept = keep([moment for moment, _path in backups], now)
    removed: list[Path] = []
    for moment, path in backups:
        if moment in kept:
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            log.warning("could not remove the old backup %s", path, exc_info=True)
    return removed


def backup_due(db: Database, settings: BackupSettings) -> bool:
    """True when the newest backup in the folder is older than the interval (or there is none)."""
    backups = list_backups(folder_for(db.path, settings), db.path.stem)
    if not backups:
        return True
    hours = settings.every_hours or 24
    return clock.now() - backups[0][0] >= timedelta(hours=hours)
