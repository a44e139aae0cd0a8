"""Only a genuine enrolled station's signed, timely request is served: anything else gets 401 with an
Arabic reason, and nothing is stored or applied."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from csd_desktop.sync.auth import Credentials, sign_request
from csd_desktop.sync.bundle import Party
from tests.central.little_hub import LittleHub
from tests.central.test_transfer import DESK_1, signed

ELSEWHERE = Party("NINGO", 1)


def upload(server: str, credentials: Credentials, data: bytes, **headers: str) -> list[httpx.Response]:
    sha256 = hashlib.sha256(data).hexdigest()
    calls = [
        ("POST", f"/v1/uploads/{sha256}?size={len(data)}", b""),
        ("PUT", f"/v1/uploads/{sha256}?offset=0", data),
        ("POST", f"/v1/uploads/{sha256}/complete", b""),
    ]
    return [signed(server, credentials, *call) for call in calls]


def assert_refused(answers: list[httpx.Response], hub: LittleHub, tmp_path: Path, code: str) -> None:
    assert {a.status_code for a in answers} == {401}
    assert {a.json()["error"] for a in answers} == {code}
    assert all("المحطة" in a.json()["message"] or "الطلب" in a.json()["message"] for a in answers)
    assert hub.counts() == (0, 0, 0)
    assert [p.name for p in (tmp_path / "transfers").rglob("*") if p.is_file()] == []


def test_a_station_of_an_office_never_enrolled_is_refused(
    server: str, hub: LittleHub, tmp_path: Path
) -> None:
    stranger = LittleHub("sqlite://").enrol(ELSEWHERE)  # enrolled by another central, unknown here
    stranger.write(4)
    assert_refused(
        upload(server, stranger.credentials, stranger.export(hub)), hub, tmp_path, "unknown_station"
    )


def test_a_certificate_for_another_station_number_is_refused(
    server: str, hub: LittleHub, tmp_path: Path
) -> None:
    station = hub.enrol(DESK_1)
    station.write(4)
    posing = Credentials(Party("BGDGO", 2), station.credentials.signing_key, station.credentials.certificate)
    assert_refused(upload(server, posing, station.export(hub)), hub, tmp_path, "unknown_station")


def test_a_request_signed_with_another_key_is_refused(server: str, hub: LittleHub, tmp_path: Path) -> None:
    station = hub.enrol(DESK_1)
    station.write(4)
    thief = Credentials(DESK_1, Ed25519PrivateKey.generate(), station.credentials.certificate)
    assert_refused(upload(server, thief, station.export(hub)), hub, tmp_path, "bad_signature")


def test_a_body_changed_after_signing_is_refused(server: str, hub: LittleHub, tmp_path: Path) -> None:
    station = hub.enrol(DESK_1)
    data = station.export(hub)
    sha256 = hashlib.sha256(data).hexdigest()
    signed(server, station.credentials, "POST", f"/v1/uploads/{sha256}?size={len(data)}", b"")
    target = f"/v1/uploads/{sha256}?offset=0"
    headers = sign_request(station.credentials, "PUT", target, data, int(time.time()))
    answer = httpx.put(server + target, content=b"X" + data[1:], headers=headers)
    assert answer.status_code == 401
    assert answer.json()["error"] == "bad_signature"
    assert (tmp_path / "transfers" / "uploads").exists()
    assert not list((tmp_path / "transfers" / "uploads").glob("*.part"))


@pytest.mark.parametrize("skew", [-3600, 600])
def test_a_stale_or_future_request_is_refused(server: str, hub: LittleHub, tmp_path: Path, skew: int) -> None:
    station = hub.enrol(DESK_1)
    data = station.export(hub)
    target = f"/v1/uploads/{hashlib.sha256(data).hexdigest()}?size={len(data)}"
    answer = signed(server, station.credentials, "POST", target, b"", int(time.time()) + skew)
    assert answer.status_code == 401
    assert answer.json()["error"] == "stale"
    assert "ساعته" in answer.json()["message"]
    assert hub.counts() == (0, 0, 0)


def test_an_unsigned_request_is_refused(server: str, hub: LittleHub, tmp_path: Path) -> None:
    answer = httpx.post(server + "/v1/answers")
    assert answer.status_code == 401
    assert answer.json()["error"] == "unsigned"
    assert "مسجّلة" in answer.json()["message"]


def test_a_bundle_of_another_station_is_not_applied(server: str, hub: LittleHub, tmp_path: Path) -> None:
    desk_1, desk_2 = hub.enrol(DESK_1), hub.enrol(Party("BGDGO", 2))
    desk_1.write(4)
    answers = upload(server, desk_2.credentials, desk_1.export(hub))
    assert answers[2].status_code == 400
    assert answers[2].json()["error"] == "not_the_sender"
    assert hub.counts() == (0, 0, 0)
