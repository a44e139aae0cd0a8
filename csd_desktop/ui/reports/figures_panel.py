"""The period's headline figures beside the report buttons, each with the previous period's, once a
report has been built; whether the month is locked; and what the last save wrote where."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ...i18n import N_, _
from ...services import clock, figures
from ...services.figures import Measures
from ...services.month_close import ReportData
from .period_chooser import ISOLATE, period_label

# (key, caption): the headline figures shown once a report has been built.
HEADLINES = (
    ("received", N_("الطلبات المستلمة")),
    ("closed", N_("الطلبات المغلقة")),
    ("open_at_end", N_("المفتوحة في نهاية الفترة")),
    ("overdue_at_end", N_("المتأخرة في نهاية الفترة")),
    ("within_sla_share", N_("نسبة الرد خلال المدة المحددة")),
    ("resolution_rate", N_("نسبة المعالجة")),
    ("satisfied_share", N_("نسبة الرضا")),
)
NO_FIGURES = N_("تظهر الأرقام هنا بعد معاينة التقرير أو حفظه.")


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


class FiguresPanel(QFrame):
    """`title`, `hint`, `values` and `changes` by HEADLINES key, `lock_note`, and `status` at the foot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figuresPanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        self.title = QLabel(_("أرقام الفترة"), self)
        self.title.setObjectName("panelTitle")
        self.hint = QLabel(_(NO_FIGURES), self)
        self.hint.setObjectName("figureCaption")
        column.addWidget(self.title)
        column.addWidget(self.hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self.changes: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(HEADLINES):
            name = QLabel(_(caption), self)
            name.setObjectName("figureCaption")
            value = QLabel("—", self)
            value.setObjectName("figureValue")
            change = QLabel(self)
            change.setObjectName("figureChange")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(change, row, 2)
            self.values[key], self.changes[key] = value, change
        grid.setColumnStretch(3, 1)
        column.addLayout(grid)
        self.lock_note = QLabel(self)
        self.lock_note.setObjectName("lockNote")
        self.lock_note.setWordWrap(True)
        self.lock_note.hide()
        column.addWidget(self.lock_note)
        column.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)

    def clear(self) -> None:
        self.title.setText(_("أرقام الفترة"))
        self.hint.setText(_(NO_FIGURES))
        for key, label in self.values.items():
            label.setText("—")
            self.changes[key].clear()
        self.lock_note.hide()
        self.status.clear()

    def show_report(self, data: ReportData) -> None:
        f = data.figures
        self.title.setText(_("أرقام {label}").format(label=period_label(f.period)))
        self.hint.setText(
            _("{office} — مقارنة بـ{previous}").format(
                office=f.office_name, previous=period_label(f.previous_period)
            )
        )
        for key, label in self.values.items():
            label.setText(_value(f.totals, key))
            self.changes[key].setText(_change(f.totals, f.previous, key))
        if data.lock is None:
            self.lock_note.hide()
            return
        self.lock_note.setText(
            _("هذا الشهر مقفل: أقفله {user} في {at}. يُطبع تقريره كما أُقفل.").format(
                user=data.lock.locked_by,
                at=ISOLATE.format(f"{clock.to_local(data.lock.locked_at):%Y-%m-%d %H:%M}"),
            )
        )
        self.lock_note.show()
