"""`csd report open311`: the month's cases as Open311 GeoReport v2 service requests, on the small office
of tests/report_scenario.py (cases A–G, October 2026)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from csd_desktop.cli import main
from csd_desktop.db.engine import Database
from tests import report_scenario

scenario = report_scenario.scenario
scenario_db = report_scenario.scenario_db

OPEN311_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_code",
    "service_name",
    "agency_responsible",
    "description",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
}


def test_october_as_open311_requests(
    scenario: report_scenario.Scenario, scenario_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "october.json"
    r = CliRunner().invoke(
        main,
        [
            "--db",
            str(scenario_db.path),
            "--json",
            "report",
            "open311",
            "--month",
            "2026-10",
            "--out",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["requests"] == 5
    requests = {q["service_request_id"]: q for q in json.loads(out.read_text(encoding="utf-8"))}
    refs = scenario.refs
    # Received in October: A, B, D, F, G (C in September, E in September).
    assert set(requests) == {refs[n] for n in "ABDFG"}
    assert all(set(q) == OPEN311_FIELDS for q in requests.values())

    a = requests[refs["A"]]
    assert (a["status"], a["service_code"], a["status_notes"]) == ("closed", "water", "مغلق — عولج الطلب")
    assert a["requested_datetime"] == "2026-10-04T09:00:00+03:00"
    assert a["updated_datetime"] == "2026-10-08T09:00:00+03:00"  # closed then: its last step
    assert a["expected_datetime"] is None  # closed: nothing more expected
    b = requests[refs["B"]]
    assert b["status_notes"] == "مغلق — تعذّرت معالجة الطلب"
    assert (b["service_name"], b["agency_responsible"]) == ("الكهرباء", "وزارة الكهرباء")  # in Arabic
    # F was still open at the end of October but is closed now (10 Nov): the export says where it stands.
    f = requests[refs["F"]]
    assert f["status"] == "closed" and f["updated_datetime"] == "2026-11-02T09:00:00+03:00"
    for q in requests.values():
        for key in ("requested_datetime", "updated_datetime"):
            assert datetime.fromisoformat(q[key]).utcoffset() is not None  # with its time zone
    # No personal data of the citizen: names, card numbers, phones are not in the file.
    text = out.read_text(encoding="utf-8")
    assert "علي حسين" not in text and "199011111111" not in text and "07701111111" not in text


def test_an_open_case_says_when_it_is_expected(scenario_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "sep.json"
    r = CliRunner().invoke(
        main,
        [
            "--db",
            str(scenario_db.path),
            "report",
            "open311",
            "--from",
            "2026-09-01",
            "--to",
            "2026-09-30",
            "--out",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    requests = json.loads(out.read_text(encoding="utf-8"))
    still_open = [q for q in requests if q["status"] == "open"]
    assert still_open, requests  # E was reopened on 12 Oct and is still open
    assert all(q["expected_datetime"] and q["expected_datetime"].endswith("+03:00") for q in still_open)
    assert all(q["status_notes"] == "أُعيد فتحه بطلب المواطن" for q in still_open)


def test_no_period_is_refused_and_writes_nothing(scenario_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "none.json"
    r = CliRunner().invoke(main, ["--db", str(scenario_db.path), "report", "open311", "--out", str(out)])
    assert r.exit_code == 2
    assert "حدّد الشهر" in r.output
    assert not out.exists()
