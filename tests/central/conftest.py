"""The central server for real: uvicorn in a thread on a free loopback port, over a hub on SQLite
(and on PostgreSQL when CSD_TEST_POSTGRES_URL names one); and a TCP relay that cuts a connection once,
the way a slow provincial link drops in the middle of a transfer."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from csd_desktop.central.server import make_server
from csd_desktop.central.web import Hub
from tests.central.little_hub import LittleHub

POSTGRES_URL = os.environ.get("CSD_TEST_POSTGRES_URL")


def _postgres_schema_url() -> Iterator[str]:
    """A schema of its own in the test PostgreSQL, dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip(
            "no PostgreSQL to test against: set CSD_TEST_POSTGRES_URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    schema = f"csd_http_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def hub(hub_url: str) -> Iterator[LittleHub]:
    hub = LittleHub(hub_url)
    yield hub
    hub.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(hub: Hub, folder: Path) -> Iterator[str]:
    """The central server on a free loopback port, serving `hub` until the block ends; its URL."""
    port = free_port()
    uvicorn_server = make_server(hub, folder, "127.0.0.1", port)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(10)


@pytest.fixture
def server(hub: LittleHub, tmp_path: Path) -> Iterator[str]:
    with running(hub, tmp_path / "transfers") as url:
        yield url


class CuttingRelay:
    """Forwards TCP between a client and `upstream`; once, after `cut_after` bytes have gone in the
    chosen direction, closes both ends of that connection. Records what requests looked like."""

    def __init__(self, upstream: int, cut_after: int, direction: str) -> None:
        self.upstream, self.cut_after, self.direction = upstream, cut_after, direction
        self.cuts = 0
        self.seen = bytearray()  # what clients sent, to find the requests in
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
            counted = {"up": 0, "down": 0}
            for source, sink, direction in ((client, upstream, "up"), (upstream, client, "down")):
                threading.Thread(
                    target=self._pump,
                    args=(source, sink, direction, counted, (client, upstream)),
                    daemon=True,
                ).start()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        direction: str,
        counted: dict[str, int],
        both: tuple[socket.socket, socket.socket],
    ) -> None:
        try:
            while data := source.recv(16 << 10):
                with self._lock:
                    if direction == "up":
                        self.seen += data
                    counted[direction] += len(data)
                    cut = (
                        direction == self.direction and self.cuts == 0 and counted[direction] > self.cut_after
                    )
                    if cut:
                        self.cuts += 1
                if cut:
                    for s in both:
                        s.shutdown(socket.SHUT_RDWR)
                        s.close()
                    return
                sink.sendall(data)
        except OSError:
            pass
        for s in both:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self._listener.close()


Relay = Callable[[str, int, str], CuttingRelay]


@pytest.fixture
def relay() -> Iterator[Relay]:
    """`relay(server_url, cut_after, "up" or "down")`: a relay in front of that server."""
    made: list[CuttingRelay] = []

    def make(url: str, cut_after: int, direction: str) -> CuttingRelay:
        made.append(CuttingRelay(int(url.rsplit(":", 1)[1]), cut_after, direction))
        return made[-1]

    yield make
    for r in made:
        r.close()
