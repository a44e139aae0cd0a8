"""The `csd` command, run as a real process: init, add, find, show, receipt, verify, and bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CASE = {
    "citizen": {
        "full_name": "فاطمة علي حسين الجبوري",
        "national_id": "١٩٩٠١٢٣٤٥٦٧٨",
        "phone": "+964 770 123 4567",
        "gender": "female",
        "governorate": "BGD",
        "district": "BGD-02",
        "address": "الأعظمية، محلة 314",
        "landmark": "قرب ساحة عنتر",
        "priority": ["pregnant"],
    },
    "kind": "complaint",
    "channel": "walk_in",
    "category": "electricity",
    "entity": "electricity",
    "subject": "انقطاع الكهرباء عن المحلة منذ ثلاثة أيام",
    "details": "المحولة محترقة.",
}


def csd_command() -> list[str]:
    """The installed `csd` script beside this interpreter: a virtual environment's bin need not be on PATH."""
    folder = Path(sys.executable).parent
    for name in ("csd", "csd.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    exe = shutil.which("csd")
    assert exe, "the csd command is not installed (pip install -e .)"
    return [exe]


def csd(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    cmd = csd_command()
    env = {**os.environ, "CSD_DB": str(db)}
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "cli.sqlite"
    r = csd(
        db,
        "init",
        "--office-code",
        "NJFGO",
        "--office-name",
        "مكتب شؤون المواطنين في النجف",
        "--governorate",
        "NJF",
        "--station",
        "2",
        "--admin",
        "admin",
        stdin=PASSWORD + "\n",
    )
    assert r.returncode == 0, r.stderr
    return db


def test_case_add_prints_reference_id_and_due(office: Path, tmp_path: Path) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    r = csd(office, "--json", "case", "add", "--json", str(source))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reference"].startswith("NJFGO-02-") and out["id"] and out["due"]
    found = json.loads(csd(office, "--json", "case", "find", "07701234567").stdout)
    assert found == [
        {
            "reference": out["reference"],
            "citizen": "فاطمة علي حسين الجبوري",
            "subject": CASE["subject"],
            "status": "registered",
            "registered_at": found[0]["registered_at"],
        }
    ]
    shown = json.loads(csd(office, "--json", "case", "show", out["reference"]).stdout)
    assert shown["national_id"] == "199012345678" and shown["entity_code"] == "electricity"


def test_case_add_reads_stdin_and_refuses_bad_input_with_arabic_messages(office: Path) -> None:
    bad = {**CASE, "citizen": {**CASE["citizen"], "national_id": "12345"}}
    r = csd(office, "--json", "case", "add", "--json", "-", stdin=json.dumps(bad))
    assert r.returncode == 2 and r.stdout == ""
    err = json.loads(r.stderr)
    assert err["error"] == "invalid_form" and "national_id" in err["fields"]
    assert "12" in err["fields"]["national_id"]
    assert json.loads(csd(office, "--json", "case", "find", "07701234567").stdout) == []
    r = csd(office, "case", "add", "--json", "-", stdin="{not json")
    assert r.returncode == 2 and "JSON" in r.stderr and "Traceback" not in r.stderr


def test_ref_list_gives_codes_and_arabic_names(office: Path) -> None:
    items = json.loads(csd(office, "--json", "ref", "list", "categories").stdout)
    assert {"code": "water", "name_ar": "مياه الشرب"} in items
    govs = json.loads(csd(office, "--json", "ref", "list", "governorates").stdout)
    assert len(govs) == 19


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar-tools, poppler"
)
def test_receipt_qr_reads_back_and_verifies(office: Path, tmp_path: Path) -> None:
    r = csd(office, "--json", "case", "add", "--json", "-", stdin=json.dumps(CASE))
    reference = json.loads(r.stdout)["reference"]
    pdf = tmp_path / "receipt.pdf"
    assert csd(office, "receipt", reference, "--out", str(pdf), "--format", "80mm").returncode == 0
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    png = sorted(tmp_path.glob("page*.png"))[0]
    qr = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.strip()
    assert qr.startswith(f"CSD2|{reference}|")
    day = datetime.now(UTC).astimezone(timezone(timedelta(hours=3))).date().isoformat()
    said = [
        "--name",
        CASE["citizen"]["full_name"],
        "--date",
        day,
        "--kind",
        "شكوى",
        "--subject",
        CASE["subject"],
    ]
    ok = csd(office, "--json", "receipt", "verify", qr, *said)
    assert ok.returncode == 0 and json.loads(ok.stdout)["reference"] == reference
    assert json.loads(ok.stdout)["format"] == "signed_content"
    digit = reference[-3]
    forged = qr.replace(reference, reference[:-3] + ("1" if digit != "1" else "2") + reference[-2:])
    bad = csd(office, "receipt", "verify", forged, *said)
    assert bad.returncode == 2 and "غير صحيح" in bad.stderr
    doctored = csd(office, "receipt", "verify", qr, *said[:-1], "تعويض عن أرض")
    assert doctored.returncode == 2 and "ليس ما سُجّل" in doctored.stderr


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    r = csd(tmp_path / "empty.sqlite", "case", "add", "--json", "-", stdin=json.dumps(CASE))
    assert r.returncode == 2 and "csd init" in r.stderr


def test_demo_data_adds_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "demo.sqlite"
    r = csd(db, "--json", "demo-data", "--cases", "300", "--seed", "7")
    assert r.returncode == 0, r.stderr
    login = {"username": "admin", "password": "csd-demo-2026"}
    assert json.loads(r.stdout) == {"cases": 300, "login": login}
    monkeypatch.setenv("CSD_PASSWORD", login["password"])  # the demo office's administrator
    # Spread over 24 months: this year's first case exists, numbered 1 at the demo office's station.
    from datetime import date

    first = f"BGDGO-01-{date.today().year}-000001"
    found = json.loads(csd(db, "--json", "case", "find", first).stdout)
    assert [f["reference"][:-2] for f in found] == [first]


def test_follow_up_from_the_command_line(office: Path, tmp_path: Path) -> None:
    reference = json.loads(
        csd(office, "--json", "case", "add", "--json", "-", stdin=json.dumps(CASE)).stdout
    )["reference"]
    r = csd(
        office,
        "--json",
        "case",
        "refer",
        reference,
        "--entity",
        "electricity",
        "--letter-no",
        "ش/12",
        "--letter-date",
        "2026-01-05",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"] == "awaiting_reply"
    letter = tmp_path / "referral.pdf"
    assert csd(office, "letter", "referral", reference, "--out", str(letter)).returncode == 0
    assert letter.read_bytes().startswith(b"%PDF")
    bad = csd(office, "case", "reply", reference, "--letter-no", "9", "--letter-date", "أمس", "--text", "تم")
    assert bad.returncode == 2 and "تاريخ" in bad.stderr
    assert (
        csd(office, "case", "close", reference, "--outcome", "resolved", "--summary", "عولجت").returncode == 0
    )
    again = csd(office, "case", "close", reference, "--outcome", "resolved", "--summary", "عولجت")
    assert again.returncode == 2 and "مغلق" in again.stderr
    shown = json.loads(csd(office, "--json", "case", "show", reference).stdout)
    assert [e["type"] for e in shown["events"]] == ["registered", "referred", "closed"]
