"""What central and a station refuse (with the reason, exit 2, nothing changed), and what they take
twice without change: a replay, an overlapping range, a lost bundle re-sent, an interrupted import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from csd_desktop.central import hub
from csd_desktop.sync import apply as sync_apply
from tests.sync.conftest import World, dump


def central_dump(w: World) -> dict[str, list[tuple[object, ...]]]:
    assert w.url.startswith("sqlite:///")
    return dump(Path(w.url.removeprefix("sqlite:///")))


def export(w: World, desk: str, name: str) -> Path:
    out = w.folder / name
    assert w.csd(desk, "sync", "export", "--out", str(out)).exit_code == 0
    return out


def altered(path: Path, how: str) -> Path:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) - 40]
    else:
        data[len(data) // 2] ^= 0x01
    out = path.with_name(f"{how}.csdsync")
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("truncated", "ناقصة"),
        ("flipped", "عُدّلت"),
        ("answer", "غير معروف"),
        ("unknown_sender", "غير معروف"),
    ],
)
@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_central_refuses_a_bad_bundle_and_changes_nothing(world: World, how: str, says: str) -> None:
    w = world
    w.add_case("BGDGO-1")
    bundle = export(w, "BGDGO-1", "good.csdsync")
    if how == "answer":  # an answer meant for a station, brought to central: no station signed it
        w.send("BGDGO-1")
        bundle = w.answer("BGDGO-1")
    elif how == "unknown_sender":  # its sender names an office central never enrolled
        bundle = altered(bundle, "flipped")
        data = bundle.read_bytes().replace(b'"office":"BGDGO"', b'"office":"XXXGO"', 1)
        bundle.write_bytes(data)
    else:
        bundle = altered(bundle, how)
    before = central_dump(w)
    result = w.central("import", str(bundle))
    assert result.exit_code == 2 and says in result.output
    assert central_dump(w) == before


@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_replay_and_overlap_change_nothing_and_a_lost_bundle_is_sent_again(world: World) -> None:
    w = world
    w.add_case("BGDGO-1")
    first = export(w, "BGDGO-1", "first.csdsync")
    assert w.central("import", str(first)).exit_code == 0
    before = central_dump(w)
    replay = w.central("import", str(first))
    assert replay.exit_code == 2 and "استُوردت من قبل" in replay.output
    assert central_dump(w) == before
    # No answer came back yet: the next bundle carries the same changes again, and one more.
    w.add_case("BGDGO-1", subject="طريق متضرر قرب المدرسة")
    lost = export(w, "BGDGO-1", "lost.csdsync")  # this stick is lost
    again = export(w, "BGDGO-1", "again.csdsync")
    assert w.central("--json", "import", str(again)).exit_code == 0
    del lost
    w.receive("BGDGO-1")
    status = w.csd_json("BGDGO-1", "sync", "status")
    assert status["waiting"] == 0
    con_cases = central_dump(w)["cases"]
    assert len(con_cases) == 2  # overlap applied once


@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_a_bundle_past_a_missing_one_is_refused_naming_the_gap(world: World) -> None:
    w = world
    w.add_case("BGDGO-1")
    w.send("BGDGO-1")
    w.receive("BGDGO-1")  # delivered up to the first case
    w.add_case("BGDGO-1", subject="طريق متضرر قرب المدرسة")
    # Central's database is restored from before the first bundle: the next one starts past its mark.
    fresh = World(w.folder / "other", w.url)
    del fresh
    later = export(w, "BGDGO-1", "later.csdsync")
    w2_url = f"sqlite:///{w.folder / 'empty-central.sqlite'}"
    import shutil

    shutil.copy(w.url.removeprefix("sqlite:///"), w.folder / "empty-central.sqlite")
    eng = create_engine(w2_url)
    with eng.begin() as conn:
        conn.exec_driver_sql("DELETE FROM change_log")
    eng.dispose()
    result = World(w.folder, w2_url).central("import", str(later))
    assert result.exit_code == 2 and "مفقودة" in result.output


@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_an_import_interrupted_midway_leaves_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world
    w.add_case("BGDGO-1")
    bundle = export(w, "BGDGO-1", "b.csdsync")
    before = central_dump(w)

    def power_cut(*_args: object) -> int:
        raise RuntimeError("power cut")

    monkeypatch.setattr(sync_apply, "replay", power_cut)
    result = w.central("import", str(bundle))
    assert result.exit_code != 0
    assert central_dump(w) == before
    monkeypatch.undo()
    assert w.central("import", str(bundle)).exit_code == 0


@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_a_lost_stick_shows_no_name_card_or_phone(world: World) -> None:
    w = world
    w.add_case("BGDGO-1")
    data = export(w, "BGDGO-1", "b.csdsync").read_bytes()
    for secret in ("فاطمة", "الجبوري", "199012345678", "07701234567"):
        assert secret.encode() not in data


@pytest.mark.parametrize("central_url", ["sqlite"], indirect=True)
def test_a_station_refuses_an_answer_from_a_newer_schema(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    w.send("BGDGO-1")
    monkeypatch.setattr(hub, "SCHEMA_HEAD", "9999")
    answer = w.answer("BGDGO-1")
    before = dump(w.stations["BGDGO-1"])
    result = w.csd("BGDGO-1", "sync", "import", str(answer))
    assert result.exit_code == 2 and "أحدث" in result.stderr
    assert dump(w.stations["BGDGO-1"]) == before
