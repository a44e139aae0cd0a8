"""The `csd-desktop` entry point: the Qt application, then first-run setup or login, then the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QLibraryInfo, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from . import config
from .errors import CsdError
from .i18n import _
from .services import integrity, setup, users
from .services.database import Database, open_station_database
from .services.users import Actor
from .ui import workers

log = logging.getLogger(__name__)
T = TypeVar("T")

_IMPORTED = time.perf_counter()  # the fallback start mark where the OS cannot tell the process's age
FONT_FAMILIES = ["Noto Sans Arabic", "Noto Sans"]  # Arabic first; Latin letters and digits fall back
SCREEN_FONTS = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)

STYLESHEET = """
QMainWindow, QDialog { background: #f3f5f7; }
#navPanel { background: #17324d; }
#navTitle { color: #ffffff; font-size: 14pt; font-weight: bold; padding: 0 16px; }
#navOffice { color: #a9bdd1; padding: 0 16px 10px 16px; }
#navList { background: transparent; border: none; color: #e4ecf3; outline: none; }
#navList::item { padding: 0 16px; }
#navList::item:selected { background: #2a5f8f; color: #ffffff; font-weight: bold; }
#navList::item:disabled { color: #7f98b0; }
QGroupBox {
    background: #ffffff; border: 1px solid #d3dbe3; border-radius: 6px;
    margin-top: 14px; padding-top: 8px; font-weight: bold; color: #17324d;
}
QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top right; right: 12px; padding: 0 6px; }
QGroupBox QLabel, QGroupBox QCheckBox { font-weight: normal; color: #27323d; }
QLineEdit, QComboBox, QPlainTextEdit, QSpinBox {
    background: #ffffff; border: 1px solid #b8c3ce; border-radius: 4px; padding: 2px 6px;
    selection-background-color: #2b6cb0;
}
QComboBox { padding-left: 24px; }
QComboBox::drop-down {
    subcontrol-origin: padding; subcontrol-position: center left; width: 22px; border: none;
}
QComboBox::down-arrow {
    image: url(:/qt-project.org/styles/commonstyle/images/arrow-down-16.png); width: 11px; height: 11px;
}
QComboBox QAbstractItemView { background: #ffffff; selection-background-color: #24507a; }
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus, QSpinBox:focus {
    border: 1px solid #2b6cb0; background: #fbfdff;
}
*[invalid="true"] { border: 1px solid #c0392b; background: #fdf3f2; }
QLabel#fieldError { color: #c0392b; font-size: 9pt; }
QPushButton {
    background: #ffffff; border: 1px solid #aab6c2; border-radius: 4px; padding: 6px 16px; color: #1f2d3a;
}
QPushButton:hover { background: #eef3f8; }
QPushButton:disabled { color: #9aa5b0; border-color: #d0d7de; }
QPushButton#primaryButton {
    background: #1e7a4f; border: 1px solid #17643f; color: #ffffff; font-weight: bold; padding: 6px 26px;
}
QPushButton#primaryButton:hover { background: #17643f; }
QPushButton#primaryButton:disabled { background: #8fbca5; border-color: #8fbca5; }
#lookupBar { background: #e8f0f8; border: 1px solid #c6d6e6; border-radius: 6px; }
#lookupStatus { color: #24507a; font-weight: bold; }
#sectionHint { color: #24507a; font-weight: bold; }
#emptyHint { color: #7a8794; }
#actionBar { background: #ffffff; border: 1px solid #d3dbe3; border-radius: 6px; }
#resultPanel { background: #e9f6ef; border: 1px solid #9fd3b5; border-radius: 6px; }
#resultCaption { color: #17643f; font-weight: bold; }
#resultDue { color: #27323d; }
QLabel#referenceNumber { color: #17324d; font-size: 19pt; font-weight: bold; }
#dangerBanner { background: #b03a2e; color: #ffffff; font-weight: bold; padding: 10px 16px; }
#dialogTitle { color: #17324d; font-size: 15pt; font-weight: bold; }
#dialogSubtitle { color: #4a5a6a; }
#dialogHint { color: #24507a; background: #e8f0f8; border-radius: 4px; padding: 6px; }
QStatusBar { background: #e3e9ef; color: #27323d; }
QStatusBar QLabel { padding: 2px 14px; }
QStatusBar::item { border: none; }
QTableView { background: #ffffff; alternate-background-color: #f5f8fb; border: 1px solid #d3dbe3; }
QHeaderView::section {
    background: #eef2f6; border: none; border-bottom: 1px solid #d3dbe3; padding: 4px 6px;
}
QTableView#caseTable { selection-background-color: #2b6cb0; selection-color: #ffffff; }
#caseHeader { background: #ffffff; border: 1px solid #d3dbe3; border-radius: 6px; }
#caseKind { color: #4a5a6a; font-weight: bold; }
#statusChip, #slaChip { border-radius: 10px; padding: 3px 12px; font-weight: bold; }
#statusChip[state="open"] { background: #e3eefa; color: #1d4f80; }
#statusChip[state="paused"] { background: #ece6f7; color: #4b3582; }
#statusChip[state="closed"] { background: #e4f3ea; color: #17643f; }
#slaChip[state="on_time"] { background: #e4f3ea; color: #17643f; }
#slaChip[state="due_soon"] { background: #fff2d1; color: #7a4f00; }
#slaChip[state="overdue"] { background: #fbe1de; color: #a3190c; }
#deadlineBox { background: #f5f8fb; border: 1px solid #dbe3ea; border-radius: 5px; }
#deadlineBox[state="due_soon"] { background: #fff7e3; border-color: #f0c060; }
#deadlineBox[state="overdue"] { background: #fdeceb; border-color: #e59b92; }
#deadlineBox[state="done"] { background: #eef8f2; border-color: #a9d8bd; }
#deadlineBox[state="paused"] { background: #f2eefa; border-color: #c9bde6; }
#deadlineCaption { color: #5a6b7b; }
#deadlineValue { color: #1f2d3a; font-weight: bold; }
#deadlineBox[state="overdue"] #deadlineValue { color: #a3190c; }
#deadlineBox[state="due_soon"] #deadlineValue { color: #7a4f00; }
#infoCaption { color: #5a6b7b; }
#caseSubject { font-weight: bold; color: #17324d; }
#worklistTitle { color: #17324d; font-size: 13pt; font-weight: bold; }
#deskCitizen { color: #17324d; font-size: 13pt; font-weight: bold; }
#deskNext { color: #1f2d3a; font-size: 11pt; background: #f5f8fb; border-radius: 4px; padding: 6px 8px; }
QPushButton#actionButton { padding: 4px 10px; }
#barCaption { color: #17324d; font-weight: bold; }
#shortcutHint { color: #6b7b8b; font-size: 9pt; }
#shortcutHint[refused="true"] { color: #a3190c; font-size: 10pt; font-weight: bold; }
"""

_translators: list[QTranslator] = []  # kept alive as long as the application


def since_process_start_ms() -> int:
    """Milliseconds since the process started (Linux reads it from /proc; elsewhere since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return round((uptime - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000)
    except (OSError, ValueError, IndexError):
        return round((time.perf_counter() - _IMPORTED) * 1000)


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="csd-desktop", description="CSD Desktop")
    parser.add_argument(
        "--db", metavar="PATH", help="the station's database file (else CSD_DB, else per user)"
    )
    parser.add_argument("--demo", action="store_true", help="fill an empty database with a demo office")
    parser.add_argument("--user", metavar="USER", help="username (pre-filled, or with --password-stdin)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


def configure_application(app: QApplication) -> None:
    """Right to left, the shipped fonts, Qt's own Arabic buttons and the look — for the app and scripts."""
    app.setApplicationName("csd-desktop")
    app.setApplicationDisplayName(_("شؤون المواطنين"))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    # One look on every office PC, whatever the system theme; style sheets sit on top of Fusion.
    app.setStyle("Fusion")
    fonts = config.fonts_dir()
    for name in SCREEN_FONTS:
        if QFontDatabase.addApplicationFont(str(fonts / name)) < 0:
            log.warning("font not loaded: %s", fonts / name)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    translator = QTranslator(app)
    if translator.load("qtbase_ar", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        _translators.append(translator)
    app.setStyleSheet(STYLESHEET)


def _install_excepthook() -> None:
    """A bug anywhere: the traceback to the log, one Arabic dialog to the clerk, and carry on."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.critical("unhandled exception", exc_info=(kind, exc, tb))
        if QApplication.instance() is not None:
            workers.show_error(QApplication.activeWindow(), exc, logged=True)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical("unhandled exception in %s", args.thread, exc_info=args.exc_value)

    sys.excepthook = hook
    threading.excepthook = thread_hook


class _FirstPaint(QObject):
    """Calls back once the window has been painted for the first time (the start-up budget's end)."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(3000, self._fire)  # a platform that never paints must not hang a benchmark

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self._fire)  # after this paint has been delivered
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def _run_blocking(label: str, work: Callable[[], T]) -> T:
    """Before any window exists (the demo office): a busy cursor and the work on the database worker."""
    from PySide6.QtCore import QEventLoop

    box: dict[str, Any] = {}
    loop = QEventLoop()

    def done(value: T) -> None:
        box["value"] = value
        loop.quit()

    def failed(exc: BaseException) -> None:
        box["error"] = exc
        loop.quit()

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        workers.QueryOp(parent=loop, op=work, success=done).failure(failed).with_progress(
            label
        ).run_in_background()
        loop.exec()
    finally:
        QGuiApplication.restoreOverrideCursor()
    if "error" in box:
        raise box["error"]
    result: T = box["value"]
    return result


def _login(db: Database, args: argparse.Namespace, username: str, hint: str) -> Actor | None:
    from .ui.login_dialog import LoginDialog

    if args.user and args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            return users.authenticate(db, args.user, password)
        except CsdError as e:
            log.warning("scripted login refused for %s", args.user)
            sys.stderr.write(f"{e.message}\n")
            return None
    office = setup.station_info(db).office_name
    dialog = LoginDialog(db, office_name=office, username=username, hint=hint)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


NO_DISPLAY = (
    "لا توجد شاشة لعرض البرنامج: شغّله من سطح المكتب (لا من جلسة طرفية بعيدة دون عرض رسومي).\n"
    "No display: csd-desktop needs a graphical session (DISPLAY or WAYLAND_DISPLAY is not set). "
    "The csd command works without one; QT_QPA_PLATFORM=offscreen runs the window invisibly."
)


def has_display() -> bool:
    """On Linux a window needs X11 or Wayland; without either, Qt blames a library that is installed."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = _parse(argv)
    config.setup_logging()
    if not has_display():
        log.error("no display (DISPLAY and WAYLAND_DISPLAY unset)")
        sys.stderr.write(NO_DISPLAY + "\n")
        return 2
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    configure_application(app)
    _install_excepthook()

    path = config.db_path(args.db)
    try:
        db = open_station_database(path)  # cheap when the file is already at the current schema
    except CsdError as e:  # a read-only folder, a damaged file…: its own message, with what to do
        workers.show_error(None, e)
        return 2
    except Exception as e:
        log.exception("cannot open the database %s", path)
        workers.show_error(
            None, CsdError(_("تعذّر فتح قاعدة البيانات: {path}").format(path=path)), logged=True
        )
        log.debug("cause: %r", e)
        return 1
    try:
        return _run(app, db, args)
    finally:
        workers.shutdown()
        db.dispose()


def _run(app: QApplication, db: Database, args: argparse.Namespace) -> int:
    username, hint = args.user or "", ""
    if args.demo:
        from .services import demo  # only for demonstrations: never on a real station's start

        login = _run_blocking(_("جارٍ إنشاء مكتب تجريبي…"), lambda: demo.create_demo_office(db))
        username = username or login.username
        # Isolates keep "csd-demo-2026" in one left-to-right piece inside the Arabic sentence.
        hint = _("عرض تجريبي\nاسم المستخدم: {user}    كلمة المرور: {password}").format(
            user=f"\u2066{login.username}\u2069",
            password=f"\u2066{login.password}\u2069",
        )
    if not setup.is_initialized(db):
        from .ui.setup_dialog import SetupDialog

        dialog = SetupDialog(db)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
            return 0
        username = dialog.result_.admin_username
    actor = _login(db, args, username, hint)
    if actor is None:
        return 2 if args.password_stdin else 0

    from .ui.main_window import MainWindow

    window = MainWindow(db, actor, setup.station_info(db))
    window.showMaximized()

    def shown() -> None:
        elapsed = since_process_start_ms()
        log.info("startup_ms=%d (process start to main window painted)", elapsed)
        if os.environ.get("CSD_STARTUP_TIMING") == "1":
            sys.stderr.write(f"startup_ms={elapsed}\n")
            sys.stderr.flush()
        if os.environ.get("CSD_EXIT_AFTER_START") == "1":
            app.quit()
            return
        start_integrity_check(window, db)
        window.escalate_overdue()  # then the worklist counts are asked again

    _FirstPaint(window, shown)
    return app.exec()


def start_integrity_check(window: QWidget, db: Database) -> None:
    """Seconds at 1M cases: off the UI thread, and beside the database queue so a save need not wait."""
    from .ui.main_window import MainWindow

    def done(result: integrity.CheckResult) -> None:
        if not result.ok and isinstance(window, MainWindow):
            window.show_integrity_failure(result.detail)

    def failed(exc: BaseException) -> None:
        log.error("integrity check could not run", exc_info=(type(exc), exc, exc.__traceback__))
        db.mark_unhealthy(str(exc))
        if isinstance(window, MainWindow):
            window.show_integrity_failure(str(exc))

    workers.QueryOp(parent=window, op=lambda: integrity.quick_check(db), success=done).failure(
        failed
    ).beside_database().run_in_background()
