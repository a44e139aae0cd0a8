"""Files people ask for (reports, receipts, letters): written whole and checked, or an Arabic reason."""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileWriteFailed
from ..i18n import N_, _


def file_error(exc: OSError, path: Path | None = None) -> FileWriteFailed:
    """What an OSError on a file someone asked for means, and what to do about it."""
    target = path
    if target is None and exc.filename is not None:
        target = Path(os.fsdecode(exc.filename))
    where = f" {target}" if target else ""
    folder = target.parent if target else ""
    number = exc.errno
    if number in (errno.ENOSPC, errno.EDQUOT):
        text = _(
            "القرص ممتلئ، فلم يُكتب الملف{where}. أفرغ مساحة على القرص أو اختر قرصاً آخر، ثم أعد المحاولة."
        ).format(where=where)
    elif number == errno.EROFS:
        text = _(
            "المجلد {folder} للقراءة فقط، فلم يُكتب الملف{where}. اختر مجلداً آخر (مثل المستندات)، أو "
            "اطلب من مسؤول النظام صلاحية الكتابة."
        ).format(folder=folder, where=where)
    elif number in (errno.EACCES, errno.EPERM):
        text = _(
            "لا صلاحية للكتابة في{where}. إن كان الملف مفتوحاً في برنامج آخر فأغلقه؛ وإلا فاختر "
            "مجلداً آخر أو اطلب الصلاحية من مسؤول النظام."
        ).format(where=where)
    elif number == errno.ENOENT:
        text = _("المجلد {folder} غير موجود، فلم يُكتب الملف{where}. اختر مجلداً موجوداً.").format(
            folder=folder, where=where
        )
    elif number == errno.EISDIR:
        text = _("{target} مجلد لا ملف: اكتب اسم الملف كاملاً (مثل report.pdf).").format(target=target)
    elif number == errno.ENOTDIR:
        text = _("جزء من المسار{where} ليس مجلداً: تحقق من المسار.").format(where=where)
    else:
        name = errno.errorcode.get(number or 0, str(number))
        text = _("تعذّر كتابة الملف{where} (خطأ نظام {name}). تحقق من القرص والمسار ثم أعد المحاولة.").format(
            where=where, name=name
        )
    return FileWriteFailed(text, code="file_write_failed")


@dataclass(frozen=True)
class Staged:
    """A file written under a temporary name beside its place, read back and found whole."""

    path: Path
    temp: Path

    def commit(self) -> None:
        """Put it in its place (a rename in the same folder: the old file or the new one, never half)."""
        try:
            os.replace(self.temp, self.path)
        except OSError as e:
            self.discard()
            raise file_error(e, self.path) from e

    def discard(self) -> None:
        try:
            self.temp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder went read-only meanwhile: a hidden leftover, not worth a second error


def _writable_in_place(path: Path) -> None:
    """Before any work is kept: a folder given as the file, or a file that cannot be replaced."""
    if path.is_dir():
        raise file_error(OSError(errno.EISDIR, "is a directory", str(path)), path)
    if path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))  # changes nothing; fails if locked down
        except OSError as e:
            raise file_error(e, path) from e


def stage(path: Path, data: bytes) -> Staged:
    """Write `data` beside `path`, flush it to the disk and read it back; `commit()` puts it in place.
    Whatever stops the file (a missing or read-only folder, a full disk) is raised before anything
    that depends on the file is done."""
    _writable_in_place(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(temp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        written = temp.read_bytes()
    except OSError as e:
        Staged(path, temp).discard()
        raise file_error(e, path) from e
    if hashlib.sha256(written).digest() != hashlib.sha256(data).digest():
        Staged(path, temp).discard()
        raise FileWriteFailed(
            N_("الملف {path} لم يُقرأ من القرص كما كُتب. تحقق من القرص أو اختر قرصاً آخر، ثم أعد المحاولة."),
            path=path,
        )
    return Staged(path, temp)


def write_checked(path: Path, data: bytes) -> None:
    """Write a file whole and checked, or raise FileWriteFailed with the reason in Arabic."""
    stage(path, data).commit()
