"""`sync now` over HTTP against the real server on loopback: push then pull, a transfer cut in the
middle resumes and completes with nothing applied twice, and a request that is not a genuine enrolled
station's is refused with an Arabic reason and changes nothing."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from csd_desktop.sync import transfer
from csd_desktop.sync.auth import Credentials, sign_request
from csd_desktop.sync.bundle import Party
from csd_desktop.sync.transfer import PULLING, PUSHING, SyncFailed, SyncOutcome, sync_now
from tests.central.conftest import Relay, free_port
from tests.central.little_hub import LittleHub, LittleStation

DESK_1 = Party("BGDGO", 1)
PART = 64 << 10


def run(
    server: str,
    hub: LittleHub,
    station: LittleStation,
    folder: Path,
    progress: Callable[..., None] | None = None,
) -> SyncOutcome:
    return sync_now(
        server,
        station.credentials,
        export=lambda: station.export(hub),
        import_answer=lambda data: station.import_answer(hub, data),
        folder=folder,
        progress=progress,
        part_size=PART,
        attempts=3,
        backoff=0.05,
    )


def test_sync_now_pushes_the_outbox_and_pulls_the_acknowledgement(
    server: str, hub: LittleHub, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1, attachment=300_000)
    station.write(40)
    steps: list[tuple[int, int, str]] = []
    outcome = run(server, hub, station, tmp_path / "sync", lambda *a: steps.append(a))
    assert hub.counts() == (40, 40, 1)
    assert station.acknowledged == 40
    assert outcome.accepted["applied"] == 40
    pushes = [s for s in steps if s[2] == PUSHING]
    assert len(pushes) >= 300_000 // PART  # it went in parts
    assert pushes[-1][0] == pushes[-1][1] == outcome.pushed_bytes
    assert any(s[2] == PULLING for s in steps)
    assert list((tmp_path / "sync").iterdir()) == []  # nothing left behind once done


def test_a_client_killed_after_some_parts_resumes_from_the_servers_offset(
    server: str, hub: LittleHub, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1, attachment=500_000)
    station.write(25)

    class Killed(Exception):
        pass

    def kill_after_three_parts(done: int, total: int, step: str) -> None:
        if step == PUSHING and done >= 3 * PART:
            raise Killed

    with pytest.raises(Killed):
        run(server, hub, station, tmp_path / "sync", kill_after_three_parts)
    assert hub.counts() == (0, 0, 0)
    station.write(5)  # work goes on at the desk meanwhile
    steps: list[tuple[int, int, str]] = []
    run(server, hub, station, tmp_path / "sync", lambda *a: steps.append(a))
    assert steps[0][2] == PUSHING and steps[0][0] == 3 * PART  # it started where the server stood
    # The cut bundle is finished first; the 5 later changes follow once it is acknowledged.
    assert hub.counts() == (30, 30, 2)
    assert station.acknowledged == 30


def test_a_connection_dropped_during_the_upload_resumes_without_duplicates(
    server: str, hub: LittleHub, relay: Relay, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1, attachment=400_000)
    station.write(60)
    cutter = relay(server, 200_000, "up")
    run(cutter.url, hub, station, tmp_path / "sync")
    assert cutter.cuts == 1
    assert hub.counts() == (60, 60, 1)
    assert station.acknowledged == 60


def test_a_connection_dropped_during_the_download_resumes_with_a_range(
    server: str, hub: LittleHub, relay: Relay, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1)
    station.write(10)
    hub.answer_padding = 600_000  # the office's other desks' cases coming back
    cutter = relay(server, 300_000, "down")
    outcome = run(cutter.url, hub, station, tmp_path / "sync")
    assert cutter.cuts == 1
    assert b"range: bytes=" in bytes(cutter.seen).lower()  # it asked for the rest, not the whole
    assert 600_000 < outcome.pulled_bytes < 900_000
    assert station.acknowledged == 10
    assert hub.counts() == (10, 10, 1)


def test_a_retried_completion_returns_the_same_result_and_applies_once(
    server: str, hub: LittleHub, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1)
    station.write(7)
    data = station.export(hub)
    sha256 = hashlib.sha256(data).hexdigest()
    calls = [
        ("POST", f"/v1/uploads/{sha256}?size={len(data)}", b""),
        ("PUT", f"/v1/uploads/{sha256}?offset=0", data),
        ("POST", f"/v1/uploads/{sha256}/complete", b""),
        ("POST", f"/v1/uploads/{sha256}/complete", b""),
        ("POST", f"/v1/uploads/{sha256}?size={len(data)}", b""),
    ]
    answers = [signed(server, station.credentials, *call) for call in calls]
    assert [a.status_code for a in answers] == [200] * 5
    assert answers[2].json() == answers[3].json() == answers[4].json()["result"]
    assert answers[4].json()["offset"] == len(data)
    assert hub.counts() == (7, 7, 1)


def test_a_part_sent_twice_is_told_where_the_server_stands(server: str, hub: LittleHub) -> None:
    station = hub.enrol(DESK_1, attachment=1000)
    data = station.export(hub)
    sha256 = hashlib.sha256(data).hexdigest()
    signed(server, station.credentials, "POST", f"/v1/uploads/{sha256}?size={len(data)}", b"")
    signed(server, station.credentials, "PUT", f"/v1/uploads/{sha256}?offset=0", data[:500])
    again = signed(server, station.credentials, "PUT", f"/v1/uploads/{sha256}?offset=0", data[:500])
    assert again.status_code == 409
    assert again.json()["offset"] == 500
    assert "500" in again.json()["message"]


def test_an_unreachable_server_gives_up_with_a_message_naming_it(hub: LittleHub, tmp_path: Path) -> None:
    station = hub.enrol(DESK_1)
    station.write(3)
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SyncFailed) as refused:
        run(url, hub, station, tmp_path / "sync")
    assert url in refused.value.message
    assert "تعذّر الاتصال بخادم المزامنة" in refused.value.message
    assert len(list((tmp_path / "sync").glob("*.csdsync"))) == 1  # kept, to resume next time


def signed(
    server: str, credentials: Credentials, method: str, target: str, body: bytes, moment: int | None = None
) -> httpx.Response:
    headers = sign_request(credentials, method, target, body, int(time.time()) if moment is None else moment)
    return httpx.request(method, server + target, content=body, headers=headers)


def test_completions_racing_each_other_apply_the_bundle_once(server: str, hub: LittleHub) -> None:
    station = hub.enrol(DESK_1, attachment=50_000)
    station.write(12)
    data = station.export(hub)
    sha256 = hashlib.sha256(data).hexdigest()
    signed(server, station.credentials, "POST", f"/v1/uploads/{sha256}?size={len(data)}", b"")
    signed(server, station.credentials, "PUT", f"/v1/uploads/{sha256}?offset=0", data)
    target = f"/v1/uploads/{sha256}/complete"
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(lambda _i: signed(server, station.credentials, "POST", target, b""), range(4))
        )
    assert [a.status_code for a in answers] == [200] * 4
    assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
    assert hub.counts() == (12, 12, 1)


def test_a_desk_whose_clock_is_two_hours_off_still_syncs(
    server: str, hub: LittleHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    station = hub.enrol(DESK_1)
    station.write(5)
    monkeypatch.setattr(transfer, "now", lambda: time.time() - 7200)  # a flat CMOS battery
    run(server, hub, station, tmp_path / "sync")
    assert hub.counts() == (5, 5, 1)
    assert station.acknowledged == 5
