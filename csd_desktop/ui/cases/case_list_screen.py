"""The case list: one search box (reference, phone, card number or Arabic words) and filters."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.arabic import ascii_digits, clean_text
from ...domain.enums import Kind, Status
from ...errors import ReferenceCheckMismatch
from ...i18n import N_, _
from ...services import search, users
from ...services.reference_data import OfficeLists, RefItem
from ...services.search import CaseFilter
from ...services.setup import StationInfo
from ...services.users import UserSummary
from ..reference_lists import ReferenceLists
from ..widgets.form_fields import arabic_sorted, error_label, fill_combo, mark_invalid, number_field, refill
from ..widgets.lookup_bar import LookupBar
from ..widgets.reference_suggestions import ReferenceSuggestions
from ..workers import QueryOp
from .case_list_model import CaseListModel, CaseQuery
from .case_table import case_table, connect_opening, select_row
from .shortcuts import screen_shortcut

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

OPEN = "open"
_WHAT = {
    "reference": N_("يُبحث بالرقم المرجعي {value}"),
    "phone": N_("يُبحث برقم الهاتف {value}"),
    "national_id": N_("يُبحث برقم البطاقة الوطنية {value}"),
    "words": N_("يُبحث بالكلمات في اسم المواطن وموضوع الطلب وتفاصيله"),
}


def parse_day(text: str) -> date | None:
    """A date typed as 2026-11-24 (Arabic digits too); empty is None; ValueError when it is not a date."""
    value = ascii_digits(clean_text(text)).replace("/", "-")
    return date.fromisoformat(value) if value else None


class CaseListScreen(QWidget):
    open_case = Signal(str)  # reference

    def __init__(
        self,
        db: Database,
        station: StationInfo,
        parent: QWidget | None = None,
        *,
        page_size: int = 100,
        lists: ReferenceLists | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseListScreen")
        self._db = db
        self._station = station
        self._shown_once = False
        self._restore_row = -1
        self.model = CaseListModel(db, self, page_size=page_size)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        outer.addWidget(self._build_search())
        self.suggestions = ReferenceSuggestions(self)
        outer.addWidget(self.suggestions)
        outer.addWidget(self._build_filters())
        summary = QHBoxLayout()
        self.total_label = QLabel(self)
        self.total_label.setObjectName("sectionHint")
        self.message = QLabel(self)
        self.message.setObjectName("emptyHint")
        summary.addWidget(self.total_label)
        summary.addStretch(1)
        summary.addWidget(self.message)
        outer.addLayout(summary)
        self.view = case_table(self.model, self)
        outer.addWidget(self.view, 1)
        self._wire()
        (lists or ReferenceLists(db, self)).when_loaded(self._lists_loaded)

    # ---- building ---------------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("caseSearch")
        self.search_box.setPlaceholderText(
            _("الرقم المرجعي (بشرطات أو بدونها)، أو الهاتف، أو رقم البطاقة، أو كلمات من الاسم والموضوع")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(360)
        bar = LookupBar(
            _("بحث:"), self.search_box, _("بحث  (Enter)"), self, field_stretch=3, status_stretch=2
        )
        self.search_button, self.interpretation = bar.button, bar.status
        return bar

    def _build_filters(self) -> QWidget:
        frame = QFrame(self)
        frame.setObjectName("actionBar")
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.status = QComboBox(frame)
        fill_combo(
            self.status,
            [(OPEN, _("المفتوحة فقط")), *[(s.value, _(s.label)) for s in Status]],
            _("كل الحالات"),
        )
        self.kind = QComboBox(frame)
        fill_combo(self.kind, [(k.value, _(k.label)) for k in Kind], _("كل الأنواع"))
        # Categories, entities and districts are filled when the office's lists arrive (_lists_loaded).
        self.category = QComboBox(frame)
        self.category.setMaxVisibleItems(16)
        fill_combo(self.category, [], _("كل الفئات"))
        self.entity = QComboBox(frame)
        self.entity.setMaxVisibleItems(16)
        fill_combo(self.entity, [], _("كل الجهات"))
        self.district = QComboBox(frame)
        fill_combo(self.district, [], _("كل الأقضية"))
        self.clerk = QComboBox(frame)  # who registered the case; filled off the UI thread when first shown
        self.clerk.setMaxVisibleItems(16)
        fill_combo(self.clerk, [], _("كل الموظفين"))
        self.date_from = number_field(frame, _("سنة-شهر-يوم"))
        self.date_to = number_field(frame, _("سنة-شهر-يوم"))
        for field in (self.date_from, self.date_to):
            field.setMaximumWidth(120)
            field.setToolTip(_("اكتب التاريخ بالشكل 2026-11-24، أو اتركه فارغاً"))
        self.overdue = QCheckBox(_("المتأخرة فقط"), frame)
        self.clear_button = QPushButton(_("مسح الفلاتر"), frame)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.date_error = error_label(frame)
        for combo in self._combos():
            # Long names (statuses, ministries) must not widen the screen: the open list shows them whole.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.view().setMinimumWidth(320)

        def add(row: int, col: int, text: str, widget: QWidget) -> None:
            caption = QLabel(text, frame)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)

        add(0, 0, _("الحالة"), self.status)
        add(0, 2, _("النوع"), self.kind)
        add(0, 4, _("الفئة"), self.category)
        add(0, 6, _("الجهة"), self.entity)
        add(1, 0, _("القضاء"), self.district)
        add(1, 2, _("الموظف"), self.clerk)
        period = QHBoxLayout()
        period.setSpacing(6)
        period.addWidget(self.date_from)
        period.addWidget(QLabel(_("إلى"), frame))
        period.addWidget(self.date_to)
        period.addStretch(1)
        caption = QLabel(_("التسجيل من"), frame)
        caption.setBuddy(self.date_from)
        grid.addWidget(caption, 1, 4)
        grid.addLayout(period, 1, 5)
        ends = QHBoxLayout()
        ends.addWidget(self.overdue)
        ends.addStretch(1)
        ends.addWidget(self.clear_button)
        grid.addLayout(ends, 1, 6, 1, 2)
        grid.addWidget(self.date_error, 2, 3, 1, 5)
        for col in (1, 3, 5, 7):
            grid.setColumnStretch(col, 1)
        return frame

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.status, self.kind, self.category, self.entity, self.district, self.clerk)

    def _lists_loaded(self, lists: OfficeLists) -> None:
        places = lists.districts.get(self._station.governorate_code, ())
        for combo, items, placeholder in (
            (self.category, lists.categories, _("كل الفئات")),
            (self.entity, lists.entities, _("كل الجهات")),
            (self.district, places, _("كل الأقضية")),
        ):
            refill(combo, [(i.code, i.name_ar) for i in items], placeholder)

    def _load_clerks(self) -> None:
        db = self._db  # people who have left still registered cases: list them too
        QueryOp(
            parent=self, op=lambda: users.list_users(db, active_only=False), success=self._show_clerks
        ).run_in_background()

    def _show_clerks(self, people: list[UserSummary]) -> None:
        names = arabic_sorted(RefItem(str(p.id), p.full_name) for p in people)
        refill(self.clerk, [(n.code, n.name_ar) for n in names], _("كل الموظفين"))

    def _wire(self) -> None:
        self.search_box.returnPressed.connect(self.search)
        self.search_box.textChanged.connect(self._interpret)
        self.search_button.clicked.connect(self.search)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.search)
        self.overdue.toggled.connect(self.search)
        for field in (self.date_from, self.date_to):
            field.returnPressed.connect(self.search)
            field.editingFinished.connect(self._dates_edited)
        self.clear_button.clicked.connect(self.clear_filters)
        self.model.total_changed.connect(self._show_total)
        self.model.loading_changed.connect(self._show_loading)
        self.model.load_failed.connect(self.message.setText)
        self.model.reference_refused.connect(self._reference_refused)
        self.suggestions.chosen.connect(self._suggestion_chosen)
        self.model.page_loaded.connect(self._page_loaded)
        connect_opening(self.view, self.model, self.open_case)
        screen_shortcut(self, QKeySequence(Qt.Key.Key_F5), self.model.reload)
        self.search_box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes into the results, as in a browser's address bar.
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self.view.setFocus()
            select_row(self.view, max(self.view.currentIndex().row(), 0))
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the first page is asked for when the list is first seen, not at start
            self._shown_once = True
            self._load_clerks()
            self.search()
            self.focus_search()

    # ---- searching --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def filters(self) -> CaseFilter | None:
        """The filters set, or None when none is (the word search then takes its fastest path)."""
        status = str(self.status.currentData() or "")
        clerk = str(self.clerk.currentData() or "")
        try:
            start, end = parse_day(self.date_from.text()), parse_day(self.date_to.text())
        except ValueError:
            start = end = None
        chosen = CaseFilter(
            statuses=frozenset({status}) if status and status != OPEN else frozenset(),
            open_only=status == OPEN,
            kind=str(self.kind.currentData() or "") or None,
            category=str(self.category.currentData() or "") or None,
            entity=str(self.entity.currentData() or "") or None,
            district=str(self.district.currentData() or "") or None,
            clerk=UUID(clerk) if clerk else None,
            registered_from=start,
            registered_to=end,
            overdue=self.overdue.isChecked(),
        )
        return None if chosen == CaseFilter() else chosen

    def search(self) -> None:
        if not self._dates_valid():
            return
        self.message.clear()
        self.suggestions.clear()
        self.model.set_query(CaseQuery(self.search_box.text(), self.filters()))

    def _reference_refused(self, error: ReferenceCheckMismatch) -> None:
        self.total_label.setText(_("عدد الطلبات: {count}").format(count=0))
        self.suggestions.show_refusal(error)

    def _suggestion_chosen(self, reference: str) -> None:
        self.search_box.setText(reference)
        self.search()
        self.view.setFocus()

    def clear_filters(self) -> None:
        for combo in self._combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.overdue.blockSignals(True)
        self.overdue.setChecked(False)
        self.overdue.blockSignals(False)
        self.date_from.clear()
        self.date_to.clear()
        self._dates_valid()
        self.search()

    def refresh(self) -> None:
        """After a save elsewhere: the same search again (only if the list has been opened)."""
        if self._shown_once:
            self._restore_row = self.view.currentIndex().row()
            self._load_clerks()  # someone new may have registered cases since
            self.model.reload()

    def _dates_edited(self) -> None:
        if self._dates_valid():
            query = CaseQuery(self.search_box.text(), self.filters())
            if query != self.model.query:
                self.search()

    def _dates_valid(self) -> bool:
        ok = True
        for field in (self.date_from, self.date_to):
            try:
                parse_day(field.text())
                mark_invalid(field, False)
            except ValueError:
                mark_invalid(field, True)
                ok = False
        self.date_error.setText(_("التاريخ غير صحيح: اكتبه بالشكل 2026-11-24.") if not ok else "")
        self.date_error.setVisible(not ok)
        return ok

    def _interpret(self, text: str) -> None:
        what = search.interpret(text)
        template = _WHAT.get(what.kind)
        self.interpretation.setText(_(template).format(value=f"\u2066{what.value}\u2069") if template else "")

    def _show_total(self, total: int) -> None:
        self.total_label.setText(_("عدد الطلبات: {count}").format(count=f"{total:,}"))

    def _show_loading(self, loading: bool) -> None:
        if loading:
            self.message.setText(_("جارٍ البحث…"))
        elif self.message.text() == _("جارٍ البحث…"):
            self.message.clear()

    def _page_loaded(self, rows: int) -> None:
        if rows == 0:
            self.message.setText(_("لا توجد طلبات تطابق البحث والفلاتر."))
        elif self.view.currentIndex().row() < 0 and not self.search_box.hasFocus():
            select_row(self.view, min(max(self._restore_row, 0), rows - 1))
            self._restore_row = -1
