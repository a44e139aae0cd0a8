"""The central server's side of a transfer over a slow link: bundles arriving in parts, resumed from
what is already held, applied once; and answers kept whole so a station can fetch them in ranges.

Plain files under one folder (no web framework here): `uploads/` holds the growing parts and each
upload's stored result, `received/` every complete bundle (the folder `csd-central import` reads too),
`answers/` the answers being fetched. A file is written under a temporary name and renamed, so a power
cut leaves either the old state or the new, never half a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CsdError
from ..i18n import N_
from ..services.files import write_checked  # whole or absent: temporary name, fsync, rename
from ..sync.bundle import Party, read_manifest

MAX_BUNDLE = 4 << 30  # 4 GiB: far above a year of an office's cases with their attachments
MAX_PART = 16 << 20
ANSWERS_KEPT = 24 * 3600  # seconds an answer stays for a station to finish fetching it
UPLOADS_KEPT = 30 * 24 * 3600  # an upload abandoned (the station exported anew) or long answered

_SHA256 = re.compile(r"[0-9a-f]{64}")


class TransferRefused(CsdError, code="transfer_refused"):
    """A transfer request that cannot be honoured as asked; nothing was stored."""


class OffsetMismatch(CsdError, code="offset_mismatch"):
    """A part sent for another place than the end of what is held: the station resumes from `held`."""

    def __init__(self, held: int) -> None:
        super().__init__(N_("الخادم يحمل {held} بايت من هذه الحزمة: أكمل من هناك."), held=held)
        self.held = held


@dataclass(frozen=True)
class UploadState:
    offset: int  # bytes held
    size: int
    result: Mapping[str, Any] | None  # set once the bundle was accepted


@dataclass(frozen=True)
class Answer:
    sha256: str
    size: int
    path: Path


def _check_sha(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise TransferRefused(
            N_("بصمة الحزمة (SHA-256) غير صحيحة: 64 حرفاً ست عشرياً صغيراً."), code="bad_sha256"
        )
    return sha256


class TransferStore:
    """Uploads and answers of every station, under `folder` (the central's data folder by default)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.uploads = folder / "uploads"
        self.received = folder / "received"
        self.answers = folder / "answers"
        for path in (self.uploads, self.received, self.answers):
            path.mkdir(parents=True, exist_ok=True)
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    @contextmanager
    def _locked(self, key: str) -> Iterator[None]:
        """One request at a time per upload: two completions racing must not apply a bundle twice."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            yield

    @staticmethod
    def _key(station: Party, sha256: str) -> str:
        return f"{station.office}-{station.station:02d}-{_check_sha(sha256)}"

    def _paths(self, key: str) -> tuple[Path, Path, Path]:
        return self.uploads / f"{key}.part", self.uploads / f"{key}.json", self.uploads / f"{key}.result.json"

    def _state(self, key: str) -> UploadState | None:
        part, meta, result = self._paths(key)
        if result.exists():
            size = json.loads(meta.read_text())["size"]
            return UploadState(size, size, json.loads(result.read_text()))
        if not meta.exists():
            return None
        size = json.loads(meta.read_text())["size"]
        return UploadState(part.stat().st_size if part.exists() else 0, size, None)

    # ---- uploads ----

    def begin(self, station: Party, sha256: str, size: int) -> UploadState:
        """Start an upload, or say how much of it is held (and its result, once applied)."""
        if not 0 < size <= MAX_BUNDLE:
            raise TransferRefused(N_("حجم الحزمة غير مقبول."), code="bad_size")
        key = self._key(station, sha256)
        self._forget(self.uploads, UPLOADS_KEPT)
        with self._locked(key):
            state = self._state(key)
            if state is not None:
                if state.size != size:
                    raise TransferRefused(
                        N_("حجم الحزمة لا يطابق ما بدأ رفعه بالبصمة نفسها."), code="size_differs"
                    )
                return state
            write_checked(self._paths(key)[1], json.dumps({"size": size, "started": time.time()}).encode())
            return UploadState(0, size, None)

    def write(self, station: Party, sha256: str, offset: int, data: bytes) -> int:
        """Add `data` at `offset`, which must be the end of what is held; the new end. A part sent
        twice (its answer lost on the way back) finds the offset moved and is told where to resume."""
        key = self._key(station, sha256)
        if len(data) > MAX_PART:
            raise TransferRefused(N_("الجزء أكبر من المسموح."), code="part_too_large")
        with self._locked(key):
            state = self._state(key)
            if state is None:
                raise TransferRefused(N_("لم يبدأ رفع هذه الحزمة."), code="no_upload")
            if offset != state.offset or state.result is not None:
                raise OffsetMismatch(state.offset)
            if offset + len(data) > state.size:
                raise TransferRefused(N_("الأجزاء تتجاوز حجم الحزمة المعلن."), code="past_end")
            with open(self._paths(key)[0], "ab") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            return offset + len(data)

    def complete(
        self, station: Party, sha256: str, accept: Callable[[bytes], Mapping[str, Any]]
    ) -> Mapping[str, Any]:
        """Check the whole bundle against its SHA-256 and hand it to the hub once; the stored result
        answers every later completion of the same upload. A refusal is raised and stores nothing."""
        key = self._key(station, sha256)
        part, _meta, result_path = self._paths(key)
        with self._locked(key):
            state = self._state(key)
            if state is None:
                raise TransferRefused(N_("لم يبدأ رفع هذه الحزمة."), code="no_upload")
            if state.result is not None:
                return state.result
            if state.offset != state.size:
                raise OffsetMismatch(state.offset)
            data = part.read_bytes()
            if hashlib.sha256(data).hexdigest() != sha256:
                part.unlink()  # a corrupted part; the station starts this bundle again
                raise TransferRefused(
                    N_("وصلت الحزمة تالفة (البصمة لا تطابق): أعد إرسالها من جديد."), code="sha256_differs"
                )
            sender = read_manifest(data)[0].sender
            if sender != station:
                raise TransferRefused(
                    N_("هذه الحزمة مرسلة من {sender}، لا من المحطة التي رفعتها ({station})."),
                    sender=sender,
                    station=station,
                    code="not_the_sender",
                )
            result = dict(accept(data))
            write_checked(result_path, json.dumps(result, ensure_ascii=False).encode())
            os.replace(part, self.received / f"{key}.csdsync")  # kept: the folder import reads it too
            return result

    # ---- answers ----

    def keep_answer(self, station: Party, data: bytes) -> Answer:
        """Keep a station's answer whole until it has fetched it, in as many ranges as it needs."""
        self._forget(self.answers, ANSWERS_KEPT)
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.answers / f"{self._key(station, sha256)}.csdsync"
        write_checked(path, data)
        return Answer(sha256, len(data), path)

    def answer(self, station: Party, sha256: str) -> Answer:
        path = self.answers / f"{self._key(station, sha256)}.csdsync"
        if not path.exists():
            raise TransferRefused(N_("هذا الرد لم يعد محفوظاً على الخادم: اطلب رداً جديداً."), code="no_answer")
        return Answer(sha256, path.stat().st_size, path)

    @staticmethod
    def _forget(folder: Path, seconds: int) -> None:
        """Files untouched for `seconds`: nobody is coming back for them."""
        limit = time.time() - seconds
        for path in folder.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:  # another request forgot it first
                pass
