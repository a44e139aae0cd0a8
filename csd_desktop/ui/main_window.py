"""The main window: navigation on the right, the current screen, a status bar and a warning banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, _
from ..services.setup import StationInfo
from ..services.users import Actor
from .intake.intake_screen import IntakeScreen

if TYPE_CHECKING:  # annotations only: the window hands the database to services
    from ..services.database import Database

# Screens later issues add: listed now, plainly not there yet.
NAV_ROW_HEIGHT = 40
COMING = (N_("قائمة الطلبات"), N_("المتابعة"), N_("التقارير"), N_("المزامنة"), N_("الإعدادات"))


class MainWindow(QMainWindow):
    def __init__(
        self, db: Database, actor: Actor, station: StationInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("شؤون المواطنين — {office}").format(office=station.office_name))
        self._db = db
        self.actor = actor
        self.station = station

        central = QWidget(self)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_navigation())  # first in a right-to-left row: the right edge

        body = QWidget(central)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = QLabel(body)
        self.banner.setObjectName("dangerBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        column.addWidget(self.banner)
        self.pages = QStackedWidget(body)
        column.addWidget(self.pages, 1)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self.intake = IntakeScreen(db, actor, station)
        self._add_page(self.intake)
        self.navigation.setCurrentRow(0)
        self._build_status_bar()
        self.resize(1280, 720)

    def _build_navigation(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("navPanel")
        panel.setFixedWidth(210)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 14, 0, 10)
        column.setSpacing(6)
        title = QLabel(_("شؤون المواطنين"), panel)
        title.setObjectName("navTitle")
        office = QLabel(self.station.office_name, panel)
        office.setObjectName("navOffice")
        office.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(office)
        self.navigation = QListWidget(panel)
        self.navigation.setObjectName("navList")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays inside the form
        item = QListWidgetItem(_("تسجيل طلب جديد"), self.navigation)
        item.setData(Qt.ItemDataRole.UserRole, "intake")
        item.setSizeHint(QSize(0, NAV_ROW_HEIGHT))
        for name in COMING:
            soon = QListWidgetItem(_("{screen} — قريباً").format(screen=_(name)), self.navigation)
            soon.setFlags(Qt.ItemFlag.NoItemFlags)  # not a fake screen: a disabled line
            soon.setSizeHint(QSize(0, NAV_ROW_HEIGHT))
        self.navigation.currentRowChanged.connect(self._navigate)
        column.addWidget(self.navigation, 1)
        return panel

    def _add_page(self, screen: QWidget) -> None:
        # A screen taller than a small window scrolls instead of being cut off.
        scroll = QScrollArea(self.pages)
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(screen)
        self.pages.addWidget(scroll)

    def _navigate(self, row: int) -> None:
        if 0 <= row < self.pages.count():
            self.pages.setCurrentIndex(row)

    def current_screen(self) -> QWidget | None:
        scroll = self.pages.currentWidget()
        return scroll.widget() if isinstance(scroll, QScrollArea) else scroll

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        s, a = self.station, self.actor
        parts = (
            _("المكتب: {name} ({code})").format(name=s.office_name, code=s.office_code),
            _("المحطة: {number}").format(number=s.station_number),
            _("المستخدم: {name} — {role}").format(name=a.full_name, role=_(a.role.label)),
        )
        for text in parts:
            label = QLabel(text, bar)
            label.setObjectName("statusPart")
            bar.addWidget(label)

    def show_integrity_failure(self, detail: str) -> None:
        """The services already refuse writes; this tells the clerk why, before they type a whole form."""
        self.banner.setText(
            _(
                "تحذير: فحص سلامة قاعدة البيانات أظهر خللاً، والحفظ موقوف حتى تُستعاد آخر نسخة احتياطية. "
                "يمكنك الاطلاع على البيانات، لكن لا تسجّل طلبات جديدة. اتصل بمسؤول النظام."
            )
        )
        self.banner.setToolTip(detail)
        self.banner.show()
