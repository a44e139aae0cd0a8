"""The short list of a returning citizen's earlier cases (at most the 20 the service returns)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...i18n import N_, _
from ...services.cases import CaseBrief
from ...services.clock import to_local

# Kind and category live in the tooltip: the citizen's column is half the screen wide.
_COLUMNS = (N_("الرقم المرجعي"), N_("التاريخ"), N_("الموضوع"), N_("الحالة"))
_SUBJECT = 2

_Index = QModelIndex | QPersistentModelIndex


class EarlierCasesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseBrief] = []

    def set_cases(self, cases: tuple[CaseBrief, ...] | list[CaseBrief]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def cases(self) -> list[CaseBrief]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(_COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                case.reference,
                f"{to_local(case.registered_at):%Y-%m-%d}",
                case.subject,
                case.status_label,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{case.kind} — {case.category}\n{case.subject}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def earlier_cases_view(model: EarlierCasesModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setObjectName("earlierCases")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(_SUBJECT, QHeaderView.ResizeMode.Stretch)
    # Reached by the mouse or by Tab from the lookup field's neighbours only when there is something in it.
    view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return view
