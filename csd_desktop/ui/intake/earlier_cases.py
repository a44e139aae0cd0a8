"""The short list of a returning citizen's earlier cases (at most the 20 the service returns)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ...i18n import N_
from ...services.cases import CaseBrief
from ...services.clock import to_local
from ..widgets.rows_table import RowsModel, rows_view

_SUBJECT = 2


class EarlierCasesModel(RowsModel[CaseBrief]):
    # Kind and category live in the tooltip: the citizen's column is half the screen wide.
    columns = (N_("الرقم المرجعي"), N_("التاريخ"), N_("الموضوع"), N_("الحالة"))

    def cell(self, case: CaseBrief, column: int, role: int) -> Any:
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
    view = rows_view(model, parent, "earlierCases")
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(_SUBJECT, QHeaderView.ResizeMode.Stretch)
    # Reached by the mouse or by Tab from the lookup field's neighbours only when there is something in it.
    view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return view
