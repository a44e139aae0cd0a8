"""Files attached to a case: copied into the attachments folder under their SHA-256, then recorded."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
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
# What each allowed kind of file starts with: the type is read from the content, not the name (a
# program renamed "scan.pdf" is refused). Office files are ZIP (docx, xlsx) or OLE (doc, xls) containers.
_PDF, _JPEG, _PNG = (b"%PDF-",), (b"\xff\xd8\xff",), (b"\x89PNG\r\n\x1a\n",)
_TIFF, _ZIP, _OLE = (b"II*\x00", b"MM\x00*"), (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _PNG,
    ".tif": _TIFF,
    ".tiff": _TIFF,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".txt": (),  # plain text: checked as UTF-8 without control bytes instead
}
ALLOWED_SUFFIXES = set(SIGNATURES)
_SHA256 = re.compile(r"[0-9a-f]{64}")
WRONG_CONTENT = N_(
    "محتوى الملف لا يطابق نوعه ({suffix}): قد يكون برنامجاً أو ملفاً تالفاً أُعيدت تسميته. أرفق الملف الأصلي."
)


def _content_matches(source: Path, suffix: str) -> bool:
    with source.open("rb") as f:
        head = f.read(4096)
    if suffix != ".txt":
        return head.startswith(SIGNATURES[suffix])
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as e:  # a character cut at 4096 bytes is still text
        if e.start < len(head) - 4:
            return False
        text = head[: e.start].decode("utf-8")
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


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
    if not _content_matches(source, source.suffix.lower()):
        raise ValidationError(WRONG_CONTENT, suffix=source.suffix.lower(), field="attachment")
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
    # The name comes from the database (perhaps from another station's bundle): only a SHA-256 is a
    # name in the folder, never "../" or a full path that climbs out of it.
    if sha is None or not _SHA256.fullmatch(sha) or not (attachments_dir(db.path) / sha).exists():
        raise NotFound(N_("المرفق غير موجود في مجلد المرفقات."))
    return attachments_dir(db.path) / sha


def opening_name(file_name: str) -> str:
    """The name a copy is opened under: the last part of what was recorded (a row from another
    station's bundle may say "../../x" or "C:\\x"), and only an allowed type's suffix, so the system is
    never handed a name that climbs out of the folder or runs a program ("scan.pdf.exe")."""
    base = re.split(r"[\\/]", file_name)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    if not base or base.startswith("."):
        base = "attachment"
    if Path(base).suffix.lower() not in ALLOWED_SUFFIXES:
        base += ".bin"  # the system asks which program, instead of running it
    return base[:120]


def copy_for_opening(db: Database, attachment_id: UUID) -> Path:
    """A copy in a new private temporary folder under its own name, for the system's viewer (the store
    keeps files under their hash, which no program recognises)."""
    stored = attachment_path(db, attachment_id)
    with db.read() as s:
        name = s.scalar(select(Attachment.file_name).where(Attachment.id == attachment_id)) or ""
    target = Path(tempfile.mkdtemp(prefix="csd-attachment-")) / opening_name(name)
    shutil.copyfile(stored, target)
    return target
