"""The small dialogs behind the case page's buttons: one follow-up step each (action_form.py frames them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ...domain.enums import EventType, Outcome, ReplyPreference
from ...errors import ValidationError
from ...i18n import N_, _
from ...services import followup, users
from ...services.cases import CaseDetail
from ...services.reference_data import OfficeLists, RefItem
from ...services.users import Actor, UserSummary
from ..reference_lists import ReferenceLists
from ..widgets.form_fields import arabic_sorted, fill_combo, select_data
from ..workers import QueryOp
from .action_form import ActionDialog
from .timeline import event_summary, ltr, moment_text

if TYPE_CHECKING:  # annotations only: dialogs hand the database to services and never open it
    from ...services.database import Database


def _outcome_words(outcome: Outcome) -> str:
    """In a list of ways to close, «مغلق — عولج الطلب» reads «عولج الطلب»."""
    label = _(outcome.label)
    return label.split(" — ", 1)[-1]


# ---- the dialogs --------------------------------------------------------------------------------


class ReferDialog(ActionDialog):
    title = N_("إحالة الطلب إلى الجهة المعنية")
    hint = N_("تُسجَّل الإحالة برقم الكتاب الرسمي الصادر وتاريخه، ويبدأ احتساب مدة رد الجهة.")

    def build(self) -> None:
        self.entity = QComboBox(self)
        self.entity.setMaxVisibleItems(16)
        fill_combo(self.entity, [], _("— اختر الجهة —"))
        self.add_field("entity", _("الجهة المعنية"), self.entity)
        self.add_field("letter_no", _("رقم الكتاب الصادر"), self.line(_("مثل: ش م/4471")))
        self.add_field("letter_date", _("تاريخ الكتاب"), self.date_line())
        self.add_field("note", _("ملاحظة للجهة (اختياري)"), self.text_box(height=60))
        self.lists.when_loaded(self._lists_loaded)

    def _lists_loaded(self, lists: OfficeLists) -> None:
        chosen = self.entity.currentData() or self.case.entity_code
        fill_combo(self.entity, [(e.code, e.name_ar) for e in lists.entities], _("— اختر الجهة —"))
        select_data(self.entity, chosen)

    def work(self) -> Callable[[], object]:
        v = {name: self.value(name) for name in ("entity", "letter_no", "letter_date", "note")}
        return lambda: followup.refer(self._db, self._actor, self.reference, **v)


class ReplyDialog(ActionDialog):
    title = N_("تسجيل رد الجهة")

    def build(self) -> None:
        self.add_field("letter_no", _("رقم كتاب الجهة"), self.line())
        self.add_field("letter_date", _("تاريخ كتاب الجهة"), self.date_line())
        self.add_field("text", _("خلاصة الرد"), self.text_box(_("ما أجابت به الجهة")))

    def work(self) -> Callable[[], object]:
        v = {name: self.value(name) for name in ("letter_no", "letter_date", "text")}
        return lambda: followup.record_reply(self._db, self._actor, self.reference, **v)


class InformDialog(ActionDialog):
    title = N_("إبلاغ المواطن بالنتيجة")

    def build(self) -> None:
        how = QComboBox(self)
        fill_combo(how, [(r.value, _(r.label)) for r in ReplyPreference], _("— اختر —"))
        self.add_field("how", _("طريقة الإبلاغ"), how)
        score = QComboBox(self)
        levels = (_("غير راضٍ إطلاقاً"), _("غير راضٍ"), _("مقبول"), _("راضٍ"), _("راضٍ جداً"))
        fill_combo(
            score, [(str(n), f"{n} — {_(word)}") for n, word in enumerate(levels, 1)], _("لم يُسأل / لم يُجب")
        )
        self.add_field("satisfaction", _("رضا المواطن"), score)
        self.add_field("note", _("ملاحظة (اختياري)"), self.text_box(height=60))

    def work(self) -> Callable[[], object]:
        how, note = self.value("how"), self.value("note")
        score = int(self.value("satisfaction")) if self.value("satisfaction") else None
        return lambda: followup.inform_citizen(
            self._db, self._actor, self.reference, how=how, satisfaction=score, note=note
        )


class CloseDialog(ActionDialog):
    title = N_("إغلاق الطلب")
    hint = N_("اختر ما انتهى إليه الطلب بوضوح، فهذا ما يُقرأ للمواطن وفي التقارير.")

    def build(self) -> None:
        self.outcome = QComboBox(self)
        fill_combo(self.outcome, [(o.value, _outcome_words(o)) for o in Outcome], _("— اختر النتيجة —"))
        self.add_field("outcome", _("النتيجة"), self.outcome)
        self.add_field("summary", _("خلاصة المعالجة"), self.text_box(_("ماذا جرى وبماذا انتهى")))
        self.guidance = self.line(_("الجهة المختصة التي أُرشد إليها المواطن"))
        self.add_field("guidance", _("أُرشد المواطن إلى"), self.guidance)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        self.guidance.setEnabled(self.outcome.currentData() == Outcome.OUTSIDE_JURISDICTION.value)

    def work(self) -> Callable[[], object]:
        outcome = self.value("outcome")
        if not outcome:
            raise ValidationError(_("اختر نتيجة الإغلاق."), field="outcome")
        summary, guidance = self.value("summary"), self.value("guidance")
        return lambda: followup.close(
            self._db, self._actor, self.reference, outcome=outcome, summary=summary, guidance=guidance
        )


class CallDialog(ActionDialog):
    title = N_("تسجيل اتصال بالمواطن")

    def build(self) -> None:
        answered = QComboBox(self)
        fill_combo(answered, [("yes", _("ردّ المواطن")), ("no", _("لم يردّ المواطن"))])
        self.add_field("answered", _("نتيجة الاتصال"), answered)
        self.add_field("text", _("خلاصة الاتصال"), self.text_box(_("ما قيل للمواطن وما قاله")))

    def work(self) -> Callable[[], object]:
        answered, text = self.value("answered") == "yes", self.value("text")
        return lambda: followup.log_call(self._db, self._actor, self.reference, answered=answered, text=text)


class ReassignDialog(ActionDialog):
    title = N_("إسناد الطلب إلى موظف آخر")

    def build(self) -> None:
        # Filled off the UI thread; until then the one entry says so (and the field keeps the focus).
        self.user = QComboBox(self)
        self.user.setMaxVisibleItems(16)
        fill_combo(self.user, [], _("جارٍ تحميل أسماء الموظفين…"))
        self.add_field("to_username", _("الموظف"), self.user)
        if self.case.assigned_to:
            now = QLabel(_("مُسند الآن إلى: {name}").format(name=self.case.assigned_to), self)
            now.setObjectName("emptyHint")
            self.grid.addWidget(now, 2, 1)
        db = self._db
        QueryOp(parent=self, op=lambda: users.list_users(db), success=self._show_users).run_in_background()

    def _show_users(self, people: list[UserSummary]) -> None:
        names = arabic_sorted(RefItem(p.username, p.full_name) for p in people)
        fill_combo(self.user, [(n.code, n.name_ar) for n in names], _("— اختر الموظف —"))
        for row, person in enumerate(names, start=1):
            self.user.setItemData(row, person.code, Qt.ItemDataRole.ToolTipRole)

    def work(self) -> Callable[[], object]:
        username = self.value("to_username")
        if not username:
            raise ValidationError(_("اختر الموظف الذي يُسند إليه الطلب."), field="to_username")
        return lambda: followup.reassign(self._db, self._actor, self.reference, to_username=username)


class TextStepDialog(ActionDialog):
    """One text box and the follow-up step that records it (`step`, a function of services.followup
    taking the text as the keyword `field`): a note, an escalation, a pause, a return, a reopening."""

    step = ""
    field = "text"
    label = ""
    placeholder = ""
    height = 84

    def build(self) -> None:
        box = self.text_box(_(self.placeholder) if self.placeholder else "", self.height)
        self.add_field(self.field, _(self.label), box)

    def work(self) -> Callable[[], object]:
        record = getattr(followup, self.step)
        values = {self.field: self.value(self.field)}
        return lambda: record(self._db, self._actor, self.reference, **values)


class NoteDialog(TextStepDialog):
    title = N_("إضافة ملاحظة")
    step, label, height = "add_note", N_("الملاحظة"), 110


class EscalateDialog(TextStepDialog):
    title = N_("تصعيد متابعة الطلب")
    step, field, label = "escalate", "reason", N_("سبب التصعيد")

    def hint_text(self) -> str:
        level = self.case.escalation_level
        return _("يرتفع مستوى التصعيد من {now} إلى {next} (من 4)، وتُعطى الجهة مدة جديدة للرد.").format(
            now=level, next=level + 1
        )


class WaitDialog(TextStepDialog):
    title = N_("إيقاف الطلب بانتظار المواطن")
    hint = N_("تتوقف المواعيد إلى أن يعود المواطن بما هو مطلوب منه.")
    step, field, label, placeholder = (
        "wait_on_citizen",
        "missing",
        N_("المطلوب من المواطن"),
        N_("مثل: نسخة من سند العقار"),
    )


class ReturnedDialog(TextStepDialog):
    title = N_("عودة المواطن واستئناف المتابعة")
    step, field, label, placeholder = (
        "citizen_returned",
        "note",
        N_("ملاحظة (اختياري)"),
        N_("ما جلبه المواطن"),
    )


class ReopenDialog(TextStepDialog):
    title = N_("إعادة فتح الطلب")
    hint = N_("يبقى السجل كله كما هو، وتبدأ المواعيد من جديد.")
    step, field, label, placeholder = "reopen", "reason", N_("سبب إعادة الفتح"), N_("ما يذكره المواطن")


class CorrectDialog(ActionDialog):
    title = N_("تصحيح خطوة في سجل الطلب")
    hint = N_("لا يُمحى شيء من السجل: يُضاف التصحيح خطوةً جديدة تشير إلى الخطوة المصحَّحة.")

    def build(self) -> None:
        step = QComboBox(self)
        step.setMaxVisibleItems(12)
        events = [e for e in reversed(self.case.events) if e.type != EventType.CORRECTION]
        items = []
        for e in events:
            summary = event_summary(e)
            short = summary if len(summary) <= 50 else f"{summary[:50]}…"
            items.append(
                (
                    e.id.hex if e.id else "",
                    f"{e.seq}. {_(e.label)} — {ltr(moment_text(e.at))}  {short}".strip(),
                )
            )
        fill_combo(step, items, _("— اختر الخطوة —"))
        self.add_field("event_id", _("الخطوة المصحَّحة"), step)
        self.add_field("correction", _("نص التصحيح"), self.text_box())

    def work(self) -> Callable[[], object]:
        chosen = self.value("event_id")
        if not chosen:
            raise ValidationError(_("اختر الخطوة التي تريد تصحيحها."), field="event_id")
        text = self.value("correction")
        return lambda: followup.correct(
            self._db, self._actor, self.reference, event_id=UUID(hex=chosen), correction=text
        )


DIALOGS: dict[EventType, type[ActionDialog]] = {
    EventType.REFERRED: ReferDialog,
    EventType.REPLY_RECEIVED: ReplyDialog,
    EventType.CITIZEN_INFORMED: InformDialog,
    EventType.CLOSED: CloseDialog,
    EventType.NOTE: NoteDialog,
    EventType.CALL: CallDialog,
    EventType.REASSIGNED: ReassignDialog,
    EventType.ESCALATED: EscalateDialog,
    EventType.WAITING_ON_CITIZEN: WaitDialog,
    EventType.CITIZEN_RETURNED: ReturnedDialog,
    EventType.REOPENED: ReopenDialog,
    EventType.CORRECTION: CorrectDialog,
}


def open_action_dialog(
    event: EventType,
    db: Database,
    actor: Actor,
    case: CaseDetail,
    parent: QWidget,
    lists: ReferenceLists | None = None,
) -> ActionDialog:
    """Window-modal and not blocking (`open`, not `exec`): tests and the keyboard drive it the same."""
    dialog = DIALOGS[event](db, actor, case, parent, lists=lists)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
