"""Attachments are checked by what they contain (not their name), kept under their SHA-256 within a
size limit, and no stored name or bundle part may climb out of the attachments folder."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from uuid import UUID

import pytest

from csd_desktop.config import attachments_dir
from csd_desktop.db.engine import Database
from csd_desktop.errors import NotFound, ValidationError
from csd_desktop.services import attachments, intake
from csd_desktop.services.users import Actor
from csd_desktop.sync.bundle import BundleRefused
from csd_desktop.sync.files import PREFIX, keep_files, received_files
from tests.factories import intake_form

GOOD = {
    "scan.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "form.docx": b"PK\x03\x04\x14\x00\x06\x00",
    "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
    "note.txt": "شكوى مكتوبة باليد\nسطر ثان".encode(),
}
BAD = {
    "program-as-pdf": ("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
    "png-as-jpg": ("photo.jpg", GOOD["photo.png"]),
    "script-as-docx": ("form.docx", b"#!/bin/sh\nrm -rf ~\n"),
    "binary-as-txt": ("note.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
    "empty-pdf": ("scan.pdf", b""),
}


def rows(db: Database) -> tuple[int, int]:
    con = sqlite3.connect(Path(db.path))
    try:
        return (
            con.execute("SELECT count(*) FROM attachments").fetchone()[0],
            con.execute("SELECT count(*) FROM case_events").fetchone()[0],
        )
    finally:
        con.close()


def doctored(db: Database, actor: Actor, reference: str, folder: Path, change: str) -> UUID:
    """A genuine PDF attached, then its row changed as one arriving from another station could be."""
    source = folder / "scan.pdf"
    source.write_bytes(GOOD["scan.pdf"])
    attachment_id = attachments.add_attachment(db, actor, reference, source)
    con = sqlite3.connect(Path(db.path))
    con.execute(f"UPDATE attachments SET {change}")
    con.commit()
    con.close()
    return attachment_id


@pytest.fixture
def reference(db: Database, actor: Actor) -> str:
    return intake.register_case(db, actor, intake_form()).reference


@pytest.mark.parametrize("name", GOOD)
def test_a_genuine_file_is_kept_under_its_sha256(
    db: Database, actor: Actor, reference: str, tmp_path: Path, name: str
) -> None:
    source = tmp_path / name
    source.write_bytes(GOOD[name])
    kept = attachments.attachment_path(db, attachments.add_attachment(db, actor, reference, source))
    assert kept.name == hashlib.sha256(GOOD[name]).hexdigest() and kept.read_bytes() == GOOD[name]


@pytest.mark.parametrize(("name", "content"), BAD.values(), ids=BAD.keys())
def test_content_that_does_not_match_its_name_is_refused_and_nothing_kept(
    db: Database, actor: Actor, reference: str, tmp_path: Path, name: str, content: bytes
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    before = rows(db)
    with pytest.raises(ValidationError, match="لا يطابق نوعه"):
        attachments.add_attachment(db, actor, reference, source)
    assert rows(db) == before
    assert not attachments_dir(db.path).exists() or not any(attachments_dir(db.path).iterdir())


def test_a_file_over_the_size_limit_is_refused(
    db: Database, actor: Actor, reference: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(ValidationError, match="حجم الملف"):
        attachments.add_attachment(db, actor, reference, big)


def test_a_stored_name_that_climbs_out_of_the_folder_is_not_followed(
    db: Database, actor: Actor, reference: str, tmp_path: Path
) -> None:
    attachment_id = doctored(db, actor, reference, tmp_path, "sha256 = '../secret.txt'")
    (attachments_dir(db.path).parent / "secret.txt").write_text("not an attachment")
    with pytest.raises(NotFound):
        attachments.attachment_path(db, attachment_id)


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/tmp/x", "..\\..\\x", "a" * 63 + "/"])
def test_a_bundle_part_whose_name_climbs_out_is_refused_before_anything_is_written(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "attachments"
    with pytest.raises(BundleRefused) as refused:
        keep_files(folder, received_files({PREFIX + name: b"payload", "changes": b""}))
    assert refused.value.code == "unsafe_path" and "يخرج من مجلد المرفقات" in refused.value.message
    assert not folder.exists() and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("recorded", "opened"),
    [
        ("سند.pdf", "سند.pdf"),
        ("../../.bashrc", "attachment.bin"),
        ("..\\..\\Windows\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\x\\scan.JPG", "scan.JPG"),
        ("scan.pdf.exe", "scan.pdf.exe.bin"),
        ("run.bat", "run.bat.bin"),
        ("..", "attachment.bin"),
        ("", "attachment.bin"),
        ('a<b>"c".pdf', "abc.pdf"),
    ],
)
def test_a_recorded_name_opens_inside_its_folder_and_never_as_a_program(recorded: str, opened: str) -> None:
    assert attachments.opening_name(recorded) == opened


def test_a_copy_to_open_keeps_to_its_own_folder_whatever_the_row_says(
    db: Database, actor: Actor, reference: str, tmp_path: Path
) -> None:
    attachment_id = doctored(db, actor, reference, tmp_path, "file_name = '../../../outside.pdf.exe'")
    copy = attachments.copy_for_opening(db, attachment_id)
    assert copy.name == "outside.pdf.exe.bin" and copy.parent.name.startswith("csd-attachment-")
    assert copy.read_bytes() == GOOD["scan.pdf"]
