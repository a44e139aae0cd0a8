"""Attachment files travel with their rows, desk to central to the office's other desk, each checked by
its SHA-256 on arrival."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from csd_desktop.config import attachments_dir
from csd_desktop.db.engine import Database
from csd_desktop.services import attachments, cases, users
from csd_desktop.sync.bundle import BundleRefused
from csd_desktop.sync.files import PREFIX, received_files
from tests.sync.conftest import PASSWORD, World

LETTER = b"%PDF-1.4 the entity's reply letter\n%%EOF\n"


def test_an_attachment_file_reaches_central_and_the_other_desk(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    central_files = tmp_path / "central-files"
    monkeypatch.setenv("CSD_CENTRAL_FILES", str(central_files))  # where a PostgreSQL central keeps them
    reference = w.add_case("BGDGO-1")
    source = tmp_path / "reply.pdf"
    source.write_bytes(LETTER)
    db = Database(w.stations["BGDGO-1"])
    attachment_id = attachments.add_attachment(
        db, users.authenticate(db, "admin", PASSWORD), reference, source
    )
    db.dispose()
    sha = hashlib.sha256(LETTER).hexdigest()
    desk2_files = attachments_dir(w.stations["BGDGO-2"])
    assert not (desk2_files / sha).exists()

    w.send("BGDGO-1")
    central = attachments_dir(Path(w.url.removeprefix("sqlite:///"))) if w.url.startswith("sqlite") else None
    assert ((central or central_files / "attachments") / sha).read_bytes() == LETTER
    w.send("BGDGO-2")
    w.receive("BGDGO-2")

    db = Database(w.stations["BGDGO-2"])
    try:
        detail = cases.case_detail(db, reference)
        assert [(a.id, a.file_name) for a in detail.attachments] == [(attachment_id, "reply.pdf")]
        assert attachments.attachment_path(db, attachment_id).read_bytes() == LETTER
    finally:
        db.dispose()


def test_a_file_that_does_not_match_its_sha256_is_refused() -> None:
    genuine = hashlib.sha256(LETTER).hexdigest()
    assert received_files({PREFIX + genuine: LETTER, "changes": b""}) == {genuine: LETTER}
    with pytest.raises(BundleRefused) as refused:
        received_files({PREFIX + genuine: LETTER + b"altered"})
    assert refused.value.code == "tampered" and "SHA-256" in refused.value.message
