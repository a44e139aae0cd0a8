"""Performance indicators (seed 002): a figure, a frequency, a target and a unit, met or not."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import KpiDefinition
from ..domain.arabic import ascii_digits, clean_text
from ..errors import FormErrors, NotFound, ValidationError
from ..i18n import N_, _
from .audit import audit
from .figures import DIMENSION_LABELS, MEASURE_LABELS, Figures, Period, figure_value
from .users import Actor, Permission, require

FREQUENCIES: Mapping[str, tuple[str, int]] = {
    "monthly": (N_("شهري"), 1),
    "quarterly": (N_("ربع سنوي"), 3),
    "half_yearly": (N_("نصف سنوي"), 6),
    "yearly": (N_("سنوي"), 12),
}
UNITS: Mapping[str, str] = {
    "percent": N_("نسبة مئوية"),
    "days": N_("يوم"),
    "count": N_("عدد"),
    "score": N_("درجة من 5"),
}


@dataclass(frozen=True)
class Kpi:
    id: UUID
    code: str
    name: str
    figure: str
    frequency: str
    target: float
    unit: str
    higher_is_better: bool
    active: bool

    @property
    def frequency_label(self) -> str:
        return _(FREQUENCIES[self.frequency][0])

    @property
    def unit_label(self) -> str:
        return _(UNITS[self.unit])


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    actual: float | None  # None: nothing to measure in the period (e.g. no complaint was due)
    met: bool | None


def _kpi(row: KpiDefinition) -> Kpi:
    return Kpi(
        row.id,
        row.code,
        row.name_ar,
        row.figure,
        row.frequency,
        row.target,
        row.unit,
        row.higher_is_better,
        row.active,
    )


def kpi_list(s: Session, *, active_only: bool = False) -> list[Kpi]:
    query = select(KpiDefinition).order_by(KpiDefinition.position, KpiDefinition.code)
    if active_only:
        query = query.where(KpiDefinition.active)
    return [_kpi(row) for row in s.scalars(query)]


def list_kpis(db: Database, *, active_only: bool = False) -> list[Kpi]:
    with db.read() as s:
        return kpi_list(s, active_only=active_only)


def figure_choices() -> dict[str, str]:
    """The figures a KPI may measure, with their Arabic names: every measure of the totals, and every
    measure of one kind of request (the seed's "complaints answered within 3 days")."""
    from ..domain.enums import Kind

    choices = {key: _(label) for key, label in MEASURE_LABELS.items()}
    for kind in Kind:
        for key, label in MEASURE_LABELS.items():
            choices[f"kind.{kind.value}.{key}"] = f"{_(label)} — {kind.label}"
    return choices


def _check_figure(figure: str) -> str:
    parts = figure.split(".")
    known = parts[-1] in MEASURE_LABELS and (
        len(parts) == 1 or (len(parts) == 3 and parts[0] in DIMENSION_LABELS and parts[1])
    )
    if not known:
        raise ValidationError(N_("اختر المؤشر من قائمة الأرقام المتاحة."), field="figure")
    return figure


def _number(value: float | str, field: str, label: str) -> float:
    try:
        number = float(ascii_digits(clean_text(str(value))).replace("٫", ".").rstrip("%"))
    except ValueError:
        raise ValidationError(N_("{label} رقم (مثل 95)."), label=label, field=field) from None
    if not math.isfinite(number) or number < 0:
        raise ValidationError(N_("{label} رقم موجب."), label=label, field=field)
    return number


def update_kpi(
    db: Database,
    actor: Actor,
    code: str,
    *,
    name: str | None = None,
    figure: str | None = None,
    frequency: str | None = None,
    target: float | str | None = None,
    unit: str | None = None,
    higher_is_better: bool | None = None,
    active: bool | None = None,
) -> Kpi:
    """Change a KPI, or add it when the code is new (then every field is needed)."""
    require(actor, Permission.MANAGE_SETTINGS)
    checks: dict[str, tuple[object, Callable[[Any], object]]] = {
        "name_ar": (name, lambda v: clean_text(v) or _invalid(N_("اسم المؤشر مطلوب."), "name")),
        "figure": (figure, _check_figure),
        "frequency": (
            frequency,
            lambda v: v if v in FREQUENCIES else _invalid(N_("وتيرة القياس غير معروفة."), "frequency"),
        ),
        "target": (target, lambda v: _number(v, "target", _("الأداء المستهدف"))),
        "unit": (unit, lambda v: v if v in UNITS else _invalid(N_("وحدة القياس غير معروفة."), "unit")),
        "higher_is_better": (higher_is_better, bool),
        "active": (active, bool),
    }
    errors: list[ValidationError] = []
    values: dict[str, object] = {}
    for column, (value, valid) in checks.items():
        if value is None:
            continue
        try:
            values[column] = valid(value)
        except ValidationError as e:
            errors.append(e)
    if errors:
        raise FormErrors(errors)
    key = clean_text(code).lower()
    with db.write() as s:
        row = s.scalar(select(KpiDefinition).where(KpiDefinition.code == key))
        if row is None:
            missing = {"name_ar", "figure", "frequency", "target", "unit"} - values.keys()
            if missing or not key.replace("_", "").isalnum() or not key.isascii():
                raise NotFound(
                    N_("لا يوجد مؤشر بالرمز {code_}؛ ولإضافة مؤشر جديد أكمل جميع حقوله."), code_=code
                )
            count = len(s.scalars(select(KpiDefinition.id)).all())
            row = KpiDefinition(code=key, position=count + 1, higher_is_better=True, active=True)
            s.add(row)
        before = {k: getattr(row, k, None) for k in values}
        for k, v in values.items():
            setattr(row, k, v)
        s.flush()
        audit(s, actor.id, "kpi_updated", row.id, code=key, before=before, after=values)
        return _kpi(row)


def _invalid(message: str, field: str) -> str:
    raise ValidationError(message, field=field)


def applies(kpi: Kpi, period: Period) -> bool:
    """A KPI is measured on reports at least as long as its frequency (a quarterly KPI appears on the
    quarterly and yearly reports, not the monthly ones); custom periods count their whole months."""
    months = period.months or max(1, round((period.end - period.start).days / 30.4))
    return FREQUENCIES[kpi.frequency][1] <= months


def evaluate(kpi: Kpi, figures: Figures) -> KpiResult:
    actual = figure_value(figures, kpi.figure)
    if actual is None:
        return KpiResult(kpi, None, None)
    met = actual >= kpi.target if kpi.higher_is_better else actual <= kpi.target
    return KpiResult(kpi, actual, met)


def evaluate_all(s: Session, figures: Figures) -> tuple[KpiResult, ...]:
    """The active KPIs that apply to the figures' period, each against its target."""
    return tuple(evaluate(k, figures) for k in kpi_list(s, active_only=True) if applies(k, figures.period))
