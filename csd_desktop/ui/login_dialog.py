"""Logging in: username and password, checked by the users service off the UI thread.

The dialog may show before the database is open (the first thing a clerk sees, while SQLAlchemy
loads): what is typed meanwhile waits, and Enter pressed early logs in as soon as the file is ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..errors import CsdError
from ..i18n import _
from . import workers
from .start.station import change_password, log_in
from .widgets.form_fields import EnterMovesOn, accept_buttons, error_label, start_edge
from .workers import QueryOp

if TYPE_CHECKING:  # annotations only: importing the services is what the early dialog avoids
    from ..services.database import Database
    from ..services.sign_in import Actor


class LoginDialog(QDialog):
    failed = Signal(str)  # the Arabic message shown, for tests and the log
    submitted = Signal()  # the password is being checked: the window can get ready meanwhile

    def __init__(
        self,
        db: Database | None,
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
        self._waiting = False  # Enter pressed before the database was open
        self.cancelled = False
        self.actor: Actor | None = None

        title = QLabel(_("نظام شؤون المواطنين"), self)
        title.setObjectName("dialogTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.office = QLabel(office_name, self)
        self.office.setObjectName("dialogSubtitle")
        self.office.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.office.setWordWrap(True)
        self.office.setVisible(bool(office_name))

        self.username = QLineEdit(username, self)
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.username.setAlignment(start_edge())
        self.password = self._secret()
        self.message = error_label(self)
        self.hint = QLabel(hint, self)
        self.hint.setObjectName("dialogHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.username.installEventFilter(EnterMovesOn(self))
        self.password.returnPressed.connect(self.submit)
        # Shown after a temporary password (an administrator's): the person's own, typed twice.
        self.new_password, self.new_password2 = self._secret(), self._secret()
        self.new_password.installEventFilter(EnterMovesOn(self))
        self.new_password2.returnPressed.connect(self.submit)
        self._temporary: tuple[str, str] | None = None
        self._typed = ""  # the password last checked: the old one, when it must be changed

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(10)
        form.addRow(_("اسم المستخدم"), self.username)
        form.addRow(_("كلمة المرور"), self.password)
        form.addRow(_("كلمة المرور الجديدة"), self.new_password)
        form.addRow(_("أعد كتابتها"), self.new_password2)
        self._form = form
        self._show_change(False)
        self.buttons, self.login_button = accept_buttons(self, _("دخول"), self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.office)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if username else self.username).setFocus()

    def set_database(self, db: Database, office_name: str) -> None:
        """The file is open: the office's name shows, and a login asked for early goes ahead."""
        self._db = db
        self.office.setText(office_name)
        self.office.setVisible(bool(office_name))
        if self._waiting:
            self._waiting = False
            self.login_button.setEnabled(True)
            self.submit()

    def submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        self.login_button.setEnabled(False)
        self.message.hide()
        db = self._db
        if db is None:
            self._waiting = True
            return
        username, password = self.username.text(), self.password.text()
        if self._temporary is not None:
            username, password = self._temporary
            new, repeated = self.new_password.text(), self.new_password2.text()
            QueryOp(
                parent=self,
                op=lambda: change_password(db, username, password, new, repeated),
                success=self._logged_in,
            ).failure(self._refused).run_in_background()
            return
        self._typed = password
        self.submitted.emit()
        QueryOp(
            parent=self,
            op=lambda: log_in(db, username, password),
            success=self._logged_in,
        ).failure(self._refused).run_in_background()

    def _secret(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        field.setAlignment(start_edge())
        return field

    def _show_change(self, shown: bool) -> None:
        for field in (self.new_password, self.new_password2):
            self._form.setRowVisible(field, shown)
        for field in (self.username, self.password):
            self._form.setRowVisible(field, not shown)

    def _must_change(self, actor: Actor) -> None:
        """The password was an administrator's temporary one: the person chooses their own first."""
        self._temporary = (actor.username, self._typed)
        self._show_change(True)
        self.login_button.setText(_("تغيير كلمة المرور والدخول"))
        self.login_button.setEnabled(True)
        self.message.setText(
            _("كلمة المرور هذه مؤقتة وضعها مدير النظام: اختر كلمة مرور جديدة لك واكتبها مرتين.")
        )
        self.message.show()
        self.new_password.setFocus()

    def reject(self) -> None:
        self.cancelled = True
        super().reject()

    def _logged_in(self, actor: Actor) -> None:
        if actor.must_change_password:
            self._must_change(actor)
            return
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        if not isinstance(exc, CsdError):
            workers.show_error(self, exc)
            return
        self.message.setText(exc.message)
        self.message.show()
        retry = self.new_password if self._temporary is not None else self.password
        retry.selectAll()
        retry.setFocus()
        self.failed.emit(exc.message)
