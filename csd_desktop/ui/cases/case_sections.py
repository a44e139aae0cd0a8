"""The read-only parts of the case page: the header with the deadlines, and the citizen and request."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EventType, Status
from ...domain.lifecycle import MAX_ESCALATION, sla_state
from ...i18n import _
from ...services import clock
from ...services.cases import CaseDetail
from ..widgets.chips import SHORT_SLA, CaseChips
from ..widgets.form_fields import repolish
from .timeline import day_text, moment_text


def _value_label(parent: QWidget, *, ltr: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(not ltr)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(60)
    return label


class _Deadline(QFrame):
    """One deadline on one line: its name, then its date and state in bold, coloured by the state."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("deadlineBox")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 3, 10, 3)
        row.setSpacing(6)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("deadlineCaption")
        self.value = QLabel(self)
        self.value.setObjectName("deadlineValue")
        row.addWidget(self.caption)
        row.addWidget(self.value)

    def set(self, text: str, state: str | None) -> None:
        self.value.setText(text)
        self.setProperty("state", state or "none")
        repolish(self)
        repolish(self.value)


class CaseHeader(QFrame):
    """Reference, status in plain words, and each deadline with its state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 6, 14, 8)
        column.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(12)
        self.reference = QLabel(self)
        self.reference.setObjectName("referenceNumber")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = QLabel(self)
        self.kind.setObjectName("caseKind")
        self.chips = CaseChips(self)
        self.status, self.sla = self.chips.status, self.chips.sla
        top.addWidget(self.reference)
        top.addWidget(self.kind)
        top.addWidget(self.chips)
        top.addStretch(1)
        self.top = top
        column.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.first_answer = _Deadline(_("الإجابة الأولى للمواطن"), self)
        self.reply = _Deadline(_("رد الجهة المعنية"), self)
        self.resolution = _Deadline(_("إنجاز الطلب"), self)
        self.escalation = _Deadline(_("مستوى التصعيد"), self)
        for box in (self.first_answer, self.reply, self.resolution, self.escalation):
            row.addWidget(box)
        row.addStretch(1)
        column.addLayout(row)

    def show_case(self, case: CaseDetail) -> None:
        self.reference.setText(case.reference)
        self.kind.setText(_(case.kind.label))
        self.chips.show_case(case)
        today = clock.today()
        paused = case.status is Status.WAITING_ON_CITIZEN
        closed = case.status is Status.CLOSED

        def state_of(due: date | None) -> str | None:
            if due is None or closed or paused:
                return None
            if due == case.due_on:
                return case.sla
            return sla_state(due, today, ())

        def text_of(due: date | None, state: str | None) -> str:
            if due is None:
                return "—"
            word = _(SHORT_SLA[state]) if state in SHORT_SLA else ""
            return f"{day_text(due)}  {word}" if word else day_text(due)

        answered = _answered_on(case)
        if answered is not None:
            self.first_answer.set(_("أُجيب في {day}").format(day=f"\u2066{day_text(answered)}\u2069"), "done")
        else:
            state = state_of(case.due_first_answer)
            self.first_answer.set(text_of(case.due_first_answer, state), state)
        if case.status is Status.AWAITING_REPLY:
            state = state_of(case.reply_due)
            self.reply.set(text_of(case.reply_due, state), state)
        else:
            self.reply.set(_("لا ينتظر رداً") if not closed else "—", None)
        if closed:
            self.resolution.set(_("أُغلق الطلب"), "done")
        elif paused:
            self.resolution.set(_("المواعيد متوقفة بانتظار المواطن"), "paused")
        else:
            state = state_of(case.resolution_due)
            self.resolution.set(text_of(case.resolution_due, state), state)
        level = case.escalation_level
        self.escalation.set(
            _("{level} من {top}").format(level=level, top=MAX_ESCALATION) if level else _("لم يُصعَّد"),
            "overdue" if level >= 2 else ("due_soon" if level == 1 else None),
        )


def _answered_on(case: CaseDetail) -> date | None:
    """When the citizen was first answered since the clock last started (registration or reopening)."""
    answered = None
    for e in case.events:
        if e.type == EventType.REOPENED:
            answered = None
        elif e.type in (EventType.CITIZEN_INFORMED, EventType.CLOSED) and answered is None:
            answered = clock.to_local(e.at).date()
    return answered


class CaseInfo(QWidget):
    """The citizen and the request, as read from the form at intake."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        citizen = QGroupBox(_("المواطن"), self)
        request = QGroupBox(_("الطلب"), self)
        self.values: dict[str, QLabel] = {}
        self._form(
            citizen,
            (
                ("name", _("الاسم")),
                ("national_id", _("رقم البطاقة")),
                ("phone", _("الهاتف")),
                ("place", _("السكن")),
                ("landmark", _("أقرب نقطة دالة")),
                ("priority", _("الأولوية")),
            ),
        )
        self._form(
            request,
            (
                ("kind", _("النوع والطريقة")),
                ("category", _("الفئة")),
                ("entity", _("الجهة المعنية")),
                ("subject", _("الموضوع")),
                ("details", _("التفاصيل")),
                ("registered", _("التسجيل")),
                ("assigned", _("الموظف المتابع")),
            ),
        )
        self.values["subject"].setObjectName("caseSubject")
        column.addWidget(citizen)
        column.addWidget(request, 1)

    def _form(self, box: QGroupBox, rows: tuple[tuple[str, str], ...]) -> None:
        form = QFormLayout(box)
        form.setContentsMargins(10, 12, 10, 8)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for name, caption in rows:
            value = _value_label(box, ltr=name in ("national_id", "phone"))
            label = QLabel(caption, box)
            label.setObjectName("infoCaption")
            form.addRow(label, value)
            self.values[name] = value

    def show_case(self, case: CaseDetail) -> None:
        v = self.values
        v["assigned"].setText(case.assigned_to or "—")
        v["name"].setText(case.citizen_name)
        v["national_id"].setText(case.national_id or "—")
        v["phone"].setText(case.phone or "—")
        place = " / ".join(p for p in (case.governorate, case.district) if p)
        v["place"].setText(_("، ").join(p for p in (place, case.address or "") if p) or "—")
        v["landmark"].setText(case.landmark or "—")
        v["priority"].setText(_("، ").join(_(p) for p in case.priority) or _("لا"))
        v["kind"].setText(f"{_(case.kind.label)} — {_(case.channel.label)}")
        v["category"].setText(case.category)
        v["entity"].setText(case.entity or _("لم تُحدَّد بعد"))
        v["subject"].setText(case.subject)
        details = case.details or "—"
        v["details"].setText(details if len(details) <= 400 else f"{details[:400]}…")
        v["details"].setToolTip(case.details)
        v["registered"].setText(
            _("{when} — {clerk}").format(
                when=f"\u2066{moment_text(case.registered_at)}\u2069", clerk=case.registered_by
            )
        )
