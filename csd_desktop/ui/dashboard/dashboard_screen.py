"""The home screen: today's intake, open, overdue and due cases, this month against last, a year's bars."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...domain.enums import Worklist
from ...i18n import _
from ...services import clock
from ..cases.shortcuts import screen_shortcut
from ..start.first_paint import FirstPaint
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.dashboard import DashboardFigures, MonthCount
    from ...services.database import Database

log = logging.getLogger(__name__)

ISOLATE = "\u2066{}\u2069"


def change_percent(now: int, before: int) -> str:
    """ "+12%" / "−5%"; a dash when there is nothing to compare with."""
    if not before:
        return "—"
    value = round(100.0 * (now - before) / before)
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{abs(value)}%"


class Tile(QFrame):
    """A big number with its caption; a clickable tile opens its worklist (click, Enter or Space)."""

    activated = Signal()

    def __init__(
        self, caption: str, tone: str, parent: QWidget | None = None, *, clickable: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashTile")
        self.setProperty("tone", tone)
        self.setProperty("clickable", clickable)
        self._clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(2)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("tileCaption")
        self.number = QLabel("…", self)
        self.number.setObjectName("tileNumber")
        self.note = QLabel(self)
        self.note.setObjectName("tileNote")
        self.note.setWordWrap(True)
        column.addWidget(self.caption)
        column.addWidget(self.number)
        column.addWidget(self.note)
        column.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, value: int, note: str = "") -> None:
        self.number.setText(ISOLATE.format(f"{value:,}"))
        self.note.setText(note)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)


class MonthBars(QWidget):
    """Received cases per month as bars; time runs as the window reads (right to left in Arabic, as in the
    printed report's trend)."""

    BAR = QColor("#3d6f9e")
    CURRENT = QColor("#9fbcd8")  # the month still running
    TEXT = QColor("#27323d")
    MUTED = QColor("#6b7b8b")
    RULE = QColor("#d3dbe3")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[MonthCount, ...] = ()
        self.bar_rects: list[QRectF] = []  # as last painted, oldest first (tests read them)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(600, 240)

    def set_points(self, points: tuple[MonthCount, ...]) -> None:
        self.points = points
        self.setAccessibleDescription(
            _("، ").join(
                f"{p.label} {p.year}: {p.received}" for p in points
            )  # a screen reader gets the numbers
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.bar_rects = []
        if not self.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        metrics = painter.fontMetrics()
        line = metrics.height()
        top, bottom = line + 6, self.height() - 2 * line - 8
        width = self.width()
        slot = width / len(self.points)
        highest = max((p.received for p in self.points), default=0) or 1
        painter.setPen(self.RULE)
        painter.drawLine(0, bottom, width, bottom)
        for i, point in enumerate(self.points):
            # Time runs as the window reads: in Arabic the oldest (slot 0) is rightmost, in English leftmost.
            x = width - (i + 1) * slot if self.isRightToLeft() else i * slot
            height = (bottom - top) * point.received / highest
            bar = QRectF(x + slot * 0.18, bottom - height, slot * 0.64, height)
            self.bar_rects.append(bar)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.CURRENT if i == len(self.points) - 1 else self.BAR)
            painter.drawRoundedRect(bar, 2, 2)
            painter.setFont(font)
            painter.setPen(self.TEXT)
            painter.drawText(
                QRectF(x, bar.top() - line - 2, slot, line),
                Qt.AlignmentFlag.AlignCenter,
                f"{point.received:,}",
            )
            painter.setPen(self.MUTED)
            below = QRectF(x, bottom + 4, slot, line)
            painter.drawText(
                below,
                Qt.AlignmentFlag.AlignCenter,
                metrics.elidedText(point.label, Qt.TextElideMode.ElideRight, int(slot)),
            )
            if point.year:
                painter.drawText(below.translated(0, line), Qt.AlignmentFlag.AlignCenter, point.year)
        painter.end()


def _count_figures(db: Database) -> DashboardFigures:
    """On the worker: the figures' modules load there, after the home screen has painted."""
    from ...services.dashboard import count_figures

    return count_figures(db)


class DashboardScreen(QWidget):
    """`DashboardScreen(db)`: the home screen. Counts on the worker when shown and on `refresh()`."""

    open_worklist = Signal(str)  # a Worklist value: "overdue" or "due_today"
    refreshed = Signal(object)  # the DashboardFigures just shown

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        self._db = db
        self._running = False
        self._again = False
        self.figures: DashboardFigures | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(12)
        head = QHBoxLayout()
        title = QLabel(_("لوحة المتابعة"), self)
        title.setObjectName("dashTitle")
        self.updated = QLabel(self)
        self.updated.setObjectName("dashUpdated")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.updated)
        outer.addLayout(head)

        tiles = QGridLayout()
        tiles.setSpacing(12)
        self.intake_tile = Tile(_("طلبات اليوم"), "info", self)
        self.open_tile = Tile(_("الطلبات المفتوحة"), "info", self)
        self.overdue_tile = Tile(_("الطلبات المتأخرة"), "danger", self, clickable=True)
        self.due_today_tile = Tile(_("مستحقة اليوم"), "warning", self, clickable=True)
        self.due_week_tile = Tile(_("مستحقة هذا الأسبوع"), "warning", self, clickable=True)
        self.month_tile = Tile(_("طلبات هذا الشهر"), "good", self)
        row = (
            self.intake_tile,
            self.open_tile,
            self.overdue_tile,
            self.due_today_tile,
            self.due_week_tile,
            self.month_tile,
        )
        for column, tile in enumerate(row):
            tiles.addWidget(tile, 0, column)
        outer.addLayout(tiles)
        self.overdue_tile.activated.connect(lambda: self.open_worklist.emit(Worklist.OVERDUE.value))
        # There is no "this week" worklist: the nearest is today's, most urgent first.
        for tile in (self.due_today_tile, self.due_week_tile):
            tile.activated.connect(lambda: self.open_worklist.emit(Worklist.DUE_TODAY.value))

        panel = QFrame(self)
        panel.setObjectName("chartPanel")
        column_layout = QVBoxLayout(panel)
        column_layout.setContentsMargins(16, 12, 16, 12)
        chart_title = QLabel(_("الطلبات المستلمة في آخر اثني عشر شهراً"), panel)
        chart_title.setObjectName("panelTitle")
        self.chart = MonthBars(panel)
        column_layout.addWidget(chart_title)
        column_layout.addWidget(self.chart, 1)
        outer.addWidget(panel, 1)
        screen_shortcut(self, "F5", self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.figures is None and not self._running:
            # The home screen: the tiles paint first, then the counting (and its modules) starts.
            FirstPaint(self, self.refresh)
        else:
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Count again on the worker; a refresh asked meanwhile runs once more afterwards."""
        if self._running:
            self._again = True
            return
        self._running = True
        QueryOp(parent=self, op=lambda: _count_figures(self._db), success=self._show).failure(
            self._failed
        ).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        # The home screen must never greet anyone with a dialog: the numbers stay as they were.
        self._running = False
        log.error("dashboard counts failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.updated.setText(_("تعذّر تحديث الأرقام؛ اضغط F5 لإعادة المحاولة."))
        self._after()

    def _show(self, f: DashboardFigures) -> None:
        self._running = False
        self.figures = f
        self.intake_tile.set_value(f.intake_today, _("سُجّلت اليوم"))
        self.open_tile.set_value(f.open, _("لم تُغلق بعد"))
        self.overdue_tile.set_value(f.overdue, _("تجاوزت موعدها — اضغط لعرضها"))
        self.due_today_tile.set_value(f.due_today, _("يحلّ موعدها اليوم — اضغط لعرضها"))
        self.due_week_tile.set_value(f.due_week, _("خلال الأيام السبعة القادمة"))
        self.month_tile.set_value(
            f.this_month,
            _("الأيام نفسها من الشهر الماضي: {before} ({change})\nالشهر الماضي كاملاً: {whole}").format(
                before=ISOLATE.format(f"{f.last_month_to_date:,}"),
                change=ISOLATE.format(change_percent(f.this_month, f.last_month_to_date)),
                whole=ISOLATE.format(f"{f.last_month:,}"),
            ),
        )
        self.chart.set_points(f.months)
        self.updated.setText(
            _("آخر تحديث: {time}  (F5 للتحديث)").format(time=ISOLATE.format(f"{clock.local_now():%H:%M}"))
        )
        self.refreshed.emit(f)
        self._after()

    def _after(self) -> None:
        if self._again:
            self._again = False
            self.refresh()
