"""`csd-central --db URL serve --host 127.0.0.1 --port P`, the one documented command, as a process."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from csd_desktop.central import hub
from csd_desktop.central.store import Store
from tests.central.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_the_serve_command_answers_until_interrupted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite'}"
    store = Store(url)
    hub.init_central(store, "المكتب المركزي")
    store.dispose()
    port = free_port()
    command = "from csd_desktop.central.cli import main; main()"
    args = ["--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-c", command, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health")
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        refused = httpx.post(f"http://127.0.0.1:{port}/v1/answers")
        assert refused.status_code == 401
        assert "مسجّلة" in refused.json()["message"]
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err.decode()
    assert f"http://127.0.0.1:{port}" in err.decode()
    assert (tmp_path / "central-transfers" / "uploads").is_dir()  # beside the SQLite hub
