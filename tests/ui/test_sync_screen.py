"""The Sync screen against the real central server on loopback: sync now with a progress bar, the
bundle to a drive and the answer back, and an unreachable server said plainly with nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from csd_desktop.central import hub
from csd_desktop.central.server import HubOverStore
from csd_desktop.central.store import Store
from csd_desktop.db.engine import Database, open_database
from csd_desktop.services import intake, setup, users
from csd_desktop.sync import station
from csd_desktop.ui.sync.sync_screen import SyncScreen
from tests.central.conftest import free_port, running
from tests.factories import citizen_form, intake_form
from tests.ui.conftest import Dialogs

PASSWORD = "secret-123"


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'central.sqlite'}")
    hub.init_central(store, "المكتب المركزي")
    yield store
    store.dispose()


@pytest.fixture
def desk_db(central: Store, tmp_path: Path) -> Iterator[Database]:
    enrolment = hub.enrol(central, office="BGDGO", name_ar="مكتب شؤون المواطنين — بغداد", governorate="BGD")
    db = open_database(tmp_path / "desk1" / "csd.sqlite")
    station.enrol_station(
        db, enrolment, station=1, admin_username="admin", admin_full_name="أحمد علي", admin_password=PASSWORD
    )
    actor = users.authenticate(db, "admin", PASSWORD)
    for i in range(3):
        form = intake_form(citizen_form(national_id=f"1990{i:08d}", phone=f"0770{i:07d}"))
        intake.register_case(db, actor, form)
    yield db
    db.dispose()


@pytest.fixture
def sync_screen(qtbot: QtBot, desk_db: Database) -> SyncScreen:
    screen = SyncScreen(desk_db, setup.station_info(desk_db))
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    waiting = station.sync_status(desk_db).waiting  # the 3 cases with their citizens and steps
    assert waiting >= 9
    qtbot.waitUntil(lambda: screen.waiting.text() == str(waiting), timeout=10_000)
    return screen


def test_sync_now_fills_the_bar_and_leaves_nothing_waiting(
    qtbot: QtBot, sync_screen: SyncScreen, central: Store, tmp_path: Path
) -> None:
    assert sync_screen.last_sync.text() == "لم تتم بعد"
    steps: list[str] = []
    sync_screen._progress.moved.connect(lambda _d, _t, step: steps.append(step))
    sync_screen.transfer_options = {"part_size": 1024}
    with running(HubOverStore(central), tmp_path / "transfers") as url:
        sync_screen.server.setText(url)
        sync_screen.sync_button.click()
        assert not sync_screen.sync_button.isEnabled()  # one sync at a time
        qtbot.waitUntil(lambda: "تمت المزامنة" in sync_screen.result.text(), timeout=20_000)
    assert sync_screen.bar.value() == 100
    assert "إرسال الحزمة" in steps and "استلام الرد" in steps
    qtbot.waitUntil(lambda: sync_screen.waiting.text() == "0", timeout=10_000)
    assert sync_screen.last_sync.text() not in ("لم تتم بعد", "…")
    assert sync_screen.sync_button.isEnabled()


def test_the_bundle_goes_to_a_drive_and_the_answer_comes_back_from_one(
    qtbot: QtBot, sync_screen: SyncScreen, central: Store, dialogs: Dialogs, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    dialogs.save_to = stick
    sync_screen.write_button.click()
    waiting = sync_screen.waiting.text()
    qtbot.waitUntil(lambda: f"كُتبت الحزمة: {waiting} تغيير" in sync_screen.result.text(), timeout=10_000)
    (bundle,) = stick.glob("BGDGO-01-*.csdsync")
    hub.accept(central, bundle.read_bytes())  # at the central office
    answer = stick / "answer.csdsync"
    answer.write_bytes(hub.answer_for(central, "BGDGO", 1))
    dialogs.open_file = str(answer)
    sync_screen.read_button.click()
    qtbot.waitUntil(lambda: "قُرئ الرد" in sync_screen.result.text(), timeout=10_000)
    qtbot.waitUntil(lambda: sync_screen.waiting.text() == "0", timeout=10_000)


def test_an_unreachable_server_is_named_and_the_bundle_kept(
    qtbot: QtBot, sync_screen: SyncScreen, shown_errors: list[str], desk_db: Database
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    sync_screen.transfer_options = {"attempts": 2, "backoff": 0.01}
    sync_screen.server.setText(url)
    sync_screen.sync_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=20_000)
    assert url in shown_errors[0] and "تعذّر الاتصال بخادم المزامنة" in shown_errors[0]
    assert sync_screen.result.text() == shown_errors[0]
    assert sync_screen.result.objectName() == "syncFailed"
    qtbot.waitUntil(lambda: sync_screen.sync_button.isEnabled(), timeout=10_000)
    assert sync_screen.waiting.text() == str(station.sync_status(desk_db).waiting) != "0"  # sent next time
