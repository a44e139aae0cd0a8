"""The two halves of the intake form: the citizen (with earlier cases) and the request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Channel, Gender, Kind, Priority, ReplyPreference
from ...i18n import N_, _
from ...services.citizens import CitizenRecord
from ...services.intake import CitizenForm, IntakeForm
from ...services.reference_data import OfficeLists
from ...services.setup import StationInfo
from ..widgets.field_errors import FieldErrors
from ..widgets.form_fields import fill_combo, number_field, refill, select_data
from .earlier_cases import EarlierCasesModel, earlier_cases_view

if TYPE_CHECKING:
    from ..reference_lists import ReferenceLists

NO_CASES_YET = N_("ابحث برقم البطاقة أو الهاتف في الأعلى لعرض طلبات المواطن السابقة هنا.")


class FormSection(QGroupBox):
    """A titled box of labelled fields, each with its red message directly beneath it (FieldErrors)."""

    def __init__(
        self, title: str, form: FieldErrors, enter_filter: QObject, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.fields: dict[str, QWidget] = {}  # by the service's field name, in the order they are filled
        self._form = form
        self._enter = enter_filter
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 14, 12, 10)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)

    def add_row(self, row: int, col: int, name: str, label: str, widget: QWidget, span: int = 1) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(caption, row, col)
        self.grid.addWidget(widget, row, col + 1, 1, span)
        self.grid.addWidget(self._form.add(name, widget, self), row + 1, col + 1, 1, span)
        self._form.clear_on_edit(name)
        self.fields[name] = widget
        if isinstance(widget, QLineEdit | QComboBox):
            widget.installEventFilter(self._enter)


class CitizenSection(FormSection):
    def __init__(
        self,
        lists: ReferenceLists,
        station: StationInfo,
        form: FieldErrors,
        enter_filter: QObject,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("بيانات المواطن"), form, enter_filter, parent)
        self._station = station
        self._lists: OfficeLists | None = None
        self.full_name = QLineEdit(self)
        self.full_name.setPlaceholderText(_("الاسم الرباعي واللقب"))
        self.national_id = number_field(self, _("12 رقماً"))
        self.phone = number_field(self, "07XXXXXXXXX")
        self.gender = QComboBox(self)
        self.governorate = QComboBox(self)
        self.district = QComboBox(self)
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(_("المحلة، الزقاق، الدار"))
        self.landmark = QLineEdit(self)
        self.landmark.setPlaceholderText(_("مثل: قرب جامع أو مدرسة أو سوق"))
        priority = QWidget(self)
        checks = QHBoxLayout(priority)
        checks.setContentsMargins(0, 0, 0, 0)
        self.priority_boxes: dict[Priority, QCheckBox] = {}
        for p in Priority:
            box = QCheckBox(_(p.label), priority)
            box.installEventFilter(enter_filter)
            checks.addWidget(box)
            self.priority_boxes[p] = box
        checks.addStretch(1)

        self.add_row(0, 0, "full_name", _("الاسم الكامل"), self.full_name, span=3)
        self.add_row(2, 0, "national_id", _("رقم البطاقة الوطنية"), self.national_id)
        self.add_row(2, 2, "phone", _("الهاتف المحمول"), self.phone)
        self.add_row(4, 0, "gender", _("الجنس"), self.gender)
        self.add_row(6, 0, "governorate", _("المحافظة"), self.governorate)
        self.add_row(6, 2, "district", _("القضاء"), self.district)
        self.add_row(8, 0, "address", _("العنوان"), self.address, span=3)
        self.add_row(10, 0, "landmark", _("أقرب نقطة دالة"), self.landmark, span=3)
        self.add_row(12, 0, "priority", _("فئات الأولوية"), priority, span=3)
        self.grid.addWidget(self._build_earlier_cases(), 14, 0, 1, 4)
        self.grid.setRowStretch(14, 1)  # spare height goes to the list, not between the fields

        fill_combo(self.gender, [(g.value, _(g.label)) for g in Gender], _("— اختر —"))
        self.governorate.currentIndexChanged.connect(self._governorate_changed)
        lists.when_loaded(self._lists_loaded)

    def _lists_loaded(self, lists: OfficeLists) -> None:
        self._lists = lists
        chosen = self.governorate.currentData() or self._station.governorate_code
        fill_combo(self.governorate, [(g.code, g.name_ar) for g in lists.governorates])
        select_data(self.governorate, chosen)
        self._governorate_changed()

    def _build_earlier_cases(self) -> QWidget:
        """A returning citizen's earlier cases, in the room the citizen's column has to spare."""
        frame = QWidget(self)
        box = QVBoxLayout(frame)
        box.setContentsMargins(0, 6, 0, 0)
        box.setSpacing(4)
        self.earlier_title = QLabel(frame)
        self.earlier_title.setObjectName("sectionHint")
        self.earlier_hint = QLabel(frame)
        self.earlier_hint.setObjectName("emptyHint")
        self.earlier_hint.setWordWrap(True)
        self.earlier_model = EarlierCasesModel(frame)
        self.earlier_view = earlier_cases_view(self.earlier_model, frame)
        self.earlier_view.setMinimumHeight(84)
        box.addWidget(self.earlier_title)
        box.addWidget(self.earlier_hint)
        box.addWidget(self.earlier_view, 100)
        box.addStretch(1)  # with no list to show, the title and hint stay at the top
        return frame

    def _governorate_changed(self) -> None:
        code = str(self.governorate.currentData() or "")
        places = self._lists.districts.get(code, ()) if self._lists is not None else ()
        fill_combo(self.district, [(d.code, d.name_ar) for d in places], _("— اختر القضاء —"))

    def values(self) -> CitizenForm:
        return CitizenForm(
            full_name=self.full_name.text(),
            national_id=self.national_id.text(),
            phone=self.phone.text(),
            gender=str(self.gender.currentData() or ""),
            governorate=str(self.governorate.currentData() or ""),
            district=str(self.district.currentData() or ""),
            address=self.address.text(),
            landmark=self.landmark.text(),
            priority=frozenset(p.value for p, box in self.priority_boxes.items() if box.isChecked()),
        )

    def fill(self, record: CitizenRecord) -> None:
        self.full_name.setText(record.full_name)
        self.national_id.setText(record.national_id or "")
        self.phone.setText(record.phone or "")
        select_data(self.gender, record.gender)
        select_data(self.governorate, record.governorate or self._station.governorate_code)
        self._governorate_changed()
        select_data(self.district, record.district)
        self.address.setText(record.address or "")
        self.landmark.setText(record.landmark or "")
        for p, box in self.priority_boxes.items():
            box.setChecked(p.value in record.priority)

    def has_input(self) -> bool:
        texts = (self.full_name, self.national_id, self.phone, self.address, self.landmark)
        return (
            any(t.text().strip() for t in texts)
            or self.gender.currentIndex() > 0
            or self.district.currentIndex() > 0
            or any(b.isChecked() for b in self.priority_boxes.values())
        )

    def clear(self) -> None:
        for edit in (self.full_name, self.national_id, self.phone, self.address, self.landmark):
            edit.clear()
        for box in self.priority_boxes.values():
            box.setChecked(False)
        self.gender.setCurrentIndex(0)
        select_data(self.governorate, self._station.governorate_code)
        self._governorate_changed()
        self.show_cases(None)

    def show_cases(self, record: CitizenRecord | None) -> None:
        cases = record.cases if record else ()
        self.earlier_model.set_rows(cases)
        title = _("الطلبات السابقة لهذا المواطن")
        self.earlier_title.setText(f"{title} ({len(cases)})" if cases else title)
        self.earlier_view.setVisible(bool(cases))
        self.earlier_hint.setVisible(not cases)
        self.earlier_hint.setText(_("لا طلبات سابقة لهذا المواطن.") if record else _(NO_CASES_YET))


class RequestSection(FormSection):
    def __init__(
        self, lists: ReferenceLists, form: FieldErrors, enter_filter: QObject, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("بيانات الطلب"), form, enter_filter, parent)
        self.kind = QComboBox(self)
        self.channel = QComboBox(self)
        self.category = QComboBox(self)
        self.category.setMaxVisibleItems(16)
        self.entity = QComboBox(self)
        self.entity.setMaxVisibleItems(16)
        self.subject = QLineEdit(self)
        self.subject.setPlaceholderText(_("موضوع الطلب في سطر واحد"))
        self.details = QPlainTextEdit(self)
        self.details.setTabChangesFocus(True)  # Tab leaves the box; Enter starts a new line
        self.details.setPlaceholderText(_("ما يذكره المواطن بالتفصيل (اختياري)"))
        self.details.setMinimumHeight(72)
        self.reply_preference = QComboBox(self)

        self.add_row(0, 0, "kind", _("نوع الطلب"), self.kind)
        self.add_row(0, 2, "channel", _("طريقة التقديم"), self.channel)
        self.add_row(2, 0, "category", _("الفئة"), self.category, span=3)
        self.add_row(4, 0, "entity", _("الجهة المعنية"), self.entity, span=3)
        self.add_row(6, 0, "subject", _("الموضوع"), self.subject, span=3)
        self.add_row(8, 0, "details", _("التفاصيل"), self.details, span=3)
        self.add_row(10, 0, "reply_preference", _("طريقة إبلاغ المواطن"), self.reply_preference, span=3)
        self.grid.setRowStretch(8, 1)

        fill_combo(self.kind, [(k.value, _(k.label)) for k in Kind], _("— اختر النوع —"))
        fill_combo(self.channel, [(c.value, _(c.label)) for c in Channel])
        fill_combo(self.category, [], _("— اختر الفئة —"))
        fill_combo(self.entity, [], _("— تُحدَّد عند الإحالة —"))
        fill_combo(self.reply_preference, [(r.value, _(r.label)) for r in ReplyPreference], _("— لم يحدّد —"))
        lists.when_loaded(self._lists_loaded)

    def _lists_loaded(self, lists: OfficeLists) -> None:
        refill(self.category, [(c.code, c.name_ar) for c in lists.categories], _("— اختر الفئة —"))
        refill(self.entity, [(e.code, e.name_ar) for e in lists.entities], _("— تُحدَّد عند الإحالة —"))

    def values(self, citizen: CitizenForm) -> IntakeForm:
        return IntakeForm(
            citizen=citizen,
            kind=str(self.kind.currentData() or ""),
            channel=str(self.channel.currentData() or ""),
            category=str(self.category.currentData() or ""),
            entity=str(self.entity.currentData() or ""),
            subject=self.subject.text(),
            details=self.details.toPlainText(),
            reply_preference=str(self.reply_preference.currentData() or ""),
        )

    def has_input(self) -> bool:
        combos = (self.kind, self.category, self.entity, self.reply_preference)
        return (
            bool(self.subject.text().strip() or self.details.toPlainText().strip())
            or any(c.currentIndex() > 0 for c in combos)
            or self.channel.currentData() != Channel.WALK_IN.value
        )

    def clear(self) -> None:
        self.subject.clear()
        self.details.clear()
        for combo in (self.kind, self.category, self.entity, self.reply_preference):
            combo.setCurrentIndex(0)
        select_data(self.channel, Channel.WALK_IN.value)
