"""The Sync screen: what is waiting and when the last sync succeeded, always in view; the bundle to a
removable drive, the central office's answer from one, or sync now with the server, with a progress
bar, off the UI thread (sync.desk does the work, the same as `csd sync`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _
from ...services import clock
from ...sync import desk, station
from .. import dialogs
from ..workers import QueryOp, message_for, show_error

if TYPE_CHECKING:
    from ...services.database import Database
    from ...services.setup import StationInfo
    from ...sync.transfer import SyncOutcome

PATTERN = N_("حزم المزامنة (*.csdsync)")


def _moment(stored: str) -> str:
    """A stored UTC moment as the office's clock shows it."""
    return clock.to_local(datetime.fromisoformat(stored)).strftime("%Y-%m-%d %H:%M")


class _Progress(QObject):
    """Carries the transfer's progress from the worker to the UI thread (a queued signal)."""

    moved = Signal(int, int, str)


class SyncScreen(QWidget):
    changed = Signal()  # cases or reference data arrived: the window's counts are stale

    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncScreen")
        self._db = db
        self._info = info
        self._busy = False
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self.transfer_options: dict[str, Any] = {}  # part size, attempts, backoff: tests shorten them
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(10)
        title = QLabel(_("المزامنة مع المكتب المركزي"), self)
        title.setObjectName("reportsTitle")
        outer.addWidget(title)
        outer.addWidget(self._build_status())
        outer.addWidget(self._build_drive())
        outer.addWidget(self._build_network())
        self.result = QLabel(self)
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.result)
        outer.addStretch(1)

    # ---- building ---------------------------------------------------------------------------

    def _panel(self, heading: str, hint: str) -> tuple[QFrame, QVBoxLayout]:
        panel = QFrame(self)
        panel.setObjectName("periodBar")
        column = QVBoxLayout(panel)
        column.setContentsMargins(12, 10, 12, 10)
        caption = QLabel(heading, panel)
        caption.setObjectName("panelTitle")
        note = QLabel(hint, panel)
        note.setObjectName("reportsHint")
        note.setWordWrap(True)
        column.addWidget(caption)
        column.addWidget(note)
        return panel, column

    def _build_status(self) -> QWidget:
        panel, column = self._panel(
            _("الحالة"), _("التغييرات تبقى على هذا الجهاز حتى يؤكد المكتب المركزي استلامها، فلا يضيع شيء.")
        )
        grid = QGridLayout()
        self.last_sync = QLabel("…", panel)
        self.waiting = QLabel("…", panel)
        self.delivered = QLabel("…", panel)
        rows = ((_("آخر مزامنة ناجحة:"), self.last_sync), (_("تغييرات تنتظر الإرسال:"), self.waiting))
        for row, (text, value) in enumerate(
            (*rows, (_("استلم المكتب المركزي حتى التغيير:"), self.delivered))
        ):
            value.setObjectName("figureValue")
            grid.addWidget(QLabel(text, panel), row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(2, 1)
        column.addLayout(grid)
        return panel

    def _build_drive(self) -> QWidget:
        panel, column = self._panel(
            _("بذاكرة USB"),
            _(
                "اكتب الحزمة إلى الذاكرة وسلّمها إلى المكتب المركزي، ثم اقرأ ملف الرد الذي يعود منه. "
                "الحزمة مشفرة: لا يُقرأ منها اسم ولا رقم إن ضاعت الذاكرة."
            ),
        )
        row = QHBoxLayout()
        self.write_button = QPushButton(_("كتابة الحزمة إلى ذاكرة…"), panel)
        self.read_button = QPushButton(_("قراءة ملف الرد…"), panel)
        for button in (self.write_button, self.read_button):
            button.setMinimumHeight(38)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.write_button.clicked.connect(self.write_bundle)
        self.read_button.clicked.connect(self.read_answer)
        return panel

    def _build_network(self) -> QWidget:
        panel, column = self._panel(
            _("عبر الشبكة"),
            _("تُرسل الحزمة أجزاءً ثم يُستلم الرد؛ إن انقطع الاتصال يُستأنف النقل من حيث توقف."),
        )
        row = QHBoxLayout()
        self.server = QLineEdit(panel)
        self.server.setPlaceholderText("https://sync.csd.example.iq")
        self.server.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # an address reads left to right
        self.server.setMinimumWidth(320)
        self.sync_button = QPushButton(_("المزامنة الآن"), panel)
        self.sync_button.setObjectName("primaryButton")
        self.sync_button.setMinimumHeight(38)
        row.addWidget(QLabel(_("الخادم:"), panel))
        row.addWidget(self.server, 1)
        row.addWidget(self.sync_button)
        column.addLayout(row)
        self.step = QLabel("", panel)
        self.step.setObjectName("figureCaption")
        self.bar = QProgressBar(panel)
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        column.addWidget(self.step)
        column.addWidget(self.bar)
        self.sync_button.clicked.connect(self.sync_now)
        self.server.returnPressed.connect(self.sync_now)
        return panel

    # ---- what is shown ----------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        db = self._db

        def read() -> tuple[station.SyncStatus, str]:
            return station.sync_status(db), desk.saved_server(db)

        QueryOp(parent=self, op=read, success=self._show_status).run_in_background()

    def _show_status(self, found: tuple[station.SyncStatus, str]) -> None:
        status, server = found
        if not status.enrolled:
            self.last_sync.setText(_("هذه المحطة غير مسجّلة لدى المكتب المركزي"))
        else:
            self.last_sync.setText(_moment(status.last_import) if status.last_import else _("لم تتم بعد"))
        self.waiting.setText(f"{status.waiting:,}")
        self.delivered.setText(f"{status.delivered:,}")
        for button in (self.write_button, self.read_button, self.sync_button):
            button.setEnabled(status.enrolled and not self._busy)
        if server and not self.server.text():
            self.server.setText(server)

    # ---- actions ----------------------------------------------------------------------------

    def write_bundle(self) -> None:
        name = f"{self._info.office_code}-{self._info.station_number:02d}-{date.today().isoformat()}.csdsync"
        path = dialogs.save_path(self, _("كتابة حزمة المزامنة"), name, _(PATTERN))
        if path:
            db = self._db
            self._run(lambda: desk.write_bundle(db, Path(path)), self._written)

    def _written(self, exported: station.Exported) -> None:
        self._say(_("كُتبت الحزمة: {n} تغيير. سلّمها إلى المكتب المركزي.").format(n=exported.changes))

    def read_answer(self) -> None:
        path = dialogs.open_path(self, _("قراءة ملف الرد من المكتب المركزي"), _(PATTERN))
        if path:
            db = self._db
            self._run(lambda: desk.read_answer(db, Path(path)), self._imported)

    def _imported(self, imported: station.Imported) -> None:
        self.changed.emit()
        self._say(
            _("قُرئ الرد: أضيف {n} سجل، واستلم المكتب المركزي حتى التغيير {mark}.").format(
                n=sum(imported.added.values()), mark=imported.delivered
            )
        )

    def sync_now(self) -> None:
        if self._busy:
            return
        db, server, progress, options = (
            self._db,
            self.server.text(),
            self._progress.moved.emit,
            self.transfer_options,
        )
        self.bar.setValue(0)
        self.step.setText(_("الاتصال بالخادم…"))
        # Beside the database worker: a slow link must not hold up a save at the front desk.
        self._run(lambda: desk.sync_with_server(db, server, progress, **options), self._synced, side=True)

    def _synced(self, outcome: SyncOutcome) -> None:
        self.changed.emit()
        self.bar.setValue(100)
        self._say(
            _("تمت المزامنة: أُرسل {sent:,} بايت واستُلم {received:,} بايت.").format(
                sent=outcome.pushed_bytes, received=outcome.pulled_bytes
            )
        )

    def _moved(self, done: int, total: int, step: str) -> None:
        self.step.setText(
            _("{step}: {done:,} من {total:,} بايت").format(step=_(step), done=done, total=total)
        )
        self.bar.setValue(int(100 * done / total) if total else 0)

    def _run(self, op: Any, success: Any, *, side: bool = False) -> None:
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            success(result)
            self.refresh()

        query = QueryOp(parent=self, op=op, success=done).failure(self._failed)
        (query.beside_database() if side else query).run_in_background()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.result.setObjectName("syncFailed")
        self.result.setText(message_for(error))
        self.result.style().polish(self.result)
        show_error(self, error)
        self.refresh()

    def _say(self, text: str) -> None:
        self.result.setObjectName("syncResult")
        self.result.setText(text)
        self.result.style().polish(self.result)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.write_button, self.read_button, self.sync_button):
            button.setEnabled(not busy)
