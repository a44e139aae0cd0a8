"""The reports screen: choose a period, preview the ITRS report, save PDF/Excel/CSV, close a month."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...errors import CsdError
from ...i18n import _
from ...reports import documents
from ...services.figures import Period
from ...services.month_close import LockInfo, ReportData
from ...services.users import Actor
from .. import dialogs, workers
from ..cases.shortcuts import screen_shortcut
from ..workers import QueryOp
from .figures_panel import FiguresPanel
from .period_chooser import ISOLATE, MONTHLY, PeriodChooser, file_key, period_label

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

log = logging.getLogger(__name__)


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


class ReportsScreen(QWidget):
    """`ReportsScreen(db, actor)`: a manager's reports; every build runs on the worker."""

    report_built = Signal(object)  # the ReportData just computed (preview, save or lock)
    month_locked = Signal(str)  # YYYY-MM

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
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
        self.figures = FiguresPanel(self)
        f = self.figures  # its labels, by the names tests and scripts use
        self.figures_title, self.figures_hint, self.values, self.changes = (
            f.title,
            f.hint,
            f.values,
            f.changes,
        )
        self.lock_note, self.status = f.lock_note, f.status
        outer.addWidget(self.figures, 1)
        self._wire()
        self._period_changed()

    # ---- building ---------------------------------------------------------------------------

    def _build_period_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("periodBar")
        column = QVBoxLayout(bar)
        column.setContentsMargins(12, 10, 12, 10)
        row = QHBoxLayout()
        self.chooser = PeriodChooser(bar)
        c = self.chooser  # its boxes, by the names tests and scripts use
        self.kind, self.period_pages = c.kind, c.pages
        self.month, self.month_year, self.quarter, self.quarter_year = (
            c.month,
            c.month_year,
            c.quarter,
            c.quarter_year,
        )
        self.year, self.date_from, self.date_to = c.year, c.date_from, c.date_to
        self.period_text = QLabel(bar)
        self.period_text.setObjectName("figureCaption")
        row.addWidget(self.chooser)
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

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.preview_button, self.pdf_button, self.excel_button, self.csv_button, self.lock_button)

    def _wire(self) -> None:
        self.chooser.changed.connect(self._period_changed)
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
        return self.chooser.kind_code()

    def set_month(self, year: int, month: int) -> None:
        self.chooser.set_month(year, month)

    def period(self) -> Period:
        """The chosen period; a custom one whose end is before its start is refused by Period."""
        return self.chooser.period()

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
            self.preview_factory(title, f"csd-report-{file_key(period)}.pdf", built.pdf)

        self._start(lambda: build_pdf(self._db, self._actor, period), show, _("جارٍ إعداد التقرير…"))

    def save_pdf(self) -> None:
        self._save(_("حفظ التقرير بصيغة PDF"), "pdf", "PDF (*.pdf)", save_pdf)

    def save_excel(self) -> None:
        self._save(_("حفظ أرقام التقرير بصيغة Excel"), "xlsx", "Excel (*.xlsx)", save_excel)

    def _save(self, title: str, suffix: str, pattern: str, job: Callable[..., Built]) -> None:
        period = self._chosen()
        if period is None or self._busy:
            return
        path = self.ask_save_path(title, f"csd-report-{file_key(period)}.{suffix}", pattern)
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
            _("تصدير طلبات الفترة بصيغة CSV"), f"csd-cases-{file_key(period)}.csv", "CSV (*.csv)"
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
            title = _("التقرير النهائي — {label}").format(label=period_label(built.data.figures.period))
            self.preview_factory(title, f"csd-report-{lock.month}-final.pdf", built.pdf)

        self._start(lambda: lock_month(self._db, self._actor, period), locked, _("جارٍ إقفال الشهر…"))

    # ---- showing figures --------------------------------------------------------------------

    def _clear_figures(self) -> None:
        self.data = None
        self.figures.clear()

    def _show(self, data: ReportData) -> None:
        self.data = data
        self.figures.show_report(data)
        self.report_built.emit(data)
