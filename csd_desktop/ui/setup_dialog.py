"""First run: the office, this station's number, and the first administrator, in one step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..errors import FormErrors, ValidationError
from ..i18n import _
from ..services import reference_data, setup
from ..services.setup import SetupResult
from . import workers
from .widgets.field_errors import FieldErrors
from .widgets.form_fields import (
    EnterMovesOn,
    accept_buttons,
    arabic_sorted,
    error_label,
    fill_combo,
    number_field,
    start_edge,
)
from .workers import QueryOp

if TYPE_CHECKING:  # annotations only
    from ..services.database import Database


def _governorates() -> list[reference_data.RefItem]:
    """Before setup the database holds no reference data yet (setup loads it): the shipped list."""
    return arabic_sorted(reference_data.shipped_governorates())


class SetupDialog(QDialog):
    finished_setup = Signal(object)  # SetupResult

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(_("الإعداد الأول للمحطة — شؤون المواطنين"))
        self._db = db
        self.result_: SetupResult | None = None
        self.general_error = error_label(self)
        self.form_errors = FieldErrors(self.general_error)
        self.fields: dict[str, QWidget] = self.form_errors.fields
        self.errors: dict[str, QLabel] = self.form_errors.labels
        self._enter = EnterMovesOn(self)

        title = QLabel(_("مرحباً بك في نظام شؤون المواطنين"), self)
        title.setObjectName("dialogTitle")
        intro = QLabel(
            _(
                "هذه أول مرة يُشغَّل فيها النظام على هذا الحاسوب. أدخل بيانات المكتب ورقم هذه المحطة، "
                "ثم أنشئ حساب مدير النظام. يمكن إضافة بقية الموظفين لاحقاً."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("dialogSubtitle")

        office = QGroupBox(_("المكتب والمحطة"), self)
        grid = self._grid(office)
        self.office_code = self._ltr(office, "BGDGO")
        self.office_name = QLineEdit(office)
        self.office_name.setPlaceholderText(_("مثل: مكتب شؤون المواطنين — ديوان محافظة بغداد"))
        self.governorate = QComboBox(office)
        fill_combo(self.governorate, [(g.code, g.name_ar) for g in _governorates()], _("— اختر المحافظة —"))
        self.station = number_field(office, "1")
        self.station.setText("1")
        self.station.setMaximumWidth(120)
        self._row(grid, 0, "office_code", _("رمز المكتب"), self.office_code)
        self._row(grid, 2, "office_name", _("اسم المكتب"), self.office_name)
        self._row(grid, 4, "governorate", _("المحافظة"), self.governorate)
        self._row(grid, 6, "station", _("رقم المحطة (1–99)"), self.station)
        grid.setRowStretch(8, 1)  # spare height below the fields, not between them

        admin = QGroupBox(_("مدير النظام"), self)
        grid = self._grid(admin)
        self.username = self._ltr(admin, "ahmed.ali")
        self.full_name = QLineEdit(admin)
        self.full_name.setPlaceholderText(_("بالعربية، كما يُطبع على الوصولات والتقارير"))
        self.password = self._ltr(admin, "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = self._ltr(admin, "")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self._row(grid, 0, "username", _("اسم المستخدم"), self.username)
        self._row(grid, 2, "full_name", _("الاسم الكامل"), self.full_name)
        self._row(grid, 4, "password", _("كلمة المرور"), self.password)
        self._row(grid, 6, "password2", _("تأكيد كلمة المرور"), self.password2)
        grid.setRowStretch(8, 1)
        self.password2.removeEventFilter(self._enter)
        self.password2.returnPressed.connect(self.submit)

        self.buttons, self.create_button = accept_buttons(self, _("إنشاء المكتب"), self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        # Side by side: with every message shown at once, one column of both boxes would be taller
        # than a 1366×768 screen.
        groups = QHBoxLayout()
        groups.setSpacing(14)
        groups.addWidget(office, 1)
        groups.addWidget(admin, 1)
        layout.addLayout(groups)
        layout.addStretch(1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(1000)
        self.office_code.setFocus()

    def _grid(self, group: QGroupBox) -> QGridLayout:
        grid = QGridLayout(group)
        grid.setContentsMargins(12, 14, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 110)
        return grid

    def _ltr(self, parent: QWidget, placeholder: str) -> QLineEdit:
        field = QLineEdit(parent)
        field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        field.setAlignment(start_edge())
        field.setPlaceholderText(placeholder)
        return field

    def _row(self, grid: QGridLayout, row: int, name: str, label: str, widget: QWidget) -> None:
        caption = QLabel(label, widget.parentWidget())
        caption.setBuddy(widget)
        grid.addWidget(caption, row, 0)
        grid.addWidget(widget, row, 1)
        grid.addWidget(self.form_errors.add(name, widget), row + 1, 1)
        self.form_errors.clear_on_edit(name)
        widget.installEventFilter(self._enter)

    def show_errors(self, errors: list[ValidationError]) -> None:
        self.form_errors.show(errors)

    def clear_errors(self) -> None:
        self.form_errors.clear()

    def submit(self) -> None:
        if not self.create_button.isEnabled():
            return
        values = {
            "office_code": self.office_code.text(),
            "office_name": self.office_name.text(),
            "governorate_code": str(self.governorate.currentData() or ""),
            "station": self.station.text(),
            "admin_username": self.username.text(),
            "admin_full_name": self.full_name.text(),
            "admin_password": self.password.text(),
            "admin_password_repeat": self.password2.text(),
        }
        self.create_button.setEnabled(False)
        self.clear_errors()
        QueryOp(
            parent=self,
            op=lambda: setup.initialize_station(self._db, **values),
            success=self._created,
        ).failure(self._refused).with_progress(_("جارٍ إنشاء المكتب…")).run_in_background()

    def _created(self, result: SetupResult) -> None:
        self.result_ = result
        self.finished_setup.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, FormErrors | ValidationError):
            self.form_errors.show(exc)
        else:
            workers.show_error(self, exc)
