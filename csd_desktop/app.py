"""The `csd-desktop` entry point: the Qt application, then first-run setup or login, then the window.

Start-up is a budget (DESIGN.md §6: a usable window within a second at 1,000,000 cases). This module
imports only the standard library and the configuration; Qt and the database side load in the order
ui/start/station.py explains, and every screen is built when it is first opened.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import config, i18n
from .i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="csd-desktop", description="CSD Desktop")
    parser.add_argument(
        "--db", metavar="PATH", help="the station's database file (else CSD_DB, else per user)"
    )
    parser.add_argument("--demo", action="store_true", help="fill an empty database with a demo office")
    parser.add_argument("--user", metavar="USER", help="username (pre-filled, or with --password-stdin)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, help="ar (default) or en; else CSD_LANG, else the saved setting"
    )
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


NO_DISPLAY = N_(
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
    i18n.set_language(i18n.choose_language(args.lang))
    if not has_display():
        log.error("no display (DISPLAY and WAYLAND_DISPLAY unset)")
        sys.stderr.write(_(NO_DISPLAY) + "\n")
        return 2
    path = config.db_path(args.db)
    # Before anything reads the file: a second copy on the same database is turned away (in a dialog,
    # or on stderr when nobody is there to see one).
    from .errors import CsdError
    from .services import instance  # the standard library only, and our small errors and db.private

    try:
        window_lock: instance.WindowLock | CsdError = instance.hold(path)
    except CsdError as e:
        window_lock = e
        if args.password_stdin:
            sys.stderr.write(e.message + "\n")
            return 2
    args.password = ""
    unattended = None
    if args.user and args.password_stdin:
        from .ui.start.station import begin_unattended

        args.password = sys.stdin.readline().rstrip("\r\n")
        if not args.demo:  # nobody types: the database side now, before Qt (station.py says why)
            unattended = begin_unattended(path, args.user, args.password)
    from .ui.start.session import run

    return run(args, qt_args, path, unattended, window_lock)


def configure_application(app: QApplication) -> None:
    """Right to left, the shipped fonts, Qt's Arabic and the look (ui/start/look.py) — for scripts."""
    from .ui.start.look import configure_application as configure

    configure(app)
