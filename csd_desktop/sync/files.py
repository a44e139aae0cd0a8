"""Attachment files travel with their rows: each file a bundle part named by its SHA-256, checked
against that name on arrival and kept in the receiver's attachments folder under it (as
services.attachments keeps a clerk's own). A file the sender no longer has travels as its row alone:
the case shows the attachment, and opening it says the file is missing."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..i18n import N_
from .bundle import BundleRefused

PREFIX = "attachment/"
_SHA256 = re.compile(r"[0-9a-f]{64}")
log = logging.getLogger(__name__)


def attachment_parts(folder: Path, lines: Iterable[Mapping[str, Any]]) -> dict[str, bytes]:
    """The files behind the attachment rows among `lines`, as bundle parts."""
    parts: dict[str, bytes] = {}
    for line in lines:
        if line["t"] != "attachments":
            continue
        sha = str(line["r"]["sha256"])
        path = folder / sha
        if path.is_file():
            parts[PREFIX + sha] = path.read_bytes()
        else:
            log.warning("attachment %s has no file in %s: its row travels alone", sha, folder)
    return parts


def received_files(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """The attachment parts of a bundle by SHA-256, each checked against its name."""
    files = {name.removeprefix(PREFIX): data for name, data in parts.items() if name.startswith(PREFIX)}
    for sha, data in files.items():
        if not _SHA256.fullmatch(sha):  # "../../x", "/etc/x", "C:\\x": a name that would climb out
            raise BundleRefused(
                N_("في الحزمة ملف باسم يخرج من مجلد المرفقات ({name}): رُفضت الحزمة ولم يُكتب شيء."),
                name=sha[:80],
                code="unsafe_path",
            )
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleRefused(
                N_("ملف مرفق في الحزمة لا يطابق بصمته (SHA-256): الحزمة تالفة. اطلب من المرسل حزمة جديدة."),
                code="tampered",
            )
    return files


def keep_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file into the folder under its SHA-256, whole or not at all (written aside, synced, then
    renamed), before the rows that point at it are committed."""
    if not files:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for sha, data in files.items():
        target = folder / sha
        if target.exists():
            continue
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, target)
