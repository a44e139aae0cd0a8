"""What a desk does to sync, the same from the command line and the Sync screen: write its bundle to a
file (a removable drive), read the central office's answer from one, or sync now with the server (its
credentials and bundles from sync.station, carried by sync.transfer)."""

from __future__ import annotations

import json
from pathlib import Path

from ..db.engine import Database
from ..db.models import LocalSetting
from ..errors import CsdError, SetupRequired, ValidationError
from ..i18n import N_
from ..services import files
from . import station
from .auth import Credentials
from .bundle import Party
from .identity import canonical, private_key
from .transfer import ATTEMPTS, BACKOFF, PART_SIZE, Progress, SyncOutcome, sync_now

SERVER = "sync_server"  # the last server synced with, offered next time


def write_bundle(db: Database, path: Path) -> station.Exported:
    """Everything not yet acknowledged, written whole to `path` (a stick, a shared folder)."""
    exported = station.export_bundle(db)
    files.write_checked(path, exported.data)
    return exported


def read_answer(db: Database, path: Path) -> station.Imported:
    """Apply the central office's answer from `path`; refused with its reason, changing nothing."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CsdError(
            N_("تعذّر قراءة الملف {path}: تأكد أن الذاكرة موصولة وأن الملف موجود، ثم أعد المحاولة."),
            code="file_read_failed",
            path=path,
        ) from e
    return station.import_answer(db, data)


def transfer_folder(db: Database) -> Path:
    """Beside the database: a bundle whose push was cut off, an answer arriving."""
    return db.path.parent / "sync-transfers"


def credentials(db: Database) -> Credentials:
    """What this station signs its requests with: its key and the certificate from its enrolment."""
    with db.read() as s:
        key, certificate = s.get(LocalSetting, station.KEY), s.get(LocalSetting, station.CERTIFICATE)
        if key is None or certificate is None:
            raise SetupRequired(
                N_("هذه المحطة غير مسجّلة لدى المكتب المركزي: أعدّها بملف تسجيل المكتب (csd init --enrol).")
            )
        cert = json.loads(certificate.value)
        body = cert["body"]
        return Credentials(
            Party(body["office"], int(body["station"])), private_key(key.value), canonical(cert)
        )


def saved_server(db: Database) -> str:
    with db.read() as s:
        row = s.get(LocalSetting, SERVER)
        return row.value if row else ""


def checked_server(server: str) -> str:
    text = server.strip().rstrip("/")
    if not text.startswith(("https://", "http://")) or len(text) < 10:
        raise ValidationError(
            N_("اكتب عنوان خادم المزامنة كاملاً، مثل https://sync.csd.example.iq"), field="server"
        )
    return text


def sync_with_server(
    db: Database,
    server: str,
    progress: Progress | None = None,
    *,
    part_size: int = PART_SIZE,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF,
) -> SyncOutcome:
    """Push this station's bundle, then pull and apply its answer; the server is remembered once it
    has answered."""
    url = checked_server(server)
    outcome = sync_now(
        url,
        credentials(db),
        export=lambda: station.export_bundle(db).data,
        import_answer=lambda data: station.import_answer(db, data),
        folder=transfer_folder(db),
        progress=progress,
        part_size=part_size,
        attempts=attempts,
        backoff=backoff,
    )
    with db.write() as s:
        s.merge(LocalSetting(key=SERVER, value=url))
    return outcome
