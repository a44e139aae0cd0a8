"""Running the central server: the web app under uvicorn, with its transfers in the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import uvicorn
from sqlalchemy.engine import make_url

from .transfers import TransferStore
from .web import Hub, create_app

DATA_ENV = "CSD_CENTRAL_DATA"


def data_folder(db_url: str, explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where transfers are kept: `--data`, then CSD_CENTRAL_DATA, then beside a SQLite hub's file,
    else the service user's data folder."""
    if explicit:
        return Path(explicit)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "central-transfers"
    return Path(platformdirs.user_data_dir("csd-central", appauthor=False)) / "transfers"


def make_server(hub: Hub, folder: Path, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for the hub; `.run()` serves until stopped (Ctrl+C, or `should_exit`)."""
    config = uvicorn.Config(
        create_app(hub, TransferStore(folder)),
        host=host,
        port=port,
        lifespan="off",
        log_level="warning",
        # A station behind a slow link sends 1 MiB parts; give each its time, then free the slot.
        timeout_keep_alive=30,
        proxy_headers=True,  # behind nginx or Caddy, the log shows the station's own address
    )
    return uvicorn.Server(config)
