"""The same citizen (one card number) registered at two desks: after sync each desk finds every case of
that person under the card and under every name, and a new name that arrives re-indexes the person's
earlier cases."""

from __future__ import annotations

import sqlite3

from tests.sync.conftest import CASE, World

CARD = CASE["citizen"]["national_id"]
FIRST_NAME = CASE["citizen"]["full_name"]  # فاطمة علي حسين الجبوري
OTHER_NAME = "فاطمة علي حسن الزيدي"


def found(w: World, desk: str, query: str) -> set[str]:
    return {item["reference"] for item in w.csd_json(desk, "case", "find", query)}


def sync_everyone(w: World, desks: tuple[str, ...]) -> None:
    for _ in range(2):
        for desk in desks:
            w.send(desk)
            w.receive(desk)


def test_one_card_registered_at_two_desks_is_one_person_found_under_every_name(world: World) -> None:
    w = world
    desks = ("BGDGO-1", "BGDGO-2")
    for desk in desks:  # each desk knows nothing of the other yet
        w.send(desk)
    one = w.add_case("BGDGO-1")
    two = w.add_case(
        "BGDGO-2",
        citizen={**CASE["citizen"], "full_name": OTHER_NAME, "phone": "07801112233"},
        subject="طلب تبليط الشارع الفرعي",
        category="waste",
        entity=None,
    )
    assert found(w, "BGDGO-1", "الزيدي") == set()
    sync_everyone(w, desks)

    for desk in desks:
        assert found(w, desk, CARD) == {one, two}, desk
        assert found(w, desk, "الجبوري") == {one, two}, desk
        assert found(w, desk, "الزيدي") == {one, two}, desk
        con = sqlite3.connect(w.stations[desk])
        people = con.execute("SELECT count(DISTINCT person_id), count(*) FROM citizens").fetchone()
        con.close()
        assert people == (1, 2), desk  # one person, both versions kept


def test_a_new_name_arriving_by_sync_reindexes_the_persons_earlier_cases(world: World) -> None:
    w = world
    desks = ("BGDGO-1", "BGDGO-2")
    first = w.add_case("BGDGO-1")
    sync_everyone(w, desks)
    # Desk 2 sees the returning citizen, and the clerk confirms her new name: a new version.
    second = w.add_case(
        "BGDGO-2",
        citizen={**CASE["citizen"], "full_name": OTHER_NAME},
        confirm_citizen_update=True,
        subject="طلب تبليط الشارع الفرعي",
        category="waste",
        entity=None,
    )
    assert found(w, "BGDGO-2", "الزيدي") == {first, second}
    assert found(w, "BGDGO-1", "الزيدي") == set()
    sync_everyone(w, desks)
    for desk in desks:
        assert found(w, desk, "الزيدي") == {first, second}, desk
        assert found(w, desk, "الجبوري") == {first, second}, desk
