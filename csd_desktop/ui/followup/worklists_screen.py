"""The worklists: mine, due today, overdue, awaiting the entities, by entity (the counts: worklist_counts)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...i18n import N_, _
from ...services import worklists
from ...services.reference_data import OfficeLists
from ...services.search import SortKey
from ...services.users import Actor
from ...services.worklists import EntityLoad, Worklist
from ..cases.case_list_model import CaseListModel, CaseQuery, Column
from ..cases.case_table import case_table, connect_opening, select_row
from ..cases.shortcuts import screen_shortcut
from ..reference_lists import ReferenceLists
from ..widgets.form_fields import fill_combo
from ..workers import QueryOp
from .worklist_counts import WorklistCounts

if TYPE_CHECKING:  # annotations only: widgets hand the database to services and never open it
    from ...services.database import Database

log = logging.getLogger(__name__)

_HINTS = {
    Worklist.MINE: N_("الطلبات المفتوحة المسندة إليك، الأقرب موعداً أولاً."),
    Worklist.DUE_TODAY: N_("طلبات مفتوحة يحلّ موعدها اليوم: أنجزها قبل نهاية الدوام."),
    Worklist.OVERDUE: N_("طلبات تجاوزت موعدها ولم تُغلق، الأقدم تأخراً أولاً."),
    Worklist.AWAITING_REPLY: N_("طلبات أُحيلت إلى الجهات ولم يرد ردّها بعد. اختر جهة لتضييق القائمة."),
    Worklist.BY_ENTITY: N_(
        "الطلبات المفتوحة لدى جهة واحدة. الجهات مرتبة بعدد طلباتها المفتوحة، الأكثر أولاً."
    ),
}
_WITH_ENTITY = (Worklist.AWAITING_REPLY, Worklist.BY_ENTITY)
# Every case awaiting a reply has the same status; which entity it waits on is what the officer reads.
_ENTITY_COLUMN = (Worklist.AWAITING_REPLY,)


class WorklistsScreen(QWidget):
    open_case = Signal(str)

    def __init__(self, db: Database, actor: Actor, counts: WorklistCounts, lists: ReferenceLists) -> None:
        super().__init__()
        self.setObjectName("worklistsScreen")
        self._db = db
        self._actor = actor
        self._counts = counts
        self.worklist = Worklist.OVERDUE
        self._restore_row = -1
        self._entity_choice: dict[Worklist, str] = {}  # each list remembers its own entity
        self.model = CaseListModel(db, self, sort=SortKey.DUE)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(8)
        bar = QFrame(self)
        bar.setObjectName("lookupBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(14, 8, 14, 8)
        self.title = QLabel(bar)
        self.title.setObjectName("worklistTitle")
        self.entity_label = QLabel(_("الجهة:"), bar)
        self.entity = QComboBox(bar)
        self.entity.setMaxVisibleItems(16)
        self.entity.setMinimumWidth(280)
        self._all_entities: list[tuple[str, str]] = []  # filled when the office's lists arrive
        fill_combo(self.entity, self._all_entities, _("— كل الجهات —"))
        self.entity_label.setBuddy(self.entity)
        self.refresh_button = QPushButton(_("تحديث  (F5)"), bar)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.title)
        row.addStretch(1)
        row.addWidget(self.entity_label)
        row.addWidget(self.entity)
        row.addWidget(self.refresh_button)
        outer.addWidget(bar)
        hints = QHBoxLayout()
        self.hint = QLabel(self)
        self.hint.setObjectName("emptyHint")
        self.message = QLabel(self)
        self.message.setObjectName("sectionHint")
        hints.addWidget(self.hint, 1)
        hints.addWidget(self.message)
        outer.addLayout(hints)
        self.view = case_table(self.model, self)
        outer.addWidget(self.view, 1)

        self.entity.currentIndexChanged.connect(self._entity_chosen)
        self.refresh_button.clicked.connect(self.refresh)
        self.model.total_changed.connect(self._show_title)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(self.message.setText)
        connect_opening(self.view, self.model, self.open_case)
        screen_shortcut(self, QKeySequence(Qt.Key.Key_F5), self.refresh)
        self._show_title()
        lists.when_loaded(self._lists_loaded)

    def _lists_loaded(self, lists: OfficeLists) -> None:
        self._all_entities = [(e.code, e.name_ar) for e in lists.entities]
        if self.worklist is Worklist.AWAITING_REPLY:
            self._offer(self._all_entities, _("— كل الجهات —"))

    def show_worklist(self, worklist: Worklist) -> None:
        self.worklist = worklist
        with_entity = worklist in _WITH_ENTITY
        self.entity_label.setVisible(with_entity)
        self.entity.setVisible(with_entity)
        self.hint.setText(_(_HINTS[worklist]))
        self.view.setColumnHidden(Column.ENTITY, worklist not in _ENTITY_COLUMN)
        self.view.setColumnHidden(Column.STATUS, worklist in _ENTITY_COLUMN)
        self._show_title()
        self._restore_row = -1
        if worklist is Worklist.BY_ENTITY:
            self._offer_busy_entities()  # the list follows once the entities are counted
        else:
            if worklist is Worklist.AWAITING_REPLY:
                self._offer(self._all_entities, _("— كل الجهات —"))
            self._load()
        self.view.setFocus()

    # ---- the entity -------------------------------------------------------------------------

    def _offer(self, items: list[tuple[str, str]], placeholder: str | None) -> None:
        """Fill the entity box, back on this list's last choice (the first entity when it has none)."""
        fill_combo(self.entity, items, placeholder)
        self.entity.blockSignals(True)
        index = self.entity.findData(self._entity_choice.get(self.worklist, ""))
        self.entity.setCurrentIndex(max(index, 0))
        self.entity.blockSignals(False)

    def _offer_busy_entities(self) -> None:
        """By entity opens on the entity with the most open cases, never on an empty list."""
        self.model.clear()
        self.message.setText(_("جارٍ عدّ الطلبات المفتوحة لدى كل جهة…"))
        QueryOp(
            parent=self, op=lambda: worklists.open_by_entity(self._db), success=self._busy_entities
        ).run_in_background()

    def _busy_entities(self, loads: list[EntityLoad]) -> None:
        if self.worklist is not Worklist.BY_ENTITY:
            return  # the officer has moved on to another list
        items = [
            (e.code, _("{name} ({count})").format(name=e.name, count=f"{e.open_cases:,}")) for e in loads
        ]
        self._offer(items, None if items else _("— لا طلبات مفتوحة لدى الجهات —"))
        self._load()

    def _entity_chosen(self) -> None:
        self._entity_choice[self.worklist] = str(self.entity.currentData() or "")
        self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.model.query is None:
            self.show_worklist(self.worklist)

    def refresh(self) -> None:
        """F5: the list and the counts again."""
        self._counts.refresh()
        self.reload_list()

    def reload_list(self) -> None:
        """After a save elsewhere: the list again if it has been shown, keeping the officer's place."""
        if self.model.query is not None:
            self._restore_row = self.view.currentIndex().row()
            self._load()

    def _load(self) -> None:
        entity = str(self.entity.currentData() or "") or None if self.worklist in _WITH_ENTITY else None
        if self.worklist is Worklist.BY_ENTITY and entity is None:
            self.model.clear()
            self._show_title()
            self.message.setText(_("لا طلبات مفتوحة لدى أي جهة الآن."))
            return
        self.message.clear()
        filters = worklists.worklist_filter(self.worklist, self._actor, entity=entity)
        self.model.set_query(CaseQuery("", filters))

    def _show_title(self, total: int | None = None) -> None:
        name = _(self.worklist.label)
        if total is None or self.model.query is None:
            self.title.setText(name)
        else:
            self.title.setText(_("{name} — عدد الطلبات: {count}").format(name=name, count=f"{total:,}"))

    def _page_loaded(self, rows: int) -> None:
        if rows == 0:
            self.message.setText(_("لا طلبات في هذه القائمة الآن."))
        elif self.view.currentIndex().row() < 0:
            select_row(self.view, min(max(self._restore_row, 0), rows - 1))
            self._restore_row = -1
