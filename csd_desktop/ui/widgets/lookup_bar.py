"""The bar across the top of a screen that looks something up (intake's returning citizen, the case
list's search, the desk's number): a caption, the field, a button, and a line saying what is found."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QWidget


class LookupBar(QFrame):
    """`field` (made by the caller: a number field or a search box), `button` and `status`."""

    def __init__(
        self,
        caption: str,
        field: QLineEdit,
        button: str,
        parent: QWidget | None = None,
        *,
        field_stretch: int = 0,
        status_stretch: int = 1,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lookupBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        label = QLabel(caption, self)
        field.setParent(self)
        label.setBuddy(field)
        self.field = field
        self.button = QPushButton(button, self)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in the field does it
        self.status = QLabel(self)
        self.status.setObjectName("lookupStatus")
        self.status.setWordWrap(True)
        # A long message wraps in its own room instead of widening the screen.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(label)
        row.addWidget(field, field_stretch)
        row.addWidget(self.button)
        row.addSpacing(12)
        row.addWidget(self.status, status_stretch)
