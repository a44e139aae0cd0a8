"""The navigation down the window's right edge: the screens, the worklists with their live counts as
badges, and the screens later issues add, listed but plainly not there yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .. import config, i18n
from ..domain.enums import Worklist
from ..i18n import N_, _
from ..services.permissions import Permission

NAV_ROW_HEIGHT = 38
KEY = Qt.ItemDataRole.UserRole  # the page an item opens: "intake", "cases", "desk", "worklist:<name>"
BADGE = Qt.ItemDataRole.UserRole + 1  # the live count beside a worklist
# Screens later issues add: listed now, plainly not there yet.
COMING = (N_("الإعدادات"),)
# The pages that need more than a clerk's work.
PAGE_PERMISSIONS = {
    "reports": Permission.VIEW_REPORTS,
    "sync": Permission.SYNC,
    "users": Permission.MANAGE_USERS,
}
LANGUAGE_NAMES = (("ar", N_("العربية")), ("en", N_("الإنجليزية")))
RESTART_NOTE = N_("تُطبَّق اللغة المختارة عند تشغيل البرنامج من جديد.")
_BADGE_COLOURS = {Worklist.OVERDUE.value: "#d64541", Worklist.DUE_TODAY.value: "#d68a00"}


class _BadgeDelegate(QStyledItemDelegate):
    """Draws a worklist's count as a rounded badge at the row's far (left) end."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(BADGE)
        if count is None:
            return
        text = f"{count:,}"
        metrics = option.fontMetrics
        width = max(metrics.horizontalAdvance(text) + 14, 26)
        far_end = (  # the row's end: left in Arabic, right in English
            option.rect.left() + 12
            if option.direction == Qt.LayoutDirection.RightToLeft
            else option.rect.right() - 12 - width
        )
        rect = QRect(far_end, option.rect.center().y() - 10, width, 20)
        key = str(index.data(KEY) or "").removeprefix("worklist:")
        colour = _BADGE_COLOURS.get(key, "#3d6f9e") if count else "#4b6580"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class Navigation(QFrame):
    """The panel: the application's name, the office's, and `items` (one row a page, by KEY)."""

    def __init__(self, office_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navPanel")
        self.setFixedWidth(210)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 14, 0, 10)
        column.setSpacing(6)
        title = QLabel(_("شؤون المواطنين"), self)
        title.setObjectName("navTitle")
        office = QLabel(office_name, self)
        office.setObjectName("navOffice")
        office.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(office)
        self.items = QListWidget(self)
        self.items.setObjectName("navList")
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays inside the form
        self.items.setItemDelegate(_BadgeDelegate(self.items))
        self._item(_("الرئيسية"), "dashboard")
        self._item(_("تسجيل طلب جديد"), "intake", "Ctrl+N")
        self._item(_("قائمة الطلبات والبحث"), "cases", "Ctrl+F")
        self._item(_("مراجعة مواطن عن طلبه"), "desk", "Ctrl+D")
        self._section(_("قوائم المتابعة"))
        self.worklist_items: dict[Worklist, QListWidgetItem] = {}
        for worklist in Worklist:
            self.worklist_items[worklist] = self._item(_(worklist.label), f"worklist:{worklist.value}")
        self._section("")
        self._item(_("التقارير"), "reports")
        self._item(_("المزامنة"), "sync")
        self._item(_("المستخدمون"), "users")
        for name in COMING:
            soon = QListWidgetItem(_("{screen} — قريباً").format(screen=_(name)), self.items)
            soon.setFlags(Qt.ItemFlag.NoItemFlags)  # not a fake screen: a disabled line
            soon.setSizeHint(QSize(0, NAV_ROW_HEIGHT - 6))
        column.addWidget(self.items, 1)
        self._add_language_chooser(column)

    def _add_language_chooser(self, column: QVBoxLayout) -> None:
        """`language`: the window's language, kept in the settings file. It applies from the next start:
        every screen, and the direction the window flows in, are set as they are built."""
        self.language = QComboBox(self)
        self.language.setObjectName("languageChooser")
        self.language.setAccessibleName(_("لغة البرنامج"))
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(_(name), code)
        self.language.setCurrentIndex(self.language.findData(i18n.language()))
        self.language_note = QLabel(self)
        self.language_note.setObjectName("navOffice")
        self.language_note.setWordWrap(True)
        self.language_note.hide()
        self.language.currentIndexChanged.connect(self._choose_language)
        column.addWidget(self.language)
        column.addWidget(self.language_note)

    def _choose_language(self) -> None:
        code = str(self.language.currentData())
        config.save_settings(replace(config.load_settings(), language=code))
        # Said in the language chosen, which is the one the clerk reads.
        note = i18n.catalogue(code).get(RESTART_NOTE, RESTART_NOTE)
        self.language_note.setText(note)
        self.language_note.setVisible(code != i18n.language())

    def _item(self, text: str, key: str, shortcut: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text, self.items)
        item.setData(KEY, key)
        item.setSizeHint(QSize(0, NAV_ROW_HEIGHT))
        if shortcut:
            item.setToolTip(f"\u2066{shortcut}\u2069")
        return item

    def _section(self, text: str) -> None:
        item = QListWidgetItem(text, self.items)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(QSize(0, 30 if text else 10))

    def disable_pages(self, refusal: Callable[[Permission], str | None]) -> None:
        """Pages whose work the person's role does not include: disabled, the reason in the tooltip (the
        services refuse the work anyway; this spares a click into a refusal)."""
        for key, permission in PAGE_PERMISSIONS.items():
            item, why = self.item(key), refusal(permission)
            if item is not None and why:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(why)

    def item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.items.count()):
            if self.items.item(row).data(KEY) == key:
                return self.items.item(row)
        return None

    def show_counts(self, counts: dict[Worklist, int]) -> None:
        for worklist, item in self.worklist_items.items():
            item.setData(BADGE, counts.get(worklist))
