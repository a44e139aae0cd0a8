"""`sync now` over the network: push this station's bundle to the central server in parts, then pull
its answer, resuming either after a dropped connection (DESIGN.md §5).

Plain Python (httpx, no Qt): the CLI calls it, and the window runs the same function off the UI thread
with a progress callback. A bundle being pushed is kept in the station's sync folder until the server
has applied it, so a transfer cut by a power cut or a closed window resumes where it stopped, even in
a later run; an answer being fetched is kept there as it arrives and resumes with an HTTP range.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import httpx

from ..errors import CsdError
from ..i18n import N_
from ..services.files import write_checked  # whole or absent: temporary name, fsync, rename
from .auth import Credentials, sign_request
from .bundle import BundleRefused, read_manifest

log = logging.getLogger(__name__)

PART_SIZE = 1 << 20
ATTEMPTS = 5  # failures in a row, without progress, before giving up
BACKOFF = 1.0  # seconds before the first retry; doubled each time

PUSHING = N_("إرسال الحزمة")
PULLING = N_("استلام الرد")
APPLYING = N_("تطبيق الرد")

now = time.time  # the desk's clock, as requests are signed with it

Progress = Callable[[int, int, str], None]  # (done bytes, total bytes, step marked with N_)


class SyncFailed(CsdError, code="sync_failed"):
    """The server could not be reached or would not take the transfer; nothing is lost locally."""


class _Transient(Exception):
    """Worth another try: the link dropped, timed out, or a proxy said the server is away."""


@dataclass(frozen=True)
class SyncOutcome:
    pushed_bytes: int
    pulled_bytes: int
    accepted: dict[str, Any]  # the server's result for the bundle pushed
    applied: Any  # what importing the answer returned


def _no_progress(done: int, total: int, step: str) -> None:
    return None


class _Client:
    """Signed requests to one server, each turned into JSON or a clear refusal."""

    def __init__(self, server: str, credentials: Credentials, timeout: float) -> None:
        self.server = server.rstrip("/")
        self.credentials = credentials
        self.http = httpx.Client(base_url=self.server, timeout=timeout)
        self.skew = 0  # seconds to add to this desk's clock to reach the server's

    def sign(self, method: str, path: str, body: bytes = b"") -> dict[str, str]:
        return sign_request(self.credentials, method, path, body, int(now()) + self.skew)

    def request(self, method: str, path: str, body: bytes = b"", **headers: str) -> httpx.Response:
        try:
            response = self.http.request(
                method, path, content=body, headers={**self.sign(method, path, body), **headers}
            )
            if self._clock_corrected(response):
                response = self.http.request(
                    method, path, content=body, headers={**self.sign(method, path, body), **headers}
                )
        except httpx.TransportError as e:
            raise _Transient(str(e)) from e
        if response.status_code in (502, 503, 504):
            raise _Transient(f"HTTP {response.status_code}")
        if response.status_code in (200, 206, 409):
            return response
        self._refuse(response)

    def _clock_corrected(self, response: httpx.Response) -> bool:
        """A desk whose clock is off (a flat CMOS battery is common) signs with the server's time
        instead, once: the request is still signed and fresh, and the clerk need not fix the clock."""
        if response.status_code != 401 or self.skew:
            return False
        try:
            body = response.json()
            if body.get("error") != "stale":
                return False
            self.skew = int(body["server_time"]) - int(now())
        except (ValueError, KeyError, TypeError):
            return False
        log.warning(
            "this station's clock is %d s off the server's; signing with the server's time", self.skew
        )
        return True

    def _refuse(self, response: httpx.Response) -> NoReturn:
        try:
            body = response.json()
            message, code = str(body["message"]), str(body.get("error", "refused"))
        except (ValueError, KeyError, TypeError):
            raise SyncFailed(
                N_("ردّ الخادم {server} برمز {status} غير متوقع."),
                code="unexpected",
                server=self.server,
                status=response.status_code,
            ) from None
        # The server's own words, already in its language: shown as they came.
        if response.status_code == 422:
            raise BundleRefused(message, code=code)
        raise SyncFailed(message, code=code)

    def close(self) -> None:
        self.http.close()


def _after_failure(client: _Client, failures: int, attempts: int, backoff: float, error: Exception) -> None:
    """Wait before the next try, longer each time; after `attempts` failures in a row, give up with a
    message that names the server and what to do."""
    log.info("transfer with %s interrupted (%s), failure %d", client.server, error, failures)
    if failures >= attempts:
        raise SyncFailed(
            N_(
                "تعذّر الاتصال بخادم المزامنة {server} بعد {attempts} محاولات. تأكد من اتصال الشبكة وأن "
                "الخادم يعمل، ثم أعد «المزامنة الآن»: يُستأنف النقل من حيث توقف ولا يضيع شيء. ويمكن نقل "
                "الحزمة بذاكرة USB بدلاً من الشبكة."
            ),
            code="server_unreachable",
            server=client.server,
            attempts=attempts,
        ) from error
    time.sleep(backoff * 2 ** (failures - 1))


def push(
    client: _Client, bundle: Path, progress: Progress, part_size: int, attempts: int, backoff: float
) -> dict[str, Any]:
    """Send `bundle` to the server in parts, resuming from what it holds; the server's result. Read a
    part at a time: a year's bundle with its scans need not sit in an old PC's memory."""
    sha256, size = bundle.stem, bundle.stat().st_size
    failures = 0
    while True:
        try:
            state = client.request("POST", f"/v1/uploads/{sha256}?size={size}").json()
            offset = state["offset"]
            progress(offset, size, PUSHING)
            while state["result"] is None and offset < size:
                with open(bundle, "rb") as f:
                    f.seek(offset)
                    part = f.read(part_size)
                answer = client.request("PUT", f"/v1/uploads/{sha256}?offset={offset}", part)
                offset = answer.json()["offset"]  # on 409 the server says where it stands
                failures = 0
                progress(offset, size, PUSHING)
            if state["result"] is not None:
                return dict(state["result"])
            return dict(client.request("POST", f"/v1/uploads/{sha256}/complete").json())
        except _Transient as e:
            failures += 1
            _after_failure(client, failures, attempts, backoff, e)


def pull(
    client: _Client, folder: Path, progress: Progress, attempts: int, backoff: float
) -> tuple[bytes, int]:
    """This station's answer, fetched in ranges into `folder` until whole and checked; its bytes and
    how many came over the network this time."""
    failures, fetched = 0, 0
    answer: dict[str, Any] | None = None
    while True:
        try:
            if answer is None:
                answer = client.request("POST", "/v1/answers").json()
            assert answer is not None
            target = folder / f"{answer['sha256']}.answer.part"
            held = target.stat().st_size if target.exists() else 0
            if held < answer["size"]:
                headers = {"Range": f"bytes={held}-"} if held else {}
                with open(target, "ab") as f:
                    for chunk in _stream(client, f"/v1/answers/{answer['sha256']}", headers):
                        f.write(chunk)
                        held += len(chunk)
                        fetched += len(chunk)
                        failures = 0
                        progress(held, answer["size"], PULLING)
            data = target.read_bytes()
            target.unlink()
            if hashlib.sha256(data).hexdigest() != answer["sha256"]:
                answer = None  # a damaged copy: ask again from the start
                raise _Transient("answer digest differs")
            return data, fetched
        except _Transient as e:
            failures += 1
            _after_failure(client, failures, attempts, backoff, e)


def _stream(client: _Client, path: str, headers: dict[str, str]) -> Iterator[bytes]:
    try:
        with client.http.stream("GET", path, headers={**client.sign("GET", path), **headers}) as response:
            if response.status_code not in (200, 206):
                response.read()
                if response.status_code in (502, 503, 504):
                    raise _Transient(f"HTTP {response.status_code}")
                client._refuse(response)
            yield from response.iter_bytes(64 << 10)
    except httpx.TransportError as e:
        raise _Transient(str(e)) from e


def pending_bundle(folder: Path) -> Path | None:
    """A bundle whose push was cut off and must be finished before anything else."""
    found = sorted(folder.glob("*.csdsync"), key=lambda p: p.stat().st_mtime)
    return found[0] if found else None


def sync_now(
    server: str,
    credentials: Credentials,
    *,
    export: Callable[[], bytes],
    import_answer: Callable[[bytes], Any],
    folder: Path,
    progress: Progress | None = None,
    part_size: int = PART_SIZE,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF,
    timeout: float = 30.0,
) -> SyncOutcome:
    """Push, then pull and apply the answer. A push cut off earlier is finished first; if changes
    were made since that bundle, a second round sends them once its answer has moved the mark."""
    report = progress or _no_progress
    folder.mkdir(parents=True, exist_ok=True)
    client = _Client(server, credentials, timeout)
    pushed = pulled = 0
    try:
        while True:
            bundle = pending_bundle(folder)
            resumed = bundle is not None
            if bundle is None:
                data = export()
                bundle = folder / f"{hashlib.sha256(data).hexdigest()}.csdsync"
                write_checked(bundle, data)
            pushed += bundle.stat().st_size
            accepted = push(client, bundle, report, part_size, attempts, backoff)
            bundle.unlink()
            answer, fetched = pull(client, folder, report, attempts, backoff)
            pulled += fetched
            report(0, len(answer), APPLYING)
            applied = import_answer(answer)
            report(len(answer), len(answer), APPLYING)
            if not resumed or not _carries_changes(export, folder):
                return SyncOutcome(pushed, pulled, accepted, applied)
    finally:
        client.close()


def _carries_changes(export: Callable[[], bytes], folder: Path) -> bool:
    """After a resumed push: export what is still waiting, and keep it as the next bundle to push
    when it carries changes."""
    data = export()
    manifest = read_manifest(data)[0]
    if manifest.last_seq < manifest.first_seq or manifest.last_seq == 0:
        return False
    write_checked(folder / f"{hashlib.sha256(data).hexdigest()}.csdsync", data)
    return True
