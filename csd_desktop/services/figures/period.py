"""The periods and scopes the report's figures are counted over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from ...domain.arabic import ascii_digits, clean_text
from ...errors import ValidationError
from ...i18n import N_, _
from .. import clock

MONTHS_AR = (
    N_("كانون الثاني"),
    N_("شباط"),
    N_("آذار"),
    N_("نيسان"),
    N_("أيار"),
    N_("حزيران"),
    N_("تموز"),
    N_("آب"),
    N_("أيلول"),
    N_("تشرين الأول"),
    N_("تشرين الثاني"),
    N_("كانون الأول"),
)
_QUARTERS_AR = (N_("الربع الأول"), N_("الربع الثاني"), N_("الربع الثالث"), N_("الربع الرابع"))


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Iraqi calendar days [start, end)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValidationError(N_("بداية الفترة يجب أن تسبق نهايتها."), field="period")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        return cls(first, add_months(first, 1))

    @classmethod
    def parse_month(cls, value: str) -> Period:
        """'2026-10' (Arabic digits accepted)."""
        raw = ascii_digits(clean_text(value))
        try:
            year, month = (int(part) for part in raw.split("-"))
            return cls.month(year, month)
        except ValueError:
            raise ValidationError(N_("اكتب الشهر بالشكل 2026-10."), field="month") from None

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, add_months(first, 3))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def months(self) -> int:
        """Whole calendar months covered, or 0 when the period does not start and end on a 1st."""
        if self.start.day != 1 or self.end.day != 1:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def kind(self) -> str:
        months = self.months
        if months == 1:
            return "month"
        if months == 3 and self.start.month % 3 == 1:
            return "quarter"
        if months == 12 and self.start.month == 1:
            return "year"
        return "custom"

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == "month":
            return f"{_(MONTHS_AR[self.start.month - 1])} {self.start.year}"
        if kind == "quarter":
            return _("{value} من سنة {year}").format(
                value=_(_QUARTERS_AR[(self.start.month - 1) // 3]), year=self.start.year
            )
        if kind == "year":
            return _("سنة {year}").format(year=self.start.year)
        return _("من {value} إلى {value2}").format(
            value=self.start.isoformat(), value2=self.last_day.isoformat()
        )

    @property
    def month_key(self) -> str | None:
        return f"{self.start:%Y-%m}" if self.kind == "month" else None

    def previous(self) -> Period:
        """The period of the same length just before: the previous month(s) for whole months, else
        the same number of days."""
        months = self.months
        if months:
            return Period(add_months(self.start, -months), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return _utc_midnight(self.start), _utc_midnight(self.end)


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), clock.IRAQ_TZ).astimezone(UTC)


@dataclass(frozen=True)
class Scope:
    """Whose cases: one office (today), a governorate's offices or the whole country (central)."""

    office_id: UUID | None = None
    governorate_id: UUID | None = None

    def predicate(self, alias: str = "c") -> str:
        if self.office_id is not None:
            return f"{alias}.office_id = :scope_id"
        if self.governorate_id is not None:
            return f"{alias}.office_id IN (SELECT id FROM offices WHERE governorate_id = :scope_id)"
        return "1 = 1"

    @property
    def id(self) -> UUID | None:
        return self.office_id or self.governorate_id
