"""The one clock services read, so tests can stand on a holiday or a deadline without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

# Iraq keeps UTC+3 all year (no daylight saving since 2008); a fixed offset needs no tz database.
IRAQ_TZ = timezone(timedelta(hours=3), "AST")

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Aware UTC time."""
    return _now()


def local_now() -> datetime:
    return now().astimezone(IRAQ_TZ)


def today() -> date:
    """Today's date in Iraq."""
    return local_now().date()


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the system clock."""
    global _now
    _now = source if source is not None else (lambda: datetime.now(UTC))


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(IRAQ_TZ)
