"""The main window: navigation on the right, the current screen, a status bar and a warning banner.

It paints before it reads anything: each screen is built (and its module imported) when it is first
opened, the office's pick lists arrive from the worker, and the counts, the integrity check and the
automatic escalation start after the first paint (ui/start/session.py calls after_first_paint).
A clerk's home screen, the intake form, needs the services (and SQLAlchemy, ~0.5 s) to import: the
window paints first, they load on the worker, and the form takes its place.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Role, Worklist
from ..i18n import _
from ..services.permissions import why_not
from ..services.sign_in import Actor, StationInfo
from . import dialogs
from .backups import AutoBackup, offer_restore
from .followup.escalation import escalate_overdue
from .followup.worklist_counts import WorklistCounts
from .idle_lock import ScreenLock
from .navigation import KEY, Navigation
from .reference_lists import ReferenceLists
from .workers import QueryOp

if TYPE_CHECKING:  # annotations only: the window hands the database to services; screens load lazily
    from ..services.database import Database
    from ..services.restore import Restored
    from .cases.case_list_screen import CaseListScreen
    from .cases.case_page import CasePage
    from .dashboard.dashboard_screen import DashboardScreen
    from .followup.desk_screen import DeskScreen
    from .followup.worklists_screen import WorklistsScreen
    from .intake.intake_screen import IntakeScreen
    from .reports.reports_screen import ReportsScreen

log = logging.getLogger(__name__)

# The home screens whose module imports the services: loaded on the worker when not loaded yet.
LOADED_AFTER_PAINT = {"intake": "csd_desktop.ui.intake.intake_screen"}
USERS_SCREEN = "csd_desktop.ui.users.users_screen"  # an administrator's, now and then: loaded when opened


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
        self._screens: dict[str, QWidget] = {}  # built so far, by page key
        self._pages: dict[str, int] = {}
        self._previous_page = "intake"
        self.lists = ReferenceLists(db, self)  # read once, shared by every screen's combo boxes
        self.counts = WorklistCounts(db, actor, self)

        central = QWidget(self)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.nav_panel = Navigation(station.office_name, central)
        self.navigation = self.nav_panel.items
        self.worklist_items = self.nav_panel.worklist_items
        self.nav_panel.disable_pages(lambda permission: why_not(actor, permission))
        outer.addWidget(self.nav_panel)  # first in a right-to-left row: the right edge

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

        self._build_status_bar()
        self._wire()
        # A clerk's day is intake; everyone else starts on the dashboard. Only that screen is built now,
        # or once its modules have loaded on the worker (LOADED_AFTER_PAINT).
        home = "intake" if actor.role is Role.CLERK else "dashboard"
        module = LOADED_AFTER_PAINT.get(home)
        self._home_later = home if module is not None and module not in sys.modules else ""
        self._loading: QWidget | None = None
        if self._home_later:
            self._show_loading(home)
        else:
            self.select_nav(home)
        self.resize(1280, 720)
        self.counts.timer.start()
        self.auto_backup = AutoBackup(db, self, self.statusBar().showMessage, actor.id)
        self.screen_lock = ScreenLock(self, db, actor)

    def after_first_paint(self) -> None:
        """What the window does once it is up, all of it off the UI thread."""
        if self._home_later:
            module = LOADED_AFTER_PAINT[self._home_later]
            QueryOp(
                parent=self,
                op=lambda: importlib.import_module(module),
                success=lambda _m: self._home_loaded(),
            ).run_in_background()
        self.lists.load()
        self.counts.refresh()
        self.check_integrity()
        self.check_clock()
        self.escalate_overdue()  # then the worklist counts are asked again
        self.auto_backup.run()  # and every few hours after (the backup settings)
        self.screen_lock.start()  # after the station's idle minutes are read

    # ---- the screens, each built when first opened --------------------------------------------

    def _show_loading(self, key: str) -> None:
        """The home screen's row selected and a word in its place, until its modules have loaded."""
        item = self.nav_panel.item(key)
        if item is not None:
            self.navigation.blockSignals(True)  # selecting it must not build the screen yet
            self.navigation.setCurrentItem(item)
            self.navigation.blockSignals(False)
        loading = QLabel(_("جارٍ تجهيز الشاشة…"), self.pages)
        loading.setObjectName("emptyHint")
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.setCurrentIndex(self.pages.addWidget(loading))
        self._loading = loading

    def _home_loaded(self) -> None:
        """Its modules are in: the home screen is built and shown, unless the clerk went elsewhere."""
        key, loading = self._home_later, self._loading
        self._home_later, self._loading = "", None
        if loading is None:
            return
        if self.pages.currentWidget() is loading:
            self.select_nav(key)
        self.pages.removeWidget(loading)
        loading.deleteLater()

    def _screen(self, key: str) -> QWidget:
        screen = self._screens.get(key)
        if screen is None:
            screen = self._screens[key] = self._builders()[key]()
            self._add_page(key, screen)
        return screen

    def _builders(self) -> dict[str, Callable[[], QWidget]]:
        return {
            "dashboard": self._build_dashboard,
            "reports": self._build_reports,
            "intake": self._build_intake,
            "cases": self._build_case_list,
            "desk": self._build_desk,
            "worklists": self._build_worklists,
            "case": self._build_case_page,
            "sync": self._build_sync,
            "users": lambda: importlib.import_module(USERS_SCREEN).UsersScreen(self._db, self.actor),
        }

    def _build_dashboard(self) -> QWidget:
        from .dashboard.dashboard_screen import DashboardScreen

        screen = DashboardScreen(self._db)
        screen.open_worklist.connect(lambda w: self.select_nav(f"worklist:{w}"))
        return screen

    def _build_reports(self) -> QWidget:
        from .reports.reports_screen import ReportsScreen

        return ReportsScreen(self._db, self.actor)

    def _build_intake(self) -> QWidget:
        from .intake.intake_screen import IntakeScreen

        screen = IntakeScreen(self._db, self.actor, self.station, self.lists)
        screen.case_saved.connect(self.data_changed)
        return screen

    def _build_case_list(self) -> QWidget:
        from .cases.case_list_screen import CaseListScreen

        screen = CaseListScreen(self._db, self.station, lists=self.lists)
        screen.open_case.connect(self.open_case)
        return screen

    def _build_desk(self) -> QWidget:
        from .followup.desk_screen import DeskScreen

        screen = DeskScreen(self._db, self.actor)
        screen.open_case.connect(self.open_case)
        return screen

    def _build_worklists(self) -> QWidget:
        from .followup.worklists_screen import WorklistsScreen

        screen = WorklistsScreen(self._db, self.actor, self.counts, self.lists)
        screen.open_case.connect(self.open_case)
        return screen

    def _build_case_page(self) -> QWidget:
        from .cases.case_page import CasePage

        page = CasePage(self._db, self.actor, lists=self.lists)
        page.back_requested.connect(self.go_back)
        page.changed.connect(self.data_changed)
        return page

    def _build_sync(self) -> QWidget:
        from .sync.sync_screen import SyncScreen

        screen = SyncScreen(self._db, self.station)
        screen.changed.connect(self.data_changed)
        return screen

    def _built(self, key: str) -> Any:
        """The screen if it has been opened, else None (nothing to refresh or to ask)."""
        return self._screens.get(key)

    @property
    def dashboard(self) -> DashboardScreen:
        return cast("DashboardScreen", self._screen("dashboard"))

    @property
    def reports(self) -> ReportsScreen:
        return cast("ReportsScreen", self._screen("reports"))

    @property
    def intake(self) -> IntakeScreen:
        return cast("IntakeScreen", self._screen("intake"))

    @property
    def case_list(self) -> CaseListScreen:
        return cast("CaseListScreen", self._screen("cases"))

    @property
    def desk(self) -> DeskScreen:
        return cast("DeskScreen", self._screen("desk"))

    @property
    def worklists(self) -> WorklistsScreen:
        return cast("WorklistsScreen", self._screen("worklists"))

    @property
    def case_page(self) -> CasePage:
        return cast("CasePage", self._screen("case"))

    # ---- building ---------------------------------------------------------------------------

    def _add_page(self, key: str, screen: QWidget) -> None:
        # A screen taller than a small window scrolls instead of being cut off.
        scroll = QScrollArea(self.pages)
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(screen)
        self._pages[key] = self.pages.addWidget(scroll)

    def _wire(self) -> None:
        self.navigation.currentItemChanged.connect(lambda item, _old: self._navigate(item))
        self.navigation.itemClicked.connect(self._clicked)
        self.counts.changed.connect(self.nav_panel.show_counts)
        shortcuts = (("Ctrl+N", "intake"), ("Ctrl+F", "cases"), ("Ctrl+D", "desk"))
        for sequence, key in shortcuts:
            QShortcut(QKeySequence(sequence), self, lambda k=key: self.select_nav(k))

    # ---- moving between screens -------------------------------------------------------------

    def _navigate(self, item: QListWidgetItem | None) -> None:
        key = str(item.data(KEY) or "") if item is not None else ""
        if key.startswith("worklist:"):
            self.show_page("worklists")
            self.worklists.show_worklist(Worklist(key.removeprefix("worklist:")))
        elif key:
            self.show_page(key)

    def _clicked(self, item: QListWidgetItem) -> None:
        """The row already selected, clicked again from a case page: back to its screen."""
        key = str(item.data(KEY) or "")
        page = "worklists" if key.startswith("worklist:") else key
        if page and self.pages.currentIndex() != self._pages.get(page):
            self._navigate(item)

    def select_nav(self, key: str) -> None:
        """Select the navigation row for `key` and show its screen (also for the row already selected)."""
        item = self.nav_panel.item(key)
        if item is None:
            return
        if item is self.navigation.currentItem():
            self._navigate(item)
        else:
            self.navigation.setCurrentItem(item)  # navigates through currentItemChanged

    def show_page(self, key: str) -> None:
        if key != "case":
            self._previous_page = key
        self._screen(key)
        self.pages.setCurrentIndex(self._pages[key])
        if key == "cases":
            self.case_list.focus_search()
        elif key == "desk":
            self.desk.lookup.setFocus()
            self.desk.lookup.selectAll()
        elif key == "intake":
            self.intake.lookup.setFocus()
        elif key == "reports":
            self.reports.kind.setFocus()  # the screen's keys (Ctrl+P, Ctrl+S) work where the focus is

    def open_case(self, reference: str) -> None:
        self.case_page.load(reference)
        self.show_page("case")
        self.case_page.timeline_view.setFocus()

    def go_back(self) -> None:
        self.show_page(self._previous_page)
        if self._previous_page == "worklists":
            self.worklists.view.setFocus()
        elif self._previous_page == "cases":
            self.case_list.view.setFocus()

    def current_screen(self) -> QWidget | None:
        scroll = self.pages.currentWidget()
        return scroll.widget() if isinstance(scroll, QScrollArea) else scroll

    # ---- keeping the numbers true -----------------------------------------------------------

    def data_changed(self, reference: str = "") -> None:
        """After any save: the counts, and every list opened that might show the case, are asked again."""
        self.counts.refresh()
        if case_list := self._built("cases"):
            case_list.refresh()
        if worklists := self._built("worklists"):
            worklists.reload_list()
        desk = self._built("desk")
        if desk is not None and desk.case is not None and desk.case.reference == reference:
            desk.refresh()

    def escalate_overdue(self) -> None:
        escalate_overdue(self, self._db, self.actor, self.data_changed)

    # ---- the frame --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the title bar's ×: an intake form with unsaved input is not lost without asking."""
        intake = self._built("intake")
        if intake is not None and intake.has_input():
            self.select_nav("intake")
            if not intake.confirm(
                _("إغلاق البرنامج"),
                _("في نموذج تسجيل الطلب بيانات لم تُحفظ. هل تريد إغلاق البرنامج وفقدانها؟"),
            ):
                event.ignore()
                return
        super().closeEvent(event)

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

    def check_clock(self) -> None:
        """A PC date far from the database's (a dead BIOS battery, a wrong year): said once, at login."""
        from ..services.clock_guard import clock_warning

        db = self._db
        success = lambda warning: warning and dialogs.show_error(self, warning)  # noqa: E731
        QueryOp(parent=self, op=lambda: clock_warning(db), success=success).run_in_background()

    def check_integrity(self) -> None:
        """Seconds at 1M cases: off the UI thread, beside the database queue so a save need not wait."""
        from ..services import integrity

        db = self._db

        def failed(exc: BaseException) -> None:
            log.error("integrity check could not run", exc_info=(type(exc), exc, exc.__traceback__))
            db.mark_unhealthy(str(exc))
            self.show_integrity_failure(str(exc))

        def done(result: integrity.CheckResult) -> None:
            if not result.ok:
                self.show_integrity_failure(result.detail)

        QueryOp(parent=self, op=lambda: integrity.quick_check(db), success=done).failure(
            failed
        ).beside_database().run_in_background()

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
        offer_restore(self, self._db, self.actor.id, self._restored)

    def _restored(self, done: Restored) -> None:
        self.banner.hide()
        self.statusBar().showMessage(
            _("استُعيدت النسخة الاحتياطية {backup}.").format(backup=done.restored_from)
        )
        self.data_changed()
