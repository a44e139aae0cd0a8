"""Files attached to a case: copied into the attachments folder under their SHA-256, then recorded."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path
from uuid import UUID

from sqlalchemy import select

from ..config import attachments_dir
from ..db.engine import Database
from ..db.models import Attachment
from ..db.private import private_folder
from ..domain.enums import EventType
from ..errors import NotFound, ValidationError
from ..i18n import N_
from . import clock
from .timeline import append, load_case
from .users import Actor, Permission, require

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = {
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".txt",
}


def _store(db: Database, source: Path) -> tuple[str, int]:
    """Copy into the store first (fsynced), so a saved row never points at a missing file."""
    folder = private_folder(attachments_dir(db.path))  # owner-only, like the database (its files are 0600)
    digest = hashlib.sha256()
    with source.open("rb") as src, tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
        for chunk in iter(lambda: src.read(1 << 16), b""):
            digest.update(chunk)
            tmp.write(chunk)
        tmp.flush()
        os.fsync(tmp.fileno())
    target = folder / digest.hexdigest()
    if target.exists():
        os.unlink(tmp.name)
    else:
        shutil.move(tmp.name, target)
    return digest.hexdigest(), target.stat().st_size


def add_attachment(db: Database, actor: Actor, reference: str, source: Path) -> UUID:
    require(actor, Permission.REGISTER_CASE)
    if not source.is_file():
        raise ValidationError(N_("الملف غير موجود."), field="attachment")
    if source.suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError(N_("نوع الملف غير مسموح: أرفق صورة أو PDF أو مستند."), field="attachment")
    if source.stat().st_size > MAX_BYTES:
        raise ValidationError(N_("حجم الملف أكبر من 20 ميغابايت."), field="attachment")
    sha, size = _store(db, source)
    media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    with db.write() as s:
        case = load_case(s, reference)
        row = Attachment(
            case_id=case.id,
            file_name=source.name[:255],
            media_type=media,
            size=size,
            sha256=sha,
            added_at=clock.now(),
            added_by=actor.id,
        )
        s.add(row)
        s.flush()
        event = append(
            s,
            case,
            actor,
            EventType.ATTACHMENT_ADDED,
            {"attachment_id": str(row.id), "file_name": row.file_name},
        )
        row.event_id = event.id
        return row.id


def attachment_path(db: Database, attachment_id: UUID) -> Path:
    with db.read() as s:
        sha = s.scalar(select(Attachment.sha256).where(Attachment.id == attachment_id))
    if sha is None or not (attachments_dir(db.path) / sha).exists():
        raise NotFound(N_("المرفق غير موجود في مجلد المرفقات."))
    return attachments_dir(db.path) / sha
