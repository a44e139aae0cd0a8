"""A clerk's start, measured: the login dialog's first paint, then Enter to the main window's first paint.

    QT_QPA_PLATFORM=offscreen python3 -m bench.login_start --db bench/data/bench-1000000.sqlite

The dialog is "typed into" --type-ms after it is painted (a person takes a few seconds; SQLAlchemy and
the services load behind the dialog meanwhile). Prints on stderr `login_ms=` (process start to
the dialog painted), `enter_ms=` (when Enter was pressed) and `startup_ms=` (to the window painted):
startup_ms − enter_ms is what the clerk waits after Enter.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CSD_EXIT_AFTER_START"] = "1"
os.environ["CSD_STARTUP_TIMING"] = "1"

from csd_desktop import app


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="csd-demo-2026")
    parser.add_argument("--type-ms", type=int, default=1500)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer

    # Only Qt modules here: importing the main window now would load SQLAlchemy before the dialog.
    from csd_desktop.ui import login_dialog
    from csd_desktop.ui.start.first_paint import FirstPaint, since_process_start_ms

    dialog_init = login_dialog.LoginDialog.__init__

    def dialog_painted(dialog: Any) -> None:
        sys.stderr.write(f"login_ms={since_process_start_ms()}\n")
        QTimer.singleShot(args.type_ms, lambda: type_and_enter(dialog))

    def type_and_enter(dialog: Any) -> None:
        dialog.username.setText(args.user)
        dialog.password.setText(args.password)
        sys.stderr.write(f"enter_ms={since_process_start_ms()}\n")
        dialog.submit()

    def new_dialog(self: Any, *a: Any, **k: Any) -> None:
        dialog_init(self, *a, **k)
        FirstPaint(self, lambda: dialog_painted(self))

    login_dialog.LoginDialog.__init__ = new_dialog  # type: ignore[method-assign]
    return app.main(["--db", args.db, "--user", args.user])


if __name__ == "__main__":
    sys.exit(main())
