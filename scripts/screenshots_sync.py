"""Render the Sync screen in the main window offscreen into shots/<lang>[-large]/*.png (1366×768, or
1920×1080 at 125 % with --large): before a sync, after one with the real central server on loopback,
and with the server unreachable. `--lang en` renders the window in English."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from csd_desktop.app import configure_application  # noqa: E402
from csd_desktop.central import hub  # noqa: E402
from csd_desktop.central.server import HubOverStore, make_server  # noqa: E402
from csd_desktop.central.store import Store  # noqa: E402
from csd_desktop.db.engine import open_database  # noqa: E402
from csd_desktop.services import intake, setup, users  # noqa: E402
from csd_desktop.sync import station  # noqa: E402
from csd_desktop.ui import dialogs, workers  # noqa: E402
from csd_desktop.ui.main_window import MainWindow  # noqa: E402
from csd_desktop.ui.sync.sync_screen import SyncScreen  # noqa: E402
from scripts import screenshots_reports, shot_options  # noqa: E402
from scripts.screenshots_reports import shoot, wait_until  # noqa: E402
from tests.factories import citizen_form, intake_form  # noqa: E402

PASSWORD = "secret-123"
PORT = 8741


def main() -> None:
    # shoot() writes where screenshots_reports says: the folder for this language and screen size.
    folder_out, size = shot_options.parse(__doc__ or "")
    screenshots_reports.SHOTS, screenshots_reports.SIZE = folder_out, size
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    dialogs.show_error = lambda _parent, message: print("error dialog:", message)
    folder = Path(tempfile.mkdtemp(prefix="csd-shots-sync-"))
    central = Store(f"sqlite:///{folder / 'central.sqlite'}")
    hub.init_central(central, "دائرة شؤون المواطنين")
    enrolment = hub.enrol(
        central, office="BGDGO", name_ar="مكتب شؤون المواطنين — ديوان محافظة بغداد", governorate="BGD"
    )
    db = open_database(folder / "desk1" / "csd.sqlite")
    station.enrol_station(
        db,
        enrolment,
        station=1,
        admin_username="admin",
        admin_full_name="زينب علي حسين",
        admin_password=PASSWORD,
    )
    actor = users.authenticate(db, "admin", PASSWORD)
    for i in range(12):
        intake.register_case(
            db, actor, intake_form(citizen_form(national_id=f"1990{i:08d}", phone=f"0770{i:07d}"))
        )

    window = MainWindow(db, actor, setup.station_info(db))
    window.resize(*size)
    window.show()
    window.select_nav("sync")
    screen = window.current_screen()
    assert isinstance(screen, SyncScreen)
    wait_until(lambda: workers.pending() == 0 and screen.waiting.text() != "…")
    shoot(window, "30-sync-before")

    server = make_server(HubOverStore(central), folder / "transfers", "127.0.0.1", PORT)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started)
    screen.server.setText(f"http://127.0.0.1:{PORT}")
    screen.transfer_options = {"part_size": 2048}
    screen.sync_now()
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "31-sync-done")
    server.should_exit = True
    thread.join(10)

    intake.register_case(
        db, actor, intake_form(citizen_form(national_id="199900000001", phone="07719999999"))
    )
    screen.refresh()
    screen.transfer_options = {"attempts": 2, "backoff": 0.1}
    screen.sync_now()
    wait_until(lambda: workers.pending() == 0)
    shoot(window, "32-sync-unreachable")
    window.close()
    workers.shutdown()
    db.dispose()
    central.dispose()


if __name__ == "__main__":
    main()
