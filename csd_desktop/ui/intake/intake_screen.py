"""The intake form (DESIGN.md §2): find or enter the citizen, describe the request, save, print."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import CitizenDetailsDiffer, CsdError, ValidationError
from ...i18n import N_, _
from ...services import citizens, intake, receipts
from ...services.cases import CaseBrief
from ...services.citizens import CitizenRecord
from ...services.intake import IntakeForm, RegisteredCase
from ...services.receipt_data import ReceiptData
from ...services.setup import StationInfo
from ...services.users import Actor
from .. import dialogs, workers
from ..reference_lists import ReferenceLists
from ..widgets.field_errors import FieldErrors
from ..widgets.form_fields import EnterMovesOn, error_label, number_field
from ..widgets.lookup_bar import LookupBar
from ..workers import QueryOp
from .receipt_preview import LastReceipt, open_receipt_preview, render_receipt_pdf
from .sections import CitizenSection, RequestSection

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

log = logging.getLogger(__name__)

_WEEKDAYS = (
    N_("الاثنين"),
    N_("الثلاثاء"),
    N_("الأربعاء"),
    N_("الخميس"),
    N_("الجمعة"),
    N_("السبت"),
    N_("الأحد"),
)
LRM = "\u200e"  # keeps a date or reference in its order after Arabic words


class IntakeScreen(QWidget):
    """One citizen, one request, about a minute; the keyboard is enough for all of it."""

    case_saved = Signal(str)  # the new reference number
    lookup_finished = Signal(bool)  # True when a returning citizen was found

    def __init__(self, db: Database, actor: Actor, station: StationInfo, lists: ReferenceLists) -> None:
        super().__init__()
        self.setObjectName("intakeScreen")
        self._db = db
        self._actor = actor
        self._station = station
        self._saving = False
        self._pending_form: IntakeForm | None = None  # being registered: asked again after a confirmation
        self._looked_up = ""
        self.paper = "a5"  # the clerk's last choice stays for the next receipt
        self.last_receipt: LastReceipt | None = None
        # Injectable so tests never block on a modal box or the preview window.
        self.confirm: Callable[[str, str], bool] = lambda title, text: dialogs.ask(self, title, text)
        self.preview_factory: Callable[[LastReceipt, Callable[[str], bytes]], Any] = lambda receipt, render: (
            open_receipt_preview(self, receipt, render)
        )

        enter = EnterMovesOn(self)
        self.general_error = error_label(self)
        self.form_errors = FieldErrors(self.general_error)
        self.citizen = CitizenSection(lists, station, self.form_errors, enter, self)
        self.request = RequestSection(lists, self.form_errors, enter, self)
        self.fields: dict[str, QWidget] = self.form_errors.fields
        self.errors: dict[str, QLabel] = self.form_errors.labels

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        outer.addWidget(self._build_lookup())
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addWidget(self.citizen, 1)
        columns.addWidget(self.request, 1)
        outer.addLayout(columns, 1)  # the form takes the height; the actions stay at the bottom
        outer.addWidget(self.general_error)
        outer.addWidget(self._build_actions())
        self._wire()
        self.clear_form()

    # ---- building ---------------------------------------------------------------------------

    def _build_lookup(self) -> QWidget:
        self.lookup = number_field(self, _("رقم البطاقة أو الهاتف ثم Enter"))
        self.lookup.setObjectName("lookupField")
        self.lookup.setMinimumWidth(240)
        self.lookup.setMaximumWidth(300)
        bar = LookupBar(_("مراجع سابق؟ ابحث برقم البطاقة أو الهاتف:"), self.lookup, _("بحث"), self)
        self.lookup_button, self.lookup_status = bar.button, bar.status
        return bar

    def _build_actions(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("actionBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        self.save_button = QPushButton(_("حفظ الطلب  (Ctrl+S)"), bar)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setAutoDefault(True)  # Enter on it saves, after Tab from the last field
        self.print_button = QPushButton(_("طباعة الوصل  (Ctrl+P)"), bar)
        self.print_button.setEnabled(False)
        self.clear_button = QPushButton(_("تفريغ الحقول  (Esc)"), bar)
        for button in (self.save_button, self.print_button, self.clear_button):
            button.setMinimumHeight(40)
        for button in (self.print_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self._build_result())
        return bar

    def _build_result(self) -> QWidget:
        self.result = QFrame(self)
        self.result.setObjectName("resultPanel")
        grid = QGridLayout(self.result)
        grid.setContentsMargins(14, 4, 14, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        caption = QLabel(_("حُفظ الطلب — الرقم المرجعي:"), self.result)
        caption.setObjectName("resultCaption")
        self.reference_label = QLabel(self.result)
        self.reference_label.setObjectName("referenceNumber")
        self.reference_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.reference_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.due_label = QLabel(self.result)
        self.due_label.setObjectName("resultDue")
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.reference_label, 0, 1, 2, 1)
        grid.addWidget(self.due_label, 1, 0)
        self.result.hide()
        return self.result

    def _wire(self) -> None:
        c, r = self.citizen, self.request
        order: list[QWidget] = [
            self.lookup,
            *[c.fields[name] for name in c.fields if name != "priority"],
            *c.priority_boxes.values(),
            *r.fields.values(),
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.lookup.returnPressed.connect(self._lookup_from_bar)
        self.lookup_button.clicked.connect(self._lookup_from_bar)
        c.national_id.editingFinished.connect(lambda: self._lookup_from_field(c.national_id))
        c.phone.editingFinished.connect(lambda: self._lookup_from_field(c.phone))
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_last_receipt)
        self.clear_button.clicked.connect(self.ask_clear)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=context)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_last_receipt, context=context)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.ask_clear, context=context)

    # ---- the form as a whole ----------------------------------------------------------------

    def form(self) -> IntakeForm:
        return self.request.values(self.citizen.values())

    def has_input(self) -> bool:
        return bool(self.lookup.text().strip()) or self.citizen.has_input() or self.request.has_input()

    def clear_form(self) -> None:
        self.lookup.clear()
        self.citizen.clear()
        self.request.clear()
        self.clear_errors()
        self.lookup_status.clear()
        self._looked_up = ""
        self.lookup.setFocus()

    def ask_clear(self) -> None:
        if self.has_input() and not self.confirm(
            _("تفريغ الحقول"), _("هل تريد تفريغ جميع الحقول؟ ستُفقد البيانات التي لم تُحفظ.")
        ):
            return
        self.clear_form()

    # ---- returning citizen ------------------------------------------------------------------

    def _lookup_from_bar(self) -> None:
        self._lookup(self.lookup.text(), fill=True, from_bar=True)

    def _lookup_from_field(self, field: QLineEdit) -> None:
        # Typed into the form itself: fill it in only if the clerk has not started on the name.
        self._lookup(field.text(), fill=not self.citizen.full_name.text().strip(), from_bar=False)

    def _lookup(self, text: str, *, fill: bool, from_bar: bool) -> None:
        query = text.strip()
        if not query or (query == self._looked_up and not from_bar):
            return
        self._looked_up = query
        QueryOp(
            parent=self,
            op=lambda: citizens.find_citizen(self._db, query),
            success=lambda record: self._lookup_done(query, record, fill=fill, from_bar=from_bar),
        ).run_in_background()

    def _lookup_done(self, query: str, record: CitizenRecord | None, *, fill: bool, from_bar: bool) -> None:
        if record is None:
            if from_bar:
                self.lookup_status.setText(_("لا يوجد مواطن مسجّل بهذا الرقم: أدخل بياناته في النموذج."))
                self._carry_number(query)
                self.citizen.full_name.setFocus()
            self.citizen.show_cases(None)
            self.lookup_finished.emit(False)
            return
        if fill:
            self.citizen.fill(record)
            self._looked_up = record.national_id or record.phone or query
            self.clear_errors()
        self.lookup_status.setText(
            _("مواطن مراجع: {name} — طلباته السابقة: {count}").format(
                name=record.full_name, count=len(record.cases)
            )
        )
        self.citizen.show_cases(record)
        if from_bar:
            self.request.kind.setFocus()  # the citizen is done: on to the request
        self.lookup_finished.emit(True)

    def _carry_number(self, query: str) -> None:
        """An unknown number typed in the lookup bar goes into the card or phone field, not lost."""
        digits = "".join(ch for ch in query if ch.isdigit())
        target = self.citizen.national_id if len(digits) == 12 else self.citizen.phone
        if not target.text().strip():
            target.setText(query)
            self._looked_up = query

    # ---- errors -----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.form_errors.clear()

    def show_errors(self, errors: list[ValidationError]) -> None:
        self.form_errors.show(errors)

    # ---- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return  # a second Ctrl+S while the first is on its way must not save twice
        self._saving = True
        self.save_button.setEnabled(False)
        self.clear_errors()
        form = self.form()
        c = form.citizen
        QueryOp(
            parent=self,
            op=lambda: intake.possible_duplicates(
                self._db, national_id=c.national_id, phone=c.phone, category=form.category
            ),
            success=lambda duplicates: self._confirm_and_register(form, duplicates),
        ).failure(self._save_failed).run_in_background()

    def _confirm_and_register(self, form: IntakeForm, duplicates: list[CaseBrief]) -> None:
        if duplicates:
            lines = "\n".join(
                f"• {LRM}{d.reference} — {d.subject} ({d.status_label})" for d in duplicates[:5]
            )
            question = _(
                "يوجد طلب مفتوح مشابه لهذا المواطن في الفئة نفسها:\n{cases}\n\nهل تريد تسجيل طلب جديد مع ذلك؟"
            ).format(cases=lines)
            if not self.confirm(_("طلب مشابه مفتوح"), question):
                self._done_saving()
                return
        self._register(form)

    def _register(self, form: IntakeForm) -> None:
        self._pending_form = form
        self._saving = True
        self.save_button.setEnabled(False)

        def register() -> tuple[RegisteredCase, ReceiptData]:
            registered = intake.register_case(self._db, self._actor, form)
            return registered, receipts.receipt_for(self._db, self._actor, registered.reference)

        QueryOp(parent=self, op=register, success=self._saved).failure(self._save_failed).with_progress(
            _("جارٍ حفظ الطلب…")
        ).run_in_background()

    def _done_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _confirm_citizen_update(self, form: IntakeForm, differ: CitizenDetailsDiffer) -> None:
        """Old beside new: the details on file change only when the clerk says the citizen's did."""
        lines = "\n".join(
            _("• {field}: المسجَّل «{old}» ← المكتوب «{new}»").format(field=_(f), old=old, new=new)
            for f, old, new in differ.changes
        )
        question = _(
            "بيانات هذا المواطن المسجَّلة تختلف عمّا كُتب:\n{lines}\n\n"
            "هل تغيّرت بياناته فعلاً؟ «نعم» يحدّثها ويحفظ الطلب، وتبقى طلباته السابقة ببياناتها يوم سُجّلت. "
            "«لا» يعيدك إلى النموذج دون حفظ."
        ).format(lines=lines)
        if self.confirm(_("تحديث بيانات المواطن"), question):
            self._register(replace(form, confirm_citizen_update=True))
            return
        self.general_error.setText(
            _("لم يُحفظ الطلب: صحّح بيانات المواطن كما هي مسجَّلة، أو احفظ مرة أخرى وأكّد تحديثها.")
        )
        self.general_error.show()

    def _save_failed(self, exc: BaseException) -> None:
        self._done_saving()
        if isinstance(exc, CitizenDetailsDiffer) and self._pending_form is not None:
            self._confirm_citizen_update(self._pending_form, exc)
        elif not (isinstance(exc, CsdError) and self.form_errors.refusal(exc)):
            workers.show_error(self, exc)

    def _saved(self, result: tuple[RegisteredCase, ReceiptData]) -> None:
        registered, data = result
        self._done_saving()
        log.info("case %s registered", registered.reference)
        self.reference_label.setText(registered.reference)
        day = _(_WEEKDAYS[registered.due.weekday()])
        self.due_label.setText(
            _("موعد الإجابة المتوقع: {day} {date}").format(day=day, date=f"{LRM}{registered.due:%Y-%m-%d}")
        )
        self.result.show()
        self.clear_form()
        self.case_saved.emit(registered.reference)
        paper = self.paper
        QueryOp(
            parent=self,
            op=lambda: render_receipt_pdf(data, paper),
            success=lambda pdf: self._receipt_ready(LastReceipt(registered.reference, data, pdf, paper)),
        ).run_in_background()

    # ---- the receipt ------------------------------------------------------------------------

    def _receipt_ready(self, receipt: LastReceipt) -> None:
        self.last_receipt = receipt
        self.print_button.setEnabled(True)
        self.preview_factory(receipt, lambda paper: self._rerender(receipt, paper))

    def _rerender(self, receipt: LastReceipt, paper: str) -> bytes:
        self.paper = paper
        pdf = render_receipt_pdf(receipt.data, paper)
        self.last_receipt = LastReceipt(receipt.reference, receipt.data, pdf, paper)
        return pdf

    def print_last_receipt(self) -> None:
        receipt = self.last_receipt
        if receipt is None:
            self.lookup_status.setText(_("لا يوجد وصل لطباعته بعد: احفظ طلباً أولاً."))
            return
        self.preview_factory(receipt, lambda paper: self._rerender(receipt, paper))
