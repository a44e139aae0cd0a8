"""Citizens' data is readable by its owner only: the data folder, the database and its helper files,
attachments and backups are created 0700/0600 whatever the umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from csd_desktop.db.engine import Database, open_database
from csd_desktop.services import attachments, intake
from csd_desktop.services.users import Actor
from tests.factories import intake_form


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual umask would leave new files readable by every local account
    yield
    os.umask(previous)


def test_a_new_data_folder_and_database_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "csd-desktop" / "csd.sqlite"
    db = open_database(path)
    try:
        with db.read() as s:
            s.execute(text("SELECT 1"))
            files = list(path.parent.iterdir())
            assert {p.name for p in files} >= {"csd.sqlite", "csd.sqlite-wal", "csd.sqlite-shm"}
            assert {p.name: p.stat().st_mode & 0o777 for p in files} == {p.name: 0o600 for p in files}
    finally:
        db.dispose()
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_attachments_are_stored_readable_by_their_owner_only(
    db: Database, actor: Actor, tmp_path: Path
) -> None:
    saved = intake.register_case(db, actor, intake_form())
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 a citizen's papers")
    stored = attachments.attachment_path(db, attachments.add_attachment(db, actor, saved.reference, scan))
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700


def test_the_default_data_folder_made_0755_by_an_older_version_is_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csd_desktop import config

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = config.data_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    open_database(config.default_db_path()).dispose()
    assert folder.stat().st_mode & 0o777 == 0o700
