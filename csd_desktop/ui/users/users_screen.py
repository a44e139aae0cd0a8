"""The administrator's users screen: the station's users, adding one with a temporary password,
changing a role, resetting a password, deactivating. The same services as `csd user …` do the work
(and refuse anyone but an administrator). Loaded when first opened: importing the services here is fine."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...errors import CsdError
from ...i18n import _
from ...services import users
from .. import dialogs, workers
from ..widgets.form_fields import error_label, start_edge
from ..workers import QueryOp

if TYPE_CHECKING:
    from ...services.database import Database
    from ...services.sign_in import Actor


def _state(user: users.UserSummary) -> str:
    if not user.active:
        return _("موقوف")
    return _("كلمة مرور مؤقتة") if user.must_change_password else _("فعّال")


class UsersScreen(QWidget):
    done = Signal(str)  # what was done, as the status line says it (for tests too)
    refused = Signal(str)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersScreen")
        self._db, self._actor = db, actor
        self.users: list[users.UserSummary] = []
        title = QLabel(_("المستخدمون"), self)
        title.setObjectName("screenTitle")
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([_("الاسم الكامل"), _("اسم المستخدم"), _("الدور"), _("الحالة")])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

        self.username, self.full_name, self.password = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        for field in (self.username, self.password):
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            field.setAlignment(start_edge())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.message = error_label(self)

        form_box = QGroupBox(_("مستخدم جديد، أو المستخدم المختار في الجدول"), self)
        form = QFormLayout(form_box)
        form.addRow(_("اسم المستخدم"), self.username)
        form.addRow(_("الاسم الكامل"), self.full_name)
        form.addRow(_("الدور"), self.role)
        form.addRow(_("كلمة مرور مؤقتة"), self.password)
        buttons = QHBoxLayout()
        self.add_button = self._button(_("إضافة مستخدم"), self.add_user, buttons)
        self.role_button = self._button(_("تغيير الدور"), self.change_role, buttons)
        self.reset_button = self._button(_("إعادة تعيين كلمة المرور"), self.reset_password, buttons)
        self.deactivate_button = self._button(_("إيقاف الحساب"), self.deactivate, buttons)
        form.addRow(buttons)
        form.addRow(self.message)
        hint = QLabel(
            _("كلمة المرور المؤقتة يغيّرها صاحبها عند دخوله التالي: 10 أحرف على الأقل، غير اسم المستخدم."),
            self,
        )
        hint.setWordWrap(True)
        form.addRow(hint)

        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(self.table, 1)
        column.addWidget(form_box)
        self.table.selectionModel().selectionChanged.connect(self._picked)
        self.reload()

    def _button(self, text: str, slot: Callable[[], None], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ---- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        db = self._db

        def read() -> list[users.UserSummary]:
            return users.list_users(db, active_only=False)

        QueryOp(parent=self, op=read, success=self._show).failure(self._refused).run_in_background()

    def _show(self, found: list[users.UserSummary]) -> None:
        self.users = found
        self.model.removeRows(0, self.model.rowCount())
        for user in found:
            cells = [user.full_name, user.username, user.role.label, _state(user)]
            self.model.appendRow([QStandardItem(text) for text in cells])

    def _picked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        user = self.users[rows[0].row()]
        self.username.setText(user.username)
        self.full_name.setText(user.full_name)
        self.role.setCurrentIndex(self.role.findData(user.role.value))

    def select(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)

    # ---- changing ---------------------------------------------------------------------------

    def add_user(self) -> None:
        db, actor = self._db, self._actor
        username, name, role, password = self._typed()

        def add() -> Any:
            return users.create_user(
                db, actor, username=username, full_name=name, role=role, password=password
            )

        self._run(add, _("أضيف المستخدم {username}.").format(username=username))

    def change_role(self) -> None:
        db, actor = self._db, self._actor
        username, _name, role, _password = self._typed()

        def change() -> Any:
            return users.change_role(db, actor, username, role)

        self._run(change, _("دور {username} الآن: {role}.").format(username=username, role=role.label))

    def reset_password(self) -> None:
        db, actor = self._db, self._actor
        username, _name, _role, password = self._typed()

        def reset() -> Any:
            return users.reset_password(db, actor, username, password)

        self._run(
            reset,
            _("عُيّنت كلمة مرور مؤقتة لـ {username}؛ يغيّرها عند الدخول التالي.").format(username=username),
        )

    def deactivate(self) -> None:
        db, actor = self._db, self._actor
        username = self._typed()[0]
        question = _("إيقاف حساب {username}؟ لن يستطيع الدخول، ويبقى اسمه على كل ما عمله.").format(
            username=username
        )
        if not dialogs.ask(self, _("إيقاف الحساب"), question):
            return

        def stop() -> Any:
            return users.deactivate_user(db, actor, username)

        self._run(stop, _("أوقف حساب {username}.").format(username=username))

    def _typed(self) -> tuple[str, str, Role, str]:
        role = Role(str(self.role.currentData()))
        return self.username.text(), self.full_name.text(), role, self.password.text()

    def _run(self, op: Callable[[], Any], said: str) -> None:
        self.message.hide()

        def finished(_result: Any) -> None:
            self.password.clear()
            self.done.emit(said)
            self.reload()

        QueryOp(parent=self, op=op, success=finished).failure(self._refused).run_in_background()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, CsdError):
            workers.show_error(self, exc)
            return
        self.message.setText(exc.message)
        self.message.show()
        self.refused.emit(exc.message)
