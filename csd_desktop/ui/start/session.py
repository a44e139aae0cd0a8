"""From the Qt application to the main window: the database opened (under a splash if it migrates),
first-run setup or the login, then the window, which paints first and reads its data afterwards.

A clerk's morning: the login dialog shows at once (an existing file), the file is opened with sqlite3
on the worker, and while the name and password are typed the session's modules (SQLAlchemy, the
services, the intake form) load on the side worker; the main window's own load while argon2 checks the
password. A scripted start (`--password-stdin`) was begun before Qt (station.begin_unattended) and
loads them after the window's first paint.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from ...errors import CsdError
from ...i18n import _
from ...services.instance import WindowLock
from .. import lanes, workers
from ..backups import restored_at_start
from . import station
from .first_paint import FirstPaint, report_start
from .look import configure_application
from .station import Opened, Unattended
from .waiting import Pending

if TYPE_CHECKING:  # annotations only: the services load on the worker (station.py)
    from ...services.sign_in import Actor
    from ..login_dialog import LoginDialog

log = logging.getLogger(__name__)


def install_excepthook() -> None:
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


def run(
    args: argparse.Namespace,
    qt_args: list[str],
    path: Path,
    unattended: Unattended | None,
    window_lock: WindowLock | CsdError,
) -> int:
    """`window_lock`: held for as long as the window runs, or why it could not be (services/instance)."""
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    configure_application(app)
    install_excepthook()
    if isinstance(window_lock, CsdError):  # a second copy on the same file: told so, the first keeps it
        workers.show_error(None, window_lock)
        return 2
    start = _Start(app, args, path)
    try:
        return start.run(unattended)
    finally:
        workers.shutdown()
        if start.opened is not None:
            start.opened.db.dispose()
        window_lock.release()


class _Start:
    def __init__(self, app: QApplication, args: argparse.Namespace, path: Path) -> None:
        self.app = app
        self.args = args
        self.path = path
        self.opened: Opened | None = None
        self.login: LoginDialog | None = None
        self.username: str = args.user or ""
        self.hint = ""

    def run(self, unattended: Unattended | None) -> int:
        if unattended is not None and not unattended.migrating():
            return self._run_unattended(unattended)
        if unattended is None and not self.args.demo and _has_data(self.path):
            # An existing file is the usual morning: the dialog now, the database loading behind it.
            from ..login_dialog import LoginDialog

            self.login = LoginDialog(None, username=self.username)
            self.login.show()
        if not self._open():
            return 2
        if self.login is not None and self.login.cancelled:
            return 0
        if not self._set_up():
            return 0
        if unattended is not None:  # scripted, after a migration or a first-run setup
            actor = self._check_password(Pending(self._log_in_unattended).future)
            return 2 if actor is None else self._show_window(actor)
        return self._log_in()

    # ---- the steps --------------------------------------------------------------------------

    def _open(self, opening: Future[Opened] | None = None, *, offer_backup: bool = True) -> bool:
        """The file opened on the worker (migrated under the splash if it must be), or the answer of an
        opening already begun; False: refused, and the reason shown. A damaged file: the newest sound
        backup is offered instead."""
        try:
            self.opened = opening.result() if opening is not None else self._opened()
        except CsdError as e:  # a read-only folder, a damaged file…: its own message, with what to do
            if offer_backup and opening is None and restored_at_start(self.path, e):
                return self._open(offer_backup=False)
            self._refused(e)
            return False
        except Exception as e:
            log.exception("cannot open the database %s", self.path)
            self._refused(CsdError(_("تعذّر فتح قاعدة البيانات: {path}").format(path=self.path)), logged=True)
            log.debug("cause: %r", e)
            return False
        return True

    def _opened(self) -> Opened:
        if not Pending(lambda: station.migration_due(self.path)).wait():
            return Pending(lambda: station.open_station(self.path)).wait()
        from .splash import run_with_splash  # only when a migration is due

        login = self.login
        if login is not None:
            login.hide()
        opened = run_with_splash(lambda progress: station.open_station(self.path, progress))
        if login is not None and not login.cancelled:
            login.show()
        return opened

    def _refused(self, error: CsdError, *, logged: bool = False) -> None:
        if self.login is not None:
            self.login.hide()
        workers.show_error(None, error, logged=logged)

    def _set_up(self) -> bool:
        """A demo office when asked for; a new station's first-run setup. False: the clerk cancelled."""
        assert self.opened is not None
        if self.args.demo:
            self._create_demo_office()
        if self.opened.station is not None:
            return True
        if self.login is not None:  # a file without an office: its administrator is made first
            self.login.close()
            self.login = None
        from ..setup_dialog import SetupDialog

        dialog = SetupDialog(self.opened.db)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
            return False
        self.username = dialog.result_.admin_username
        self._reopen()
        return True

    def _create_demo_office(self) -> None:
        from ...services import demo  # only for demonstrations: never on a real station's start

        assert self.opened is not None
        db = self.opened.db
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            login = Pending(lambda: demo.create_demo_office(db)).wait()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.username = self.username or login.username
        # Isolates keep "csd-demo-2026" in one left-to-right piece inside the Arabic sentence.
        self.hint = _("عرض تجريبي\nاسم المستخدم: {user}    كلمة المرور: {password}").format(
            user=f"\u2066{login.username}\u2069", password=f"\u2066{login.password}\u2069"
        )
        self._reopen()

    def _reopen(self) -> None:
        """The office was just made: read this station's details again (a new handle on the file)."""
        assert self.opened is not None
        before = self.opened
        self.opened = Pending(lambda: station.open_station(self.path)).wait()
        before.db.dispose()

    def _log_in(self) -> int:
        assert self.opened is not None and self.opened.station is not None
        from ..login_dialog import LoginDialog

        login = self.login or LoginDialog(None, username=self.username, hint=self.hint)
        self.login = login
        login.submitted.connect(_load_window_modules)
        login.set_database(self.opened.db, self.opened.station.office_name)
        lanes.lane(side=True).submit(_load_session_modules)  # while a person types
        # Shown early and not modal yet: exec() makes it the modal loop that waits for the answer.
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            return 0
        return self._show_window(login.actor)

    def _log_in_unattended(self) -> Actor:
        assert self.opened is not None
        return station.log_in(self.opened.db, self.args.user, self.args.password)

    def _run_unattended(self, unattended: Unattended) -> int:
        _load_window_modules()  # while the worker checks the password
        if not self._open(cast("Future[Opened]", unattended.opening)):  # None only when migrating
            return 2
        assert self.opened is not None
        login = cast("Future[Actor]", unattended.login)
        if self.opened.station is None:  # a new file: set it up first, then log in
            if not self._set_up():
                return 0
            login = Pending(self._log_in_unattended).future
        actor = self._check_password(login)
        return 2 if actor is None else self._show_window(actor)

    def _check_password(self, login: Future[Actor]) -> Actor | None:
        try:
            actor = login.result()
        except CsdError as e:
            log.warning("scripted login refused for %s", self.args.user)
            sys.stderr.write(f"{e.message}\n")
            return None
        if actor.must_change_password:  # nobody is there to choose a new one
            sys.stderr.write(_("كلمة المرور هذه مؤقتة: ادخل من النافذة واختر كلمة مرور جديدة.") + "\n")
            return None
        return actor

    def _show_window(self, actor: Actor) -> int:
        from ..main_window import MainWindow

        assert self.opened is not None and self.opened.station is not None
        window = MainWindow(self.opened.db, actor, self.opened.station)
        window.showMaximized()

        def painted() -> None:
            if report_start():
                self.app.quit()
                return
            window.after_first_paint()

        FirstPaint(window, painted)
        return self.app.exec()


def _has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


# What the window's first screens need once it is up: SQLAlchemy, the models and services, the forms.
SESSION_MODULES = (
    "csd_desktop.services.dashboard",
    "csd_desktop.services.worklists",
    "csd_desktop.services.reference_data",
    "csd_desktop.ui.intake.intake_screen",
)


def _load_session_modules() -> None:
    """On the side worker, while the password is typed: the first screens then need no import."""
    for name in SESSION_MODULES:
        importlib.import_module(name)


def _load_window_modules() -> None:
    """Import the main window now, while argon2 (which lets the interpreter lock go) checks the password
    on the worker: the window is then built as soon as the answer comes."""
    from .. import main_window  # noqa: F401
