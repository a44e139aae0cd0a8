"""Which report: its kind (month, quarter, year, a custom period) and the period itself, and how a
period is named on screen and in a file name."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QStackedWidget, QWidget

from ...i18n import N_, _
from ...services import clock
from ...services.figures import MONTHS_AR, Period
from ..widgets.form_fields import date_field

MONTHLY, QUARTERLY, YEARLY, CUSTOM = "month", "quarter", "year", "custom"
KINDS = (
    (MONTHLY, N_("شهري")),
    (QUARTERLY, N_("فصلي (ربع سنوي)")),
    (YEARLY, N_("سنوي")),
    (CUSTOM, N_("فترة مخصصة")),
)
QUARTERS = (N_("الربع الأول"), N_("الربع الثاني"), N_("الربع الثالث"), N_("الربع الرابع"))
FIRST_YEAR = 2020
ISOLATE = "\u2066{}\u2069"  # a number, percent or date keeps its own order inside Arabic text


def period_label(period: Period) -> str:
    """The service's label, with a custom period's dates kept in their order inside Arabic."""
    if period.kind != CUSTOM:
        return period.label
    return _("من {start} إلى {end}").format(
        start=ISOLATE.format(period.start.isoformat()), end=ISOLATE.format(period.last_day.isoformat())
    )


def file_key(period: Period) -> str:
    kind = period.kind
    if kind == MONTHLY:
        return f"{period.start:%Y-%m}"
    if kind == QUARTERLY:
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if kind == YEARLY:
        return str(period.start.year)
    return f"{period.start:%Y-%m-%d}_{period.last_day:%Y-%m-%d}"


class PeriodChooser(QWidget):
    """The kind's box and, beside it, the boxes of that kind's period; `changed` on any change.
    Each kind starts on the last period that is over (last month, last quarter, last year)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        kind_label = QLabel(_("نوع التقرير:"), self)
        self.kind = QComboBox(self)
        for code, label in KINDS:
            self.kind.addItem(_(label), code)
        kind_label.setBuddy(self.kind)
        period_label = QLabel(_("الفترة:"), self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._month_page())
        self.pages.addWidget(self._quarter_page())
        self.pages.addWidget(self._year_page())
        self.pages.addWidget(self._custom_page())
        period_label.setBuddy(self.pages)
        row.addWidget(kind_label)
        row.addWidget(self.kind)
        row.addSpacing(16)
        row.addWidget(period_label)
        row.addWidget(self.pages)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for box in (self.month, self.quarter):
            box.currentIndexChanged.connect(self.changed)
        for spin in (self.month_year, self.quarter_year, self.year):
            spin.valueChanged.connect(self.changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)

    def _month_page(self) -> QWidget:
        page, row = self._page()
        last = date(clock.today().year, clock.today().month, 1) - timedelta(days=1)
        self.month = QComboBox(page)
        for number, name in enumerate(map(_, MONTHS_AR), start=1):
            self.month.addItem(f"{name} ({number})", number)
        self.month.setCurrentIndex(last.month - 1)
        self.month_year = self._year_box(page, last.year)
        row.addWidget(self.month)
        row.addWidget(self.month_year)
        return page

    def _quarter_page(self) -> QWidget:
        page, row = self._page()
        today = clock.today()
        previous = (today.month - 1) // 3 - 1  # the last quarter that is over
        self.quarter = QComboBox(page)
        for number, name in enumerate(QUARTERS, start=1):
            self.quarter.addItem(_(name), number)
        self.quarter.setCurrentIndex(previous % 4)
        self.quarter_year = self._year_box(page, today.year - (1 if previous < 0 else 0))
        row.addWidget(self.quarter)
        row.addWidget(self.quarter_year)
        return page

    def _year_page(self) -> QWidget:
        page, row = self._page()
        self.year = self._year_box(page, clock.today().year - 1)
        row.addWidget(self.year)
        return page

    def _custom_page(self) -> QWidget:
        page, row = self._page()
        today = clock.today()
        self.date_from = date_field(page, date(today.year, today.month, 1))
        self.date_to = date_field(page, today)
        to_label = QLabel(_("إلى"), page)
        from_label = QLabel(_("من"), page)
        from_label.setBuddy(self.date_from)
        to_label.setBuddy(self.date_to)
        row.addWidget(from_label)
        row.addWidget(self.date_from)
        row.addWidget(to_label)
        row.addWidget(self.date_to)
        return page

    def _page(self) -> tuple[QWidget, QHBoxLayout]:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        return page, row

    def _year_box(self, parent: QWidget, year: int) -> QSpinBox:
        box = QSpinBox(parent)
        box.setRange(FIRST_YEAR, clock.today().year)
        box.setValue(max(FIRST_YEAR, year))
        box.setGroupSeparatorShown(False)
        box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        box.setMinimumWidth(80)
        return box

    def _kind_changed(self) -> None:
        self.pages.setCurrentIndex(max(0, self.kind.currentIndex()))
        self.changed.emit()

    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def set_month(self, year: int, month: int) -> None:
        self.kind.setCurrentIndex(self.kind.findData(MONTHLY))
        self.month_year.setValue(year)
        self.month.setCurrentIndex(month - 1)

    def period(self) -> Period:
        """The chosen period; a custom one whose end is before its start is refused by Period."""
        kind = self.kind_code()
        if kind == MONTHLY:
            return Period.month(self.month_year.value(), int(self.month.currentData()))
        if kind == QUARTERLY:
            return Period.quarter(self.quarter_year.value(), int(self.quarter.currentData()))
        if kind == YEARLY:
            return Period.year(self.year.value())
        start = self.date_from.date().toPython()
        last = self.date_to.date().toPython()
        return Period(start, last + timedelta(days=1))
