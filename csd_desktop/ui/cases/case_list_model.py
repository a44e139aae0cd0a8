"""The case list as a Qt model: pages fetched from services.search as the view scrolls, sorted in SQL.

It never holds more than the pages the officer has scrolled through; the total comes from a separate
count query, so the first page shows before the counting is done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...errors import CsdError, ReferenceCheckMismatch
from ...i18n import N_, _
from ...services import search
from ...services.cases import CaseBrief
from ...services.clock import to_local
from ...services.search import CaseFilter, SortKey
from .. import workers
from ..widgets.chips import SHORT_SLA, SLA_COLORS, sla_word
from ..workers import QueryOp
from .timeline import day_text

if TYPE_CHECKING:  # annotations only: the model hands the database to services
    from ...services.database import Database

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100


class Column(IntEnum):
    REFERENCE = 0
    DATE = 1
    CITIZEN = 2
    KIND = 3
    CATEGORY = 4
    ENTITY = 5  # shown where the entity is what the list is about (awaiting the entities' replies)
    SUBJECT = 6
    STATUS = 7
    DUE = 8


_HEADERS = (
    N_("الرقم المرجعي"),
    N_("التاريخ"),
    N_("المواطن"),
    N_("النوع"),
    N_("الفئة"),
    N_("الجهة المعنية"),
    N_("الموضوع"),
    N_("الحالة"),
    N_("الموعد"),
)
_ASC, _DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
# The orders SQL offers (search.SortKey). A click on another column leaves the order as it was.
_SORTS: dict[tuple[int, Qt.SortOrder], SortKey] = {
    (Column.DATE, _DESC): SortKey.NEWEST,
    (Column.DATE, _ASC): SortKey.OLDEST,
    (Column.REFERENCE, _ASC): SortKey.REFERENCE,
    (Column.REFERENCE, _DESC): SortKey.REFERENCE,
    (Column.DUE, _ASC): SortKey.DUE,
    (Column.DUE, _DESC): SortKey.DUE,
}
_HEADER_OF = {
    SortKey.NEWEST: (Column.DATE, _DESC),
    SortKey.OLDEST: (Column.DATE, _ASC),
    SortKey.REFERENCE: (Column.REFERENCE, _ASC),
    SortKey.DUE: (Column.DUE, _ASC),
}


@dataclass(frozen=True)
class CaseQuery:
    """What the list shows: the search box's text and the filters (None: no filter at all)."""

    text: str = ""
    filters: CaseFilter | None = None


class CaseListModel(QAbstractTableModel):
    page_loaded = Signal(int)  # rows held after a page arrived
    total_changed = Signal(int)  # the number of matching cases
    loading_changed = Signal(bool)
    load_failed = Signal(str)
    reference_refused = Signal(object)  # ReferenceCheckMismatch: a mistyped reference, with suggestions

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        sort: SortKey = SortKey.NEWEST,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.page_size = page_size
        self.sort_key = sort
        self.query: CaseQuery | None = None  # None: nothing asked yet
        self.total: int | None = None
        self._rows: list[CaseBrief] = []
        self._generation = 0  # answers to an older query or order are dropped
        self._loading = False
        self._exhausted = True

    # ---- what to show -------------------------------------------------------------------------

    def set_query(self, query: CaseQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Ask again from the first page (after a search, a new order or a save)."""
        if self.query is None:
            return
        self._generation += 1
        generation, query, sort = self._generation, self.query, self.sort_key
        self._set_loading(True)
        limit = self.page_size
        QueryOp(
            parent=self,
            op=lambda: search.search(
                self._db, query.text, query.filters, sort=sort, offset=0, limit=limit + 1
            ),
            success=lambda rows: self._first_page(generation, rows),
        ).failure(lambda exc: self._failed(generation, exc)).run_in_background()
        QueryOp(
            parent=self,
            op=lambda: search.count(self._db, query.text, query.filters),
            success=lambda total: self._counted(generation, total),
        ).failure(lambda exc: self._failed(generation, exc)).run_in_background()

    def clear(self) -> None:
        self._generation += 1
        self.query = None
        self.beginResetModel()
        self._rows = []
        self._exhausted = True
        self.endResetModel()
        self._set_loading(False)

    def is_loading(self) -> bool:
        return self._loading

    def case_at(self, row: int) -> CaseBrief | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cases(self) -> list[CaseBrief]:
        return list(self._rows)

    def header_sort(self) -> tuple[int, Qt.SortOrder]:
        """Where the header's sort arrow belongs for the order in force."""
        column, order = _HEADER_OF[self.sort_key]
        return int(column), order

    # ---- paging -------------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._loading or self.query is None:
            return
        generation, query, sort = self._generation, self.query, self.sort_key
        offset, limit = len(self._rows), self.page_size
        self._set_loading(True)
        QueryOp(
            parent=self,
            op=lambda: search.search(
                self._db, query.text, query.filters, sort=sort, offset=offset, limit=limit + 1
            ),
            success=lambda rows: self._next_page(generation, offset, rows),
        ).failure(lambda exc: self._failed(generation, exc)).run_in_background()

    def _alive(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self._generation

    def _first_page(self, generation: int, rows: list[CaseBrief]) -> None:
        if not self._alive(generation):
            return
        # One row more than a page says whether another page exists, without counting.
        self.beginResetModel()
        self._rows = rows[: self.page_size]
        self._exhausted = len(rows) <= self.page_size
        self.endResetModel()
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _next_page(self, generation: int, offset: int, rows: list[CaseBrief]) -> None:
        if not self._alive(generation) or offset != len(self._rows):
            return
        page = rows[: self.page_size]
        self._exhausted = len(rows) <= self.page_size
        if page:
            self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _counted(self, generation: int, total: int) -> None:
        if self._alive(generation):
            self.total = total
            self.total_changed.emit(total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not self._alive(generation):
            return
        self._set_loading(False)
        if isinstance(exc, ReferenceCheckMismatch):
            self.beginResetModel()  # nothing is shown as if it were the case typed
            self._rows = []
            self._exhausted = True
            self.endResetModel()
            self.reference_refused.emit(exc)
        elif isinstance(exc, CsdError):
            self.load_failed.emit(exc.message)
        else:
            log.error("case list query failed", exc_info=(type(exc), exc, exc.__traceback__))
            self.load_failed.emit(workers.message_for(exc))

    def _set_loading(self, loading: bool) -> None:
        if self._loading != loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # ---- sorting: pushed into SQL -------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _SORTS.get((column, order))
        if key is None or key is self.sort_key:
            return
        self.sort_key = key
        self.reload()

    # ---- the table ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section in (Column.DATE, Column.REFERENCE, Column.DUE):
            return _("انقر للترتيب بهذا العمود")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.STATUS, Column.SUBJECT, Column.CITIZEN, Column.ENTITY):
                return self._text(case, column)
            if column == Column.DUE and case.sla:
                return sla_word(case.sla)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and case.sla in SLA_COLORS:
            return QColor(SLA_COLORS[case.sla][0])
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DUE and case.sla in SLA_COLORS:
            return QColor(SLA_COLORS[case.sla][1])
        if role == Qt.ItemDataRole.FontRole and column == Column.DUE and case.sla == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _text(case: CaseBrief, column: int) -> str:
        if column == Column.REFERENCE:
            return case.reference
        if column == Column.DATE:
            return f"{to_local(case.registered_at):%Y-%m-%d}"
        if column == Column.CITIZEN:
            return case.citizen
        if column == Column.KIND:
            return _(case.kind)
        if column == Column.CATEGORY:
            return case.category
        if column == Column.ENTITY:
            return case.entity or "—"
        if column == Column.SUBJECT:
            return case.subject
        if column == Column.STATUS:
            return _(case.status_label)
        if case.due_on is None:
            return "—"
        word = _(SHORT_SLA[case.sla]) if case.sla in SLA_COLORS else ""  # the colour says it too
        return f"{day_text(case.due_on)}  {word}".strip()
