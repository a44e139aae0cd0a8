"""Logging in: username and password, checked by the users service off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import CsdError
from ..i18n import _
from ..services import users
from ..services.users import Actor
from . import workers
from .widgets.form_fields import EnterMovesOn, error_label
from .workers import QueryOp

if TYPE_CHECKING:  # annotations only
    from ..services.database import Database


class LoginDialog(QDialog):
    failed = Signal(str)  # the Arabic message shown, for tests and the log

    def __init__(
        self,
        db: Database,
        *,
        office_name: str = "",
        username: str = "",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(_("تسجيل الدخول — شؤون المواطنين"))
        self._db = db
        self.actor: Actor | None = None

        title = QLabel(_("نظام شؤون المواطنين"), self)
        title.setObjectName("dialogTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        office = QLabel(office_name, self)
        office.setObjectName("dialogSubtitle")
        office.setAlignment(Qt.AlignmentFlag.AlignCenter)
        office.setWordWrap(True)
        office.setVisible(bool(office_name))

        self.username = QLineEdit(username, self)
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.username.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.password.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message = error_label(self)
        self.hint = QLabel(hint, self)
        self.hint.setObjectName("dialogHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.username.installEventFilter(EnterMovesOn(self))
        self.password.returnPressed.connect(self.submit)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(10)
        form.addRow(_("اسم المستخدم"), self.username)
        form.addRow(_("كلمة المرور"), self.password)
        self.buttons = QDialogButtonBox(self)
        # Named before it joins the box: the box polishes its buttons when they are added.
        self.login_button = QPushButton(_("دخول"), self)
        self.login_button.setObjectName("primaryButton")
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("إلغاء"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(office)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        username, password = self.username.text(), self.password.text()
        self.login_button.setEnabled(False)
        self.message.hide()
        QueryOp(
            parent=self,
            op=lambda: users.authenticate(self._db, username, password),
            success=self._logged_in,
        ).failure(self._refused).run_in_background()

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        if not isinstance(exc, CsdError):
            workers.show_error(self, exc)
            return
        self.message.setText(exc.message)
        self.message.show()
        self.password.selectAll()
        self.password.setFocus()
        self.failed.emit(exc.message)
