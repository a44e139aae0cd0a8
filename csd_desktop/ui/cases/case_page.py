"""The case page: the citizen, the request, the deadlines, the timeline, attachments and every action."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EventType
from ...i18n import N_, _
from ...reports.documents import LETTERS
from ...services import attachments, cases, followup, letters
from ...services.cases import CaseDetail
from ...services.permissions import why_not
from ...services.users import Actor
from .. import dialogs
from ..reference_lists import ReferenceLists
from ..widgets.form_fields import repolish
from ..workers import QueryOp
from .action_dialogs import ActionDialog, open_action_dialog
from .case_sections import CaseHeader, CaseInfo
from .letter_preview import LETTER_TITLES, REFERRAL, REMINDER, STATUS, PreviewFactory, open_letter_preview
from .letter_preview import print_letter as build_letter
from .shortcuts import screen_shortcut
from .timeline import TimelineModel, ltr, moment_text, timeline_view

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

# The buttons, three rows of four, in the order a case usually goes; the shortcut for the main ones.
ACTIONS: tuple[tuple[EventType, str, str], ...] = (
    (EventType.REFERRED, N_("إحالة"), "Ctrl+R"),
    (EventType.REPLY_RECEIVED, N_("تسجيل رد الجهة"), "Ctrl+E"),
    (EventType.CITIZEN_INFORMED, N_("إبلاغ المواطن"), "Ctrl+I"),
    (EventType.CLOSED, N_("إغلاق"), "Ctrl+L"),
    (EventType.NOTE, N_("ملاحظة"), "Ctrl+M"),
    (EventType.CALL, N_("اتصال"), ""),
    (EventType.REASSIGNED, N_("إسناد"), ""),
    (EventType.ESCALATED, N_("تصعيد"), ""),
    (EventType.WAITING_ON_CITIZEN, N_("إيقاف بانتظار المواطن"), ""),
    (EventType.CITIZEN_RETURNED, N_("عودة المواطن"), ""),
    (EventType.REOPENED, N_("إعادة فتح"), ""),
    (EventType.CORRECTION, N_("تصحيح"), ""),
)
SHORTCUTS = {event: keys for event, _label, keys in ACTIONS if keys}


def _choose_file(parent: QWidget) -> str:
    return dialogs.open_path(
        parent,
        _("اختر ملفاً لإرفاقه"),
        _("صور ومستندات (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.doc *.docx *.xls *.xlsx *.txt)"),
    )


def _open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class CasePage(QWidget):
    loaded = Signal(str)  # reference, each time the case is (re)read
    changed = Signal(str)  # a step or an attachment was saved on this case
    back_requested = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        lists: ReferenceLists | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("casePage")
        self._db = db
        self._actor = actor
        self._lists = lists  # the referral dialog's entities
        self.case: CaseDetail | None = None
        self.dialog: ActionDialog | None = None  # the last one opened
        self.preview: Any = None  # the last letter shown
        # Injectable so tests and scripts never block on a native dialog or launch another program.
        self.choose_file: Callable[[QWidget], str] = _choose_file
        self.open_file: Callable[[Path], None] = _open_file
        self.letter_preview: PreviewFactory = open_letter_preview

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        self.header = CaseHeader(self)
        self.back_button = QPushButton(_("رجوع  (Esc)"), self.header)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.refresh_button = QPushButton(_("تحديث  (F5)"), self.header)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.header.top.addWidget(self.refresh_button)
        self.header.top.addWidget(self.back_button)
        outer.addWidget(self.header)

        body = QHBoxLayout()
        body.setSpacing(12)
        info_scroll = QScrollArea(self)
        info_scroll.setWidgetResizable(True)
        info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        info_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.info = CaseInfo(info_scroll)
        info_scroll.setWidget(self.info)
        info_scroll.setFixedWidth(370)
        body.addWidget(info_scroll)
        body.addLayout(self._build_history(), 1)
        outer.addLayout(body, 1)
        outer.addWidget(self._build_actions())
        self._wire()

    # ---- building ---------------------------------------------------------------------------

    def _build_history(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(8)
        self.timeline_box = QGroupBox(_("سجل الطلب"), self)
        box = QVBoxLayout(self.timeline_box)
        box.setContentsMargins(8, 12, 8, 8)
        self.timeline = TimelineModel(self)
        self.timeline_view = timeline_view(self.timeline, self.timeline_box)
        box.addWidget(self.timeline_view)
        column.addWidget(self.timeline_box, 1)

        self.attachments_box = QGroupBox(_("المرفقات"), self)
        row = QHBoxLayout(self.attachments_box)
        row.setContentsMargins(8, 12, 8, 8)
        self.attachment_list = QListWidget(self.attachments_box)
        self.attachment_list.setObjectName("attachmentList")
        self.attachment_list.setMaximumHeight(64)
        buttons = QVBoxLayout()
        self.open_attachment_button = QPushButton(_("فتح"), self.attachments_box)
        self.add_attachment_button = QPushButton(_("إضافة مرفق…"), self.attachments_box)
        for button in (self.open_attachment_button, self.add_attachment_button):
            button.setObjectName("actionButton")
        buttons.addWidget(self.open_attachment_button)
        buttons.addWidget(self.add_attachment_button)
        buttons.addStretch(1)
        row.addWidget(self.attachment_list, 1)
        row.addLayout(buttons)
        column.addWidget(self.attachments_box)
        return column

    def _build_actions(self) -> QFrame:
        """Two rows under the history: the follow-up steps in their usual order, then the letters."""
        bar = QFrame(self)
        bar.setObjectName("actionBar")
        column = QVBoxLayout(bar)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        steps = QHBoxLayout()
        steps.setSpacing(6)
        caption = QLabel(_("الإجراءات:"), bar)
        caption.setObjectName("barCaption")
        steps.addWidget(caption)
        self.action_buttons: dict[EventType, QPushButton] = {}
        for event, label, _keys in ACTIONS:
            button = QPushButton(_(label), bar)
            button.setObjectName("actionButton")
            button.setMinimumHeight(30)
            button.clicked.connect(lambda _checked=False, e=event: self.start_action(e))
            steps.addWidget(button)
            self.action_buttons[event] = button
        steps.addStretch(1)
        column.addLayout(steps)

        letters = QHBoxLayout()
        letters.setSpacing(6)
        caption = QLabel(_("الكتب الرسمية:"), bar)
        caption.setObjectName("barCaption")
        letters.addWidget(caption)
        self.letter_buttons: dict[str, QPushButton] = {}
        for kind in (REFERRAL, REMINDER, STATUS):
            text = _(LETTER_TITLES[kind])
            button = QPushButton(f"{text}  (Ctrl+P)" if kind == STATUS else text, bar)
            button.setObjectName("actionButton")
            button.setMinimumHeight(30)
            button.clicked.connect(lambda _checked=False, k=kind: self.print_letter(k))
            letters.addWidget(button)
            self.letter_buttons[kind] = button
        keys = "   ".join(f"{_(label)} \u2066{shortcut}\u2069" for _e, label, shortcut in ACTIONS if shortcut)
        self._shortcut_text = _("مفاتيح سريعة: {keys}").format(keys=keys)
        self.notice = QLabel(self._shortcut_text, bar)
        self.notice.setObjectName("shortcutHint")
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(6000)
        self._notice_timer.timeout.connect(self._quiet)
        letters.addWidget(self.notice, 1)
        column.addLayout(letters)
        return bar

    def _wire(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.refresh_button.clicked.connect(self.reload)
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.add_attachment_button.clicked.connect(self.add_attachment)
        self.attachment_list.itemActivated.connect(lambda _item: self.open_attachment())
        screen_shortcut(self, QKeySequence(Qt.Key.Key_Escape), self.back_requested.emit)
        screen_shortcut(self, QKeySequence(Qt.Key.Key_F5), self.reload)
        screen_shortcut(self, QKeySequence.StandardKey.Print, lambda: self.print_letter(STATUS))
        for event, keys in SHORTCUTS.items():
            screen_shortcut(self, keys, functools.partial(self._shortcut, event))

    # ---- reading the case -------------------------------------------------------------------

    def load(self, reference: str) -> None:
        QueryOp(
            parent=self, op=lambda: cases.case_detail(self._db, reference), success=self.show_case
        ).run_in_background()

    def reload(self) -> None:
        if self.case is not None:
            self.load(self.case.reference)

    def show_case(self, case: CaseDetail) -> None:
        self.case = case
        self.header.show_case(case)
        self.info.show_case(case)
        self.timeline.set_rows(case.events)
        self.timeline_box.setTitle(_("سجل الطلب — عدد الخطوات: {count}").format(count=len(case.events)))
        self.timeline_view.scrollToBottom()
        self.attachment_list.clear()
        for a in case.attachments:
            item = QListWidgetItem(
                f"\u2068{a.file_name}\u2069  —  {ltr(f'{a.size // 1024 + 1} KB')}  —  {ltr(moment_text(a.added_at))}"
            )
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.attachment_list.addItem(item)
        if not case.attachments:
            empty = QListWidgetItem(_("لا مرفقات لهذا الطلب."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.attachment_list.addItem(empty)
        self.open_attachment_button.setEnabled(bool(case.attachments))
        self._update_buttons(case)
        self.loaded.emit(case.reference)

    def _update_buttons(self, case: CaseDetail) -> None:
        """The services say what is allowed now; a refused button says why in its tooltip."""
        allowed = followup.allowed_steps(self._actor, case)
        for event, button in self.action_buttons.items():
            reason = allowed[event]
            button.setEnabled(reason is None)
            shortcut = SHORTCUTS.get(event, "")
            button.setToolTip(reason or (f"\u2066{shortcut}\u2069" if shortcut else ""))
        for kind, button in self.letter_buttons.items():
            reason = why_not(self._actor, LETTERS[kind].permission) or letters.letter_refusal(kind, case)
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")

    # ---- acting -----------------------------------------------------------------------------

    def _shortcut(self, event: EventType) -> None:
        button = self.action_buttons[event]
        if button.isEnabled():
            self.start_action(event)
        elif button.toolTip():  # a keyboard user cannot hover: say why the key did nothing
            self.say(button.toolTip())

    def say(self, message: str) -> None:
        """A refusal in the action bar for a few seconds, in place of the shortcut list."""
        self.notice.setText(message)
        self.notice.setProperty("refused", True)
        repolish(self.notice)
        self._notice_timer.start()

    def _quiet(self) -> None:
        self.notice.setText(self._shortcut_text)
        self.notice.setProperty("refused", False)
        repolish(self.notice)

    def start_action(self, event: EventType) -> ActionDialog | None:
        if self.case is None:
            return None
        dialog = open_action_dialog(event, self._db, self._actor, self.case, self, self._lists)
        dialog.saved.connect(self._step_saved)
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        return dialog

    def _dialog_finished(self, _result: int) -> None:
        self.dialog = None
        # Back on the page with the keyboard: Esc returns to the list, the shortcuts work again.
        self.window().activateWindow()
        self.timeline_view.setFocus()

    def _step_saved(self, reference: str) -> None:
        self.changed.emit(reference)
        self.load(reference)

    def print_letter(self, kind: str) -> None:
        if self.case is None or not self.letter_buttons[kind].isEnabled():
            return

        def shown(preview: object) -> None:
            self.preview = preview

        build_letter(self, self._db, self._actor, kind, self.case.reference, self.letter_preview, shown)

    # ---- attachments ------------------------------------------------------------------------

    def open_attachment(self) -> None:
        item = self.attachment_list.currentItem() or self.attachment_list.item(0)
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None or self.case is None:
            return
        chosen = item.data(Qt.ItemDataRole.UserRole)
        db = self._db
        copy_out = lambda: attachments.copy_for_opening(db, chosen)  # noqa: E731
        QueryOp(parent=self, op=copy_out, success=self.open_file).run_in_background()

    def add_attachment(self) -> None:
        if self.case is None:
            return
        path = self.choose_file(self)
        if not path:
            return
        reference = self.case.reference
        QueryOp(
            parent=self,
            op=lambda: attachments.add_attachment(self._db, self._actor, reference, Path(path)),
            success=lambda _id: self._step_saved(reference),
        ).with_progress(_("جارٍ إرفاق الملف…")).run_in_background()
