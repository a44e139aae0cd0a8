"""A case's timeline as people read it: who, when, what, and a plain summary of each step's data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...domain.enums import EventType, Outcome, ReplyPreference
from ...i18n import N_, _
from ...services.cases import EventView
from ...services.clock import to_local
from ..widgets.rows_table import RowsModel, rows_view


def ltr(text: str) -> str:
    """A reference, date or code kept in its left-to-right order inside Arabic text (an isolate)."""
    return f"\u2066{text}\u2069"


def day_text(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def moment_text(moment: datetime) -> str:
    return f"{to_local(moment):%Y-%m-%d %H:%M}"


def _letter(data: dict[str, Any]) -> str:
    number, day = data.get("letter_no"), data.get("letter_date")
    if number and day:
        return _("بالكتاب {number} في {day}").format(number=ltr(str(number)), day=ltr(str(day)))
    return _("بالكتاب {number}").format(number=ltr(str(number))) if number else ""


def _join(*parts: str) -> str:
    return " — ".join(p for p in parts if p)


def event_summary(event: EventView) -> str:
    """What the step's data says, in one readable line (or a few for long texts)."""
    d = event.data
    t = event.type
    text = str(d.get("text") or "")
    note = str(d.get("note") or "")
    if t == EventType.REGISTERED:
        due = d.get("due_first_answer")
        return _("موعد الإجابة الأولى: {day}").format(day=ltr(str(due))) if due else ""
    if t == EventType.REFERRED:
        to = _("إلى {entity}").format(entity=d.get("entity_name") or d.get("entity") or "")
        return _join(f"{to} {_letter(d)}".strip(), note)
    if t == EventType.REPLY_RECEIVED:
        return _join(_letter(d), text)
    if t == EventType.CLOSED:
        outcome = Outcome(str(d["outcome"])).label if d.get("outcome") else ""
        guidance = str(d.get("guidance") or "")
        guided = _("أُرشد المواطن إلى: {where}").format(where=guidance) if guidance else ""
        return _join(_(outcome), str(d.get("summary") or ""), guided)
    if t == EventType.CITIZEN_INFORMED:
        how = _(ReplyPreference(str(d["how"])).label) if d.get("how") else ""
        score = d.get("satisfaction")
        rated = _("رضا المواطن: {score} من 5").format(score=score) if score else ""
        return _join(_("عن طريق: {how}").format(how=how) if how else "", rated, note)
    if t == EventType.CALL:
        answered = _("ردّ المواطن") if d.get("answered") else _("لم يردّ المواطن")
        return _join(answered, text)
    if t == EventType.REASSIGNED:
        return _("إلى {name}").format(name=d.get("to_name") or "")
    if t == EventType.ESCALATED:
        level = _("إلى المستوى {level} من 4").format(level=d.get("level", ""))
        auto = _("تلقائياً") if d.get("automatic") else ""
        return _join(f"{level} {auto}".strip(), str(d.get("reason") or ""))
    if t == EventType.WAITING_ON_CITIZEN:
        return _("المطلوب من المواطن: {missing}").format(missing=d.get("missing") or "")
    if t == EventType.REOPENED:
        return str(d.get("reason") or "")
    if t == EventType.CORRECTION:
        return _("يصحّح الخطوة رقم {seq}: {text}").format(
            seq=d.get("corrects_seq", d.get("corrects", "")), text=text
        )
    if t == EventType.ATTACHMENT_ADDED:
        return ltr(str(d.get("file_name") or ""))
    return _join(text, note)


# ---- the table ----------------------------------------------------------------------------------

WHEN, WHO, WHAT, DETAILS = range(4)


class TimelineModel(RowsModel[EventView]):
    """A case has tens of events, not thousands: all of them are held."""

    columns = (N_("التاريخ والوقت"), N_("الموظف"), N_("الإجراء"), N_("التفاصيل"))

    def cell(self, event: EventView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == WHEN:
                return moment_text(event.at)
            if column == WHO:
                return event.user
            if column == WHAT:
                return _(event.label)
            return event_summary(event)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.ForegroundRole and column == WHAT:
            return QColor("#17324d")
        if role == Qt.ItemDataRole.FontRole and column == WHAT:
            font = QFont()  # the application's font, in bold
            font.setBold(True)
            return font
        return None


def timeline_view(model: TimelineModel, parent: QWidget) -> QTableView:
    view = rows_view(model, parent, "timeline")
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return view
