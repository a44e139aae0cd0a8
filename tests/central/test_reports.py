"""The central server's reports: the station's figures (services/figures) for an office, a governorate
or the whole country, on the bundles it received from two offices in two governorates; by the
`csd-central report` commands and over HTTP to a station that may read its own office's only."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csd_desktop.central.server import HubOverStore
from csd_desktop.central.store import Store
from csd_desktop.central.transfers import TransferStore
from csd_desktop.central.web import create_app
from csd_desktop.db.engine import Database
from csd_desktop.sync.auth import sign_request
from csd_desktop.sync.desk import credentials
from tests.pdf_text import pdf_text
from tests.reports.test_monthly import summary_numbers
from tests.sync import conftest as sync_world
from tests.sync.conftest import World

# The sync tests' world (central on SQLite, and on PostgreSQL when CSD_TEST_POSTGRES_URL is set).
central_url, world = sync_world.central_url, sync_world.world

MONTH = date.today().strftime("%Y-%m")
COUNTED = ("received", "closed", "resolved", "open_at_end", "overdue_at_end", "first_answers_due")


@pytest.fixture
def synced(world: World) -> World:
    """BGDGO: two cases at desk 1 (one closed), one at desk 2; NJFGO: one request. Desk 1 has its
    office's every case back from central, so its own report counts the whole office."""
    w = world
    first = w.add_case("BGDGO-1")
    w.add_case("BGDGO-1", kind="request", channel="phone")
    w.csd_json("BGDGO-1", "case", "close", first, "--outcome", "resolved", "--summary", "أُصلحت المحولة.")
    w.add_case("BGDGO-2", category="water")
    w.add_case("NJFGO-1", kind="request", category="roads")
    for desk in ("BGDGO-1", "BGDGO-2", "NJFGO-1"):
        w.send(desk)
    w.receive("BGDGO-1")
    return w


def central_figures(w: World, *scope: str) -> dict[str, Any]:
    result = w.central("--json", "report", "figures", "--month", MONTH, *scope)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout)["figures"])


def comparable(figures: dict[str, Any]) -> dict[str, Any]:
    """What two computations of one office's month must agree on (not when, nor by whom)."""
    return {k: figures[k] for k in ("totals", "breakdowns", "recurring", "trend", "overdue", "office_code")}


def test_an_offices_figures_at_central_equal_its_stations_own(synced: World) -> None:
    w = synced
    station = w.csd_json("BGDGO-1", "report", "figures", "--month", MONTH)["figures"]
    at_central = central_figures(w, "--office", "BGDGO")
    assert station["totals"]["received"] == 3 and station["totals"]["closed"] == 1
    assert comparable(at_central) == comparable(station)
    njf = w.csd_json("NJFGO-1", "report", "figures", "--month", MONTH)["figures"]
    assert comparable(central_figures(w, "--office", "njfgo")) == comparable(njf)


def test_a_governorates_and_the_countrys_totals_are_the_sums_of_their_offices(synced: World) -> None:
    w = synced
    bgd, njf = (central_figures(w, "--office", o)["totals"] for o in ("BGDGO", "NJFGO"))
    assert central_figures(w, "--governorate", "BGD")["totals"] == bgd
    country = central_figures(w)
    assert {m: country["totals"][m] for m in COUNTED} == {m: bgd[m] + njf[m] for m in COUNTED}
    kinds = {r["key"]: r["measures"]["received"] for r in country["breakdowns"][0]["rows"]}
    assert (kinds["complaint"], kinds["request"]) == (2, 2)
    assert country["office_code"] == "IQ"


def test_the_monthly_pdf_is_titled_for_its_scope_and_shows_its_totals(synced: World, tmp_path: Path) -> None:
    w = synced
    for scope, title, received, closed in (
        (["--office", "NJFGO"], "مكتب النجف", 1, 0),
        (["--governorate", "BGD"], "محافظة بغداد", 3, 1),
        ([], "جمهورية العراق", 4, 1),
    ):
        out = tmp_path / f"{received}.pdf"
        result = w.central("--json", "report", "monthly", "--month", MONTH, *scope, "--out", str(out))
        assert result.exit_code == 0, result.output
        first_page = pdf_text(out).split("\f")[0]
        assert title in first_page
        shown = summary_numbers(first_page)
        assert (shown["received"], shown["closed"]) == (str(received), str(closed))
        assert json.loads(result.stdout)["received"] == received


def test_an_unknown_office_or_both_options_are_refused_with_exit_2(synced: World) -> None:
    unknown = synced.central("report", "figures", "--month", MONTH, "--office", "XXXGO")
    assert unknown.exit_code == 2 and "XXXGO" in unknown.output
    both = synced.central("report", "figures", "--month", MONTH, "--office", "BGDGO", "--governorate", "BGD")
    assert both.exit_code == 2


def test_a_station_reads_its_own_offices_figures_over_http_and_no_other(synced: World) -> None:
    w = synced
    store = Store(w.url)
    desk = Database(w.stations["BGDGO-2"])
    signed_as = credentials(desk)
    client = TestClient(create_app(HubOverStore(store), TransferStore(w.folder / "transfers")))

    def get(target: str) -> Any:
        return client.get(target, headers=sign_request(signed_as, "GET", target, b"", int(time.time())))

    try:
        own = get(f"/v1/reports/figures?month={MONTH}&office=BGDGO")
        assert own.status_code == 200, own.text
        assert own.json()["figures"]["totals"] == central_figures(w, "--office", "BGDGO")["totals"]
        assert get(f"/v1/reports/figures?month={MONTH}").json()["figures"]["office_code"] == "BGDGO"
        for other in ("office=NJFGO", "governorate=BGD"):
            refused = get(f"/v1/reports/figures?month={MONTH}&{other}")
            assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
        pdf = get(f"/v1/reports/monthly.pdf?month={MONTH}&office=BGDGO")
        assert pdf.status_code == 200 and "مكتب بغداد" in pdf_text(pdf.content)
        unsigned = client.get(f"/v1/reports/figures?month={MONTH}&office=BGDGO")
        assert unsigned.status_code == 401
    finally:
        desk.dispose()
        store.dispose()
