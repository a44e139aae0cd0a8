"""A migration before the window: a splash with its steps, a bar and the seconds passing, so a long one
(0004 took 15.7 s at 1M cases) shows the clerk the program is working, not hung."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ...i18n import _
from .waiting import Pending

T = TypeVar("T")

# What the migration calls, on the worker, after each step: progress(done, total, label).
Progress = Callable[[int, int, str], None]


class MigrationSplash(QWidget):
    """A small window of its own (on the task bar, no close button) until the database is ready."""

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Window | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint,
        )
        self.setObjectName("splash")
        self.setWindowTitle(_("شؤون المواطنين — تحديث قاعدة البيانات"))
        self._started = time.monotonic()
        title = QLabel(_("جارٍ تحديث قاعدة البيانات…"), self)
        title.setObjectName("dialogTitle")
        intro = QLabel(
            _(
                "يُحدَّث ملف البيانات ليناسب هذا الإصدار من البرنامج، بعد حفظ نسخة احتياطية منه. "
                "قد يستغرق ذلك دقيقة أو أكثر في المكاتب الكبيرة: لا تُغلق البرنامج ولا تُطفئ الحاسوب."
            ),
            self,
        )
        intro.setObjectName("dialogSubtitle")
        intro.setWordWrap(True)
        self.step = QLabel(_("جارٍ التحضير…"), self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first step is reported
        self.bar.setTextVisible(False)
        self.elapsed = QLabel(self)
        self.elapsed.setObjectName("emptyHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        for widget in (title, intro, self.step, self.bar, self.elapsed):
            layout.addWidget(widget)
        self.setFixedWidth(520)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()

    def show_step(self, done: int, total: int, label: str) -> None:
        """On the UI thread: step `done` of `total` finished; `label` says what is being done."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)  # a step that cannot be counted: the bar moves without a figure
        if label:
            self.step.setText(_(label))  # the migration marks its step names; they are read here
        elif total > 0:
            self.step.setText(_("الخطوة {done} من {total}").format(done=min(done + 1, total), total=total))

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.elapsed.setText(_("الوقت المنقضي: {seconds} ثانية").format(seconds=f"\u2066{seconds}\u2069"))


class _Steps(QObject):
    """Carries each step from the worker to the splash (a queued signal: the UI thread draws it)."""

    step = Signal(int, int, str)


def run_with_splash(work: Callable[[Progress], T]) -> T:
    """`work(progress)` on the database worker with the splash up; its answer, or its exception."""
    splash = MigrationSplash()
    steps = _Steps(splash)
    steps.step.connect(splash.show_step, Qt.ConnectionType.QueuedConnection)
    splash.show()
    try:
        return Pending(lambda: work(steps.step.emit)).wait()
    finally:
        splash.close()
        splash.deleteLater()
