"""What the report's figures come back as: measures, breakdowns, the trend, the overdue list, the case
list, and the Arabic labels of each (definitions in services/figures/__init__.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from ...errors import ValidationError
from ...i18n import N_
from .period import Period


def share(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


@dataclass(frozen=True)
class Measures:
    received: int = 0
    closed: int = 0
    resolved: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
    first_answers_due: int = 0
    answered_within_sla: int = 0
    first_answers: int = 0
    avg_days_to_first_answer: float | None = None
    median_days_to_first_answer: float | None = None
    avg_days_to_close: float | None = None
    median_days_to_close: float | None = None
    rated: int = 0
    avg_satisfaction: float | None = None
    satisfied: int = 0
    # Derived once here, so JSON, PDF and KPIs read the same numbers (percent, 0–100).
    resolution_rate: float | None = None
    within_sla_share: float | None = None
    satisfied_share: float | None = None
    overdue_share: float | None = None

    def with_rates(self) -> Measures:
        return replace(
            self,
            resolution_rate=share(self.resolved, self.closed),
            within_sla_share=share(self.answered_within_sla, self.first_answers_due),
            satisfied_share=share(self.satisfied, self.rated),
            overdue_share=share(self.overdue_at_end, self.open_at_end),
        )


MEASURE_LABELS: Mapping[str, str] = {
    "received": N_("الطلبات المستلمة"),
    "closed": N_("الطلبات المغلقة"),
    "resolved": N_("المغلقة بمعالجة الطلب"),
    "open_at_end": N_("المفتوحة في نهاية الفترة"),
    "overdue_at_end": N_("المتأخرة في نهاية الفترة"),
    "first_answers_due": N_("الطلبات المستحق الرد عليها"),
    "answered_within_sla": N_("المُجاب عنها خلال المدة المحددة"),
    "first_answers": N_("الطلبات المُجاب عنها لأول مرة"),
    "avg_days_to_first_answer": N_("متوسط أيام أول رد"),
    "median_days_to_first_answer": N_("وسيط أيام أول رد"),
    "avg_days_to_close": N_("متوسط أيام الإغلاق"),
    "median_days_to_close": N_("وسيط أيام الإغلاق"),
    "rated": N_("الطلبات المقيَّمة"),
    "avg_satisfaction": N_("متوسط درجة الرضا (من 5)"),
    "satisfied": N_("الراضون (4 أو 5)"),
    "resolution_rate": N_("نسبة المعالجة"),
    "within_sla_share": N_("نسبة الرد خلال المدة المحددة"),
    "satisfied_share": N_("نسبة الرضا"),
    "overdue_share": N_("نسبة المتأخرة من المفتوحة"),
}
PERCENT_MEASURES = frozenset({"resolution_rate", "within_sla_share", "satisfied_share", "overdue_share"})
DAY_MEASURES = frozenset(
    {"avg_days_to_first_answer", "median_days_to_first_answer", "avg_days_to_close", "median_days_to_close"}
)


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # code ("" when the case has none)
    label: str
    measures: Measures


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # kind, category, entity, district, channel, gender, priority
    label: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class Recurring:
    category: str
    category_label: str
    district: str
    district_label: str
    received: int
    open_at_end: int


@dataclass(frozen=True)
class TrendPoint:
    month: str  # YYYY-MM
    label: str
    received: int
    closed: int
    first_answers_due: int
    answered_within_sla: int
    within_sla_share: float | None


@dataclass(frozen=True)
class OverdueCase:
    reference: str
    registered_on: date
    kind: str
    category: str
    entity: str
    subject: str
    deadline: date
    days_late: int
    status_now: str


@dataclass(frozen=True)
class Figures:
    office_code: str
    office_name: str
    governorate: str
    period: Period
    period_label: str
    previous_period: Period
    previous_label: str
    computed_at: datetime
    totals: Measures
    previous: Measures
    breakdowns: tuple[Breakdown, ...]
    recurring: tuple[Recurring, ...]
    trend: tuple[TrendPoint, ...]
    overdue: tuple[OverdueCase, ...]  # the longest overdue first, at most OVERDUE_LIST_LIMIT

    def breakdown(self, dimension: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dimension == dimension)


DIMENSION_LABELS: Mapping[str, str] = {
    "kind": N_("نوع الطلب"),
    "category": N_("الفئة"),
    "entity": N_("الجهة المعنية"),
    "district": N_("القضاء"),
    "channel": N_("طريقة التقديم"),
    "gender": N_("الجنس"),
    "priority": N_("فئة الأولوية"),
}
NO_ENTITY = N_("لم يُحَل إلى جهة بعد")
NO_DISTRICT = N_("غير محدد")
NO_GENDER = N_("غير مذكور")
NO_PRIORITY = N_("دون فئة أولوية")


def figure_value(figures: Figures, key: str) -> float | None:
    """A number by key: a measure of the totals ("resolution_rate") or of one breakdown row
    ("kind.complaint.within_sla_share"). Unknown keys raise ValidationError."""
    parts = key.split(".")
    if len(parts) == 1:
        measures = figures.totals
    elif len(parts) == 3 and parts[0] in DIMENSION_LABELS:
        row = next((r for r in figures.breakdown(parts[0]).rows if r.key == parts[1]), None)
        measures = row.measures if row else Measures().with_rates()
    else:
        raise ValidationError(N_("مؤشر غير معروف: {key}"), key=key, field="figure")
    name = parts[-1]
    if name not in MEASURE_LABELS:
        raise ValidationError(N_("مؤشر غير معروف: {key}"), key=key, field="figure")
    value = getattr(measures, name)
    return None if value is None else float(value)


@dataclass(frozen=True)
class CaseLine:
    reference: str
    registered_at: datetime  # Iraqi time
    kind: str
    channel: str
    category: str
    entity: str
    district: str
    gender: str
    priority: str
    status: str
    due_first_answer: date
    first_answer_at: datetime | None
    answered_within_sla: bool | None
    closed_at: datetime | None
    satisfaction: int | None
    subject: str
