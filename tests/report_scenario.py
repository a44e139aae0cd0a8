"""A small office with known cases around October 2026, built through the real services, for the
report tests (figures, KPIs, month close, PDF, Excel, CLI). Every expected figure is worked out by
hand in tests/services/test_figures.py from the timelines below (Iraqi local times; Fri/Sat off).

- A complaint/water/BGD-05/male, 4 Oct 09:00, due 7 Oct; answered 7 Oct 23:30 (on the deadline day),
  satisfaction 5, closed resolved 8 Oct 09:00.
- B complaint/electricity/BGD-02/female/phone, 4 Oct 09:00, due 7 Oct; answered 8 Oct 00:30 (a day
  late, though still 7 Oct in UTC), satisfaction 2, closed not resolved 8 Oct 09:00.
- C request/roads/BGD-05/male, 28 Sep 09:00, due 1 Oct; answered 1 Oct 09:00, closed resolved
  3 Nov 09:00 (the month after it was opened).
- D complaint/water/BGD-05/female elderly, 1 Oct 09:00, due 6 Oct; answered 5 Oct (satisfaction 4),
  closed 6 Oct, reopened 11 Oct, closed again resolved 20 Oct 09:00.
- E complaint/waste/BGD-02/male, 6 Sep 09:00, due 9 Sep; answered 8 Sep (satisfaction 3), closed
  resolved 10 Sep, reopened 12 Oct and still open.
- F inquiry/electricity/no district/male/letter, 18 Oct 09:00, due 21 Oct; referred to the Ministry
  of Electricity 19 Oct; answered and closed resolved 2 Nov 09:00 (overdue at the end of October).
- G complaint/water/BGD-05/male, 25 Oct 09:00, due 29 Oct because 27 Oct is a holiday; answered
  29 Oct 09:00, closed resolved 4 Nov 09:00.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from csd_desktop.db.engine import Database, open_database
from csd_desktop.db.models import Holiday
from csd_desktop.domain.enums import EventType
from csd_desktop.services import clock, intake, timeline, users
from csd_desktop.services.users import Actor
from tests.conftest import ADMIN, PASSWORD
from tests.factories import citizen_form, intake_form

IRAQ = timezone(timedelta(hours=3))
HOLIDAY = date(2026, 10, 27)
TODAY = datetime(2026, 11, 10, 9, 0, tzinfo=IRAQ)  # where the tests stand, after every event


def local(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=IRAQ)


def stand_on(moment: datetime) -> None:
    clock.set_clock(lambda: moment.astimezone(UTC))


_PEOPLE = {
    "A": dict(full_name="علي حسين كاظم الموسوي", national_id="199011111111", phone="07701111111"),
    "B": dict(full_name="زينب جاسم محمد العبيدي", national_id="199022222222", phone="07702222222"),
    "C": dict(full_name="حيدر عباس علي الساعدي", national_id="199033333333", phone="07703333333"),
    "D": dict(full_name="فاطمة كريم حسن الربيعي", national_id="195044444444", phone="07704444444"),
    "E": dict(full_name="مصطفى قاسم جواد الخفاجي", national_id="199055555555", phone="07705555555"),
    "F": dict(full_name="عمر سعد عبد الله الجبوري", national_id="199066666666", phone="07706666666"),
    "G": dict(full_name="كرار ناظم عبد الحسين التميمي", national_id="199077777777", phone="07707777777"),
}

_CASES: dict[str, tuple[datetime, dict[str, Any], dict[str, Any]]] = {
    # name: (registered, citizen changes, form changes)
    "A": (local(10, 4), dict(gender="male", district="BGD-05"), dict(kind="complaint", category="water")),
    "B": (
        local(10, 4),
        dict(gender="female", district="BGD-02"),
        dict(kind="complaint", category="electricity", channel="phone", entity="electricity"),
    ),
    "C": (
        local(9, 28),
        dict(gender="male", district="BGD-05"),
        dict(kind="request", category="roads", entity=""),
    ),
    "D": (
        local(10, 1),
        dict(gender="female", district="BGD-05", priority=frozenset({"elderly"})),
        dict(kind="complaint", category="water"),
    ),
    "E": (
        local(9, 6),
        dict(gender="male", district="BGD-02"),
        dict(kind="complaint", category="waste", entity=""),
    ),
    "F": (
        local(10, 18),
        dict(gender="male", district=""),
        dict(kind="inquiry", category="electricity", channel="letter", entity=""),
    ),
    "G": (local(10, 25), dict(gender="male", district="BGD-05"), dict(kind="complaint", category="water")),
}

_CLOSE = {"outcome": "resolved", "summary": "عولج الطلب."}


def _told(satisfaction: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"how": "phone_call"}
    if satisfaction is not None:
        data["satisfaction"] = satisfaction
    return data


_STEPS: list[tuple[datetime, str, EventType, dict[str, Any]]] = [
    (local(9, 8), "E", EventType.CITIZEN_INFORMED, _told(3)),
    (local(9, 10), "E", EventType.CLOSED, _CLOSE),
    (local(10, 1), "C", EventType.CITIZEN_INFORMED, _told()),
    (local(10, 5), "D", EventType.CITIZEN_INFORMED, _told(4)),
    (local(10, 6), "D", EventType.CLOSED, _CLOSE),
    (local(10, 7, 23, 30), "A", EventType.CITIZEN_INFORMED, _told(5)),
    (local(10, 8, 0, 30), "B", EventType.CITIZEN_INFORMED, _told(2)),
    (local(10, 8), "A", EventType.CLOSED, _CLOSE),
    (local(10, 8), "B", EventType.CLOSED, {"outcome": "not_resolved", "summary": "تعذّرت المعالجة."}),
    (local(10, 11), "D", EventType.REOPENED, {"reason": "عاد الانقطاع."}),
    (local(10, 12), "E", EventType.REOPENED, {"reason": "عادت النفايات."}),
    (
        local(10, 19),
        "F",
        EventType.REFERRED,
        {"entity": "electricity", "letter_no": "ش/19", "letter_date": "2026-10-19"},
    ),
    (local(10, 20), "D", EventType.CLOSED, _CLOSE),
    (local(10, 29), "G", EventType.CITIZEN_INFORMED, _told()),
    (local(11, 2), "F", EventType.CITIZEN_INFORMED, _told()),
    (local(11, 2), "F", EventType.CLOSED, _CLOSE),
    (local(11, 3), "C", EventType.CLOSED, _CLOSE),
    (local(11, 4), "G", EventType.CLOSED, _CLOSE),
]


@dataclass(frozen=True)
class Scenario:
    path: Path
    refs: dict[str, str]  # case name → reference number

    def open(self, into: Path) -> Database:
        """A copy of the scenario's database to change (locks, amendments)."""
        copy = into / "scenario.sqlite"
        shutil.copy(self.path, copy)
        return open_database(copy)


def step(
    db: Database, actor: Actor, reference: str, when: datetime, event: EventType, data: dict[str, Any]
) -> None:
    stand_on(when)
    with db.write() as s:
        timeline.append(s, timeline.load_case(s, reference), actor, event, dict(data))


def build(path: Path) -> dict[str, str]:
    db = open_database(path)
    try:
        actor = users.authenticate(db, ADMIN, PASSWORD)
        with db.write() as s:
            s.add(Holiday(day=HOLIDAY, name_ar="عطلة رسمية"))
        refs: dict[str, str] = {}
        for name, (when, person, form) in sorted(_CASES.items(), key=lambda item: item[1][0]):
            stand_on(when)
            citizen = citizen_form(**_PEOPLE[name], **person)
            refs[name] = intake.register_case(db, actor, intake_form(citizen, **form)).reference
        for when, name, event, data in _STEPS:
            step(db, actor, refs[name], when, event, data)
    finally:
        clock.set_clock(None)
        db.dispose()
    return refs


@pytest.fixture(scope="session")
def scenario(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("scenario") / "csd.sqlite"
    shutil.copy(template_db, path)
    refs = build(path)
    return Scenario(path, refs)


@pytest.fixture
def scenario_db(scenario: Scenario, tmp_path: Path) -> Iterator[Database]:
    """The scenario's database (a copy), with the clock on TODAY."""
    stand_on(TODAY)
    db = scenario.open(tmp_path)
    yield db
    db.dispose()
