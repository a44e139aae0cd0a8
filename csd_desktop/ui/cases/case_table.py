"""The table every case list shows (list, worklists): whole rows, SQL sorting, Enter or double-click opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .case_list_model import CaseListModel, Column


def case_table(model: CaseListModel, parent: QWidget, *, sortable: bool = True) -> QTableView:
    """The table every case list uses: whole rows, no editing, the subject takes the spare width."""
    view = QTableView(parent)
    view.setObjectName("caseTable")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(Column.SUBJECT, QHeaderView.ResizeMode.Stretch)
    widths = {  # at 1366×768 the subject keeps about 200 pixels
        Column.REFERENCE: 172,
        Column.DATE: 88,
        Column.CITIZEN: 165,
        Column.KIND: 60,
        Column.CATEGORY: 115,
        Column.ENTITY: 185,
        Column.STATUS: 185,
        Column.DUE: 128,
    }
    for section, width in widths.items():
        header.resizeSection(section, width)
    view.setColumnHidden(Column.ENTITY, True)  # a list about entities shows it (worklists)
    if sortable:
        header.setSortIndicator(*model.header_sort())
        view.setSortingEnabled(True)

        def keep_indicator() -> None:
            # Only some orders exist in SQL: the arrow shows the one in force, not the one clicked.
            column, order = model.header_sort()
            if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
                header.blockSignals(True)
                header.setSortIndicator(column, order)
                header.blockSignals(False)
                header.viewport().update()

        header.sortIndicatorChanged.connect(keep_indicator)
    return view


def select_row(view: QTableView, row: int) -> None:
    """Select and show a whole row. (QTableView.selectRow picks its column at the viewport's edge,
    which in a right-to-left view is past the last column: it selects nothing.)"""
    model = view.model()
    if 0 <= row < model.rowCount():
        index = model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        view.selectionModel().setCurrentIndex(index, flags)
        view.scrollTo(index)


class _OpenOnEnter(QObject):
    """Enter on a row opens the case (Qt's own `activated` on Enter is platform dependent)."""

    def __init__(self, view: QTableView, open_row: Callable[[int], None]) -> None:
        super().__init__(view)
        self._open = open_row
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(watched, QTableView)
        ):
            index = watched.currentIndex()
            if index.isValid():
                self._open(index.row())
            return True
        return False


def connect_opening(view: QTableView, model: CaseListModel, open_case: SignalInstance) -> None:
    """Double-click or Enter on a row emits `open_case(reference)`."""

    def open_row(row: int) -> None:
        case = model.case_at(row)
        if case is not None:
            open_case.emit(case.reference)

    view.doubleClicked.connect(lambda index: open_row(index.row()))
    _OpenOnEnter(view, open_row)
