"""`sync now` with the real hub behind the real server: two desks of one office share their cases
through the central office over HTTP, a cut transfer resumes with nothing applied twice, the command
line does the same, and a station of an office never enrolled is refused with nothing changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from csd_desktop.central import hub
from csd_desktop.central.server import HubOverStore
from csd_desktop.central.store import Store
from csd_desktop.cli import main as csd
from csd_desktop.db.engine import Database, open_database
from csd_desktop.db.models import Case, CaseEvent
from csd_desktop.services import intake, users
from csd_desktop.sync import station
from csd_desktop.sync.desk import sync_with_server, transfer_folder
from csd_desktop.sync.transfer import PUSHING, SyncFailed
from tests.central.conftest import Relay, free_port, running
from tests.factories import citizen_form, intake_form

PASSWORD = "secret-123"
PART = 1 << 10  # a few cases make a bundle of a few kilobytes: many parts


@pytest.fixture
def central(hub_url: str) -> Iterator[Store]:
    store = Store(hub_url)
    hub.init_central(store, "دائرة شؤون المواطنين — الأمانة العامة لمجلس الوزراء")
    yield store
    store.dispose()


@pytest.fixture
def server(central: Store, tmp_path: Path) -> Iterator[str]:
    with running(HubOverStore(central), tmp_path / "transfers") as url:
        yield url


@pytest.fixture
def desk(central: Store, tmp_path: Path) -> Iterator[Callable[[int], Database]]:
    """`desk(n)`: station n of the office BGDGO, enrolled from the central office's file."""
    enrolment = hub.enrol(
        central, office="BGDGO", name_ar="مكتب شؤون المواطنين — ديوان محافظة بغداد", governorate="BGD"
    )
    opened: list[Database] = []

    def make(number: int) -> Database:
        db = open_database(tmp_path / f"desk{number}" / "csd.sqlite")
        station.enrol_station(
            db,
            enrolment,
            station=number,
            admin_username="admin",
            admin_full_name="أحمد علي حسين",
            admin_password=PASSWORD,
        )
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.dispose()


def register(db: Database, count: int) -> None:
    actor = users.authenticate(db, "admin", PASSWORD)
    for i in range(count):
        card = f"1990{i:08d}"
        intake.register_case(db, actor, intake_form(citizen_form(national_id=card, phone=f"0770{i:07d}")))


def counts(engine_owner: Store | Database) -> tuple[int, int]:
    """Cases and timeline steps held."""
    engine = engine_owner.engine if isinstance(engine_owner, Store) else engine_owner.read_engine
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(Case)) or 0,
            conn.scalar(select(func.count()).select_from(CaseEvent)) or 0,
        )


def test_two_desks_share_their_cases_through_the_central_server(
    server: str, central: Store, desk: Callable[[int], Database]
) -> None:
    desk_1, desk_2 = desk(1), desk(2)
    register(desk_1, 6)
    register(desk_2, 4)
    for db in (desk_1, desk_2, desk_1):  # desk 1 again: it receives desk 2's cases
        sync_with_server(db, server, part_size=PART)
    assert counts(central)[0] == 10
    assert counts(desk_1) == counts(desk_2) == counts(central)
    assert station.sync_status(desk_1).waiting == 0
    assert station.sync_status(desk_2).waiting == 0


def test_a_transfer_cut_twice_resumes_and_the_central_holds_each_case_once(
    server: str, central: Store, desk: Callable[[int], Database], relay: Relay
) -> None:
    desk_1 = desk(1)
    register(desk_1, 30)
    up = relay(server, 6_000, "up")

    class Killed(Exception):
        pass

    def kill(done: int, total: int, step: str) -> None:
        if step == PUSHING and done >= 3 * PART:
            raise Killed

    with pytest.raises(Killed):  # the window closed, the power cut
        sync_with_server(desk_1, up.url, kill, part_size=PART, backoff=0.05)
    assert counts(central) == (0, 0)
    register(desk_1, 2)
    outcome = sync_with_server(desk_1, up.url, part_size=PART, backoff=0.05)
    assert up.cuts == 1  # and the link dropped once more, on the way
    assert counts(central)[0] == 32
    assert counts(central) == counts(desk_1)
    assert station.sync_status(desk_1).waiting == 0
    assert outcome.pushed_bytes > 0
    assert list(transfer_folder(desk_1).iterdir()) == []


def test_sync_now_on_the_command_line(server: str, central: Store, desk: Callable[[int], Database]) -> None:
    desk_1 = desk(1)
    register(desk_1, 3)
    path = str(desk_1.path)
    desk_1.dispose()
    result = CliRunner().invoke(csd, ["--db", path, "sync", "now", "--server", server])
    assert result.exit_code == 0, result.output
    assert "تمت المزامنة" in result.output
    assert counts(central)[0] == 3
    again = CliRunner().invoke(csd, ["--db", path, "--json", "sync", "now"])  # the server remembered
    assert again.exit_code == 0, again.output
    assert '"pushed_bytes"' in again.output


def test_an_unreachable_server_exits_2_naming_it(central: Store, desk: Callable[[int], Database]) -> None:
    desk_1 = desk(1)
    register(desk_1, 1)
    path = str(desk_1.path)
    desk_1.dispose()
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(csd, ["--db", path, "sync", "now", "--server", url, "--attempts", "2"])
    assert result.exit_code == 2
    assert url in result.output and "تعذّر الاتصال بخادم المزامنة" in result.output


def test_a_station_of_an_office_not_enrolled_here_is_refused(
    server: str, central: Store, desk: Callable[[int], Database], tmp_path: Path
) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other-central.sqlite'}")
    hub.init_central(other, "مكتب مركزي آخر")
    enrolment = hub.enrol(other, office="NINGO", name_ar="مكتب شؤون المواطنين — نينوى", governorate="NIN")
    stranger = open_database(tmp_path / "stranger" / "csd.sqlite")
    station.enrol_station(
        stranger, enrolment, station=1, admin_username="admin", admin_full_name="علي", admin_password=PASSWORD
    )
    register(stranger, 2)
    with pytest.raises(SyncFailed) as refused:
        sync_with_server(stranger, server, part_size=PART)
    assert refused.value.code == "unknown_station"
    assert "غير مسجّلة لدى المكتب المركزي" in refused.value.message
    assert counts(central) == (0, 0)
    stranger.dispose()
    other.dispose()
