"""The follow-up desk: a citizen comes back asking what happened; one field finds the case, one key prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EventType, Status
from ...errors import ReferenceCheckMismatch
from ...i18n import N_, _
from ...services import cases, search
from ...services.cases import CaseBrief, CaseDetail
from ...services.clock import to_local
from .. import workers
from ..cases.letter_preview import STATUS, PreviewFactory, open_letter_preview, print_letter
from ..cases.shortcuts import screen_shortcut
from ..cases.timeline import TimelineModel, day_text, ltr, moment_text, timeline_view
from ..widgets.chips import SLA_COLORS, CaseChips
from ..widgets.form_fields import number_field
from ..widgets.lookup_bar import LookupBar
from ..widgets.reference_suggestions import ReferenceSuggestions
from ..workers import QueryOp

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database
    from ...services.sign_in import Actor

MAX_MATCHES = 20
_FOUND_BY = {
    "reference": N_("بالرقم المرجعي"),
    "phone": N_("برقم الهاتف"),
    "national_id": N_("برقم البطاقة الوطنية"),
}


def what_next(case: CaseDetail) -> str:
    """The sentence the officer reads out: what the citizen can expect, or how it ended."""
    if case.status is Status.CLOSED:
        closed = next((e for e in reversed(case.events) if e.type == EventType.CLOSED), None)
        summary = str(closed.data.get("summary") or "") if closed else ""
        when = ltr(day_text(to_local(closed.at).date())) if closed else ""
        return _("أُغلق في {day}. {summary}").format(day=when, summary=summary).strip()
    if case.status is Status.WAITING_ON_CITIZEN:
        paused = next((e for e in reversed(case.events) if e.type == EventType.WAITING_ON_CITIZEN), None)
        missing = str(paused.data.get("missing") or "") if paused else ""
        return _("المعالجة متوقفة حتى يجلب المواطن: {missing}").format(missing=missing)
    if case.due_on is None:
        return ""
    line = _("الموعد المتوقع للإجابة: {day}").format(day=ltr(day_text(case.due_on)))
    if case.sla == "overdue":
        line += _(" — تجاوز موعده والمكتب يتابعه بصورة عاجلة")
    if case.status is Status.AWAITING_REPLY and case.entity:
        line = _("أُحيل إلى {entity}، بانتظار ردها. {line}").format(entity=case.entity, line=line)
    return line


class DeskScreen(QWidget):
    open_case = Signal(str)
    found = Signal(int)  # how many cases matched the number typed
    case_shown = Signal(str)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskScreen")
        self._db, self._actor = db, actor
        self.case: CaseDetail | None = None
        self.preview: Any = None  # the last status letter shown
        self.letter_preview: PreviewFactory = open_letter_preview  # injectable for tests

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        outer.addWidget(self._build_lookup())
        self.suggestions = ReferenceSuggestions(self)
        outer.addWidget(self.suggestions)
        body = QHBoxLayout()
        body.setSpacing(12)
        matches = QGroupBox(_("طلبات المواطن"), self)
        column = QVBoxLayout(matches)
        column.setContentsMargins(8, 12, 8, 8)
        # A citizen has a handful of cases, not thousands: a short list of cards, newest first.
        self.match_list = QListWidget(matches)
        self.match_list.setObjectName("deskMatches")
        self.match_list.setWordWrap(True)
        self.match_list.setSpacing(3)
        self.match_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cases: list[CaseBrief] = []
        column.addWidget(self.match_list)
        matches.setFixedWidth(400)
        body.addWidget(matches)
        body.addWidget(self._build_detail(), 1)
        outer.addLayout(body, 1)
        self._wire()
        self._show_nothing()

    def _build_lookup(self) -> QWidget:
        self.lookup = number_field(self, "BGDGO-01-2026-000123-4  /  07XXXXXXXXX")
        self.lookup.setObjectName("deskLookup")
        self.lookup.setMinimumWidth(320)
        self.lookup.setClearButtonEnabled(True)
        caption = _("الرقم المرجعي أو هاتف المواطن أو رقم بطاقته:")
        bar = LookupBar(caption, self.lookup, _("بحث  (Enter)"), self)
        self.lookup_button, self.status_line = bar.button, bar.status
        return bar

    def _build_detail(self) -> QWidget:
        panel = QGroupBox(_("حالة الطلب"), self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(12, 14, 12, 10)
        column.setSpacing(6)
        top = QHBoxLayout()
        self.reference = QLabel(panel)
        self.reference.setObjectName("referenceNumber")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.citizen = QLabel(panel)
        self.citizen.setObjectName("deskCitizen")
        top.addWidget(self.reference)
        top.addWidget(self.citizen, 1)
        column.addLayout(top)
        self.subject = QLabel(panel)
        self.subject.setObjectName("caseSubject")
        self.subject.setWordWrap(True)
        self.registered = QLabel(panel)
        self.registered.setObjectName("emptyHint")
        column.addWidget(self.subject)
        column.addWidget(self.registered)
        state = QHBoxLayout()
        self.chips = CaseChips(panel)
        self.status_chip, self.sla_chip = self.chips.status, self.chips.sla
        state.addWidget(self.chips)
        state.addStretch(1)
        column.addLayout(state)
        self.next_line = QLabel(panel)
        self.next_line.setObjectName("deskNext")
        self.next_line.setWordWrap(True)
        column.addWidget(self.next_line)
        self.timeline = TimelineModel(panel)
        self.timeline_view = timeline_view(self.timeline, panel)
        column.addWidget(self.timeline_view, 1)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("طباعة بيان الحالة للمواطن  (Ctrl+P)"), panel)
        self.print_button.setObjectName("primaryButton")
        self.print_button.setMinimumHeight(38)
        self.open_button = QPushButton(_("فتح صفحة الطلب  (Ctrl+O)"), panel)
        self.open_button.setMinimumHeight(38)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.detail = panel
        return panel

    def _wire(self) -> None:
        self.lookup.returnPressed.connect(self.look_up)
        self.suggestions.chosen.connect(self._suggestion_chosen)
        self.lookup_button.clicked.connect(self.look_up)
        self.match_list.currentRowChanged.connect(self._row_changed)
        self.lookup.installEventFilter(self)
        self.print_button.clicked.connect(self.print_status_letter)
        self.open_button.clicked.connect(self._open_case)
        screen_shortcut(self, QKeySequence.StandardKey.Print, self.print_status_letter)
        screen_shortcut(self, QKeySequence.StandardKey.Open, self._open_case)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the number field move through the citizen's cases without leaving it.
        if (
            watched is self.lookup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and self.match_list.count() > 1
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = min(max(self.match_list.currentRow() + step, 0), self.match_list.count() - 1)
            self.match_list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.lookup.setFocus()
        self.lookup.selectAll()

    # ---- finding ----------------------------------------------------------------------------

    def look_up(self) -> None:
        text = self.lookup.text()
        what = search.interpret(text)
        if what.kind not in _FOUND_BY:
            self.status_line.setText(
                _("اكتب الرقم المرجعي أو رقم الهاتف أو رقم البطاقة الوطنية (12 رقماً).")
                if what.kind != "empty"
                else ""
            )
            self._set_matches([])
            self._show_nothing()
            self.found.emit(0)
            return
        self.status_line.setText(_("جارٍ البحث…"))
        self.suggestions.clear()
        QueryOp(
            parent=self,
            op=lambda: search.search(self._db, text, None, limit=MAX_MATCHES),
            success=lambda rows: self._found(what.kind, what.value, rows),
        ).failure(self._lookup_failed).run_in_background()

    def _lookup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ReferenceCheckMismatch):
            self.status_line.clear()
            workers.show_error(self, exc)
            return
        self.status_line.clear()
        self._set_matches([])
        self._show_nothing()
        self.suggestions.show_refusal(exc)
        self.found.emit(0)

    def _suggestion_chosen(self, reference: str) -> None:
        self.lookup.setText(reference)
        self.look_up()

    def _found(self, kind: str, value: str, rows: list[CaseBrief]) -> None:
        self._set_matches(rows)
        by = _(_FOUND_BY[kind])
        if not rows:
            self.status_line.setText(_("لا يوجد طلب {by} {value}.").format(by=by, value=ltr(value)))
            self._show_nothing()
        else:
            self.status_line.setText(
                _("عدد الطلبات {by} {value}: {count} — الأحدث أولاً.").format(
                    count=len(rows), by=by, value=ltr(value)
                )
                if len(rows) > 1
                else _("طلب واحد {by} {value}.").format(by=by, value=ltr(value))
            )
            self.match_list.setCurrentRow(0)
        self.found.emit(len(rows))

    def _set_matches(self, rows: list[CaseBrief]) -> None:
        self.cases = list(rows)
        self.match_list.blockSignals(True)
        self.match_list.clear()
        for case in rows:
            when = f"{to_local(case.registered_at):%Y-%m-%d}"
            item = QListWidgetItem(
                f"{ltr(case.reference)}    {ltr(when)}\n{case.subject}\n{_(case.status_label)}",
                self.match_list,
            )
            colours = SLA_COLORS.get(case.sla or "")
            if case.status == Status.CLOSED.value:
                colours = ("#e9f6ef", "#17643f")
            if colours:
                item.setBackground(QColor(colours[0]))
            item.setToolTip(f"{_(case.kind)} — {case.category}")
        self.match_list.blockSignals(False)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.cases):
            self.show_reference(self.cases[row].reference)

    def show_reference(self, reference: str) -> None:
        QueryOp(
            parent=self, op=lambda: cases.case_detail(self._db, reference), success=self._show_case
        ).run_in_background()

    def _show_case(self, case: CaseDetail) -> None:
        self.case = case
        self.detail.setEnabled(True)
        self.reference.setText(case.reference)
        self.citizen.setText(case.citizen_name)
        self.subject.setText(case.subject)
        self.registered.setText(
            _("{kind} — {category} — سُجّل في {when}").format(
                kind=_(case.kind.label), category=case.category, when=ltr(moment_text(case.registered_at))
            )
        )
        self.chips.show_case(case)
        self.next_line.setText(what_next(case))
        self.timeline.set_rows(case.events)
        self.timeline_view.scrollToBottom()
        self.print_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.case_shown.emit(case.reference)

    def _show_nothing(self) -> None:
        self.case = None
        self.reference.setText("")
        self.citizen.setText("")
        self.subject.setText(_("اكتب الرقم في الحقل أعلاه ثم Enter لعرض حالة الطلب وما جرى عليه."))
        self.registered.setText("")
        self.chips.clear()
        self.next_line.setText("")
        self.timeline.set_rows([])
        self.print_button.setEnabled(False)
        self.open_button.setEnabled(False)

    def refresh(self) -> None:
        """After a save elsewhere: the case shown, read again."""
        if self.case is not None:
            self.show_reference(self.case.reference)

    # ---- acting -----------------------------------------------------------------------------

    def print_status_letter(self) -> None:
        if self.case is None:
            return

        def shown(preview: object) -> None:
            self.preview = preview

        print_letter(self, self._db, self._actor, STATUS, self.case.reference, self.letter_preview, shown)

    def _open_case(self) -> None:
        if self.case is not None:
            self.open_case.emit(self.case.reference)
