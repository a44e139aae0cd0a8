"""The central office's reports: the station's figures and monthly PDF (services/figures,
reports/documents.py) for one office, a governorate's offices or the whole country."""

from __future__ import annotations

from sqlalchemy import select

from ..db.models import Governorate, Office
from ..domain.arabic import clean_text
from ..errors import ValidationError
from ..i18n import N_, _
from ..services import clock
from ..services.figures import Period, Scope, compute
from ..services.kpis import evaluate_all
from ..services.month_close import ReportData
from .store import Store


def scope_for(store: Store, *, office: str | None = None, governorate: str | None = None) -> Scope:
    """The scope named by an office's code or a governorate's code; neither: the whole country."""
    if office and governorate:
        raise ValidationError(N_("اختر مكتباً أو محافظة، لا الاثنين معاً."), field="office")
    with store.read() as s:
        if office:
            office_id = s.scalar(select(Office.id).where(Office.code == clean_text(office).upper()))
            if office_id is None:
                raise ValidationError(N_("لا يوجد مكتب مسجّل بالرمز {value}."), field="office", value=office)
            return Scope(office_id=office_id)
        if governorate:
            gov_id = s.scalar(
                select(Governorate.id).where(Governorate.code == clean_text(governorate).upper())
            )
            if gov_id is None:
                raise ValidationError(
                    N_("لا توجد محافظة بالرمز {value}."), field="governorate", value=governorate
                )
            return Scope(governorate_id=gov_id)
    return Scope()


def report_data(store: Store, scope: Scope, period: Period) -> ReportData:
    """What the monthly report prints, for the scope: the figures and the KPIs (amendments belong to
    an office's own locked months, so the central's report lists none)."""
    figures = compute(store, scope, period)
    with store.read() as s:
        kpis = evaluate_all(s, figures)
    return ReportData(figures, kpis, (), _("المكتب المركزي"), clock.today(), False)


def report_pdf(store: Store, scope: Scope, period: Period) -> tuple[ReportData, bytes]:
    """The monthly report's PDF for the scope, from the station's renderer."""
    from ..reports.documents import report_pdf as render

    data = report_data(store, scope, period)
    return data, render(data)
