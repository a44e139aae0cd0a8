"""A case's status and deadline state as people see them: coloured tags (the same on the case page and at
the desk; their colours are in resources/style/app.qss, #statusChip[state=…]), words and row colours."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ...domain.enums import Status
from ...i18n import N_, _
from ...services.cases import CaseDetail
from .form_fields import repolish

SLA_WORDS = {
    "on_time": N_("ضمن المدة"),
    "due_soon": N_("يستحق قريباً"),
    "overdue": N_("متأخر عن موعده"),
}
SHORT_SLA = {"on_time": N_("ضمن المدة"), "due_soon": N_("قريباً"), "overdue": N_("متأخر")}
SLA_COLORS = {  # (background, text) for a row in a list
    "due_soon": ("#fff2d1", "#7a4f00"),
    "overdue": ("#fbe1de", "#a3190c"),
}


def sla_word(sla: str | None) -> str:
    return _(SLA_WORDS[sla]) if sla in SLA_WORDS else ""


def status_state(status: Status) -> str:
    """The chip's colour: closed green, waiting on the citizen violet, anything open blue."""
    if status is Status.CLOSED:
        return "closed"
    return "paused" if status is Status.WAITING_ON_CITIZEN else "open"


def set_chip(label: QLabel, text: str, state: str | None) -> None:
    """`state` is a style in app.qss; an empty text hides the chip."""
    label.setText(text)
    label.setProperty("state", state or "none")
    label.setVisible(bool(text))
    repolish(label)


class CaseChips(QWidget):
    """The status chip and the deadline chip side by side (`status`, `sla`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.status = QLabel(self)
        self.status.setObjectName("statusChip")
        self.sla = QLabel(self)
        self.sla.setObjectName("slaChip")
        for label in (self.status, self.sla):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            row.addWidget(label)

    def show_case(self, case: CaseDetail) -> None:
        set_chip(self.status, _(case.status_label), status_state(case.status))
        set_chip(self.sla, sla_word(case.sla), case.sla)

    def clear(self) -> None:
        set_chip(self.status, "", None)
        set_chip(self.sla, "", None)
