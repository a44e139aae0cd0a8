"""The reports screen: choose a period, preview the ITRS report, save PDF/Excel/CSV, close a month."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...errors import CsdError
from ...i18n import N_, _
from ...reports import documents
from ...services import clock, figures
from ...services.figures import MONTHS_AR, Measures, Period
from ...services.month_close import LockInfo, ReportData
from ...services.users import Actor
from .. import dialogs, workers
from ..cases.shortcuts import screen_shortcut
from ..widgets.form_fields import date_field
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

log = logging.getLogger(__name__)

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
# (key, caption): the headline figures shown beside the buttons once a report has been built.
HEADLINES = (
    ("received", N_("الطلبات المستلمة")),
    ("closed", N_("الطلبات المغلقة")),
    ("open_at_end", N_("المفتوحة في نهاية الفترة")),
    ("overdue_at_end", N_("المتأخرة في نهاية الفترة")),
    ("within_sla_share", N_("نسبة الرد خلال المدة المحددة")),
    ("resolution_rate", N_("نسبة المعالجة")),
    ("satisfied_share", N_("نسبة الرضا")),
)
_STYLE = """
#reportsTitle { color: #17324d; font-size: 15pt; font-weight: bold; }
#reportsHint { color: #4a5a6a; }
#periodBar, #figuresPanel { background: #ffffff; border: 1px solid #d3dbe3; border-radius: 6px; }
#panelTitle { color: #17324d; font-size: 12pt; font-weight: bold; }
#figureCaption { color: #4a5a6a; }
#figureValue { color: #17324d; font-size: 13pt; font-weight: bold; }
#figureChange { color: #6b7b8b; font-size: 9pt; }
#reportStatus { color: #17643f; font-weight: bold; }
QSpinBox { padding-right: 20px; }
QSpinBox::up-button, QSpinBox::down-button {
    subcontrol-origin: border; width: 18px; border-left: 1px solid #b8c3ce; background: #eef2f6;
}
QSpinBox::up-button { subcontrol-position: top right; border-top-right-radius: 4px; }
QSpinBox::down-button { subcontrol-position: bottom right; border-bottom-right-radius: 4px; }
QSpinBox::up-button:hover, QSpinBox::down-button:hover { background: #dde6ef; }
QSpinBox::up-arrow {
    image: url(:/qt-project.org/styles/commonstyle/images/arrow-up-16.png); width: 9px; height: 9px;
}
QSpinBox::down-arrow {
    image: url(:/qt-project.org/styles/commonstyle/images/arrow-down-16.png); width: 9px; height: 9px;
}
#lockNote { color: #7a4f00; background: #fff7e3; border: 1px solid #f0c060; border-radius: 4px; padding: 6px; }
"""


@dataclass(frozen=True)
class Built:
    """What a report job hands back to the UI thread."""

    data: ReportData
    pdf: bytes = b""
    path: str = ""
    lock: LockInfo | None = None


# ---- the work, on the worker (reports/documents.py, as `csd report` does it) --------------------


def build_pdf(db: Database, actor: Actor, period: Period) -> Built:
    report = documents.report(db, actor, period)
    return Built(report.data, report.pdf)


def save_pdf(db: Database, actor: Actor, period: Period, path: str) -> Built:
    report = documents.save_report(db, actor, period, pdf=Path(path))
    return Built(report.data, report.pdf, path)


def save_excel(db: Database, actor: Actor, period: Period, path: str) -> Built:
    report = documents.save_report(db, actor, period, xlsx=Path(path))
    return Built(report.data, path=path)


def save_csv(db: Database, actor: Actor, period: Period, path: str) -> int:
    return documents.save_case_csv(db, actor, period, Path(path))


def lock_month(db: Database, actor: Actor, period: Period) -> Built:
    """As `csd report lock` (one sequence: month_close.close_month); the clerk saves the PDF from
    the preview."""
    closed = documents.lock_month(db, actor, period)
    return Built(closed.data, closed.pdf, lock=closed.lock)


# ---- dialogs (replaced in tests and scripts) ---------------------------------------------------


def open_report_preview(parent: QWidget, title: str, file_name: str, pdf: bytes) -> QWidget:
    from ..widgets.pdf_preview import open_a4_preview  # QtPdf loads with the first document

    return open_a4_preview(parent, pdf, title=title, file_name=file_name, noun=_("التقرير"))


# ---- formatting -------------------------------------------------------------------------------


def _value(measures: Measures, key: str) -> str:
    value = getattr(measures, key)
    if value is None:
        return "—"
    if key in figures.PERCENT_MEASURES:
        return ISOLATE.format(f"{value:.1f}%")
    return ISOLATE.format(f"{value:,}")


def _change(now: Measures, before: Measures, key: str) -> str:
    new, old = getattr(now, key), getattr(before, key)
    if new is None or old is None:
        return ""
    if key in figures.PERCENT_MEASURES:
        diff = f"{new - old:+.1f}"
        return _("الفترة السابقة: {old} ({diff} نقطة)").format(
            old=ISOLATE.format(f"{old:.1f}%"), diff=ISOLATE.format(diff)
        )
    if not old:
        return _("الفترة السابقة: {old}").format(old=ISOLATE.format(f"{old:,}"))
    diff = f"{100.0 * (new - old) / old:+.0f}%"
    return _("الفترة السابقة: {old} ({diff})").format(
        old=ISOLATE.format(f"{old:,}"), diff=ISOLATE.format(diff)
    )


def period_label(period: Period) -> str:
    """The service's label, with a custom period's dates kept in their order inside Arabic."""
    if period.kind != CUSTOM:
        return period.label
    return _("من {start} إلى {end}").format(
        start=ISOLATE.format(period.start.isoformat()), end=ISOLATE.format(period.last_day.isoformat())
    )


def _file_key(period: Period) -> str:
    kind = period.kind
    if kind == MONTHLY:
        return f"{period.start:%Y-%m}"
    if kind == QUARTERLY:
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if kind == YEARLY:
        return str(period.start.year)
    return f"{period.start:%Y-%m-%d}_{period.last_day:%Y-%m-%d}"


class ReportsScreen(QWidget):
    """`ReportsScreen(db, actor)`: a manager's reports; every build runs on the worker."""

    report_built = Signal(object)  # the ReportData just computed (preview, save or lock)
    month_locked = Signal(str)  # YYYY-MM

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        self.setStyleSheet(_STYLE)
        self._db = db
        self._actor = actor
        self._busy = False
        self.data: ReportData | None = None
        # Injectable so tests and scripts never block on a modal box, a file dialog or the preview.
        self.confirm: Callable[[str, str], bool] = lambda title, text: dialogs.ask(self, title, text)
        self.ask_save_path: Callable[[str, str, str], str] = lambda title, name, pattern: dialogs.save_path(
            self, title, name, pattern
        )
        self.preview_factory: Callable[[str, str, bytes], Any] = lambda title, name, pdf: open_report_preview(
            self, title, name, pdf
        )

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(10)
        title = QLabel(_("التقارير"), self)
        title.setObjectName("reportsTitle")
        hint = QLabel(
            _(
                "اختر نوع التقرير وفترته، ثم اعرضه أو احفظه. تقرير الشهر المقفل يُطبع كما أُقفل؛ "
                "التعديلات اللاحقة تظهر في تقرير الشهر التالي."
            ),
            self,
        )
        hint.setObjectName("reportsHint")
        hint.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(hint)
        outer.addWidget(self._build_period_bar())
        outer.addWidget(self._build_figures(), 1)
        self._wire()
        self._kind_changed()

    # ---- building ---------------------------------------------------------------------------

    def _build_period_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("periodBar")
        column = QVBoxLayout(bar)
        column.setContentsMargins(12, 10, 12, 10)
        row = QHBoxLayout()
        kind_label = QLabel(_("نوع التقرير:"), bar)
        self.kind = QComboBox(bar)
        for code, label in KINDS:
            self.kind.addItem(_(label), code)
        kind_label.setBuddy(self.kind)
        period_label = QLabel(_("الفترة:"), bar)
        self.period_pages = QStackedWidget(bar)
        self.period_pages.addWidget(self._month_page())
        self.period_pages.addWidget(self._quarter_page())
        self.period_pages.addWidget(self._year_page())
        self.period_pages.addWidget(self._custom_page())
        period_label.setBuddy(self.period_pages)
        self.period_text = QLabel(bar)
        self.period_text.setObjectName("figureCaption")
        row.addWidget(kind_label)
        row.addWidget(self.kind)
        row.addSpacing(16)
        row.addWidget(period_label)
        row.addWidget(self.period_pages)
        row.addSpacing(12)
        row.addWidget(self.period_text, 1)
        column.addLayout(row)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("معاينة  (Ctrl+P)"), bar)
        self.preview_button.setObjectName("primaryButton")
        self.preview_button.setAutoDefault(True)
        self.pdf_button = QPushButton(_("حفظ PDF…"), bar)
        self.excel_button = QPushButton(_("حفظ Excel…"), bar)
        self.csv_button = QPushButton(_("تصدير CSV…"), bar)
        self.lock_button = QPushButton(_("إقفال الشهر…"), bar)
        self.lock_button.setVisible(self._actor.role in (Role.MANAGER, Role.ADMIN))
        for button in self._buttons():
            button.setMinimumHeight(38)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return bar

    def _month_page(self) -> QWidget:
        page, row = self._page()
        last = date(clock.today().year, clock.today().month, 1) - timedelta(days=1)
        self.month = QComboBox(page)
        for number, name in enumerate(MONTHS_AR, start=1):
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
        self.date_from = self._date_box(page, date(today.year, today.month, 1))
        self.date_to = self._date_box(page, today)
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

    def _date_box(self, parent: QWidget, day: date) -> QDateEdit:
        return date_field(parent, day)

    def _build_figures(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("figuresPanel")
        column = QVBoxLayout(panel)
        column.setContentsMargins(16, 12, 16, 12)
        self.figures_title = QLabel(_("أرقام الفترة"), panel)
        self.figures_title.setObjectName("panelTitle")
        self.figures_hint = QLabel(_("تظهر الأرقام هنا بعد معاينة التقرير أو حفظه."), panel)
        self.figures_hint.setObjectName("figureCaption")
        column.addWidget(self.figures_title)
        column.addWidget(self.figures_hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self.changes: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(HEADLINES):
            name = QLabel(_(caption), panel)
            name.setObjectName("figureCaption")
            value = QLabel("—", panel)
            value.setObjectName("figureValue")
            change = QLabel(panel)
            change.setObjectName("figureChange")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(change, row, 2)
            self.values[key], self.changes[key] = value, change
        grid.setColumnStretch(3, 1)
        column.addLayout(grid)
        self.lock_note = QLabel(panel)
        self.lock_note.setObjectName("lockNote")
        self.lock_note.setWordWrap(True)
        self.lock_note.hide()
        column.addWidget(self.lock_note)
        column.addStretch(1)
        self.status = QLabel(panel)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)
        return panel

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.preview_button, self.pdf_button, self.excel_button, self.csv_button, self.lock_button)

    def _wire(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for box in (self.month, self.quarter):
            box.currentIndexChanged.connect(self._period_changed)
        for spin in (self.month_year, self.quarter_year, self.year):
            spin.valueChanged.connect(self._period_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._period_changed)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.excel_button.clicked.connect(self.save_excel)
        self.csv_button.clicked.connect(self.export_csv)
        self.lock_button.clicked.connect(self.lock_month)
        screen_shortcut(self, "Ctrl+P", self.preview)
        screen_shortcut(self, "Ctrl+S", self.save_pdf)
        screen_shortcut(self, "Ctrl+E", self.save_excel)

    # ---- the period -------------------------------------------------------------------------

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

    def _kind_changed(self) -> None:
        self.period_pages.setCurrentIndex(max(0, self.kind.currentIndex()))
        self._period_changed()

    def _period_changed(self) -> None:
        self.lock_button.setEnabled(not self._busy and self.kind_code() == MONTHLY)
        try:
            period = self.period()
        except CsdError as exc:
            self.period_text.setText(exc.message)
            self._clear_figures()
            return
        self.period_text.setText(_("تقرير {label}").format(label=period_label(period)))
        if self.data is not None and self.data.figures.period != period:
            self._clear_figures()  # another period's figures beside this one's name would mislead

    # ---- actions ----------------------------------------------------------------------------

    def _chosen(self) -> Period | None:
        try:
            return self.period()
        except CsdError as exc:
            workers.show_error(self, exc)
            return None

    def _start(self, op: Callable[[], Any], success: Callable[[Any], None], label: str) -> None:
        self._set_busy(True)
        self.status.clear()

        def done(result: Any) -> None:
            self._set_busy(False)
            success(result)

        QueryOp(parent=self, op=op, success=done).failure(self._failed).with_progress(
            label
        ).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        workers.show_error(self, exc)  # a refusal in its Arabic words; anything else, one plain message

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self._buttons():
            button.setEnabled(not busy)
        self.lock_button.setEnabled(not busy and self.kind_code() == MONTHLY)

    def preview(self) -> None:
        period = self._chosen()
        if period is None or self._busy:
            return

        def show(built: Built) -> None:
            self._show(built.data)
            title = _("التقرير — {label}").format(label=period_label(built.data.figures.period))
            self.preview_factory(title, f"csd-report-{_file_key(period)}.pdf", built.pdf)

        self._start(lambda: build_pdf(self._db, self._actor, period), show, _("جارٍ إعداد التقرير…"))

    def save_pdf(self) -> None:
        self._save(_("حفظ التقرير بصيغة PDF"), "pdf", "PDF (*.pdf)", save_pdf)

    def save_excel(self) -> None:
        self._save(_("حفظ أرقام التقرير بصيغة Excel"), "xlsx", "Excel (*.xlsx)", save_excel)

    def _save(self, title: str, suffix: str, pattern: str, job: Callable[..., Built]) -> None:
        period = self._chosen()
        if period is None or self._busy:
            return
        path = self.ask_save_path(title, f"csd-report-{_file_key(period)}.{suffix}", pattern)
        if not path:
            return

        def saved(built: Built) -> None:
            self._show(built.data)
            self.status.setText(_("حُفظ الملف: {path}").format(path=ISOLATE.format(built.path)))

        self._start(lambda: job(self._db, self._actor, period, path), saved, _("جارٍ إعداد التقرير…"))

    def export_csv(self) -> None:
        period = self._chosen()
        if period is None or self._busy:
            return
        path = self.ask_save_path(
            _("تصدير طلبات الفترة بصيغة CSV"), f"csd-cases-{_file_key(period)}.csv", "CSV (*.csv)"
        )
        if not path:
            return

        def saved(rows: int) -> None:
            self.status.setText(
                _("صُدّر {rows} طلب إلى: {path}").format(
                    rows=ISOLATE.format(f"{rows:,}"), path=ISOLATE.format(path)
                )
            )

        self._start(lambda: save_csv(self._db, self._actor, period, path), saved, _("جارٍ تصدير الطلبات…"))

    def lock_month(self) -> None:
        period = self._chosen()
        if period is None or self._busy or self.kind_code() != MONTHLY:
            return
        question = _(
            "سيُقفل تقرير {label} نهائياً ويُحفظ كما هو ليُرسل إلى المكتب المركزي، وأي تغيير لاحق "
            "على طلبات هذا الشهر يُسجَّل تعديلاً في تقرير الشهر التالي. هل تريد الإقفال؟"
        ).format(label=period.label)
        if not self.confirm(_("إقفال الشهر"), question):
            return

        def locked(built: Built) -> None:
            self._show(built.data)
            lock = built.lock
            assert lock is not None
            self.status.setText(
                _("أُقفل شهر {month}. احفظ التقرير النهائي أو اطبعه من المعاينة.").format(
                    month=ISOLATE.format(lock.month)
                )
            )
            self.month_locked.emit(lock.month)
            title = _("التقرير النهائي — {label}").format(label=built.data.figures.period_label)
            self.preview_factory(title, f"csd-report-{lock.month}-final.pdf", built.pdf)

        self._start(lambda: lock_month(self._db, self._actor, period), locked, _("جارٍ إقفال الشهر…"))

    # ---- showing figures --------------------------------------------------------------------

    def _clear_figures(self) -> None:
        self.data = None
        self.figures_title.setText(_("أرقام الفترة"))
        self.figures_hint.setText(_("تظهر الأرقام هنا بعد معاينة التقرير أو حفظه."))
        for key, label in self.values.items():
            label.setText("—")
            self.changes[key].clear()
        self.lock_note.hide()
        self.status.clear()

    def _show(self, data: ReportData) -> None:
        self.data = data
        f = data.figures
        self.figures_title.setText(_("أرقام {label}").format(label=period_label(f.period)))
        self.figures_hint.setText(
            _("{office} — مقارنة بـ{previous}").format(
                office=f.office_name, previous=period_label(f.previous_period)
            )
        )
        for key, label in self.values.items():
            label.setText(_value(f.totals, key))
            self.changes[key].setText(_change(f.totals, f.previous, key))
        if data.lock is not None:
            self.lock_note.setText(
                _("هذا الشهر مقفل: أقفله {user} في {at}. يُطبع تقريره كما أُقفل.").format(
                    user=data.lock.locked_by,
                    at=ISOLATE.format(f"{clock.to_local(data.lock.locked_at):%Y-%m-%d %H:%M}"),
                )
            )
            self.lock_note.show()
        else:
            self.lock_note.hide()
        self.report_built.emit(data)
