"""`csd case add` with input that used to get through or crash: an Arabic message on stderr, exit 2,
and not one case saved; the byte-order mark Windows Notepad writes is read."""

from __future__ import annotations

import codecs
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import CASE, csd_command
from tests.fs_faults import copy_db

UNEXPECTED = "غير متوقع"


def add(db: Path, payload: bytes, *, via_file: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """`csd case add --json -` (or `--json FILE`) with these exact bytes."""
    env = {**os.environ, "CSD_DB": str(db)}
    source = "-"
    if via_file is not None:
        via_file.write_bytes(payload)
        source = str(via_file)
    return subprocess.run(
        [*csd_command(), "case", "add", "--json", source],
        input=payload if via_file is None else b"",
        capture_output=True,
        env=env,
        timeout=60,
    )


def cases_in(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Path:
    return copy_db(template_db, tmp_path / "office" / "csd.sqlite")


def with_citizen(**changes: Any) -> dict[str, Any]:
    return {**CASE, "citizen": {**CASE["citizen"], **changes}}


def encoded(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


REFUSED = {
    "nul-in-subject": (encoded({**CASE, "subject": "انقطاع\x00الكهرباء"}), "U+0000"),
    "escape-in-details": (encoded({**CASE, "details": "المحولة\x1b[31m محترقة"}), "U+001B"),
    "bell-in-name": (encoded(with_citizen(full_name="فاطمة\x07 علي حسين")), "U+0007"),
    "subject-as-object": (encoded({**CASE, "subject": {"a": 1}}), "نصاً"),
    "subject-as-list": (encoded({**CASE, "subject": ["انقطاع"]}), "نصاً"),
    "invisible-subject": (encoded({**CASE, "subject": "\u200b\u2060\u200b"}), "غير مرئية"),
    "name-of-punctuation": (encoded(with_citizen(full_name="- - -")), "بالحروف"),
    "name-of-tatweel": (encoded(with_citizen(full_name="ـــ ـــ ـــ")), "التطويل"),
    "name-of-diacritics": (encoded(with_citizen(full_name="\u064e \u064f \u0650")), "الحركات"),
    "card-of-zeros": (encoded(with_citizen(national_id="000000000000")), "000000000000"),
    "lone-surrogate": (
        json.dumps({**CASE, "subject": "انقطاع \ud800"}, ensure_ascii=True).encode("ascii"),
        "نصف محرف",
    ),
    "lone-surrogate-in-a-code": (json.dumps({**CASE, "category": "\udfff"}).encode("ascii"), "نصف محرف"),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "متداخل"),
    "5000-digit-number": (
        encoded(with_citizen(national_id=0)).replace(b'"national_id": 0', b'"national_id": ' + b"7" * 5000),
        "5,000",
    ),
    "not-utf8": (b"{}" + "اسم".encode("cp1256"), "UTF-8"),
    "nan": (encoded(CASE).replace(b'"kind": "complaint"', b'"kind": NaN'), "NaN"),
}


@pytest.mark.parametrize("payload,message", REFUSED.values(), ids=REFUSED.keys())
def test_bad_input_is_refused_in_arabic_and_saves_nothing(office: Path, payload: bytes, message: str) -> None:
    before = cases_in(office)
    r = add(office, payload)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2, err
    assert message in err and err.startswith("خطأ: ")
    assert UNEXPECTED not in err and "Traceback" not in err
    assert r.stdout == b""
    assert cases_in(office) == before


@pytest.mark.parametrize(
    "bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")], ids=["utf-8", "utf-16"]
)
def test_a_file_saved_by_windows_notepad_is_read(
    office: Path, tmp_path: Path, bom: bytes, encoding: str
) -> None:
    payload = bom + json.dumps(CASE, ensure_ascii=False, indent=2).replace("\n", "\r\n").encode(encoding)
    r = add(office, payload, via_file=tmp_path / "case.json")
    assert r.returncode == 0, r.stderr.decode("utf-8")
    assert cases_in(office) == 1
    con = sqlite3.connect(office)
    assert con.execute("SELECT subject FROM cases").fetchone()[0] == CASE["subject"]
    con.close()


def test_a_number_where_a_card_number_is_expected_is_still_read(office: Path) -> None:
    r = add(office, encoded(with_citizen(national_id=199012345678)))
    assert r.returncode == 0, r.stderr.decode("utf-8")
    assert cases_in(office) == 1


def test_json_errors_say_where_in_arabic(office: Path) -> None:
    r = add(office, b'{"citizen": {"full_name": "x",}}')
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2 and "السطر 1" in err and "JSON" in err
